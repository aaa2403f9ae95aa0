package certify

import (
	"fmt"
	"math"

	"github.com/nlssl/nlssl/internal/falgebra"
	"github.com/nlssl/nlssl/interval"
	"github.com/nlssl/nlssl/sim"
)

// RowEnclosure holds enclosures of one row's gradient (d entries) and
// Hessian (d x d, row-major, both triangles): for every entry, the exact
// value of the Gaussian expectation lies in the interval.
type RowEnclosure struct {
	D    int
	Grad []interval.Interval
	Hess []interval.Interval
}

// H returns the enclosure of Hessian entry (a, b).
func (e *RowEnclosure) H(a, b int) interval.Interval { return e.Hess[a*e.D+b] }

func newRowEnclosure(d int) RowEnclosure {
	return RowEnclosure{D: d, Grad: make([]interval.Interval, d), Hess: make([]interval.Interval, d*d)}
}

// addOuter adds c u v^T + c v u^T (both triangles) to the Hessian enclosure.
func (e *RowEnclosure) addSymOuter(c interval.Interval, u, v []interval.Interval) {
	for a := range e.D {
		for b := range e.D {
			e.Hess[a*e.D+b] = e.Hess[a*e.D+b].Add(c.Mul(u[a].Mul(v[b]).Add(v[a].Mul(u[b]))))
		}
	}
}

func (e *RowEnclosure) addDiag(c interval.Interval) {
	for a := range e.D {
		e.Hess[a*e.D+a] = e.Hess[a*e.D+a].Add(c)
	}
}

// Objective is an SSL objective that can be certified: besides its
// float64 value, gradient and Hessian (from sim), it gives for one row at a
// centre w the rigorous data the certificates need (Row).
type Objective interface {
	sim.HessianObjective
	// Row returns the rigorous data of one row at w (length d): the
	// enclosures of the gradient and Hessian and the third-derivative
	// bounds over balls around w.
	Row(w []float64) (*Row, error)
}

// Row is the rigorous data of one row of an objective at a centre W.
type Row struct {
	W []float64
	// Enclosure holds enclosures of the gradient and Hessian at W.
	Enclosure RowEnclosure
	// third builds Lipschitz's bound from the centre's values.
	third func(scale []float64) (func(r float64) float64, error)
}

// Lipschitz returns r -> M(r), an upper bound, proved from rigorous values
// at W and the sigmoid's derivative bounds over the ball, of the norm of
// the third derivative of the row objective over the ball {v : ||S (v - W)||
// <= r}, measured in the scaled coordinates y = S v (S = diag(scale),
// powers of 2; nil means identity): the Lipschitz constant of the Hessian
// on the ball, and so on every smaller ball with the same centre. M(r) is
// +Inf for an r that is not finite and >= 0.
func (r *Row) Lipschitz(scale []float64) (func(r float64) float64, error) {
	return r.third(scale)
}

// Expected is the expected objective of sim (fidelity 2) with its
// rigorous enclosures: the same formulas as sim's float64 code, in
// interval arithmetic with a quadrature whose error is proved.
type Expected struct{ *sim.ExpectedObjective }

// Population is the population objective of sim (fidelity 3) with its
// rigorous enclosures.
type Population struct{ *sim.PopulationObjective }

var (
	_ Objective = Expected{}
	_ Objective = Population{}
)

// For returns the certifiable form of obj: Expected for a
// *sim.ExpectedObjective, Population for a *sim.PopulationObjective, and
// an error naming the type for any other objective (the stochastic and
// simplified objectives have nothing to certify).
func For(obj sim.HessianObjective) (Objective, error) {
	switch o := obj.(type) {
	case Objective:
		return o, nil
	case *sim.ExpectedObjective:
		return Expected{o}, nil
	case *sim.PopulationObjective:
		return Population{o}, nil
	}
	return nil, paramErr("objective", fmt.Sprintf("%T", obj), "the expected or the population objective")
}

func points(x []float64) []interval.Interval {
	out := make([]interval.Interval, len(x))
	for i, v := range x {
		out[i] = interval.Point(v)
	}
	return out
}

func checkRow(w []float64, d int) error {
	if len(w) != d {
		return paramErr("row", fmt.Sprintf("%d entries", len(w)), fmt.Sprintf("d = %d entries", d))
	}
	return sim.CheckFinite("row", w)
}

