package certify

import (
	"fmt"
	"math"

	"github.com/nlssl/nlssl/interval"
)

// IFTCertificate is the evidence that the gradient map of one row of the
// true objective has exactly one zero near a centre w0, in the scaled
// coordinates y = S w (S = diag(Scale); all 1 for the Euclidean norm). All
// bounds are proved: enclosures by interval arithmetic with rigorous
// quadrature, the Lipschitz bounds M from rigorous values at the centre and
// the sigmoid's derivative bounds over the ball.
type IFTCertificate struct {
	Scale    []float64 // S, powers of 2 so that scaling is exact
	GradNorm float64   // >= ||S^-1 grad L(w0)||
	NA       float64   // >= ||A^-1||, A the (symmetrised) midpoint of S^-1 Hess L(w0) S^-1
	Delta    float64   // >= ||S^-1 Hess L(w0) S^-1 - A||
	Mu       float64   // = 1/NA, a certified lower bound of A's smallest singular value

	// The quantitative inverse function theorem (NUMERICS.md, fact 1) with
	// c(r) = Delta + I(r), I(r) = int_0^r M(s) ds >= the change of the
	// Hessian over B(w0, r) (profile.go): grad L is injective on B(w0, r)
	// when c(r) < 1/NA, and has a zero there when
	// ||grad|| <= (1/NA - c(r)) r.
	R        float64 // the radius with the largest margin
	M        float64 // Lipschitz bound of the Hessian on a ball containing B(w0, R)
	Integral float64 // I(R) >= sup over B(w0, R) of the Hessian's change
	Margin   float64 // (1/NA - Delta - I(R)) R - GradNorm: >= 0 certifies
	RExist   float64 // smallest radius found at which the zero is certified (0: none)
	RUnique  float64 // largest radius found on which grad L is injective
	// RZero, when Certified, is the largest radius found within which the
	// certified zero is the only zero (profile.zeroUniquenessRadius: about
	// twice RUnique, as in Newton-Kantorovich).
	RZero float64
	// LambdaMax >= the largest eigenvalue of S^-1 Hess L S^-1 at the zero
	// (Gershgorin and Weyl): negative means a strict local maximum.
	LambdaMax float64
	// LambdaMaxLow <= that largest eigenvalue (a Rayleigh quotient of A,
	// minus the same perturbation): positive proves the zero is not a
	// maximum.
	LambdaMaxLow float64
	Certified    bool
	Failed       string // which inequality failed and by how much

	// For the tail of the ascent (Transfer.Tail): bounds of the eigenvalues
	// of A, eigLo <= lambda_min(A) <= lambda_max(A) <= eigHi, with Delta and
	// the radius profile bounding how far the scaled Hessian moves from A.
	eigLo, eigHi float64
	prof         *profile
}

// rowProblem is one row at one centre in one scale: the scaled
// enclosures, the midpoint Hessian and its inverse-norm bound, and the
// radius profile. Every form of the certificate at that centre and scale
// (IFT, Kantorovich) is computed from it.
type rowProblem struct {
	d       int
	scale   []float64
	g, h    []interval.Interval // S^-1 grad, S^-1 Hess S^-1
	a       []float64           // symmetrised midpoint of h
	inv     []float64           // approximate inverse of a
	delta   float64             // >= ||h - a||
	na, mu  float64
	gnorm   float64
	prof    *profile
	problem string // why nothing can be certified ("" if something can)
}

