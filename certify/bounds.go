package certify

import (
	"math"

	"github.com/nlssl/nlssl/internal/falgebra"
	"github.com/nlssl/nlssl/interval"
	"github.com/nlssl/nlssl/sim"
)

// Third-derivative bounds (the Lipschitz constant M of the Hessian over a
// ball), proved from the sigmoid's derivative bounds over the range of
// pre-activations the ball allows, never sampled.
//
// Every derivative of sigma is p Q_k(p, q) with p = sigma(1 - sigma) and
// q = 1 - 2 sigma, so |sigma^(k)(u)| <= qBound[k] p(u), and p decays like
// exp(-|u|): far from 0 the bound is small, which is what makes the
// certificate feasible (a global constant such as 1/8 is far too loose).
// T_k = E sigma^(k)(m + s g) is then bounded by qBound[k] times
// E_g sup p(m + s g), the supremum over the ball's ranges of m and s, and
// the Gaussian expectation of that supremum is bounded by upper Riemann sums
// over cells of g.

// qBound[k] >= sup over p in [0, 1/4] of |Q_k|, with |q| = sqrt(1 - 4p):
// Q_1 = 1, Q_2 = q, Q_3 = 1 - 6p, Q_4 = q (1 - 12p), Q_5 = 1 - 30p + 120p^2,
// Q_6 = q (1 - 60p + 360p^2) (sigmoidPolys, from falgebra.SigmoidPoly).
// Computed at init by interval evaluation over
// a grid of p, which is an upper bound on every grid cell. (A variable's
// initialiser, not an init function: uCoef is computed from it, and
// package variables are initialised in dependency order before any init.)
var qBound = func() (qBound [7]float64) {
	const cells = 4096
	one := interval.Point(1)
	for c := range cells {
		p := interval.New(0.25*float64(c)/cells, 0.25*float64(c+1)/cells)
		q := one.Sub(p.Scale(4)).Sqrt()
		pp := p.Sqr()
		for k := 1; k < len(qBound); k++ {
			e, coef := sigmoidPolys[k].e, sigmoidPolys[k].coef
			v := polyIval(coef, p, pp) // Q_k = q^e P_k(p)
			if e == 1 {
				if len(coef) == 1 && coef[0] == 1 {
					v = q
				} else {
					v = q.Mul(v)
				}
			}
			qBound[k] = math.Max(qBound[k], v.Mag())
		}
	}
	qBound[0] = 0 // sigma itself is bounded by supExpect(sigma), not through p
	return qBound
}()

// envelope selects the function whose Gaussian supremum supExpect bounds.
type envelope int

const (
	envP     envelope = iota // p = sigma(1 - sigma), unimodal with max 1/4 at 0
	envSigma                 // sigma, increasing
)

// supOn returns the envelope's supremum over [lo, hi], computed in
// float64 (see sumSafety for how its rounding is accounted for).
func (e envelope) supOn(lo, hi float64) float64 {
	if e == envSigma {
		return sim.Sigmoid(hi)
	}
	u := 0.0 // the point of [lo, hi] closest to 0
	if lo > 0 {
		u = lo
	} else if hi < 0 {
		u = hi
	}
	_, p, _, _, _ := sim.SigmoidDerivs(u)
	return p
}

// The cells of the Gaussian integrals: g in [-cellG, cellG] in cells of
// width cellW, and the tail beyond, where the envelope is at most 1.
const (
	cellG = 8.0
	cellW = 1.0 / 4
	nCell = int(2 * cellG / cellW)
)

// gaussTail is an upper bound of P(|g| > cellG) <= 2 phi(8)/8 (Mills'
// ratio), with 1% to spare.
var gaussTail = 2 * math.Exp(-cellG*cellG/2) / math.Sqrt(2*math.Pi) / cellG * 1.01

// cellProb[i] is an upper bound of P(g in cell i): the width times the
// density's maximum on the cell, rounded up by 1e-12 relative.
var cellProb [nCell]float64

func init() {
	for i := range nCell {
		a, b := cellLo(i), cellLo(i)+cellW
		u := 0.0
		if a > 0 {
			u = a
		} else if b < 0 {
			u = b
		}
		cellProb[i] = cellW * math.Exp(-u*u/2) / math.Sqrt(2*math.Pi) * (1 + 1e-12)
	}
}

