package main

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/nlssl/nlssl/experiment"
	"github.com/nlssl/nlssl/phase"
	"github.com/nlssl/nlssl/sim"
	"github.com/nlssl/nlssl/theory"
	"pgregory.net/rapid"
)

// withMemoryLimit runs f with GOMEMLIMIT set to limit bytes.
func withMemoryLimit(t *testing.T, limit int64, f func()) {
	t.Helper()
	old := debug.SetMemoryLimit(limit)
	defer debug.SetMemoryLimit(old)
	f()
}

// TestMemoryBudgetFollowsGOMEMLIMIT: a memory limit set on the process is
// the budget (when it is the smallest limit), named as such.
func TestMemoryBudgetFollowsGOMEMLIMIT(t *testing.T) {
	withMemoryLimit(t, 200<<20, func() {
		if b := memoryBudget(); b.bytes != 200<<20 || b.source != "GOMEMLIMIT" {
			t.Fatalf("budget %v, want 200 MiB from GOMEMLIMIT", b)
		}
	})
	if b := memoryBudget(); !(b.bytes > 200<<20) || b.source == "GOMEMLIMIT" {
		t.Fatalf("budget %v after the limit is lifted", b)
	}
}

// TestPlanFitsNamesTheSize: a plan beyond the budget is refused naming the
// size that accounts for most of it and can fix it alone; the range it
// states is exact (its end fits, one more does not); a size beyond its
// fixed maximum is refused whatever the budget; a plan that cannot fit at
// all says so.
func TestPlanFitsNamesTheSize(t *testing.T) {
	p := plan{what: "the job", sizes: []size{{"small", 10, 1, 0, ""}, {"big", 1000, 1, 0, ""}}, bytes: func(v []int) float64 {
		return 100 + 3*float64(v[0]) + 7*float64(v[1])
	}}
	b := memBudget{5000, "a test"}
	err := p.fits(b)
	var pe *sim.ParamError
	if !errors.As(err, &pe) || pe.Param != "big" || !strings.Contains(pe.Allowed, "[1, 695]") || !strings.Contains(pe.Allowed, "may use 4.88 KiB (a test)") {
		t.Fatalf("error %v, want big in [1, 695]", err)
	}
	for _, c := range []struct {
		big  int
		fits bool
	}{{695, true}, {696, false}} {
		q := p
		q.sizes = []size{p.sizes[0], {"big", c.big, 1, 0, ""}}
		if (q.fits(b) == nil) != c.fits {
			t.Errorf("big = %d: fits %v, want %v", c.big, q.fits(b) == nil, c.fits)
		}
	}
	// Neither size alone brings 100 + 3 * 2000 + 7 * 1000 within 5000.
	p.sizes = []size{{"small", 2000, 1, 0, ""}, {"big", 1000, 1, 0, ""}}
	if err := p.fits(b); !errors.As(err, &pe) || pe.Param != "memory" || !strings.Contains(pe.Allowed, "reduce big, small") {
		t.Fatalf("error %v, want the plan refused as a whole, naming the sizes", err)
	}
	p.sizes[1].max, p.sizes[1].why = 999, "a limit"
	if err := p.fits(memBudget{math.MaxFloat64, "a test"}); !errors.As(err, &pe) || pe.Param != "big" || pe.Allowed != "an integer in [1, 999]: a limit" {
		t.Fatalf("error %v, want big beyond its maximum", err)
	}
}

// TestFileTooLargeIsRefusedBeforeReading: a file whose decoding could
// exceed the budget is refused by its size (a sparse file: nothing is
// read or written).
func TestFileTooLargeIsRefusedBeforeReading(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data.json")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(64 << 20); err != nil {
		t.Fatal(err)
	}
	f.Close()
	withMemoryLimit(t, 512<<20, func() {
		code, _, stderr := runCLI(t, "train", "--data", path, "--quiet")
		if code != exitBadInput || !strings.Contains(stderr, "--data: file = "+path+" (64 MiB) is invalid: allowed a file of at most 32 MiB") {
			t.Fatalf("exit %d: %s", code, stderr)
		}
	})
}

