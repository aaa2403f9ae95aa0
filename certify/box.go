package certify

import (
	"fmt"

	"github.com/nlssl/nlssl/internal/falgebra"
	"github.com/nlssl/nlssl/interval"
	"github.com/nlssl/nlssl/sim"
)

// This file encloses the population row objective over BOXES of the three
// numbers it depends on (isotropic noise): a = w.e1, b = w.e2 and q, the
// norm of the other d - 2 coordinates. Per row (THEORY section 4, sim's
// PopulationObjective),
//
//	f(a, b, q) = n ( 1/4 sum_c V(y a + tau z b, v) - alpha r^2 ),
//	r^2 = a^2 + b^2 + q^2,  v = rho^2 r^2,  V(m, v) = U(m, v, v),
//
// with U the nested Gaussian average of package sim. Because both
// variances equal v, V's derivatives in v are sums of U's (V_v = U_vd +
// U_va, ...), and by the heat identity they are Gaussian averages of
// products of the moments T_k = E sigma^(k)(m + s g), s = sqrt(v):
//
//	V    = E[T0^2]                   V_m  = E[2 T0 T1]
//	V_v  = E[T1^2 + 2 T0 T2]         V_mm = E[2 T1^2 + 2 T0 T2]
//	V_mv = E[4 T1 T2 + 2 T0 T3]      V_vv = E[3 T2^2 + 4 T1 T3 + 2 T0 T4]
//
// (the outer average over the data noise, at the same scale s). The
// gradient of the row objective is (f_a, f_b) on e1, e2 and c w_rest on the
// other coordinates, c = n (2 rho^2 P - 2 alpha), P = 1/4 sum_c V_v, so
// f_q = c q; the Hessian in (a, b, q) is
//
//	H = n/4 sum_c [ V_mm k k^T + V_mv (k g^T + g k^T) + V_vv g g^T ] + c I,
//
// k = (y, tau z, 0), g = 2 rho^2 (a, b, q). These are the formulas of sim's
// rowFuncGrad and rowHess with vd = va and w = (a, b, q, 0, ..., 0),
// computed in interval arithmetic over a box with the nested rigorous
// trapezoid rule of rigorous.go (outerExpect4, a faster path of
// outerExpect: box_moments.go), so that every value of the box lies in
// the enclosure.

// The term lists of V and its derivatives (coefficient, T_i, T_j):
// V_{m^a v^k} = falgebra.V(a, k), the sums above.
var (
	termV   = falgebra.V(0, 0)
	termVm  = falgebra.V(1, 0)
	termVv  = falgebra.V(0, 1)
	termVmm = falgebra.V(2, 0)
	termVmv = falgebra.V(1, 1)
	termVvv = falgebra.V(0, 2)
)

// BoxEnclosure holds enclosures, over a box X of (a, b, q), of the row
// objective and its derivatives: for every point of X the exact value lies
// in the interval.
type BoxEnclosure struct {
	F    interval.Interval       // f
	Grad [3]interval.Interval    // f_a, f_b, f_q = c q
	C    interval.Interval       // c: the gradient on the other coordinates is c w_rest
	Hess [3][3]interval.Interval // the Hessian in (a, b, q), symmetric
}

// BoxPopulation is the population objective of sim (isotropic noise) as a
// function of (a, b, q) per row, enclosed over boxes.
type BoxPopulation struct {
	tau, rho, alpha, n float64
}

// NewBoxPopulation returns the box form of obj. It refuses shared-scalar
// noise: there the data variance is rho^2 (sum_j w_j)^2, which is not a
// function of (a, b, q), and the reduction to three numbers does not hold.
func NewBoxPopulation(obj *sim.PopulationObjective) (*BoxPopulation, error) {
	if obj == nil {
		return nil, paramErr("objective", "nil", "a population objective")
	}
	dist := obj.Distribution()
	if dist.Noise != sim.Isotropic {
		return nil, paramErr("noise", dist.Noise, `"isotropic" (with shared-scalar noise the population objective does not depend on w through a, b and ||w|| only)`)
	}
	return &BoxPopulation{tau: dist.Tau, rho: dist.Rho, alpha: obj.Alpha(), n: obj.N()}, nil
}