func cellLo(i int) float64 { return -cellG + float64(i)*cellW }

// sumSafety turns the float64 sums of this file into upper bounds. Every
// term is a product of a few positive factors, each within a few ulps of
// its exact value (exp within 2 ulps, a factored exponential within 5, the
// rest correctly rounded), and the
// envelopes change by at most |du| relative for a shift du of their argument
// (|p'| <= p, sigma' <= sigma), so a rounded cell endpoint (|du| <= 1e-14
// here) moves a term by 1e-14 relative. A sum of at most 10^5 such positive
// terms is within 10^5 * 1e-15 relative of the exact upper sum: multiplying
// by 1 + 1e-9 covers all of it with a wide margin.
const sumSafety = 1 + 1e-9

// scaleRange returns the range of s*g for s in [slo, shi], g in [a, b].
func scaleRange(slo, shi, a, b float64) (lo, hi float64) {
	lo = math.Min(math.Min(slo*a, shi*a), math.Min(slo*b, shi*b))
	hi = math.Max(math.Max(slo*a, shi*a), math.Max(slo*b, shi*b))
	return lo, hi
}

// gaussCells holds, for one range [slo, shi] of the augmentation scale,
// the range s g of every cell of g and the exponentials of its ends. The
// envelopes at m + s g then cost a product, exp(-(m + x)) = exp(-m)
// exp(-x), instead of an exponential: M(r) sums 64 inner cells for each of
// 64 outer cells (population) or each data point (expected), and the
// radius search evaluates M at ~30 radii per row, so this is most of a
// certificate's cost. The product of two exponentials (2 ulps each) and a
// rounding is within 5 ulps of the exponential of the sum: sumSafety covers
// it. Where a factor could overflow (|m| or s cellG above factorLimit) the
// cells are evaluated directly.
type gaussCells struct {
	shi                 float64
	lo, hi              [nCell]float64
	eNegLo, eHi, eNegHi [nCell]float64
	fast                bool
}

// factorLimit keeps every factor and product of the factored exponentials
// below exp(2 factorLimit) = exp(600), far from overflow (exp(709)).
const factorLimit = 300

func newGaussCells(slo, shi float64) *gaussCells {
	gc := &gaussCells{shi: shi}
	if shi == 0 {
		return gc
	}
	for i := range nCell {
		a := cellLo(i)
		gc.lo[i], gc.hi[i] = scaleRange(slo, shi, a, a+cellW)
	}
	gc.fast = shi*cellG <= factorLimit
	if gc.fast {
		for i := range nCell {
			gc.eNegLo[i] = math.Exp(-gc.lo[i])
			gc.eHi[i] = math.Exp(gc.hi[i])
			gc.eNegHi[i] = math.Exp(-gc.hi[i])
		}
	}
	return gc
}

// supExpect returns an upper bound of E_g sup { env(m + s g) : m in
// [mlo, mhi], s in the cells' scale range }, g ~ N(0,1): an upper Riemann
// sum over the cells, the tail bounded by the envelope's maximum (1).
func (gc *gaussCells) supExpect(env envelope, mlo, mhi float64) float64 {
	if gc.shi == 0 {
		return env.supOn(mlo, mhi) * sumSafety
	}
	var sum float64
	switch {
	case !gc.fast || math.Abs(mlo) > factorLimit || math.Abs(mhi) > factorLimit:
		for i := range nCell {
			sum += cellProb[i] * env.supOn(mlo+gc.lo[i], mhi+gc.hi[i])
		}
	case env == envSigma: // sigma is increasing: its sup is at the upper end
		em := math.Exp(-mhi)
		for i := range nCell {
			sum += cellProb[i] / (1 + em*gc.eNegHi[i])
		}
	default: // p = t/(1+t)^2 with t = exp(-|u|), u the point closest to 0
		emLo, emHi := math.Exp(-mlo), math.Exp(mhi)
		for i := range nCell {
			var t float64
			switch {
			case mlo+gc.lo[i] > 0:
				t = emLo * gc.eNegLo[i]
			case mhi+gc.hi[i] < 0:
				t = emHi * gc.eHi[i]
			default:
				sum += cellProb[i] / 4
				continue
			}
			sg := 1 / (1 + t)
			sum += cellProb[i] * (sg * (t * sg))
		}
	}
	return sum*sumSafety + gaussTail
}

