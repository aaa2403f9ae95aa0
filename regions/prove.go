package regions

import (
	"fmt"
	"math"

	"github.com/nlssl/nlssl/internal/enum"
)

// Status says how a proof ended.
type Status int

// The statuses of a Result.
const (
	// NotProved: some part could not be proved (Result.Failed says which
	// and where); nothing is claimed.
	NotProved Status = iota
	// Proved: every part is proved; C1 and C2 hold for every W0 in the
	// starting box (Result's doc states the theorem).
	Proved
	// Disproved: a certified counterexample inside the starting box: a
	// critical point there that is not a strict maximum, or two distinct
	// critical points there (each is a fixed point of the ascent, so the
	// ascent from it does not converge to one strict maximum W*).
	Disproved
)

var statusNames = enum.New[Status]("Status", []string{NotProved: "not-proved", Proved: "proved", Disproved: "disproved"}...)

func (s Status) String() string { return statusNames.String(s) }

// MarshalText writes the status's name.
func (s Status) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a status's name.
func (s *Status) UnmarshalText(b []byte) error {
	return unmarshalName(b, statusNames, "status", s)
}

// Problem is what Prove proves: for the parameter point, every W0 whose
// row has (a, b, q) in Start converges under gradient ascent to one strict
// maximum W* with a > 0, b > 0 kept at every step.
type Problem struct {
	Point Point `json:"point"`
	// Start is the box of starting points (a > 0, b > 0, q >= 0).
	Start Box `json:"start"`
	// Omega is the box in which every critical point is found and
	// classified (it must contain Start). Nil: DefaultOmega(Start).
	Omega *Box `json:"omega,omitempty"`
	// Region is the trapping box R (Start in R in Omega, a, b > 0, q from
	// 0). Nil: searched.
	Region *Box `json:"region,omitempty"`
}

// DefaultOmega returns the default box of the critical-point search for a
// starting box: a in [a.lo/64, 2 a.hi], b in [b.lo/2, 2 b.hi], q in
// [0, q.hi]. At the paper's near region that is a in [0.0484, 7.8],
// b in [0.607, 2.57], q in [0, 14.14]. (The trapping box is searched
// inside it, so it also bounds how far R may reach.)
func DefaultOmega(start Box) Box {
	return NewBox(start[AxisA].Lo/64, 2*start[AxisA].Hi, start[AxisB].Lo/2, 2*start[AxisB].Hi, 0, start[AxisQ].Hi)
}

// MaxNoiseScale bounds the noise scale s = rho ||w|| on Omega: a trapezoid
// rule for scale s has about 80 s nodes per Gaussian average (s >= 0.2),
// and an enclosure nests two, so at s = 2 one enclosure costs about 0.5 s.
const MaxNoiseScale = 2.0

// noiseScale returns an upper bound of rho ||(a, b, q)|| on x.
func noiseScale(x Box, rho float64) float64 {
	var r2 float64
	for i := range 3 {
		m := x[i].Mag()
		r2 += m * m
	}
	return rho * math.Sqrt(r2)
}

// Settings controls Prove. Nil or a zero field means the documented
// default.
type Settings struct {
	// MaxEnclosures is the budget of box enclosures over the whole proof
	// (default 8000; at the paper's point the proof needs about 250).
	MaxEnclosures int
	// KrawczykWidth: boxes of the plane q = 0 whose cluster means span at
	// most this (width_a + max(tau, 1) width_b) are tried with Krawczyk's
	// operator (default 0.05).
	KrawczykWidth float64
	// MinWidth: the critical-point search does not split boxes whose
	// cluster means span less than this (default 1e-9): they are reported
	// undecided.
	MinWidth float64
	// RegionMinRel: the region check does not split boxes narrower than
	// this fraction of R on every axis (default 2^-12).
	RegionMinRel float64
	// RegionMaxBoxes bounds the boxes one region check may decide
	// (default 1500; at the paper's point the proved check needs ~70).
	RegionMaxBoxes int
	// RegionMoves bounds the faces of R moved after a failed certified
	// check (default 16).
	RegionMoves int
	// Workers evaluating enclosures in parallel (default GOMAXPROCS). The
	// result does not depend on it.
	Workers int
	// Progress, when not nil, is called after each batch of boxes with the
	// boxes decided so far and the boxes left in the current search.
	Progress func(done, left int)
}

