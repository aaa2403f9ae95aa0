package main

import (
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nlssl/nlssl/phase"
	"github.com/nlssl/nlssl/sim"
)

// readmeSnippet returns the Python code of README.md between the
// python-snippet markers, without its fences.
func readmeSnippet(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok1 := strings.Cut(string(b), "<!-- python-snippet:start -->")
	code, _, ok2 := strings.Cut(rest, "<!-- python-snippet:end -->")
	code = strings.TrimSpace(code)
	if !ok1 || !ok2 || !strings.HasPrefix(code, "```python\n") || !strings.HasSuffix(code, "\n```") {
		t.Fatal("README.md: no ```python block between <!-- python-snippet:start --> and <!-- python-snippet:end -->")
	}
	return strings.TrimSuffix(strings.TrimPrefix(code, "```python\n"), "```")
}

// TestReadmePythonSnippet runs the README's Python snippet on the outputs
// of `nlssl reproduce` and `nlssl phase` (their default directories, in a
// temporary one) and checks what it prints against the same numbers
// computed in Go: the run it reads from trajectories.bin is the run sim
// computes, the counts it reads from phase.json are phase.ReadJSON's. It
// needs python3 with numpy (NLSSL_PYTHON names another interpreter) and
// skips, saying so, without them.
func TestReadmePythonSnippet(t *testing.T) {
	code := readmeSnippet(t)
	python := os.Getenv("NLSSL_PYTHON")
	if python == "" {
		python = "python3"
	}
	if out, err := exec.Command(python, "-c", "import numpy").CombinedOutput(); err != nil {
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		t.Skipf("%s cannot import numpy (%v: %s): the README's Python snippet is not run; set NLSSL_PYTHON to an interpreter with numpy", python, err, lines[len(lines)-1])
	}
	dir := t.TempDir()
	const steps = 300
	for _, args := range [][]string{
		{"reproduce", "--seeds", "2", "--ssl-steps", fmt.Sprint(steps), "--sl-steps", fmt.Sprint(steps), "--probe-points", "50", "--no-check", "--quiet", "--out", filepath.Join(dir, "out")},
		{"phase", "--x", "tau:0.25:20:9:log", "--y", "alpha:0.0003125:0.05:7:log", "--quiet", "--out", filepath.Join(dir, "phase-out")},
	} {
		if c, _, stderr := runCLI(t, args...); c != exitOK {
			t.Fatalf("%q: exit %d: %s", args, c, stderr)
		}
	}
	cmd := exec.Command(python, "-c", code)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the snippet fails: %v\n%s", err, out)
	}

	c := sim.PaperConfig(sim.SSL)
	c.Steps = steps
	rec, err := sim.Run(c, nil, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"runs: 6", fmt.Sprintf("ssl-near seed 1: %d rows, last step %d, w1_1 = %.6f", steps+1, steps, rec.Final.W[0])}
	sw, err := readFile(filepath.Join(dir, "phase-out", "phase.json"), phase.ReadJSON)
	if err != nil {
		t.Fatal(err)
	}
	a1 := math.Inf(-1)
	for ci, claim := range sw.Claims() {
		n := 0
		for _, p := range sw.Points {
			r := p.Results[ci]
			if r.Outcome.String() == "holds" {
				n++
			}
			if v, ok := r.Evidence["a1"]; ok && claim == "C4~" {
				a1 = math.Max(a1, float64(v))
			}
		}
		want = append(want, fmt.Sprintf("%s holds at %d of %d points", claim, n, len(sw.Points)))
	}
	want = append(want, fmt.Sprintf("largest a~* of row 1: %.6f", a1))
	if got := strings.TrimSpace(string(out)); got != strings.Join(want, "\n") {
		t.Fatalf("the snippet prints:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
	}
}
