package sim

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
// section 4): every step draws fresh views x' = x + rho g', x” = x + rho g”
// of every training point and ascends the objective on those views,
//
//	L^(W) = sum_i sum_k sigma(w_k.x_i') sigma(w_k.x_i'') - alpha n ||W||_F^2.
//
// Its gradient is an unbiased estimate of the expected objective's. The
// views of point i are drawn as d normals for g' then d normals for g”,
// point after point, from the seed's view stream. A step allocates nothing.
type StochasticSSL struct {
	data       *Dataset
	rho, alpha float64
	rng        *rng
	g1, g2     []float64 // one point's two view noises
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
		g1:  make([]float64, data.D), g2: make([]float64, data.D),
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
	g1, g2 := s.g1[:d:d], s.g2[:d:d]
	rho := s.rho
	var val float64
	for i := range ds.N {
		xi := ds.X[i*d : (i+1)*d]
		s.rng.FillNormal(g1)
		s.rng.FillNormal(g2)
		var m1, m2, a1, a2, b1, b2 float64
		for j, v := range xi {
			u1, u2 := w1[j], w2[j]
			m1 += u1 * v
			m2 += u2 * v
			a1 += u1 * g1[j]
			a2 += u2 * g1[j]
			b1 += u1 * g2[j]
			b2 += u2 * g2[j]
		}
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
		r1a, r1b, r2a, r2b := rho*c1a, rho*c1b, rho*c2a, rho*c2b
		for j, v := range xi {
			ga, gb := g1[j], g2[j]
			gr1[j] += c1*v + r1a*ga + r1b*gb
			gr2[j] += c2*v + r2a*ga + r2b*gb
		}
	}
	n := float64(ds.N)
	for j := range x {
		dst[j] -= 2 * s.alpha * n * x[j]
	}
	return val - s.alpha*n*dot(x, x)
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
