package sim

import "fmt"

// Status says why a training run stopped. Its String, Early and Err come
// from one table, as in gonum's optimize.Status.
type Status int

const (
	// NotTerminated: the run has not stopped (never the status of a result).
	NotTerminated Status = iota
	// StepLimit: the step budget was spent.
	StepLimit
	// GradientThreshold: the gradient norm fell to the tolerance.
	GradientThreshold
	// NonFinite: an update produced NaN or Inf; the result holds the last
	// finite iterate.
	NonFinite
	// Exploded: an entry of an iterate exceeded the divergence bound MaxAbs;
	// the result holds the last iterate within it.
	Exploded
)

var statusTable = [...]struct {
	name  string
	early bool // stopped before the budget was spent
	err   bool // the run failed
}{
	NotTerminated:     {"not-terminated", false, false},
	StepLimit:         {"step-limit", false, false},
	GradientThreshold: {"gradient-threshold", true, false},
	NonFinite:         {"non-finite", true, true},
	Exploded:          {"exploded", true, true},
}

func (s Status) valid() bool { return s >= 0 && int(s) < len(statusTable) }

func (s Status) String() string {
	if !s.valid() {
		return fmt.Sprintf("Status(%d)", int(s))
	}
	return statusTable[s].name
}

// Early reports whether the run stopped before its step budget was spent.
func (s Status) Early() bool { return s.valid() && statusTable[s].early }

// Failed reports whether the status is a failure (divergence).
func (s Status) Failed() bool { return !s.valid() || statusTable[s].err }

// ParseStatus is the inverse of String.
func ParseStatus(name string) (Status, error) {
	for i, e := range statusTable {
		if e.name == name {
			return Status(i), nil
		}
	}
	return 0, paramErr("status", fmt.Sprintf("%q", name), "one of not-terminated, step-limit, gradient-threshold, non-finite, exploded")
}

// MarshalText implements encoding.TextMarshaler.
func (s Status) MarshalText() ([]byte, error) {
	if !s.valid() {
		return nil, paramErr("status", int(s), "a known status")
	}
	return []byte(s.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler.
func (s *Status) UnmarshalText(b []byte) error {
	v, err := ParseStatus(string(b))
	*s = v
	return err
}

// DivergenceError is returned with a result whose status is NonFinite or
// Exploded: the step size (or the problem) made the iterates run away, or
// a number of the objective overflowed.
type DivergenceError struct {
	Status Status
	// Step is the update during which the bad number appeared: the update
	// that would have produced the bad iterate, or that computed a
	// non-finite value or gradient norm from iterate Step-1.
	Step int
	// Quantity names the bad number as the run JSON does: "value",
	// "grad_norm" or "state[j]"; Value is it.
	Quantity string
	Value    float64
	Eta      float64 // the step size in use
	Worst    float64 // |Value|: the offending size (NaN, Inf or beyond MaxAbs)
	MaxAbs   float64
	// Cause says which parameter made the number overflow (Run fills it in
	// from the configuration, see divergenceCause); empty when unknown.
	Cause string
}

func (e *DivergenceError) Error() string {
	if e.Status == NonFinite {
		cause := e.Cause
		if cause == "" {
			cause = fmt.Sprintf("the run left the floating-point range (eta = %g); reduce eta or the sizes of the parameters", e.Eta)
		}
		return fmt.Sprintf("%s = %v at step %d: %s", e.Quantity, Number(e.Value).text(), e.Step, cause)
	}
	return fmt.Sprintf("eta = %g diverged at step %d (%s: an entry became %g, allowed |entry| <= %g): allowed eta is a step size that keeps the iterates bounded; reduce eta",
		e.Eta, e.Step, e.Status, e.Worst, e.MaxAbs)
}
