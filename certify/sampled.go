package certify

import (
	"math"
	"math/rand/v2"

	"github.com/nlssl/nlssl/sim"
)

// SampledLipschitz returns a sampled LOWER estimate of the Lipschitz
// constant of the Hessian of row k of obj over the ball
// {v : ||S (v - w_k)|| <= r} (scaled coordinates, S = diag(scale), nil:
// identity), w the full W (2d): the largest |D^3 f(x)[u, u, u]| found, which
// for a symmetric trilinear form is its norm, so the Lipschitz constant on
// the ball is at least every value found. It is evidence of how sharp the
// proved bound M is, never a certificate: the certified M must lie above it
// (a property test checks that it does).
//
// The search: from `starts` directions (the scaled axes e1 and e2, then
// seeded random ones) the symmetric higher-order power method at the
// centre (u <- +-T[u, u, .] / ||T[u, u, .]||) climbs to a locally largest
// |T[u, u, u]|; then the third derivative along u is scanned on the segment
// w_k + t r S^-1 u, t in [-1, 1] (the tensor changes fastest along the
// direction it is largest in), and the power method is repeated at the
// best point. T[u, u, .] comes from central second differences of the
// analytic gradient (truncation ~h^2, h = 1e-3 r-relative and at most 1e-3).
// Deterministic for a given seed.
func SampledLipschitz(obj sim.Objective, w []float64, k int, scale []float64, r float64, starts int, seed uint64) float64 {
	n := obj.Dim()
	d := n / 2
	if len(w) != n || k < 0 || k > 1 || !(r >= 0) || starts < 1 {
		return math.NaN()
	}
	sc := func(j int) float64 {
		if scale == nil {
			return 1
		}
		return scale[j]
	}
	h := 1e-3
	if r > 0 {
		h = math.Min(1e-3, 1e-2*r)
	}
	g0, gp, gm := make([]float64, n), make([]float64, n), make([]float64, n)
	x, xp, xm := make([]float64, n), make([]float64, n), make([]float64, n)
	tv := make([]float64, d)
	// third sets tv = T(x)[u, u, .] in scaled coordinates and returns
	// T(x)[u, u, u], for u unit in scaled coordinates.
	third := func(x, u []float64) float64 {
		copy(xp, x)
		copy(xm, x)
		for j := range d {
			xp[k*d+j] += h * u[j] / sc(j)
			xm[k*d+j] -= h * u[j] / sc(j)
		}
		obj.Grad(g0, x)
		obj.Grad(gp, xp)
		obj.Grad(gm, xm)
		var t float64
		for j := range d {
			tv[j] = (gp[k*d+j] - 2*g0[k*d+j] + gm[k*d+j]) / (h * h) / sc(j)
			t += tv[j] * u[j]
		}
		return t
	}
	power := func(x, u []float64, iters int) float64 {
		best := 0.0
		for range iters {
			t := third(x, u)
			best = math.Max(best, math.Abs(t))
			nv := math.Sqrt(sumSq(tv))
			if !(nv > 0) {
				break
			}
			s := 1.0
			if t < 0 {
				s = -1
			}
			for j := range u {
				u[j] = s * tv[j] / nv
			}
		}
		return math.Max(best, math.Abs(third(x, u)))
	}
	rng := rand.New(rand.NewPCG(seed, 0x5a4d1ed))
	best := 0.0
	u := make([]float64, d)
	for s := range starts {
		clear(u)
		switch {
		case s < 2 && d > s:
			u[s] = 1
		default:
			for j := range u {
				u[j] = rng.NormFloat64()
			}
			nu := math.Sqrt(sumSq(u))
			for j := range u {
				u[j] /= nu
			}
		}
		copy(x, w)
		best = math.Max(best, power(x, u, sampledIters))
		// Along u, from one side of the ball to the other.
		bestT, bestV := 0.0, 0.0
		for i := range sampledScan + 1 {
			t := -1 + 2*float64(i)/sampledScan
			copy(x, w)
			for j := range d {
				x[k*d+j] += t * r * u[j] / sc(j)
			}
			if v := math.Abs(third(x, u)); v > bestV {
				bestT, bestV = t, v
			}
		}
		copy(x, w)
		for j := range d {
			x[k*d+j] += bestT * r * u[j] / sc(j)
		}
		best = math.Max(best, math.Max(bestV, power(x, u, sampledIters/2)))
	}
	return best
}

// The sampled search's effort per start: power iterations and scan points.
const (
	sampledIters = 8
	sampledScan  = 8
)
