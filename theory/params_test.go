package theory

import (
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/nlssl/nlssl/sim"
)

func TestParamsValidate(t *testing.T) {
	for _, c := range []struct {
		param string
		mod   func(*Params)
	}{
		{"d", func(p *Params) { p.D = 1 }},
		{"tau", func(p *Params) { p.Tau = math.NaN() }},
		{"eta", func(p *Params) { p.Eta = 0 }},
		{"steps", func(p *Params) { p.SSLSteps = 0 }},
		{"init", func(p *Params) { p.Init = sim.InitSL }},
		{"w", func(p *Params) { p.W0 = []float64{1, 2} }},
		{"grad-tol", func(p *Params) { p.Tol.GradTol = -1 }},
		{"eps-sl", func(p *Params) { p.Tol.EpsSL = math.Inf(1) }},
		{"probe-test", func(p *Params) { p.Tol.ProbeTest = 3 }},
		{"probe-train", func(p *Params) { p.Tol.ProbeTrain = sim.MaxEntries/p.D - p.Tol.ProbeTest + 1 }},
		{"probe-train", func(p *Params) { p.Tol.ProbeTrain = math.MaxInt }},
		{"decode-margin", func(p *Params) { p.Tol.DecodeMargin = 0.01 }},
	} {
		p := PaperParams()
		c.mod(&p)
		err := p.Validate()
		var pe *sim.ParamError
		if !errors.As(err, &pe) || pe.Param != c.param {
			t.Errorf("%s: error %v, want a ParamError naming %q", c.param, err, c.param)
		}
	}
	p := PaperParams()
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
}

// TestVerdictsJSON: verdicts and parameters survive JSON exactly.
func TestVerdictsJSON(t *testing.T) {
	v := Verdict{Claim: "C3", Title: "t", Hypotheses: true, Outcome: Undecided, Reason: "r", Correction: "c",
		Evidence: []Evidence{{Name: "mu", Value: 0.25, Meaning: "m"}, {Name: "snr", Value: math.Inf(1), Meaning: "s"},
			{Name: "neg", Value: math.Inf(-1), Meaning: "n"}, {Name: "yes", Value: 1, Meaning: "y", Boolean: true},
			{Name: "no", Meaning: "f", Boolean: true}, {Name: "one", Value: 1, Meaning: "a number that is 1"}}}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	// Booleans are JSON booleans, numbers stay numbers (1 is not true).
	for _, want := range []string{`"name":"yes","value":true`, `"name":"no","value":false`, `"name":"one","value":1,`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("JSON lacks %s: %s", want, b)
		}
	}
	for _, bad := range []string{`{"name":"x","meaning":"m"}`, `{"name":"x","value":"yes","meaning":"m"}`, `{"name":"x","value":[1],"meaning":"m"}`} {
		var e Evidence
		if err := json.Unmarshal([]byte(bad), &e); err == nil || !strings.Contains(err.Error(), `evidence "x"`) {
			t.Errorf("%s: error %v, want one naming the evidence", bad, err)
		}
	}
	var back Verdict
	if err := json.Unmarshal(b, &back); err != nil || !reflect.DeepEqual(back, v) {
		t.Fatalf("%v\n%+v\n%+v", err, back, v)
	}
	var nan Number
	if err := json.Unmarshal([]byte(`"NaN"`), &nan); err != nil || !math.IsNaN(float64(nan)) {
		t.Errorf("NaN: %v, %v", nan, err)
	}
	if err := json.Unmarshal([]byte(`"lots"`), &nan); err == nil {
		t.Error(`"lots" read as a number`)
	}
	p := PaperParams()
	b, _ = json.Marshal(p)
	var pb Params
	if err := json.Unmarshal(b, &pb); err != nil || !reflect.DeepEqual(pb, p) {
		t.Fatalf("params: %v\n%+v\n%+v", err, pb, p)
	}
}

// TestPaperPointVerdicts pins the paper's point: every claim's outcome as
// computed, so that a change in any verdict there is seen. The outcomes are
// the findings the README reports (C3 holds, certified, for both
// fidelities; C6's chance part outside its corrected hypothesis).
func TestPaperPointVerdicts(t *testing.T) {
	vs, err := CheckAll(PaperParams())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]Outcome{"C1": Holds, "C2": Holds, "C3": Holds, "C4": Holds, "C5": Holds, "C6": OutsideHypotheses}
	claims := Claims()
	if len(vs) != len(claims) {
		t.Fatalf("%d verdicts for the %d claims", len(vs), len(claims))
	}
	for i, v := range vs {
		if c := claims[i]; v.Claim != c.ID || v.Title != c.Title {
			t.Errorf("verdict %d is %s %q, want the claim's %s %q", i, v.Claim, v.Title, c.ID, c.Title)
		}
		if v.Claim == "C6" && v.Mechanism() != MechSLKeepsZSignal {
			t.Errorf("C6 outside by %q, want %q", v.Mechanism(), MechSLKeepsZSignal)
		}
		if v.Outcome != want[v.Claim] {
			t.Errorf("%v (want %v)", v, want[v.Claim])
		}
		if v.Claim == "C3" && !v.Certified {
			t.Errorf("C3 holds but is not certified: %v", v)
		}
	}
	if FailedInsideHypotheses(vs) {
		t.Error("a claim fails inside its hypotheses at the paper's point")
	}
}
