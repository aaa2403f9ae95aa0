// Package theory states the paper's claims C1-C6 (THEORY.md section 8) as
// executable statements on top of package sim: each claim is a function of
// a parameter point that returns a verdict with its evidence, never a bare
// boolean. It owns the list of the claims (Claims, SimplifiedClaims: ID,
// title, check), the claims' hypotheses, the initialisation regions as
// predicates, and the verdicts with their mechanisms (Mechanism: why a
// verdict does not hold, set where the claim decides); the certificates the
// claims cite (the quantitative inverse function theorem for C3, the
// smoothness bound of C1) are package certify's.
//
// theory may import sim and certify; it must not import properties, fuzz or
// cmd, and it must not re-implement a model, an objective or a gradient
// (sim's) or a rigorous bound (certify's).
package theory
