package sim

import (
	"bytes"
	"errors"
	"io"
	"math"
	"strings"
	"testing"
)

// sameNumbers reports whether two slices hold the same numbers, any NaN
// equal to any NaN: JSON's "NaN" does not keep a NaN's payload.
func sameNumbers(x, y []float64) bool {
	if len(x) != len(y) {
		return false
	}
	for i := range x {
		if x[i] != y[i] && !(math.IsNaN(x[i]) && math.IsNaN(y[i])) {
			return false
		}
	}
	return true
}

// TestOverflowIsADivergenceWithItsCause: parameters that make a number of
// the objective overflow stop the run with status non-finite and an error
// naming the number, the step and the parameter (README, "Errors a user can
// get"); the record still writes as JSON, with the non-finite numbers as
// strings, and reads back to the same bits.
func TestOverflowIsADivergenceWithItsCause(t *testing.T) {
	for _, c := range []struct {
		name string
		set  func(c *Config)
		want string
	}{
		{"tau", func(c *Config) { c.Tau = 1e308 }, "grad_norm = +Inf at step 1: tau = 1e+308 makes the gradient overflow"},
		{"tau expected", func(c *Config) { c.Tau, c.Fidelity = 1e308, Expected }, "grad_norm = +Inf at step 1: tau = 1e+308 makes the gradient overflow"},
		{"tau population", func(c *Config) { c.Tau, c.Fidelity = 1e308, Population }, "grad_norm = +Inf at step 1: tau = 1e+308 makes the gradient overflow"},
		{"alpha", func(c *Config) { c.Alpha = 1e308 }, "value = -Inf at step 1: alpha = 1e+308 makes the weight-decay term overflow"},
		{"beta", func(c *Config) { *c = PaperConfig(SL); c.Beta = 1e308 }, "value = +Inf at step 1: beta = 1e+308 makes the weight-decay term overflow"},
		{"gamma", func(c *Config) { *c = PaperConfig(SL); c.Gamma = 1e308 }, "value = +Inf at step 1: gamma = 1e+308 makes the weight-decay term overflow"},
		{"max-abs", func(c *Config) { c.MaxAbs, c.Eta = 1e308, 1e300 }, "at step 2: the iterate's entries reached"},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg := PaperConfig(SSL)
			cfg.Steps = 50
			c.set(&cfg)
			rec, err := Run(cfg, nil, nil, nil)
			var de *DivergenceError
			if !errors.As(err, &de) || rec == nil {
				t.Fatalf("error %v (record %v), want a divergence with its record", err, rec)
			}
			if !strings.Contains(err.Error(), c.want) || rec.Status != NonFinite || rec.Err != err.Error() {
				t.Fatalf("status %v, error %q, want it to contain %q", rec.Status, err, c.want)
			}
			var buf bytes.Buffer
			if err := WriteRun(&buf, rec); err != nil {
				t.Fatalf("the record does not write: %v", err)
			}
			if !strings.Contains(buf.String(), `Inf"`) {
				t.Fatalf("no non-finite number written as a string:\n%s", buf.String())
			}
			back, err := ReadRun(&buf)
			if err != nil {
				t.Fatalf("ReadRun refuses what WriteRun wrote: %v", err)
			}
			if !sameNumbers(back.Trajectory.Value, rec.Trajectory.Value) || !sameNumbers(back.Trajectory.GradNorm, rec.Trajectory.GradNorm) ||
				!sameNumbers([]float64{back.Final.Value, back.Final.GradNorm}, []float64{rec.Final.Value, rec.Final.GradNorm}) {
				t.Fatalf("non-finite numbers do not round-trip: %v %v -> %v %v", rec.Trajectory.Value, rec.Trajectory.GradNorm, back.Trajectory.Value, back.Trajectory.GradNorm)
			}
		})
	}
}

// TestOverflowCauseFromAFileDataset: a dataset that was not drawn from the
// configuration's distribution is blamed as the data, not as tau.
func TestOverflowCauseFromAFileDataset(t *testing.T) {
	c := PaperConfig(SSL)
	c.Steps = 5
	ds, err := c.Distribution().Sample(c.N, c.Seed)
	if err != nil {
		t.Fatal(err)
	}
	ds.Source = nil
	for i := range ds.N {
		ds.X[i*ds.D+1] = 1e307 // with w^(2) = 0 the pre-activations stay finite
	}
	init, _ := Initialise(c.Init, c.D, c.Tau, c.Seed)
	init.W[1], init.W[c.D+1] = 0, 0
	_, err = Run(c, ds, init, nil)
	if err == nil || !strings.Contains(err.Error(), "the data (entries up to") {
		t.Fatalf("error %v, want the data named", err)
	}
}

// TestFiniteRunHasNoCause: the causes are found only where something
// overflows: at the paper's point no term is near the float64 range.
func TestFiniteRunHasNoCause(t *testing.T) {
	c := PaperConfig(SSL)
	ds, _ := c.Distribution().Sample(c.N, c.Seed)
	init, _ := Initialise(c.Init, c.D, c.Tau, c.Seed)
	if cause := c.divergenceCause(ds, init.W); cause != "" {
		t.Fatalf("a cause %q at a finite point", cause)
	}
	c.Alpha = 1e300 // 1e300 * 100 * ||W||^2 ~ 1e304: within 1e8 of the range
	if cause := c.divergenceCause(ds, init.W); !strings.Contains(cause, "alpha = 1e+300") {
		t.Fatalf("cause %q, want alpha", cause)
	}
}

