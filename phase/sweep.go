package phase

import (
	"errors"
	"fmt"
	"maps"
	"sort"

	"github.com/nlssl/nlssl/sim"
	"github.com/nlssl/nlssl/theory"
)

// Result is one claim's class at one point.
type Result struct {
	Claim     string         `json:"claim"`
	Outcome   theory.Outcome `json:"outcome"`
	Mechanism string         `json:"mechanism,omitempty"`
	// Evidence are the numbers the class rests on, by name (what each name
	// means is in Sweep.Meanings): the verdict's evidence in full mode;
	// a~*, b~* of both rows, ||grad L~|| and the largest Hessian eigenvalue
	// in simplified mode.
	Evidence map[string]theory.Number `json:"evidence,omitempty"`

	meanings []theory.Evidence // names and meanings, gathered into Sweep.Meanings
}

// result builds a Result from evidence with meanings.
func result(claim string, o theory.Outcome, mechanism string, ev []theory.Evidence) Result {
	r := Result{Claim: claim, Outcome: o, Mechanism: mechanism, meanings: ev}
	if len(ev) > 0 {
		r.Evidence = make(map[string]theory.Number, len(ev))
		r.meanings = make([]theory.Evidence, len(ev))
		for i, e := range ev {
			r.Evidence[e.Name] = theory.Number(e.Value)
			if e.Boolean { // a sweep's evidence is numbers (phase.csv's columns): say how to read one
				e.Meaning += " (1 = true, 0 = false)"
			}
			r.meanings[i] = e
		}
	}
	return r
}

// Point is one grid point: its index (iy * X.Count + ix), its axis values
// and its classes.
type Point struct {
	I       int      `json:"i"`
	X       float64  `json:"x"`
	Y       float64  `json:"y"`
	Results []Result `json:"results"`
}

// Shard is piece Index of Count: the points whose index is Index mod Count.
type Shard struct {
	Index int `json:"index"`
	Count int `json:"count"`
}

// Sweep is a sweep's output (format nlssl/phase, version 1). A shard holds
// its points only; a complete sweep (unsharded, or merged) holds every point
// and the boundaries.
type Sweep struct {
	Format     string     `json:"format"`
	Version    int        `json:"version"`
	Spec       Spec       `json:"spec"`
	Shard      *Shard     `json:"shard,omitempty"`
	Points     []Point    `json:"points"`
	Boundaries []Boundary `json:"boundaries,omitempty"`
	// Meanings says what each evidence name means, keyed "claim/name".
	Meanings map[string]string `json:"meanings,omitempty"`
}

// joinMeaning records a meaning; should two points word one name
// differently, the smaller string is kept, so the result does not depend on
// the order points or shards are met in.
func joinMeaning(into map[string]string, key, m string) {
	if old, ok := into[key]; !ok || m < old {
		into[key] = m
	}
}

// gatherMeanings collects the meanings of the evidence of points into one
// map (a map: JSON writes its keys sorted, so the output is deterministic,
// and shards' maps join into the unsharded one).
func gatherMeanings(into map[string]string, points []Point) map[string]string {
	if into == nil {
		into = map[string]string{}
	}
	for _, p := range points {
		for _, r := range p.Results {
			for _, e := range r.meanings {
				joinMeaning(into, r.Claim+"/"+e.Name, e.Meaning)
			}
		}
	}
	if len(into) == 0 {
		return nil
	}
	return into
}

// The format of a sweep document.
const (
	FormatPhase  = "nlssl/phase"
	PhaseVersion = 1
)

