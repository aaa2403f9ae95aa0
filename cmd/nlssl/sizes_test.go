package main

import (
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/nlssl/nlssl/sim"
	"pgregory.net/rapid"
)

// The size flags of every command, fuzzed under a low memory limit
// (README, "Resource limits"). Each case runs one command in a child
// process (the test binary as nlssl) under `ulimit -v` (its address space
// at start plus 1 GiB: a hard limit, an allocation beyond it is a crash)
// and, for half the cases, GOMEMLIMIT = 256 MiB (the budget the commands
// plan with; otherwise they plan with half the address space left). Sizes
// are drawn from the edges: negative, zero, each flag's minimum and one
// below, small, the defaults, powers of ten up to 1e18, 2^62, the int64
// limit. The child stops where its work begins (after validation, planning
// and the up-front allocations: the first progress update of train and
// phase, the start of check and reproduce, merge's commit) and reports its
// heap there. The property: no crash (a panic, a fatal error, a signal);
// exit 0, 1 or 2 with, on 2, an error that names a parameter; and a child
// that started holds no more heap than the budget.

// drawSize draws a size flag's value as text, from the edges.
func drawSize(t *rapid.T, label string, min int) string {
	edges := []int64{-1, 0, int64(min) - 1, int64(min), int64(min) + 1, 10, 100, 1000, 4000, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e12, 1e15, 1e18, 1 << 62, math.MaxInt64}
	v := rapid.SampledFrom(edges).Draw(t, label)
	if rapid.Bool().Draw(t, label+" near") {
		v += rapid.Int64Range(-3, 3).Draw(t, label+" offset")
	}
	return strconv.FormatInt(v, 10)
}

// drawFlags sets one of the named size flags (minimums mins) from the
// edges and each other, with probability 1/2, to a moderate value: so
// that most cases start, and each start is at one flag's extreme.
func drawFlags(t *rapid.T, names []string, mins []int) []string {
	extreme := rapid.IntRange(0, len(names)-1).Draw(t, "extreme flag")
	var out []string
	for i, n := range names {
		switch {
		case i == extreme:
			out = append(out, "--"+n, drawSize(t, n, mins[i]))
		case rapid.Bool().Draw(t, "set "+n):
			out = append(out, "--"+n, strconv.Itoa(mins[i]+rapid.SampledFrom([]int{0, 1, 10, 100}).Draw(t, n)))
		}
	}
	return out
}

// sizeFlags are the size flags drawn per command, with their minimums.
var sizeFlags = map[string]struct {
	names []string
	mins  []int
}{
	"train":     {[]string{"steps", "record-every", "d", "n", "quad-nodes"}, []int{1, 0, 2, 1, 2}},
	"check":     {[]string{"d", "n", "ssl-steps", "sl-steps", "max-ascent-steps", "max-sl-steps", "probe-train", "probe-test"}, []int{2, 1, 1, 1, 1, 1, 10, 10}},
	"reproduce": {[]string{"seeds", "ssl-steps", "sl-steps", "probe-points", "d", "n"}, []int{2, 1, 1, 10, 2, 1}},
	"phase":     {[]string{"x", "y", "workers", "bisect", "shards"}, []int{2, 2, 0, 0, 1}},
}

// sizeCase is one command line and the event its child stops at.
type sizeCase struct {
	args  []string
	block string
}

