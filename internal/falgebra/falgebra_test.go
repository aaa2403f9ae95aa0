package falgebra

import (
	"math"
	"slices"
	"testing"
)

// TestFTables: the tables match the derivatives of F = T^2 worked out by
// hand (THEORY.md section 4; the term lists certify used before they were
// generated), in the canonical order.
func TestFTables(t *testing.T) {
	for _, c := range []struct {
		alpha, gamma int
		want         []Term
	}{
		{0, 0, []Term{{1, 0, 0}}},
		{1, 0, []Term{{2, 0, 1}}},
		{2, 0, []Term{{2, 1, 1}, {2, 0, 2}}},
		{3, 0, []Term{{6, 1, 2}, {2, 0, 3}}},
		{4, 0, []Term{{6, 2, 2}, {8, 1, 3}, {2, 0, 4}}},
		{0, 1, []Term{{1, 0, 2}}},
		{1, 1, []Term{{1, 1, 2}, {1, 0, 3}}},
		{2, 1, []Term{{1, 2, 2}, {2, 1, 3}, {1, 0, 4}}},
		{0, 2, []Term{{0.5, 2, 2}, {0.5, 0, 4}}},
	} {
		if got := F(c.alpha, c.gamma); !slices.Equal(got, c.want) {
			t.Errorf("F(%d, %d) = %v, want %v", c.alpha, c.gamma, got, c.want)
		}
	}
	for _, c := range []struct {
		alpha, k int
		want     []Term
	}{
		{0, 0, []Term{{1, 0, 0}}},
		{1, 0, []Term{{2, 0, 1}}},
		{0, 1, []Term{{1, 1, 1}, {2, 0, 2}}},
		{2, 0, []Term{{2, 1, 1}, {2, 0, 2}}},
		{1, 1, []Term{{4, 1, 2}, {2, 0, 3}}},
		{0, 2, []Term{{3, 2, 2}, {4, 1, 3}, {2, 0, 4}}},
	} {
		if got := V(c.alpha, c.k); !slices.Equal(got, c.want) {
			t.Errorf("V(%d, %d) = %v, want %v", c.alpha, c.k, got, c.want)
		}
	}
}

// TestFNumerically: the tables are the derivatives of T(m, v)^2 (by
// finite differences) for a T that satisfies the heat equation
// T_v = T_mm / 2 with m-derivatives in closed form:
// T = E sin(m + sqrt(v) g) = sin(m) exp(-v/2), T_k = sin^(k)(m) exp(-v/2).
func TestFNumerically(t *testing.T) {
	T := func(m, v float64) float64 { return math.Sin(m) * math.Exp(-v/2) }
	moments := func(m, v float64) [7]float64 {
		var e [7]float64
		for k := range e {
			e[k] = math.Sin(m+float64(k)*math.Pi/2) * math.Exp(-v/2)
		}
		return e
	}
	Fsq := func(m, v float64) float64 { return T(m, v) * T(m, v) }
	// d_m^a d_v^g by central differences, nested.
	var diff func(a, g int, m, v float64) float64
	diff = func(a, g int, m, v float64) float64 {
		const h = 1e-2
		switch {
		case a > 0:
			return (diff(a-1, g, m+h, v) - diff(a-1, g, m-h, v)) / (2 * h)
		case g > 0:
			return (diff(a, g-1, m, v+h) - diff(a, g-1, m, v-h)) / (2 * h)
		}
		return Fsq(m, v)
	}
	m, v := 0.7, 0.3
	e := moments(m, v)
	for g := 0; g <= 2; g++ {
		for a := 0; a+2*g <= 4; a++ {
			var got float64
			for _, t := range F(a, g) {
				got += t.C * e[t.I] * e[t.J]
			}
			if want := diff(a, g, m, v); math.Abs(got-want) > 1e-3 {
				t.Errorf("F(%d, %d) = %v, finite differences %v", a, g, got, want)
			}
		}
	}
}

// TestFactor: the factored form multiplies back to the table exactly.
func TestFactor(t *testing.T) {
	for g := 0; g <= 3; g++ {
		for a := 0; a <= 6; a++ {
			ts := F(a, g)
			outer, inner := Factor(ts)
			for k, in := range inner {
				if in.C*outer != ts[k].C || in.I != ts[k].I || in.J != ts[k].J {
					t.Fatalf("F(%d, %d): %v * %v is not %v", a, g, outer, inner, ts)
				}
				if len(ts) > 1 && in.C != math.Trunc(in.C) {
					t.Fatalf("F(%d, %d): inner coefficient %v", a, g, in.C)
				}
			}
		}
	}
	if o, in := Factor([]Term{{0.5, 2, 2}, {0.5, 0, 4}}); o != 0.5 || in[0].C != 1 || in[1].C != 1 {
		t.Fatalf("Factor(F_vv) = %v, %v", o, in)
	}
}

// TestSigmoidPoly: the recurrence gives NUMERICS.md's formulas and, at
// sampled points, the derivatives of sigma by finite differences.
func TestSigmoidPoly(t *testing.T) {
	want := []struct {
		e    int
		coef []float64
	}{
		{0, []float64{1}}, {1, []float64{1}}, {0, []float64{1, -6}}, {1, []float64{1, -12}},
		{0, []float64{1, -30, 120}}, {1, []float64{1, -60, 360}},
	}
	for k, w := range want {
		e, coef := SigmoidPoly(k + 1)
		if e != w.e || !slices.Equal(coef, w.coef) {
			t.Errorf("SigmoidPoly(%d) = %d, %v, want %d, %v", k+1, e, coef, w.e, w.coef)
		}
	}
	sig := func(x float64) float64 { return 1 / (1 + math.Exp(-x)) }
	eval := func(k int, x float64) float64 {
		s := sig(x)
		p, q := s*(1-s), 1-2*s
		e, coef := SigmoidPoly(k)
		var poly float64
		for i := len(coef) - 1; i >= 0; i-- {
			poly = poly*p + coef[i]
		}
		return p * math.Pow(q, float64(e)) * poly
	}
	for k := 2; k <= 7; k++ {
		for _, x := range []float64{-3, -0.8, 0, 0.4, 1.3, 2.5} {
			const h = 1e-5
			fd := (eval(k-1, x+h) - eval(k-1, x-h)) / (2 * h)
			if got := eval(k, x); math.Abs(got-fd) > 1e-7 {
				t.Errorf("sigma^(%d)(%v) = %v, finite differences of sigma^(%d) %v", k, x, got, k-1, fd)
			}
		}
	}
}
