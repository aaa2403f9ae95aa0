package certify

import (
	"math"

	"github.com/nlssl/nlssl/interval"
)

// The radius profile of a certificate. Every form of the certificate needs
// sup over z in B(c, r) of ||DF(z) - DF(c)||, the change of the Hessian over
// a ball. Along the segment from c to z the Hessian changes by at most the
// integral of the third derivative's norm, and at distance s from c that
// norm is at most M(s), the bound on the ball B(c, s). So
//
//	sup_{z in B(c, r)} ||DF(z) - DF(c)|| <= I(r) = int_0^r M(s) ds,
//
// which is sharper than M(r) r, the bound of the whole ball used at every
// point of it (at the radii C3 needs, M grows by half between the centre
// and the edge). The profile evaluates M on a uniform grid of radii
// s_j = j h and bounds I by the upper Riemann sum: on (s_j-1, s_j] the ball
// B(c, s) lies in B(c, s_j), so M(s) <= M(s_j). The bound of I is then
// piecewise linear, and every radius between grid points can be claimed
// with the M of a ball that contains it: the radius searches are
// continuous, and self-consistent (M is always that of a ball containing
// the one claimed).
type profile struct {
	h   float64   // grid step
	m   []float64 // m[j-1] = M(s_j), j = 1..len(m)
	cum []float64 // cum[j] >= I(s_j), cum[0] = 0
}

// Profile sizes: the grid reaches profileReach (mu - Delta) / M(0), a
// little beyond the largest radius any form can claim (the zero-uniqueness
// radius is about 2 (mu - Delta) / M), in profileCells cells, and stops
// early once I exceeds profileReach (mu - Delta), where no condition can
// hold any more.
const (
	profileCells = 24
	profileReach = 3.0
)

// newProfile evaluates mOf on the grid for a certificate whose available
// slack is gap = mu - Delta (nothing is evaluated when gap <= 0). The grid
// stops at rMax.
func newProfile(mOf func(float64) float64, gap float64) *profile {
	p := &profile{cum: []float64{0}}
	if !(gap > 0) {
		return p
	}
	m0 := mOf(0)
	reach := rMax
	if m0 > 0 && !math.IsInf(m0, 0) {
		reach = math.Min(rMax, profileReach*gap/m0)
	}
	if math.IsInf(m0, 0) || math.IsNaN(m0) {
		return p
	}
	p.h = reach / profileCells
	for j := 1; j <= profileCells; j++ {
		m := mOf(float64(j) * p.h)
		if math.IsInf(m, 0) || math.IsNaN(m) {
			break
		}
		p.m = append(p.m, m)
		c := interval.Up(p.cum[j-1] + interval.Up(m*p.h))
		p.cum = append(p.cum, c)
		if c >= profileReach*gap {
			break
		}
	}
	return p
}

// top returns the largest radius the profile covers.
func (p *profile) top() float64 { return float64(len(p.m)) * p.h }

// cell returns j (1-based) with s_j-1 < r <= s_j, or 0 when r is beyond
// the grid.
func (p *profile) cell(r float64) int {
	if !(r >= 0) || r > p.top() || p.h == 0 {
		return 0
	}
	j := max(int(math.Ceil(r/p.h)), 1)
	return min(j, len(p.m))
}

// mAt returns M on a ball of radius >= r (the grid point above r); +Inf
// beyond the grid.
func (p *profile) mAt(r float64) float64 {
	j := p.cell(r)
	if j == 0 {
		return math.Inf(1)
	}
	return p.m[j-1]
}

// integral returns an upper bound of I(r) = int_0^r M(s) ds: +Inf beyond
// the grid.
func (p *profile) integral(r float64) float64 {
	j := p.cell(r)
	if j == 0 {
		return math.Inf(1)
	}
	lo := float64(j-1) * p.h
	return interval.Up(p.cum[j-1] + interval.Up(p.m[j-1]*interval.Up(r-lo)))
}

