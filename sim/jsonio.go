package sim

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/nlssl/nlssl/buildinfo"
)

// FormatVersion is the version of every JSON format this package writes.
// Readers refuse other versions with a *ParamError naming "version".
const FormatVersion = 1

// The format names of the four JSON documents.
const (
	FormatDataset = "nlssl/dataset"
	FormatInit    = "nlssl/init"
	FormatConfig  = "nlssl/config"
	FormatRun     = "nlssl/run"
)

// header opens every document: its format and version and, in what this
// build writes, the build record (buildinfo.Current). Readers accept a
// document with or without one and do not keep it: a document written again
// records the build that wrote it.
type header struct {
	Format  string            `json:"format"`
	Version int               `json:"version"`
	Build   *buildinfo.Record `json:"build,omitempty"`
}

// newHeader is the header this build writes for format.
func newHeader(format string) header {
	b := buildinfo.Current()
	return header{Format: format, Version: FormatVersion, Build: &b}
}

// decodeStrict decodes one JSON document of the given format into v:
// unknown fields, trailing data and a wrong format or version are errors.
func decodeStrict(data []byte, format string, v any) error {
	var h struct {
		Format  *string `json:"format"`
		Version *int    `json:"version"`
	}
	if err := json.Unmarshal(data, &h); err != nil {
		return fmt.Errorf("%s: malformed JSON: %w", format, err)
	}
	if h.Format == nil || *h.Format != format {
		got := "missing"
		if h.Format != nil {
			got = fmt.Sprintf("%q", *h.Format)
		}
		return paramErr("format", got, fmt.Sprintf("%q", format))
	}
	if h.Version == nil || *h.Version != FormatVersion {
		got := "missing"
		if h.Version != nil {
			got = fmt.Sprint(*h.Version)
		}
		return paramErr("version", got, fmt.Sprintf("%d (this build reads %s version %d only)", FormatVersion, format, FormatVersion))
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("%s: malformed JSON: %w", format, err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return fmt.Errorf("%s: malformed JSON: trailing data after the document", format)
	}
	return nil
}

// readAll reads a whole document (bounded: 1 GiB).
func readAll(r io.Reader, format string) ([]byte, error) {
	const limit = 1 << 30
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", format, err)
	}
	if len(b) > limit {
		return nil, fmt.Errorf("%s: document larger than 1 GiB", format)
	}
	return b, nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	return enc.Encode(v)
}

// rows splits a flat row-major matrix into rows of length m.
func rows(x []float64, m int) [][]float64 {
	if m == 0 {
		return nil
	}
	out := make([][]float64, 0, len(x)/m)
	for i := 0; i+m <= len(x); i += m {
		out = append(out, x[i:i+m])
	}
	return out
}

// flatten joins rows, checking that each has length m before allocating:
// m comes from the document, and must not size an allocation by itself.
func flatten(param string, r [][]float64, m int) ([]float64, error) {
	for i, row := range r {
		if len(row) != m {
			return nil, paramErr(fmt.Sprintf("%s[%d]", param, i), fmt.Sprintf("%d entries", len(row)), fmt.Sprintf("%d entries", m))
		}
	}
	out := make([]float64, 0, len(r)*m)
	for _, row := range r {
		out = append(out, row...)
	}
	return out, nil
}

// ---- dataset ----

type datasetJSON struct {
	header
	D      int         `json:"d"`
	N      int         `json:"n"`
	X      [][]float64 `json:"x"`
	Y      []int       `json:"y"`
	Z      []int       `json:"z"`
	Source *DataSource `json:"source,omitempty"`
}

// WriteDataset writes ds as an "nlssl/dataset" document: d, n, the points
// x (n rows of d numbers), labels y (+1/-1), hidden variables z (0/1) and,
// when known, the distribution and seed it was drawn from.
func WriteDataset(w io.Writer, ds *Dataset) error {
	if err := ds.Validate(); err != nil {
		return err
	}
	return writeJSON(w, datasetJSON{
		header: newHeader(FormatDataset),
		D:      ds.D, N: ds.N, X: rows(ds.X, ds.D), Y: ds.Y, Z: ds.Z, Source: ds.Source,
	})
}

// ReadDataset reads and validates an "nlssl/dataset" document.
func ReadDataset(r io.Reader) (*Dataset, error) {
	b, err := readAll(r, FormatDataset)
	if err != nil {
		return nil, err
	}
	var j datasetJSON
	if err := decodeStrict(b, FormatDataset, &j); err != nil {
		return nil, err
	}
	if err := checkD(j.D); err != nil {
		return nil, err
	}
	if len(j.X) != j.N {
		return nil, paramErr("x", fmt.Sprintf("%d points", len(j.X)), fmt.Sprintf("n = %d points", j.N))
	}
	x, err := flatten("x", j.X, j.D)
	if err != nil {
		return nil, err
	}
	ds := &Dataset{D: j.D, N: j.N, X: x, Y: j.Y, Z: j.Z, Source: j.Source}
	if err := ds.Validate(); err != nil {
		return nil, err
	}
	return ds, nil
}

// ---- initial point ----

type initJSON struct {
	header
	D int         `json:"d"`
	W [][]float64 `json:"w"`
	F []float64   `json:"f,omitempty"`
}

// WriteInitialPoint writes p as an "nlssl/init" document: d, W as two rows
// of d numbers, and F (SL only).
func WriteInitialPoint(w io.Writer, p *InitialPoint) error {
	if err := p.Validate(p.F != nil); err != nil {
		return err
	}
	return writeJSON(w, initJSON{header: newHeader(FormatInit), D: p.D, W: rows(p.W, p.D), F: p.F})
}

