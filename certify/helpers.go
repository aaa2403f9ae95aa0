package certify

import (
	"fmt"
	"math"

	"github.com/nlssl/nlssl/interval"
	"github.com/nlssl/nlssl/sim"
)

// dot, norm and maxAbsEntry are the plain loops sim uses: the float64
// centres of the bounds must be the same numbers sim computes (gonum's
// floats.Dot sums in another order on amd64), and their rounding is
// accounted for by the slack terms of each bound.
func dot(u, v []float64) float64 {
	var s float64
	for i, x := range u {
		s += x * v[i]
	}
	return s
}

func norm(v []float64) float64 { return math.Sqrt(dot(v, v)) }

func maxAbsEntry(x []float64) float64 {
	var m float64
	for _, v := range x {
		m = max(m, math.Abs(v))
	}
	return m
}

// paramErr returns the module's error for an input outside its range.
func paramErr(param string, value any, allowed string) error {
	return &sim.ParamError{Param: param, Value: fmt.Sprint(value), Allowed: allowed}
}

func sumSq(v []float64) float64 {
	var s float64
	for _, x := range v {
		s += x * x
	}
	return s
}

// fsum accumulates a float64 sum of terms that were each computed with a
// relative error of at most k units of roundoff (a product of k+1 exact
// factors), together with the sum of their magnitudes, and encloses the
// exact sum: the error of a recursive sum of n terms is at most
// gamma_(n-1) sum |t| (Higham, Accuracy and Stability of Numerical
// Algorithms, 2002, eq. 4.4), so with the terms' own errors the total is at
// most (n + k) u sum |t| (1 + 1e-6) while (n + k) u < 1e-6, u = 2^-53; the
// magnitude sum's own rounding is covered by the same factor. It is the
// float64 path for long sums where interval arithmetic per term would cost
// ten times as much.
type fsum struct {
	s, a float64
	n, k int
}

func newFsum(k int) fsum { return fsum{k: k} }

func (f *fsum) add(t float64) {
	f.s += t
	f.a += math.Abs(t)
	f.n++
}

// ival returns an enclosure of the exact sum.
func (f *fsum) ival() interval.Interval {
	nk := float64(f.n + f.k + 2)
	if nk*0x1p-53 >= 1e-6 || math.IsNaN(f.s) || math.IsInf(f.a, 0) {
		return interval.Entire()
	}
	e := interval.Up(interval.Up(nk*0x1p-53*(1+1e-6)) * interval.Up(f.a*(1+1e-6)))
	return interval.New(interval.Down(f.s-e), interval.Up(f.s+e))
}
