package sim

import (
	"bytes"
	"encoding/json"
	"io"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/nlssl/nlssl/buildinfo"
	"pgregory.net/rapid"
)

// TestJSONRoundTrip: every format reads back exactly what was written
// (Go writes the shortest decimal that round-trips a float64).
func TestJSONRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := drawProblem(t, 6, 20)
		var buf bytes.Buffer

		if err := WriteDataset(&buf, p.data); err != nil {
			t.Fatal(err)
		}
		ds, err := ReadDataset(&buf)
		if err != nil || !reflect.DeepEqual(ds, p.data) {
			t.Fatalf("dataset round trip: %v\n%+v\n%+v", err, ds, p.data)
		}

		kind := rapid.SampledFrom([]InitKind{InitNear, InitSigns, InitSL}).Draw(t, "init")
		init, err := Initialise(kind, p.d, p.tau+0.5, p.seed)
		if err != nil {
			t.Fatal(err)
		}
		buf.Reset()
		if err := WriteInitialPoint(&buf, init); err != nil {
			t.Fatal(err)
		}
		back, err := ReadInitialPoint(&buf)
		if err != nil || !reflect.DeepEqual(back, init) {
			t.Fatalf("initial point round trip: %v\n%+v\n%+v", err, back, init)
		}

		c := DefaultConfig(rapid.SampledFrom([]Model{SSL, SL}).Draw(t, "model"), p.d)
		c.Tau, c.Rho, c.Alpha, c.Noise, c.Seed = p.tau+0.5, p.rho, p.alpha, p.noise, p.seed
		c.Steps, c.RecordEvery = rapid.IntRange(1, 30).Draw(t, "steps"), rapid.IntRange(0, 5).Draw(t, "every")
		if c.Model == SSL {
			c.Fidelity = rapid.SampledFrom([]Fidelity{Stochastic, Expected, Population}).Draw(t, "fidelity")
		}
		c.N = p.n
		buf.Reset()
		if err := WriteConfig(&buf, c); err != nil {
			t.Fatal(err)
		}
		cb, err := ReadConfig(&buf, Config{})
		if err != nil || cb != c {
			t.Fatalf("config round trip: %v\n%+v\n%+v", err, cb, c)
		}

		rec, err := Run(c, nil, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		buf.Reset()
		if err := WriteRun(&buf, rec); err != nil {
			t.Fatal(err)
		}
		rb, err := ReadRun(&buf)
		if err != nil || !reflect.DeepEqual(rb, rec) {
			t.Fatalf("run round trip: %v\n%+v\n%+v", err, rb, rec)
		}
	})
}

// TestConfigFileOverridesOnlyWhatItSays: keys absent from a config file
// keep the base configuration's values.
func TestConfigFileOverridesOnlyWhatItSays(t *testing.T) {
	base := PaperConfig(SSL)
	c, err := ReadConfig(strings.NewReader(`{"format":"nlssl/config","version":1,"tau":5,"fidelity":"expected"}`), base)
	if err != nil {
		t.Fatal(err)
	}
	want := base
	want.Tau, want.Fidelity = 5, Expected
	if c != want {
		t.Fatalf("got %+v, want %+v", c, want)
	}
}

