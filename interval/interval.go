package interval

import (
	"fmt"
	"math"
)

// Interval is the closed interval [Lo, Hi] of reals (Lo <= Hi). The empty
// interval is not represented; NaN endpoints mean "unknown" and propagate as
// the whole line [-Inf, +Inf]. See the package documentation for the
// conventions on infinite endpoints.
type Interval struct{ Lo, Hi float64 }

var posInf, negInf = math.Inf(1), math.Inf(-1)

// Entire returns [-Inf, +Inf], the whole real line.
func Entire() Interval { return Interval{negInf, posInf} }

// New returns [lo, hi]. A NaN endpoint, or lo > hi (a programming error: the
// empty set is not represented), gives Entire(). lo = +Inf is read as "above
// MaxFloat64" and becomes MaxFloat64; hi = -Inf becomes -MaxFloat64.
func New(lo, hi float64) Interval { a, _ := norm(Interval{lo, hi}); return a }

// Point returns [x, x]: x is taken as the exact real it represents, so no
// widening. NaN gives Entire(); +Inf gives [MaxFloat64, +Inf] and -Inf gives
// [-Inf, -MaxFloat64] (an infinity is read as an overflowed real).
func Point(x float64) Interval { return New(x, x) }

// norm validates a and rewrites infinite endpoints on the wrong side. It
// returns (Entire(), false) for NaN endpoints or Lo > Hi.
func norm(a Interval) (Interval, bool) {
	if !(a.Lo <= a.Hi) {
		return Entire(), false
	}
	if a.Lo == posInf {
		a.Lo = math.MaxFloat64
	}
	if a.Hi == negInf {
		a.Hi = -math.MaxFloat64
	}
	return a, true
}

// norm2 normalises two operands; ok is false if either is invalid.
func norm2(a, b Interval) (Interval, Interval, bool) {
	a, okA := norm(a)
	b, okB := norm(b)
	return a, b, okA && okB
}

// Down returns the next float64 below x: a lower bound of every real that
// rounds to x under round-to-nearest. Down(-Inf) = -Inf, Down(NaN) = NaN,
// Down(+Inf) = MaxFloat64 (a real that rounds to +Inf exceeds MaxFloat64).
//
// For finite nonzero x it steps the bit pattern (IEEE 754 orders the
// magnitudes of same-signed floats like their bit patterns): math.Nextafter
// was a third of a certificate's time.
func Down(x float64) float64 {
	switch {
	case x > 0 && x <= math.MaxFloat64:
		return math.Float64frombits(math.Float64bits(x) - 1)
	case x < 0 && x > -math.MaxFloat64:
		return math.Float64frombits(math.Float64bits(x) + 1)
	}
	return math.Nextafter(x, negInf)
}

// Up returns the next float64 above x; the mirror image of Down.
func Up(x float64) float64 {
	switch {
	case x >= 0 && x < math.MaxFloat64 && x != 0:
		return math.Float64frombits(math.Float64bits(x) + 1)
	case x < 0 && x >= -math.MaxFloat64:
		return math.Float64frombits(math.Float64bits(x) - 1)
	}
	return math.Nextafter(x, posInf)
}

// add returns a bound of the exact x + y in the direction toward (±Inf):
// fl(x + y) stepped one ulp, unless the sum is exact by construction. For a
// lower bound x, y must not be +Inf; for an upper bound not -Inf.
func add(x, y, toward float64) float64 {
	switch {
	case x == 0:
		return y
	case y == 0:
		return x
	case x == -y && !math.IsInf(x, 0):
		return 0
	}
	return step(x+y, toward)
}

// step moves x one float toward toward (-Inf or +Inf): Down or Up.
func step(x, toward float64) float64 {
	if toward < 0 {
		return Down(x)
	}
	return Up(x)
}

// mul returns a bound of the exact x*y in the direction toward (±Inf), with
// 0 * ±Inf = 0 (zero times an unbounded real is zero), which makes the corner
// rule of Mul exact. float64() forbids fusing the product into an FMA.
func mul(x, y, toward float64) float64 {
	if x == 0 || y == 0 {
		return 0
	}
	return step(float64(x*y), toward)
}

func addDown(x, y float64) float64  { return add(x, y, negInf) }
func addUp(x, y float64) float64    { return add(x, y, posInf) }
func mulDown(x, y float64) float64  { return mul(x, y, negInf) }
func mulUp(x, y float64) float64    { return mul(x, y, posInf) }
func mulDown0(x, y float64) float64 { return max(0, mul(x, y, negInf)) } // for x*y >= 0

// bounds applies the enclosure f of an increasing function to a's endpoints.
func bounds(a Interval, f func(float64) (lo, hi float64)) Interval {
	lo, _ := f(a.Lo)
	_, hi := f(a.Hi)
	return Interval{lo, hi}
}

