package theory

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/nlssl/nlssl/internal/enum"
	"github.com/nlssl/nlssl/sim"
)

// Outcome is the result of checking one claim at one parameter point.
type Outcome int

const (
	// Holds: the hypotheses are met and the claim's conclusion was verified.
	Holds Outcome = iota
	// Fails: the hypotheses are met and the conclusion is false: a
	// counterexample to the claim as stated.
	Fails
	// OutsideHypotheses: the point does not satisfy the claim's hypotheses,
	// so the claim says nothing there (never reported as a pass or a failure).
	OutsideHypotheses
	// Undecided: the hypotheses are met but the check could not decide (a
	// certificate too weak to prove or refute, a budget spent); the reason
	// says why.
	Undecided
)

var outcomeNames = enum.New[Outcome]("Outcome", []string{Holds: "holds", Fails: "fails", OutsideHypotheses: "outside-hypotheses", Undecided: "undecided"}...)

func (o Outcome) String() string { return outcomeNames.String(o) }

// MarshalText implements encoding.TextMarshaler.
func (o Outcome) MarshalText() ([]byte, error) { return []byte(o.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (o *Outcome) UnmarshalText(b []byte) error {
	if v, ok := outcomeNames.Parse(string(b)); ok {
		*o = v
		return nil
	}
	return fmt.Errorf("outcome %q is invalid: allowed holds, fails, outside-hypotheses, undecided", b)
}

// Evidence is one named number a verdict rests on. A yes/no piece of
// evidence (a proof found, a clause met) is Boolean: its Value is 1 for
// true and 0 for false, so that phase maps and Get read it as a number,
// and its JSON value is true or false.
type Evidence struct {
	Name    string  `json:"name"`
	Value   float64 `json:"value"`
	Meaning string  `json:"meaning"`
	Boolean bool    `json:"-"`
}

// Bool returns a Boolean piece of evidence's truth value.
func (e Evidence) Bool() bool { return e.Value != 0 }

// Number is sim.Number: a float64 whose JSON form may be non-finite
// ("NaN", "+Inf", "-Inf"), one type for every document of the module.
type Number = sim.Number

type evidenceJSON struct {
	Name    string          `json:"name"`
	Value   json.RawMessage `json:"value"`
	Meaning string          `json:"meaning"`
}

// MarshalJSON implements json.Marshaler (a non-finite value as a string, a
// Boolean one as true or false).
func (e Evidence) MarshalJSON() ([]byte, error) {
	var v any = Number(e.Value)
	if e.Boolean {
		v = e.Bool()
	}
	val, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return json.Marshal(evidenceJSON{e.Name, val, e.Meaning})
}

// UnmarshalJSON implements json.Unmarshaler.
func (e *Evidence) UnmarshalJSON(b []byte) error {
	var j evidenceJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return fmt.Errorf("evidence: %w", err)
	}
	if len(j.Value) == 0 {
		return fmt.Errorf("evidence %q: no value (allowed: a number, \"NaN\", \"+Inf\", \"-Inf\", true or false)", j.Name)
	}
	var flag bool
	if json.Unmarshal(j.Value, &flag) == nil {
		*e = Evidence{Name: j.Name, Meaning: j.Meaning, Boolean: true}
		if flag {
			e.Value = 1
		}
		return nil
	}
	var x Number
	if err := json.Unmarshal(j.Value, &x); err != nil {
		return fmt.Errorf("evidence %q: %w", j.Name, err)
	}
	*e = Evidence{Name: j.Name, Value: float64(x), Meaning: j.Meaning}
	return nil
}

// Verdict is the result of checking one claim: whether its hypotheses are
// met, whether it holds, the numbers it rests on, and a one-line reason.
type Verdict struct {
	Claim      string  `json:"claim"` // "C1" .. "C6"
	Title      string  `json:"title"`
	Hypotheses bool    `json:"hypotheses_met"`
	Outcome    Outcome `json:"outcome"`
	Certified  bool    `json:"certified"` // proved by a bound, not sampled or estimated
	Reason     string  `json:"reason"`
	// Correction is set when the claim as THEORY.md states it fails at this
	// point and the verdict applies the documented correction of the claim
	// (README, "Findings"): it says what fails as stated, and why.
	Correction string     `json:"correction,omitempty"`
	Evidence   []Evidence `json:"evidence"`

	mechanism Mechanism // why it does not hold (Mechanism); not in the JSON
	out       bool      // outside was called: decide then records the conclusion only
}

// add appends a piece of evidence.
func (v *Verdict) add(name string, value float64, meaning string) {
	v.Evidence = append(v.Evidence, Evidence{Name: name, Value: value, Meaning: meaning})
}

// flag appends a Boolean piece of evidence.
func (v *Verdict) flag(name string, b bool, meaning string) {
	e := Evidence{Name: name, Meaning: meaning, Boolean: true}
	if b {
		e.Value = 1
	}
	v.Evidence = append(v.Evidence, e)
}

// Get returns the value of the named evidence (1 or 0 for a Boolean one)
// and whether it exists.
func (v *Verdict) Get(name string) (float64, bool) {
	for _, e := range v.Evidence {
		if e.Name == name {
			return e.Value, true
		}
	}
	return 0, false
}

// outside marks the verdict as outside the hypotheses: m is the unmet
// hypothesis, the reason says it with the numbers. A later outside (under
// Params.CheckOutside) replaces both.
func (v *Verdict) outside(m Mechanism, format string, args ...any) {
	v.Hypotheses = false
	v.Outcome = OutsideHypotheses
	v.Reason = fmt.Sprintf(format, args...)
	v.mechanism = m
	v.out = true
}

// decide sets the outcome from ok, with a reason for each case and m, the
// failure's mechanism (unused when ok). After outside
// (Params.CheckOutside), it only records what the conclusion does at the
// point: the outcome and the mechanism stay outside's.
func (v *Verdict) decide(ok bool, holds string, m Mechanism, fails string) {
	if v.out {
		v.flag("conclusion_holds", ok, "whether the conclusion holds outside the hypotheses (check_outside)")
		if ok {
			v.Reason += "; the conclusion holds there: " + holds
		} else {
			v.Reason += "; the conclusion fails there: " + fails
		}
		return
	}
	v.Hypotheses = true
	if ok {
		v.Outcome, v.Reason, v.mechanism = Holds, holds, NoMechanism
	} else {
		v.Outcome, v.Reason, v.mechanism = Fails, fails, m
	}
}

// undecided marks a verdict whose hypotheses are met but whose check could
// not decide, by mechanism m (after outside it only adds the reason).
func (v *Verdict) undecided(m Mechanism, reason string) {
	if v.out {
		v.Reason += "; undecided there: " + reason
		return
	}
	v.Hypotheses = true
	v.Outcome, v.Reason, v.mechanism = Undecided, reason, m
}

// ConclusionHolds reports, for a verdict outside its hypotheses checked
// with Params.CheckOutside, whether the conclusion held there.
func (v *Verdict) ConclusionHolds() (holds, checked bool) {
	x, ok := v.Get("conclusion_holds")
	return x == 1, ok
}

// String is a one-line summary: "C3 holds: reason".
func (v Verdict) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: %s", v.Claim, v.Outcome, v.Reason)
	return b.String()
}

// FailedInsideHypotheses reports whether any verdict is a counterexample.
func FailedInsideHypotheses(vs []Verdict) bool {
	for _, v := range vs {
		if v.Hypotheses && v.Outcome == Fails {
			return true
		}
	}
	return false
}
