package main

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nlssl/nlssl/sim"
)

// runCLI runs the command in-process and returns its exit code and output.
func runCLI(t testing.TB, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return code, out.String(), errb.String()
}

// plainSL is a second, deliberately plain implementation of THEORY section
// 5, written from the specification and sharing no code with package sim:
// [][]float64 data, the naive sigmoid, gradients written out per entry, and
// the reference update order (W with grad_W at (W_t, F_t), then F with
// grad_F at (W_{t+1}, F_t)). It returns the iterate after every step.
func plainSL(x [][]float64, y []int, w [2][]float64, f [2]float64, beta, gamma, eta float64, steps int) [][]float64 {
	sig := func(u float64) float64 { return 1 / (1 + math.Exp(-u)) }
	n := float64(len(x))
	d := len(w[0])
	w = [2][]float64{append([]float64(nil), w[0]...), append([]float64(nil), w[1]...)}
	state := func() []float64 { return append(append(append([]float64(nil), w[0]...), w[1]...), f[0], f[1]) }
	out := [][]float64{state()}
	for range steps {
		// grad_W at (W_t, F_t)
		var gw [2][]float64
		for k := range 2 {
			gw[k] = make([]float64, d)
			for j := range d {
				gw[k][j] = 2 * beta * n * w[k][j]
			}
		}
		for i, xi := range x {
			var pre [2]float64
			for k := range 2 {
				for j := range d {
					pre[k] += w[k][j] * xi[j]
				}
			}
			h := [2]float64{sig(pre[0]), sig(pre[1])}
			t := 0.0
			if y[i] == -1 {
				t = 1
			}
			r := sig(f[0]*h[0]+f[1]*h[1]) - t
			for k := range 2 {
				for j := range d {
					gw[k][j] += r * f[k] * h[k] * (1 - h[k]) * xi[j]
				}
			}
		}
		for k := range 2 {
			for j := range d {
				w[k][j] -= eta * gw[k][j]
			}
		}
		// grad_F at (W_{t+1}, F_t)
		gf := [2]float64{2 * gamma * n * f[0], 2 * gamma * n * f[1]}
		for i, xi := range x {
			var pre [2]float64
			for k := range 2 {
				for j := range d {
					pre[k] += w[k][j] * xi[j]
				}
			}
			h := [2]float64{sig(pre[0]), sig(pre[1])}
			t := 0.0
			if y[i] == -1 {
				t = 1
			}
			r := sig(f[0]*h[0]+f[1]*h[1]) - t
			gf[0] += r * h[0]
			gf[1] += r * h[1]
		}
		f[0] -= eta * gf[0]
		f[1] -= eta * gf[1]
		out = append(out, state())
	}
	return out
}

// TestTrainReproducesPlainSL: `nlssl train` given a dataset and an initial
// point from files reproduces, to 1e-9 in every entry at every step, the SL
// trajectory of the independent implementation above on the same inputs.
// The inputs are exported by the CLI itself (--write-data, --write-init)
// and parsed here with encoding/json alone, at the paper's SL settings
// (d = 10, n = 100) and at a second, harder point (d = 5, n = 37, a ten
// times larger step, stronger decay).
func TestTrainReproducesPlainSL(t *testing.T) {
	const tol = 1e-9
	for _, c := range []struct {
		name  string
		gen   []string // how the inputs are generated
		train []string // settings of the run on them
	}{
		{"paper", nil, []string{"--steps", "2000"}},
		{"small", []string{"--d", "5", "--n", "37", "--tau", "3", "--seed", "9"},
			[]string{"--eta", "0.01", "--beta", "0.01", "--gamma", "0.02", "--steps", "1500"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			dataPath, initPath := filepath.Join(dir, "data.json"), filepath.Join(dir, "init.json")
			args := append([]string{"train", "--model", "sl", "--quiet", "--steps", "1", "--out", filepath.Join(dir, "ignored.json"),
				"--write-data", dataPath, "--write-init", initPath}, c.gen...)
			if code, _, stderr := runCLI(t, args...); code != 0 {
				t.Fatalf("export: exit %d: %s", code, stderr)
			}
			args = append([]string{"train", "--model", "sl", "--quiet", "--data", dataPath, "--init-file", initPath}, c.train...)
			code, stdout, stderr := runCLI(t, args...)
			if code != 0 {
				t.Fatalf("train: exit %d: %s", code, stderr)
			}
			rec, err := sim.ReadRun(strings.NewReader(stdout))
			if err != nil {
				t.Fatal(err)
			}
			var data struct {
				X [][]float64 `json:"x"`
				Y []int       `json:"y"`
			}
			var init struct {
				W [2][]float64 `json:"w"`
				F [2]float64   `json:"f"`
			}
			for path, v := range map[string]any{dataPath: &data, initPath: &init} {
				b, err := os.ReadFile(path)
				if err == nil {
					err = json.Unmarshal(b, v)
				}
				if err != nil {
					t.Fatal(err)
				}
			}
			cfg := rec.Config
			want := plainSL(data.X, data.Y, init.W, init.F, cfg.Beta, cfg.Gamma, cfg.Eta, cfg.Steps)
			tr := rec.Trajectory
			if tr.Len() != len(want) {
				t.Fatalf("%d recorded iterates, plain implementation has %d", tr.Len(), len(want))
			}
			var worst float64
			for i := range want {
				for j, v := range tr.State(i) {
					worst = math.Max(worst, math.Abs(v-want[i][j]))
				}
			}
			if worst > tol {
				t.Fatalf("largest difference from the plain implementation over %d steps: %.3g > %.0g", cfg.Steps, worst, tol)
			}
			t.Logf("largest difference over %d steps: %.3g", cfg.Steps, worst)
		})
	}
}