// Add returns a + b.
func (a Interval) Add(b Interval) Interval {
	a, b, ok := norm2(a, b)
	if !ok {
		return Entire()
	}
	return Interval{addDown(a.Lo, b.Lo), addUp(a.Hi, b.Hi)}
}

// Sub returns a - b.
func (a Interval) Sub(b Interval) Interval { return a.Add(b.Neg()) }

// Neg returns -a (exact).
func (a Interval) Neg() Interval {
	a, ok := norm(a)
	if !ok {
		return Entire()
	}
	return Interval{-a.Hi, -a.Lo}
}

// Mul returns a * b for all sign cases, from the four corner products with
// the convention 0 * ±Inf = 0 (so [0, 0] * Entire() = [0, 0]).
func (a Interval) Mul(b Interval) Interval {
	a, b, ok := norm2(a, b)
	if !ok {
		return Entire()
	}
	lo := min(mulDown(a.Lo, b.Lo), mulDown(a.Lo, b.Hi), mulDown(a.Hi, b.Lo), mulDown(a.Hi, b.Hi))
	hi := max(mulUp(a.Lo, b.Lo), mulUp(a.Lo, b.Hi), mulUp(a.Hi, b.Lo), mulUp(a.Hi, b.Hi))
	return Interval{lo, hi}
}

// Div returns a / b, or Entire() if b contains 0. The endpoint pairs are
// chosen by sign so that no 0/0 or Inf/Inf is ever evaluated.
func (a Interval) Div(b Interval) Interval {
	a, b, ok := norm2(a, b)
	if !ok || (b.Lo <= 0 && b.Hi >= 0) {
		return Entire()
	}
	var nl, dl, nh, dh float64 // result is [nl/dl, nh/dh]
	switch {
	case b.Lo > 0 && a.Lo >= 0:
		nl, dl, nh, dh = a.Lo, b.Hi, a.Hi, b.Lo
	case b.Lo > 0 && a.Hi <= 0:
		nl, dl, nh, dh = a.Lo, b.Lo, a.Hi, b.Hi
	case b.Lo > 0:
		nl, dl, nh, dh = a.Lo, b.Lo, a.Hi, b.Lo
	case a.Lo >= 0: // b.Hi < 0 from here on
		nl, dl, nh, dh = a.Hi, b.Hi, a.Lo, b.Lo
	case a.Hi <= 0:
		nl, dl, nh, dh = a.Hi, b.Lo, a.Lo, b.Hi
	default:
		nl, dl, nh, dh = a.Hi, b.Hi, a.Lo, b.Hi
	}
	r := Interval{0, 0} // 0/y = 0 exactly
	if nl != 0 {
		r.Lo = Down(nl / dl)
	}
	if nh != 0 {
		r.Hi = Up(nh / dh)
	}
	return r
}

// Scale returns c*a for the exact real c. An infinite c is read like
// Point(c) (an overflowed real); NaN gives Entire(), even for a = [0, 0].
func (a Interval) Scale(c float64) Interval {
	if math.IsNaN(c) {
		return Entire()
	}
	return a.Mul(Point(c))
}

// AddFloat returns a + c for the exact real c (conventions as in Scale; the
// sum with Point(NaN) = Entire() is Entire()).
func (a Interval) AddFloat(c float64) Interval { return a.Add(Point(c)) }

// Sqr returns {x*x : x in a}; its lower endpoint is 0 when a contains 0.
func (a Interval) Sqr() Interval { return a.Pow(2) }

// pow bounds x^n for x >= 0, n >= 1 by square-and-multiply with the
// outward product mul (mulDown0 or mulUp). Each step is monotone on
// [0, Inf], so the bounds chain.
func pow(x float64, n int, mul func(x, y float64) float64) float64 {
	r, first := x, true
	for ; n > 0; n >>= 1 {
		if n&1 == 1 {
			if first {
				r = x
			} else {
				r = mul(r, x)
			}
			first = false
		}
		if n > 1 {
			x = mul(x, x)
		}
	}
	return r
}

// Pow returns {x^n : x in a} for n >= 0, tight for even n (lower endpoint
// from Mig). x^0 = 1 for every x. n < 0 is not supported and gives Entire().
func (a Interval) Pow(n int) Interval {
	a, ok := norm(a)
	switch {
	case !ok || n < 0:
		return Entire()
	case n == 0:
		return Point(1)
	case n%2 == 0:
		return Interval{pow(a.Mig(), n, mulDown0), pow(a.Mag(), n, mulUp)}
	}
	var lo, hi float64 // odd n: x^n is increasing and odd
	if a.Lo >= 0 {
		lo = pow(a.Lo, n, mulDown0)
	} else {
		lo = -pow(-a.Lo, n, mulUp)
	}
	if a.Hi >= 0 {
		hi = pow(a.Hi, n, mulUp)
	} else {
		hi = -pow(-a.Hi, n, mulDown0)
	}
	return Interval{lo, hi}
}