// Params returns tau, rho, alpha and n.
func (o *BoxPopulation) Params() (tau, rho, alpha, n float64) { return o.tau, o.rho, o.alpha, o.n }

// Enclose returns enclosures of f, its gradient, c and its Hessian over the
// box x = (a, b, q) (q may be any finite interval: f is even in q). An
// endpoint that is not finite, or an interval with lo > hi, is refused
// with an error naming the coordinate.
func (o *BoxPopulation) Enclose(x [3]interval.Interval) (BoxEnclosure, error) {
	for i, name := range [3]string{"a", "b", "q"} {
		if !x[i].IsFinite() || !(x[i].Lo <= x[i].Hi) {
			return BoxEnclosure{}, paramErr(name, fmt.Sprintf("[%v, %v]", x[i].Lo, x[i].Hi), "a finite interval lo <= hi")
		}
	}
	rho2 := interval.Point(o.rho).Sqr()
	r2 := x[0].Sqr().Add(x[1].Sqr()).Add(x[2].Sqr())
	s := rho2.Mul(r2).Sqrt()
	rule := newGaussRule(s.Hi)
	quarter := interval.Point(0.25)
	var e BoxEnclosure
	var val, p interval.Interval
	var gm [2]interval.Interval     // 1/4 sum_c V_m k
	var hmm [2][2]interval.Interval // 1/4 sum_c V_mm k k^T
	var hmv [2]interval.Interval    // 1/4 sum_c V_mv k
	var hvv interval.Interval       // 1/4 sum_c V_vv
	sim.Clusters(func(y, z float64) {
		k := [2]interval.Interval{interval.Point(y), interval.Point(o.tau * z)} // tau z is exact: z is 0 or 1
		m := k[0].Mul(x[0]).Add(k[1].Mul(x[1]))
		u := outerExpect4(rule, rule, m, s, s, termV, termVm, termVv, termVmm, termVmv, termVvv)
		val = val.Add(u[0].Mul(quarter))
		p = p.Add(u[2].Mul(quarter))
		hvv = hvv.Add(u[5].Mul(quarter))
		for i := range 2 {
			gm[i] = gm[i].Add(u[1].Mul(k[i]).Mul(quarter))
			hmv[i] = hmv[i].Add(u[4].Mul(k[i]).Mul(quarter))
			for j := range 2 {
				hmm[i][j] = hmm[i][j].Add(u[3].Mul(k[i].Mul(k[j])).Mul(quarter))
			}
		}
	})
	n := interval.Point(o.n)
	alpha := interval.Point(o.alpha)
	twoRho2 := rho2.Scale(2)
	e.C = n.Mul(twoRho2.Mul(p).Sub(alpha.Scale(2)))
	e.F = n.Mul(val.Sub(alpha.Mul(r2)))
	for i := range 3 {
		e.Grad[i] = e.C.Mul(x[i])
		if i < 2 {
			e.Grad[i] = e.Grad[i].Add(n.Mul(gm[i]))
		}
	}
	var g [3]interval.Interval // gradient of v: 2 rho^2 (a, b, q)
	for i := range 3 {
		g[i] = twoRho2.Mul(x[i])
	}
	for i := range 3 {
		for j := i; j < 3; j++ {
			h := hvv.Mul(g[i].Mul(g[j]))
			if i < 2 {
				h = h.Add(hmv[i].Mul(g[j]))
			}
			if j < 2 {
				h = h.Add(hmv[j].Mul(g[i]))
			}
			if i < 2 && j < 2 {
				h = h.Add(hmm[i][j])
			}
			h = n.Mul(h)
			if i == j {
				h = h.Add(e.C)
			}
			e.Hess[i][j], e.Hess[j][i] = h, h
		}
	}
	return e, nil
}
