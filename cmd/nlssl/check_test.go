package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/nlssl/nlssl/theory"
)

// TestCheckPaperPoint: `nlssl check --json` at the defaults prints every
// claim with its evidence (C3 with mu, M, r, the gradient norm and the
// margin) and exits 0 (no claim fails inside its hypotheses there).
func TestCheckPaperPoint(t *testing.T) {
	code, stdout, stderr := runCLI(t, "check", "--json", "--quiet")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rep checkReport
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Format != "nlssl/check" || len(rep.Verdicts) != 6 || rep.Params.D != 10 {
		t.Fatalf("report %+v", rep)
	}
	c3 := rep.Verdicts[2]
	for _, name := range []string{"exp.paper.mu", "exp.paper.M", "exp.paper.r", "exp.paper.grad", "exp.paper.margin", "pop.assisted.margin"} {
		if _, ok := c3.Get(name); !ok {
			t.Errorf("C3 lacks %s", name)
		}
	}
	code, text, _ := runCLI(t, "check", "--quiet")
	if code != exitOK || !strings.Contains(text, "C3") || !strings.Contains(text, "exp.paper.margin") {
		t.Fatalf("table output (exit %d):\n%s", code, text)
	}
}

// TestCheckExitsOneOnACounterexample: at a recorded C5 counterexample
// (properties/testdata/counterexamples/C5.json) the check exits 1.
func TestCheckExitsOneOnACounterexample(t *testing.T) {
	code, stdout, stderr := runCLI(t, "check", "--json", "--quiet", "--d", "10", "--tau", "7.012622833251953",
		"--alpha", "0.0025", "--beta", "0.0025", "--gamma", "0.0025", "--eta", "0.0008851835094855326",
		"--ssl-steps", "4000", "--sl-steps", "6779", "--seed", "13850", "--grad-tol", "0.01", "--sl-grad-tol", "0.01")
	var rep checkReport
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatalf("%v: %s", err, stderr)
	}
	if code != exitFailed || !theory.FailedInsideHypotheses(rep.Verdicts) {
		t.Fatalf("exit %d, verdicts %v", code, rep.Verdicts)
	}
}

func TestCheckBadInputs(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"check", "--d", "1"}, "d = 1"},
		{[]string{"check", "--tau", "-1"}, "tau = -1"},
		{[]string{"check", "--eta", "NaN"}, "eta = NaN"},
		{[]string{"check", "--init", "sl"}, "init = sl"},
		{[]string{"check", "--grad-tol", "0"}, "grad-tol = 0"},
		{[]string{"check", "--probe-test", "2"}, "probe-test = 2"},
		{[]string{"check", "--init-file", "/nonexistent"}, "--init-file"},
		{[]string{"check", "stray"}, "unexpected argument"},
	} {
		code, _, stderr := runCLI(t, c.args...)
		if code != exitBadInput || !strings.Contains(stderr, c.want) {
			t.Errorf("nlssl %s: exit %d, stderr %q; want exit 2 and %q", strings.Join(c.args, " "), code, stderr, c.want)
		}
	}
}