// pairBounds holds bounds of E|T_i T_j| over a cluster (or point): with
// P = E_g sup p and A = E_g sup sigma over the ranges, |T_k| <= qBound[k] P
// for k >= 1 and |T_0| <= A, so |T_i T_j| <= qBound[i] qBound[j] PP,
// |T_0 T_j| <= qBound[j] AP and |T_0^2| <= AA, where PP, AP, AA bound the
// outer expectations of P^2, A P and A^2 (no outer average: P^2 etc.), and
// pe bounds the outer expectation of P alone (changeBound needs it).
type pairBounds struct{ pp, ap, aa, pe float64 }

func (b pairBounds) tt(i, j int) float64 {
	switch {
	case i == 0 && j == 0:
		return b.aa
	case i == 0:
		return interval.Up(qBound[j] * b.ap)
	case j == 0:
		return interval.Up(qBound[i] * b.ap)
	}
	return interval.Up(interval.Up(qBound[i]*qBound[j]) * b.pp)
}

// atomPairBounds bounds the pair products for pre-activation mean m in
// [mlo, mhi], data-noise scale sd in [sdlo, sdhi] (0 for the expected
// objective: no outer average) and the augmentation scales of gc.
func atomPairBounds(mlo, mhi, sdlo, sdhi float64, gc *gaussCells) pairBounds {
	if sdhi == 0 {
		p := gc.supExpect(envP, mlo, mhi)
		a := math.Min(1, gc.supExpect(envSigma, mlo, mhi))
		return pairBounds{pp: p * p * sumSafety, ap: a * p * sumSafety, aa: a * a * sumSafety, pe: p}
	}
	var b pairBounds
	for i := range nCell {
		h := cellLo(i)
		lo, hi := scaleRange(sdlo, sdhi, h, h+cellW)
		p := gc.supExpect(envP, mlo+lo, mhi+hi)
		a := math.Min(1, gc.supExpect(envSigma, mlo+lo, mhi+hi))
		w := cellProb[i]
		b.pp += w * p * p
		b.ap += w * a * p
		b.aa += w * a * a
		b.pe += w * p
	}
	// On the tail of h, P <= 1/4 + gaussTail and A <= 1.
	b.pp = b.pp*sumSafety + gaussTail/8
	b.ap = b.ap*sumSafety + gaussTail/2
	b.aa = b.aa*sumSafety + gaussTail
	b.pe = b.pe*sumSafety + gaussTail/2
	return b
}

// changeBound returns an upper bound of the integral over x in [0, delta]
// of sup |U_idx| over the m-range [m0 - x, m0 + x] (and the ball's ranges
// of the variances), idx = (alpha, beta, gamma): by the mean value
// theorem, a bound of the change of the derivative one order lower in m
// over |m - m0| <= delta. b0 holds the pair bounds on the range of width
// 0 in m (the centre) and br those on the whole range [m0 - delta,
// m0 + delta]. Both envelopes are log-Lipschitz with constant 1 (|p'/p| =
// |1 - 2 sigma| <= 1 and sigma'/sigma = 1 - sigma <= 1), so widening the
// m-range by x multiplies P and A by at most e^x: PP by e^(2x), AP by e^(2x)
// and also (A <= 1) AP <= e^x pe, AA by e^(2x); and none exceeds its value
// on the whole range. uBound is linear in (PP, AP, AA) with non-negative
// coefficients, so the integrand is bounded by those minima, increasing in
// x: an upper Riemann sum over changeCells cells bounds the integral. This
// follows the exponential growth of the sigmoid's tails instead of
// multiplying the largest derivative by delta, which at the ball radii C3
// needs (m moving by ~0.5) is ~25% sharper.
func changeBound(b0, br pairBounds, delta float64, alpha, beta, gamma int) float64 {
	if !(delta > 0) {
		return 0
	}
	co := &uCoef[alpha][beta][gamma]
	cpp, cap, caa := co[0], co[1], co[2]
	h := interval.Up(delta / changeCells)
	q := interval.Exp(interval.Point(h)).Hi // e^h, rounded up
	// The loop runs in float64: every term is positive and increasing in
	// e1 and e2, the products q^k have a relative error below 2k ulps, and
	// the sum of changeCells terms below changeCells ulps, so the final
	// factor 1 + 1e-12 makes the result an upper bound.
	e1 := 1.0
	var sum float64
	for range changeCells {
		e1 *= q // ~ e^x at the cell's right end
		e2 := e1 * e1
		pp := math.Min(e2*b0.pp, br.pp)
		ap := math.Min(math.Min(e1*b0.pe, e2*b0.ap), br.ap)
		aa := math.Min(e2*b0.aa, br.aa)
		sum += cpp*pp + cap*ap + caa*aa
	}
	return interval.Up(sum * h * (1 + 1e-12))
}

