package certify

import (
	"fmt"
	"math"

	"github.com/nlssl/nlssl/interval"
	"gonum.org/v1/gonum/mat"
)

// This file proves that one row of the expected objective is strictly
// concave on a whole ball B = {v : ||S (v - c)|| <= R}: every Hessian on B
// is negative definite. A strictly concave function has at most one
// critical point on a convex set (its gradient is strictly monotone), so
// the ball holds at most one: the uniqueness half of C3's transfer, proved
// without the IFT's two-sided bound ||Hess L(v) - A|| <= M r < mu.
//
// Why it is sharper: the row Hessian (sim's rowHess) is
//
//	H(v) = sum_i F_mm(m_i, s) x_i x_i^T + c g^T + g c^T + (sum_i F_vv) g g^T + k I,
//	m_i = v.x_i, s = rho ||v||, c = sum_i F_mv x_i, g = 2 rho^2 v,
//	k = 2 rho^2 sum_i F_v - 2 alpha n,
//
// and x_i x_i^T is positive semidefinite, so F_mm(m_i, s) <= hi_i over the
// ball gives sum_i F_mm x_i x_i^T <= sum_i hi_i x_i x_i^T in the Loewner
// order: only the upper ends of the data terms count, not their spread.
// Over B, m_i ranges over exactly c.x_i +- R ||S^-1 x_i|| and ||v|| over
// ||c|| +- R / min_j S_j; the rank-two terms are below
// (2 ||c|| ||g|| + max(0, sum F_vv) ||g||^2) I (eigenvalues of
// c g^T + g c^T are c.g +- ||c|| ||g||). So every H(v) is below one
// matrix U (enclosed in interval arithmetic), and lambda_max of
// S^-1 H(v) S^-1 is below lambda_max(S^-1 U S^-1), which lambdaMaxUp
// bounds. Where the data terms are flat (saturated sigmoids) and the
// weight decay -2 alpha n dominates, this proves concavity on balls far
// larger than any IFT radius.

// ConcavityCertificate is the evidence that one row of the objective is
// strictly concave on the ball {v : ||S (v - c)|| <= R} (S = diag(Scale),
// powers of 2, as checkScale requires), so that the ball holds at most one
// critical point.
type ConcavityCertificate struct {
	Scale []float64
	R     float64 // the ball's radius, scaled coordinates
	// LambdaMax >= the largest eigenvalue of S^-1 Hess L(v) S^-1 for every
	// v in the ball; negative certifies.
	LambdaMax float64
	Certified bool
	Failed    string // why it is not certified ("" when it is)
}

// ballConcavity is an Objective whose rows' concavity on balls can be
// certified (the expected objective: a finite sum of rank-one data terms).
type ballConcavity interface {
	ConcaveBall(center, scale []float64, r float64) ConcavityCertificate
}

var _ ballConcavity = Expected{}

// concaveCell is the width of the cells of m over which F's derivatives
// are enclosed at once (fCells): an enclosure over an interval grows with
// its width (each moment T_k is enclosed separately, so F_mm = 2 (T1^2 +
// T0 T2) loses their dependence), and a point's range is covered by whole
// cells, up to one cell beyond each end. The cells are shared by all data
// points, so narrow cells cost little: at the paper's point 1/8 gave a
// largest eigenvalue bound of -0.283, 1/16 -0.290, 1/32 -0.293 (pieces of
// each point's own range, 1/4 wide, -0.297 at 7x the cost at d = 64).
const concaveCell = 0x1p-5

// concaveMaxWork caps the cells of one ball times the trapezoid rule's
// nodes (each cell costs a sigmoid enclosure per node, about a
// microsecond): a wider range of m, or a larger noise scale, gets wider
// cells (still an enclosure, only looser), so no ball costs more than a
// few seconds. The transfer's balls use a few hundred cells of 41 nodes.
const concaveMaxWork = 1 << 22

