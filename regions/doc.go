// Package regions proves statements about the gradient-ascent map of the
// population objective on whole boxes of starting points: that from EVERY
// W0 of a box the ascent keeps the sign pattern (claim C1) and converges
// to one strict local maximum W* (claim C2). It owns the branch-and-prune
// searches, Krawczyk's test, the trapping-box search and the proof's
// assembly; the enclosures it proves with are package certify's
// (certify.BoxPopulation), the models package sim's. It states no claim of
// package theory and computes no float64 model itself: sim's float64
// gradient only guides the search (Guide), and nothing is concluded from
// it.
//
// # The reduction to three numbers
//
// With isotropic noise the population objective of one row (THEORY
// section 4, sim.PopulationObjective, scaled to n points) depends on
// w in R^d only through a = w.e1, b = w.e2 and q = ||w_rest||, the norm of
// the other d - 2 coordinates:
//
//	f(a, b, q) = n ( 1/4 sum_c U(y a + tau z b, v, v) - alpha r^2 ),
//	r^2 = a^2 + b^2 + q^2, v = rho^2 r^2,
//
// and its gradient is (f_a, f_b) on e1, e2 and c w_rest on the other
// coordinates, with c = n (2 rho^2 1/4 sum_c (U_vd + U_va) - 2 alpha).
// So the ascent w <- w + eta grad L maps (a, b, q) to
//
//	T(a, b, q) = (a + eta f_a, b + eta f_b, |1 + eta c| q),
//
// which is gradient ascent on f(a, b, q) in R^3 (f_q = c q) wherever
// 1 + eta c >= 0. The rows never interact; f is even in a, so the mirror
// row (a < 0) is the reflection of the row with a > 0. Shared-scalar noise
// breaks the reduction and is refused (the error names "noise").
//
// # The proof (Prove), part by part
//
// Every inequality below is proved by outward-rounded interval arithmetic
// with rigorous quadrature error bounds (package certify) on boxes, never
// by sampling.
//
//  1. Critical points (criticalSearch). Omega is covered by boxes, each
//     excluded (the enclosure of f_a or f_b misses 0, or q > 0 on the box
//     and that of c misses 0, so f_q = c q != 0), reduced to its face q = 0
//     (it touches q = 0 and c has a sign: critical points there have
//     q = 0), certified by Krawczyk's operator on the plane q = 0 (K(Y) in
//     the interior of Y: exactly one zero of (f_a, f_b) in Y; f_q vanishes
//     there), or covered by a certified box. The certified boxes are kept
//     disjoint, so each holds a different critical point. Next to a = 0 the
//     enclosure of f_a is narrowed by f_a = a mean(f_aa over [0, a]) (f is
//     even in a, so f_a vanishes at a = 0; EvenInA). A critical point
//     of L in R^d is exactly a zero of (f_a, f_b, c q). At w_rest = 0 the
//     Hessian of L is diag(H_ab, c I): the enclosures over the Krawczyk
//     box bound its eigenvalues and classify the point (strict maximum,
//     saddle, strict minimum).
//  2. W* is the certified strict maximum with a, b > 0 nearest the start.
//  3. The trapping box R (regionSearch, checkRegion): a box with
//     Start in R in Omega, R in {a > 0, b > 0}, q in [0, q.hi]. It is
//     covered by boxes X on each of which the enclosure
//     X + eta grad f(X) of T(X) lies in R and 1 + eta c >= 0, so T maps R
//     into R. (At a face this says that the gradient points inward; inside,
//     that no step jumps over the face.)
//  4. The descent lemma: on each X of the cover the Hessian's spectral
//     norm is at most Lhat(X), and eta Lhat < 2 for Lhat = max Lhat(X).
//     R is convex and contains x and T(x), so the segment between them
//     too, and f(T x) >= f(x) + eta (1 - eta Lhat / 2) ||grad f(x)||^2.
//  5. Uniqueness: W*'s box lies in R and every other certified box, and
//     every box the search left undecided, misses R; since Omega contains
//     R, W* is the only critical point in R.
//
// Hence, for every W0 with (a, b, q) in Start and every d (the objective
// per row does not depend on d; d enters only through the range of q):
// the iterates stay in R, so a > 0 and b > 0 at every step (C1, and by
// symmetry the mirror row keeps a < 0, b > 0); f(x_t) never decreases and
// is bounded on the compact R, so the sum of eta (1 - eta Lhat/2)
// ||grad f(x_t)||^2 is finite and grad f(x_t) -> 0; every limit point of
// the iterates lies in R and is a critical point, hence W*; so the
// iterates converge to W* = (a*, b*, 0, ..., 0), a strict local maximum of
// L (C2). If the starting box itself holds a certified critical point that
// is not a strict maximum, or two of them, the statement is false there
// (each is a fixed point of T): Disproved.
//
// Why a box and not a superlevel set of f: with the default q range
// (q <= 5 sqrt(d - 2) = 14.1 at d = 10) the value of f at the starting
// box's worst corner (45.9 at the paper's point) is below the value at the
// saddle on the plane a = 0 (62.3), so no superlevel set containing the
// start stays in a > 0; the trapping box does not need f to separate the
// basins, only the direction of the gradient on R's faces.
package regions
