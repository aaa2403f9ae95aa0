package main

import (
	"flag"
	"io"
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
