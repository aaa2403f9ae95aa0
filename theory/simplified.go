package theory

import (
	"fmt"
	"math"

	"github.com/nlssl/nlssl/sim"
)

// SimplifiedOptimum is the local maximum W~* of the simplified objective
// L~ found by SimplifiedMax, with the evidence that it is one.
type SimplifiedOptimum struct {
	W          []float64     // W~* embedded in R^{2d}: (a_k, b_k, 0, ..., 0) per row
	A, B       [2]float64    // a_k, b_k of each row
	Value      float64       // L~(W~*)
	GradNorm   float64       // ||grad L~(W~*)||
	Eigen      [2][2]float64 // eigenvalues of each row's 2 x 2 Hessian, ascending
	Mu         float64       // smallest singular value of the Hessian on the (a, b) coordinates
	IsMax      bool          // every eigenvalue < 0
	Iterations int           // Newton iterations, both rows
}

// Newton stops when the gradient of l~ is below newtonTol (it is O(1) at
// the start and its rounding floor is ~1e-17) or the step is below
// newtonStep relative to (a, b); it fails if the gradient is then still
// above newtonFail (near a bifurcation the Hessian is nearly singular and
// convergence is only linear).
const (
	newtonTol  = 1e-15
	newtonStep = 1e-15
	newtonFail = 1e-9
	newtonMax  = 500
)

// SimplifiedMax finds a local maximum of L~ by a safeguarded Newton method
// on each row, from (a, b) = (+-3.5, 8.75/tau), the centre of the "near"
// region (the mirror start for row 2). The step is Newton's when the 2 x 2
// Hessian is negative definite and Levenberg-Marquardt's (the Hessian
// shifted below 0) otherwise, halved until l~ does not decrease (Armijo
// with constant 0), so the iteration cannot leave the basin it starts in by
// overshooting. It returns an error for invalid parameters or when Newton
// stops on a row (at most newtonMax = 500 iterations) with its gradient
// still above newtonFail.
func SimplifiedMax(d int, tau, alpha float64) (*SimplifiedOptimum, error) {
	obj, err := sim.NewSimplifiedObjective(d, tau, alpha)
	if err != nil {
		return nil, err
	}
	if tau <= 0 {
		return nil, &sim.ParamError{Param: "tau", Value: fmt.Sprint(tau), Allowed: "tau > 0 (the near region's centre is 8.75/tau)"}
	}
	opt := &SimplifiedOptimum{W: make([]float64, 2*d)}
	start := sim.NearRegion{D: d, Tau: tau}.Centre()
	for k := range 2 {
		a, b, it, err := newtonRow(obj, start[k*d], start[k*d+1])
		opt.Iterations += it
		if err != nil {
			return opt, err
		}
		opt.A[k], opt.B[k] = a, b
		opt.W[k*d], opt.W[k*d+1] = a, b
		l, ga, gb, haa, hab, hbb := obj.Row(a, b)
		opt.Value += l
		opt.GradNorm = math.Hypot(opt.GradNorm, math.Hypot(ga, gb))
		opt.Eigen[k] = sym2Eigen(haa, hab, hbb)
	}
	opt.IsMax = opt.Eigen[0][1] < 0 && opt.Eigen[1][1] < 0
	opt.Mu = math.Inf(1)
	for k := range 2 {
		for _, e := range opt.Eigen[k] {
			opt.Mu = math.Min(opt.Mu, math.Abs(e))
		}
	}
	return opt, nil
}

// newtonRow maximises l~ from (a, b).
func newtonRow(obj sim.SimplifiedObjective, a, b float64) (float64, float64, int, error) {
	it := 1
	for ; it <= newtonMax; it++ {
		l, ga, gb, haa, hab, hbb := obj.Row(a, b)
		if math.Hypot(ga, gb) <= newtonTol {
			break
		}
		// The Newton step for a maximum; where the Hessian is not negative
		// definite (a flat or convex direction: saturated sigmoids at large
		// tau b, or a saddle), the Hessian shifted down by its largest
		// eigenvalue plus a margin (Levenberg-Marquardt), which still climbs.
		if e := sym2Eigen(haa, hab, hbb); e[1] >= 0 {
			shift := e[1] + math.Max(1e-8, 1e-3*math.Abs(e[0]))
			haa, hbb = haa-shift, hbb-shift
		}
		det := haa*hbb - hab*hab
		da, db := -(hbb*ga-hab*gb)/det, -(haa*gb-hab*ga)/det
		// Accept a step that does not decrease l~ beyond its rounding (4
		// ulps): at the optimum the true increase of a Newton step, g^2/|H|,
		// is below the rounding of l~, and insisting on it would stall.
		step := 1.0
		for ; step > 1e-12; step /= 2 {
			if ln, _, _, _, _, _ := obj.Row(a+step*da, b+step*db); ln >= l-4*0x1p-52*math.Abs(l) {
				break
			}
		}
		a, b = a+step*da, b+step*db
		if step*math.Hypot(da, db) <= newtonStep*(1+math.Hypot(a, b)) {
			break
		}
	}
	if _, ga, gb, _, _, _ := obj.Row(a, b); math.Hypot(ga, gb) > newtonFail {
		return a, b, it, fmt.Errorf("simplified objective: Newton stalled after %d iterations with gradient %.3g at a = %.6g, b = %.6g", it, math.Hypot(ga, gb), a, b)
	}
	return a, b, it, nil
}

// sym2Eigen returns the eigenvalues of [[haa, hab], [hab, hbb]], ascending.
func sym2Eigen(haa, hab, hbb float64) [2]float64 {
	m := (haa + hbb) / 2
	r := math.Hypot((haa-hbb)/2, hab)
	return [2]float64{m - r, m + r}
}