// drawSizeCase draws a command and its size flags; shards are two real
// shards of a small sweep (for merge, whose sizes come from its files: the
// spec's counts are rewritten to the drawn values).
func drawSizeCase(t *rapid.T, dir, shardA, shardB string) sizeCase {
	flags := func(cmd string) []string { return drawFlags(t, sizeFlags[cmd].names, sizeFlags[cmd].mins) }
	switch rapid.SampledFrom([]string{"train", "check", "reproduce", "phase", "merge"}).Draw(t, "command") {
	case "train":
		args := []string{"train", "--quiet", "--out", filepath.Join(dir, "run.json")}
		args = append(args, "--model", rapid.SampledFrom([]string{"ssl", "sl"}).Draw(t, "model"))
		if args[len(args)-1] == "ssl" {
			args = append(args, "--fidelity", rapid.SampledFrom([]string{"stochastic", "expected", "population"}).Draw(t, "fidelity"))
		}
		return sizeCase{append(args, flags("train")...), "progress:1"}
	case "check":
		return sizeCase{append([]string{"check", "--quiet"}, flags("check")...), "start:0"}
	case "reproduce":
		return sizeCase{append([]string{"reproduce", "--quiet", "--no-trajectories", "--out", dir}, flags("reproduce")...), "start:0"}
	case "phase":
		// The axis counts and the shard count are sizes too: drawn as flags,
		// then written into --x, --y and --shard.
		f := flags("phase")
		count := map[string]string{"x": "3", "y": "3", "shards": "1"}
		args := []string{"phase", "--quiet", "--out", dir, "--mode", rapid.SampledFrom([]string{"simplified", "full"}).Draw(t, "mode")}
		for i := 0; i < len(f); i += 2 {
			if name := f[i][2:]; count[name] != "" {
				count[name] = f[i+1]
			} else {
				args = append(args, f[i], f[i+1])
			}
		}
		args = append(args, "--x", "tau:1:7:"+count["x"], "--y", "alpha:0.001:0.01:"+count["y"], "--shard", "0/"+count["shards"])
		return sizeCase{args, "progress:1"}
	default:
		files := []string{shardA, shardB}
		for i, f := range files {
			if rapid.Bool().Draw(t, fmt.Sprintf("shard %d as written", i)) {
				continue
			}
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			forged := strings.Replace(string(b), `"count": 6`, `"count": `+drawSize(t, "count", 2), 1)
			files[i] = filepath.Join(dir, fmt.Sprintf("shard%d.json", i))
			if err := os.WriteFile(files[i], []byte(forged), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return sizeCase{append([]string{"merge", "--out", filepath.Join(dir, "merged")}, files...), "commit:0"}
	}
}

// childAddressSpace is the address space of the test binary started as
// nlssl, in KiB (measured once).
var childAddressSpace = sync.OnceValues(func() (int, error) {
	exe, err := os.Executable()
	if err != nil {
		return 0, err
	}
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), "NLSSL_TEST_AS_NLSSL=1", "NLSSL_TEST_VMSIZE=1")
	out, err := cmd.Output()
	if err != nil {
		return 0, err
	}
	return strconv.Atoi(strings.TrimSpace(string(out)))
})

// sizeProperty prepares the property's fixtures (two shards of a small
// sweep for merge, the child's address space) and returns it.
func sizeProperty(tb testing.TB) func(*rapid.T) {
	if _, err := exec.LookPath("sh"); err != nil || procStatus("VmSize") == 0 {
		tb.Skip("needs sh (for ulimit -v) and /proc/self/status")
	}
	vm, err := childAddressSpace()
	if err != nil {
		tb.Fatalf("measuring the child's address space: %v", err)
	}
	shards := tb.TempDir()
	var shardFiles []string
	for i := range 2 {
		out := filepath.Join(shards, strconv.Itoa(i))
		code, _, stderr := runCLI(tb, "phase", "--x", "tau:1:7:6", "--y", "alpha:0.001:0.01:6", "--shard", fmt.Sprintf("%d/2", i), "--out", out, "--quiet")
		if code != exitOK {
			tb.Fatalf("shard %d: %s", i, stderr)
		}
		shardFiles = append(shardFiles, filepath.Join(out, "phase.json"))
	}
	return func(t *rapid.T) {
		dir, err := os.MkdirTemp(shards, "case-")
		if err != nil {
			t.Fatal(err)
		}
		defer os.RemoveAll(dir)
		c := drawSizeCase(t, dir, shardFiles[0], shardFiles[1])
		var env []string
		budget := 0.0 // unknown: half the address space left
		if rapid.Bool().Draw(t, "GOMEMLIMIT") {
			env, budget = []string{"GOMEMLIMIT=256MiB"}, 256<<20
		}
		checkSizeCase(t, vm+1<<20, env, budget, c)
	}
}

func TestSizeFlagsUnderMemoryLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("child processes: skipped with -short")
	}
	rapid.Check(t, sizeProperty(t))
}

