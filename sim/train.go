package sim

import (
	"fmt"
	"math"
)

// DefaultMaxAbs is the default divergence bound: an iterate with an entry
// beyond it in absolute value ends the run with status Exploded. Every
// converging run of this model stays within |entry| <~ 1e2, and sigma is
// saturated to rounding long before 1e6.
const DefaultMaxAbs = 1e6

// A Stepper is one training algorithm: it proposes the update from an
// iterate. Train owns the loop, the records, the stopping rules and the
// divergence checks; a Stepper only computes.
type Stepper interface {
	// Dim is the length of the iterate.
	Dim() int
	// Step stores in delta the update taking x to the next iterate with step
	// size eta, and returns the objective value at x and the norm of the
	// gradient the update follows. x is not modified.
	Step(delta, x []float64, eta float64) (value, gradNorm float64)
}

// gradStepper is a Stepper whose update does not need the objective's
// value: Train then asks for the value only at the iterates it records,
// which saves the SL loss's logarithms on long runs that keep only their
// ends. ValueAt(x) must equal the value Step(_, x, _) returns, bit for bit.
type gradStepper interface {
	Stepper
	StepGrad(delta, x []float64, eta float64) (gradNorm float64)
	ValueAt(x []float64) float64
}

// Settings controls Train. A zero field means its documented default,
// except Eta and Steps, which must be set.
type Settings struct {
	Eta         float64 // step size, finite and > 0
	Steps       int     // step budget, >= 1
	GradTol     float64 // stop once the gradient norm is <= GradTol; 0 never stops early
	RecordEvery int     // keep every RecordEvery-th iterate (and the last); 0 keeps the first and last
	MaxAbs      float64 // divergence bound on |entry|; 0 means DefaultMaxAbs
	// Progress, when not nil, is called after every update with the number
	// of updates done and the budget. It must be cheap.
	Progress func(done, total int)
}

// Validate returns a *ParamError for the first setting out of range.
func (s *Settings) Validate() error {
	if err := checkPositive("eta", s.Eta); err != nil {
		return err
	}
	if err := checkIntAtLeast("steps", s.Steps, 1); err != nil {
		return err
	}
	if err := checkNonNegative("grad-tol", s.GradTol); err != nil {
		return err
	}
	if err := checkIntAtLeast("record-every", s.RecordEvery, 0); err != nil {
		return err
	}
	if err := checkNonNegative("max-abs", s.MaxAbs); err != nil {
		return err
	}
	return nil
}

// Trajectory holds the recorded iterates of a run: Step[i] is the number of
// updates applied before iterate i, whose entries are State(i).
type Trajectory struct {
	Dim      int
	Step     []int
	States   []float64 // len(Step) * Dim, iterate after iterate
	Value    []float64 // objective at the iterate (stochastic: on that step's views)
	GradNorm []float64 // norm of the gradient followed from the iterate
}

// Len returns the number of recorded iterates.
func (t *Trajectory) Len() int { return len(t.Step) }

// State returns recorded iterate i (a view, not a copy).
func (t *Trajectory) State(i int) []float64 { return t.States[i*t.Dim : (i+1)*t.Dim] }

func (t *Trajectory) add(step int, x []float64, value, gradNorm float64) {
	t.Step = append(t.Step, step)
	t.States = append(t.States, x...)
	t.Value = append(t.Value, value)
	t.GradNorm = append(t.GradNorm, gradNorm)
}

// Result is the outcome of Train.
type Result struct {
	Status     Status
	Steps      int       // updates applied
	X          []float64 // final iterate: the last finite one if the run diverged
	Value      float64   // objective at X
	GradNorm   float64   // gradient norm at X
	Trajectory Trajectory
}

// Train runs st from x0 under s. It never returns NaNs: when an update
// would leave the finite range or the bound MaxAbs, the run stops with
// status NonFinite or Exploded, Result.X is the last good iterate, and the
// error is a *DivergenceError naming the step. x0 is not modified.
func Train(st Stepper, x0 []float64, s Settings) (*Result, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	dim := st.Dim()
	if len(x0) != dim {
		return nil, paramErr("initial point", fmt.Sprintf("%d entries", len(x0)), fmt.Sprintf("%d entries", dim))
	}
	if err := checkFinite("initial point", x0); err != nil {
		return nil, err
	}
	maxAbs := s.MaxAbs
	if maxAbs == 0 {
		maxAbs = DefaultMaxAbs
	}
	if worst := maxAbsEntry(x0); worst > maxAbs {
		return nil, paramErr("initial point", fmt.Sprintf("an entry of size %g", worst), fmt.Sprintf("entries within max-abs = %g", maxAbs))
	}
	nRec := 2
	if s.RecordEvery > 0 {
		nRec = s.Steps/s.RecordEvery + 2
	}
	res := &Result{Trajectory: Trajectory{
		Dim:      dim,
		Step:     make([]int, 0, nRec),
		States:   make([]float64, 0, nRec*dim),
		Value:    make([]float64, 0, nRec),
		GradNorm: make([]float64, 0, nRec),
	}}
	x := append([]float64(nil), x0...)
	next := make([]float64, dim)
	delta := make([]float64, dim)
	var err error
	// Lazy values only pay when most iterates go unrecorded.
	gs, lazy := st.(gradStepper)
	lazy = lazy && s.RecordEvery != 1
	t := 0
	for ; ; t++ {
		var value, gnorm float64
		if lazy {
			gnorm = gs.StepGrad(delta, x, s.Eta)
		} else {
			value, gnorm = st.Step(delta, x, s.Eta)
		}
		stop := t == s.Steps || (s.GradTol > 0 && gnorm <= s.GradTol)
		recorded := stop || t == 0 || (s.RecordEvery > 0 && t%s.RecordEvery == 0)
		if lazy && recorded {
			value = gs.ValueAt(x)
		}
		res.Value, res.GradNorm = value, gnorm
		if recorded {
			res.Trajectory.add(t, x, value, gnorm)
		}
		if stop {
			res.Status = StepLimit
			if t < s.Steps {
				res.Status = GradientThreshold
			}
			break
		}
		worst := 0.0 // largest |entry| of the next iterate; NaN is sticky
		for j, v := range x {
			next[j] = v + delta[j]
			if a := math.Abs(next[j]); a > worst || math.IsNaN(a) {
				worst = a
			}
		}
		if !(worst <= maxAbs) {
			res.Status = Exploded
			if !isFinite(worst) {
				res.Status = NonFinite
			}
			if !recorded {
				if lazy {
					value = gs.ValueAt(x)
					res.Value = value
				}
				res.Trajectory.add(t, x, value, gnorm)
			}
			err = &DivergenceError{Status: res.Status, Step: t + 1, Eta: s.Eta, Worst: worst, MaxAbs: maxAbs}
			break
		}
		x, next = next, x
		if s.Progress != nil {
			s.Progress(t+1, s.Steps)
		}
	}
	res.Steps = t
	res.X = x
	return res, err
}

func maxAbsEntry(x []float64) float64 {
	var m float64
	for _, v := range x {
		m = max(m, math.Abs(v))
	}
	return m
}
