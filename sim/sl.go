package sim

import "math"

// SLObjective is the supervised loss of THEORY section 5, to be MINIMISED:
//
//	sum_i [-t_i log p_i - (1 - t_i) log(1 - p_i)] + beta n ||W||_F^2 + gamma n ||F||^2,
//	p_i = sigma(u_i), u_i = F . sigma(W x_i),
//
// on the state x = (W, F) of length 2d+2. The cross-entropy of a logit is
// computed as softplus(u) - t u, which never takes the log of 0.
type SLObjective struct {
	data        *Dataset
	beta, gamma float64
}

var _ Objective = (*SLObjective)(nil)

// NewSLObjective validates data and beta, gamma >= 0.
func NewSLObjective(data *Dataset, beta, gamma float64) (*SLObjective, error) {
	if err := data.Validate(); err != nil {
		return nil, err
	}
	if err := checkNonNegative("beta", beta); err != nil {
		return nil, err
	}
	if err := checkNonNegative("gamma", gamma); err != nil {
		return nil, err
	}
	return &SLObjective{data: data, beta: beta, gamma: gamma}, nil
}

// Dim returns 2d + 2.
func (o *SLObjective) Dim() int { return 2*o.data.D + 2 }

// Func returns the loss at x = (W, F).
func (o *SLObjective) Func(x []float64) float64 { return o.FuncGrad(nil, x) }

// Grad stores the gradient at x = (W, F) in dst (W part, then F part).
func (o *SLObjective) Grad(dst, x []float64) { o.FuncGrad(dst, x) }

// FuncGrad stores the gradient in dst (when dst is not nil) and returns the
// loss at x = (W, F).
func (o *SLObjective) FuncGrad(dst, x []float64) float64 {
	d := o.data.D
	checkLen("x", x, 2*d+2)
	w, f := x[:2*d], x[2*d:]
	var gw, gf []float64
	if dst != nil {
		checkLen("dst", dst, 2*d+2)
		gw, gf = dst[:2*d], dst[2*d:]
	}
	var hid slHidden
	hid.compute(o.data, w)
	return o.lossGrad(gw, gf, w, f, &hid, true)
}

// slHidden caches the hidden layer at one W: h_k(x_i) = sigma(w_k.x_i) and
// its derivative, for every point. The reference update evaluates grad_F at
// W_{t+1}, and the next step evaluates the loss and grad_W at the same
// W_{t+1}: the cache halves the exponentials of an SL step.
type slHidden struct {
	w    []float64 // the W the cache holds (2d)
	h, p []float64 // n x 2: sigma and sigma' of the two pre-activations
}

// compute fills the cache at w.
func (c *slHidden) compute(ds *Dataset, w []float64) {
	d := ds.D
	if len(c.h) != 2*ds.N {
		c.w = make([]float64, 2*d)
		c.h = make([]float64, 2*ds.N)
		c.p = make([]float64, 2*ds.N)
	}
	copy(c.w, w)
	w1, w2 := w[:d:d], w[d:2*d:2*d]
	for i := range ds.N {
		x := ds.X[i*d : (i+1)*d]
		c.h[2*i], c.p[2*i] = sigmoidAndDeriv(dot(w1, x))
		c.h[2*i+1], c.p[2*i+1] = sigmoidAndDeriv(dot(w2, x))
	}
}

// holds reports whether the cache was computed at exactly w.
func (c *slHidden) holds(w []float64) bool {
	if len(c.w) != len(w) {
		return false
	}
	for j, v := range w {
		if c.w[j] != v {
			return false
		}
	}
	return true
}

// lossGrad returns the loss (cross-entropy and weight decay) at (w, f),
// whose hidden layer is hid, and stores for non-nil gw or gf the gradients
// in them. Without wantLoss it skips the loss's logarithms and returns NaN.
func (o *SLObjective) lossGrad(gw, gf, w, f []float64, hid *slHidden, wantLoss bool) float64 {
	ds := o.data
	d := ds.D
	n := float64(ds.N)
	for j := range gw { // nothing when gw is nil
		gw[j] = 2 * o.beta * n * w[j]
	}
	if gf != nil {
		gf[0], gf[1] = 2*o.gamma*n*f[0], 2*o.gamma*n*f[1]
	}
	var loss float64
	for i := range ds.N {
		h1, h2 := hid.h[2*i], hid.h[2*i+1]
		u := f[0]*h1 + f[1]*h2
		t := ds.Target(i)
		sp, su := softplusSigmoid(u, wantLoss)
		loss += sp - t*u
		r := su - t // d loss / d u
		if gw != nil {
			x := ds.X[i*d : (i+1)*d]
			axpy(r*f[0]*hid.p[2*i], x, gw[:d])
			axpy(r*f[1]*hid.p[2*i+1], x, gw[d:])
		}
		if gf != nil {
			gf[0] += r * h1
			gf[1] += r * h2
		}
	}
	if !wantLoss {
		return math.NaN()
	}
	return loss + o.beta*n*dot(w, w) + o.gamma*n*dot(f, f)
}

// gradF stores grad_F of the loss at (W, f) in gf, where hid is the hidden
// layer at W: the second half of the reference update, which needs neither
// the loss nor grad_W.
func (o *SLObjective) gradF(gf, f []float64, hid *slHidden) {
	ds := o.data
	n := float64(ds.N)
	g0, g1 := 2*o.gamma*n*f[0], 2*o.gamma*n*f[1]
	for i := range ds.N {
		h1, h2 := hid.h[2*i], hid.h[2*i+1]
		r := Sigmoid(f[0]*h1+f[1]*h2) - ds.Target(i)
		g0 += r * h1
		g1 += r * h2
	}
	gf[0], gf[1] = g0, g1
}

// softplusSigmoid returns log(1 + exp(u)) (0 unless wantSP) and sigma(u)
// from one exponential.
func softplusSigmoid(u float64, wantSP bool) (sp, s float64) {
	e := math.Exp(-math.Abs(u))
	if wantSP {
		sp = math.Log1p(e)
	}
	if u > 0 {
		return u + sp, 1 / (1 + e)
	}
	return sp, e / (1 + e)
}

// sigmoidAndDeriv returns sigma(x) and sigma'(x) from one exponential.
func sigmoidAndDeriv(x float64) (s, p float64) {
	s, sm := sigmoidPair(x)
	return s, s * sm
}

// isFinite reports whether v is neither NaN nor infinite.
func isFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
