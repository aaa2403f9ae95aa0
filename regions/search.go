package regions

import (
	"fmt"
	"math"
)

// The trapping box R is searched, not given: it starts as the hull of the
// starting box and W*'s box, widened on each side by a pad (a fraction of
// the hull's width, at least regionPadMin in pre-activation units), and every
// face that fails is moved outward, its distance from the hull doubled,
// within the search domain. A face fails when the guide (float64
// gradient) points outward at one of guideGrid points of it, which is
// cheap, or when the certified check fails on it.
// regionPads are the initial pads tried, in order: a wide box first (its
// faces lie far from the nullclines, so coarse boxes prove them), then a
// tight one if the wide box cannot be proved.
var regionPads = []float64{1, 0.25}

const (
	regionPadMin = 0.05
	guideGridN   = 9 // points along the face's other (a or b) axis
	guideGridQ   = 5 // points along q
	guideMoves   = 64
)

type regionSearch struct {
	e         *engine
	obj       Objective
	hull, dom Box
	qHi       float64
	initPad   float64    // the initial pad, a fraction of the hull's width
	pad       [4]float64 // distance of faces a.lo, a.hi, b.lo, b.hi from the hull
	tauS      float64
	point     Point
	set       Settings
	moves     int // certified checks that failed on a face and moved it
	guided    int // moves made on the guide's word
}

// find returns the report of the first trapping box the search
// proves, or of the last one it tried.
func (s *regionSearch) find() RegionReport {
	for i, axis := range []int{AxisA, AxisA, AxisB, AxisB} {
		w := s.hull.Width(axis)
		floor := regionPadMin
		if axis == AxisB {
			floor /= s.tauS
		}
		s.pad[i] = math.Max(s.initPad*w, floor)
	}
	for {
		r := s.box()
		if face, at, ok := s.guideFace(r); !ok {
			if s.guided < guideMoves && s.move(face) {
				s.guided++
				continue
			}
			p := PointBox(at)
			return RegionReport{Region: r, face: face, FailedBox: &p, Failed: fmt.Sprintf(
				"no trapping box found: face %s of %s cannot move further within the search domain %s, and the gradient points out of it near %s (float64 guide)", faceNames[face], r, s.dom, p)}
		}
		rep := checkRegion(s.e, s.obj, r, s.point, s.set)
		if rep.Proved || rep.face < 0 || rep.face == FaceQHi || s.moves >= s.set.RegionMoves {
			return rep
		}
		s.moves++
		if !s.move(rep.face) {
			rep.Failed += fmt.Sprintf("; face %s cannot move further within the search domain %s", faceNames[rep.face], s.dom)
			return rep
		}
	}
}

// box returns the current candidate: the hull widened by the pads,
// clipped to the search domain, with q in [0, qHi].
func (s *regionSearch) box() Box {
	r := s.hull
	r[AxisA].Lo = math.Max(s.dom[AxisA].Lo, r[AxisA].Lo-s.pad[0])
	r[AxisA].Hi = math.Min(s.dom[AxisA].Hi, r[AxisA].Hi+s.pad[1])
	r[AxisB].Lo = math.Max(s.dom[AxisB].Lo, r[AxisB].Lo-s.pad[2])
	r[AxisB].Hi = math.Min(s.dom[AxisB].Hi, r[AxisB].Hi+s.pad[3])
	r[AxisQ].Lo, r[AxisQ].Hi = 0, s.qHi
	return r
}

// move doubles the pad of face k; it reports false when the face is
// already at the search domain's boundary (or is the q face).
func (s *regionSearch) move(k int) bool {
	if k < 0 || k > FaceBHi {
		return false
	}
	before := s.box()
	s.pad[k] *= 2
	return s.box() != before
}

// guideFace checks the faces of r on a grid with the guide: the inward
// gradient component must be positive at every grid point. It returns the
// first face that fails and the point.
func (s *regionSearch) guideFace(r Box) (face int, at [3]float64, ok bool) {
	for k := range 4 {
		axis, other := AxisA, AxisB
		if k >= FaceBLo {
			axis, other = AxisB, AxisA
		}
		for i := range guideGridN {
			for j := range guideGridQ {
				var p [3]float64
				p[axis] = r[axis].Lo
				if k == FaceAHi || k == FaceBHi {
					p[axis] = r[axis].Hi
				}
				p[other] = r[other].Lo + r.Width(other)*float64(i)/(guideGridN-1)
				p[AxisQ] = r[AxisQ].Lo + r.Width(AxisQ)*float64(j)/(guideGridQ-1)
				g, gok := guideGrad(s.obj, p)
				in := g[axis]
				if k == FaceAHi || k == FaceBHi {
					in = -in
				}
				if !gok || !(in > 0) {
					return k, p, false
				}
			}
		}
	}
	return faceNone, at, true
}
