package certify

import (
	"math"
	"testing"

	"pgregory.net/rapid"
)

// TestProfileClosedForms: for a constant M the profile's bounds are exact,
// so its radii must equal the closed forms: injectivity (mu - Delta) / M,
// zero uniqueness 2 (mu - Delta) / M - e, the existence margin's maximum
// (mu - Delta)^2 / (4 M) - g at r = (mu - Delta) / (2 M) and its smaller
// root. For a growing M, I(r) must lie above the exact integral and within
// the upper Riemann sum's loss (one cell's growth).
func TestProfileClosedForms(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		mu := rapid.Float64Range(0.1, 10).Draw(t, "mu")
		delta := mu * rapid.Float64Range(0, 0.5).Draw(t, "delta/mu")
		gap := mu - delta
		// M >= gap keeps every radius below the profile's reach (3 gap / M
		// <= rMax): there the closed forms are the answers.
		m := gap * rapid.Float64Range(1, 1000).Draw(t, "M/gap")
		p := newProfile(func(float64) float64 { return m }, gap)
		close := func(what string, got, want, tol float64) {
			t.Helper()
			if math.Abs(got-want) > tol*math.Abs(want)+1e-15 {
				t.Fatalf("%s = %.15g, want %.15g (mu %v delta %v M %v)", what, got, want, mu, delta, m)
			}
		}
		close("injectivity radius", p.injectivityRadius(mu, delta), gap/m, 1e-9)
		e := gap / m * rapid.Float64Range(0, 0.1).Draw(t, "e/r")
		close("zero-uniqueness radius", p.zeroUniquenessRadius(mu, delta, e), 2*gap/m-e, 1e-9)
		g := gap * gap / (4 * m) * rapid.Float64Range(0, 0.99).Draw(t, "g/gmax")
		r, f, rExist := p.existence(mu, delta, g)
		close("best radius", r, gap/(2*m), 1e-6)
		close("best margin", f, gap*gap/(4*m)-g, 1e-9)
		close("existence radius", rExist, 2*g/(gap+math.Sqrt(gap*gap-4*m*g)), 1e-9)
		// A growing M: I(r) >= int_0^r m0 e^(k s) ds, and above it by at most
		// the last cells' growth.
		k := rapid.Float64Range(0, 20).Draw(t, "growth")
		grow := newProfile(func(s float64) float64 { return m * math.Exp(k*s) }, gap)
		rr := grow.top() * rapid.Float64Range(0.01, 1).Draw(t, "r/top")
		exact := m * rr // x = k r: m (e^x - 1) / k = m r (e^x - 1) / x
		if x := k * rr; x > 0 {
			exact *= math.Expm1(x) / x
		}
		got := grow.integral(rr)
		if got < exact*(1-1e-12) || got > exact*math.Exp(k*grow.h)*(1+1e-12) {
			t.Fatalf("I(%v) = %v, exact %v, cell growth %v", rr, got, exact, math.Exp(k*grow.h))
		}
	})
}

// TestProfileBeyondGrid: radii beyond the grid are never claimed (+Inf
// bounds), and a profile with no slack (Delta >= mu) claims nothing.
func TestProfileBeyondGrid(t *testing.T) {
	p := newProfile(func(float64) float64 { return 1 }, 1)
	if top := p.top(); !math.IsInf(p.integral(top*1.01), 1) || !math.IsInf(p.mAt(top*1.01), 1) {
		t.Fatalf("beyond the grid (top %v): I = %v, M = %v", top, p.integral(top*1.01), p.mAt(top*1.01))
	}
	empty := newProfile(func(float64) float64 { return 1 }, 0)
	if r := empty.injectivityRadius(1, 1); r != 0 {
		t.Fatalf("no slack: injectivity radius %v", r)
	}
	if _, f, r := empty.existence(1, 1, 0); r != 0 || !math.IsInf(f, -1) {
		t.Fatalf("no slack: existence margin %v at %v", f, r)
	}
}
