package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nlssl/nlssl/sim"
)

// TestIssueInputs: the inputs that crashed or gave an unclear error
// (issue 11) get a clear error or a divergence report: sizes beyond memory
// exit 2 naming the flag and its range; overflow exits 1 naming the number,
// the step and the parameter, with the run JSON written and readable; a
// huge budget with nothing recorded runs.
func TestIssueInputs(t *testing.T) {
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"train", "--steps", "4611686018427387904"}, exitBadInput, "steps = 4611686018427387904 is invalid: allowed an integer in [1, 5835551] with record-every = 1"},
		{[]string{"train", "--steps", "1000000000"}, exitBadInput, "the recorded trajectory would need 171 GiB"},
		{[]string{"check", "--max-ascent-steps", "4611686018427387904"}, exitBadInput, "max-ascent-steps = 4611686018427387904 is invalid: allowed an integer in [1, 5835551]"},
		{[]string{"train", "--steps", "50", "--tau", "1e308"}, exitFailed, "nlssl train: grad_norm = +Inf at step 1: tau = 1e+308 makes the gradient overflow"},
		{[]string{"train", "--steps", "50", "--alpha", "1e308"}, exitFailed, "nlssl train: value = -Inf at step 1: alpha = 1e+308 makes the weight-decay term overflow"},
		{[]string{"train", "--steps", "50", "--rho", "1e308"}, exitBadInput, "rho = 1e+308 is invalid: allowed a size for which the sampled data are finite"},
		{[]string{"train", "--steps", "4611686018427387904", "--record-every", "0", "--fidelity", "expected", "--grad-tol", "1"}, exitOK, ""},
	} {
		out := filepath.Join(t.TempDir(), "run.json")
		args := append(c.args, "--quiet")
		if c.args[0] == "train" {
			args = append(args, "--out", out)
		}
		code, _, stderr := runCLI(t, args...)
		if code != c.code || !strings.Contains(stderr, c.want) || strings.Contains(stderr, "unsupported value") {
			t.Errorf("%q: exit %d (want %d), stderr %q, want it to contain %q", c.args, code, c.code, stderr, c.want)
			continue
		}
		if code == exitBadInput {
			continue
		}
		rec, err := readFile(out, sim.ReadRun)
		if err != nil {
			t.Errorf("%q: the run JSON does not read back: %v", c.args, err)
			continue
		}
		if code == exitFailed && (rec.Status != sim.NonFinite || !strings.Contains(stderr, rec.Err)) {
			t.Errorf("%q: status %v, error %q", c.args, rec.Status, rec.Err)
		}
		if code == exitOK && (rec.Status != sim.GradientThreshold || rec.Trajectory.Len() != 2) {
			t.Errorf("%q: status %v with %d records, want the first and last", c.args, rec.Status, rec.Trajectory.Len())
		}
		os.Remove(out)
	}
}
