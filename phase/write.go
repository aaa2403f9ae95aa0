package phase

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/nlssl/nlssl/sim"
)

// WriteJSON writes the sweep (format nlssl/phase).
func (sw *Sweep) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	return enc.Encode(sw)
}

// ReadJSON reads a sweep document, refusing other formats and versions.
func ReadJSON(r io.Reader) (*Sweep, error) {
	var sw Sweep
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&sw); err != nil {
		return nil, fmt.Errorf("%s: malformed JSON: %w", FormatPhase, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("%s: malformed JSON: data after the document", FormatPhase)
	}
	if sw.Format != FormatPhase || sw.Version != PhaseVersion {
		return nil, fmt.Errorf("format = %q version %d is invalid: allowed %q version %d", sw.Format, sw.Version, FormatPhase, PhaseVersion)
	}
	if err := sw.Spec.Validate(); err != nil {
		return nil, err
	}
	if err := sw.checkPoints(); err != nil {
		return nil, err
	}
	return &sw, nil
}

// checkPoints refuses a document whose points the spec would not have
// produced: a complete sweep holds every point once, in order; a shard
// holds exactly the points of its index.
func (sw *Sweep) checkPoints() error {
	s := &sw.Spec
	total := s.X.Count * s.Y.Count
	want := func(k int) int { return k }
	n := total
	if sh := sw.Shard; sh != nil {
		if sh.Count < 2 || sh.Count > total || sh.Index < 0 || sh.Index >= sh.Count {
			return &sim.ParamError{Param: "shard", Value: fmt.Sprintf("%d/%d", sh.Index, sh.Count), Allowed: fmt.Sprintf("i/N with 0 <= i < N, 2 <= N <= %d", total)}
		}
		want = func(k int) int { return sh.Index + k*sh.Count }
		n = (total - sh.Index + sh.Count - 1) / sh.Count
	}
	if len(sw.Points) != n {
		return &sim.ParamError{Param: "points", Value: fmt.Sprint(len(sw.Points)), Allowed: fmt.Sprintf("the %d points of the sweep or shard", n)}
	}
	for k, p := range sw.Points {
		if p.I != want(k) {
			return &sim.ParamError{Param: fmt.Sprintf("points[%d].i", k), Value: fmt.Sprint(p.I), Allowed: fmt.Sprint(want(k))}
		}
		if err := s.checkPoint(p, ""); err != nil {
			return err
		}
	}
	return sw.checkBoundaries()
}

// checkBoundaries refuses boundaries the sweep could not have found: a
// claim not of the mode, an axis other than x or y, a line off the grid,
// or a bracket that is not inside one grid interval with lo <= at <= hi.
// Only complete sweeps have boundaries.
func (sw *Sweep) checkBoundaries() error {
	if len(sw.Boundaries) > 0 && sw.Shard != nil {
		return &sim.ParamError{Param: "boundaries", Value: "in a shard", Allowed: "boundaries only in a complete sweep"}
	}
	s := &sw.Spec
	claims := s.claims()
	for k, b := range sw.Boundaries {
		bad := func(what string) error {
			return &sim.ParamError{Param: fmt.Sprintf("boundaries[%d].%s", k, what), Value: fmt.Sprintf("%+v", b), Allowed: "a boundary the sweep can find"}
		}
		if !slices.Contains(claims, b.Claim) {
			return bad("claim")
		}
		along, other := s.X, s.Y
		switch b.Along {
		case "x":
		case "y":
			along, other = s.Y, s.X
		default:
			return bad("along")
		}
		onGrid := false
		for i := range other.Count {
			onGrid = onGrid || other.Value(i) == b.Fixed
		}
		if !onGrid {
			return bad("fixed")
		}
		// The grid's end values, not the axis's bounds: on a log axis
		// exp(log(lo)) may round below lo (0.0003125 -> 0.00031249999999999974).
		first, last := min(along.Lo, along.Value(0)), max(along.Hi, along.Value(along.Count-1))
		if !(first <= b.Lo && b.Lo <= b.At && b.At <= b.Hi && b.Hi <= last) {
			return bad("lo, at, hi")
		}
	}
	return nil
}

// WriteCSV writes one row per point and claim: i, the two axis values,
// claim, outcome, mechanism.
func (sw *Sweep) WriteCSV(w io.Writer) error {
	c := csv.NewWriter(w)
	c.Write([]string{"i", sw.Spec.X.Param, sw.Spec.Y.Param, "claim", "outcome", "mechanism"})
	for _, p := range sw.Points {
		for _, r := range p.Results {
			c.Write([]string{strconv.Itoa(p.I), fmtF(p.X), fmtF(p.Y), r.Claim, r.Outcome.String(), r.Mechanism})
		}
	}
	c.Flush()
	return c.Error()
}

// WriteBoundariesCSV writes one row per boundary.
func (sw *Sweep) WriteBoundariesCSV(w io.Writer) error {
	c := csv.NewWriter(w)
	c.Write([]string{"claim", "along", "fixed", "lo", "hi", "at", "from", "from_mechanism", "to", "to_mechanism"})
	for _, b := range sw.Boundaries {
		c.Write([]string{b.Claim, b.Along, fmtF(b.Fixed), fmtF(b.Lo), fmtF(b.Hi), fmtF(b.At),
			b.From.Outcome.String(), b.From.Mechanism, b.To.Outcome.String(), b.To.Mechanism})
	}
	c.Flush()
	return c.Error()
}

func fmtF(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// Claims returns the claim names of the sweep, in order.
func (sw *Sweep) Claims() []string {
	var out []string
	if len(sw.Points) > 0 {
		for _, r := range sw.Points[0].Results {
			out = append(out, r.Claim)
		}
	}
	return out
}

// WriteFiles writes phase.json, phase.csv, boundaries.csv and one map per
// claim (map-<claim>.png or .svg) into dir.
func (sw *Sweep) WriteFiles(dir, format string) error {
	if format != "png" && format != "svg" {
		return fmt.Errorf("format = %q is invalid: allowed \"png\" or \"svg\"", format)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for name, write := range map[string]func(io.Writer) error{
		"phase.json": sw.WriteJSON, "phase.csv": sw.WriteCSV, "boundaries.csv": sw.WriteBoundariesCSV,
	} {
		var buf bytes.Buffer
		if err := write(&buf); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, name), buf.Bytes(), 0o644); err != nil {
			return err
		}
	}
	if sw.Shard != nil {
		return nil // a shard's maps would be partial: merge first
	}
	for _, c := range sw.Claims() {
		p, err := sw.Map(c)
		if err != nil {
			return err
		}
		b, err := render(p, format)
		if err != nil {
			return err
		}
		name := "map-" + strings.ReplaceAll(c, "~", "-simplified") + "." + format
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}
