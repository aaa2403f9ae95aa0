package sim

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/diff/fd"
	"pgregory.net/rapid"
)

// TestSigmoidDerivativesFD: each derivative of sigma equals the central
// difference of the one before, over [-40, 40]. The derivatives are bounded
// by 1/4 and their next derivative by 1/8, so an absolute tolerance of 1e-8
// (truncation h^2/6 * 0.13 ~ 3e-12 at h = 6e-6, rounding 2e-16/h ~ 4e-11)
// is generous.
func TestSigmoidDerivativesFD(t *testing.T) {
	const tol = 1e-8
	rapid.Check(t, func(t *rapid.T) {
		x := rapid.Float64Range(-40, 40).Draw(t, "x")
		for k := range 4 {
			want := fd.Derivative(func(u float64) float64 { return SigmoidDeriv(u, k) }, x, &fd.Settings{Formula: fd.Central})
			if got := SigmoidDeriv(x, k+1); math.Abs(got-want) > tol {
				t.Fatalf("sigma^(%d)(%v) = %v, central difference of sigma^(%d) = %v", k+1, x, got, k, want)
			}
		}
	})
}

// TestSigmoidFinite: every derivative is finite for every finite input,
// including the extremes, and sigma stays in [0, 1].
func TestSigmoidFinite(t *testing.T) {
	xs := []float64{0, math.Copysign(0, -1), 1e-300, -1e-300, 36, -36, 37, -37, 709, -709, 710, -710, 745, -745, 1e300, -1e300,
		math.MaxFloat64, -math.MaxFloat64, math.SmallestNonzeroFloat64, math.Inf(1), math.Inf(-1)}
	for _, x := range xs {
		d0, d1, d2, d3, d4 := SigmoidDerivs(x)
		for k, v := range []float64{d0, d1, d2, d3, d4} {
			if !isFinite(v) {
				t.Errorf("sigma^(%d)(%v) = %v, want finite", k, x, v)
			}
		}
		if d0 < 0 || d0 > 1 {
			t.Errorf("sigma(%v) = %v, outside [0, 1]", x, d0)
		}
		if sp := Softplus(x); math.IsNaN(sp) || sp < 0 {
			t.Errorf("Softplus(%v) = %v", x, sp)
		}
	}
	if !math.IsNaN(Sigmoid(math.NaN())) {
		t.Error("Sigmoid(NaN) is not NaN")
	}
}

// TestSigmoidTailAccuracy: in the far tails sigma(-x) and sigma' keep full
// relative accuracy (~exp(-x)), where 1 - sigma(x) would be 0.
func TestSigmoidTailAccuracy(t *testing.T) {
	for _, x := range []float64{20, 40, 100, 700} {
		want := math.Exp(-x) / (1 + math.Exp(-x))
		if got := Sigmoid(-x); math.Abs(got-want) > 4e-16*want {
			t.Errorf("Sigmoid(%v) = %v, want %v", -x, got, want)
		}
		wantP := want / (1 + math.Exp(-x)) // sigma(x) sigma(-x)
		if _, p, _, _, _ := SigmoidDerivs(x); math.Abs(p-wantP) > 4e-16*wantP {
			t.Errorf("sigma'(%v) = %v, want %v", x, p, wantP)
		}
	}
}

// TestSigmoidKnownValues checks the constants of NUMERICS.md.
func TestSigmoidKnownValues(t *testing.T) {
	xm := math.Log(2 + math.Sqrt(3))
	for _, c := range []struct {
		x    float64
		k    int
		want float64
	}{
		{0, 0, 0.5}, {0, 1, 0.25}, {0, 2, 0}, {0, 3, -0.125},
		{xm, 2, -math.Sqrt(3) / 18}, {-xm, 2, math.Sqrt(3) / 18}, {xm, 3, 0},
	} {
		if got := SigmoidDeriv(c.x, c.k); math.Abs(got-c.want) > 1e-15 {
			t.Errorf("sigma^(%d)(%v) = %v, want %v", c.k, c.x, got, c.want)
		}
	}
	if !math.IsNaN(SigmoidDeriv(0, 5)) {
		t.Error("SigmoidDeriv(0, 5) is not NaN")
	}
	// Softplus(u) - Softplus(-u) = u, and Softplus = -log sigma(-u).
	for _, u := range []float64{-30, -1, 0, 0.5, 3, 30} {
		if got := Softplus(u) - Softplus(-u); math.Abs(got-u) > 1e-14*math.Max(1, math.Abs(u)) {
			t.Errorf("Softplus(%v) - Softplus(%v) = %v", u, -u, got)
		}
		if got, want := Softplus(u), -math.Log(Sigmoid(-u)); math.Abs(got-want) > 1e-14*math.Max(1, want) {
			t.Errorf("Softplus(%v) = %v, want %v", u, got, want)
		}
	}
}
