package sim

import (
	"fmt"

	"github.com/nlssl/nlssl/internal/enum"
)

// Model names the network being trained.
type Model int

const (
	SSL Model = iota // the self-supervised model of THEORY section 4 (maximise L)
	SL               // the supervised model of THEORY section 5 (minimise the loss)
)

var modelNames = enum.New[Model]("Model", []string{SSL: "ssl", SL: "sl"}...)

func (m Model) String() string { return modelNames.String(m) }

// ParseModel parses "ssl" or "sl".
func ParseModel(s string) (Model, error) {
	if v, ok := modelNames.Parse(s); ok {
		return v, nil
	}
	return 0, paramErr("model", fmt.Sprintf("%q", s), `"ssl" or "sl"`)
}

// MarshalText implements encoding.TextMarshaler.
func (m Model) MarshalText() ([]byte, error) {
	if !modelNames.Valid(m) {
		return nil, paramErr("model", int(m), `"ssl" or "sl"`)
	}
	return []byte(m.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler.
func (m *Model) UnmarshalText(b []byte) error {
	v, err := ParseModel(string(b))
	*m = v
	return err
}

// Fidelity names one of the three SSL objectives of THEORY section 4.
type Fidelity int

const (
	Stochastic Fidelity = iota // fresh views each step: the reference algorithm
	Expected                   // expected over augmentations, fixed data: deterministic ascent
	Population                 // expected over data and augmentations: deterministic ascent
)

var fidelityNames = enum.New[Fidelity]("Fidelity", []string{Stochastic: "stochastic", Expected: "expected", Population: "population"}...)

func (f Fidelity) String() string { return fidelityNames.String(f) }

// ParseFidelity parses "stochastic", "expected" or "population".
func ParseFidelity(s string) (Fidelity, error) {
	if v, ok := fidelityNames.Parse(s); ok {
		return v, nil
	}
	return 0, paramErr("fidelity", fmt.Sprintf("%q", s), `"stochastic", "expected" or "population"`)
}

// MarshalText implements encoding.TextMarshaler.
func (f Fidelity) MarshalText() ([]byte, error) {
	if !fidelityNames.Valid(f) {
		return nil, paramErr("fidelity", int(f), `"stochastic", "expected" or "population"`)
	}
	return []byte(f.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler.
func (f *Fidelity) UnmarshalText(b []byte) error {
	v, err := ParseFidelity(string(b))
	*f = v
	return err
}

// Config is everything that defines one training run. Its JSON keys are
// the CLI's flag names with '-' written '_'.
type Config struct {
	Model    Model    `json:"model"`
	Fidelity Fidelity `json:"fidelity"` // SSL only; SL must keep "stochastic"
	Point
	Steps       int      `json:"steps"`
	RecordEvery int      `json:"record_every"`
	GradTol     float64  `json:"grad_tol"`
	MaxAbs      float64  `json:"max_abs"`
	Init        InitKind `json:"init"`
}

// PaperConfig returns the reference experiment's settings (THEORY sections
// 1 and 7) for one model: d = 10, n = d^2, rho = d^-1.5, tau = 7,
// alpha = beta = gamma = 1/800, eta = 0.001, T = 4000 (SSL, init near) or
// 8000 (SL), every step recorded, seed 1.
func PaperConfig(m Model) Config {
	return DefaultConfig(m, 10)
}

// DefaultConfig returns the paper's scaling at dimension d: n = d^2,
// rho = d^-1.5, the other settings as in PaperConfig.
func DefaultConfig(m Model, d int) Config {
	c := Config{
		Model: m, Fidelity: Stochastic, Point: DefaultPoint(d),
		Steps: 4000, RecordEvery: 1, Init: InitNear,
	}
	if m == SL {
		c.Steps, c.Init = 8000, InitSL
	}
	return c
}

// Dim is the length of the iterate: W (2d), then F for SL (2 more).
func (c *Config) Dim() int {
	if c.Model == SL {
		return 2*c.D + 2
	}
	return 2 * c.D
}

// Settings returns the trainer settings of the configuration.
func (c *Config) Settings() Settings {
	return Settings{Eta: c.Eta, Steps: c.Steps, GradTol: c.GradTol, RecordEvery: c.RecordEvery, MaxAbs: c.MaxAbs}
}

// Validate returns a *ParamError for the first field out of range.
func (c *Config) Validate() error {
	if _, err := c.Model.MarshalText(); err != nil {
		return err
	}
	if _, err := c.Fidelity.MarshalText(); err != nil {
		return err
	}
	// The point's checks around the trainer's, in the order the errors
	// have always been reported (eta is the trainer settings' first).
	if err := c.validateModel(); err != nil {
		return err
	}
	st := c.Settings()
	if err := st.Validate(); err != nil {
		return err
	}
	if err := c.validateQuad(); err != nil {
		return err
	}
	switch {
	case c.Model == SL && c.Fidelity != Stochastic:
		return paramErr("fidelity", c.Fidelity, `"stochastic" for model sl (the SL model has no augmentation average)`)
	case c.Model == SL && c.Init != InitSL:
		return paramErr("init", c.Init, `"sl" for model sl`)
	case c.Model == SSL && c.Init == InitSL:
		return paramErr("init", c.Init, `"near" or "signs" for model ssl`)
	case c.Init == InitNear && c.Tau <= 0:
		return paramErr("tau", c.Tau, "tau > 0 with init near (it sets w^(2) ~ U(8.5, 9)/tau)")
	}
	if _, err := c.Init.MarshalText(); err != nil {
		return err
	}
	return nil
}
