package certify

import (
	"math"

	"github.com/nlssl/nlssl/interval"
)

// This file holds the rigorous evaluations that certificates rest on:
// enclosures (intervals guaranteed to contain the exact value) of the
// Gaussian moments E sigma^(k)(m + s g) and of the gradients and Hessians of
// the expected and population objectives. They compute the same formulas as
// the float64 code (verified_test.go checks that every enclosure contains
// the float64 value), but in interval arithmetic with outward rounding and
// with a quadrature whose error is bounded by a theorem instead of measured.

// sigmoidDerivsIval encloses sigma^(k) over u for k = 0..6, from s = sigma(u)
// and sm = sigma(-u) (each monotone in u, so enclosed by their values at the
// endpoints) and p = s sm, q = sm - s:
//
//	sigma' = p, sigma'' = p q, sigma''' = p (1 - 6p), sigma'''' = p q (1 - 12 p),
//	sigma^(5) = p (1 - 30 p + 120 p^2), sigma^(6) = p q (1 - 60 p + 360 p^2).
func sigmoidDerivsIval(u interval.Interval) (d [7]interval.Interval) {
	s := sigmoidIval(u)
	sm := sigmoidIval(u.Neg())
	p := s.Mul(sm)
	p = interval.New(math.Max(p.Lo, 0), math.Min(p.Hi, 0.25)) // p in [0, 1/4] always
	q := sm.Sub(s)
	one := interval.Point(1)
	pp := p.Sqr()
	d[0] = s
	d[1] = p
	d[2] = p.Mul(q)
	d[3] = p.Mul(one.Sub(p.Scale(6)))
	d[4] = d[2].Mul(one.Sub(p.Scale(12)))
	d[5] = p.Mul(one.Sub(p.Scale(30)).Add(pp.Scale(120)))
	d[6] = d[2].Mul(one.Sub(p.Scale(60)).Add(pp.Scale(360)))
	return d
}

// sigmoidIval encloses sigma over u: sigma is increasing, so the lower end
// is the lower bound of sigma(u.Lo) and the upper end the upper bound of
// sigma(u.Hi), each computed in interval arithmetic (the interval package
// widens the exponential for its library error).
func sigmoidIval(u interval.Interval) interval.Interval {
	if !u.IsFinite() && (math.IsNaN(u.Lo) || math.IsNaN(u.Hi)) {
		return interval.New(0, 1)
	}
	at := func(x float64) interval.Interval {
		one := interval.Point(1)
		if x >= 0 { // 1 / (1 + e^-x)
			return one.Div(one.Add(interval.Exp(interval.Point(-x))))
		}
		e := interval.Exp(interval.Point(x)) // e^x / (1 + e^x)
		return e.Div(one.Add(e))
	}
	lo, hi := at(u.Lo).Lo, at(u.Hi).Hi
	return interval.New(math.Max(lo, 0), math.Min(hi, 1))
}

// Rigorous quadrature. E f(g), g ~ N(0,1), is computed by the trapezoid
// rule h sum_j phi(jh) f(jh) over |jh| <= trapG, with h a power of 2 so
// that the nodes are exact. Trefethen and Weideman ("The exponentially
// convergent trapezoidal rule", SIAM Review 56(3), 2014, Theorem 5.1): if
// phi f is analytic in the strip |Im g| < a with integral of |phi f| along
// every horizontal line at most M, the error of the infinite sum is at most
// 2M / (exp(2 pi a / h) - 1). For f(g) = sigma^(k)(m + s g), the line
// integral of |phi| is exp(y^2/2) and, on |Im z| <= pi/4, Cauchy's estimate
// on circles of radius pi/4 inside the strip |Im z| <= pi/2, where
// |sigma| <= 1 (|1 + e^-z| >= 1 when |Im z| <= pi/2), gives
// |sigma^(k)(z)| <= k! (4/pi)^k. So we take a = min(trapAMax, (pi/4)/s).
const (
	trapG      = 10.0 // the sum is truncated at |g| <= 10
	trapAMax   = 6.0
	trapTarget = 46.0 // 2 pi a / h >= 46: the discretisation error factor is below 1e-20
)