// TestTrainBadInputs: bad flags, files and parameters exit with code 2 and
// a message naming the problem; nothing panics.
func TestTrainBadInputs(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"format":"nlssl/dataset","version":1,"d":2`), 0o644); err != nil {
		t.Fatal(err)
	}
	v2 := filepath.Join(dir, "v2.json")
	if err := os.WriteFile(v2, []byte(`{"format":"nlssl/init","version":2}`), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"train", "--d", "1"}, "d = 1"},
		{[]string{"train", "--n", "0"}, "n = 0"},
		{[]string{"train", "--tau", "NaN"}, "tau = NaN"},
		{[]string{"train", "--rho", "-1"}, "rho = -1"},
		{[]string{"train", "--alpha", "-0.5"}, "alpha = -0.5"},
		{[]string{"train", "--eta", "0"}, "eta = 0"},
		{[]string{"train", "--steps", "0"}, "steps = 0"},
		{[]string{"train", "--model", "gan"}, `model = "gan"`},
		{[]string{"train", "--fidelity", "exact"}, `fidelity = "exact"`},
		{[]string{"train", "--noise", "pink"}, `noise = "pink"`},
		{[]string{"train", "--init", "far"}, `init = "far"`},
		{[]string{"train", "--model", "sl", "--init", "near"}, "init = near"},
		{[]string{"train", "--d", "x"}, "invalid value"},
		{[]string{"train", "--nonsense"}, "not defined"},
		{[]string{"train", "extra"}, "unexpected argument"},
		{[]string{"train", "--data", bad}, "malformed JSON"},
		{[]string{"train", "--data", filepath.Join(dir, "missing.json")}, "no such file"},
		{[]string{"train", "--init-file", v2}, "version = 2"},
		{[]string{"train", "--config", bad}, "--config"},
		{[]string{"frobnicate"}, "unknown command"},
		{nil, "usage"},
	} {
		code, _, stderr := runCLI(t, c.args...)
		if code != exitBadInput || !strings.Contains(stderr, c.want) {
			t.Errorf("nlssl %s: exit %d, stderr %q; want exit 2 and %q", strings.Join(c.args, " "), code, stderr, c.want)
		}
	}
}

// TestTrainDivergenceExitsOne: a step size that diverges exits 1, names
// eta, and still writes the run with its status.
func TestTrainDivergenceExitsOne(t *testing.T) {
	code, stdout, stderr := runCLI(t, "train", "--eta", "50", "--steps", "100")
	if code != exitFailed || !strings.Contains(stderr, "eta = 50 diverged") {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	rec, err := sim.ReadRun(strings.NewReader(stdout))
	if err != nil || !rec.Status.Failed() {
		t.Fatalf("run JSON: %v, status %v", err, rec.Status)
	}
}

// TestTrainPrecedence: defaults follow d; a config file overrides the
// defaults; flags override the config file.
func TestTrainPrecedence(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "c.json")
	os.WriteFile(cfg, []byte(`{"format":"nlssl/config","version":1,"model":"sl","tau":3,"eta":0.002,"steps":5}`), 0o644)
	code, stdout, stderr := runCLI(t, "train", "--quiet", "--config", cfg, "--d", "4", "--eta", "0.003")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	rec, err := sim.ReadRun(strings.NewReader(stdout))
	if err != nil {
		t.Fatal(err)
	}
	c := rec.Config
	if c.Model != sim.SL || c.Init != sim.InitSL || c.D != 4 || c.N != 16 || c.Rho != math.Pow(4, -1.5) || c.Tau != 3 || c.Eta != 0.003 || c.Steps != 5 {
		t.Fatalf("config %+v", c)
	}
}
