package regions

import (
	"fmt"

	"github.com/nlssl/nlssl/sim"
)

// Growth directions: one face of the starting box moves outward, the
// others stay.
var growFaces = [...]struct {
	name  string
	axis  int
	up    bool
	limit func(start Box) float64 // the farthest value tried
}{
	{"a.lo", AxisA, false, func(s Box) float64 { return s[AxisA].Lo / 1024 }},
	{"a.hi", AxisA, true, func(s Box) float64 { return 4 * s[AxisA].Hi }},
	{"b.lo", AxisB, false, func(s Box) float64 { return s[AxisB].Lo / 64 }},
	{"b.hi", AxisB, true, func(s Box) float64 { return 4 * s[AxisB].Hi }},
	{"q.hi", AxisQ, true, func(s Box) float64 { return 2*s[AxisQ].Hi + 1 }},
}

// GrowStep is one proof of a grown starting box.
type GrowStep struct {
	Value  float64 `json:"value"` // the moved face's value
	Status Status  `json:"status"`
	Failed string  `json:"failed,omitempty"`
}

// GrowResult is how far one face of the starting box can move with the
// proof still succeeding. Proved is the farthest value proved (the start's
// own face when nothing farther is); NotProved the nearest value tried that
// was not (nil when the limit itself was proved). Between them the
// bisection did not look: the proof's reach along this face lies between
// Proved and NotProved.
type GrowResult struct {
	Face      string     `json:"face"`
	Start     float64    `json:"start"`
	Limit     float64    `json:"limit"`
	Proved    float64    `json:"proved"`
	NotProved *float64   `json:"not_proved,omitempty"`
	Why       string     `json:"why,omitempty"` // the failure at NotProved
	Steps     []GrowStep `json:"steps"`
}

// GrowOptions controls Grow.
type GrowOptions struct {
	Steps  int              // bisection steps per face, 0..30
	Faces  []string         // the faces to move ("a.lo", "a.hi", "b.lo", "b.hi", "q.hi"); nil: all
	Report func(GrowResult) // when not nil, gets each face's result as it is done
}

// Grow moves each face of prob.Start outward in turn (a.lo down to a.lo/1024,
// a.hi up to 4 a.hi, b.lo down to b.lo/64, b.hi up to 4 b.hi, q.hi up
// to 2 q.hi + 1), the others fixed, and finds by opt.Steps bisections how
// far the proof reaches: it first proves the limit, then bisects between
// the start (which must be proved: otherwise an error) and the limit. The
// grown problems take DefaultOmega of their starting box unless prob.Omega
// is set and contains it, and search their own trapping box. base is the
// result of Prove(prob, settings) if the caller has it (nil: Grow proves
// it).
func Grow(prob Problem, base *Result, settings *Settings, opt GrowOptions) ([]GrowResult, error) {
	if opt.Steps < 0 || opt.Steps > 30 {
		return nil, paramErr("grow-steps", opt.Steps, "an integer in [0, 30]")
	}
	want := map[string]bool{}
	for _, name := range opt.Faces {
		known := false
		for _, f := range growFaces {
			known = known || f.name == name
		}
		if !known {
			return nil, paramErr("grow face", name, `"a.lo", "a.hi", "b.lo", "b.hi" or "q.hi"`)
		}
		want[name] = true
	}
	if base == nil {
		var err error
		if base, err = Prove(prob, settings); err != nil {
			return nil, err
		}
	}
	if base.Status != Proved {
		return nil, fmt.Errorf("grow: the starting box itself is %s (%s): nothing to grow from", base.Status, base.Failed)
	}
	var out []GrowResult
	for _, f := range growFaces {
		if len(want) > 0 && !want[f.name] {
			continue
		}
		start := prob.Start
		at := start[f.axis].Lo
		if f.up {
			at = start[f.axis].Hi
		}
		g := GrowResult{Face: f.name, Start: at, Proved: at, Limit: f.limit(start)}
		try := func(v float64) (bool, error) {
			p := prob
			p.Start = start
			if f.up {
				p.Start[f.axis].Hi = v
			} else {
				p.Start[f.axis].Lo = v
			}
			if prob.Omega == nil || !prob.Omega.Contains(p.Start) {
				p.Omega = nil
			}
			p.Region = nil
			res, err := Prove(p, settings)
			if sim.IsParamError(err) { // the grown box is out of range (e.g. the noise scale): the reach ends here
				g.Steps = append(g.Steps, GrowStep{Value: v, Status: NotProved, Failed: err.Error()})
				g.Why = "refused: " + err.Error()
				return false, nil
			}
			if err != nil {
				return false, err
			}
			g.Steps = append(g.Steps, GrowStep{Value: v, Status: res.Status, Failed: res.Failed})
			if res.Status != Proved {
				g.Why = res.Summary()
			}
			return res.Status == Proved, nil
		}
		ok, err := try(g.Limit)
		if err != nil {
			return out, err
		}
		if ok {
			g.Proved, g.Why = g.Limit, ""
		} else {
			bad, why := g.Limit, g.Why
			for range opt.Steps {
				mid := (g.Proved + bad) / 2
				ok, err := try(mid)
				if err != nil {
					return out, err
				}
				if ok {
					g.Proved = mid
				} else {
					bad, why = mid, g.Why
				}
			}
			g.NotProved, g.Why = &bad, why
		}
		out = append(out, g)
		if opt.Report != nil {
			opt.Report(g)
		}
	}
	return out, nil
}
