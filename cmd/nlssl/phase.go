package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/nlssl/nlssl/buildinfo"
	"github.com/nlssl/nlssl/phase"
	"github.com/nlssl/nlssl/sim"
)

const phaseUsage = `usage: nlssl phase [flags]

Sweeps a grid over two parameters and classifies every point per claim:
holds, fails (with its mechanism), outside-hypotheses or undecided. Writes
into --out: phase.json (format nlssl/phase), phase.csv (a row per point and
claim), boundaries.csv (where a claim changes outcome, by bisection along
grid lines) and map-<claim>.png (or .svg) per claim.

--mode simplified classifies the claims on L~ (C3~: a strict maximum from
the near region; C4~: it captures both features): microseconds a point.
--mode full runs every claim C1-C6 (theory.CheckAll) at every point.
--mode prove proves C1 and C2 for every starting row of the near region
(claim C1C2-region, the proof of 'nlssl prove' on the population objective,
with a budget of 2000 box enclosures per point): seconds to a minute a
point; axes tau, alpha, decay, rho, d or eta.

--shard i/N computes only the points whose index is i mod N and writes
them to --out/phase.json; 'nlssl merge' joins the shards' phase.json into
exactly the unsharded output.

While it runs, the sweep records each point as it completes in
--out/phase-points.jsonl. An interrupted sweep (SIGINT, exit 130; a killed
process) keeps those points: the same command with --resume computes only
the others, and writes exactly what the uninterrupted sweep writes.

Axes: --x and --y as param:lo:hi:count[:log], param one of tau; alpha,
beta, gamma (each sets that weight decay alone, as the flag of that name
does); decay (sets alpha = beta = gamma, as --decay does); rho; d
(n = d^2, and rho = d^-1.5 unless rho is the other axis); eta; a0, b0
(the initial point's w^(1) = +-a0, w^(2) = b0). phase.json records, per
axis, what it sets. The other flags set the base point, as for 'nlssl
check': a map cell (tau, decay) = (7, 0.005) is 'nlssl check --tau 7
--decay 0.005'. The model and claims: docs/model.md.

flags:
`