// Row encloses the gradient and Hessian of one row of the expected
// objective at w (the formulas of sim's rowFuncGrad and rowHess) and keeps
// each point's U_mmm at w for the third-derivative bound.
func (o Expected) Row(w []float64) (*Row, error) {
	ds := o.Data()
	d := ds.D
	if err := checkRow(w, d); err != nil {
		return nil, err
	}
	e := newRowEnclosure(d)
	wI := points(w)
	rho2 := interval.Point(o.Rho()).Sqr()
	s := interval.Point(o.Rho()).Mul(interval.Dot(wI, wI).Sqrt())
	rule := newGaussRule(s.Hi)
	n := interval.Point(float64(ds.N))
	alphaN := interval.Point(o.Alpha()).Mul(n)
	var cv, sumVV, sumV interval.Interval
	c := make([]interval.Interval, d)
	fmmm := make([]interval.Interval, ds.N)
	fmm := make([]interval.Interval, ds.N)
	for i := range ds.N {
		x := points(ds.Point(i))
		m := interval.Dot(wI, x)
		E := rule.momentsIval(m, s, 4)
		fmmm[i] = evalTerms(termFmmm, E)
		coef := factFm.eval(E)
		fmm[i] = factFmm.eval(E)
		fmv := factFmv.eval(E)
		for a := range d {
			e.Grad[a] = e.Grad[a].Add(coef.Mul(x[a]))
			c[a] = c[a].Add(fmv.Mul(x[a]))
		}
		fv := factFv.eval(E)
		cv = cv.Add(fv)
		sumVV = sumVV.Add(factFvv.eval(E))
		sumV = sumV.Add(fv)
	}
	addWeightedGram(e.Hess, ds, fmm)
	twoRho2 := rho2.Scale(2)
	k := twoRho2.Mul(cv).Sub(alphaN.Scale(2))
	gv := make([]interval.Interval, d)
	for a := range d {
		e.Grad[a] = e.Grad[a].Add(k.Mul(wI[a]))
		gv[a] = twoRho2.Mul(wI[a])
	}
	e.addSymOuter(interval.Point(1), c, gv)
	e.addSymOuter(sumVV.Scale(0.5), gv, gv)
	e.addDiag(twoRho2.Mul(sumV).Sub(alphaN.Scale(2)))
	w0 := append([]float64(nil), w...)
	return &Row{W: w0, Enclosure: e, third: func(scale []float64) (func(float64) float64, error) {
		return o.thirdDerivative(w0, scale, fmmm)
	}}, nil
}

// addWeightedGram adds an enclosure of sum_i f_i x_i x_i^T (the main term
// of the Hessian, d x d, both triangles) to h, for enclosed weights f_i, in
// midpoint-radius arithmetic: the midpoints' sum S = sum_i mid_i x_i x_i^T
// in float64, its rounding bounded by gamma sum_i |mid_i| |x_i| |x_i|^T
// (every term is two products, the sum n of them: (n + 3) u per unit of
// the magnitudes, Higham 2002, eq. 3.5 and 4.4), plus the radii's
// sum_i rad_i |x_i| |x_i|^T, the magnitudes themselves summed in float64
// and rounded up by the same factor. It costs two float64 products per
// term instead of an interval product per term, the O(n d^2) part of the
// enclosure (it made d = 64 certificates take seconds).
func addWeightedGram(h []interval.Interval, ds *sim.Dataset, f []interval.Interval) {
	d := ds.D
	gamma := interval.Up(float64(ds.N+3) * 0x1p-53 * (1 + 1e-6))
	sum := make([]float64, d*d)
	mag := make([]float64, d*d)
	ax := make([]float64, d)
	for i := range ds.N {
		x := ds.Point(i)
		mid := f[i].Mid()
		wt := interval.Up(interval.Up(gamma*math.Abs(mid)) + interval.Up(f[i].Hi-mid) + interval.Up(mid-f[i].Lo))
		for a, v := range x {
			ax[a] = math.Abs(v)
		}
		for a := range d {
			ma, wa := mid*x[a], wt*ax[a]
			row, mrow := sum[a*d:], mag[a*d:]
			for b := a; b < d; b++ {
				row[b] += ma * x[b]
				mrow[b] += wa * ax[b]
			}
		}
	}
	up := 1 + 2*gamma // the magnitudes' own rounding, upward
	for a := range d {
		for b := a; b < d; b++ {
			r := interval.Up(mag[a*d+b] * up)
			v := interval.New(interval.Down(sum[a*d+b]-r), interval.Up(sum[a*d+b]+r))
			h[a*d+b] = h[a*d+b].Add(v)
			if b != a {
				h[b*d+a] = h[b*d+a].Add(v)
			}
		}
	}
}

