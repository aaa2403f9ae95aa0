package main

import (
	"bytes"
	"flag"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/nlssl/nlssl/phase"
	"github.com/nlssl/nlssl/theory"
)

// checkParams resolves `nlssl check ARGS` to its parameter point.
func checkParams(t *testing.T, args ...string) theory.Params {
	t.Helper()
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	f := newCheckFlags(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatalf("check %q: %v", args, err)
	}
	p, err := f.resolve()
	if err != nil {
		t.Fatalf("check %q: %v", args, err)
	}
	return p
}

// TestOneMeaningPerName: every phase axis that is also a flag of `nlssl
// check` means the same in both: the map cell of a sweep at axis value v
// is the point `nlssl check --<axis> v` checks. In particular --alpha and
// the alpha axis set alpha only, and --decay and the decay axis set alpha =
// beta = gamma.
func TestOneMeaningPerName(t *testing.T) {
	base := checkParams(t)
	for name, v := range map[string]float64{"tau": 3, "alpha": 0.005, "beta": 0.004, "gamma": 0.003, "decay": 0.005, "rho": 0.05, "eta": 0.0005, "d": 12} {
		other, ov := "eta", base.Eta
		if name == "eta" {
			other, ov = "tau", base.Tau
		}
		spec := phase.Spec{Base: base, Mode: phase.Simplified, X: phase.Axis{Param: name, Lo: v / 2, Hi: 2 * v, Count: 3}, Y: phase.Axis{Param: other, Lo: ov / 2, Hi: 2 * ov, Count: 3}}
		if err := spec.Validate(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		cell := spec.Point(v, ov)
		checked := checkParams(t, "--"+name, strconv.FormatFloat(v, 'g', -1, 64))
		if !reflect.DeepEqual(cell, checked) {
			t.Errorf("axis %s = %v gives\n  %+v\nbut check --%s %v gives\n  %+v", name, v, cell, name, v, checked)
		}
	}
	p := checkParams(t, "--alpha", "0.005")
	if p.Alpha != 0.005 || p.Beta != 1.0/800 || p.Gamma != 1.0/800 {
		t.Errorf("check --alpha 0.005: alpha %v beta %v gamma %v, want 0.005, 1/800, 1/800", p.Alpha, p.Beta, p.Gamma)
	}
	p = checkParams(t, "--decay", "0.005")
	if p.Alpha != 0.005 || p.Beta != 0.005 || p.Gamma != 0.005 {
		t.Errorf("check --decay 0.005: alpha %v beta %v gamma %v, want 0.005 each", p.Alpha, p.Beta, p.Gamma)
	}
}

// TestDecayFlagErrors: --decay with one of the decays it sets, or out of
// range, is an error naming the flags or the parameter.
func TestDecayFlagErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"check", "--decay", "0.01", "--beta", "0.1"}, "--decay and --beta given together"},
		{[]string{"train", "--gamma", "0.1", "--decay", "0.01"}, "--decay and --gamma given together"},
		{[]string{"reproduce", "--decay", "0.01", "--alpha", "0.1"}, "--decay and --alpha given together"},
		{[]string{"check", "--decay", "-1"}, "decay = -1 is invalid: allowed a finite number >= 0"},
		{[]string{"phase", "--decay", "NaN"}, "decay = NaN is invalid"},
	} {
		code, _, stderr := runCLI(t, c.args...)
		if code != exitBadInput || !strings.Contains(stderr, c.want) {
			t.Errorf("nlssl %s: exit %d, stderr %q; want exit 2 and %q", strings.Join(c.args, " "), code, stderr, c.want)
		}
	}
}

// TestMergeBisect: `merge --bisect N` re-bisects with N steps and writes
// exactly what `phase --bisect N` writes; out of range it is refused.
func TestMergeBisect(t *testing.T) {
	dir := t.TempDir()
	sweep := []string{"phase", "--x", "tau:0.25:20:6:log", "--y", "decay:0.0003125:0.05:6:log", "--quiet"}
	for _, c := range []struct{ out, bisect string }{{"b12", "12"}, {"b0", "0"}} {
		if code, _, stderr := runCLI(t, append(sweep, "--out", filepath.Join(dir, c.out), "--bisect", c.bisect)...); code != exitOK {
			t.Fatalf("phase: %s", stderr)
		}
	}
	if code, _, stderr := runCLI(t, "merge", "--bisect", "0", "--out", filepath.Join(dir, "m0"), filepath.Join(dir, "b12", "phase.json")); code != exitOK {
		t.Fatalf("merge --bisect 0: %s", stderr)
	}
	for _, name := range []string{"phase.json", "phase.csv", "boundaries.csv", "map-C4-simplified.png"} {
		want, _ := os.ReadFile(filepath.Join(dir, "b0", name))
		got, _ := os.ReadFile(filepath.Join(dir, "m0", name))
		if len(want) == 0 || !bytes.Equal(want, got) {
			t.Errorf("merge --bisect 0 of a 12-step sweep: %s differs from phase --bisect 0's", name)
		}
	}
	b12, _ := os.ReadFile(filepath.Join(dir, "b12", "boundaries.csv"))
	b0, _ := os.ReadFile(filepath.Join(dir, "b0", "boundaries.csv"))
	if bytes.Equal(b12, b0) {
		t.Fatal("the sweep needs boundaries that bisection moves for the test to mean anything")
	}
	code, _, stderr := runCLI(t, "merge", "--bisect", "41", "--out", filepath.Join(dir, "m41"), filepath.Join(dir, "b12", "phase.json"))
	if code != exitBadInput || !strings.Contains(stderr, "bisect = 41 is invalid: allowed an integer in [0, 40]") {
		t.Errorf("merge --bisect 41: exit %d, %q", code, stderr)
	}
}

// TestReproduceHasNoSeed: reproduce runs seeds 1..--seeds and has no
// --seed (it used to list one and ignore it).
func TestReproduceHasNoSeed(t *testing.T) {
	code, _, stderr := runCLI(t, "reproduce", "-h")
	if code != exitOK || strings.Contains(stderr, "-seed value") || !strings.Contains(stderr, "-seeds int") {
		t.Fatalf("reproduce -h: exit %d\n%s", code, stderr)
	}
	code, _, stderr = runCLI(t, "reproduce", "--seed", "3")
	if code != exitBadInput || !strings.Contains(stderr, "flag provided but not defined: -seed") {
		t.Fatalf("reproduce --seed 3: exit %d, %q", code, stderr)
	}
}
