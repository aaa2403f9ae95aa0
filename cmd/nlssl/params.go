package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"github.com/nlssl/nlssl/sim"
)

// paramFlags are the flags that set a sim.Config, shared by every command
// that trains. Precedence, lowest first: the paper's defaults at the chosen
// model and d (n = d^2, rho = d^-1.5), then the --config file, then the
// flags given on the command line. Defaults follow d: `--d 20` alone means
// n = 400 and rho = 20^-1.5.
type paramFlags struct {
	config                        string
	model, fidelity, noise, init  string
	d, n, steps, every, quadNodes int
	tau, rho, alpha, beta, gamma  float64
	eta, gradTol, maxAbs          float64
	seed                          uint64
}

func (p *paramFlags) register(fs *flag.FlagSet) {
	def := sim.PaperConfig(sim.SSL)
	fs.StringVar(&p.config, "config", "", "JSON config file (format nlssl/config); flags override its keys")
	fs.StringVar(&p.model, "model", "ssl", `model: "ssl" or "sl"`)
	fs.StringVar(&p.fidelity, "fidelity", "stochastic", `SSL objective: "stochastic" (reference algorithm), "expected" or "population" (deterministic ascent)`)
	fs.StringVar(&p.noise, "noise", "isotropic", `data noise: "isotropic" or "shared-scalar" (the reference code's quirk)`)
	fs.StringVar(&p.init, "init", "", `initialisation: "near" (default for SSL) or "signs"; "sl" (default for SL)`)
	fs.IntVar(&p.d, "d", def.D, "input dimension, >= 2")
	// n, rho and steps default to values that depend on d or the model: the
	// registered zero only shows in -h; unset flags are never applied.
	fs.IntVar(&p.n, "n", 0, "number of training points, >= 1 (default d^2)")
	fs.IntVar(&p.steps, "steps", 0, "step budget, >= 1 (default 4000 for SSL, 8000 for SL)")
	fs.IntVar(&p.every, "record-every", def.RecordEvery, "keep every k-th iterate in the trajectory (0: first and last only)")
	fs.IntVar(&p.quadNodes, "quad-nodes", def.QuadNodes, fmt.Sprintf("Gauss-Hermite nodes for the expected and population objectives (0: %d; else 2..%d)", sim.DefaultQuadNodes, sim.MaxQuadNodes))
	fs.Float64Var(&p.tau, "tau", def.Tau, "hidden-feature strength, >= 0")
	fs.Float64Var(&p.rho, "rho", 0, "noise scale (data and augmentation), >= 0 (default d^-1.5)")
	fs.Float64Var(&p.alpha, "alpha", def.Alpha, "SSL weight decay, >= 0")
	fs.Float64Var(&p.beta, "beta", def.Beta, "SL weight decay on W, >= 0")
	fs.Float64Var(&p.gamma, "gamma", def.Gamma, "SL weight decay on F, >= 0")
	fs.Float64Var(&p.eta, "eta", def.Eta, "step size, > 0")
	fs.Float64Var(&p.gradTol, "grad-tol", def.GradTol, "stop once the gradient norm is <= this (0: never)")
	fs.Float64Var(&p.maxAbs, "max-abs", def.MaxAbs, fmt.Sprintf("divergence bound on |weight| (0: %g)", sim.DefaultMaxAbs))
	fs.Uint64Var(&p.seed, "seed", def.Seed, "seed of the dataset, initial point and views")
}

// resolve builds the configuration. data, when not nil, fixes d and n.
func (p *paramFlags) resolve(fs *flag.FlagSet, data *sim.Dataset) (sim.Config, error) {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })

	var file []byte
	var peek struct {
		Model *sim.Model `json:"model"`
		D     *int       `json:"d"`
	}
	if p.config != "" {
		var err error
		if file, err = os.ReadFile(p.config); err != nil {
			return sim.Config{}, fmt.Errorf("--config: %w", err)
		}
		if err := json.Unmarshal(file, &peek); err != nil {
			return sim.Config{}, fmt.Errorf("--config %s: %w", p.config, err)
		}
	}
	model := sim.SSL
	switch {
	case set["model"]:
		m, err := sim.ParseModel(p.model)
		if err != nil {
			return sim.Config{}, err
		}
		model = m
	case peek.Model != nil:
		model = *peek.Model
	}
	d := 10
	switch {
	case data != nil:
		if set["d"] && p.d != data.D {
			return sim.Config{}, fmt.Errorf("--d %d disagrees with the dataset (d = %d); omit --d when --data is given", p.d, data.D)
		}
		if set["n"] && p.n != data.N {
			return sim.Config{}, fmt.Errorf("--n %d disagrees with the dataset (n = %d); omit --n when --data is given", p.n, data.N)
		}
		d = data.D
	case set["d"]:
		d = p.d
	case peek.D != nil:
		d = *peek.D
	}
	if d < 2 {
		return sim.Config{}, &sim.ParamError{Param: "d", Value: fmt.Sprint(d), Allowed: "an integer >= 2"}
	}
	c := sim.DefaultConfig(model, d)
	if data != nil {
		c.N = data.N
	}
	if file != nil {
		var err error
		if c, err = sim.ReadConfig(bytes.NewReader(file), c); err != nil {
			return sim.Config{}, fmt.Errorf("--config %s: %w", p.config, err)
		}
	}
	if err := p.apply(&c, set); err != nil {
		return sim.Config{}, err
	}
	return c, c.Validate()
}

// apply copies the flags given on the command line into c.
func (p *paramFlags) apply(c *sim.Config, set map[string]bool) error {
	var err error
	if set["fidelity"] {
		if c.Fidelity, err = sim.ParseFidelity(p.fidelity); err != nil {
			return err
		}
	}
	if set["noise"] {
		if c.Noise, err = sim.ParseNoise(p.noise); err != nil {
			return err
		}
	}
	if set["init"] {
		if c.Init, err = sim.ParseInitKind(p.init); err != nil {
			return err
		}
	}
	ints := map[string]struct {
		dst *int
		v   int
	}{"n": {&c.N, p.n}, "steps": {&c.Steps, p.steps}, "record-every": {&c.RecordEvery, p.every}, "quad-nodes": {&c.QuadNodes, p.quadNodes}}
	for name, f := range ints {
		if set[name] {
			*f.dst = f.v
		}
	}
	floats := map[string]struct {
		dst *float64
		v   float64
	}{
		"tau": {&c.Tau, p.tau}, "rho": {&c.Rho, p.rho}, "alpha": {&c.Alpha, p.alpha}, "beta": {&c.Beta, p.beta},
		"gamma": {&c.Gamma, p.gamma}, "eta": {&c.Eta, p.eta}, "grad-tol": {&c.GradTol, p.gradTol}, "max-abs": {&c.MaxAbs, p.maxAbs},
	}
	for name, f := range floats {
		if set[name] {
			*f.dst = f.v
		}
	}
	if set["seed"] {
		c.Seed = p.seed
	}
	return nil
}
