package phase

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/nlssl/nlssl/buildinfo"
	"github.com/nlssl/nlssl/sim"
	"github.com/nlssl/nlssl/theory"
)

// Params are the names of the parameters an axis can sweep. A name means
// the same everywhere: alpha, beta and gamma are the flags and fields of
// that name (alpha the SSL weight decay only), and decay sets all three.
var Params = []string{"tau", "alpha", "beta", "gamma", "decay", "rho", "d", "eta", "a0", "b0"}

// axisParam describes a parameter an axis can sweep: its label on a map,
// what setting it sets (written into every document's axes, so that a
// document says what its axes meant) and how to read the base point's
// value (nil for the initial-point offsets, whose base is the seed's draw;
// NaN when the base point has none). What setting it does is Spec.point's;
// TestAxisSetsWhatItSays checks the two agree.
type axisParam struct {
	label string
	sets  []string
	base  func(p *theory.Params) float64
}

var axisParams = map[string]axisParam{
	"tau":   {"tau (hidden-feature strength)", []string{"tau"}, func(p *theory.Params) float64 { return p.Tau }},
	"alpha": {"alpha (SSL weight decay)", []string{"alpha"}, func(p *theory.Params) float64 { return p.Alpha }},
	"beta":  {"beta (SL weight decay on W)", []string{"beta"}, func(p *theory.Params) float64 { return p.Beta }},
	"gamma": {"gamma (SL weight decay on F)", []string{"gamma"}, func(p *theory.Params) float64 { return p.Gamma }},
	"decay": {"decay = alpha = beta = gamma", []string{"alpha", "beta", "gamma"}, func(p *theory.Params) float64 {
		if p.Alpha == p.Beta && p.Beta == p.Gamma {
			return p.Alpha
		}
		return math.NaN()
	}},
	"rho": {"rho (noise scale)", []string{"rho"}, func(p *theory.Params) float64 { return p.Rho }},
	"d":   {"d (dimension, n = d^2)", []string{"d", "n = d^2", "rho = d^-1.5 unless rho is the other axis", "w0 drawn afresh"}, func(p *theory.Params) float64 { return float64(p.D) }},
	"eta": {"eta (step size)", []string{"eta"}, func(p *theory.Params) float64 { return p.Eta }},
	"a0":  {"a0 (initial w^(1) = +-a0)", []string{"w0: w1^(1) = a0, w2^(1) = -a0"}, nil},
	"b0":  {"b0 (initial w^(2) = b0)", []string{"w0: w1^(2) = w2^(2) = b0"}, nil},
}

// legacyParams are the axis names of documents written before the axes
// recorded what they set (nlssl 0.1, without a build record), with what
// each meant then: alpha set alpha = beta = gamma, which is decay now.
var legacyParams = map[string]string{"tau": "tau", "alpha": "decay", "rho": "rho", "d": "d", "eta": "eta", "a0": "a0", "b0": "b0"}

// Axis is one swept parameter: Count values from Lo to Hi, evenly spaced,
// or geometrically with Log.
type Axis struct {
	Param string  `json:"param"`
	Lo    float64 `json:"lo"`
	Hi    float64 `json:"hi"`
	Count int     `json:"count"`
	Log   bool    `json:"log"`
}

// axisJSON is an axis as documents hold it: with what its parameter sets.
type axisJSON struct {
	Param string    `json:"param"`
	Lo    float64   `json:"lo"`
	Hi    float64   `json:"hi"`
	Count int       `json:"count"`
	Log   bool      `json:"log"`
	Sets  *[]string `json:"sets,omitempty"`
}

// MarshalJSON writes the axis with "sets", what its parameter sets.
func (a Axis) MarshalJSON() ([]byte, error) {
	sets := axisParams[a.Param].sets
	return json.Marshal(axisJSON{a.Param, a.Lo, a.Hi, a.Count, a.Log, &sets})
}

// UnmarshalJSON reads an axis, refusing unknown keys. An axis whose "sets"
// differs from what its parameter sets in this build is refused: the name
// changed meaning. An axis without "sets" was written before the names
// were fixed (legacyParams) and is read with the meaning it had then.
func (a *Axis) UnmarshalJSON(b []byte) error {
	var j axisJSON
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&j); err != nil {
		return err
	}
	*a = Axis{Param: j.Param, Lo: j.Lo, Hi: j.Hi, Count: j.Count, Log: j.Log}
	if j.Sets == nil {
		now, ok := legacyParams[j.Param]
		if !ok {
			return &sim.ParamError{Param: "axis " + j.Param + " sets", Value: "missing", Allowed: "what the parameter sets (only documents written before nlssl 0.2.0 omit it, and they name one of tau, alpha, rho, d, eta, a0, b0)"}
		}
		a.Param = now
		return nil
	}
	if want, ok := axisParams[j.Param]; ok && !slices.Equal(*j.Sets, want.sets) {
		return &sim.ParamError{Param: "axis " + j.Param + " sets", Value: fmt.Sprintf("%q", *j.Sets), Allowed: fmt.Sprintf("%q (what %s sets in nlssl %s: the document gives the name another meaning)", want.sets, j.Param, buildinfo.Version)}
	}
	return nil
}

