package sim

import (
	"testing"

	"pgregory.net/rapid"
)

// The derivative properties: for every objective, the analytic gradient
// equals central differences of the value, and (where the objective has
// one) the analytic Hessian equals central differences of the gradient, at
// random points of the space drawn by drawProblem. Dimensions are kept to
// d <= 8 and n <= 30 because each check costs O(d) evaluations; nothing in
// the code depends on d or n beyond loop bounds.
//
// One row per objective, one subtest each (TestDerivatives/expected, ...):
// scripts/mutants runs them by that name, and rapid keys a failfile by it
// (testdata/rapid/TestDerivatives_stochastic replays a kept case).

// derivativeCase is one objective's row.
type derivativeCase struct {
	name       string // the subtest, and the start of every failure message
	maxD, maxN int    // drawProblem's bounds
	// build makes the objective at the drawn problem and returns the point
	// to differentiate at (W, or W and the output layer for SL). It may
	// draw more (the drawing order is part of a kept failfile's meaning).
	// An error is a bug: drawProblem only draws valid parameters.
	build func(t *rapid.T, p problem) (Objective, []float64, error)
	// hessian: check the analytic Hessian too (obj must be a
	// HessianObjective); asymmetry, when non-nil, bounds the asymmetry of
	// the gradient's difference Jacobian (tolFD n for the expected
	// objective: a sum of n terms, each symmetric to tolFD).
	hessian   bool
	asymmetry func(p problem) float64
}

var derivativeCases = []derivativeCase{
	{name: "expected", maxD: 8, maxN: 30, hessian: true,
		build: func(t *rapid.T, p problem) (Objective, []float64, error) {
			obj, err := NewExpectedObjective(p.data, p.rho, p.alpha, 0)
			return obj, p.w, err
		},
		asymmetry: func(p problem) float64 { return tolFD * float64(p.n) }},
	{name: "population", maxD: 8, maxN: 30, hessian: true,
		build: func(t *rapid.T, p problem) (Objective, []float64, error) {
			dist := Distribution{D: p.d, Tau: p.tau, Rho: p.rho, Noise: p.noise}
			obj, err := NewPopulationObjective(dist, p.n, p.alpha, 0)
			return obj, p.w, err
		}},
	{name: "simplified", maxD: 6, maxN: 1, hessian: true,
		build: func(t *rapid.T, p problem) (Objective, []float64, error) {
			obj, err := NewSimplifiedObjective(p.d, p.tau, p.alpha)
			return obj, p.w, err
		}},
	{name: "SL", maxD: 8, maxN: 30,
		build: func(t *rapid.T, p problem) (Objective, []float64, error) {
			obj, err := NewSLObjective(p.data, p.beta, p.gamma)
			if err != nil {
				return nil, nil, err
			}
			f := rapid.SliceOfN(rapid.Float64Range(-6, 6), 2, 2).Draw(t, "f")
			return obj, append(append([]float64(nil), p.w...), f...), nil
		}},
	// The full-view stochastic gradient on one fixed draw of the views
	// (frozenViews below).
	{name: "stochastic", maxD: 8, maxN: 30,
		build: func(t *rapid.T, p problem) (Objective, []float64, error) {
			r := newStream(p.seed, streamViews)
			return frozenViews{p, r, *r}, p.w, nil
		}},
}

func TestDerivatives(t *testing.T) {
	for _, c := range derivativeCases {
		t.Run(c.name, func(t *testing.T) {
			rapid.Check(t, func(t *rapid.T) {
				p := drawProblem(t, c.maxD, c.maxN)
				obj, x, err := c.build(t, p)
				if err != nil {
					t.Fatal(err)
				}
				requireRelErr(t, c.name+" gradient", gradientError(obj, x), tolFD, p)
				if !c.hessian {
					return
				}
				herr, asym := hessianError(obj.(HessianObjective), x)
				requireRelErr(t, c.name+" Hessian", herr, tolFD, p)
				if c.asymmetry != nil {
					requireRelErr(t, c.name+" Hessian asymmetry", asym, c.asymmetry(p), p)
				}
			})
		})
	}
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