// changeCells is the number of cells of changeBound's Riemann sum: the
// integrand grows by at most e^(2 delta / changeCells) over a cell (6% at
// delta = 0.5).
const changeCells = 16

// uBound bounds |U_{m^alpha vd^beta va^gamma}|, U = E_h F(m + sqrt(vd) h, va),
// F = T^2: the heat identity gives (1/2)^beta E_h[d_m^(alpha+2 beta) d_va^gamma F],
// d_va acts on each factor T as (1/2) d_m^2, and Leibniz distributes the
// m-derivatives over the two factors.
//
// The bound is linear in (PP, AP, AA) with non-negative coefficients, which
// depend on the multi-index only: uCoef holds them (each rounded up), so a
// bound costs three products (the radius profiles evaluate it millions of
// times at d = 64).
func uBound(b pairBounds, alpha, beta, gamma int) float64 {
	c := &uCoef[alpha][beta][gamma]
	return interval.Up(interval.Up(interval.Up(c[0]*b.pp)+interval.Up(c[1]*b.ap)) + interval.Up(c[2]*b.aa))
}

// uBoundSum is the defining sum of uBound, evaluated for one pair bound:
// the terms of falgebra.Leibniz(alpha + 2 beta, gamma), each bounded by
// tt, times (1/2)^(beta + gamma).
func uBoundSum(b pairBounds, alpha, beta, gamma int) float64 {
	var sum float64
	falgebra.Leibniz(alpha+2*beta, gamma, func(c float64, i, j int) {
		sum = interval.Up(sum + interval.Up(c*b.tt(i, j)))
	})
	return interval.Up(sum * math.Pow(0.5, float64(beta+gamma)))
}

// uCoef[alpha][beta][gamma] are uBoundSum's coefficients of PP, AP and AA
// (its value at the unit pair bounds): alpha <= 4, beta, gamma <= 3 covers
// every derivative of order <= 4 in m and <= 3 in total the bounds use.
var uCoef = func() (c [5][4][4][3]float64) {
	for al := range 5 {
		for be := range 4 {
			for ga := range 4 {
				if al+2*be+2*ga > 6 { // beyond qBound's table
					continue
				}
				c[al][be][ga] = [3]float64{
					uBoundSum(pairBounds{pp: 1}, al, be, ga),
					uBoundSum(pairBounds{ap: 1}, al, be, ga),
					uBoundSum(pairBounds{aa: 1}, al, be, ga),
				}
			}
		}
	}
	return c
}()

// chainFactors are bounds, for unit u in the scaled coordinates and
// u~ = S^-1 u, of
//
//	|z_a'.u~|        for the variables z = (m, vd, va),
//	|u~^T z_b'' u~|  for vd and va (z_m'' = 0).
type chainFactors struct {
	dz  [3]float64 // m, vd, va
	ddz [3]float64 // 0, vd, va
}

