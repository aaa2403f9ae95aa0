package sim

import "math"

// Ascent is deterministic gradient ascent on an objective to be maximised
// (the SSL objective at the expected or population fidelity):
// W <- W + eta grad L(W).
type Ascent struct{ Obj Objective }

var _ Stepper = Ascent{}

// Dim returns the objective's dimension.
func (a Ascent) Dim() int { return a.Obj.Dim() }

// Step stores eta grad L(x) in delta and returns L(x) and ||grad L(x)||.
func (a Ascent) Step(delta, x []float64, eta float64) (value, gradNorm float64) {
	value = a.Obj.FuncGrad(delta, x)
	gradNorm = norm(delta)
	for j := range delta {
		delta[j] *= eta
	}
	return value, gradNorm
}

// StochasticSSL is the reference SSL algorithm (fidelity 1 of THEORY
// section 4): every step draws fresh views of every training point,
//
//	x' = x + rho g',  x'' = x + rho g'',
//
// and ascends the objective on those views,
//
//	L^(W) = sum_i sum_k sigma(w_k.x_i') sigma(w_k.x_i'') - alpha n ||W||_F^2.
//
// Its gradient is an unbiased estimate of the expected objective's.
//
// The views are drawn in distribution, not coordinate by coordinate.
// Split each view noise g = B z + h, B an orthonormal basis of
// span(w1, w2) (d x r, r <= 2), z = B^T g ~ N(0, I_r) and h = (I - B B^T) g ~
// N(0, P) independent of z (P = I - B B^T). The pre-activations w_k.x' =
// w_k.x + rho w_k.B z depend on z only, and the gradient of row k is
//
//	sum_i (c'_ik + c''_ik) x_i + rho B sum_i (c'_ik z'_i + c''_ik z''_i) + rho R_k,
//
// with the c's functions of the z's. Given the z's, (R_1, R_2) is Gaussian with
// covariance C (x) P, where
//
//	R_k = sum_i (c'_ik h'_i + c''_ik h''_i),  C_jk = sum_i (c'_ij c'_ik + c''_ij c''_ik):
//
// it is drawn as L (P xi_1, P xi_2) with L L^T = C and xi_1, xi_2 ~ N(0, I_d).
// So one step draws the same joint distribution of (value, gradient) as
// drawing every view in full, from 4 normals a point and 2d a step instead
// of 2d a point: the views were most of the cost of every stochastic run
// (sim/stochastic_test.go compares the two samplers' gradient
// distributions). The draws are, point after point,
//
//	z'_1, z'_2, z''_1, z''_2
//
// from the seed's view stream, then xi_1 and xi_2 (d each). A step
// allocates nothing.
type StochasticSSL struct {
	data       *Dataset
	rho, alpha float64
	rng        *rng
	xi1, xi2   []float64    // the step's two d-vectors of the remainder
	b          [2][]float64 // the step's basis of span(w1, w2)
}

var _ Stepper = (*StochasticSSL)(nil)

// NewStochasticSSL returns the stepper on data with augmentation scale
// rho >= 0 and weight decay alpha >= 0, drawing views from seed's view stream.
func NewStochasticSSL(data *Dataset, rho, alpha float64, seed uint64) (*StochasticSSL, error) {
	if err := data.Validate(); err != nil {
		return nil, err
	}
	if err := checkNonNegative("rho", rho); err != nil {
		return nil, err
	}
	if err := checkNonNegative("alpha", alpha); err != nil {
		return nil, err
	}
	return &StochasticSSL{
		data: data, rho: rho, alpha: alpha,
		rng: newStream(seed, streamViews),
		xi1: make([]float64, data.D), xi2: make([]float64, data.D),
	}, nil
}

// Dim returns 2d.
func (s *StochasticSSL) Dim() int { return 2 * s.data.D }

// Step draws fresh views, stores eta grad L^(x) in delta and returns L^(x)
// and ||grad L^(x)|| on those views.
func (s *StochasticSSL) Step(delta, x []float64, eta float64) (value, gradNorm float64) {
	value = s.FuncGrad(delta, x)
	gradNorm = norm(delta)
	for j := range delta {
		delta[j] *= eta
	}
	return value, gradNorm
}

// rankTol is the relative size below which the component of w2 orthogonal
// to w1 is taken as 0 (span(w1, w2) of dimension 1): a row pair that
// parallel makes the second basis vector pure rounding noise.
const rankTol = 1e-12

