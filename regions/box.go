package regions

import (
	"encoding/json"
	"fmt"
	"math"

	"github.com/nlssl/nlssl/interval"
	"github.com/nlssl/nlssl/sim"
)

// Axes of a Box.
const (
	AxisA = 0 // a = w.e1
	AxisB = 1 // b = w.e2
	AxisQ = 2 // q = the norm of the other d - 2 coordinates
)

var axisNames = [3]string{"a", "b", "q"}

// Box is a closed box of (a, b, q): Box[AxisA] is the interval of a, and
// so on. Its endpoints are exact floats; a box is valid when every
// endpoint is finite and lo <= hi (Validate).
type Box [3]interval.Interval

// NewBox returns the box [alo, ahi] x [blo, bhi] x [qlo, qhi]. It does not
// validate: call Validate.
func NewBox(alo, ahi, blo, bhi, qlo, qhi float64) Box {
	return Box{{Lo: alo, Hi: ahi}, {Lo: blo, Hi: bhi}, {Lo: qlo, Hi: qhi}}
}

// Validate returns a *sim.ParamError naming name.a, name.b or name.q when
// an endpoint is not finite or lo > hi, or when q can be negative (q is a
// norm).
func (x Box) Validate(name string) error {
	for i := range 3 {
		lo, hi := x[i].Lo, x[i].Hi
		if math.IsNaN(lo) || math.IsNaN(hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) || lo > hi {
			return paramErr(name+"."+axisNames[i], fmt.Sprintf("%v:%v", lo, hi), "finite numbers lo:hi with lo <= hi")
		}
	}
	if x[AxisQ].Lo < 0 {
		return paramErr(name+".q", fmt.Sprintf("%v:%v", x[AxisQ].Lo, x[AxisQ].Hi), "0 <= lo <= hi (q is the norm of the other coordinates)")
	}
	return nil
}

// Contains reports whether y lies inside x (closed boxes).
func (x Box) Contains(y Box) bool {
	for i := range 3 {
		if y[i].Lo < x[i].Lo || y[i].Hi > x[i].Hi {
			return false
		}
	}
	return true
}

// Intersects reports whether the closed boxes x and y meet.
func (x Box) Intersects(y Box) bool {
	for i := range 3 {
		if y[i].Hi < x[i].Lo || y[i].Lo > x[i].Hi {
			return false
		}
	}
	return true
}

// Hull returns the smallest box containing x and y.
func (x Box) Hull(y Box) Box {
	for i := range 3 {
		x[i] = x[i].Hull(y[i])
	}
	return x
}

// Mid returns the centre of x.
func (x Box) Mid() [3]float64 { return [3]float64{x[0].Mid(), x[1].Mid(), x[2].Mid()} }

// Width returns the width of x along axis i.
func (x Box) Width(i int) float64 { return x[i].Hi - x[i].Lo }

// Flat reports whether x has no extent along q (a box of the plane q = q0).
func (x Box) Flat() bool { return x[AxisQ].Lo == x[AxisQ].Hi }

// Bisect splits x at the midpoint of axis i. The two halves share the
// midpoint, so together they cover x.
func (x Box) Bisect(i int) (Box, Box) {
	m := x[i].Mid()
	lo, hi := x, x
	lo[i].Hi, hi[i].Lo = m, m
	return lo, hi
}

// PointBox returns the degenerate box at (a, b, q).
func PointBox(p [3]float64) Box { return NewBox(p[0], p[0], p[1], p[1], p[2], p[2]) }

func (x Box) String() string {
	return fmt.Sprintf("a in [%.9g, %.9g], b in [%.9g, %.9g], q in [%.9g, %.9g]",
		x[0].Lo, x[0].Hi, x[1].Lo, x[1].Hi, x[2].Lo, x[2].Hi)
}

// boxJSON is the JSON form of a Box: {"a": [lo, hi], "b": ..., "q": ...}.
type boxJSON struct {
	A [2]float64 `json:"a"`
	B [2]float64 `json:"b"`
	Q [2]float64 `json:"q"`
}

// MarshalJSON writes {"a": [lo, hi], "b": [lo, hi], "q": [lo, hi]}.
func (x Box) MarshalJSON() ([]byte, error) {
	return json.Marshal(boxJSON{A: [2]float64{x[0].Lo, x[0].Hi}, B: [2]float64{x[1].Lo, x[1].Hi}, Q: [2]float64{x[2].Lo, x[2].Hi}})
}

// UnmarshalJSON reads the form MarshalJSON writes.
func (x *Box) UnmarshalJSON(b []byte) error {
	var j boxJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*x = NewBox(j.A[0], j.A[1], j.B[0], j.B[1], j.Q[0], j.Q[1])
	return nil
}

// NearRegion returns the reference's "near" initialisation region for one
// row (sim.NearRegion, THEORY section 6) as a box: a in [3.1, 3.9], b in
// [8.5/tau, 9/tau] (tau > 0) and q in [0, QMax(d)], for the first row; the
// second row is its mirror image a -> -a.
func NearRegion(tau float64, d int) Box {
	n := sim.NearRegion{D: d, Tau: tau}
	alo, ahi := n.A()
	blo, bhi := n.B()
	return NewBox(alo, ahi, blo, bhi, 0, QMax(d))
}

// QMax returns the bound of q the default starting box uses:
// 5 sqrt(d - 2). The near region draws the other d - 2 coordinates
// N(0, 1), and its predicate (sim.NearRegion.Contains, theory.InNearRegion)
// accepts |w_j| <= 5 for each, so every W0 theory accepts has
// q <= 5 sqrt(d - 2). (At d = 10 that is 14.14; the N(0,1) draws give
// q ~ 2.8 typically and q > 6 with probability below 1e-3.)
func QMax(d int) float64 { return sim.NearOtherMax * math.Sqrt(float64(max(d-2, 0))) }

func paramErr(param string, value any, allowed string) error {
	return &sim.ParamError{Param: param, Value: fmt.Sprint(value), Allowed: allowed}
}
