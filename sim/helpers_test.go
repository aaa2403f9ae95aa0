package sim

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/mat"
	"pgregory.net/rapid"
)

// Tolerances, named by kind. Each is relative to max(1, the size of the
// reference value) so that one number serves n = 1 and n = 144 alike.
const (
	// tolRound: the same quantity computed along two summation orders (a
	// reflected or rotated problem): a few roundings of sums of O(n) terms.
	tolRound = 1e-11
	// tolFD: analytic derivative against gonum's central differences
	// (step 6e-6 for gradients). Truncation h^2/6 |f'''| is at most about
	// 1e-8 of the gradient's size for |x| <= 20 and rounding eps |f| / h
	// about 4e-11: 1e-6 leaves a margin of 100, while the mutations we
	// tried (a dropped weight decay, a missing factor 2, a flipped sign)
	// change the gradient by 1e-3 of its size or more.
	tolFD = 1e-6
)

// relErr returns max_j |a_j - b_j| / max(1, max_j |b_j|).
func relErr(a, b []float64) float64 {
	var diff, scale float64
	for j := range a {
		diff = math.Max(diff, math.Abs(a[j]-b[j]))
		scale = math.Max(scale, math.Abs(b[j]))
	}
	return diff / math.Max(1, scale)
}

// problem is a random point of the model's parameter space.
type problem struct {
	d, n            int
	tau, rho, alpha float64
	noise           Noise
	seed            uint64
	w               []float64 // a random W (2d)
	data            *Dataset
	beta, gamma     float64
}

func (p problem) String() string {
	return fmt.Sprintf("d=%d n=%d tau=%.4g rho=%.4g alpha=%.4g noise=%v seed=%d", p.d, p.n, p.tau, p.rho, p.alpha, p.noise, p.seed)
}

// drawProblem draws d in [2, maxD], n in [1, maxN], tau in [0, 20],
// entries of W in [-4, 4], alpha, beta, gamma in [0, 0.05], the noise mode,
// and rho in [0, min(0.5, 1/S)] where S is the largest factor the noise
// scale is multiplied by: ||w_k|| for the augmentation (and isotropic data
// noise), |1.w_k| for shared-scalar data noise. Every Gaussian average the
// objectives compute then has a scale s <= 1, where the 32-node rule is
// accurate to 2e-9 or better in every moment (quadAccuracy); larger s is
// covered by TestQuadratureAccuracy and needs more nodes.
func drawProblem(t *rapid.T, maxD, maxN int) problem {
	var p problem
	p.d = rapid.IntRange(2, maxD).Draw(t, "d")
	p.n = rapid.IntRange(1, maxN).Draw(t, "n")
	p.tau = rapid.Float64Range(0, 20).Draw(t, "tau")
	p.w = rapid.SliceOfN(rapid.Float64Range(-4, 4), 2*p.d, 2*p.d).Draw(t, "w")
	p.noise = rapid.SampledFrom([]Noise{Isotropic, SharedScalar}).Draw(t, "noise")
	scale := 1e-9
	for k := range 2 {
		row := p.w[k*p.d : (k+1)*p.d]
		scale = math.Max(scale, norm(row))
		if p.noise == SharedScalar {
			var sum float64
			for _, v := range row {
				sum += v
			}
			scale = math.Max(scale, math.Abs(sum))
		}
	}
	p.rho = rapid.Float64Range(0, math.Min(0.5, 1/scale)).Draw(t, "rho")
	p.alpha = rapid.Float64Range(0, 0.05).Draw(t, "alpha")
	p.beta = rapid.Float64Range(0, 0.05).Draw(t, "beta")
	p.gamma = rapid.Float64Range(0, 0.05).Draw(t, "gamma")
	p.seed = rapid.Uint64().Draw(t, "seed")
	ds, err := Distribution{D: p.d, Tau: p.tau, Rho: p.rho, Noise: p.noise}.Sample(p.n, p.seed)
	if err != nil {
		t.Fatalf("%v: %v", p, err)
	}
	p.data = ds
	return p
}

// gradientError returns the relative error of obj's analytic gradient
// against central differences of obj.Func at x.
func gradientError(obj Objective, x []float64) float64 {
	got := make([]float64, len(x))
	obj.Grad(got, x)
	want := fd.Gradient(nil, obj.Func, x, &fd.Settings{Formula: fd.Central})
	return relErr(got, want)
}

// hessianError returns the relative error of obj's Hessian against central
// differences of its analytic gradient, and the Hessian's asymmetry.
func hessianError(obj HessianObjective, x []float64) (errFD, asym float64) {
	n := len(x)
	h := mat.NewSymDense(n, nil)
	obj.Hess(h, x)
	j := mat.NewDense(n, n, nil)
	fd.Jacobian(j, func(y, x []float64) { obj.Grad(y, x) }, x, &fd.JacobianSettings{Formula: fd.Central})
	got := make([]float64, 0, n*n)
	want := make([]float64, 0, n*n)
	for r := range n {
		for c := range n {
			got = append(got, h.At(r, c))
			want = append(want, j.At(r, c))
			asym = math.Max(asym, math.Abs(j.At(r, c)-j.At(c, r)))
		}
	}
	return relErr(got, want), asym
}

// requireRelErr fails t when err > tol, naming what was compared.
func requireRelErr(t interface {
	Helper()
	Fatalf(string, ...any)
}, what string, err, tol float64, ctx fmt.Stringer) {
	t.Helper()
	if !(err <= tol) {
		t.Fatalf("%s: relative error %.3g > %.3g at %v", what, err, tol, ctx)
	}
}
