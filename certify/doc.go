// Package certify owns the rigorous numerics the claims rest on: bounds
// proved by interval arithmetic (package interval, outward rounding) and by
// theorems, never sampled. It holds
//
//   - enclosures of the sigmoid's derivatives over intervals and of the
//     Gaussian moments E sigma^(k)(m + s g) by a trapezoid rule whose error
//     is bounded by a theorem (rigorous.go);
//   - enclosures of one row's gradient and Hessian of the expected and
//     population objectives of package sim (enclose.go), and proved bounds
//     M of the third derivative over a ball: the Lipschitz constant of the
//     Hessian (bounds.go);
//   - the certificates that a gradient map has exactly one zero in a ball:
//     the quantitative inverse function theorem (IFTCertificate) and
//     Newton-Kantorovich (KantorovichCertificate), with their radius
//     searches and rigorous bounds of inverse norms and eigenvalues;
//   - the transfer of the simplified objective's maximum to a true
//     objective (Transfer: Newton zero, four certificates, distance);
//   - the smoothness bound of the expected objective along a trajectory
//     (SmoothnessAlong) and the proved tail of the ascent (Transfer.Tail).
//
// Every slack constant of the bounds is named where it is defined, with the
// reason it covers the rounding it is there for.
//
// certify may import sim (the models whose formulas it encloses) and
// interval; it states no claim (that is package theory's) and computes no
// float64 model of its own (that is package sim's): its float64 centres
// are sim's values.
package certify
