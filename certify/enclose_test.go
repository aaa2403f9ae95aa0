package certify

import (
	"math"
	"testing"

	"github.com/nlssl/nlssl/interval"
	"github.com/nlssl/nlssl/sim"
	"gonum.org/v1/gonum/mat"
	"pgregory.net/rapid"
)

// TestSigmoidDerivsIvalContains: for random intervals (thin and wide), the
// enclosures of sigma^(k), k <= 6, contain the float64 values at points
// inside (allowing 4e-16 relative for the float64 values' own rounding).
func TestSigmoidDerivsIvalContains(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		lo := rapid.Float64Range(-50, 50).Draw(t, "lo")
		w := rapid.SampledFrom([]float64{0, 1e-12, 1e-3, 0.5, 10}).Draw(t, "width")
		u := interval.New(lo, lo+w)
		enc := sigmoidDerivsIval(u)
		x := lo + w*rapid.Float64Range(0, 1).Draw(t, "frac")
		d0, d1, d2, d3, d4 := sim.SigmoidDerivs(x)
		s, sm := sim.Sigmoid(x), sim.Sigmoid(-x)
		p := s * sm
		d5 := p * (1 - 30*p + 120*p*p)
		d6 := p * (sm - s) * (1 - 60*p + 360*p*p)
		for k, v := range []float64{d0, d1, d2, d3, d4, d5, d6} {
			slack := 4e-16*math.Abs(v) + 1e-300
			if v < enc[k].Lo-slack || v > enc[k].Hi+slack {
				t.Fatalf("sigma^(%d)(%v) = %v outside the enclosure %v of [%v, %v]", k, x, v, enc[k], u.Lo, u.Hi)
			}
		}
	})
}

// TestRigorousMomentsContainReference: the rigorous trapezoid enclosures of
// E sigma^(k)(m + s g) contain the 200-node Gauss-Hermite values to 1e-13
// (the float64 reference itself is only good to ~5e-14: the 64- and
// 200-node rules differ by that much for s <= 1) and are narrow enough to
// certify with (width below 1e-12).
func TestRigorousMomentsContainReference(t *testing.T) {
	ref, _ := sim.NewGaussHermite(sim.MaxQuadNodes)
	rapid.Check(t, func(t *rapid.T) {
		m := rapid.Float64Range(-10, 10).Draw(t, "m")
		s := rapid.Float64Range(0, 1).Draw(t, "s")
		rule := newGaussRule(s)
		enc := rule.momentsIval(interval.Point(m), interval.Point(s), 4)
		for k := range 5 {
			want := ref.Expect(func(u float64) float64 { return sim.SigmoidDeriv(u, k) }, m, s)
			if !(enc[k].Lo-1e-13 <= want && want <= enc[k].Hi+1e-13) {
				t.Fatalf("E sigma^(%d)(%v + %v g) = %v (200 nodes) outside %v", k, m, s, want, enc[k])
			}
			if enc[k].Width() > 1e-12 {
				t.Fatalf("E sigma^(%d)(%v + %v g): enclosure %v is %.3g wide", k, m, s, enc[k], enc[k].Width())
			}
		}
	})
}

// TestEncloseRowContainsFloat: the enclosures of a row's gradient and
// Hessian (expected and population objectives) contain the float64 values
// computed with 64 Gauss-Hermite nodes (exact to rounding for the scales
// drawProblem draws, s <= 1: quadTable), to 1e-11 of the entries' scale,
// and are at most 1e-9 of that scale wide.
func TestEncloseRowContainsFloat(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := drawProblem(t, 5, 12, 64)
		for _, obj := range p.objectives() {
			d := p.d
			g := make([]float64, 2*d)
			obj.Grad(g, p.w)
			h := mat.NewSymDense(2*d, nil)
			obj.Hess(h, p.w)
			for k := range 2 {
				row, err := obj.Row(p.w[k*d : (k+1)*d])
				if err != nil {
					t.Fatal(err)
				}
				enc := row.Enclosure
				check := func(what string, e interval.Interval, v, scale float64) {
					if !(e.Lo-1e-11*scale <= v && v <= e.Hi+1e-11*scale) || e.Width() > 1e-9*scale {
						t.Fatalf("%T row %d %s: float %v, enclosure %v (scale %v) at %v", obj, k, what, v, e, scale, p)
					}
				}
				gs := 1 + maxAbsEntry(g)
				for a := range d {
					check("gradient", enc.Grad[a], g[k*d+a], gs)
					for b := range d {
						check("Hessian", enc.H(a, b), h.At(k*d+a, k*d+b), gs)
					}
				}
			}
		}
	})
}

// TestThirdDerivativeBoundDominates: the certified bound M of the third
// derivative over a ball is never below the project's sampled lower bound
// (SampledLipschitz: power iterations and a scan of the ball along the
// best direction) on random balls, dimensions, data and parameters, in
// random scales. M is proved, so this can only fail if the proof or its
// code is wrong: a smaller certified M would be a false certificate. The
// tolerance covers the sampled value's own error: truncation of the
// central second differences (h <= 1e-3, ~1e-6 relative) and rounding
// (~1e-16 |grad| / h^2).
func TestThirdDerivativeBoundDominates(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := drawProblem(t, 5, 15, 64)
		d := p.d
		r := rapid.Float64Range(0.001, 1).Draw(t, "r")
		scale := drawScale(t, d)
		k := rapid.IntRange(0, 1).Draw(t, "row")
		seed := rapid.Uint64().Draw(t, "seed")
		for _, obj := range p.objectives() {
			m := lipschitz(t, obj, p.w[k*d:(k+1)*d], scale)(r)
			sampled := SampledLipschitz(obj, p.w, k, scale, r, 2, seed)
			if sampled > m*(1+1e-6)+1e-7 {
				t.Fatalf("%T row %d: sampled |D^3 L| = %.8g on the ball exceeds the certified M = %.8g (r = %v, scale %v) at %v", obj, k, sampled, m, r, scale, p)
			}
		}
	})
}

// TestFactoredEnvelopeSums: the envelope sums from factored exponentials
// (exp(-(m + x)) = exp(-m) exp(-x), the fast path of M(r)) equal the direct
// sums cell by cell to 1e-13 relative, over means from -250 to 250 and
// scales up to 30, for both envelopes; and where a factor could overflow
// the direct path is taken.
func TestFactoredEnvelopeSums(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		slo := rapid.Float64Range(0, 30).Draw(t, "slo")
		shi := slo + rapid.Float64Range(0, 5).Draw(t, "ds")
		mlo := rapid.Float64Range(-250, 250).Draw(t, "mlo")
		mhi := mlo + rapid.Float64Range(0, 20).Draw(t, "dm")
		fast := newGaussCells(slo, shi)
		direct := *fast
		direct.fast = false
		for _, env := range []envelope{envP, envSigma} {
			a, b := fast.supExpect(env, mlo, mhi), direct.supExpect(env, mlo, mhi)
			if math.Abs(a-b) > 1e-13*b {
				t.Fatalf("envelope %d on [%v, %v] + [%v, %v] g: factored %v, direct %v", env, mlo, mhi, slo, shi, a, b)
			}
		}
	})
	if gc := newGaussCells(0, 40); gc.fast {
		t.Fatal("scale 40 (factor exp(320)) must take the direct path")
	}
}
