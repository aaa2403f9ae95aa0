package sim

import "fmt"

// RunRecord is the complete record of one training run: the configuration
// it ran under, why it stopped, the final state with its metrics, and the
// recorded trajectory. It is what `nlssl train` writes as JSON.
type RunRecord struct {
	Config     Config
	Status     Status
	Steps      int    // updates applied
	Err        string // the run's error (divergence), empty if none
	Final      FinalState
	Trajectory Trajectory // iterates: W (2d entries), then F for SL
}

// FinalState is the last iterate of a run and its evidence.
type FinalState struct {
	W        []float64 // 2 x d, row-major
	F        []float64 // SL only
	Value    float64   // objective (SSL) or loss (SL) at the final iterate
	GradNorm float64   // gradient norm at the final iterate
	Features Features
}

// Run performs one training run. data and init may be nil: the dataset is
// then sampled from the configuration's distribution and seed, and the
// initial point drawn by Initialise. Given, they must match c.D (and c.N for
// data). The population fidelity uses no dataset. progress, when not nil, is
// called after every update.
//
// A run that diverges returns its record (status NonFinite or Exploded, the
// last finite iterate) together with a *DivergenceError; for NonFinite the
// error names the number that overflowed, its step, and the parameter that
// made it overflow (divergenceCause).
func Run(c Config, data *Dataset, init *InitialPoint, progress func(done, total int)) (*RunRecord, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	needData := c.Model == SL || c.Fidelity != Population
	if data == nil && needData {
		var err error
		if data, err = c.Distribution().Sample(c.N, c.Seed); err != nil {
			return nil, err
		}
	}
	if data != nil {
		if err := data.Validate(); err != nil {
			return nil, err
		}
		if data.D != c.D || data.N != c.N {
			return nil, paramErr("dataset", fmt.Sprintf("d = %d, n = %d", data.D, data.N), fmt.Sprintf("d = %d, n = %d as configured", c.D, c.N))
		}
	}
	if init == nil {
		var err error
		if init, err = Initialise(c.Init, c.D, c.Tau, c.Seed); err != nil {
			return nil, err
		}
	}
	if err := init.Validate(c.Model == SL); err != nil {
		return nil, err
	}
	if init.D != c.D {
		return nil, paramErr("initial point", fmt.Sprintf("d = %d", init.D), fmt.Sprintf("d = %d as configured", c.D))
	}
	st, err := c.stepper(data)
	if err != nil {
		return nil, err
	}
	s := c.Settings()
	s.Progress = progress
	res, runErr := Train(st, init.State(), s)
	if res == nil {
		return nil, runErr
	}
	rec := &RunRecord{Config: c, Status: res.Status, Steps: res.Steps, Trajectory: res.Trajectory}
	if de, ok := runErr.(*DivergenceError); ok && de.Status == NonFinite {
		de.Cause = c.divergenceCause(data, res.X)
	}
	if runErr != nil {
		rec.Err = runErr.Error()
	}
	d2 := 2 * c.D
	rec.Final = FinalState{
		W: res.X[:d2], Value: res.Value, GradNorm: res.GradNorm,
		Features: MeasureFeatures(res.X, c.D),
	}
	if c.Model == SL {
		rec.Final.F = res.X[d2:]
	}
	return rec, runErr
}

// stepper builds the training algorithm the configuration names.
func (c *Config) stepper(data *Dataset) (Stepper, error) {
	if c.Model == SL {
		obj, err := NewSLObjective(data, c.Beta, c.Gamma)
		if err != nil {
			return nil, err
		}
		return NewSLDescent(obj), nil
	}
	switch c.Fidelity {
	case Expected:
		obj, err := NewExpectedObjective(data, c.Rho, c.Alpha, c.QuadNodes)
		if err != nil {
			return nil, err
		}
		return Ascent{Obj: obj}, nil
	case Population:
		obj, err := NewPopulationObjective(c.Distribution(), c.N, c.Alpha, c.QuadNodes)
		if err != nil {
			return nil, err
		}
		return Ascent{Obj: obj}, nil
	}
	return NewStochasticSSL(data, c.Rho, c.Alpha, c.Seed)
}