// SqrtDown returns a lower bound of sqrt(x) for x >= 0 (NaN for x < 0 or
// NaN). SqrtDown(+Inf) = SqrtDown(MaxFloat64), reading +Inf as overflow.
func SqrtDown(x float64) float64 { return max(0, Down(math.Sqrt(min(x, math.MaxFloat64)))) }

// SqrtUp returns an upper bound of sqrt(x) for x >= 0 (NaN for x < 0 or NaN).
func SqrtUp(x float64) float64 {
	if x == 0 {
		return 0
	}
	return Up(math.Sqrt(x))
}

// Sqrt returns {sqrt(x) : x in a, x >= 0}. If a has no point >= 0
// (a.Hi < 0) the result would be empty, which is not represented, so it
// returns Entire() ("unknown") instead.
func (a Interval) Sqrt() Interval {
	a, ok := norm(a)
	if !ok || a.Hi < 0 {
		return Entire()
	}
	return Interval{SqrtDown(max(a.Lo, 0)), SqrtUp(a.Hi)}
}

// Abs returns {|x| : x in a} (exact).
func (a Interval) Abs() Interval {
	a, ok := norm(a)
	switch {
	case !ok:
		return Entire()
	case a.Lo >= 0:
		return a
	case a.Hi <= 0:
		return Interval{-a.Hi, -a.Lo}
	}
	return Interval{0, max(-a.Lo, a.Hi)}
}

// Mag returns max |x| over a.
func (a Interval) Mag() float64 {
	a, _ = norm(a)
	return max(math.Abs(a.Lo), math.Abs(a.Hi))
}

// Mig returns min |x| over a (0 if a contains 0).
func (a Interval) Mig() float64 {
	a, _ = norm(a)
	if a.Lo <= 0 && a.Hi >= 0 {
		return 0
	}
	return min(math.Abs(a.Lo), math.Abs(a.Hi))
}

// Mid returns a point of a near its midpoint: 0 for Entire(), ±MaxFloat64
// for a half-line.
func (a Interval) Mid() float64 {
	if a, _ = norm(a); a.Lo == negInf && a.Hi == posInf {
		return 0
	}
	m := float64(0.5*a.Lo) + float64(0.5*a.Hi) // no overflow; ±Inf on a half-line
	return min(max(m, a.Lo, -math.MaxFloat64), a.Hi, math.MaxFloat64)
}

// Rad returns an upper bound r of the radius: |x - a.Mid()| <= r for every
// x in a.
func (a Interval) Rad() float64 {
	a, _ = norm(a)
	m := a.Mid()
	return max(addUp(a.Hi, -m), addUp(m, -a.Lo))
}

// Width returns an upper bound of a.Hi - a.Lo.
func (a Interval) Width() float64 {
	a, _ = norm(a)
	return addUp(a.Hi, -a.Lo)
}

// Contains reports whether the real x lies in a (false for NaN x).
func (a Interval) Contains(x float64) bool {
	a, _ = norm(a)
	return a.Lo <= x && x <= a.Hi
}

// Hull returns the smallest interval containing a and b (exact).
func (a Interval) Hull(b Interval) Interval {
	a, b, ok := norm2(a, b)
	if !ok {
		return Entire()
	}
	return Interval{min(a.Lo, b.Lo), max(a.Hi, b.Hi)}
}

// IsFinite reports whether a is valid and both endpoints are finite.
func (a Interval) IsFinite() bool {
	a, ok := norm(a)
	return ok && !math.IsInf(a.Lo, 0) && !math.IsInf(a.Hi, 0)
}

// String formats the stored endpoints as "[lo, hi]" with %.17g.
func (a Interval) String() string { return fmt.Sprintf("[%.17g, %.17g]", a.Lo, a.Hi) }

// Sum returns the sum of xs (Point(0) for none).
func Sum(xs []Interval) Interval {
	s := Point(0)
	for _, x := range xs {
		s = s.Add(x)
	}
	return s
}

// Dot returns sum_i a[i]*b[i]. It panics if the lengths differ.
func Dot(a, b []Interval) Interval {
	if len(a) != len(b) {
		panic(fmt.Sprintf("interval: Dot length mismatch %d != %d", len(a), len(b)))
	}
	s := Point(0)
	for i := range a {
		s = s.Add(a[i].Mul(b[i]))
	}
	return s
}

// Max returns {max(x, y) : x in a, y in b} (exact).
func Max(a, b Interval) Interval {
	a, b, ok := norm2(a, b)
	if !ok {
		return Entire()
	}
	return Interval{max(a.Lo, b.Lo), max(a.Hi, b.Hi)}
}

// Min returns {min(x, y) : x in a, y in b} (exact).
func Min(a, b Interval) Interval {
	a, b, ok := norm2(a, b)
	if !ok {
		return Entire()
	}
	return Interval{min(a.Lo, b.Lo), min(a.Hi, b.Hi)}
}