func (s *Settings) resolve() Settings {
	var r Settings
	if s != nil {
		r = *s
	}
	def := func(v *float64, d float64) {
		if *v == 0 {
			*v = d
		}
	}
	if r.MaxEnclosures == 0 {
		r.MaxEnclosures = 8000
	}
	def(&r.KrawczykWidth, 0.05)
	def(&r.MinWidth, 1e-9)
	def(&r.RegionMinRel, 1.0/4096)
	if r.RegionMoves == 0 {
		r.RegionMoves = 16
	}
	if r.RegionMaxBoxes == 0 {
		r.RegionMaxBoxes = 1500
	}
	return r
}

func (s Settings) validate() error {
	switch {
	case s.MaxEnclosures < 1:
		return paramErr("max-enclosures", s.MaxEnclosures, "an integer >= 1")
	case !(s.KrawczykWidth > 0) || math.IsInf(s.KrawczykWidth, 0):
		return paramErr("krawczyk-width", s.KrawczykWidth, "a finite number > 0")
	case !(s.MinWidth > 0) || !(s.MinWidth < s.KrawczykWidth):
		return paramErr("min-width", s.MinWidth, "a number in (0, krawczyk-width)")
	case !(s.RegionMinRel > 0 && s.RegionMinRel < 1):
		return paramErr("region-min-rel", s.RegionMinRel, "a number in (0, 1)")
	case s.RegionMaxBoxes < 1:
		return paramErr("region-max-boxes", s.RegionMaxBoxes, "an integer >= 1")
	case s.RegionMoves < 1:
		return paramErr("region-moves", s.RegionMoves, "an integer >= 1")
	case s.Workers < 0:
		return paramErr("workers", s.Workers, "an integer >= 0 (0: every core)")
	}
	return nil
}

// validate checks the problem's boxes and fills in Omega; it returns the
// resolved problem.
func (p Problem) validate() (Problem, error) {
	if err := p.Point.Validate(); err != nil {
		return p, err
	}
	if err := p.Start.Validate("start"); err != nil {
		return p, err
	}
	s := p.Start
	if !(s[AxisA].Lo > 0) {
		return p, paramErr("start.a", fmt.Sprintf("%v:%v", s[AxisA].Lo, s[AxisA].Hi), "lo > 0 (the basin proof is for the row with a > 0; the mirror row follows by symmetry)")
	}
	if !(s[AxisB].Lo > 0) {
		return p, paramErr("start.b", fmt.Sprintf("%v:%v", s[AxisB].Lo, s[AxisB].Hi), "lo > 0 (the sign pattern of C1 has b > 0)")
	}
	if p.Omega == nil {
		o := DefaultOmega(s)
		p.Omega = &o
	}
	if err := p.Omega.Validate("omega"); err != nil {
		return p, err
	}
	if !p.Omega.Contains(s) {
		return p, paramErr("omega", p.Omega.String(), "a box containing the starting box "+s.String())
	}
	if s := noiseScale(*p.Omega, p.Point.Rho); !(s <= MaxNoiseScale) {
		return p, paramErr("omega", p.Omega.String(), fmt.Sprintf("a box on which the noise scale rho ||w|| stays <= %g (it reaches %.4g: the rigorous quadrature's cost grows like the scale squared)", MaxNoiseScale, s))
	}
	if r := p.Region; r != nil {
		if err := r.Validate("region"); err != nil {
			return p, err
		}
		if !(r[AxisA].Lo > 0 && r[AxisB].Lo > 0 && r[AxisQ].Lo == 0) || !r.Contains(s) || !p.Omega.Contains(*r) {
			return p, paramErr("region", r.String(), "a box with a, b > 0 and q from 0 that contains the starting box and lies in omega")
		}
	}
	return p, nil
}