// newRowProblem prepares the row at row.W for the scale (nil: Euclidean).
func newRowProblem(row *Row, scale []float64) *rowProblem {
	d := len(row.W)
	scale = unitScale(scale, d)
	rp := &rowProblem{d: d, scale: scale, prof: &profile{cum: []float64{0}}}
	rp.g, rp.h = scaleEnclosure(row.Enclosure, scale)
	rp.gnorm = normUp(rp.g)
	rp.a, rp.delta = midpoint(rp.h, d)
	na, inv, ok := inverseNormBound(rp.a, d)
	if !ok {
		rp.problem = "the Hessian's midpoint is not invertible to working precision (||I - R A|| >= 1)"
		return rp
	}
	rp.na, rp.inv, rp.mu = na, inv, interval.Down(1/na)
	mOf, err := row.Lipschitz(scale)
	if err != nil {
		rp.problem = err.Error()
		return rp
	}
	rp.prof = newProfile(mOf, interval.Down(rp.mu-rp.delta))
	return rp
}

// IFT runs the IFT certificate for one row of obj at the centre w0 (length
// d) in the scaled norm ||S w|| (scale nil: Euclidean; otherwise powers of
// 2, as DiagScale chooses). It never returns NaN bounds: a failure is
// described in Failed.
func IFT(obj Objective, w0, scale []float64) IFTCertificate {
	row, err := obj.Row(w0)
	if err != nil {
		return IFTCertificate{Scale: scale, Failed: err.Error()}
	}
	return newRowProblem(row, scale).ift()
}

func (rp *rowProblem) ift() IFTCertificate {
	rc := IFTCertificate{Scale: rp.scale, GradNorm: rp.gnorm, Delta: rp.delta, NA: rp.na, Mu: rp.mu}
	if rp.problem != "" {
		rc.Failed = rp.problem
		return rc
	}
	p := rp.prof
	rc.R, rc.Margin, rc.RExist = p.existence(rp.mu, rp.delta, rp.gnorm)
	rc.M, rc.Integral = p.mAt(rc.R), p.integral(rc.R)
	rc.Certified = rc.Margin >= 0
	rc.RUnique = p.injectivityRadius(rp.mu, rp.delta)
	if rc.Certified {
		rc.RZero = math.Max(rc.RUnique, p.zeroUniquenessRadius(rp.mu, rp.delta, rc.RExist))
	}
	d := rp.d
	lam := gershgorinUp(rp.a, d)
	if lam < rc.Mu { // no eigenvalue of A in (-1/NA, 1/NA): all are <= -1/NA
		lam = -rc.Mu
	}
	pert := interval.Up(rp.delta + p.integral(rc.RExist))
	rc.LambdaMax = interval.Up(lam + pert)
	if !(rc.LambdaMax < 0) {
		// Gershgorin is loose when the off-diagonal entries are large (the
		// (a, b) block of a tilted maximum): the bound through A's own
		// eigenvectors (lambdaMaxUp, sharp to their rounding) may still
		// prove the maximum. Both are upper bounds, so the smaller is one.
		if lq, ok := lambdaMaxUp(points(rp.a), d); ok && lq < lam {
			lam = lq
			rc.LambdaMax = interval.Up(lam + pert)
		}
	}
	rc.eigHi, rc.eigLo, rc.prof = lam, math.Max(gershgorinLow(rp.a, d), -normBound(d, func(i, j int) float64 { return math.Abs(rp.a[i*d+j]) })), p
	rc.LambdaMaxLow = interval.Down(rayleighLow(rp.a, d) - pert)
	if !rc.Certified {
		switch {
		case len(p.m) == 0:
			rc.Failed = fmt.Sprintf("Delta = %.3g >= 1/NA = %.3g, or M could not be bounded: no radius to try", rp.delta, rc.Mu)
		case math.IsInf(rc.Margin, -1):
			rc.Failed = "no radius gives a finite margin"
		default:
			rc.Failed = fmt.Sprintf("||grad L(x0)|| = %.4g > (1/NA - Delta - I(r)) r = %.4g at the best radius r = %.3g (short by a factor %.3g)",
				rc.GradNorm, rc.GradNorm+rc.Margin, rc.R, rc.GradNorm/math.Max(rc.GradNorm+rc.Margin, 1e-300))
		}
	}
	return rc
}

// rMax is the largest radius any certificate tries (scaled coordinates).
const rMax = 4.0
