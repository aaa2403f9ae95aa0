package regions

import (
	"fmt"
	"math"

	"github.com/nlssl/nlssl/internal/enum"
	"github.com/nlssl/nlssl/interval"
)

// Kind classifies a certified critical point of the row objective, as a
// critical point of L in R^d for d >= 3 (the q direction carries the
// eigenvalue c on the other d - 2 coordinates).
type Kind int

// The kinds of critical points.
const (
	KindUnknown   Kind = iota // the Hessian's enclosure does not decide
	KindStrictMax             // every eigenvalue < 0
	KindSaddle                // eigenvalues of both signs
	KindStrictMin             // every eigenvalue > 0
)

var kindNames = enum.New[Kind]("Kind", []string{KindUnknown: "unknown", KindStrictMax: "strict-max", KindSaddle: "saddle", KindStrictMin: "strict-min"}...)

func (k Kind) String() string { return kindNames.String(k) }

// MarshalText writes the kind's name.
func (k Kind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText reads a kind's name.
func (k *Kind) UnmarshalText(b []byte) error {
	return unmarshalName(b, kindNames, "kind", k)
}

// unmarshalName sets *v to the value named b, or returns an error naming
// param and the allowed names.
func unmarshalName[T ~int](b []byte, names enum.Names[T], param string, v *T) error {
	if x, ok := names.Parse(string(b)); ok {
		*v = x
		return nil
	}
	return paramErr(param, fmt.Sprintf("%q", b), fmt.Sprintf("one of %q", names.List()))
}

// CriticalPoint is a certified critical point: Krawczyk's operator proves
// that the gradient (f_a, f_b) on the plane q = 0 has exactly one zero in
// Box, and c < 0 or c > 0 on Box's neighbourhood in q is not needed there
// because f_q = c q vanishes at q = 0. The Hessian's enclosure over Box
// classifies it.
type CriticalPoint struct {
	Box Box `json:"box"` // q = [0, 0]: exactly one critical point of f inside
	// Enclosed is a narrower box that contains that critical point (from
	// Krawczyk iterations Z <- K(Z) n Z).
	Enclosed Box        `json:"enclosed"`
	Centre   [3]float64 `json:"centre"` // the Newton point the box is centred on
	Kind     Kind       `json:"kind"`
	// LambdaMaxAB >= the largest and LambdaMinAB <= the smallest
	// eigenvalue of the (a, b) block of the Hessian at the point.
	LambdaMaxAB float64 `json:"lambda_max_ab"`
	LambdaMinAB float64 `json:"lambda_min_ab"`
	// C encloses c at the point: the Hessian's eigenvalue on the other
	// d - 2 coordinates (at w_rest = 0 the Hessian is diag(H_ab, c I)).
	C [2]float64 `json:"c"`
	// LambdaMax >= the largest eigenvalue of the Hessian of L in R^d,
	// d >= 3: max(LambdaMaxAB, C[1]).
	LambdaMax float64    `json:"lambda_max"`
	F         [2]float64 `json:"f"` // encloses f at the point
}

// criticalSearch finds every critical point of f in Omega by interval
// branch-and-prune: a box is excluded when the enclosure of f_a or f_b
// does not contain 0, or (for q > 0) when that of c does not (f_q = c q);
// a box touching q = 0 on which c has a sign can only hold critical points
// with q = 0 and is reduced to its face q = 0; small boxes of that plane
// are tried with Krawczyk's operator; every other box is bisected until it
// is excluded, certified or narrower than the minimum width (undecided).
type criticalSearch struct {
	e          *engine
	odd        oddRefiner
	omega      Box
	tauS, rho  float64
	kw, minW   float64
	points     []CriticalPoint
	failed     []Box // candidates Krawczyk failed on (not retried on boxes 16 x smaller)
	excluded   int
	covered    int
	reduced    int
	undecided  []Box
	gapMin     float64 // smallest exclusion gap: min over excluded boxes of the excluding component's distance from 0
	krawczykOK int
}

func contains0(x interval.Interval) bool { return x.Lo <= 0 && x.Hi >= 0 }

// argWidths returns the widths of the pre-activations' range a box spans
// along each axis: a moves the cluster means by width_a, b by tau width_b,
// q the noise scale s = rho ||w|| by rho width_q q/||w||, which moves the
// quadrature nodes m + s g by about twice that. Bisecting the largest is
// what narrows an enclosure most.
func argWidths(x Box, tauS, rho float64) [3]float64 {
	w := [3]float64{x.Width(AxisA), tauS * x.Width(AxisB), 0}
	r := math.Sqrt(x[0].Mag()*x[0].Mag() + x[1].Mag()*x[1].Mag() + x[2].Mag()*x[2].Mag())
	if r > 0 {
		w[2] = 2 * rho * x.Width(AxisQ) * math.Min(1, x[AxisQ].Hi/r)
	}
	return w
}

func argmax(w [3]float64) int {
	best := 0
	for i := 1; i < 3; i++ {
		if w[i] > w[best] {
			best = i
		}
	}
	return best
}

// relWidths returns x's widths relative to ref's (axes where ref is flat
// count as 0).
func relWidths(x, ref Box) [3]float64 {
	var w [3]float64
	for i := range 3 {
		if ref.Width(i) > 0 {
			w[i] = x.Width(i) / ref.Width(i)
		}
	}
	return w
}

// mWidth is the width of the cluster means a flat box spans.
func (s *criticalSearch) mWidth(x Box) float64 { return x.Width(AxisA) + s.tauS*x.Width(AxisB) }

func (s *criticalSearch) decide(x Box, enc Enclosure) decision {
	if contains0(enc.Grad[AxisA]) && contains0(enc.Grad[AxisB]) {
		s.odd.refine(x, &enc) // near a = 0 the factor a may exclude the box
	}
	g0, g1, c := enc.Grad[AxisA], enc.Grad[AxisB], enc.C
	switch {
	case !contains0(g0) || !contains0(g1):
		s.exclude(math.Max(g0.Mig(), g1.Mig()))
		return decision{}
	case x[AxisQ].Lo > 0 && !contains0(c):
		s.exclude(interval.Down(c.Mig() * x[AxisQ].Lo))
		return decision{}
	case !x.Flat() && x[AxisQ].Lo == 0 && !contains0(c):
		s.reduced++
		face := x
		face[AxisQ] = interval.Point(0)
		return decision{children: []Box{face}}
	case s.isCovered(x):
		s.covered++
		return decision{}
	}
	if x.Flat() && s.mWidth(x) <= s.kw && !s.triedOn(x) {
		cp, converged, ok := s.krawczyk(x)
		switch {
		case ok:
			s.points = append(s.points, cp)
			s.krawczykOK++
			if cp.Box.Contains(x) {
				s.covered++
				return decision{}
			}
		case converged:
			// Newton found a zero of the float midpoints inside x but no
			// radius down to 4^-13 of x's width certifies it: splitting x
			// would only repeat that (the zero may be degenerate, or the
			// enclosures inconsistent). x stays undecided.
			s.undecided = append(s.undecided, x)
			return decision{}
		default:
			s.failed = append(s.failed, x)
		}
	}
	tiny := s.mWidth(x) <= s.minW && x.Width(AxisQ) <= s.minW*(1+x[AxisQ].Hi)
	if tiny {
		s.undecided = append(s.undecided, x)
		return decision{}
	}
	axis := argmax(argWidths(x, s.tauS, s.rho))
	if !x.Flat() && contains0(c) {
		axis = argmax(relWidths(x, s.omega)) // c may vanish: q must be split too
	}
	lo, hi := x.Bisect(axis)
	return decision{children: []Box{lo, hi}}
}

func (s *criticalSearch) exclude(gap float64) {
	s.excluded++
	if s.excluded == 1 || gap < s.gapMin {
		s.gapMin = gap
	}
}

func (s *criticalSearch) isCovered(x Box) bool {
	for _, p := range s.points {
		if p.Box.Contains(x) {
			return true
		}
	}
	return false
}

// triedOn reports whether Krawczyk already failed on a box containing x
// less than 16 times as wide.
func (s *criticalSearch) triedOn(x Box) bool {
	for _, f := range s.failed {
		if f.Contains(x) && s.mWidth(x)*16 > s.mWidth(f) {
			return true
		}
	}
	return false
}
