package certify

import (
	"math"
	"testing"

	"github.com/nlssl/nlssl/interval"
	"github.com/nlssl/nlssl/sim"
	"pgregory.net/rapid"
)

// TestSigmoidDerivs4Contains: the fast enclosures of sigma^(k), k <= 4,
// contain the float64 values at points of random intervals (thin and
// wide, far into both tails), like sigmoidDerivsIval's.
func TestSigmoidDerivs4Contains(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		lo := rapid.Float64Range(-50, 50).Draw(t, "lo")
		w := rapid.SampledFrom([]float64{0, 1e-12, 1e-3, 0.5, 10}).Draw(t, "width")
		u := interval.New(lo, lo+w)
		fast, plain := sigmoidDerivs4(u), sigmoidDerivsIval(u)
		x := lo + w*rapid.Float64Range(0, 1).Draw(t, "frac")
		d0, d1, d2, d3, d4 := sim.SigmoidDerivs(x)
		for k, v := range []float64{d0, d1, d2, d3, d4} {
			slack := 4e-16*math.Abs(v) + 1e-300
			if v < fast[k].Lo-slack || v > fast[k].Hi+slack {
				t.Fatalf("sigma^(%d)(%v) = %v outside the fast enclosure %v of %v", k, x, v, fast[k], u)
			}
			// No wider than the plain enclosure beyond rounding (1e-14 of
			// the derivative's scale).
			if fast[k].Width() > plain[k].Width()*(1+1e-12)+1e-14*(plain[k].Mag()+sigmoidSup(k)) {
				t.Fatalf("sigma^(%d) over %v: fast enclosure %v wider than the plain %v", k, u, fast[k], plain[k])
			}
		}
	})
}

// TestMoments4AgreesWithMomentsIval: over random m and s intervals the
// fast moments and momentsIval overlap, agree to 1e-14 (relative to the
// moment's scale, plus 1e-12 of the width) at both ends, and both contain
// the 200-node Gauss-Hermite value at point intervals.
func TestMoments4AgreesWithMomentsIval(t *testing.T) {
	ref, _ := sim.NewGaussHermite(sim.MaxQuadNodes)
	rapid.Check(t, func(t *rapid.T) {
		m0 := rapid.Float64Range(-10, 10).Draw(t, "m")
		mw := rapid.SampledFrom([]float64{0, 1e-9, 0.01, 1}).Draw(t, "m_width")
		s0 := rapid.Float64Range(0, 1).Draw(t, "s")
		sw := rapid.SampledFrom([]float64{0, 1e-9, 0.01, 0.2}).Draw(t, "s_width")
		m, s := interval.New(m0, m0+mw), interval.New(s0, s0+sw)
		rule := newGaussRule(s.Hi)
		fast, plain := rule.moments4(m, s), rule.momentsIval(m, s, 4)
		for k := range 5 {
			tol := 1e-14*(1+plain[k].Mag()) + 1e-12*plain[k].Width()
			if math.Abs(fast[k].Lo-plain[k].Lo) > tol || math.Abs(fast[k].Hi-plain[k].Hi) > tol {
				t.Fatalf("E sigma^(%d) over m %v, s %v: fast %v, plain %v", k, m, s, fast[k], plain[k])
			}
			if mw == 0 && sw == 0 {
				want := ref.Expect(func(u float64) float64 { return sim.SigmoidDeriv(u, k) }, m0, s0)
				if !(fast[k].Lo-1e-13 <= want && want <= fast[k].Hi+1e-13) {
					t.Fatalf("E sigma^(%d)(%v + %v g) = %v (200 nodes) outside the fast %v", k, m0, s0, want, fast[k])
				}
			}
		}
	})
}

// TestMomentsCheckCatchesAnError: the agreement check above fails when a
// moment is off by 1e-12 of its scale (a wrong formula is off by far
// more), so it is not vacuous. Errors at the rounding level (the rule's
// error bound is below 1e-20, the exponential's widening 4 ulps) are below
// what any float64 reference can see; they are argued in the code.
func TestMomentsCheckCatchesAnError(t *testing.T) {
	m, s := interval.Point(1.5), interval.Point(0.3)
	rule := newGaussRule(s.Hi)
	fast, plain := rule.moments4(m, s), rule.momentsIval(m, s, 4)
	for k := range 5 {
		tol := 1e-14*(1+plain[k].Mag()) + 1e-12*plain[k].Width()
		if math.Abs(fast[k].Lo-plain[k].Lo) > tol {
			t.Fatalf("the correct fast path disagrees at k = %d", k)
		}
		shifted := fast[k].Lo + 1e-12*(1+plain[k].Mag())
		if !(math.Abs(shifted-plain[k].Lo) > tol) {
			t.Fatalf("k = %d: a moment off by 1e-12 passes the agreement check", k)
		}
	}
}
