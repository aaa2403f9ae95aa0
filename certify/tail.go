package certify

import (
	"fmt"
	"math"

	"github.com/nlssl/nlssl/interval"
)

// Tail is a proved invariant region of the ascent map T(w) = w + eta
// grad L(w) around the certified maximum W*: per row k, the Euclidean ball
// R_k = B(c_k, Radius[k]) around the Newton zero c (the exact zero z* lies
// within e_k of it). On the ball B(c_k, Radius[k] + e_k) every eigenvalue
// of row k's Hessian lies in [-Big[k], -Small[k]] with Small[k] > 0 and
// eta Big[k] < 2, so
//
//   - T(w) - z* = (I + eta J)(w - z*), J the mean Hessian on [z*, w], and
//     ||I + eta J|| <= Q = max(1 - eta Small, eta Big - 1) < 1: T maps R
//     into itself (Radius >= e (1 + Q) / (1 - Q)), and the iterates
//     converge to z* geometrically;
//   - the descent lemma with eta Big < 2 on the convex R: L never
//     decreases;
//   - every point of R has the sign pattern (Radius below the sign margin).
//
// Hence from the first iterate in R (both rows) on, C1's clauses and C2's
// convergence to W* hold at every later step by this proof. The bounds come
// from the IFT certificate at c in the Euclidean norm (the ascent's own):
// on B(c, r) the eigenvalues of the Hessian lie within
// [eigLo - Delta - I(r), eigHi + Delta + I(r)], eigLo and eigHi bounds of
// the eigenvalues of the midpoint A at c; the zero's offset e comes from
// the computer-assisted certificate.
type Tail struct {
	Eta         float64
	Center      []float64 // the Newton zero (2d)
	Radius      [2]float64
	Small, Big  [2]float64
	Q           float64 // the contraction factor, the larger of the rows'
	OK          bool
	Failed      string
	zeroOffsets [2]float64 // e_k, Euclidean
}

// Tail returns the tail region of the ascent with step eta around W*, the
// largest ball per row (found by bisection on the certificate's radius
// profile) on which the three conditions hold.
func (fc *Transfer) Tail(eta float64) Tail {
	t := Tail{Eta: eta, Center: fc.Zero}
	if !fc.Certified() {
		t.Failed = "no certified maximum W*"
		return t
	}
	d := len(fc.Zero) / 2
	for k := range 2 {
		smin := math.Inf(1)
		for _, s := range fc.Assisted[k].Scale {
			smin = math.Min(smin, s)
		}
		e := interval.Up(fc.Assisted[k].RExist / smin) // ||z* - c|| <= ||S (z* - c)|| / min S
		a := newRowProblem(fc.zeroRows[k], nil).ift()
		if a.prof == nil {
			t.Failed = fmt.Sprintf("row %d: no Euclidean certificate at W*: %s", k+1, a.Failed)
			return t
		}
		row := fc.Zero[k*d : (k+1)*d]
		margin := signMargin(row, k)
		curv := func(rho float64) (small, big float64) {
			pert := interval.Up(a.Delta + a.prof.integral(interval.Up(rho+e)))
			return interval.Down(-interval.Up(a.eigHi + pert)), interval.Up(-interval.Down(a.eigLo - pert))
		}
		contraction := func(rho float64) float64 {
			small, big := curv(rho)
			if !(small > 0) {
				return math.Inf(1)
			}
			return math.Max(interval.Up(1-interval.Down(eta*small)), interval.Up(interval.Up(eta*big)-1))
		}
		// The ball may grow while it keeps at least half the contraction at
		// its centre (1 - Q >= (1 - Q0) / 2): a larger ball is entered
		// earlier, a smaller one converges faster, and the bound of the steps
		// to the gradient tolerance stays within twice the centre's.
		q0 := contraction(0)
		ok := func(rho float64) bool {
			q := contraction(rho)
			return q < 1 && 1-q >= (1-q0)/2 && rho < margin && rho >= interval.Up(e*(1+q)/interval.Down(1-q))
		}
		rho := largestRadius(ok, margin)
		if rho == 0 {
			small, big := curv(0)
			t.Failed = fmt.Sprintf("row %d: no ball around W* on which the ascent contracts (at its centre the Hessian's eigenvalues are in [%.3g, %.3g], eta %g: eta Big = %.3g, needs < 2 and Small > 0)", k+1, -big, -small, eta, eta*big)
			return t
		}
		t.Radius[k], t.zeroOffsets[k] = rho, e
		t.Small[k], t.Big[k] = curv(rho)
		t.Q = math.Max(t.Q, math.Max(interval.Up(1-interval.Down(eta*t.Small[k])), interval.Up(interval.Up(eta*t.Big[k])-1)))
	}
	t.OK = true
	return t
}

// signMargin returns row k's distance to the nearest sign boundary of
// C1's pattern: w1^(1) > 0 > w2^(1) and w^(2) > 0, i.e. min(|a|, b) with a's
// sign the row's (k = 0: a > 0, k = 1: a < 0); 0 when the row does not
// have the pattern.
func signMargin(row []float64, k int) float64 {
	a := row[0]
	if k == 1 {
		a = -a
	}
	return math.Max(0, math.Min(a, row[1]))
}

// largestRadius returns the largest rho in (0, hi) with ok(rho), for ok
// true on an interval (0, rho*] (every condition of the tail is monotone
// in rho), by bisection to 2^-30 of hi; 0 if none is found.
func largestRadius(ok func(float64) bool, hi float64) float64 {
	if !(hi > 0) {
		return 0
	}
	lo := 0.0
	probe := hi
	for range 60 { // the first radius that works, halving from hi
		if ok(probe) {
			lo = probe
			break
		}
		probe /= 2
	}
	if lo == 0 {
		return 0
	}
	up := math.Min(2*lo, hi)
	for range 30 {
		mid := (lo + up) / 2
		if ok(mid) {
			lo = mid
		} else {
			up = mid
		}
	}
	return lo
}

// Contains reports whether every row of w (2d) lies in the tail region.
func (t Tail) Contains(w []float64) bool {
	if !t.OK {
		return false
	}
	d := len(t.Center) / 2
	for k := range 2 {
		var s float64
		for j := range d {
			v := w[k*d+j] - t.Center[k*d+j]
			s += v * v
		}
		if !(math.Sqrt(s)*(1+1e-12) <= t.Radius[k]) {
			return false
		}
	}
	return true
}

// StepsToGradient returns an upper bound of the steps after entering the
// region until ||grad L|| <= tol for every later iterate: on the region
// each row's ||grad L(w)|| <= Big ||w - z*|| and ||w_t - z*|| <= Q^t
// (Radius + e), and both rows below tol / sqrt 2 put the whole gradient
// below tol.
func (t Tail) StepsToGradient(tol float64) int {
	if !t.OK || !(tol > 0) {
		return -1
	}
	tol /= math.Sqrt2
	var worst float64
	for k := range 2 {
		g := t.Big[k] * (t.Radius[k] + t.zeroOffsets[k])
		if g <= tol {
			continue
		}
		worst = math.Max(worst, math.Log(tol/g)/math.Log(t.Q))
	}
	return int(math.Ceil(worst))
}
