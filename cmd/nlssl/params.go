package main

import (
	"bytes"
	"encoding"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"strconv"

	"github.com/nlssl/nlssl/sim"
)

// modelFlags registers the flags of the model point that every command
// shares (d, n, tau, rho, noise, alpha, beta, gamma, decay, eta,
// quad-nodes), for a T that holds them at the fields field returns. Each
// name means what the phase axis of that name sets: alpha the SSL weight
// decay only, decay all three of alpha, beta and gamma.
func modelFlags[T any](f *fieldFlags[T], field func(*T) *sim.Point) {
	f.Int("d", "10", "input dimension, >= 2", func(t *T) *int { return &field(t).D })
	f.Int("n", "d^2", "number of training points, >= 1", func(t *T) *int { return &field(t).N })
	f.Float("tau", "7", "hidden-feature strength, >= 0", func(t *T) *float64 { return &field(t).Tau })
	f.Float("rho", "d^-1.5", "noise scale (data and augmentation), >= 0", func(t *T) *float64 { return &field(t).Rho })
	f.Text("noise", "isotropic", `data noise: "isotropic" or "shared-scalar" (the reference code's quirk)`, func(t *T) encoding.TextUnmarshaler { return &field(t).Noise })
	f.Float("alpha", "1/800", "SSL weight decay, >= 0", func(t *T) *float64 { return &field(t).Alpha })
	f.Float("beta", "1/800", "SL weight decay on W, >= 0", func(t *T) *float64 { return &field(t).Beta })
	f.Float("gamma", "1/800", "SL weight decay on F, >= 0", func(t *T) *float64 { return &field(t).Gamma })
	decay := func(s string) (float64, error) {
		x, err := strconv.ParseFloat(s, 64)
		if err == nil && !(x >= 0 && !math.IsInf(x, 1)) {
			err = &sim.ParamError{Param: "decay", Value: s, Allowed: "a finite number >= 0"}
		}
		return x, err
	}
	f.add("decay", "", "set alpha = beta = gamma to this (the phase axis decay), >= 0; not with --alpha, --beta or --gamma",
		func(s string) error { _, err := decay(s); return err },
		func(t *T, s string) error {
			x, err := decay(s)
			m := field(t)
			m.Alpha, m.Beta, m.Gamma = x, x, x
			return err
		})
	f.Exclusive("decay", "alpha", "beta", "gamma")
	f.Float("eta", "0.001", "step size, > 0", func(t *T) *float64 { return &field(t).Eta })
	f.Int("quad-nodes", "0", fmt.Sprintf("Gauss-Hermite nodes (0: %d for train, chosen from the noise scale for check; else 2..%d)", sim.DefaultQuadNodes, sim.MaxQuadNodes), func(t *T) *int { return &field(t).QuadNodes })
}

// configPoint is the model point of a training configuration.
func configPoint(c *sim.Config) *sim.Point { return &c.Point }

// seedFlag registers --seed (train and check; reproduce runs seeds
// 1..--seeds and has none).
func seedFlag[T any](f *fieldFlags[T], field func(*T) *sim.Point) {
	f.Uint64("seed", "1", "seed of the dataset, initial point and views", func(t *T) *uint64 { return &field(t).Seed })
}

// trainFlags are the flags that set a sim.Config. Precedence, lowest
// first: the paper's defaults at the chosen model and d (n = d^2,
// rho = d^-1.5), then the --config file, then the flags given on the
// command line. Defaults follow d: `--d 20` alone means n = 400 and
// rho = 20^-1.5.
type trainFlags struct {
	*fieldFlags[sim.Config]
	config string
}

func newTrainFlags(fs *flag.FlagSet) *trainFlags {
	f := &trainFlags{fieldFlags: newFieldFlags[sim.Config](fs)}
	fs.StringVar(&f.config, "config", "", "JSON config file (format nlssl/config); flags override its keys")
	f.Text("model", "ssl", `model: "ssl" or "sl"`, func(c *sim.Config) encoding.TextUnmarshaler { return &c.Model })
	f.Text("fidelity", "stochastic", `SSL objective: "stochastic" (reference algorithm), "expected" or "population" (deterministic ascent)`, func(c *sim.Config) encoding.TextUnmarshaler { return &c.Fidelity })
	f.Text("init", "near (SSL), sl (SL)", `initialisation: "near" or "signs" for SSL, "sl" for SL`, func(c *sim.Config) encoding.TextUnmarshaler { return &c.Init })
	modelFlags(f.fieldFlags, configPoint)
	seedFlag(f.fieldFlags, configPoint)
	f.Int("steps", "4000 (SSL), 8000 (SL)", "step budget, >= 1", func(c *sim.Config) *int { return &c.Steps })
	f.Int("record-every", "1", "keep every k-th iterate in the trajectory (0: first and last only)", func(c *sim.Config) *int { return &c.RecordEvery })
	f.Float("grad-tol", "0", "stop once the gradient norm is <= this (0: never)", func(c *sim.Config) *float64 { return &c.GradTol })
	f.Float("max-abs", "0", fmt.Sprintf("divergence bound on |weight| (0: %g)", sim.DefaultMaxAbs), func(c *sim.Config) *float64 { return &c.MaxAbs })
	return f
}

// resolve builds the configuration. data, when not nil, fixes d and n.
func (f *trainFlags) resolve(data *sim.Dataset) (sim.Config, error) {
	var file []byte
	var peek struct {
		Model *sim.Model `json:"model"`
		D     *int       `json:"d"`
	}
	if f.config != "" {
		var err error
		if file, err = os.ReadFile(f.config); err != nil {
			return sim.Config{}, fmt.Errorf("--config: %w", err)
		}
		if err := json.Unmarshal(file, &peek); err != nil {
			return sim.Config{}, fmt.Errorf("--config %s: malformed JSON: %w", f.config, err)
		}
	}
	// Model and d choose the defaults: flag, else config file, else ssl and 10.
	var flagged sim.Config
	if err := f.Apply(&flagged); err != nil {
		return sim.Config{}, err
	}
	model, d := sim.SSL, 10
	if peek.Model != nil {
		model = *peek.Model
	}
	if f.Set("model") {
		model = flagged.Model
	}
	if peek.D != nil {
		d = *peek.D
	}
	if f.Set("d") {
		d = flagged.D
	}
	if data != nil {
		if f.Set("d") && flagged.D != data.D {
			return sim.Config{}, fmt.Errorf("--d %d disagrees with the dataset (d = %d); omit --d when --data is given", flagged.D, data.D)
		}
		if f.Set("n") && flagged.N != data.N {
			return sim.Config{}, fmt.Errorf("--n %d disagrees with the dataset (n = %d); omit --n when --data is given", flagged.N, data.N)
		}
		d = data.D
	}
	if d < 2 {
		return sim.Config{}, &sim.ParamError{Param: "d", Value: strconv.Itoa(d), Allowed: "an integer >= 2"}
	}
	c := sim.DefaultConfig(model, d)
	if data != nil {
		c.N = data.N
	}
	if file != nil {
		var err error
		if c, err = sim.ReadConfig(bytes.NewReader(file), c); err != nil {
			return sim.Config{}, fmt.Errorf("--config %s: %w", f.config, err)
		}
	}
	if err := f.Apply(&c); err != nil {
		return sim.Config{}, err
	}
	return c, c.Validate()
}
