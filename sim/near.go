package sim

import (
	"fmt"
	"math"
)

// The bounds of the near initialisation region: the reference experiment's
// SSL condition 0 (the paper's simulation section; docs/model.md sections
// 6 and 7, THEORY.md section 6) draws w1^(1) ~ U(NearALo, NearAHi),
// w2^(1) ~ -U(NearALo, NearAHi) and w1^(2), w2^(2) ~ U(NearBLo, NearBHi)/tau.
// NearOtherMax is not the reference's: it keeps the other coordinates,
// which it draws N(0, 1), in a bounded region (|x| > 5 has probability
// 6e-7 per coordinate).
const (
	NearALo      float64 = 3.1 // lower end of w1^(1) (and of -w2^(1))
	NearAHi      float64 = 3.9 // upper end of w1^(1) (and of -w2^(1))
	NearBLo      float64 = 8.5 // lower end of tau w_k^(2)
	NearBHi      float64 = 9   // upper end of tau w_k^(2)
	NearOtherMax float64 = 5   // bound of |w_k^(j)|, j >= 3, in Contains
)

// NearRegion is the near initialisation region of SSL weights W (2 x D,
// row-major) at hidden-feature strength Tau > 0:
//
//	w1^(1) in [3.1, 3.9], w2^(1) in [-3.9, -3.1],
//	w1^(2), w2^(2) in [8.5/Tau, 9/Tau], |w_k^(j)| <= 5 for j >= 3.
//
// InitNear draws from it (Sample); Contains is the region as a predicate,
// Centre its centre.
type NearRegion struct {
	D   int     // input dimension, >= 2
	Tau float64 // hidden-feature strength, > 0
}

// A returns the range of row 1's e1 weight w1^(1); row 2's, w2^(1), is
// [-hi, -lo].
func (n NearRegion) A() (lo, hi float64) { return NearALo, NearAHi }

// B returns the range of both rows' e2 weights w1^(2), w2^(2):
// [8.5/Tau, 9/Tau].
func (n NearRegion) B() (lo, hi float64) { return NearBLo / n.Tau, NearBHi / n.Tau }

// Other returns the bound of the other coordinates |w_k^(j)|, j >= 3.
func (n NearRegion) Other() float64 { return NearOtherMax }

// Contains reports whether W (2 x D, row-major) lies in the region, faces
// included. A W of another length than 2D is not in it.
func (n NearRegion) Contains(w []float64) bool {
	d := n.D
	if d < 2 || len(w) != 2*d {
		return false
	}
	in := func(x, lo, hi float64) bool { return x >= lo && x <= hi }
	alo, ahi := n.A()
	blo, bhi := n.B()
	if !(in(w[0], alo, ahi) && in(w[d], -ahi, -alo) && in(w[1], blo, bhi) && in(w[d+1], blo, bhi)) {
		return false
	}
	for k := range 2 {
		for j := 2; j < d; j++ {
			if !(math.Abs(w[k*d+j]) <= NearOtherMax) {
				return false
			}
		}
	}
	return true
}

// Centre returns the region's centre: rows (3.5, 8.75/Tau, 0, ..., 0) and
// (-3.5, 8.75/Tau, 0, ..., 0).
func (n NearRegion) Centre() []float64 {
	d := n.D
	w := make([]float64, 2*d)
	a, b := (NearALo+NearAHi)/2, (NearBLo+NearBHi)/2/n.Tau
	w[0], w[1] = a, b
	w[d], w[d+1] = -a, b
	return w
}

// Sample returns the W that Initialise(InitNear, D, Tau, seed) draws from
// seed's init stream: 2D N(0, 1) entries (row 1, then row 2), then
// w1^(1), -w2^(1), Tau w1^(2), Tau w2^(2) uniform, in that order. The
// other coordinates keep their N(0, 1) draws, so Contains can refuse a
// sample (probability below 1e-5 at D = 10). It returns an error for an
// invalid D or Tau.
func (n NearRegion) Sample(seed uint64) ([]float64, error) {
	p, err := Initialise(InitNear, n.D, n.Tau, seed)
	if err != nil {
		return nil, err
	}
	return p.W, nil
}

// draw overwrites the four feature weights of w (2 x D, its N(0, 1)
// draws) with uniform draws from r, in Sample's order.
func (n NearRegion) draw(r *rng, w []float64) {
	d := n.D
	uniform := func(lo, hi float64) float64 { return lo + (hi-lo)*r.Float64() }
	w[0] = uniform(NearALo, NearAHi)
	w[d] = -uniform(NearALo, NearAHi)
	w[1] = uniform(NearBLo, NearBHi) / n.Tau
	w[d+1] = uniform(NearBLo, NearBHi) / n.Tau
}

// String describes the region, e.g. "w1^(1) in [3.1, 3.9], w2^(1) in
// [-3.9, -3.1], w1^(2), w2^(2) in [8.5, 9]/tau = [1.21, 1.29] (tau = 7),
// |w_k^(j)| <= 5 for j >= 3 (d = 10)".
func (n NearRegion) String() string {
	blo, bhi := n.B()
	return fmt.Sprintf("w1^(1) in [%g, %g], w2^(1) in [%g, %g], w1^(2), w2^(2) in [%g, %g]/tau = [%.3g, %.3g] (tau = %g), |w_k^(j)| <= %g for j >= 3 (d = %d)",
		NearALo, NearAHi, -NearAHi, -NearALo, NearBLo, NearBHi, blo, bhi, n.Tau, NearOtherMax, n.D)
}
