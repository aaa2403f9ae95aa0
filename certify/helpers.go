package certify

import (
	"fmt"
	"math"

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

func checkNonNegative(param string, v float64) error {
	if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
		return paramErr(param, v, "a finite number >= 0")
	}
	return nil
}

func checkFinite(param string, x []float64) error {
	for i, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return paramErr(fmt.Sprintf("%s[%d]", param, i), v, "finite numbers")
		}
	}
	return nil
}

func sumSq(v []float64) float64 {
	var s float64
	for _, x := range v {
		s += x * x
	}
	return s
}
