// Package falgebra writes down, once, the derivative algebra that the
// expected and population objectives rest on, as plain numbers that both
// the float64 code of package sim and the interval code of package certify
// evaluate (THEORY.md section 4, NUMERICS.md):
//
//   - the per-sample term F = T^2, T(m, v) = E sigma(m + sqrt(v) g), and
//     its derivatives in m and v as sums of products c T_i T_j of the
//     moments T_k = d^k T / dm^k = E sigma^(k)(m + sqrt(v) g), by Leibniz's
//     rule and the heat identity T_v = T_mm / 2 (F, V, Leibniz);
//   - the logistic sigmoid's derivatives sigma^(k) = p q^e P_k(p), p =
//     sigma (1 - sigma), q = 1 - 2 sigma, by the recurrence that
//     differentiates them (SigmoidPoly).
//
// sim's float64 code is generated from these tables (Float64Source, run by
// go generate in sim), certify builds its interval term lists from them
// at initialisation, and certify's sigmoid sup bounds are derived from
// SigmoidPoly. The package depends on nothing: sim learns no intervals.
package falgebra

import (
	"math"
	"slices"
)

// Term is C * T_I * T_J with I <= J.
type Term struct {
	C    float64
	I, J int
}

// binom returns the binomial coefficient C(n, k) for small n (exact).
func binom(n, k int) float64 {
	c := 1.0
	for i := 1; i <= k; i++ {
		c = c * float64(n-k+i) / float64(i)
	}
	return c
}

// Leibniz calls f(c, i, j) for every term of the expansion of
// d_m^alpha d_v^gamma F = (1/2)^gamma sum_{g1 <= gamma} sum_{a1 <= alpha}
// C(gamma, g1) C(alpha, a1) T_{a1 + 2 g1} T_{alpha - a1 + 2 (gamma - g1)}
// (d_v acts on each factor T as (1/2) d_m^2, and Leibniz distributes the
// m-derivatives over the two factors), in that order (g1 outer, a1 inner),
// with c = C(gamma, g1) C(alpha, a1): the factor (1/2)^gamma is the
// caller's, and the ordered pairs (i, j) and (j, i) come separately.
func Leibniz(alpha, gamma int, f func(c float64, i, j int)) {
	for g1 := 0; g1 <= gamma; g1++ {
		for a1 := 0; a1 <= alpha; a1++ {
			f(binom(gamma, g1)*binom(alpha, a1), a1+2*g1, alpha-a1+2*(gamma-g1))
		}
	}
}

// F returns d_m^alpha d_v^gamma F as a sum of terms c T_i T_j (i <= j,
// each pair once), in the canonical order: i decreasing. The
// coefficients are exact (small integers times powers of 2).
func F(alpha, gamma int) []Term {
	var ts []Term
	half := math.Ldexp(1, -gamma)
	Leibniz(alpha, gamma, func(c float64, i, j int) {
		ts = add(ts, Term{c * half, min(i, j), max(i, j)})
	})
	return canonical(ts)
}

// V returns d_m^alpha d_v^k V for V(m, v) = U(m, v, v), U(m, vd, va) =
// E_h F(m + sqrt(vd) h, va), as the terms of the integrand of the outer
// average E_h: with both variances equal, d_v = d_vd + d_va, and by the
// heat identity in vd, U_{m^a vd^b va^c} = (1/2)^b E_h F_{m^(a + 2b) v^c},
// so V_{m^alpha v^k} = sum_b C(k, b) (1/2)^b F_{m^(alpha + 2b) v^(k - b)}.
func V(alpha, k int) []Term {
	var ts []Term
	for b := 0; b <= k; b++ {
		w := binom(k, b) * math.Ldexp(1, -b)
		for _, t := range F(alpha+2*b, k-b) {
			ts = add(ts, Term{w * t.C, t.I, t.J})
		}
	}
	return canonical(ts)
}

// add adds t to the sum ts, merging it with a term of the same pair.
func add(ts []Term, t Term) []Term {
	for k := range ts {
		if ts[k].I == t.I && ts[k].J == t.J {
			ts[k].C += t.C
			return ts
		}
	}
	return append(ts, t)
}