// fTerm is C * T_I * T_J, T_k = E sigma^(k)(m + s g): every derivative of
// F = T^2 in (m, v) is a sum of such products (heat identity T_v = T_mm/2).
// The sums come from internal/falgebra, where sim's float64 derivatives
// are generated from too: the algebra is written once.
type fTerm = falgebra.Term

// The derivatives of F the objectives need, d_m^alpha d_v^gamma F =
// falgebra.F(alpha, gamma).
var (
	termFm    = falgebra.F(1, 0)
	termFmm   = falgebra.F(2, 0)
	termFmmm  = falgebra.F(3, 0)
	termFmmmm = falgebra.F(4, 0)
	termFv    = falgebra.F(0, 1)
	termFmv   = falgebra.F(1, 1)
	termFmmv  = falgebra.F(2, 1)
	termFvv   = falgebra.F(0, 2)
)

// evalTerms encloses sum C T_I T_J, each term as (T_I T_J) C.
func evalTerms(ts []fTerm, E [5]interval.Interval) interval.Interval {
	var s interval.Interval
	for _, t := range ts {
		s = s.Add(E[t.I].Mul(E[t.J]).Scale(t.C))
	}
	return s
}

// factoredF is a derivative of F in the factored form of falgebra.Factor,
// outer * sum C T_I T_J: the form sim's float64 code evaluates, which the
// expected objective's enclosure follows (a square T_I^2 enclosed by Sqr,
// which is tight when T_I's enclosure contains 0).
type factoredF struct {
	outer float64
	terms []fTerm
}

func factorF(ts []fTerm) factoredF {
	outer, inner := falgebra.Factor(ts)
	return factoredF{outer, inner}
}

// The derivatives of F of the expected objective's gradient and Hessian.
var (
	factFm  = factorF(termFm)
	factFmm = factorF(termFmm)
	factFmv = factorF(termFmv)
	factFv  = factorF(termFv)
	factFvv = factorF(termFvv)
)

// eval encloses the factored sum, left to right.
func (f factoredF) eval(E [5]interval.Interval) interval.Interval {
	var s interval.Interval
	for k, t := range f.terms {
		p := E[t.I].Mul(E[t.J])
		if t.I == t.J {
			p = E[t.I].Sqr()
		}
		if t.C != 1 {
			p = p.Scale(t.C)
		}
		if k == 0 {
			s = p
		} else {
			s = s.Add(p)
		}
	}
	if f.outer != 1 {
		s = s.Scale(f.outer)
	}
	return s
}

// termBounds returns bounds of |sum c T_i T_j| on the strip |Im m| <= pi/4
// and on the real line.
func termBounds(ts []fTerm) (strip, sup float64) {
	for _, t := range ts {
		c := math.Abs(t.C)
		strip = interval.Up(strip + interval.Up(c*interval.Up(cauchyBound(t.I)*cauchyBound(t.J))))
		sup = interval.Up(sup + interval.Up(c*interval.Up(sigmoidSup(t.I)*sigmoidSup(t.J))))
	}
	return strip, sup
}

// outerExpect encloses E_h G(m + sd h) for each of the term lists, where
// G's T_k are the inner moments at scale sa: a nested rigorous quadrature.
func outerExpect(outer, inner *gaussRule, m, sd, sa interval.Interval, lists ...[]fTerm) []interval.Interval {
	return outerExpectWith(outer, func(u interval.Interval) [5]interval.Interval { return inner.momentsIval(u, sa, 4) }, m, sd, lists...)
}

// outerExpectWith is outerExpect with the inner moments (k <= 4) at the
// outer node's mean u from the given kernel (momentsIval or the faster
// moments4 of the box enclosures).
func outerExpectWith(outer *gaussRule, innerMoments func(u interval.Interval) [5]interval.Interval, m, sd interval.Interval, lists ...[]fTerm) []interval.Interval {
	out := make([]interval.Interval, len(lists))
	for j, h := range outer.nodes {
		E := innerMoments(m.Add(sd.Scale(h)))
		w := outer.weights[j]
		for l, ts := range lists {
			out[l] = out[l].Add(w.Mul(evalTerms(ts, E)))
		}
	}
	for l, ts := range lists {
		strip, sup := termBounds(ts)
		b := outer.errorBound(strip, sup)
		out[l] = out[l].Add(interval.New(-b, b))
	}
	return out
}

