// Package phase owns parameter sweeps: a grid over two parameters of the
// model (tau, alpha, beta, gamma, decay = all three decays, rho, d, eta, or
// the initial point's a0 and b0; an axis sets what the flag of its name
// sets, and a document records it), each point classified per claim as
// holds, fails (with its mechanism), outside the hypotheses or undecided;
// the boundaries where a claim changes verdict, located by bisection along
// grid lines; the maps (CSV, JSON, a heat map per claim, one fixed colour
// per class); sharding, so that a large sweep runs as independent pieces
// whose outputs Merge joins into exactly the output of the unsharded
// sweep; and journals (Journal), the append-only record of a sweep's
// completed points from which an interrupted sweep resumes (RunWith) to
// exactly the output of an uninterrupted one.
//
// phase drives theory (the verdicts), regions (the proofs of prove mode)
// and sim; it states no claim and computes no model of its own.
package phase
