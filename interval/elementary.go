package interval

import "math"

// The elementary functions: Go's math library is not correctly rounded (and
// has range bugs on amd64, see Exp and Log), so each result is widened by a
// relative 4 ulps, and the ranges where the library misbehaves are computed
// another way.

// libRel is the relative error allowed to a library result: 4 * 2^-52, at
// least 4 ulps of the exact value in every binade. (Four Nextafter steps
// would certify only 2 ulps when a power of two lies between the computed and
// the exact value, since the steps below it are half as large.)
const libRel = 0x1p-50

// libBounds returns lo <= v <= hi for the exact value v of a library result
// y = v(1 + d) with |d| < 3.99 * 2^-52 (so y and v have the same sign).
func libBounds(y float64) (lo, hi float64) {
	if y < 0 {
		return mulDown(y, 1+libRel), mulUp(y, 1-libRel)
	}
	return mulDown(y, 1-libRel), mulUp(y, 1+libRel)
}

// expBounds returns lo <= e^x <= hi; see the package doc for the policy.
func expBounds(x float64) (lo, hi float64) {
	switch {
	case x >= 710: // e^710 > 2.2e308 > MaxFloat64
		return math.MaxFloat64, posInf
	case x <= -746: // e^-746 < 1.1e-324 < 2^-1074
		return 0, math.SmallestNonzeroFloat64
	case x > 709 || x < -708: // e^x = (e^(x/2))^2; x/2 is exact here
		h := math.Exp(x / 2)
		l, u := libBounds(h)
		l = max(0, l)
		return mulDown0(l, l), mulUp(u, u)
	}
	e := math.Exp(x)
	lo, hi = libBounds(e)
	return max(0, lo), hi
}

// Exp returns {e^x : x in a}: math.Exp (not correctly rounded) widened by a
// relative 4 * 2^-52 each side, lower endpoint clamped at 0.
func Exp(a Interval) Interval {
	a, ok := norm(a)
	if !ok {
		return Entire()
	}
	return bounds(a, expBounds)
}

// logBounds returns lo <= ln x <= hi for x >= 0. On amd64 math.Log is wrong
// for subnormal x (it answers about -709 for all of them), so those are scaled:
// ln x = ln(x 2^54) - 54 ln 2, with ln 2 in [Down(Ln2), Up(Ln2)].
func logBounds(x float64) (lo, hi float64) {
	switch {
	case x == 1:
		return 0, 0
	case x > 0 && x < 0x1p-1022:
		l, h := logBounds(x * 0x1p54) // exact scaling
		return addDown(l, -mulUp(54, Up(math.Ln2))), addUp(h, -mulDown(54, Down(math.Ln2)))
	}
	return libBounds(math.Log(x))
}

// Log returns {ln x : x in a, x > 0}: math.Log widened like Exp.
// If a has no point > 0 (a.Hi <= 0) it returns Entire() (see Sqrt).
func Log(a Interval) Interval {
	a, ok := norm(a)
	if !ok || a.Hi <= 0 {
		return Entire()
	}
	return bounds(Interval{max(a.Lo, 0), a.Hi}, logBounds)
}

// Log1p returns {ln(1+x) : x in a, x > -1}: math.Log1p widened like Exp
// (ln(1+0) = 0 is exact). If a has no point > -1 (a.Hi <= -1) it returns
// Entire().
func Log1p(a Interval) Interval {
	a, ok := norm(a)
	if !ok || a.Hi <= -1 {
		return Entire()
	}
	return bounds(Interval{max(a.Lo, -1), a.Hi}, log1pBounds)
}

// log1pBounds returns lo <= ln(1+x) <= hi for x >= -1.
func log1pBounds(x float64) (lo, hi float64) {
	if x == 0 {
		return 0, 0
	}
	return libBounds(math.Log1p(x))
}