// concaveMaxScale caps the noise scale rho ||w|| over a ball: the
// trapezoid rule's nodes grow like the scale (321 at 1, 5121 at 16,
// 20481 at 64), and no ball a certificate needs comes near it (the
// scales of the model's maxima are below 1).
const concaveMaxScale = 64

// concaveMaxM caps |w.x_i| over a ball, in cells: cell indices are
// computed as ints from floor(m / h), exact only while m / h stays well
// inside the float64 integers.
const concaveMaxM = 0x1p52

// ConcaveBall certifies, or fails to, that the row objective is strictly
// concave on {v : ||S (v - center)|| <= r} (scale nil: Euclidean). Bad
// input (a centre of the wrong length or not finite, a scale checkScale
// refuses, r negative or not finite, a ball so large that its
// pre-activations or noise scale leave the ranges the enclosures handle)
// is reported in Failed, naming the parameter.
func (o Expected) ConcaveBall(center, scale []float64, r float64) ConcavityCertificate {
	ds := o.Data()
	d := ds.D
	cc := ConcavityCertificate{Scale: scale, R: r, LambdaMax: math.Inf(1)}
	if err := checkRow(center, d); err != nil {
		cc.Failed = err.Error()
		return cc
	}
	if err := checkScale(scale, d); err != nil {
		cc.Failed = err.Error()
		return cc
	}
	scale = unitScale(scale, d)
	cc.Scale = append([]float64(nil), scale...)
	smin := math.Inf(1)
	for _, v := range scale {
		smin = math.Min(smin, v)
	}
	if !(r >= 0) || math.IsInf(r, 0) {
		cc.Failed = paramErr("radius", r, "finite and >= 0").Error()
		return cc
	}
	u, t, err := o.ballBound(center, scale, r, smin)
	if err != nil {
		cc.Failed = err.Error()
		return cc
	}
	for a := range d {
		u[a*d+a] = u[a*d+a].Add(interval.Point(t))
		for b := range d {
			u[a*d+b] = u[a*d+b].Div(interval.Point(scale[a])).Div(interval.Point(scale[b]))
		}
	}
	lam, ok := lambdaMaxUp(u, d)
	cc.LambdaMax = lam
	switch {
	case !ok:
		cc.Failed = "the bounding matrix's largest eigenvalue could not be bounded (a non-finite entry, or eigenvectors with ||Q^T Q - I|| >= 1)"
	case !(lam < 0):
		cc.Failed = fmt.Sprintf("the largest Hessian eigenvalue on the ball is only bounded by %.3g (not < 0)", lam)
	default:
		cc.Certified = true
	}
	return cc
}

