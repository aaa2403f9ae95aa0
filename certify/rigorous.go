package certify

import (
	"math"
	"math/big"

	"github.com/nlssl/nlssl/internal/falgebra"
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
	pp := p.Sqr()
	pq := p.Mul(q)
	d[0] = s
	for k := 1; k <= 6; k++ {
		e, coef := sigmoidPolys[k].e, sigmoidPolys[k].coef
		base := p
		if e == 1 {
			base = pq
		}
		if len(coef) == 1 && coef[0] == 1 {
			d[k] = base
		} else {
			d[k] = base.Mul(polyIval(coef, p, pp))
		}
	}
	return d
}

// sigmoidPoly is sigma^(k) = p q^e P(p), P(p) = sum_i coef[i] p^i
// (falgebra.SigmoidPoly).
type sigmoidPoly struct {
	e    int
	coef []float64
}

// sigmoidPolys[k] is the form of sigma^(k), k = 1..6 (index 0 unused):
// the one table of the sigmoid's derivatives that sigmoidDerivsIval,
// qBound and sigmoidSup evaluate.
var sigmoidPolys = func() (t [7]sigmoidPoly) {
	for k := 1; k < len(t); k++ {
		t[k].e, t[k].coef = falgebra.SigmoidPoly(k)
	}
	return t
}()

// polyIval encloses sum_i coef[i] p^i for p in the interval p (pp = p^2),
// in power form from the constant term up (the exact integer
// coefficients are points).
func polyIval(coef []float64, p, pp interval.Interval) interval.Interval {
	v := interval.Point(coef[0])
	for i := 1; i < len(coef); i++ {
		if coef[i] == 0 {
			continue
		}
		var pw interval.Interval
		switch i {
		case 1:
			pw = p
		case 2:
			pw = pp
		default:
			pw = p.Pow(i)
		}
		v = v.Add(pw.Scale(coef[i]))
	}
	return v
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

// sigmoidSup is an upper bound of the supremum of |sigma^(k)| on the real
// line: 1 for sigma itself, derived from sigmoidPolys for k = 1..4
// (sigmoidSups), and k!(4/pi)^k (Cauchy, loosely) beyond, which the
// quadrature never needs.
func sigmoidSup(k int) float64 {
	if k < len(sigmoidSups) {
		return sigmoidSups[k]
	}
	return cauchyBound(k)
}

// sigmoidSups[k] >= sup |sigma^(k)| for k <= 4, each the float64 just
// above (or at) the exact value: 1, 1/4, sqrt(3)/18 = 0.0962250...,
// 1/8, 0.1276...
var sigmoidSups = func() (s [5]float64) {
	s[0] = 1
	for k := 1; k < len(s); k++ {
		s[k] = derivedSigmoidSup(k)
	}
	return s
}()

// derivedSigmoidSup returns an upper bound of sup_x |sigma^(k)(x)| from
// the table: sigma^(k) is continuous and tends to 0 at +-Inf, so |sigma^(k)|
// attains its supremum at a critical point, where sigma^(k+1) = p q^e'
// P_(k+1)(p) = 0 with p > 0: q = 0 (p = 1/4, at x = 0) or P_(k+1)(p) = 0.
// At each candidate p in [0, 1/4] the square sigma^(k)^2 = p^2 (1 - 4p)^e
// P_k(p)^2 is a polynomial in p, evaluated exactly (math/big) at a
// rational candidate and enclosed (interval) at an irrational one; the
// result is the least float64 whose square is at least the largest value
// (the exact value when it is a float64, as 1/4 and 1/8 are).
func derivedSigmoidSup(k int) float64 {
	sq := new(big.Rat) // the largest bound of sigma^(k)^2 found
	consider := func(g *big.Rat) {
		if g.Cmp(sq) > 0 {
			sq.Set(g)
		}
	}
	fk := sigmoidPolys[k]
	// square returns sigma^(k)^2 at the rational p.
	square := func(p *big.Rat) *big.Rat {
		g := new(big.Rat).Mul(p, p)
		if fk.e == 1 {
			g.Mul(g, new(big.Rat).Sub(big.NewRat(1, 1), new(big.Rat).Mul(big.NewRat(4, 1), p)))
		}
		v := ratPoly(fk.coef, p)
		return g.Mul(g, v.Mul(v, v))
	}
	quarter := big.NewRat(1, 4)
	inRange := func(p *big.Rat) bool { return p.Sign() >= 0 && p.Cmp(quarter) <= 0 }
	consider(square(quarter))
	_, c := falgebra.SigmoidPoly(k + 1)
	switch len(c) - 1 { // the degree of P_(k+1)
	case 0: // no root
	case 1:
		p := new(big.Rat).Quo(ratOf(-c[0]), ratOf(c[1]))
		if inRange(p) {
			consider(square(p))
		}
	case 2:
		disc := c[1]*c[1] - 4*c[2]*c[0] // exact: small integers
		if disc < 0 {
			break
		}
		if r := math.Sqrt(disc); r == math.Trunc(r) && r*r == disc { // rational roots
			for _, sg := range [2]float64{-1, 1} {
				p := new(big.Rat).Quo(ratOf(-c[1]+sg*r), ratOf(2*c[2]))
				if inRange(p) {
					consider(square(p))
				}
			}
			break
		}
		root := interval.Point(disc).Sqrt()
		for _, sg := range [2]float64{-1, 1} {
			p := interval.Point(-c[1]).Add(root.Scale(sg)).Div(interval.Point(2 * c[2]))
			if p.Hi < 0 || p.Lo > 0.25 {
				continue
			}
			pp := p.Sqr()
			g := pp
			if fk.e == 1 {
				g = g.Mul(interval.Point(1).Sub(p.Scale(4)))
			}
			g = g.Mul(polyIval(fk.coef, p, pp).Sqr())
			consider(ratOf(g.Hi))
		}
	default:
		panic("certify: derivedSigmoidSup needs P_(k+1) of degree <= 2")
	}
	f, _ := sq.Float64()
	s := math.Sqrt(f)
	for new(big.Rat).Mul(ratOf(s), ratOf(s)).Cmp(sq) < 0 {
		s = interval.Up(s)
	}
	return s
}

// ratOf returns the float64 x (finite) as an exact rational.
func ratOf(x float64) *big.Rat { return new(big.Rat).SetFloat64(x) }

// ratPoly returns sum_i coef[i] p^i exactly.
func ratPoly(coef []float64, p *big.Rat) *big.Rat {
	v := new(big.Rat)
	for i := len(coef) - 1; i >= 0; i-- {
		v.Mul(v, p)
		v.Add(v, ratOf(coef[i]))
	}
	return v
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