// ReadInitialPoint reads an "nlssl/init" document and checks its shape
// (2 rows of d finite numbers; F, when present, 2 finite numbers). Whether
// the model needs F is checked where the point is used.
func ReadInitialPoint(r io.Reader) (*InitialPoint, error) {
	b, err := readAll(r, FormatInit)
	if err != nil {
		return nil, err
	}
	var j initJSON
	if err := decodeStrict(b, FormatInit, &j); err != nil {
		return nil, err
	}
	if err := checkD(j.D); err != nil {
		return nil, err
	}
	if len(j.W) != 2 {
		return nil, paramErr("w", fmt.Sprintf("%d rows", len(j.W)), "2 rows of d numbers (W is 2 x d)")
	}
	w, err := flatten("w", j.W, j.D)
	if err != nil {
		return nil, err
	}
	p := &InitialPoint{D: j.D, W: w, F: j.F}
	if err := p.Validate(j.F != nil); err != nil {
		return nil, err
	}
	return p, nil
}

// ---- config ----

type configJSON struct {
	header
	Config
}

// WriteConfig writes c as an "nlssl/config" document.
func WriteConfig(w io.Writer, c Config) error {
	if err := c.Validate(); err != nil {
		return err
	}
	return writeJSON(w, configJSON{newHeader(FormatConfig), c})
}

// ReadConfig reads an "nlssl/config" document over base: keys absent from
// the document keep base's values, so a config file may set only what
// differs from the defaults. The result is validated.
func ReadConfig(r io.Reader, base Config) (Config, error) {
	b, err := readAll(r, FormatConfig)
	if err != nil {
		return Config{}, err
	}
	j := configJSON{Config: base}
	if err := decodeStrict(b, FormatConfig, &j); err != nil {
		return Config{}, err
	}
	if err := j.Config.Validate(); err != nil {
		return Config{}, err
	}
	return j.Config, nil
}

// ---- run ----

// runHeadJSON is a run document but its trajectory, which WriteRun
// streams after it (runwrite.go).
type runHeadJSON struct {
	header
	Config Config    `json:"config"`
	Status Status    `json:"status"`
	Steps  int       `json:"steps"`
	Error  string    `json:"error,omitempty"`
	Final  finalJSON `json:"final"`
}

type runJSON struct {
	runHeadJSON
	Trajectory trajectoryJSON `json:"trajectory"`
}

// finalJSON and trajectoryJSON write the value and gradient norm as
// Numbers: a diverged run's last ones may be non-finite. The states are
// finite (Train keeps only finite iterates, ReadRun checks).
type finalJSON struct {
	W        [][]float64 `json:"w"`
	F        []float64   `json:"f,omitempty"`
	Value    Number      `json:"value"`
	GradNorm Number      `json:"grad_norm"`
	Features Features    `json:"features"`
}

type trajectoryJSON struct {
	Dim      int         `json:"dim"`
	Step     []int       `json:"step"`
	State    [][]float64 `json:"state"`
	Value    numbers     `json:"value"`
	GradNorm numbers     `json:"grad_norm"`
}

// ReadRun reads an "nlssl/run" document and checks its consistency.
func ReadRun(r io.Reader) (*RunRecord, error) {
	b, err := readAll(r, FormatRun)
	if err != nil {
		return nil, err
	}
	var j runJSON
	if err := decodeStrict(b, FormatRun, &j); err != nil {
		return nil, err
	}
	if err := j.Config.Validate(); err != nil {
		return nil, err
	}
	d := j.Config.D
	dim := j.Config.Dim()
	if len(j.Final.W) != 2 {
		return nil, paramErr("final.w", fmt.Sprintf("%d rows", len(j.Final.W)), "2 rows")
	}
	fw, err := flatten("final.w", j.Final.W, d)
	if err != nil {
		return nil, err
	}
	if err := checkFinite("final.w", fw); err != nil {
		return nil, err
	}
	if len(j.Final.F) == 0 {
		j.Final.F = nil // written as absent: "f": [] reads as no F
	}
	switch {
	case j.Config.Model == SL && len(j.Final.F) != 2:
		return nil, paramErr("final.f", fmt.Sprintf("%d entries", len(j.Final.F)), "2 entries for model sl")
	case j.Config.Model == SSL && j.Final.F != nil:
		return nil, paramErr("final.f", fmt.Sprintf("%d entries", len(j.Final.F)), "none for model ssl")
	}
	t := j.Trajectory
	if t.Dim != dim {
		return nil, paramErr("trajectory.dim", t.Dim, fmt.Sprintf("%d for model %s at d = %d", dim, j.Config.Model, d))
	}
	states, err := flatten("trajectory.state", t.State, dim)
	if err != nil {
		return nil, err
	}
	k := len(t.Step)
	if len(t.State) != k || len(t.Value) != k || len(t.GradNorm) != k {
		return nil, paramErr("trajectory", fmt.Sprintf("%d steps, %d states, %d values, %d gradient norms", k, len(t.State), len(t.Value), len(t.GradNorm)), "the same number of each")
	}
	rec := &RunRecord{
		Config: j.Config, Status: j.Status, Steps: j.Steps, Err: j.Error,
		Final:      FinalState{W: fw, F: j.Final.F, Value: float64(j.Final.Value), GradNorm: float64(j.Final.GradNorm), Features: j.Final.Features},
		Trajectory: Trajectory{Dim: dim, Step: t.Step, States: states, Value: t.Value, GradNorm: t.GradNorm},
	}
	return rec, nil
}
