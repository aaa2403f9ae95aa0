package sim

import (
	"gonum.org/v1/gonum/mat"
)

// ExpectedObjective is the SSL objective averaged over the augmentation
// noise on a fixed dataset (fidelity 2 of THEORY section 4):
//
//	L(W) = sum_i sum_k S(w_k.x_i, rho ||w_k||)^2 - alpha n ||W||_F^2,
//	S(m, s) = E_{g~N(0,1)} sigma(m + s g).
//
// Derivatives use v = rho^2 ||w||^2 in place of s, which is smooth at w = 0,
// and the heat identity dS/dv = 1/2 d^2S/dm^2, so the gradient and Hessian
// are exact identities of the Gaussian expectation evaluated with the same
// Gauss-Hermite rule as the value.
type ExpectedObjective struct {
	data       *Dataset
	rho, alpha float64
	quad       *GaussHermite // nil: QuadAdaptive
}

var _ HessianObjective = (*ExpectedObjective)(nil)

// NewExpectedObjective returns the expected objective on data, with
// augmentation scale rho >= 0, weight decay alpha >= 0 and a Gauss-Hermite
// rule of quadNodes nodes (0 means DefaultQuadNodes; QuadAdaptive chooses
// per row evaluation from the scale rho ||w||).
func NewExpectedObjective(data *Dataset, rho, alpha float64, quadNodes int) (*ExpectedObjective, error) {
	if err := data.Validate(); err != nil {
		return nil, err
	}
	if err := checkNonNegative("rho", rho); err != nil {
		return nil, err
	}
	if err := checkNonNegative("alpha", alpha); err != nil {
		return nil, err
	}
	o := &ExpectedObjective{data: data, rho: rho, alpha: alpha}
	if quadNodes == QuadAdaptive {
		return o, nil
	}
	if quadNodes == 0 {
		quadNodes = DefaultQuadNodes
	}
	q, err := NewGaussHermite(quadNodes)
	if err != nil {
		return nil, err
	}
	o.quad = q
	return o, nil
}

// Data returns the dataset the objective averages over (not a copy: do not
// modify it).
func (o *ExpectedObjective) Data() *Dataset { return o.data }

// Rho returns the augmentation noise scale.
func (o *ExpectedObjective) Rho() float64 { return o.rho }

// Alpha returns the weight-decay coefficient.
func (o *ExpectedObjective) Alpha() float64 { return o.alpha }

// rule returns the quadrature rule for a row of scale s.
func (o *ExpectedObjective) rule(s float64) *GaussHermite {
	if o.quad == nil {
		return ruleFor(s)
	}
	return o.quad
}

// Dim returns 2d.
func (o *ExpectedObjective) Dim() int { return 2 * o.data.D }

// Func returns L(x).
func (o *ExpectedObjective) Func(x []float64) float64 { return o.FuncGrad(nil, x) }

// Grad stores grad L(x) in dst.
func (o *ExpectedObjective) Grad(dst, x []float64) { o.FuncGrad(dst, x) }

// FuncGrad stores grad L(x) in dst and returns L(x).
func (o *ExpectedObjective) FuncGrad(dst, x []float64) float64 {
	return rowsFuncGrad(o, o.data.D, dst, x)
}

// Hess stores the Hessian of L at x in dst (block diagonal, 2d x 2d).
func (o *ExpectedObjective) Hess(dst *mat.SymDense, x []float64) { rowsHess(o, o.data.D, dst, x) }

// rowFuncGrad: with T = E0, the per-point term is F = T^2 and
// grad F = 2 T E1 x + 2 rho^2 T E2 w  (F_m = 2 T T_m, F_v = 2 T T_v, T_v = E2/2;
// derivF, derivFm, derivFv of fderivs_gen.go).
func (o *ExpectedObjective) rowFuncGrad(g, w []float64) float64 {
	ds := o.data
	rho2 := o.rho * o.rho
	var ex nodeExps
	s := o.rho * norm(w)
	q := o.rule(s)
	q.nodeExps(s, &ex)
	n := float64(ds.N)
	var val, cv float64
	if g != nil {
		clear(g)
	}
	for i := range ds.N {
		x := ds.Point(i)
		e0, e1, e2 := q.sigmoidMoments3At(dot(w, x), &ex)
		val += derivF(e0)
		if g != nil {
			axpy(derivFm(e0, e1), x, g)
			cv += derivFv(e0, e2)
		}
	}
	ww := dot(w, w)
	if g != nil {
		axpy(2*rho2*cv-2*o.alpha*n, w, g)
	}
	return val - o.alpha*n*ww
}

// rowHess adds the row's d x d Hessian block at offset off:
//
//	H = sum_i F_mm x x^T + (c gv^T + gv c^T) + (sum F_vv) gv gv^T
//	    + (2 rho^2 sum F_v - 2 alpha n) I,
//
// with gv = 2 rho^2 w, c = sum_i F_mv x_i, F_mm = 2(E1^2 + E0 E2),
// F_mv = E1 E2 + E0 E3, F_vv = (E2^2 + E0 E4)/2, F_v = E0 E2 (generated:
// fderivs_gen.go).
func (o *ExpectedObjective) rowHess(h *mat.SymDense, off int, w []float64) {
	ds := o.data
	d := ds.D
	rho2 := o.rho * o.rho
	s := o.rho * norm(w)
	c := make([]float64, d)
	var sumVV, sumV float64
	raw := h.RawSymmetric()
	q := o.rule(s)
	for i := range ds.N {
		x := ds.Point(i)
		e := q.sigmoidMoments(dot(w, x), s)
		fmm := derivFmm(e[0], e[1], e[2])
		axpy(derivFmv(e[0], e[1], e[2], e[3]), x, c)
		sumVV += derivFvv(e[0], e[2], e[4])
		sumV += derivFv(e[0], e[2])
		addRawOuter(raw.Data, raw.Stride, off, fmm, x)
	}
	gv := make([]float64, d)
	axpy(2*rho2, w, gv)
	addSymOuter(h, off, 1, c, gv)
	addSymOuter(h, off, sumVV/2, gv, gv)
	addDiag(h, off, d, 2*rho2*sumV-2*o.alpha*float64(ds.N))
}

// addRawOuter adds c x x^T to the upper triangle of the block at (off, off)
// of a row-major symmetric matrix with the given stride: the inner loop of
// every Hessian, kept free of gonum's per-element bounds checks.
func addRawOuter(data []float64, stride, off int, c float64, x []float64) {
	if c == 0 {
		return
	}
	for i, xi := range x {
		cx := c * xi
		row := data[(off+i)*stride+off : (off+i)*stride+off+len(x)]
		for j := i; j < len(x); j++ {
			row[j] += cx * x[j]
		}
	}
}