// ballBound returns, for the ball {v : ||S (v - center)|| <= r} (smin the
// smallest entry of S), an enclosure u of sum_i hi_i x_i x_i^T (hi_i >=
// F_mm(v.x_i, rho ||v||) on the ball) and t >= the largest eigenvalue of
// the rest of the Hessian, H(v) - sum_i F_mm x_i x_i^T, on the ball: every
// H(v) there is below the matrix in u plus t I (unscaled coordinates). A
// ball so large that w.x_i overflows, or that the noise scale exceeds
// concaveMaxScale, is refused with an error naming the radius.
func (o Expected) ballBound(center, scale []float64, r, smin float64) ([]interval.Interval, float64, error) {
	ds := o.Data()
	d := ds.D
	wI := points(center)
	reach := interval.Point(r).Div(interval.Point(smin)).Hi // ||v - c|| <= r / min S
	wn := interval.Dot(wI, wI).Sqrt()
	vnorm := interval.New(math.Max(0, interval.Down(wn.Lo-reach)), interval.Up(wn.Hi+reach))
	rho := interval.Point(o.Rho())
	s := rho.Mul(vnorm)
	if !(s.Hi <= concaveMaxScale) {
		return nil, 0, paramErr("radius", r, fmt.Sprintf("a ball on which the noise scale rho ||w|| stays <= %g", float64(concaveMaxScale)))
	}
	// The range of m_i = v.x_i over the ball: c.x_i +- r ||S^-1 x_i||.
	ms := make([]interval.Interval, ds.N)
	lo, hi := math.Inf(1), math.Inf(-1)
	for i := range ds.N {
		x := points(ds.Point(i))
		var q float64 // ||S^-1 x||^2, rounded up
		for j := range d {
			v := x[j].Div(interval.Point(scale[j])).Mag()
			q = interval.Up(q + interval.Up(v*v))
		}
		rad := interval.Up(r * interval.SqrtUp(q))
		m0 := interval.Dot(wI, x)
		ms[i] = interval.New(interval.Down(m0.Lo-rad), interval.Up(m0.Hi+rad))
		lo, hi = math.Min(lo, ms[i].Lo), math.Max(hi, ms[i].Hi)
	}
	if math.IsInf(hi-lo, 0) || math.IsNaN(hi-lo) || math.Max(-lo, hi) > concaveMaxM*concaveCell {
		return nil, 0, paramErr("radius", r, fmt.Sprintf("a ball whose pre-activations |w.x_i| stay below %g", concaveMaxM*concaveCell))
	}
	cells := newFCells(newGaussRule(s.Hi), s, lo, hi)
	fmmHi := make([]interval.Interval, ds.N) // upper ends of F_mm, as points
	c := make([]interval.Interval, d)
	var sumV, sumVV interval.Interval
	for i := range ds.N {
		x := points(ds.Point(i))
		fmm, fv, fmv, fvv := cells.hull(ms[i])
		fmmHi[i] = interval.Point(fmm.Hi)
		for a := range d {
			c[a] = c[a].Add(fmv.Mul(x[a]))
		}
		sumV = sumV.Add(fv)
		sumVV = sumVV.Add(fvv)
	}
	u := make([]interval.Interval, d*d)
	addWeightedGram(u, ds, fmmHi)
	twoRho2 := rho.Sqr().Scale(2)
	g := twoRho2.Mul(vnorm) // ||g|| over the ball
	alphaN := interval.Point(o.Alpha()).Mul(interval.Point(float64(ds.N)))
	k := twoRho2.Mul(sumV).Sub(alphaN.Scale(2))
	k = k.Add(interval.Point(normUp(c)).Mul(g).Scale(2))
	if sumVV.Hi > 0 { // F_vv's term is sum_i F_vv g g^T (sim's rowHess adds (sum F_vv / 2)(g g^T + g g^T))
		k = k.Add(interval.Point(sumVV.Hi).Mul(g.Sqr()))
	}
	return u, k.Hi, nil
}

// fCells encloses F_mm, F_v, F_mv and F_vv over the cells [j h, (j+1) h]
// of m (with s over the ball's whole range), each computed when a data
// point first needs it and shared by all: a point's range of m is covered
// by the cells it overlaps, so the hull of their enclosures encloses the
// derivatives over that range. h is a power of 2, so j h is exact, and
// cellOf corrects floor(m / h) where the division rounds (a subnormal m
// underflows to -0).
type fCells struct {
	rule *gaussRule
	s    interval.Interval
	h    float64
	j0   int
	done []bool
	f    [][4]interval.Interval // F_mm, F_v, F_mv, F_vv
}

// newFCells prepares the cells covering [lo, hi] (finite, |lo|, |hi| <=
// concaveMaxM concaveCell).
func newFCells(rule *gaussRule, s interval.Interval, lo, hi float64) *fCells {
	h := concaveCell
	for ((hi-lo)/h+1)*float64(len(rule.nodes)) > concaveMaxWork {
		h *= 2
	}
	j0, j1 := cellOf(lo, h), cellOf(hi, h)
	return &fCells{rule: rule, s: s, h: h, j0: j0, done: make([]bool, j1-j0+1), f: make([][4]interval.Interval, j1-j0+1)}
}

