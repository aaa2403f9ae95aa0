// Package theory states the paper's claims C1-C6 (THEORY.md section 8) as
// executable statements on top of package sim: each claim is a function of
// a parameter point that returns a verdict with its evidence, never a bare
// boolean. It owns the claims' hypotheses, the initialisation regions as
// predicates, and the certificates (the quantitative inverse function
// theorem for C3).
//
// theory may import sim; it must not import properties, fuzz or cmd, and it
// must not re-implement a model, an objective or a gradient: those belong
// to sim.
package theory