// evaluate classifies every claim of the mode at axis values (x, y).
func (s *Spec) evaluate(x, y float64) []Result {
	p := s.point(x, y)
	switch s.Mode {
	case Simplified:
		return results(theory.CheckSimplified(p))
	case Prove:
		return []Result{proveResult(p)}
	}
	vs, err := theory.CheckAll(p)
	if err != nil {
		// The mechanism names the parameter only, so that every invalid
		// point of a map falls in one class per parameter.
		mech := "invalid point"
		var pe *sim.ParamError
		if errors.As(err, &pe) {
			mech += ": " + pe.Param + " out of range"
		}
		ids := s.claims()
		out := make([]Result, len(ids))
		for i, id := range ids {
			out[i] = Result{Claim: id, Outcome: theory.OutsideHypotheses, Mechanism: mech}
		}
		return out
	}
	return results(vs)
}

// results turns verdicts into results.
func results(vs []theory.Verdict) []Result {
	out := make([]Result, len(vs))
	for i, v := range vs {
		out[i] = result(v.Claim, v.Outcome, v.Mechanism().String(), v.Evidence)
	}
	return out
}

// Run evaluates the points of one shard (Shard{0, 1}: all of them) on
// `workers` goroutines (0: GOMAXPROCS). Each point is computed alone from
// its parameters, so the output does not depend on the number of workers.
// The complete sweep (one shard) also gets its boundaries. progress, when
// not nil, is called after each point.
func Run(spec Spec, shard Shard, workers int, progress func(done, total int)) (*Sweep, error) {
	return RunWith(spec, shard, Options{Workers: workers, Progress: progress})
}

// Options are RunWith's settings; the zero value is Run's defaults.
type Options struct {
	Workers  int                   // goroutines (0: GOMAXPROCS)
	Progress func(done, total int) // called after each point, with the points done (journaled ones included)
	// Journal, when not nil, records every point as it completes; the
	// points it already holds (OpenJournal) are not computed again. The
	// sweep is the same bytes as an uninterrupted one.
	Journal *Journal
}

// RunWith is Run with a journal: see Options.
func RunWith(spec Spec, shard Shard, o Options) (*Sweep, error) {
	if err := spec.Validate(); err != nil {
		return nil, err
	}
	total := spec.X.Count * spec.Y.Count
	if shard.Count < 1 || shard.Count > total || shard.Index < 0 || shard.Index >= shard.Count {
		return nil, &sim.ParamError{Param: "shard", Value: fmt.Sprintf("%d/%d", shard.Index, shard.Count), Allowed: fmt.Sprintf("i/N with 0 <= i < N <= %d (the number of points)", total)}
	}
	done := map[int]Point{}
	var meanings map[string]string
	if j := o.Journal; j != nil {
		j.mu.Lock()
		for _, p := range j.done {
			done[p.I] = p
		}
		meanings = maps.Clone(j.meanings)
		j.done = nil
		j.mu.Unlock()
	}
	var points []Point
	var todo []int // indices into points still to compute
	for i := shard.Index; i < total; i += shard.Count {
		p, ok := done[i]
		if !ok {
			todo = append(todo, len(points))
			p = Point{I: i, X: spec.X.Value(i % spec.X.Count), Y: spec.Y.Value(i / spec.X.Count)}
		}
		points = append(points, p)
	}
	var progress func(int, int)
	if o.Progress != nil {
		skipped := len(points) - len(todo)
		progress = func(k, _ int) { o.Progress(skipped+k, len(points)) }
	}
	errs := make([]error, len(todo))
	sim.ParallelFor(len(todo), o.Workers, func(k int) {
		p := &points[todo[k]]
		p.Results = spec.evaluate(p.X, p.Y)
		if o.Journal != nil {
			errs[k] = o.Journal.add(*p)
		}
	}, progress)
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("journal %s: %w", o.Journal.Path(), err)
	}
	sw := &Sweep{Format: FormatPhase, Version: PhaseVersion, Spec: spec, Points: points, Meanings: gatherMeanings(meanings, points)}
	if shard.Count > 1 {
		sw.Shard = &shard
		return sw, nil
	}
	sw.Boundaries = spec.boundaries(points, o.Workers)
	return sw, nil
}

