package main

// Fuzz targets for the command line's flag handling (README: "nlssl train",
// "Errors a user can get"). They exercise parsing and validation only and
// never start a computation:
//
//   - FuzzFlags splits its input into arguments (strings.Fields) and parses
//     them with the model flags of `nlssl train` (newTrainFlags) and of
//     `nlssl check` (newCheckFlags), then resolves them; each argument is
//     also parsed as a phase axis and a shard. It requires no
//     panic; a resolved configuration or parameter point that Validates; and
//     an error that explains itself (a non-empty message; a *sim.ParamError
//     with its parameter and allowed range).
//   - FuzzRunBadInput runs the whole entry point, run(args, ...), on
//     argument lists that must stop at input validation: `train ARGS --steps
//     0`, `check ARGS --probe-test 1`, `phase ARGS --bisect 41` (all out of
//     range, and the last occurrence of a flag wins) and `merge ARGS
//     no-such-shard.json`. It requires exit code 2 and a
//     message on stderr, unless ARGS ask for help (-h, -help), which exits 0
//     with the usage.
//
// A failure is a bug in cmd/nlssl or in the validation of sim or theory:
// the README promises that every bad input is an error naming the
// parameter, its value and the allowed range, and that nothing panics.
//
// --config, --data and --init-file read the named file while resolving.
// Inputs naming a path under /dev, /proc or /sys are skipped: reading
// /dev/zero or /dev/stdin never ends, which is not a flag-handling bug.

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"strings"
	"testing"

	"github.com/nlssl/nlssl/phase"
	"github.com/nlssl/nlssl/sim"
)

// specialPath reports whether an argument may name a device or a kernel
// file, whose reading may block or never end.
func specialPath(args []string) bool {
	for _, a := range args {
		for _, dir := range []string{"dev/", "proc/", "sys/", "dev\\", "proc\\", "sys\\"} {
			if strings.Contains(a, dir) {
				return true
			}
		}
	}
	return false
}

// checkFlagError fails unless err explains itself.
func checkFlagError(t *testing.T, cmd string, args []string, err error) {
	t.Helper()
	if err.Error() == "" {
		t.Fatalf("%s %q: an error with an empty message (%#v)", cmd, args, err)
	}
	var pe *sim.ParamError
	if errors.As(err, &pe) && (pe.Param == "" || pe.Allowed == "") {
		t.Fatalf("%s %q: a ParamError without its parameter or allowed range: %#v (%v)", cmd, args, pe, err)
	}
}

func FuzzFlags(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		args := strings.Fields(s)
		if specialPath(args) {
			t.Skip("names a device or kernel file")
		}

		fs := flag.NewFlagSet("train", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		tf := newTrainFlags(fs)
		if fs.Parse(args) == nil {
			c, err := tf.resolve(nil)
			if err != nil {
				checkFlagError(t, "train", args, err)
			} else if verr := c.Validate(); verr != nil {
				t.Fatalf("train %q: resolve returned a config that does not validate: %v\nconfig: %+v", args, verr, c)
			}
		}

		for _, a := range args {
			if ax, err := phase.ParseAxis(a); err != nil {
				checkFlagError(t, "phase --x", args, err)
			} else if verr := ax.Validate(); verr != nil {
				t.Fatalf("phase --x %q: parsed an axis that does not validate: %v", a, verr)
			}
			if _, err := parseShard(a); err != nil {
				checkFlagError(t, "phase --shard", args, err)
			}
		}

		// prove: its model flags, boxes and budgets resolve to a problem or
		// to an error naming the flag (the boxes themselves are checked by
		// regions.Prove, whose errors FuzzRunBadInput reaches).
		fs3 := flag.NewFlagSet("prove", flag.ContinueOnError)
		fs3.SetOutput(io.Discard)
		pf := newProveFlags(fs3)
		if fs3.Parse(args) == nil {
			if prob, _, _, err := pf.resolve(); err != nil {
				checkFlagError(t, "prove", args, err)
			} else if verr := prob.Point.Validate(); verr != nil {
				t.Fatalf("prove %q: resolve returned a point that does not validate: %v", args, verr)
			}
		}

		fs2 := flag.NewFlagSet("check", flag.ContinueOnError)
		fs2.SetOutput(io.Discard)
		cf := newCheckFlags(fs2)
		if fs2.Parse(args) == nil {
			p, err := cf.resolve()
			if err != nil {
				checkFlagError(t, "check", args, err)
			} else if verr := p.Validate(); verr != nil {
				t.Fatalf("check %q: resolve returned parameters that do not validate: %v\nparams: %+v", args, verr, p)
			}
		}
	})
}

// asksForHelp reports whether the flag package may read an argument as a
// request for help (-h, -help, --h, --help, with or without =value): the
// commands then print their usage and exit 0.
func asksForHelp(args []string) bool {
	for _, a := range args {
		name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if strings.HasPrefix(a, "-") && (name == "h" || name == "help") {
			return true
		}
	}
	return false
}

func FuzzRunBadInput(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		args := strings.Fields(s)
		if specialPath(args) {
			t.Skip("names a device or kernel file")
		}
		help := asksForHelp(args)
		for _, c := range []struct {
			cmd  string
			tail []string
		}{
			{"train", []string{"--steps", "0"}},
			{"check", []string{"--probe-test", "1"}},
			{"phase", []string{"--bisect", "41"}},
			{"merge", []string{"no-such-shard.json"}},
		} {
			full := append(append([]string{c.cmd}, args...), c.tail...)
			var stdout, stderr bytes.Buffer
			code := run(full, &stdout, &stderr)
			if code == exitOK && help && strings.Contains(stderr.String(), "usage: nlssl "+c.cmd) {
				continue // -h: the usage, exit 0
			}
			if code != exitBadInput {
				t.Fatalf("%q: exit code %d, want %d (bad input)\nstdout: %s\nstderr: %s", full, code, exitBadInput, stdout.String(), stderr.String())
			}
			if strings.TrimSpace(stderr.String()) == "" {
				t.Fatalf("%q: exit code 2 with nothing on stderr", full)
			}
		}
	})
}
