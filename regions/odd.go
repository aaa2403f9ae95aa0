package regions

import (
	"math"

	"github.com/nlssl/nlssl/interval"
)

// EvenInA is implemented by objectives that are even in a:
// f(-a, b, q) = f(a, b, q). The population objective is (the clusters
// y = +1 and y = -1 are equally likely and the noise is symmetric), so
// f_a(0, b, q) = 0 and, for a >= 0,
//
//	f_a(a, b, q) = a * integral_0^1 f_aa(t a, b, q) dt  in  [a] * H_aa([0, a.hi] x B x Q),
//
// an enclosure that keeps the factor a which interval evaluation of f_a
// loses: near a = 0 it is what proves f_a > 0.
type EvenInA interface {
	EvenInA() bool
}

// EvenInA reports true: f is even in a (THEORY section 4).
func (o *Population) EvenInA() bool { return true }

// oddRefiner narrows enclosures of f_a on boxes near a = 0 by the mean
// value form above, for objectives that are even in a.
type oddRefiner struct {
	e  *engine
	on bool
}

func newOddRefiner(e *engine, obj Objective) oddRefiner {
	ev, ok := obj.(EvenInA)
	return oddRefiner{e: e, on: ok && ev.EvenInA()}
}

// refine narrows enc.Grad[AxisA] over x when that may help: x has
// 0 < a.lo < 4 width_a (near a = 0 relative to its width) and a.hi <= 1
// (where f_a is of the size of a f_aa; farther out the plain enclosure is
// as good and the extra enclosure, computed on one core, only costs). It
// reports whether the enclosure changed.
func (o oddRefiner) refine(x Box, enc *Enclosure) bool {
	a := x[AxisA]
	if !o.on || !(a.Lo > 0) || !(a.Lo < 4*a.Width()) || !(a.Hi <= 1) {
		return false
	}
	x0 := x
	x0[AxisA].Lo = 0
	e0, err := o.e.enclose(x0)
	if err != nil {
		return false
	}
	m := a.Mul(e0.Hess[AxisA][AxisA])
	g := enc.Grad[AxisA]
	n := interval.Interval{Lo: math.Max(g.Lo, m.Lo), Hi: math.Min(g.Hi, m.Hi)}
	if !(n.Lo <= n.Hi) || n == g {
		return false // an empty intersection cannot happen for sound enclosures; keep the original
	}
	enc.Grad[AxisA] = n
	return true
}
