package regions

import (
	"math"

	"github.com/nlssl/nlssl/interval"
)

// Krawczyk's test on the plane q = 0 (Rump, "Verification methods", Acta
// Numerica 19, 2010, Theorem 5.7 for the interval Jacobian form). For
// F = (f_a, f_b)(., ., 0), a point p, a box Y containing p, an enclosure
// J of F's Jacobian (the (a, b) block of the Hessian) over Y, and any real
// matrix C,
//
//	K(Y) = p - C F(p) + (I - C J)(Y - p).
//
// If K(Y) lies in the interior of Y, F has exactly one zero in Y (and it
// lies in K(Y)). On q = 0 the third gradient component f_q = c q vanishes
// identically, so the zeros of F are exactly the critical points of f on
// the plane.

// newtonSteps bounds the Newton iterations that find the centre p,
// krawczykRadii the radii tried (each a quarter of the previous), and
// tightenSteps the Krawczyk iterations that narrow the zero's enclosure.
const (
	newtonSteps   = 12
	krawczykRadii = 14
	tightenSteps  = 6
)

// krawczyk tries to certify a zero of (f_a, f_b) near the flat box x:
// Newton from x's centre on the midpoints of point enclosures, then
// Krawczyk's test on boxes around the Newton point, from x's own width
// down; the box must not meet an already certified one (certified boxes
// stay disjoint, so each holds a different critical point). converged
// reports that Newton converged to a point inside x.
func (s *criticalSearch) krawczyk(x Box) (cp CriticalPoint, converged, ok bool) {
	p, fp, newtonOK := s.newton(x)
	if !newtonOK {
		return cp, false, false
	}
	w := s.mWidth(x)
	converged = x.Contains(PointBox(p))
	for _, c := range s.points {
		if c.Box.Contains(PointBox(p)) {
			return cp, false, false // that zero is certified already
		}
	}
	r := w
	for range krawczykRadii {
		y := NewBox(p[AxisA]-r, p[AxisA]+r, p[AxisB]-r/s.tauS, p[AxisB]+r/s.tauS, 0, 0)
		r /= 4
		if s.meetsCertified(y) {
			continue
		}
		ey, err := s.e.enclose(y)
		if err != nil {
			return cp, converged, false
		}
		k, inside, kok := krawczykImage(p, y, fp, ey)
		if kok && inside {
			// Classify on the narrow enclosure of the zero: the Hessian
			// at the zero lies in the enclosure over any box holding it.
			z := s.tighten(p, fp, y, k)
			ez, err := s.e.enclose(z)
			if err != nil {
				ez, z = ey, y
			}
			cp = classify(p, z, ez)
			cp.Box, cp.Enclosed = y, z
			return cp, converged, true
		}
		if kok && newtonTermExceeds(p, y, fp, ey) {
			break // K(Y) contains p - C F(p), which smaller boxes cannot hold either
		}
	}
	return cp, converged, false
}

// newtonTermExceeds reports whether the Newton step C F(p) (C the
// inverse of the Jacobian's midpoint over y) reaches outside y along an
// axis. Every K(Y') contains p - C F(p) + (I - C J)(Y' - p) with
// Y' - p containing 0, so K(Y') contains p - C F(p): for a box Y' no
// wider than y, K(Y') then leaves Y', and smaller radii are hopeless.
func newtonTermExceeds(p [3]float64, y Box, fp, ey Enclosure) bool {
	c, ok := inv2(mid2(ey))
	if !ok {
		return false
	}
	f := [2]interval.Interval{fp.Grad[AxisA], fp.Grad[AxisB]}
	for i := range 2 {
		step := interval.Point(c[i][0]).Mul(f[0]).Add(interval.Point(c[i][1]).Mul(f[1]))
		if step.Mig() >= y[i].Rad() {
			return true
		}
	}
	return false
}

// farFrom reports whether p lies farther than twice x's width from x's
// centre (in pre-activation units).
func (s *criticalSearch) farFrom(x Box, p [3]float64) bool {
	return math.Abs(p[AxisA]-x[AxisA].Mid())+s.tauS*math.Abs(p[AxisB]-x[AxisB].Mid()) > 2*s.mWidth(x)+1e-12
}

// newton runs Newton's method for (f_a, f_b) on the plane q = 0 from x's
// centre, on the midpoints of point enclosures; ok is false when it
// stalls (a singular Jacobian), leaves x's neighbourhood or does not
// settle in newtonSteps. It
// returns the point and the enclosure at it.
func (s *criticalSearch) newton(x Box) (p [3]float64, fp Enclosure, ok bool) {
	p = x.Mid()
	p[AxisQ] = 0
	var step float64
	for range newtonSteps {
		var err error
		if fp, err = s.e.enclose(PointBox(p)); err != nil {
			return p, fp, false
		}
		da, db, solved := solve2(mid2(fp), fp.Grad[AxisA].Mid(), fp.Grad[AxisB].Mid())
		if !solved {
			return p, fp, false
		}
		p[AxisA] -= da
		p[AxisB] -= db
		if s.farFrom(x, p) {
			return p, fp, false // Newton left the candidate's neighbourhood
		}
		step = (math.Abs(da) + s.tauS*math.Abs(db)) / (1 + math.Abs(p[AxisA]) + s.tauS*math.Abs(p[AxisB]))
		if step <= 1e-14 {
			break
		}
	}
	if !(step <= 1e-9) { // rounding may keep the last steps above 1e-14, not above 1e-9
		return p, fp, false
	}
	fp, err := s.e.enclose(PointBox(p))
	return p, fp, err == nil
}