// thirdBound bounds |D^3 U[u~, u~, u~]| for one atom but for its main term:
//
//	sum_{|idx|=3} U_idx prod z'.u~  +  3 sum_{a, b} U_ab (z_a'.u~)(u~^T z_b'' u~).
//
// The main term, U_mmm (z_m'.u~)^3, is left out: the caller bounds it for
// all atoms together (cubicForm), which is far sharper than a bound per
// atom.
func thirdBound(b pairBounds, f chainFactors, withVd bool) float64 {
	var sum float64
	nv := 3
	for al := 0; al <= 3; al++ {
		for be := 0; be <= 3-al; be++ {
			ga := 3 - al - be
			if (be > 0 && !withVd) || al == 3 {
				continue
			}
			mult := 6 / (fact(al) * fact(be) * fact(ga))
			prod := math.Pow(f.dz[0], float64(al)) * math.Pow(f.dz[1], float64(be)) * math.Pow(f.dz[2], float64(ga))
			sum = interval.Up(sum + interval.Up(mult*interval.Up(uBound(b, al, be, ga)*prod*(1+1e-14))))
		}
	}
	// Second-order terms: U_ab with a in {m, vd, va}, b in {vd, va}.
	idx := func(v int) [3]int { // multi-index of one variable
		var m [3]int
		m[v] = 1
		return m
	}
	for a := range nv {
		for bb := 1; bb < nv; bb++ {
			if !withVd && (a == 1 || bb == 1) {
				continue
			}
			ia, ib := idx(a), idx(bb)
			u := uBound(b, ia[0]+ib[0], ia[1]+ib[1], ia[2]+ib[2])
			sum = interval.Up(sum + interval.Up(3*interval.Up(u*f.dz[a]*f.ddz[bb]*(1+1e-14))))
		}
	}
	return sum
}

func fact(k int) float64 {
	f := 1.0
	for i := 2; i <= k; i++ {
		f *= float64(i)
	}
	return f
}

// scaledNorms returns |S^-1 v| (rounded up), 1/min(S) (rounded up) and
// |S^-1 1|.
func scaledNorms(v []float64, scale []float64) (nv, invMin, nOnes float64) {
	var s2, o2 float64
	invMin = 0
	for j, x := range v {
		sj := 1.0
		if scale != nil {
			sj = scale[j]
		}
		y := interval.Up(math.Abs(x) / sj)
		s2 = interval.Up(s2 + interval.Up(y*y))
		inv := interval.Up(1 / sj)
		o2 = interval.Up(o2 + interval.Up(inv*inv))
		invMin = math.Max(invMin, inv)
	}
	return interval.Up(math.Sqrt(s2)), invMin, interval.Up(math.Sqrt(o2))
}

// ballRanges are the ranges of |w| and of the scale factors over the ball.
type ballRanges struct {
	wlo, whi      float64 // ||w||
	sumLo, sumHi  float64 // |1.w|
	invMin, nOnes float64
	dva, ddva     float64 // chain factors of va
	dvdShared     float64 // chain factors of vd for shared-scalar noise
	ddvdShared    float64
}

func newBallRanges(w []float64, r float64, scale []float64, rho float64) ballRanges {
	var br ballRanges
	_, br.invMin, br.nOnes = scaledNorms(w, scale)
	nw := norm(w)
	dw := interval.Up(r * br.invMin)
	br.wlo = math.Max(0, interval.Down(interval.Down(nw*(1-1e-15))-dw))
	br.whi = interval.Up(interval.Up(nw*(1+1e-15)) + dw)
	var sum float64
	for _, v := range w {
		sum += v
	}
	ds := interval.Up(r * br.nOnes)
	slack := 1e-15 * float64(len(w)) * (maxAbsEntry(w) + 1)
	br.sumLo = math.Max(0, interval.Down(math.Abs(sum)-slack-ds))
	br.sumHi = interval.Up(math.Abs(sum) + slack + ds)
	rho2 := interval.Up(rho * rho)
	wS, _, _ := scaledNorms(w, scale)
	// |gva.u~| <= 2 rho^2 |S^-1 w| <= 2 rho^2 (|S^-1 w0| + r invMin^2).
	br.dva = interval.Up(2 * rho2 * interval.Up(wS+interval.Up(r*br.invMin*br.invMin)))
	br.ddva = interval.Up(2 * rho2 * br.invMin * br.invMin)
	br.dvdShared = interval.Up(2 * rho2 * interval.Up(br.sumHi*br.nOnes))
	br.ddvdShared = interval.Up(2 * rho2 * br.nOnes * br.nOnes)
	return br
}