// Row encloses the gradient and Hessian of one row of the population
// objective at w (the formulas of sim's rowFuncGrad and rowHess) and keeps
// each cluster's U_mmm at w for the third-derivative bound.
func (o Population) Row(w []float64) (*Row, error) {
	d := o.Distribution().D
	if err := checkRow(w, d); err != nil {
		return nil, err
	}
	e := newRowEnclosure(d)
	wI := points(w)
	rho2 := interval.Point(o.Distribution().Rho).Sqr()
	twoRho2 := rho2.Scale(2)
	va := rho2.Mul(interval.Dot(wI, wI))
	vd := va
	gvd := make([]interval.Interval, d)
	gva := make([]interval.Interval, d)
	ones := make([]interval.Interval, d)
	var sum interval.Interval
	for a := range d {
		gva[a] = twoRho2.Mul(wI[a])
		ones[a] = interval.Point(1)
		sum = sum.Add(wI[a])
	}
	if o.Distribution().Noise == sim.SharedScalar {
		vd = rho2.Mul(sum.Sqr())
		for a := range d {
			gvd[a] = twoRho2.Mul(sum)
		}
	} else {
		copy(gvd, gva)
	}
	sd, sa := vd.Sqrt(), va.Sqrt()
	outer, inner := newGaussRule(sd.Hi), newGaussRule(sa.Hi)
	quarter := interval.Point(0.25)
	var svd, sva, svdvd, svava, svdva interval.Interval
	var ummm []interval.Interval        // U_mmm per cluster, in sim.Clusters order
	cm := make([]interval.Interval, d)  // sum_c U_mvd c
	mmv := make([]interval.Interval, d) // sum_c U_mva c
	sim.Clusters(func(y, z float64) {
		mc := interval.Point(y).Mul(wI[0]).Add(interval.Point(o.Distribution().Tau * z).Mul(wI[1])) // tau z is exact: z is 0 or 1
		u := outerExpect(outer, inner, mc, sd, sa, termFm, termFmm, termFv, termFmmm, termFmv, termFmmmm, termFvv, termFmmv)
		um, uvd, uva := u[0], u[1].Scale(0.5), u[2]
		umm, umvd, umva := u[1], u[3].Scale(0.5), u[4]
		uvdvd, uvava, uvdva := u[5].Scale(0.25), u[6], u[7].Scale(0.5)
		ummm = append(ummm, u[3])
		cc := []interval.Interval{interval.Point(y), interval.Point(o.Distribution().Tau * z)}
		for a := range 2 {
			e.Grad[a] = e.Grad[a].Add(um.Mul(cc[a]).Mul(quarter))
			cm[a] = cm[a].Add(umvd.Mul(cc[a]).Mul(quarter))
			mmv[a] = mmv[a].Add(umva.Mul(cc[a]).Mul(quarter))
			for b := range 2 {
				e.Hess[a*d+b] = e.Hess[a*d+b].Add(umm.Mul(cc[a].Mul(cc[b])).Mul(quarter))
			}
		}
		svd = svd.Add(uvd.Mul(quarter))
		sva = sva.Add(uva.Mul(quarter))
		svdvd = svdvd.Add(uvdvd.Mul(quarter))
		svava = svava.Add(uvava.Mul(quarter))
		svdva = svdva.Add(uvdva.Mul(quarter))
	})
	n := interval.Point(o.N())
	alpha2 := interval.Point(o.Alpha()).Scale(2)
	k := twoRho2.Mul(sva).Sub(alpha2)
	for a := range d {
		e.Grad[a] = e.Grad[a].Add(svd.Mul(gvd[a])).Add(k.Mul(wI[a])).Mul(n)
	}
	e.addSymOuter(interval.Point(1), cm, gvd)
	e.addSymOuter(interval.Point(1), mmv, gva)
	e.addSymOuter(svdvd.Scale(0.5), gvd, gvd)
	e.addSymOuter(svava.Scale(0.5), gva, gva)
	e.addSymOuter(svdva, gvd, gva)
	if o.Distribution().Noise == sim.SharedScalar {
		e.addSymOuter(svd.Mul(rho2), ones, ones)
	} else {
		e.addDiag(twoRho2.Mul(svd))
	}
	e.addDiag(k)
	for a := range e.Hess {
		e.Hess[a] = e.Hess[a].Mul(n)
	}
	w0 := append([]float64(nil), w...)
	return &Row{W: w0, Enclosure: e, third: func(scale []float64) (func(float64) float64, error) {
		return o.thirdDerivative(w0, scale, ummm)
	}}, nil
}