// FuncGrad draws fresh views, stores the gradient of the objective on them
// in dst and returns its value.
func (s *StochasticSSL) FuncGrad(dst, x []float64) float64 {
	ds := s.data
	d := ds.D
	checkLen("x", x, 2*d)
	checkLen("dst", dst, 2*d)
	w1, w2 := x[:d:d], x[d:2*d:2*d]       // full slice expressions let the
	gr1, gr2 := dst[:d:d], dst[d:2*d:2*d] // compiler drop bounds checks
	clear(dst)
	// The basis of span(w1, w2): e1 = w1/|w1|, e2 = w2's part orthogonal
	// to it, normalised. In it w1.B z = p11 z1, w2.B z = p21 z1 + p22 z2.
	xi1, xi2 := s.xi1[:d:d], s.xi2[:d:d]
	e1, e2 := xi1, xi2 // scratch for the basis until the remainder is drawn
	var p11, p21, p22 float64
	n1 := norm(w1)
	r := 0
	if n1 > 0 {
		for j := range e1 {
			e1[j] = w1[j] / n1
		}
		p11, p21 = n1, dot(w2, e1)
		r = 1
	}
	var n2 float64
	for j := range e2 {
		e2[j] = w2[j] - p21*e1[j]
		if r == 0 {
			e2[j] = w2[j]
		}
		n2 += e2[j] * e2[j]
	}
	n2 = math.Sqrt(n2)
	if n2 > rankTol*norm(w2) && n2 > 0 {
		for j := range e2 {
			e2[j] /= n2
		}
		p22 = n2
		if r == 0 { // w1 = 0: the basis is e2 alone, in the first slot
			p21, p22 = n2, 0
			copy(e1, e2)
		}
		r++
	}
	// Keep the basis: xi1, xi2 are overwritten by the remainder below.
	var b [2][]float64
	b[0], b[1] = s.basis(0, e1, r), s.basis(1, e2, r)
	rho := s.rho
	var val float64
	var t1, t2 [2]float64 // sum_i (c'_ik z'_i + c''_ik z''_i), k = 1, 2
	var c11, c12, c22 float64
	for i := range ds.N {
		xi := ds.X[i*d : (i+1)*d]
		za1, za2 := s.rng.NormFloat64(), s.rng.NormFloat64()
		zb1, zb2 := s.rng.NormFloat64(), s.rng.NormFloat64()
		m1, m2 := dot2(w1, w2, xi)
		a1, b1 := p11*za1, p11*zb1
		a2, b2 := p21*za1+p22*za2, p21*zb1+p22*zb2
		// Row k, views ' and '': u = w.x + rho w.g.
		s1a, p1a := sigmoidAndDeriv(m1 + rho*a1)
		s1b, p1b := sigmoidAndDeriv(m1 + rho*b1)
		s2a, p2a := sigmoidAndDeriv(m2 + rho*a2)
		s2b, p2b := sigmoidAndDeriv(m2 + rho*b2)
		val += s1a*s1b + s2a*s2b
		// grad_w sigma(w.x')sigma(w.x'') = c' x' + c'' x'', with
		// x' = x + rho g': the x part has coefficient c' + c''.
		c1a, c1b := p1a*s1b, s1a*p1b
		c2a, c2b := p2a*s2b, s2a*p2b
		c1, c2 := c1a+c1b, c2a+c2b
		for j, v := range xi {
			gr1[j] += c1 * v
			gr2[j] += c2 * v
		}
		t1[0] += c1a*za1 + c1b*zb1
		t1[1] += c1a*za2 + c1b*zb2
		t2[0] += c2a*za1 + c2b*zb1
		t2[1] += c2a*za2 + c2b*zb2
		c11 += c1a*c1a + c1b*c1b
		c12 += c1a*c2a + c1b*c2b
		c22 += c2a*c2a + c2b*c2b
	}
	// The remainder: (R1, R2) = L (P xi1, P xi2), L L^T = [[c11, c12], [c12, c22]].
	s.rng.FillNormal(xi1)
	s.rng.FillNormal(xi2)
	for _, v := range [2][]float64{xi1, xi2} {
		for k := range r {
			project(v, b[k])
		}
	}
	l11 := math.Sqrt(c11)
	var l21, l22 float64
	if l11 > 0 {
		l21 = c12 / l11
		l22 = math.Sqrt(math.Max(c22-l21*l21, 0))
	} else {
		l22 = math.Sqrt(c22)
	}
	for j := range d {
		var bt1, bt2 float64 // B t_k
		for k := range r {
			bt1 += b[k][j] * t1[k]
			bt2 += b[k][j] * t2[k]
		}
		gr1[j] += rho * (bt1 + l11*xi1[j])
		gr2[j] += rho * (bt2 + l21*xi1[j] + l22*xi2[j])
	}
	n := float64(ds.N)
	for j := range x {
		dst[j] -= 2 * s.alpha * n * x[j]
	}
	return val - s.alpha*n*dot(x, x)
}

