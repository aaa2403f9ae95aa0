package main

import (
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/nlssl/nlssl/buildinfo"
	"github.com/nlssl/nlssl/experiment"
	"github.com/nlssl/nlssl/sim"
)

const reproduceUsage = `usage: nlssl reproduce [flags]

Runs the paper's reference experiment (docs/model.md section 7): for each
seed 1..--seeds, SSL from the near and from the sign initialisation, and
SL, every step recorded; then writes into --out:

  curves-ssl-near, curves-ssl-signs, curves-sl   every run, and the mean of each basin's runs
  results-scatter                               final rows of every run
  projections                                   ||P e1||, ||P e2|| histograms, per group
  summary.md, summary.json                      means and 95% intervals of per-run quantities, per basin
  verdicts.json                                 every claim checked at the same point (seed 1)
  trajectories.bin, trajectories.json           the raw trajectories (layout in the .json)

A run's basin is where its rows end: +a/-a as started, +a/+a or -a/-a when
a row crossed a = 0. Intervals are Student's t over the runs, within the
quantity's range. Figures are PNG, or SVG with --format svg (fonts
embedded). The summary table also goes to stdout; progress goes to stderr.
Every JSON file records the build (--build-record).

Exit status: 0 on success, 1 if a run diverges or a claim fails inside its
hypotheses, 2 on bad input, 130 when interrupted (SIGINT: --out is left as
it was).

flags:
`

func runReproduce(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("reproduce", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(fs.Output(), reproduceUsage); fs.PrintDefaults() }
	f := newFieldFlags[sim.Config](fs)
	modelFlags(f, configPoint)
	def := experiment.PaperSettings()
	sslSteps := fs.Int("ssl-steps", def.SSL.Steps, "steps of each SSL run, >= 1")
	slSteps := fs.Int("sl-steps", def.SL.Steps, "steps of each SL run, >= 1")
	seeds := fs.Int("seeds", def.Seeds, "number of seeds (1..seeds), >= 2")
	probe := fs.Int("probe-points", def.ProbePoints, "fresh points each probe is fitted on and scored on, >= 10")
	out := fs.String("out", "out", "directory to write into (created if needed)")
	format := fs.String("format", "png", `figure format: "png" or "svg"`)
	noCheck := fs.Bool("no-check", false, "do not check the claims")
	noTraj := fs.Bool("no-trajectories", false, "do not write the raw trajectories")
	quiet := fs.Bool("quiet", false, "no progress on stderr")
	record := fs.String("build-record", "full", `what the JSON files record of the build: "full" (release, toolchain, module, build settings) or "release" (the release only: the same bytes on every build; make figures uses it)`)
	if code, done := parseFlags(fs, args, false, stderr); done {
		return code
	}
	fmtv, err := experiment.ParseFormat(*format)
	if err != nil {
		return badInput(stderr, "reproduce", err)
	}
	s, err := reproduceSettings(f, *sslSteps, *slSteps, *seeds, *probe, !*noCheck)
	if err != nil {
		return badInput(stderr, "reproduce", err)
	}
	switch *record {
	case "full":
		s.Build = buildinfo.Current()
	case "release":
		s.Build = buildinfo.Stable()
	default:
		return badInput(stderr, "reproduce", &sim.ParamError{Param: "build-record", Value: fmt.Sprintf("%q", *record), Allowed: `"full" or "release"`})
	}
	if err := reproducePlan(s).fits(memoryBudget()); err != nil {
		return badInput(stderr, "reproduce", err)
	}
	s.Format = fmtv
	prog := newProgress(stderr, "reproduce", *quiet)
	start := time.Now()
	s.Progress = func(stage string, done, total int) {
		prog.stage("reproduce: " + stage)
		prog.update(done, total)
	}
	pending.begin("reproduce", func() string {
		return fmt.Sprintf("stopped during %s; nothing was written to %s (its files are written when every run, probe and check is done); run the same command again", prog, *out)
	})
	res, err := experiment.Reproduce(s)
	if err != nil {
		if sim.IsParamError(err) {
			return badInput(stderr, "reproduce", err)
		}
		fmt.Fprintf(stderr, "nlssl reproduce: %v\n", err)
		return exitFailed
	}
	var summary experiment.Summary
	err = writeDir(*out, func(tmp string) error {
		var err error
		summary, err = res.Write(tmp, fmtv, !*noTraj)
		return err
	})
	if err != nil {
		return badInput(stderr, "reproduce", err)
	}
	fmt.Fprint(stdout, summary.Markdown())
	failed := false
	if res.Verdicts != nil {
		fmt.Fprintln(stdout, "\nClaims at the same point (seed 1; details in verdicts.json):")
		for _, v := range res.Verdicts {
			fmt.Fprintf(stdout, "- %s %s: %s\n", v.Claim, v.Outcome, v.Reason)
			failed = failed || (v.Hypotheses && v.Outcome.String() == "fails")
		}
	}
	if !*quiet {
		dir, _ := filepath.Abs(*out)
		fmt.Fprintf(stderr, "reproduce: wrote %s in %.2fs\n", dir, time.Since(start).Seconds())
	}
	if failed {
		return exitFailed
	}
	return exitOK
}

// reproduceSettings builds the settings: the paper's defaults at the chosen
// d (n = d^2, rho = d^-1.5), then the model flags given, applied to both
// models.
func reproduceSettings(f *fieldFlags[sim.Config], sslSteps, slSteps, seeds, probe int, check bool) (experiment.Settings, error) {
	var flagged sim.Config
	if err := f.Apply(&flagged); err != nil {
		return experiment.Settings{}, err
	}
	d := 10
	if f.Set("d") {
		d = flagged.D
	}
	if d < 2 {
		return experiment.Settings{}, &sim.ParamError{Param: "d", Value: fmt.Sprint(d), Allowed: "an integer >= 2"}
	}
	s := experiment.PaperSettings()
	s.SSL, s.SL = sim.DefaultConfig(sim.SSL, d), sim.DefaultConfig(sim.SL, d)
	for _, c := range []*sim.Config{&s.SSL, &s.SL} {
		if err := f.Apply(c); err != nil {
			return experiment.Settings{}, err
		}
	}
	s.SSL.Steps, s.SL.Steps = sslSteps, slSteps
	s.Seeds, s.ProbePoints, s.Check = seeds, probe, check
	return s, nameSteps(s.Validate(), sslSteps, slSteps)
}