// FuzzSizeFlags is the same property as a fuzz target (make fuzz).
func FuzzSizeFlags(f *testing.F) {
	f.Fuzz(rapid.MakeFuzz(sizeProperty(f)))
}

// checkSizeCase runs one case in a child under ulimit -v limitKiB.
func checkSizeCase(t *rapid.T, limitKiB int, env []string, budget float64, c sizeCase) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	script := fmt.Sprintf(`ulimit -v %d && exec "$0" "$@"`, limitKiB)
	cmd := exec.Command("sh", append([]string{"-c", script, exe}, c.args...)...)
	cmd.Env = append(append(os.Environ(), "NLSSL_TEST_AS_NLSSL=1", "NLSSL_TEST_BLOCK_AT="+c.block, "NLSSL_TEST_EXIT_WHEN_BLOCKED=1"), env...)
	out, err := cmd.CombinedOutput()
	text := string(out)
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
		if code < 0 {
			t.Fatalf("%q: killed by a signal (%v):\n%s", c.args, err, text)
		}
	} else if err != nil {
		t.Fatal(err)
	}
	for _, crash := range []string{"panic:", "fatal error:", "goroutine ", "out of memory"} {
		if strings.Contains(text, crash) {
			t.Fatalf("%q: crashed (exit %d):\n%s", c.args, code, text)
		}
	}
	switch {
	case strings.Contains(text, "nlssl-test: blocked"):
		var heap float64
		fmt.Sscanf(text[strings.Index(text, "heap=")+5:], "%g", &heap)
		if budget > 0 && heap > budget {
			t.Fatalf("%q: started holding %s of heap, more than the budget %s:\n%s", c.args, sim.FormatBytes(heap), sim.FormatBytes(budget), text)
		}
	case code == exitBadInput:
		if strings.Contains(text, "invalid value") || strings.Contains(text, "usage: nlssl") {
			break // a flag the flag package could not parse (an int beyond int64)
		}
		param, ok := refusedParam(text)
		if !ok {
			t.Fatalf("%q: exit 2 without the parameter named:\n%s", c.args, text)
		}
		allowed := sizeParams(c.args)
		if allowed == nil {
			break // merge: the sizes are in its files
		}
		if !allowed[param] {
			t.Fatalf("%q: exit 2 naming %q, which is not a size of the command:\n%s", c.args, param, text)
		}
		if v, err := strconv.ParseInt(refusedValue(text), 10, 64); err == nil && v < -10 && !strings.Contains(strings.Join(c.args, " "), refusedValue(text)) {
			t.Fatalf("%q: exit 2 naming %s = %d, which no flag set (an overflow inside?):\n%s", c.args, param, v, text)
		}
	case code != exitOK && code != exitFailed:
		t.Fatalf("%q: exit %d:\n%s", c.args, code, text)
	}
}

// refusedValue returns the value a refusal names.
func refusedValue(text string) string {
	_, rest, _ := strings.Cut(text, " = ")
	v, _, _ := strings.Cut(rest, " ")
	return v
}

// refusedParam returns the parameter a refusal names: "nlssl cmd: [--flag: ]param = value is invalid: ...".
func refusedParam(text string) (string, bool) {
	_, msg, ok := strings.Cut(text, ": ")
	if !ok {
		return "", false
	}
	if strings.HasPrefix(msg, "--") {
		_, msg, _ = strings.Cut(msg, ": ")
	}
	param, rest, ok := strings.Cut(msg, " = ")
	return param, ok && strings.Contains(rest, " is invalid: allowed ")
}

// sizeParams are the parameters a refusal of args may name: the command's
// size flags (given or at their defaults), the sizes they imply (n follows
// d; an axis count is named as the axis; rho follows d), the plan as a whole
// ("memory"); nil for merge, whose sizes come from its files.
func sizeParams(args []string) map[string]bool {
	if args[0] == "merge" {
		return nil
	}
	out := map[string]bool{"memory": true, "n": true, "rho": true, "shard": true, "axis tau count": true, "axis alpha count": true}
	for _, name := range sizeFlags[args[0]].names {
		out[name] = true
	}
	return out
}
