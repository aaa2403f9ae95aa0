package sim

import (
	"testing"

	"pgregory.net/rapid"
)

// The derivative properties: for every objective, the analytic gradient
// equals central differences of the value, and the analytic Hessian equals
// central differences of the gradient and is symmetric, at random points of
// the space drawn by drawProblem. Dimensions are kept to d <= 8 and n <= 30
// because each check costs O(d) evaluations; nothing in the code depends on
// d or n beyond loop bounds.

func TestExpectedDerivatives(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := drawProblem(t, 8, 30)
		obj, err := NewExpectedObjective(p.data, p.rho, p.alpha, 0)
		if err != nil {
			t.Fatal(err)
		}
		requireRelErr(t, "expected gradient", gradientError(obj, p.w), tolFD, p)
		herr, asym := hessianError(obj, p.w)
		requireRelErr(t, "expected Hessian", herr, tolFD, p)
		requireRelErr(t, "expected Hessian asymmetry", asym, tolFD*float64(p.n), p)
	})
}

func TestPopulationDerivatives(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := drawProblem(t, 8, 30)
		obj, err := NewPopulationObjective(Distribution{D: p.d, Tau: p.tau, Rho: p.rho, Noise: p.noise}, p.n, p.alpha, 0)
		if err != nil {
			t.Fatal(err)
		}
		requireRelErr(t, "population gradient", gradientError(obj, p.w), tolFD, p)
		herr, _ := hessianError(obj, p.w)
		requireRelErr(t, "population Hessian", herr, tolFD, p)
	})
}

func TestSimplifiedDerivatives(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := drawProblem(t, 6, 1)
		obj, err := NewSimplifiedObjective(p.d, p.tau, p.alpha)
		if err != nil {
			t.Fatal(err)
		}
		requireRelErr(t, "simplified gradient", gradientError(obj, p.w), tolFD, p)
		herr, _ := hessianError(obj, p.w)
		requireRelErr(t, "simplified Hessian", herr, tolFD, p)
	})
}

func TestSLDerivatives(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := drawProblem(t, 8, 30)
		obj, err := NewSLObjective(p.data, p.beta, p.gamma)
		if err != nil {
			t.Fatal(err)
		}
		f := rapid.SliceOfN(rapid.Float64Range(-6, 6), 2, 2).Draw(t, "f")
		x := append(append([]float64(nil), p.w...), f...)
		requireRelErr(t, "SL gradient", gradientError(obj, x), tolFD, p)
	})
}

// frozenViews makes the full-view reference sampler (fullViewGradient,
// the twin StochasticSSL is checked against in distribution) a
// deterministic function of W by restoring its generator before every
// evaluation: the gradient of the objective on one fixed draw of the views.
// StochasticSSL itself draws the views in distribution (their components
// along span(w1, w2) move with W), so it is not a function of W on fixed
// views; TestStochasticSamplerMatchesFullViews ties it to this twin.
type frozenViews struct {
	p     problem
	r     *rng
	saved rng
}

func (f frozenViews) Dim() int { return 2 * f.p.d }
func (f frozenViews) FuncGrad(dst, x []float64) float64 {
	*f.r = f.saved
	if dst == nil {
		dst = make([]float64, len(x))
	}
	return fullViewGradient(dst, f.p.data, f.p.rho, f.p.alpha, x, f.r)
}
func (f frozenViews) Func(x []float64) float64 { return f.FuncGrad(nil, x) }
func (f frozenViews) Grad(dst, x []float64)    { f.FuncGrad(dst, x) }

func TestStochasticDerivatives(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := drawProblem(t, 8, 30)
		r := newStream(p.seed, streamViews)
		requireRelErr(t, "full-view stochastic gradient on fixed views", gradientError(frozenViews{p, r, *r}, p.w), tolFD, p)
	})
}