func runPhase(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("phase", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(fs.Output(), phaseUsage); fs.PrintDefaults() }
	f := newCheckFlags(fs)
	xs := fs.String("x", "tau:0.25:20:64:log", "first axis, param:lo:hi:count[:log]")
	ys := fs.String("y", "decay:0.0003125:0.05:64:log", "second axis")
	mode := fs.String("mode", "simplified", `"simplified" (claims on L~), "full" (C1-C6) or "prove" (C1, C2 proved over the near region)`)
	bisect := fs.Int("bisect", -1, "bisection steps per boundary, 0..40 (-1: 12 in simplified mode, 0 in full and prove modes)")
	shard := fs.String("shard", "0/1", "compute shard i of N (i/N)")
	out := fs.String("out", "phase-out", "directory to write into")
	format := fs.String("format", "png", `map format: "png" or "svg"`)
	workers := fs.Int("workers", 0, "goroutines (0: GOMAXPROCS); the output does not depend on it")
	resume := fs.Bool("resume", false, "continue the interrupted sweep whose journal is in --out ("+journalName+")")
	quiet := fs.Bool("quiet", false, "no progress on stderr")
	if code, done := parseFlags(fs, args, false, stderr); done {
		return code
	}
	base, err := f.resolve()
	if err != nil {
		return badInput(stderr, "phase", err)
	}
	build := buildinfo.Current()
	spec := phase.Spec{Base: base, Mode: phase.Mode(*mode), Bisect: *bisect, Build: &build}
	if spec.X, err = phase.ParseAxis(*xs); err != nil {
		return badInput(stderr, "phase", fmt.Errorf("--x: %w", err))
	}
	if spec.Y, err = phase.ParseAxis(*ys); err != nil {
		return badInput(stderr, "phase", fmt.Errorf("--y: %w", err))
	}
	if spec.Bisect == -1 { // the default: by mode
		spec.Bisect = 0
		if spec.Mode == phase.Simplified {
			spec.Bisect = 12
		}
	}
	if *workers < 0 {
		return badInput(stderr, "phase", &sim.ParamError{Param: "workers", Value: fmt.Sprint(*workers), Allowed: "0 (GOMAXPROCS) or a positive integer"})
	}
	sh, err := parseShard(*shard)
	if err != nil {
		return badInput(stderr, "phase", err)
	}
	if *format != "png" && *format != "svg" {
		return badInput(stderr, "phase", &sim.ParamError{Param: "format", Value: *format, Allowed: `"png" or "svg"`})
	}
	if err := spec.Validate(); err != nil {
		return badInput(stderr, "phase", err)
	}
	if err := phasePlan(spec, sh, *workers).fits(memoryBudget()); err != nil {
		return badInput(stderr, "phase", err)
	}
	start := time.Now()
	j, err := sweepJournal(*out, spec, sh, *resume, *quiet, stderr)
	if err != nil {
		return badInput(stderr, "phase", err)
	}
	defer j.Close()
	pending.onClose(func() { j.Close() })
	total := (spec.X.Count*spec.Y.Count - sh.Index + sh.Count - 1) / sh.Count
	pending.begin("phase", func() string {
		return fmt.Sprintf("%d of %d points are kept in %s; continue with the same flags and --resume", j.Len(), total, j.Path())
	})
	prog := newProgress(stderr, fmt.Sprintf("phase %s shard %d/%d", spec.Mode, sh.Index, sh.Count), *quiet)
	sw, err := phase.RunWith(spec, sh, phase.Options{Workers: *workers, Progress: prog.update, Journal: j})
	if err != nil {
		return badInput(stderr, "phase", err)
	}
	if err := writeDir(*out, func(tmp string) error { return sw.WriteFiles(tmp, *format) }); err != nil {
		return badInput(stderr, "phase", err)
	}
	j.Close()
	os.Remove(j.Path()) // the sweep's files are complete: nothing to resume
	summarizeSweep(stdout, sw)
	if !*quiet {
		fmt.Fprintf(stderr, "phase: %d points in %.2fs, written to %s\n", len(sw.Points), time.Since(start).Seconds(), *out)
	}
	return exitOK
}

// journalName is the file in --out where a sweep records its points as they
// complete (phase.Journal), removed once the sweep's files are written.
const journalName = "phase-points.jsonl"

// sweepJournal opens the sweep's journal in dir: a new one, or with resume
// the interrupted sweep's (a new one when there is none). Without resume an
// existing journal is refused: it holds work that --resume would keep.
func sweepJournal(dir string, spec phase.Spec, sh phase.Shard, resume, quiet bool, stderr io.Writer) (*phase.Journal, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	path := filepath.Join(dir, journalName)
	_, err := os.Stat(path)
	exists := err == nil
	switch {
	case exists && resume:
		j, err := phase.OpenJournal(path, spec, sh)
		if err == nil && !quiet {
			fmt.Fprintf(stderr, "phase: resuming from %s: %d points already computed\n", path, j.Len())
		}
		return j, err
	case exists:
		return nil, fmt.Errorf("%s holds the points of an interrupted sweep: continue it with --resume (and the same flags), or remove the file to start again", path)
	case resume && !quiet:
		fmt.Fprintf(stderr, "phase: --resume: no journal in %s, starting the sweep\n", dir)
	}
	return phase.CreateJournal(path, spec, sh)
}

func parseShard(s string) (phase.Shard, error) {
	i, n, ok := strings.Cut(s, "/")
	a, err1 := strconv.Atoi(i)
	b, err2 := strconv.Atoi(n)
	if !ok || err1 != nil || err2 != nil || b < 1 || a < 0 || a >= b {
		return phase.Shard{}, &sim.ParamError{Param: "shard", Value: fmt.Sprintf("%q", s), Allowed: "i/N with integers 0 <= i < N"}
	}
	return phase.Shard{Index: a, Count: b}, nil
}