// dot2 returns w1.x and w2.x, with four partial sums so that the two
// products of consecutive coordinates do not wait for each other (the
// pre-activations are half of a stochastic step's arithmetic).
func dot2(w1, w2, x []float64) (m1, m2 float64) {
	var a1, a2, b1, b2 float64
	j := 0
	for ; j+1 < len(x); j += 2 {
		v0, v1 := x[j], x[j+1]
		a1 += w1[j] * v0
		b1 += w1[j+1] * v1
		a2 += w2[j] * v0
		b2 += w2[j+1] * v1
	}
	if j < len(x) {
		a1 += w1[j] * x[j]
		a2 += w2[j] * x[j]
	}
	return a1 + b1, a2 + b2
}

// basis copies basis vector k (of r) into the stepper's own storage, so
// that the scratch it was built in can hold the remainder's draws.
func (s *StochasticSSL) basis(k int, e []float64, r int) []float64 {
	if k >= r {
		return nil
	}
	if cap(s.b[k]) < len(e) {
		s.b[k] = make([]float64, len(e))
	}
	s.b[k] = s.b[k][:len(e)]
	copy(s.b[k], e)
	return s.b[k]
}

// project removes from v its component along the unit vector e.
func project(v, e []float64) {
	c := dot(v, e)
	for j := range v {
		v[j] -= c * e[j]
	}
}

// SLDescent is gradient descent on the SL loss in the reference order
// (THEORY section 5): W <- W - eta grad_W(W_t, F_t), then
// F <- F - eta grad_F(W_{t+1}, F_t). The iterate is (W, F). A step
// allocates nothing once the first step has sized the hidden-layer caches.
type SLDescent struct {
	obj       *SLObjective
	wNext     []float64
	cur, next slHidden // hidden layer at W_t and at W_{t+1}
}

var _ Stepper = (*SLDescent)(nil)

// NewSLDescent returns the reference SL trainer for obj.
func NewSLDescent(obj *SLObjective) *SLDescent {
	return &SLDescent{obj: obj, wNext: make([]float64, 2*obj.data.D)}
}

// Dim returns 2d + 2.
func (s *SLDescent) Dim() int { return s.obj.Dim() }

// Step stores the reference update in delta. It returns the loss at x and
// the norm of the gradient the update follows: (grad_W at (W_t, F_t),
// grad_F at (W_{t+1}, F_t)).
func (s *SLDescent) Step(delta, x []float64, eta float64) (value, gradNorm float64) {
	return s.step(delta, x, eta, true)
}

// StepGrad is Step without the loss (Train's lazy path: the loss's
// logarithms are a sixth of a step).
func (s *SLDescent) StepGrad(delta, x []float64, eta float64) (gradNorm float64) {
	_, gradNorm = s.step(delta, x, eta, false)
	return gradNorm
}

// ValueAt returns the loss at x, as Step computes it.
func (s *SLDescent) ValueAt(x []float64) float64 {
	d2 := 2 * s.obj.data.D
	checkLen("x", x, d2+2)
	var hid slHidden
	hid.compute(s.obj.data, x[:d2])
	return s.obj.lossGrad(nil, nil, x[:d2], x[d2:], &hid, true)
}

func (s *SLDescent) step(delta, x []float64, eta float64, wantLoss bool) (value, gradNorm float64) {
	d2 := 2 * s.obj.data.D
	checkLen("x", x, d2+2)
	checkLen("delta", delta, d2+2)
	w, f := x[:d2], x[d2:]
	gw, gf := delta[:d2], delta[d2:]
	if !s.cur.holds(w) { // first step, or x did not come from the last update
		s.cur.compute(s.obj.data, w)
	}
	value = s.obj.lossGrad(gw, nil, w, f, &s.cur, wantLoss)
	for j := range w {
		s.wNext[j] = w[j] - eta*gw[j]
	}
	s.next.compute(s.obj.data, s.wNext)
	s.obj.gradF(gf, f, &s.next)
	s.cur, s.next = s.next, s.cur
	gradNorm = norm(delta)
	for j := range delta {
		delta[j] *= -eta
	}
	return value, gradNorm
}