// ParseAxis parses "param:lo:hi:count" or "param:lo:hi:count:log".
func ParseAxis(s string) (Axis, error) {
	parts := strings.Split(s, ":")
	if len(parts) != 4 && !(len(parts) == 5 && parts[4] == "log") {
		return Axis{}, &sim.ParamError{Param: "axis", Value: fmt.Sprintf("%q", s), Allowed: `"param:lo:hi:count" or "param:lo:hi:count:log", param one of ` + strings.Join(Params, ", ")}
	}
	a := Axis{Param: parts[0], Log: len(parts) == 5}
	var err error
	if a.Lo, err = strconv.ParseFloat(parts[1], 64); err != nil {
		return Axis{}, &sim.ParamError{Param: "axis " + a.Param + " lo", Value: parts[1], Allowed: "a number"}
	}
	if a.Hi, err = strconv.ParseFloat(parts[2], 64); err != nil {
		return Axis{}, &sim.ParamError{Param: "axis " + a.Param + " hi", Value: parts[2], Allowed: "a number"}
	}
	if a.Count, err = strconv.Atoi(parts[3]); err != nil {
		return Axis{}, &sim.ParamError{Param: "axis " + a.Param + " count", Value: parts[3], Allowed: "an integer"}
	}
	return a, a.Validate()
}

// MaxCount bounds an axis (a sweep is at most MaxCount^2 points).
const MaxCount = 1024

// Validate checks the axis.
func (a Axis) Validate() error {
	if _, ok := axisParams[a.Param]; !ok {
		return &sim.ParamError{Param: "axis", Value: fmt.Sprintf("%q", a.Param), Allowed: strings.Join(Params, ", ")}
	}
	if math.IsNaN(a.Lo) || math.IsNaN(a.Hi) || math.IsInf(a.Lo, 0) || math.IsInf(a.Hi, 0) || !(a.Lo < a.Hi) {
		return &sim.ParamError{Param: "axis " + a.Param, Value: fmt.Sprintf("[%v, %v]", a.Lo, a.Hi), Allowed: "finite lo < hi"}
	}
	if a.Log && !(a.Lo > 0) {
		return &sim.ParamError{Param: "axis " + a.Param, Value: fmt.Sprint(a.Lo), Allowed: "lo > 0 on a log axis"}
	}
	// The grid and the map's cell edges (half a step beyond both ends) must
	// be finite, and positive on a log axis.
	if a.Count >= 2 {
		for _, t := range []float64{0, 1, -0.5 / float64(a.Count-1), 1 + 0.5/float64(a.Count-1)} {
			if v := a.At(t); math.IsInf(v, 0) || math.IsNaN(v) || (a.Log && !(v > 0)) {
				return &sim.ParamError{Param: "axis " + a.Param, Value: fmt.Sprintf("[%v, %v]", a.Lo, a.Hi), Allowed: "a range whose grid and cell edges are finite (and positive on a log axis)"}
			}
		}
	}
	if a.Count < 2 || a.Count > MaxCount {
		return &sim.ParamError{Param: "axis " + a.Param + " count", Value: fmt.Sprint(a.Count), Allowed: fmt.Sprintf("an integer in [2, %d]", MaxCount)}
	}
	if a.Param == "d" && (a.Lo < 2 || a.Hi > sim.MaxD) {
		return &sim.ParamError{Param: "axis d", Value: fmt.Sprintf("[%v, %v]", a.Lo, a.Hi), Allowed: fmt.Sprintf("within [2, %d]", sim.MaxD)}
	}
	return nil
}

// Value returns the grid value of index i; at fraction t in [0, 1] of the
// axis, At gives the same in between grid values.
func (a Axis) Value(i int) float64 { return a.At(float64(i) / float64(a.Count-1)) }

// At returns the parameter at fraction t of the axis (geometric if Log).
func (a Axis) At(t float64) float64 {
	if a.Log {
		return math.Exp(math.Log(a.Lo) + t*(math.Log(a.Hi)-math.Log(a.Lo)))
	}
	return a.Lo + t*(a.Hi-a.Lo)
}

// Label names the axis on a map.
func (a Axis) Label() string {
	// Kept short: gonum centres a rotated axis label on the arithmetic
	// midpoint of a log axis when padding, so a long label shrinks the map.
	l := axisParams[a.Param].label
	if a.Log {
		l += ", log"
	}
	return l
}

// Mode selects the claims a sweep classifies.
type Mode string

