package sim

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

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
