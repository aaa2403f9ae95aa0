package main

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/nlssl/nlssl/regions"
)

// TestProveCLI: `nlssl prove --json` over the near region with q <= 1
// exits 0 with a proved result whose boxes are the flags'; the table form
// names every part and the margins; progress goes to stderr.
func TestProveCLI(t *testing.T) {
	code, stdout, stderr := runCLI(t, "prove", "--q", "0:1", "--json")
	if code != exitOK {
		t.Fatalf("exit %d: %s\n%s", code, stderr, stdout)
	}
	var rep struct {
		Format string          `json:"format"`
		D      int             `json:"d"`
		Result *regions.Result `json:"result"`
	}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatal(err)
	}
	r := rep.Result
	if rep.Format != "nlssl/prove" || rep.D != 10 || r.Status != regions.Proved || r.Max == nil || r.Problem.Region == nil {
		t.Fatalf("report %+v", rep)
	}
	if s := r.Problem.Start; s[regions.AxisA].Lo != 3.1 || s[regions.AxisQ].Hi != 1 || s[regions.AxisB].Lo != 8.5/7 {
		t.Fatalf("start box %v", s)
	}
	if !strings.Contains(stderr, "prove: ") || !strings.Contains(stderr, "boxes done") {
		t.Errorf("no progress on stderr: %q", stderr)
	}
	// d = 2 (q = 0 only): the q face has no extent, and JSON still encodes.
	code, stdout, stderr = runCLI(t, "prove", "--q", "0:0", "--json", "--quiet")
	if code != exitOK || !strings.Contains(stdout, `"status": "proved"`) {
		t.Fatalf("--q 0:0: exit %d: %s\n%s", code, stderr, stdout)
	}
	code, text, _ := runCLI(t, "prove", "--q", "0:1", "--quiet")
	for _, want := range []string{"proved: from every", "critical points", "uniqueness", "eta*Lhat/2", "W*:"} {
		if code != exitOK || !strings.Contains(text, want) {
			t.Fatalf("table output (exit %d) lacks %q:\n%s", code, want, text)
		}
	}
}

// TestProveCLINotProved: a proof that runs out of its enclosure budget is
// not proved: exit 3, the part named, nothing claimed.
func TestProveCLINotProved(t *testing.T) {
	code, stdout, stderr := runCLI(t, "prove", "--q", "0:1", "--quiet", "--max-enclosures", "40")
	if code != exitNotProved || !strings.Contains(stdout, "not proved (critical points): the enclosure budget") {
		t.Fatalf("exit %d (want %d):\n%s\n%s", code, exitNotProved, stdout, stderr)
	}
}

// TestProveCLITau05 (NLSSL_LONG=1): at tau = 0.5 (Finding 8: from the near
// region ascent ends in the mirror basin) prove does not claim a proof,
// with the default Omega (which holds no maximum) and with an Omega
// reaching down to the maxima (the trapping box's face a.lo fails: the
// gradient carries a across 0 at intermediate b).
func TestProveCLITau05(t *testing.T) {
	if os.Getenv("NLSSL_LONG") != "1" {
		t.Skip("long test: set NLSSL_LONG=1")
	}
	for _, args := range [][]string{
		{"prove", "--tau", "0.5", "--quiet"},
		{"prove", "--tau", "0.5", "--q", "0:1", "--quiet", "--omega-a", "0.05:7.8", "--omega-b", "0.1:18.5"},
	} {
		code, stdout, stderr := runCLI(t, args...)
		if code != exitNotProved {
			t.Fatalf("%v: exit %d (want %d):\n%s\n%s", args, code, exitNotProved, stdout, stderr)
		}
	}
}

// TestProveCLIBadInput: every bad flag exits 2 with the flag (or
// parameter) and the allowed range named.
func TestProveCLIBadInput(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--a", "3.9:3.1"}, "--a: start.a = 3.9:3.1 is invalid: allowed finite numbers lo:hi with lo <= hi"},
		{[]string{"--a", "0:3.9"}, "--a: start.a = 0:3.9 is invalid: allowed lo > 0"},
		{[]string{"--a", "3.1"}, `a = "3.1" is invalid: allowed lo:hi, two numbers`},
		{[]string{"--b", "NaN:1"}, "--b: start.b = NaN:1 is invalid"},
		{[]string{"--q", "-1:1"}, "--q: start.q = -1:1 is invalid: allowed 0 <= lo <= hi"},
		{[]string{"--omega-a", "3.2:4"}, "--omega-a/-b/-q: omega = a in [3.2, 4]"},
		{[]string{"--noise", "shared-scalar"}, `noise = shared-scalar is invalid: allowed "isotropic"`},
		{[]string{"--eta", "0"}, "eta = 0 is invalid: allowed a finite number > 0"},
		{[]string{"--tau", "-1"}, "tau = -1 is invalid"},
		{[]string{"--tau", "0"}, "needs tau > 0; give --b"},
		{[]string{"--d", "1"}, "d = 1 is invalid"},
		{[]string{"--seed", "3"}, "flag provided but not defined: -seed"},
		{[]string{"--quad-nodes", "64"}, "--quad-nodes is not used by prove"},
		{[]string{"--workers", "-1"}, "workers = -1 is invalid"},
		{[]string{"--grow-steps", "31"}, "grow-steps = 31 is invalid"},
		{[]string{"--max-enclosures", "-5"}, "max-enclosures = -5 is invalid"},
		{[]string{"stray"}, "unexpected argument"},
	} {
		code, _, stderr := runCLI(t, append([]string{"prove"}, c.args...)...)
		if code != exitBadInput || !strings.Contains(stderr, c.want) {
			t.Errorf("nlssl prove %s: exit %d, stderr %q; want exit 2 and %q", strings.Join(c.args, " "), code, stderr, c.want)
		}
	}
}

// TestPhaseProveModeRefusesAxes: prove mode sweeps only what the
// population objective depends on; another axis, or an unknown mode, is
// bad input naming it.
func TestPhaseProveModeRefusesAxes(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--mode", "prove", "--x", "a0:1:2:2", "--y", "tau:1:2:2"}, "axis a0"},
		{[]string{"--mode", "prove", "--x", "tau:1:2:2", "--y", "beta:0.001:0.002:2"}, "axis beta"},
		{[]string{"--mode", "proof"}, `"simplified", "full" or "prove"`},
	} {
		code, _, stderr := runCLI(t, append([]string{"phase", "--out", t.TempDir(), "--quiet"}, c.args...)...)
		if code != exitBadInput || !strings.Contains(stderr, c.want) {
			t.Errorf("phase %v: exit %d, stderr %q; want exit %d naming %s", c.args, code, stderr, exitBadInput, c.want)
		}
	}
}

// TestProveNearDefaults: the default box's flag texts, built from
// sim.NearRegion's bounds, read as before in -h and in the tau = 0 error.
func TestProveNearDefaults(t *testing.T) {
	_, _, help := runCLI(t, "prove", "-h")
	for _, want := range []string{`(default "3.1:3.9")`, `(default "8.5/tau:9/tau")`, `(default "0:5sqrt(d-2)")`} {
		if !strings.Contains(help, want) {
			t.Errorf("prove -h lacks %s", want)
		}
	}
	code, _, stderr := runCLI(t, "prove", "--tau", "0", "--quiet")
	if want := "tau = 0: the default --b (8.5/tau:9/tau) needs tau > 0; give --b"; code != exitBadInput || !strings.Contains(stderr, want) {
		t.Errorf("exit %d, stderr %q: want %d and %q", code, stderr, exitBadInput, want)
	}
}