// cellOf returns the j with j h <= x < (j + 1) h.
func cellOf(x, h float64) int {
	j := int(math.Floor(x / h))
	for float64(j)*h > x {
		j--
	}
	for float64(j+1)*h <= x {
		j++
	}
	return j
}

// hull encloses the four derivatives over m x s.
func (c *fCells) hull(m interval.Interval) (fmm, fv, fmv, fvv interval.Interval) {
	j0, j1 := cellOf(m.Lo, c.h)-c.j0, cellOf(m.Hi, c.h)-c.j0
	for j := j0; j <= j1; j++ {
		if !c.done[j] {
			cell := interval.New(float64(j+c.j0)*c.h, float64(j+c.j0+1)*c.h)
			E := c.rule.momentsIval(cell, c.s, 4)
			c.f[j] = [4]interval.Interval{factFmm.eval(E), factFv.eval(E), factFmv.eval(E), factFvv.eval(E)}
			c.done[j] = true
		}
		f := c.f[j]
		if j == j0 {
			fmm, fv, fmv, fvv = f[0], f[1], f[2], f[3]
			continue
		}
		fmm, fv, fmv, fvv = fmm.Hull(f[0]), fv.Hull(f[1]), fmv.Hull(f[2]), fvv.Hull(f[3])
	}
	return fmm, fv, fmv, fvv
}

// lambdaMaxUp returns an upper bound of the largest eigenvalue of every
// symmetric matrix in the interval matrix h (d x d, both triangles), and
// false when none could be proved. A is the symmetrised midpoint and
// Delta >= ||h - A|| (Weyl adds it). With Q A's float64 eigenvectors, C =
// Q^T A Q is enclosed in interval arithmetic and Gershgorin bounds its
// largest eigenvalue by g; Q^T Q = I + E with ||E|| <= eps < 1, so by
// Ostrowski's theorem every eigenvalue of A is the matching one of C
// divided by a factor in [1 - eps, 1 + eps]: lambda_max(A) <= g / (1 + eps)
// when g < 0, g / (1 - eps) otherwise. C is nearly diagonal, so the bound
// is sharp to the rounding of the eigenvectors.
func lambdaMaxUp(h []interval.Interval, d int) (float64, bool) {
	a, delta := midpoint(h, d)
	_, vecs, ok := Eigen(mat.NewSymDense(d, append([]float64(nil), a...)), true)
	if !ok {
		return math.Inf(1), false
	}
	q := make([]interval.Interval, d*d)
	for i := range d {
		for j := range d {
			q[i*d+j] = interval.Point(vecs.At(i, j))
		}
	}
	aq := make([]interval.Interval, d*d) // A Q
	for i := range d {
		for j := range d {
			var s interval.Interval
			for k := range d {
				s = s.Add(interval.Point(a[i*d+k]).Mul(q[k*d+j]))
			}
			aq[i*d+j] = s
		}
	}
	g := math.Inf(-1)
	e := make([]interval.Interval, d*d) // Q^T Q - I
	for i := range d {
		row := 0.0
		for j := range d {
			var cij, qq interval.Interval
			for k := range d {
				cij = cij.Add(q[k*d+i].Mul(aq[k*d+j]))
				qq = qq.Add(q[k*d+i].Mul(q[k*d+j]))
			}
			if i == j {
				row = interval.Up(row + cij.Hi)
				qq = qq.Sub(interval.Point(1))
			} else {
				row = interval.Up(row + cij.Mag())
			}
			e[i*d+j] = qq
		}
		g = math.Max(g, row)
	}
	eps := normBound(d, func(i, j int) float64 { return e[i*d+j].Mag() })
	if !(eps < 1) {
		return math.Inf(1), false
	}
	var lam float64
	if g < 0 {
		lam = interval.Up(g / interval.Up(1+eps))
	} else {
		lam = interval.Up(g / interval.Down(1-eps))
	}
	return interval.Up(lam + delta), true
}