func (s *criticalSearch) meetsCertified(y Box) bool {
	for _, c := range s.points {
		if c.Box.Intersects(y) {
			return true
		}
	}
	return false
}

// mid2 returns the midpoint of the (a, b) Hessian block, symmetrised.
func mid2(e Enclosure) [2][2]float64 {
	off := (e.Hess[0][1].Mid() + e.Hess[1][0].Mid()) / 2
	return [2][2]float64{{e.Hess[0][0].Mid(), off}, {off, e.Hess[1][1].Mid()}}
}

// solve2 solves j x = (u, v) by Cramer's rule; ok is false when j is
// singular to working precision.
func solve2(j [2][2]float64, u, v float64) (x0, x1 float64, ok bool) {
	det := j[0][0]*j[1][1] - j[0][1]*j[1][0]
	scale := math.Abs(j[0][0]*j[1][1]) + math.Abs(j[0][1]*j[1][0])
	if !(math.Abs(det) > 1e-14*scale) {
		return 0, 0, false
	}
	return (j[1][1]*u - j[0][1]*v) / det, (j[0][0]*v - j[1][0]*u) / det, true
}

// inv2 returns the inverse of j (float64; any C is allowed in Krawczyk's
// operator, a good one makes it contract).
func inv2(j [2][2]float64) ([2][2]float64, bool) {
	a0, a1, ok0 := solve2(j, 1, 0)
	b0, b1, ok1 := solve2(j, 0, 1)
	return [2][2]float64{{a0, b0}, {a1, b1}}, ok0 && ok1
}

// krawczykImage returns K(Y) for the point enclosure fp at p and the
// enclosure ey over Y (both at q = 0), and whether it lies in the
// interior of Y; ok is false when the Jacobian's midpoint is singular.
func krawczykImage(p [3]float64, y Box, fp, ey Enclosure) (k [2]interval.Interval, inside, ok bool) {
	c, ok := inv2(mid2(ey))
	if !ok {
		return k, false, false
	}
	f := [2]interval.Interval{fp.Grad[AxisA], fp.Grad[AxisB]}
	d := [2]interval.Interval{y[AxisA].Sub(interval.Point(p[AxisA])), y[AxisB].Sub(interval.Point(p[AxisB]))}
	inside = true
	for i := range 2 {
		k[i] = interval.Point(p[i])
		for j := range 2 {
			k[i] = k[i].Sub(interval.Point(c[i][j]).Mul(f[j]))
			m := interval.Point(0) // (I - C J)_ij
			if i == j {
				m = interval.Point(1)
			}
			for l := range 2 {
				m = m.Sub(interval.Point(c[i][l]).Mul(ey.Hess[l][j]))
			}
			k[i] = k[i].Add(m.Mul(d[j]))
		}
		inside = inside && k[i].Lo > y[i].Lo && k[i].Hi < y[i].Hi
	}
	return k, inside, true
}

// tighten narrows the enclosure of the zero certified in y: every zero of
// F in a box Z containing p lies in K(Z) (mean value theorem along the
// segment from p, which stays in Z), so Z <- K(Z) n Z keeps the zero.
func (s *criticalSearch) tighten(p [3]float64, fp Enclosure, z Box, k [2]interval.Interval) Box {
	for it := 0; ; it++ {
		next := z
		for i := range 2 {
			next[i] = interval.New(math.Max(z[i].Lo, k[i].Lo), math.Min(z[i].Hi, k[i].Hi))
		}
		if next == z || it == tightenSteps || !next.Contains(PointBox(p)) {
			return next
		}
		z = next
		ez, err := s.e.enclose(z)
		if err != nil {
			return z
		}
		var ok bool
		if k, _, ok = krawczykImage(p, z, fp, ez); !ok {
			return z
		}
	}
}

// eigenBounds2 encloses the two eigenvalues of every symmetric matrix in
// the (a, b) block of h: lambda = mean +- sqrt(diff^2 + off^2).
func eigenBounds2(h [3][3]interval.Interval) (lmin, lmax interval.Interval) {
	half := interval.Point(0.5)
	mean := h[0][0].Add(h[1][1]).Mul(half)
	diff := h[0][0].Sub(h[1][1]).Mul(half)
	rad := diff.Sqr().Add(h[0][1].Sqr()).Sqrt()
	return mean.Sub(rad), mean.Add(rad)
}

// classify returns the critical point known to lie in y, with its kind
// from the Hessian's enclosure ey over y (the point is in y, so its
// Hessian lies in the enclosure). At w_rest = 0 the Hessian of L is
// diag(H_ab, c I_{d-2}).
func classify(p [3]float64, y Box, ey Enclosure) CriticalPoint {
	lmin, lmax := eigenBounds2(ey.Hess)
	c := ey.C
	cp := CriticalPoint{Box: y, Centre: p, LambdaMaxAB: lmax.Hi, LambdaMinAB: lmin.Lo,
		C: [2]float64{c.Lo, c.Hi}, LambdaMax: math.Max(lmax.Hi, c.Hi), F: [2]float64{ey.F.Lo, ey.F.Hi}}
	switch {
	case lmax.Hi < 0 && c.Hi < 0:
		cp.Kind = KindStrictMax
	case lmin.Lo > 0 && c.Lo > 0:
		cp.Kind = KindStrictMin
	case lmin.Hi < 0 && lmax.Lo > 0, // indefinite (a, b) block
		lmax.Hi < 0 && c.Lo > 0, lmin.Lo > 0 && c.Hi < 0:
		cp.Kind = KindSaddle
	}
	return cp
}
