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
	if err := CheckRecorded(s.Steps, s.RecordEvery, dim); err != nil {
		return nil, err
	}
	nRec := recordCount(s.Steps, s.RecordEvery) // <= MaxRecordedBytes / recordBytes(dim)
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
		// A non-finite value or gradient at a finite iterate: the objective
		// overflowed there (in lazy mode the value is known only where it
		// is recorded).
		if q, v, bad := firstNonFinite(value, gnorm, !lazy || recorded); bad {
			res.Status = NonFinite
			if !recorded {
				res.Trajectory.add(t, x, value, gnorm)
			}
			err = &DivergenceError{Status: NonFinite, Step: t + 1, Quantity: q, Value: v, Eta: s.Eta, Worst: math.Abs(v), MaxAbs: maxAbs}
			break
		}
		if stop {
			res.Status = StepLimit
			if t < s.Steps {
				res.Status = GradientThreshold
			}
			break
		}
		worst, at := 0.0, 0 // largest |entry| of the next iterate and where; NaN is sticky
		for j, v := range x {
			next[j] = v + delta[j]
			if a := math.Abs(next[j]); a > worst || math.IsNaN(a) && !math.IsNaN(worst) {
				worst, at = a, j
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
			err = &DivergenceError{Status: res.Status, Step: t + 1, Quantity: fmt.Sprintf("state[%d]", at), Value: next[at], Eta: s.Eta, Worst: worst, MaxAbs: maxAbs}
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

// firstNonFinite names the first of the value (when known) and the
// gradient norm that is not finite.
func firstNonFinite(value, gradNorm float64, valueKnown bool) (quantity string, v float64, bad bool) {
	switch {
	case valueKnown && !isFinite(value):
		return "value", value, true
	case !isFinite(gradNorm):
		return "grad_norm", gradNorm, true
	}
	return "", 0, false
}

// MaxRecordedBytes bounds the memory of the trajectory one run records (its
// steps, states, values and gradient norms): Train refuses settings that
// would record more, before allocating anything.
const MaxRecordedBytes = 1 << 30

// recordBytes is the memory of one recorded iterate of dim numbers: its
// step, its state, its value and its gradient norm.
func recordBytes(dim int) float64 { return 8 * (float64(dim) + 3) }

// recordCount bounds the iterates a run of steps recording every
// recordEvery-th iterate keeps: the first, every recordEvery-th, the last.
func recordCount(steps, recordEvery int) int {
	if recordEvery <= 0 {
		return 2
	}
	return steps/recordEvery + 2
}

// RecordedBytes returns the memory, in bytes, of the trajectory a run of
// steps updates keeps with iterates of dim numbers when it records every
// recordEvery-th iterate (0: the first and the last only). It is computed
// in floating point after the division, so it does not overflow for any
// int arguments.
func RecordedBytes(steps, recordEvery, dim int) float64 {
	records := 2.0
	if recordEvery > 0 {
		records = float64(steps/recordEvery) + 2 // the division in integers: exact
	}
	return records * recordBytes(dim)
}

// MaxRecordedSteps returns the largest step budget whose recorded
// trajectory fits in limit bytes (math.MaxInt when every budget does).
func MaxRecordedSteps(recordEvery, dim int, limit float64) int {
	if recordEvery <= 0 || RecordedBytes(math.MaxInt, recordEvery, dim) <= limit {
		return math.MaxInt
	}
	// floor(steps/every) + 2 <= maxRec, so steps <= (maxRec - 1) every - 1,
	// in integers (maxRec < 2^62 here, since a budget of MaxInt did not fit).
	maxRec := int(math.Floor(limit / recordBytes(dim)))
	if maxRec < 3 {
		return 0
	}
	if maxRec-1 > math.MaxInt/recordEvery {
		return math.MaxInt
	}
	return (maxRec-1)*recordEvery - 1
}

// CheckRecorded refuses a budget whose recorded trajectory would exceed
// MaxRecordedBytes, naming steps, the memory it would need and the allowed
// range (Train calls it before allocating; `nlssl train` before running).
func CheckRecorded(steps, recordEvery, dim int) error {
	need := RecordedBytes(steps, recordEvery, dim)
	if need <= MaxRecordedBytes {
		return nil
	}
	return paramErr("steps", steps, fmt.Sprintf("an integer in [1, %d] with record-every = %d and %d numbers per iterate: the recorded trajectory would need %s, more than the %s a run may record; raise record-every (0 keeps the first and last iterates only)",
		MaxRecordedSteps(recordEvery, dim, MaxRecordedBytes), recordEvery, dim, FormatBytes(need), FormatBytes(MaxRecordedBytes)))
}

func maxAbsEntry(x []float64) float64 {
	var m float64
	for _, v := range x {
		m = max(m, math.Abs(v))
	}
	return m
}
