package certify

import (
	"math"

	"github.com/nlssl/nlssl/interval"
)

// A faster path of momentsIval (rigorous.go) for the box enclosures, which
// spend nearly all their time in it: the same trapezoid rule, nodes,
// weights and error bound, the same formulas sigma' = p,
// sigma'' = p (sm - s), sigma''' = p (1 - 6p), sigma'''' = sigma'' (1 - 12p)
// with s = sigma(u), sm = sigma(-u), p = s sm, but
//
//   - both s and sm at an endpoint come from ONE exponential,
//     E = exp(-|x|): sigma(x) = 1/(1 + E) and sigma(-x) = E/(1 + E) for
//     x >= 0 (mirrored for x < 0), so a node costs two exponentials, not
//     four;
//   - only the derivatives up to the fourth are formed (momentsIval's
//     sigmoidDerivsIval also forms the fifth and sixth);
//   - products whose factors have known signs (p >= 0, the weights > 0)
//     take the two endpoint products they need instead of four.
//
// Every operation is rounded outward (interval.Down and Up of the
// correctly rounded float result; products are forced to round by
// float64() before any addition, so no FMA fuses them). The tests check
// that it contains the same float64 references as momentsIval and agrees
// with it to rounding (box_moments_test.go).

func dn(x float64) float64 { return interval.Down(x) }
func up(x float64) float64 { return interval.Up(x) }

// mulNonNeg returns an enclosure of {x y : x in a, y in b} for a >= 0.
func mulNonNeg(a, b interval.Interval) interval.Interval {
	lo := math.Min(dn(float64(a.Lo*b.Lo)), dn(float64(a.Hi*b.Lo)))
	hi := math.Max(up(float64(a.Lo*b.Hi)), up(float64(a.Hi*b.Hi)))
	return interval.Interval{Lo: lo, Hi: hi}
}

// sigmoidPair returns enclosures of sigma(x) and sigma(-x) at the point x.
func sigmoidPair(x float64) (s, sm interval.Interval) {
	e := interval.Exp(interval.Point(-math.Abs(x))) // E, widened for the library's error
	d := interval.Interval{Lo: dn(1 + e.Lo), Hi: up(1 + e.Hi)}
	inv := interval.Interval{Lo: dn(1 / d.Hi), Hi: up(1 / d.Lo)}
	frac := interval.Interval{Lo: dn(e.Lo / d.Hi), Hi: up(e.Hi / d.Lo)}
	if x >= 0 {
		return inv, frac
	}
	return frac, inv
}

// sigmoidDerivs4 encloses sigma^(k) over u, k = 0..4 (the formulas of
// sigmoidDerivsIval).
func sigmoidDerivs4(u interval.Interval) (d [5]interval.Interval) {
	sLo, smHi := sigmoidPair(u.Lo) // sigma is increasing: its lower end at u.Lo,
	sHi, smLo := sigmoidPair(u.Hi) // sigma(-u) its lower end at u.Hi
	s := interval.Interval{Lo: math.Max(sLo.Lo, 0), Hi: math.Min(sHi.Hi, 1)}
	sm := interval.Interval{Lo: math.Max(smLo.Lo, 0), Hi: math.Min(smHi.Hi, 1)}
	p := interval.Interval{Lo: math.Max(dn(float64(s.Lo*sm.Lo)), 0), Hi: math.Min(up(float64(s.Hi*sm.Hi)), 0.25)}
	q := interval.Interval{Lo: dn(sm.Lo - s.Hi), Hi: up(sm.Hi - s.Lo)}
	d[0], d[1] = s, p
	d[2] = mulNonNeg(p, q)
	d[3] = mulNonNeg(p, interval.Interval{Lo: dn(1 - up(float64(6*p.Hi))), Hi: up(1 - dn(float64(6*p.Lo)))})
	d[4] = d[2].Mul(interval.Interval{Lo: dn(1 - up(float64(12*p.Hi))), Hi: up(1 - dn(float64(12*p.Lo)))})
	return d
}

// moments4 encloses E sigma^(k)(m + s g), k = 0..4, for every m in m and
// s in s (s >= 0): momentsIval(m, s, 4), faster.
func (r *gaussRule) moments4(m, s interval.Interval) (e [5]interval.Interval) {
	for j, g := range r.nodes {
		var sg interval.Interval // s g, g exact
		if g >= 0 {
			sg = interval.Interval{Lo: dn(float64(s.Lo * g)), Hi: up(float64(s.Hi * g))}
		} else {
			sg = interval.Interval{Lo: dn(float64(s.Hi * g)), Hi: up(float64(s.Lo * g))}
		}
		u := interval.Interval{Lo: dn(m.Lo + sg.Lo), Hi: up(m.Hi + sg.Hi)}
		d := sigmoidDerivs4(u)
		w := r.weights[j] // > 0
		for k := range 5 {
			t := mulNonNeg(w, d[k])
			e[k] = interval.Interval{Lo: dn(e[k].Lo + t.Lo), Hi: up(e[k].Hi + t.Hi)}
		}
	}
	for k := range 5 {
		b := r.errorBound(cauchyBound(k), sigmoidSup(k))
		e[k] = e[k].Add(interval.New(-b, b))
	}
	return e
}

// outerExpect4 is outerExpect (enclose.go) with the inner moments from
// moments4.
func outerExpect4(outer, inner *gaussRule, m, sd, sa interval.Interval, lists ...[]fTerm) []interval.Interval {
	return outerExpectWith(outer, func(u interval.Interval) [5]interval.Interval { return inner.moments4(u, sa) }, m, sd, lists...)
}