// checkPoint refuses a shard's point that the spec would not have
// produced: axis values off the grid, or claims other than the mode's.
func (s *Spec) checkPoint(pt Point, where string) error {
	if pt.X != s.X.Value(pt.I%s.X.Count) || pt.Y != s.Y.Value(pt.I/s.X.Count) {
		return &sim.ParamError{Param: fmt.Sprintf("%spoint %d", where, pt.I), Value: fmt.Sprintf("(%v, %v)", pt.X, pt.Y), Allowed: "the spec's grid values"}
	}
	want := s.claims()
	if len(pt.Results) != len(want) {
		return &sim.ParamError{Param: fmt.Sprintf("%spoint %d", where, pt.I), Value: fmt.Sprintf("%d results", len(pt.Results)), Allowed: fmt.Sprintf("one per claim of %s mode (%d)", s.Mode, len(want))}
	}
	for j, r := range pt.Results {
		if r.Claim != want[j] {
			return &sim.ParamError{Param: fmt.Sprintf("%spoint %d result %d", where, pt.I, j), Value: r.Claim, Allowed: want[j]}
		}
	}
	return nil
}

// claims are the IDs of the claims a mode classifies, in order.
func (s *Spec) claims() []string {
	cs := theory.Claims()
	switch s.Mode {
	case Simplified:
		cs = theory.SimplifiedClaims()
	case Prove:
		return []string{ProvedClaim}
	}
	ids := make([]string, len(cs))
	for i, c := range cs {
		ids[i] = c.ID
	}
	return ids
}

// Merge joins the shards of one sweep into the complete sweep, exactly as
// the unsharded Run would have produced it: the specs must be identical and
// every point present once.
func Merge(parts []*Sweep) (*Sweep, error) {
	if len(parts) == 0 {
		return nil, &sim.ParamError{Param: "shards", Value: "none", Allowed: "the outputs of every shard of one sweep"}
	}
	spec := parts[0].Spec
	total := spec.X.Count * spec.Y.Count
	seen := make([]bool, total)
	var points []Point
	var meanings map[string]string
	for k, p := range parts {
		if p.Format != FormatPhase || p.Version != PhaseVersion {
			return nil, &sim.ParamError{Param: fmt.Sprintf("shard %d format", k), Value: fmt.Sprintf("%s v%d", p.Format, p.Version), Allowed: fmt.Sprintf("%s v%d", FormatPhase, PhaseVersion)}
		}
		if !sameSpec(p.Spec, spec) {
			return nil, &sim.ParamError{Param: fmt.Sprintf("shard %d spec", k), Value: "a different sweep", Allowed: "shards of one sweep (the same spec)"}
		}
		for _, pt := range p.Points {
			if pt.I < 0 || pt.I >= total || seen[pt.I] {
				return nil, &sim.ParamError{Param: fmt.Sprintf("shard %d point", k), Value: fmt.Sprint(pt.I), Allowed: fmt.Sprintf("each of the %d points once", total)}
			}
			if err := spec.checkPoint(pt, fmt.Sprintf("shard %d ", k)); err != nil {
				return nil, err
			}
			seen[pt.I] = true
			points = append(points, pt)
		}
		for key, m := range p.Meanings {
			if meanings == nil {
				meanings = map[string]string{}
			}
			joinMeaning(meanings, key, m)
		}
	}
	for i, ok := range seen {
		if !ok {
			return nil, &sim.ParamError{Param: "shards", Value: fmt.Sprintf("point %d missing", i), Allowed: fmt.Sprintf("all %d points", total)}
		}
	}
	sort.Slice(points, func(a, b int) bool { return points[a].I < points[b].I })
	sw := &Sweep{Format: FormatPhase, Version: PhaseVersion, Spec: spec, Points: points, Meanings: meanings}
	sw.Boundaries = spec.boundaries(points, 0)
	return sw, nil
}