// summarizeSweep prints, per claim, how many points fall in each class
// and the boundaries found.
func summarizeSweep(w io.Writer, sw *phase.Sweep) {
	for ci, c := range sw.Claims() {
		count := map[string]int{}
		for _, p := range sw.Points {
			r := p.Results[ci]
			count[r.Outcome.String()]++
		}
		nb := 0
		for _, b := range sw.Boundaries {
			if b.Claim == c {
				nb++
			}
		}
		fmt.Fprintf(w, "%s: holds %d, fails %d, undecided %d, outside %d; %d boundary points\n",
			c, count["holds"], count["fails"], count["undecided"], count["outside-hypotheses"], nb)
	}
}

const mergeUsage = `usage: nlssl merge [--out dir] [--format png|svg] [--bisect N] shard.json ...

Joins the phase.json of every shard of one sweep (computed by one build)
into the complete sweep's output, byte for byte what the unsharded 'nlssl
phase' writes. The boundaries are bisected again, with the sweep's own
steps or with --bisect N: the output is then that of 'nlssl phase --bisect
N' (--bisect 0 costs nothing: it keeps the grid intervals, where a full-mode
step costs a whole check). Merging a single complete phase.json redraws its
maps.

flags:
`

func runMerge(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("merge", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(fs.Output(), mergeUsage); fs.PrintDefaults() }
	out := fs.String("out", "phase-out", "directory to write into")
	format := fs.String("format", "png", `map format: "png" or "svg"`)
	bisect := fs.Int("bisect", -1, "bisection steps per boundary, 0..40 (-1: the sweep's own)")
	if code, done := parseFlags(fs, args, true, stderr); done {
		return code
	}
	if fs.NArg() == 0 {
		return badInput(stderr, "merge", errors.New("no shard files given"))
	}
	var parts []*phase.Sweep
	for _, path := range fs.Args() {
		sw, err := readFile(path, phase.ReadJSON)
		if err != nil {
			return badInput(stderr, "merge", fmt.Errorf("%s: %w", path, err))
		}
		parts = append(parts, sw)
	}
	if err := sameBuild(parts, fs.Args()); err != nil {
		return badInput(stderr, "merge", err)
	}
	if *bisect != -1 {
		for _, p := range parts {
			p.Spec.Bisect = *bisect
		}
		if err := parts[0].Spec.Validate(); err != nil {
			return badInput(stderr, "merge", err)
		}
	}
	if err := phasePlan(parts[0].Spec, phase.Shard{Index: 0, Count: 1}, 0).fits(memoryBudget()); err != nil {
		return badInput(stderr, "merge", err)
	}
	pending.begin("merge", func() string {
		return fmt.Sprintf("nothing was written to %s (its files are written when the merge is done); run the same command again", *out)
	})
	sw, err := phase.Merge(parts)
	if err != nil {
		return badInput(stderr, "merge", err)
	}
	if err := writeDir(*out, func(tmp string) error { return sw.WriteFiles(tmp, *format) }); err != nil {
		return badInput(stderr, "merge", err)
	}
	summarizeSweep(stdout, sw)
	return exitOK
}

// sameBuild refuses shards computed by different builds, naming both
// (phase.Merge refuses them too, as shards of different specs).
func sameBuild(parts []*phase.Sweep, paths []string) error {
	name := func(b *buildinfo.Record) string {
		if b == nil {
			return "no build record"
		}
		return b.String()
	}
	for k, p := range parts[1:] {
		a, b := name(parts[0].Spec.Build), name(p.Spec.Build)
		if !reflect.DeepEqual(parts[0].Spec.Build, p.Spec.Build) {
			return &sim.ParamError{Param: paths[k+1] + " build", Value: b, Allowed: fmt.Sprintf("the build of %s, %s: every shard must be computed by one build", paths[0], a)}
		}
	}
	return nil
}