// TestSampleOverflowNamesTheParameter: noise drawn beyond the float64 range
// is refused naming rho, not an entry of the data.
func TestSampleOverflowNamesTheParameter(t *testing.T) {
	_, err := Distribution{D: 10, Tau: 7, Rho: 1e308}.Sample(100, 1)
	var pe *ParamError
	if !errors.As(err, &pe) || pe.Param != "rho" || !strings.Contains(pe.Allowed, "Inf") {
		t.Fatalf("error %v, want rho named with the infinite entry", err)
	}
}

// TestNumberJSON: Number and numbers write non-finite values as the phase
// format's strings, read them back bit for bit, and refuse other strings.
func TestNumberJSON(t *testing.T) {
	in := numbers{1.5, math.NaN(), math.Inf(1), math.Inf(-1), 0, -2e-300}
	b, err := in.MarshalJSON()
	if err != nil || string(b) != `[1.5,"NaN","+Inf","-Inf",0,-2e-300]` {
		t.Fatalf("wrote %s (%v)", b, err)
	}
	var out numbers
	if err := out.UnmarshalJSON(b); err != nil || !sameNumbers(in, out) {
		t.Fatalf("read %v (%v), want %v", out, err, in)
	}
	for _, bad := range []string{`"inf"`, `"Infinity"`, `"1"`, `true`} {
		var x Number
		if err := x.UnmarshalJSON([]byte(bad)); err == nil || !strings.Contains(err.Error(), `"NaN", "+Inf" or "-Inf"`) {
			t.Errorf("%s: error %v, want one naming the allowed strings", bad, err)
		}
	}
	// Features with a non-finite metric write and read back.
	f := Features{ProjE1: 1, Cosine: math.NaN(), RowNorm: [2]float64{math.Inf(1), 2}, Rank: 2}
	fb, err := f.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	var g Features
	if err := g.UnmarshalJSON(fb); err != nil || !sameNumbers([]float64{g.Cosine, g.RowNorm[0]}, []float64{f.Cosine, f.RowNorm[0]}) || g.Rank != 2 {
		t.Fatalf("features %s read as %+v (%v)", fb, g, err)
	}
	if err := g.UnmarshalJSON([]byte(`{"proj_e1":1,"bogus":2}`)); err == nil {
		t.Error("features accept an unknown key")
	}
}

// TestWritersRefuseOrEncodeNonFinite: every writer of this package either
// refuses a non-finite number with a *ParamError naming where it is (the
// numbers a reader would refuse: data, weights, configuration) or writes it
// as a string that reads back (a run's values and gradient norms, its
// feature metrics): none returns encoding/json's "unsupported value".
func TestWritersRefuseOrEncodeNonFinite(t *testing.T) {
	c := PaperConfig(SSL)
	c.Steps = 5
	rec, err := Run(c, nil, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	ds, _ := c.Distribution().Sample(c.N, c.Seed)
	init, _ := Initialise(InitSL, c.D, c.Tau, c.Seed)
	nan := math.NaN()
	for _, w := range []struct {
		name, param string
		write       func() error
	}{
		{"dataset x", "x[3]", func() error {
			d := *ds
			d.X = append([]float64(nil), ds.X...)
			d.X[3] = nan
			return WriteDataset(io.Discard, &d)
		}},
		{"dataset source", "source.tau", func() error { d := *ds; d.Source = &DataSource{Tau: math.Inf(1)}; return WriteDataset(io.Discard, &d) }},
		{"init w", "w[1]", func() error {
			p := *init
			p.W = append([]float64(nil), init.W...)
			p.W[1] = nan
			return WriteInitialPoint(io.Discard, &p)
		}},
		{"init f", "f[0]", func() error { p := *init; p.F = []float64{math.Inf(-1), 1}; return WriteInitialPoint(io.Discard, &p) }},
		{"config", "tau", func() error { k := c; k.Tau = math.Inf(1); return WriteConfig(io.Discard, k) }},
		{"run config", "eta", func() error { r := *rec; r.Config.Eta = nan; return WriteRun(io.Discard, &r) }},
		{"run final w", "final.w[2]", func() error {
			r := *rec
			r.Final.W = append([]float64(nil), rec.Final.W...)
			r.Final.W[2] = nan
			return WriteRun(io.Discard, &r)
		}},
		{"run state", "trajectory.state[0]", func() error {
			r := *rec
			r.Trajectory.States = append([]float64(nil), rec.Trajectory.States...)
			r.Trajectory.States[0] = math.Inf(1)
			return WriteRun(io.Discard, &r)
		}},
	} {
		var pe *ParamError
		if err := w.write(); !errors.As(err, &pe) || pe.Param != w.param {
			t.Errorf("%s: error %v, want a ParamError naming %s", w.name, err, w.param)
		}
	}
	r := *rec
	r.Final.Value, r.Final.GradNorm = nan, math.Inf(1)
	r.Final.Features.Cosine, r.Final.Features.RowNorm[1] = nan, math.Inf(-1)
	r.Trajectory.Value = append([]float64(nil), rec.Trajectory.Value...)
	r.Trajectory.Value[1] = math.Inf(-1)
	var buf bytes.Buffer
	if err := WriteRun(&buf, &r); err != nil {
		t.Fatalf("a run with non-finite values: %v", err)
	}
	back, err := ReadRun(&buf)
	if err != nil || !sameNumbers([]float64{back.Final.Value, back.Final.GradNorm, back.Final.Features.Cosine, back.Final.Features.RowNorm[1]}, []float64{nan, math.Inf(1), nan, math.Inf(-1)}) ||
		!sameNumbers(back.Trajectory.Value, r.Trajectory.Value) {
		t.Fatalf("read back %+v (%v)", back, err)
	}
}
