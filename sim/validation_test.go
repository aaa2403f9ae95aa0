package sim

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
)

// badInput is a call that must fail with a *ParamError naming param.
type badInput struct {
	name  string
	param string
	call  func() error
}

func (c badInput) String() string { return c.name }

// noPanic runs f and turns a panic into an error, so that a panic fails the
// test with the case's name instead of stopping the run.
func noPanic(f func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	return f()
}

func badInputs() []badInput {
	nan, inf := math.NaN(), math.Inf(1)
	dist := Distribution{D: 4, Tau: 7, Rho: 0.1}
	ds, _ := dist.Sample(5, 1)
	cfg := func(mod func(*Config)) func() error {
		return func() error {
			c := PaperConfig(SSL)
			mod(&c)
			_, err := Run(c, nil, nil, nil)
			return err
		}
	}
	sample := func(p Distribution, n int) func() error {
		return func() error { _, err := p.Sample(n, 1); return err }
	}
	withData := func(mod func(*Dataset)) func() error {
		return func() error {
			c := *ds
			c.X = append([]float64(nil), ds.X...)
			c.Y = append([]int(nil), ds.Y...)
			mod(&c)
			_, err := NewExpectedObjective(&c, 0.1, 0.1, 0)
			return err
		}
	}
	return []badInput{
		{"d = 1", "d", sample(Distribution{D: 1, Tau: 7, Rho: 0.1}, 5)},
		{"d = -3", "d", sample(Distribution{D: -3, Tau: 7, Rho: 0.1}, 5)},
		{"n = 0", "n", sample(dist, 0)},
		{"n = -1", "n", sample(dist, -1)},
		{"tau = NaN", "tau", sample(Distribution{D: 4, Tau: nan, Rho: 0.1}, 5)},
		{"tau = -1", "tau", sample(Distribution{D: 4, Tau: -1, Rho: 0.1}, 5)},
		{"rho = Inf", "rho", sample(Distribution{D: 4, Tau: 7, Rho: inf}, 5)},
		{"rho = -0.1", "rho", sample(Distribution{D: 4, Tau: 7, Rho: -0.1}, 5)},
		{"noise = 7", "noise", sample(Distribution{D: 4, Tau: 7, Rho: 0.1, Noise: 7}, 5)},
		{"alpha = NaN", "alpha", cfg(func(c *Config) { c.Alpha = nan })},
		{"alpha = -1", "alpha", cfg(func(c *Config) { c.Alpha = -1 })},
		{"beta = -1", "beta", cfg(func(c *Config) { c.Beta = -1 })},
		{"gamma = Inf", "gamma", cfg(func(c *Config) { c.Gamma = inf })},
		{"eta = 0", "eta", cfg(func(c *Config) { c.Eta = 0 })},
		{"eta = -1", "eta", cfg(func(c *Config) { c.Eta = -1 })},
		{"eta = NaN", "eta", cfg(func(c *Config) { c.Eta = nan })},
		{"steps = 0", "steps", cfg(func(c *Config) { c.Steps = 0 })},
		{"record-every = -1", "record-every", cfg(func(c *Config) { c.RecordEvery = -1 })},
		{"grad-tol = NaN", "grad-tol", cfg(func(c *Config) { c.GradTol = nan })},
		{"quad-nodes = 1", "quad-nodes", cfg(func(c *Config) { c.QuadNodes = 1 })},
		{"quad-nodes = 1000", "quad-nodes", cfg(func(c *Config) { c.QuadNodes = 1000 })},
		{"model = 5", "model", cfg(func(c *Config) { c.Model = 5 })},
		{"fidelity = 9", "fidelity", cfg(func(c *Config) { c.Fidelity = 9 })},
		{"init sl for ssl", "init", cfg(func(c *Config) { c.Init = InitSL })},
		{"init near for sl", "init", cfg(func(c *Config) { c.Model = SL; c.Fidelity = Stochastic })},
		{"fidelity expected for sl", "fidelity", cfg(func(c *Config) { c.Model, c.Init, c.Fidelity = SL, InitSL, Expected })},
		{"init near with tau = 0", "tau", cfg(func(c *Config) { c.Tau = 0 })},
		{"NaN in a dataset", "x[6]", withData(func(d *Dataset) { d.X[6] = nan })},
		{"label 2", "y[3]", withData(func(d *Dataset) { d.Y[3] = 2 })},
		{"x of the wrong length", "x", withData(func(d *Dataset) { d.X = d.X[:7] })},
		{"nil dataset", "dataset", func() error { _, err := NewExpectedObjective(nil, 0.1, 0.1, 0); return err }},
		{"W0 of the wrong shape", "w", func() error {
			c := PaperConfig(SSL)
			_, err := Run(c, nil, &InitialPoint{D: 10, W: make([]float64, 19)}, nil)
			return err
		}},
		{"W0 of another dimension", "initial point", func() error {
			c := PaperConfig(SSL)
			_, err := Run(c, nil, &InitialPoint{D: 4, W: make([]float64, 8)}, nil)
			return err
		}},
		{"W0 with NaN", "w[3]", func() error {
			w := make([]float64, 20)
			w[3] = nan
			_, err := Run(PaperConfig(SSL), nil, &InitialPoint{D: 10, W: w}, nil)
			return err
		}},
		{"SL start without F", "f", func() error {
			_, err := Run(PaperConfig(SL), nil, &InitialPoint{D: 10, W: make([]float64, 20)}, nil)
			return err
		}},
		{"dataset of another size", "dataset", func() error {
			_, err := Run(PaperConfig(SSL), ds, nil, nil)
			return err
		}},
		{"Train x0 of the wrong length", "initial point", func() error {
			obj, _ := NewSimplifiedObjective(3, 7, 0.1)
			_, err := Train(Ascent{obj}, []float64{1, 2}, Settings{Eta: 0.1, Steps: 1})
			return err
		}},
		{"Train x0 beyond max-abs", "initial point", func() error {
			obj, _ := NewSimplifiedObjective(2, 7, 0.1)
			_, err := Train(Ascent{obj}, []float64{1, 2, 3, 1e7}, Settings{Eta: 0.1, Steps: 1})
			return err
		}},
		{"init kind 9", "init", func() error { _, err := Initialise(9, 4, 7, 1); return err }},
		{"noise name", "noise", func() error { _, err := ParseNoise("gaussian"); return err }},
		{"malformed dataset JSON", "", func() error {
			_, err := ReadDataset(strings.NewReader(`{"format": "nlssl/dataset", "version": 1, "d": 2,`))
			return err
		}},
		{"dataset JSON of version 2", "version", func() error {
			_, err := ReadDataset(strings.NewReader(`{"format":"nlssl/dataset","version":2}`))
			return err
		}},
		{"init JSON read as a dataset", "format", func() error {
			_, err := ReadDataset(strings.NewReader(`{"format":"nlssl/init","version":1}`))
			return err
		}},
		{"dataset JSON with an unknown key", "", func() error {
			_, err := ReadDataset(strings.NewReader(`{"format":"nlssl/dataset","version":1,"d":2,"n":1,"x":[[1,2]],"y":[1],"z":[0],"extra":1}`))
			return err
		}},
		{"dataset JSON with a short point", "x[0]", func() error {
			_, err := ReadDataset(strings.NewReader(`{"format":"nlssl/dataset","version":1,"d":2,"n":1,"x":[[1]],"y":[1],"z":[0]}`))
			return err
		}},
		{"dataset JSON with an overflowing number", "", func() error {
			_, err := ReadDataset(strings.NewReader(`{"format":"nlssl/dataset","version":1,"d":2,"n":1,"x":[[1,1e999]],"y":[1],"z":[0]}`))
			return err
		}},
		{"init JSON with three rows", "w", func() error {
			_, err := ReadInitialPoint(strings.NewReader(`{"format":"nlssl/init","version":1,"d":2,"w":[[1,2],[3,4],[5,6]]}`))
			return err
		}},
		{"config JSON with eta -1", "eta", func() error {
			_, err := ReadConfig(strings.NewReader(`{"format":"nlssl/config","version":1,"eta":-1}`), PaperConfig(SSL))
			return err
		}},
		{"config JSON with a bad model", "model", func() error {
			_, err := ReadConfig(strings.NewReader(`{"format":"nlssl/config","version":1,"model":"gan"}`), PaperConfig(SSL))
			return err
		}},
		{"run JSON without version", "version", func() error {
			_, err := ReadRun(strings.NewReader(`{"format":"nlssl/run"}`))
			return err
		}},
		{"empty document", "", func() error { _, err := ReadRun(strings.NewReader(``)); return err }},
	}
}

// TestBadInputsAreNamed: every bad input returns an error (never a panic);
// where the input is a parameter, the error is a *ParamError naming it and
// saying what is allowed. Malformed JSON (param "") must say so.
func TestBadInputsAreNamed(t *testing.T) {
	for _, c := range badInputs() {
		err := noPanic(c.call)
		if err == nil {
			t.Errorf("%v: no error", c)
			continue
		}
		if strings.HasPrefix(err.Error(), "panic") {
			t.Errorf("%v: %v", c, err)
			continue
		}
		if c.param == "" {
			if !strings.Contains(err.Error(), "malformed JSON") {
				t.Errorf("%v: error %q does not say the JSON is malformed", c, err)
			}
			continue
		}
		var pe *ParamError
		if !errors.As(err, &pe) {
			t.Errorf("%v: error %q is not a *ParamError", c, err)
			continue
		}
		if pe.Param != c.param || pe.Allowed == "" || !strings.Contains(err.Error(), "allowed") {
			t.Errorf("%v: error %q names %q, want %q with the allowed range", c, err, pe.Param, c.param)
		}
	}
}