// canonical drops zero terms and orders the rest by decreasing i: the
// order every evaluator sums in.
func canonical(ts []Term) []Term {
	ts = slices.DeleteFunc(ts, func(t Term) bool { return t.C == 0 })
	slices.SortFunc(ts, func(a, b Term) int { return b.I - a.I })
	return ts
}

// Factor writes a sum of two or more terms as outer * sum of the inner
// terms, outer the largest power of 2 that divides every coefficient (so
// that the inner coefficients are odd or coprime integers and the scaling
// by outer is exact); a single term keeps its coefficient (outer = 1).
// This is the form the float64 code evaluates: outer * (c1 T_i T_j + ...),
// each c T_i T_j as (c T_i) T_j.
func Factor(ts []Term) (outer float64, inner []Term) {
	inner = slices.Clone(ts)
	if len(ts) < 2 {
		return 1, inner
	}
	e := math.MaxInt
	for _, t := range ts {
		e = min(e, pow2(t.C))
	}
	outer = math.Ldexp(1, e)
	for k := range inner {
		inner[k].C = math.Ldexp(inner[k].C, -e)
	}
	return outer, inner
}

// pow2 returns the largest e such that c / 2^e is an odd integer (c a
// nonzero dyadic rational).
func pow2(c float64) int {
	frac, exp := math.Frexp(math.Abs(c)) // c = frac 2^exp, frac in [1/2, 1)
	m := uint64(math.Ldexp(frac, 53))    // c = m 2^(exp - 53)
	e := exp - 53
	for m%2 == 0 {
		m /= 2
		e++
	}
	return e
}

// Name returns the name of d_m^alpha d_v^gamma F in generated code:
// "derivF" followed by alpha m's and gamma v's (derivFmmv is F_mmv).
func Name(alpha, gamma int) string {
	b := []byte("derivF")
	for range alpha {
		b = append(b, 'm')
	}
	for range gamma {
		b = append(b, 'v')
	}
	return string(b)
}

// SigmoidPoly returns the form of the k-th derivative of the logistic
// sigmoid (k >= 1): sigma^(k) = p q^e P(p), e in {0, 1}, P(p) = sum_i
// coef[i] p^i (integer coefficients, exact), with p = sigma (1 - sigma)
// and q = 1 - 2 sigma. It follows from p' = p q and q' = -2 p with
// q^2 = 1 - 4p: d/dx [p P] = p q (P + p P'), and
// d/dx [p q P] = p ((1 - 6p) P + p (1 - 4p) P').
//
//	sigma' = p, sigma'' = p q, sigma''' = p (1 - 6p), sigma'''' = p q (1 - 12p),
//	sigma^(5) = p (1 - 30p + 120p^2), sigma^(6) = p q (1 - 60p + 360p^2).
func SigmoidPoly(k int) (e int, coef []float64) {
	if k < 1 {
		panic("falgebra: SigmoidPoly needs k >= 1")
	}
	coef = []float64{1}
	for range k - 1 {
		d := deriv(coef)
		if e == 0 { // P + p P'
			coef = polyAdd(coef, shift(d))
		} else { // (1 - 6p) P + p (1 - 4p) P'
			coef = polyAdd(polyMul([]float64{1, -6}, coef), shift(polyMul([]float64{1, -4}, d)))
		}
		e = 1 - e
	}
	return e, coef
}

func deriv(a []float64) []float64 {
	if len(a) < 2 {
		return nil
	}
	d := make([]float64, len(a)-1)
	for i := range d {
		d[i] = float64(i+1) * a[i+1]
	}
	return d
}

func shift(a []float64) []float64 { return append([]float64{0}, a...) }

func polyAdd(a, b []float64) []float64 {
	out := make([]float64, max(len(a), len(b)))
	for i := range out {
		if i < len(a) {
			out[i] += a[i]
		}
		if i < len(b) {
			out[i] += b[i]
		}
	}
	for len(out) > 1 && out[len(out)-1] == 0 {
		out = out[:len(out)-1]
	}
	return out
}

func polyMul(a, b []float64) []float64 {
	out := make([]float64, len(a)+len(b)-1)
	for i, x := range a {
		for j, y := range b {
			out[i+j] += x * y
		}
	}
	return out
}