// meanIntegral returns an upper bound of (1/(b - a)) int_a^b I(s) ds for
// 0 <= a < b (+Inf beyond the grid): the mean of the piecewise linear
// bound of I, integrated cell by cell (trapezoids, exact for a linear
// function) with upward rounding.
func (p *profile) meanIntegral(a, b float64) float64 {
	if !(b > a) || p.cell(b) == 0 {
		return math.Inf(1)
	}
	var sum float64
	for x := a; x < b; {
		j := p.cell(x)
		if float64(j)*p.h <= x { // x on a grid point: the next cell
			j++
		}
		end := math.Min(b, float64(j)*p.h)
		if j > len(p.m) {
			return math.Inf(1)
		}
		ia, ib := p.integral(x), p.integral(end)
		sum = interval.Up(sum + interval.Up(interval.Up(ia+ib)*interval.Up((end-x)/2)))
		x = end
	}
	return interval.Up(sum / interval.Down(b-a))
}

// injectivityRadius returns the largest radius r (found to 2^-40
// relative) with delta + I(r) < mu, or 0 if there is none: on B(c, r) the
// gradient map is then injective (the IFT's c = delta + I(r) < 1/N_A).
func (p *profile) injectivityRadius(mu, delta float64) float64 {
	ok := func(r float64) bool { return interval.Up(delta+p.integral(r)) < mu }
	return p.largest(ok, 0)
}

// zeroUniquenessRadius returns the largest R with delta + mean of I over
// [e, R] < mu, or 0: if grad L has a zero z1 within e of the centre, it has
// no other zero z2 within R. Proof: 0 = F(z2) - F(z1) = J (z2 - z1), J the
// mean of DF on the segment, whose points lie within (1 - s) e + s R of
// the centre; so ||J - A|| <= delta + int_0^1 I((1-s) e + s R) ds < 1/N_A,
// and J is invertible (Banach): z2 = z1. For constant M this is
// delta + M (e + R)/2 < mu, twice the injectivity radius: the uniqueness of
// Newton-Kantorovich.
func (p *profile) zeroUniquenessRadius(mu, delta, e float64) float64 {
	ok := func(r float64) bool { return interval.Up(delta+p.meanIntegral(e, r)) < mu }
	return p.largest(ok, e)
}

// largest returns the largest r in (lo, top] with ok(r), for ok true on an
// interval (lo, r*] (every condition here is monotone in r): the grid
// points locate the cell, bisection the radius in it. It returns 0 if ok
// fails just above lo.
func (p *profile) largest(ok func(float64) bool, lo float64) float64 {
	if p.top() <= lo {
		return 0
	}
	good, bad := lo, -1.0
	for j := 1; j <= len(p.m); j++ {
		s := float64(j) * p.h
		if s <= lo {
			continue
		}
		if !ok(s) {
			bad = s
			break
		}
		good = s
	}
	if bad < 0 {
		return good
	}
	for range 40 {
		mid := (good + bad) / 2
		if ok(mid) {
			good = mid
		} else {
			bad = mid
		}
	}
	if good == lo {
		return 0
	}
	return good
}

// existence maximises the IFT's existence margin
// f(r) = (mu - delta - I(r)) r - g over the grid: on each cell f is a
// concave quadratic (I linear there), maximised at its vertex or an end.
// It returns the best radius and its margin (rounded down), and the
// smallest radius found with a margin >= 0 (0 if none).
func (p *profile) existence(mu, delta, g float64) (rBest, fBest, rExist float64) {
	f := func(r float64) float64 {
		c := interval.Up(delta + p.integral(r))
		return interval.Down(interval.Down(interval.Down(mu-c)*r) - g)
	}
	fBest = math.Inf(-1)
	for j := 1; j <= len(p.m); j++ {
		lo, hi := float64(j-1)*p.h, float64(j)*p.h
		// f(r) = (b - m (r - lo)) r - g, b = mu - delta - cum_j-1: vertex
		// at r = (b + m lo) / (2 m).
		m := p.m[j-1]
		b := mu - delta - p.cum[j-1]
		cand := []float64{hi}
		if m > 0 {
			if v := (b + m*lo) / (2 * m); v > lo && v < hi {
				cand = append(cand, v)
			}
		}
		for _, r := range cand {
			if v := f(r); v > fBest {
				rBest, fBest = r, v
			}
		}
		if rExist == 0 && fBest >= 0 {
			// The smallest root in this cell: f is concave on it and
			// f(lo) < 0 <= f(rBest); bisect (f is cheap).
			a, z := lo, rBest
			for range 60 {
				mid := (a + z) / 2
				if f(mid) >= 0 {
					z = mid
				} else {
					a = mid
				}
			}
			rExist = z
		}
	}
	if len(p.m) == 0 {
		fBest = math.Inf(-1)
	}
	return rBest, fBest, rExist
}