const (
	// Simplified classifies the claims on the simplified objective L~ (C3~:
	// a strict local maximum of L~ from the near region; C4~: it captures
	// both features). A point costs microseconds.
	Simplified Mode = "simplified"
	// Full classifies C1-C6 with theory.CheckAll at every point.
	Full Mode = "full"
	// Prove classifies one claim, ProvedClaim: C1 and C2 proved for every
	// starting row of the near region on the population objective
	// (package regions, the proof of `nlssl prove`). A point costs seconds
	// to a minute on one core.
	Prove Mode = "prove"
)

// proveAxes are the parameters the population objective of Prove mode
// depends on (beta and gamma are the SL model's; a0, b0 are one initial
// point, and the proof covers the whole near region).
var proveAxes = map[string]bool{"tau": true, "alpha": true, "decay": true, "rho": true, "d": true, "eta": true}

// Spec is a sweep: the base point, the two axes, the mode and the build
// that computes the points.
type Spec struct {
	Base   theory.Params `json:"base"`
	X      Axis          `json:"x"`
	Y      Axis          `json:"y"`
	Mode   Mode          `json:"mode"`
	Bisect int           `json:"bisect"` // bisection steps per boundary (0: the grid interval only)
	// Build records the build that computes the points (nlssl phase sets
	// buildinfo.Current(); nil: not recorded, as in documents written
	// before the records). It is part of the spec because only identical
	// builds promise identical bits: Merge refuses shards of one sweep
	// computed by different builds, as it refuses different sweeps.
	Build *buildinfo.Record `json:"build,omitempty"`
}

// Validate checks the spec.
func (s *Spec) Validate() error {
	if err := s.X.Validate(); err != nil {
		return err
	}
	if err := s.Y.Validate(); err != nil {
		return err
	}
	if s.X.Param == s.Y.Param {
		return &sim.ParamError{Param: "axes", Value: s.X.Param + " twice", Allowed: "two different parameters"}
	}
	if s.Mode != Simplified && s.Mode != Full && s.Mode != Prove {
		return &sim.ParamError{Param: "mode", Value: fmt.Sprintf("%q", s.Mode), Allowed: `"simplified", "full" or "prove"`}
	}
	if s.Mode == Prove {
		for _, a := range []Axis{s.X, s.Y} {
			if !proveAxes[a.Param] {
				return &sim.ParamError{Param: "axis " + a.Param, Value: "in prove mode", Allowed: "tau, alpha, decay, rho, d or eta (what the population objective depends on)"}
			}
		}
	}
	if s.Bisect < 0 || s.Bisect > 40 {
		return &sim.ParamError{Param: "bisect", Value: fmt.Sprint(s.Bisect), Allowed: "an integer in [0, 40]"}
	}
	return s.Base.Validate()
}

// Point returns the parameters at axis values (x, y): those of the map's
// cell there, which `nlssl check` with the base point's flags and one flag
// per axis (--tau x --decay y) checks too.
func (s *Spec) Point(x, y float64) theory.Params { return s.point(x, y) }

// point returns the parameters at axis values (x, y).
func (s *Spec) point(x, y float64) theory.Params {
	p := s.Base
	p.W0 = append([]float64(nil), p.W0...)
	if len(p.W0) == 0 {
		p.W0 = nil
	}
	set := func(a Axis, v float64, other string) {
		switch a.Param {
		case "tau":
			p.Tau = v
		case "alpha":
			p.Alpha = v
		case "beta":
			p.Beta = v
		case "gamma":
			p.Gamma = v
		case "decay":
			p.Alpha, p.Beta, p.Gamma = v, v, v
		case "rho":
			p.Rho = v
		case "d":
			d := int(math.Round(v))
			p.D, p.N = d, d*d
			if other != "rho" {
				p.Rho = math.Pow(float64(d), -1.5)
			}
			p.W0 = nil
		case "eta":
			p.Eta = v
		}
	}
	set(s.X, x, s.Y.Param)
	set(s.Y, y, s.X.Param)
	// Initial-point offsets start from the seed's initial point (Base.Init).
	for _, ax := range []struct {
		a Axis
		v float64
	}{{s.X, x}, {s.Y, y}} {
		if ax.a.Param != "a0" && ax.a.Param != "b0" {
			continue
		}
		if p.W0 == nil {
			ip, err := sim.Initialise(p.Init, p.D, math.Max(p.Tau, 1e-9), p.Seed)
			if err != nil {
				// No initial point to offset: a W0 of the wrong length makes
				// the point invalid, named as such, rather than silently
				// dropping the offset.
				p.W0 = []float64{math.NaN()}
				return p
			}
			p.W0 = ip.W
		}
		if ax.a.Param == "a0" {
			p.W0[0], p.W0[p.D] = ax.v, -ax.v
		} else {
			p.W0[1], p.W0[p.D+1] = ax.v, ax.v
		}
	}
	return p
}