// TestJSONBuildRecord: every document this build writes records the build
// (buildinfo.Current) right after its format and version; a reader accepts
// a document with another build's record or with none (written before the
// records), and refuses a record with an unknown key like any other.
func TestJSONBuildRecord(t *testing.T) {
	init, err := Initialise(InitNear, 3, 7, 1)
	if err != nil {
		t.Fatal(err)
	}
	c := DefaultConfig(SSL, 3)
	c.Steps = 2
	rec, err := Run(c, nil, init, nil)
	if err != nil {
		t.Fatal(err)
	}
	ds, err := c.Distribution().Sample(c.N, c.Seed)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(buildinfo.Current())
	for name, write := range map[string]func(*bytes.Buffer) error{
		FormatDataset: func(b *bytes.Buffer) error { return WriteDataset(b, ds) },
		FormatInit:    func(b *bytes.Buffer) error { return WriteInitialPoint(b, init) },
		FormatConfig:  func(b *bytes.Buffer) error { return WriteConfig(b, c) },
		FormatRun:     func(b *bytes.Buffer) error { return WriteRun(b, rec) },
	} {
		var buf bytes.Buffer
		if err := write(&buf); err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Build json.RawMessage `json:"build"`
		}
		if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		var compact bytes.Buffer
		json.Compact(&compact, doc.Build)
		if compact.String() != string(want) {
			t.Errorf("%s: build %s, want %s", name, compact.String(), want)
		}
	}
	other := `{"format":"nlssl/config","version":1,"build":{"program":"nlssl","version":"9.9.9","go":"go9"},"tau":5}`
	if _, err := ReadConfig(strings.NewReader(other), PaperConfig(SSL)); err != nil {
		t.Errorf("another build's record refused: %v", err)
	}
	if _, err := ReadConfig(strings.NewReader(`{"format":"nlssl/config","version":1,"tau":5}`), PaperConfig(SSL)); err != nil {
		t.Errorf("a document without a record refused: %v", err)
	}
	bad := `{"format":"nlssl/config","version":1,"build":{"program":"nlssl","version":"0.2.0","colour":"red"}}`
	if _, err := ReadConfig(strings.NewReader(bad), PaperConfig(SSL)); err == nil || !strings.Contains(err.Error(), "colour") {
		t.Errorf("a record with an unknown key: %v, want an error naming it", err)
	}
}

// writeRunEncoded is the plain writer WriteRun streams the bytes of: the
// whole document through encoding/json, indented by one space.
func writeRunEncoded(w io.Writer, rec *RunRecord) error {
	t := rec.Trajectory
	return writeJSON(w, runJSON{
		runHeadJSON: runHeadJSON{
			header: newHeader(FormatRun),
			Config: rec.Config, Status: rec.Status, Steps: rec.Steps, Error: rec.Err,
			Final: finalJSON{
				W: rows(rec.Final.W, rec.Config.D), F: rec.Final.F,
				Value: Number(rec.Final.Value), GradNorm: Number(rec.Final.GradNorm), Features: rec.Final.Features,
			},
		},
		Trajectory: trajectoryJSON{Dim: t.Dim, Step: t.Step, State: rows(t.States, t.Dim), Value: t.Value, GradNorm: t.GradNorm},
	})
}

// TestWriteRunStreamsTheEncodersBytes: the streamed run document is the
// one encoding/json writes, byte for byte, for runs of every model and
// fidelity, diverged ones with non-finite numbers, empty and absent
// trajectories, and numbers of every magnitude (the exponent form below
// 1e-6 and from 1e21).
func TestWriteRunStreamsTheEncodersBytes(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := drawProblem(t, 6, 20)
		c := DefaultConfig(rapid.SampledFrom([]Model{SSL, SL}).Draw(t, "model"), p.d)
		c.Tau, c.Rho, c.Alpha, c.Noise, c.Seed, c.N = p.tau+0.5, p.rho, p.alpha, p.noise, p.seed, p.n
		c.Steps, c.RecordEvery = rapid.IntRange(1, 30).Draw(t, "steps"), rapid.IntRange(0, 5).Draw(t, "every")
		if c.Model == SSL {
			c.Fidelity = rapid.SampledFrom([]Fidelity{Stochastic, Expected, Population}).Draw(t, "fidelity")
		}
		if rapid.Bool().Draw(t, "overflow") {
			c.Tau = 1e308
		}
		rec, _ := Run(c, nil, nil, nil)
		tr := &rec.Trajectory
		for i := range tr.Value {
			switch rapid.IntRange(0, 5).Draw(t, "magnitude") {
			case 0:
				tr.Value[i] *= 1e-9
			case 1:
				tr.Value[i] *= 1e25
			case 2:
				tr.GradNorm[i] = math.NaN()
			}
		}
		switch rapid.IntRange(0, 3).Draw(t, "shape") {
		case 0:
			tr.Step, tr.States, tr.Value, tr.GradNorm = nil, nil, nil, nil
		case 1:
			tr.Step, tr.States, tr.Value, tr.GradNorm = []int{}, []float64{}, []float64{}, []float64{}
		}
		var got, want bytes.Buffer
		if err := WriteRun(&got, rec); err != nil {
			t.Fatal(err)
		}
		if err := writeRunEncoded(&want, rec); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Fatalf("streamed:\n%s\nencoding/json:\n%s", got.Bytes(), want.Bytes())
		}
	})
}
