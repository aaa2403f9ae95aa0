package sim

import "gonum.org/v1/gonum/mat"

// SimplifiedObjective is the noise-free population objective on the first
// two coordinates (THEORY section 4):
//
//	l~(a, b) = 1/4 [sigma(a)^2 + sigma(-a)^2 + sigma(a + tau b)^2 + sigma(-a + tau b)^2]
//	           - alpha (a^2 + b^2),
//	L~(W) = sum_k l~(w_k^(1), w_k^(2)).
//
// As an Objective on W (length 2d) it ignores coordinates 3..d: its gradient
// and Hessian vanish there, so its Hessian on R^{2d} is singular when d > 2.
// The paper's analysis works with the 2 x 2 blocks of RowHess.
type SimplifiedObjective struct {
	D          int
	Tau, Alpha float64
}

var _ HessianObjective = SimplifiedObjective{}

// NewSimplifiedObjective validates d >= 2, tau >= 0 and alpha >= 0.
func NewSimplifiedObjective(d int, tau, alpha float64) (SimplifiedObjective, error) {
	if err := checkD(d); err != nil {
		return SimplifiedObjective{}, err
	}
	if err := checkNonNegative("tau", tau); err != nil {
		return SimplifiedObjective{}, err
	}
	if err := checkNonNegative("alpha", alpha); err != nil {
		return SimplifiedObjective{}, err
	}
	return SimplifiedObjective{D: d, Tau: tau, Alpha: alpha}, nil
}

// sq returns f = sigma(u)^2 and its first two derivatives.
func sq(u float64) (f, f1, f2 float64) {
	s, p, p2, _, _ := SigmoidDerivs(u)
	return s * s, 2 * s * p, 2 * (p*p + s*p2)
}

// Row returns l~(a, b), its gradient (ga, gb) and its Hessian (haa, hab, hbb).
func (o SimplifiedObjective) Row(a, b float64) (l, ga, gb, haa, hab, hbb float64) {
	t := o.Tau
	f1, d1, s1 := sq(a)
	f2, d2, s2 := sq(-a)
	f3, d3, s3 := sq(a + t*b)
	f4, d4, s4 := sq(-a + t*b)
	l = (f1+f2+f3+f4)/4 - o.Alpha*(a*a+b*b)
	ga = (d1-d2+d3-d4)/4 - 2*o.Alpha*a
	gb = t*(d3+d4)/4 - 2*o.Alpha*b
	haa = (s1+s2+s3+s4)/4 - 2*o.Alpha
	hab = t * (s3 - s4) / 4
	hbb = t*t*(s3+s4)/4 - 2*o.Alpha
	return l, ga, gb, haa, hab, hbb
}

// Dim returns 2d.
func (o SimplifiedObjective) Dim() int { return 2 * o.D }

// Func returns L~(x).
func (o SimplifiedObjective) Func(x []float64) float64 { return rowsFuncGrad(o, o.D, nil, x) }

// Grad stores grad L~(x) in dst (zero on coordinates 3..d of each row).
func (o SimplifiedObjective) Grad(dst, x []float64) { rowsFuncGrad(o, o.D, dst, x) }

// FuncGrad stores grad L~(x) in dst and returns L~(x).
func (o SimplifiedObjective) FuncGrad(dst, x []float64) float64 {
	return rowsFuncGrad(o, o.D, dst, x)
}

// Hess stores the Hessian of L~ at x in dst.
func (o SimplifiedObjective) Hess(dst *mat.SymDense, x []float64) { rowsHess(o, o.D, dst, x) }

func (o SimplifiedObjective) rowFuncGrad(g, w []float64) float64 {
	l, ga, gb, _, _, _ := o.Row(w[0], w[1])
	if g != nil {
		clear(g)
		g[0], g[1] = ga, gb
	}
	return l
}

func (o SimplifiedObjective) rowHess(h *mat.SymDense, off int, w []float64) {
	_, _, _, haa, hab, hbb := o.Row(w[0], w[1])
	h.SetSym(off, off, haa)
	h.SetSym(off, off+1, hab)
	h.SetSym(off+1, off+1, hbb)
}