// cauchyBound returns k! (4/pi)^k, rounded up: a bound of |sigma^(k)| on
// the strip |Im z| <= pi/4 (k = 0: |sigma| <= 1).
func cauchyBound(k int) float64 {
	b := 1.0
	for j := 1; j <= k; j++ {
		b = interval.Up(interval.Up(b*float64(j)) * interval.Up(4/math.Pi))
	}
	return b
}

// gaussRule is a trapezoid rule for E f(g) with enclosed weights, valid for
// every scale s <= sMax.
type gaussRule struct {
	nodes   []float64
	weights []interval.Interval
	a, h    float64
}

func newGaussRule(sMax float64) *gaussRule {
	a := trapAMax
	if sMax > 0 {
		a = math.Min(trapAMax, (math.Pi/4)/interval.Up(sMax))
	}
	h := 1.0
	for 2*math.Pi*a/h < trapTarget {
		h /= 2
	}
	r := &gaussRule{a: a, h: h}
	invSqrt2Pi := interval.New(interval.Down(1/math.Sqrt(2*math.Pi)), interval.Up(1/math.Sqrt(2*math.Pi)))
	invSqrt2Pi = interval.New(interval.Down(invSqrt2Pi.Lo), interval.Up(invSqrt2Pi.Hi))
	n := int(trapG / h)
	for j := -n; j <= n; j++ {
		g := float64(j) * h // exact: h is a power of 2
		w := interval.Exp(interval.Point(g).Sqr().Scale(-0.5)).Mul(invSqrt2Pi).Scale(h)
		r.nodes = append(r.nodes, g)
		r.weights = append(r.weights, w)
	}
	return r
}

// errorBound bounds |E f - rule f| for |f| <= c on the strip |Im g| <= a
// and |f| <= sup on the real line: discretisation plus truncation
// (h sum over |jh| > G of phi(jh) sup <= 2 sup phi(G - h) / (G - h)).
func (r *gaussRule) errorBound(c, sup float64) float64 {
	m := interval.Up(math.Exp(r.a*r.a/2)) * c
	disc := 2 * m / math.Expm1(2*math.Pi*r.a/r.h)
	g := trapG - r.h
	trunc := 2 * sup * math.Exp(-g*g/2) / math.Sqrt(2*math.Pi) / g
	return interval.Up(interval.Up(disc)+interval.Up(trunc)) * (1 + 1e-6)
}

// sigmoidSup is the supremum of |sigma^(k)| on the real line (NUMERICS.md;
// sigma^(5), sigma^(6) bounded by k!(4/pi)^k via Cauchy, loosely).
func sigmoidSup(k int) float64 {
	switch k {
	case 0:
		return 1
	case 1:
		return 0.25
	case 2:
		return 0.0963
	case 3:
		return 0.125
	case 4:
		return 0.1277
	}
	return cauchyBound(k)
}

// momentsIval encloses E sigma^(k)(m + s g), k = 0..kmax (kmax <= 4), for
// every m in the interval m and every s in the interval s (s >= 0).
func (r *gaussRule) momentsIval(m, s interval.Interval, kmax int) (e [5]interval.Interval) {
	for j, g := range r.nodes {
		d := sigmoidDerivsIval(m.Add(s.Scale(g)))
		w := r.weights[j]
		for k := 0; k <= kmax; k++ {
			e[k] = e[k].Add(w.Mul(d[k]))
		}
	}
	for k := 0; k <= kmax; k++ {
		b := r.errorBound(cauchyBound(k), sigmoidSup(k))
		e[k] = e[k].Add(interval.New(-b, b))
	}
	return e
}