// TestCommandsRefuseWhatTheBudgetCannotHold: under a low GOMEMLIMIT each
// command refuses the size that would exceed it, naming the flag, its value,
// the allowed range and the memory, with exit 2; the defaults still run.
func TestCommandsRefuseWhatTheBudgetCannotHold(t *testing.T) {
	withMemoryLimit(t, 256<<20, func() {
		for _, c := range []struct {
			args []string
			want string
		}{
			{[]string{"train", "--steps", "5000000"}, "steps = 5000000 is invalid: allowed an integer in [1, "},
			{[]string{"train", "--d", "60000", "--n", "1000", "--record-every", "0"}, "n = 1000 is invalid: allowed an integer in [1, "},
			{[]string{"check", "--probe-train", "10000000"}, "probe-train = 10000000 is invalid: allowed an integer in [10, "},
			{[]string{"check", "--d", "2000", "--n", "10", "--max-ascent-steps", "1000"}, "d = 2000 is invalid: allowed an integer in [2, "},
			{[]string{"reproduce", "--seeds", "200"}, "seeds = 200 is invalid: allowed an integer in [2, "},
			{[]string{"phase", "--x", "tau:1:2:1024", "--y", "alpha:0.001:0.01:1024"}, "axis tau count = 1024 is invalid: allowed an integer in [2, "},
			{[]string{"phase", "--mode", "full", "--x", "tau:1:2:8", "--y", "alpha:0.001:0.01:8", "--workers", "64"}, "workers = 64 is invalid: allowed an integer in [1, "},
		} {
			args := append(c.args, "--quiet")
			if c.args[0] != "check" {
				args = append(args, "--out", t.TempDir())
			}
			code, _, stderr := runCLI(t, args...)
			if code != exitBadInput || !strings.Contains(stderr, c.want) || !strings.Contains(stderr, "may use 256 MiB (GOMEMLIMIT)") {
				t.Errorf("%q: exit %d, stderr %s", c.args, code, stderr)
			}
		}
	})
}

// TestPlansAreMonotone: every command's plan is a sound function of its
// sizes at any int values (d within the library's range), which fits
// relies on: never negative or NaN, and
// never smaller when one size grows (an integer overflow inside a plan
// would let a huge size through).
func TestPlansAreMonotone(t *testing.T) {
	edges := []int{math.MinInt, -1, 0, 1, 2, 10, 1000, 1 << 20, 1 << 31, 1 << 40, 1 << 62, math.MaxInt / 2, math.MaxInt}
	c := sim.PaperConfig(sim.SSL)
	p := theory.PaperParams()
	s := experiment.PaperSettings()
	spec := phase.Spec{Base: p, X: phase.Axis{Param: "tau", Lo: 1, Hi: 7, Count: 3}, Y: phase.Axis{Param: "d", Lo: 2, Hi: 20, Count: 3}, Mode: phase.Full}
	for _, pl := range []plan{trainPlan(c, true), checkPlan(p), reproducePlan(s), phasePlan(spec, phase.Shard{Index: 0, Count: 1}, 0)} {
		rapid.Check(t, func(t *rapid.T) {
			v := pl.values()
			for i, s := range pl.sizes {
				if rapid.Bool().Draw(t, "edge "+s.flag) {
					v[i] = rapid.SampledFrom(edges).Draw(t, s.flag)
				} else {
					v[i] = rapid.IntRange(s.min, s.min+1000).Draw(t, s.flag)
				}
				// fits sees only values at or above the minimum, and d within
				// [2, sim.MaxD] (validated before any plan is made).
				v[i] = max(v[i], s.min)
				if s.flag == "d" {
					v[i] = min(v[i], sim.MaxD)
				}
			}
			i := rapid.IntRange(0, len(v)-1).Draw(t, "grown")
			w := append([]int(nil), v...)
			top := math.MaxInt
			if pl.sizes[i].flag == "d" {
				top = sim.MaxD
			}
			w[i] = rapid.IntRange(v[i], top).Draw(t, "to")
			b, bw := pl.bytes(v), pl.bytes(w)
			if !(b >= planOverhead) || !(bw >= b) {
				t.Fatalf("%s: %v needs %g bytes, %v (%s grown) %g", pl.what, v, b, w, pl.sizes[i].flag, bw)
			}
		})
	}
}
