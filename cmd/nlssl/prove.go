package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/nlssl/nlssl/regions"
	"github.com/nlssl/nlssl/sim"
	"github.com/nlssl/nlssl/theory"
)

const proveUsage = `usage: nlssl prove [flags]

Proves claims C1 and C2 for EVERY starting point of a box, not for a
sample: for the population objective (isotropic noise), from every row W0
whose (a, b, q) = (w.e1, w.e2, norm of the other d - 2 coordinates) lies in
the box given by --a, --b, --q, gradient ascent keeps a > 0 and b > 0 at
every step, never decreases L, and converges to one strict local maximum
W* (the mirror row a < 0 by symmetry). The proof is interval
branch-and-prune with rigorous quadrature (package regions): every
critical point in Omega certified and classified, a trapping box R proved
invariant, the descent lemma, W* the only critical point in R. The default
box is the near region, q <= 5 sqrt(d - 2).

Exit status: 0 proved, 1 disproved (a certified counterexample in the
box), 3 not proved (which part and where is printed), 2 bad input.

flags:
`

// exitNotProved is prove's exit status when a part could not be proved.
const exitNotProved = 3

// proveNotUsed are model flags prove does not use: it has no SL model, no
// randomness and its own rigorous quadrature.
var proveNotUsed = map[string]string{
	"beta":       "prove has no SL model",
	"gamma":      "prove has no SL model",
	"quad-nodes": "prove's rigorous trapezoid rules choose their own nodes from the noise scale",
}

type proveFlags struct {
	*fieldFlags[theory.Params]
	fs                     *flag.FlagSet
	a, b, q                string
	omegaA, omegaB, omegaQ string
	maxEnclosures, workers int
	grow                   bool
	growSteps              int
	asJSON, quiet          bool
}

// The default starting box's flag texts, from the near region's bounds
// (sim.NearRegion): "3.1:3.9", "8.5/tau:9/tau" and "0:5sqrt(d-2)".
var (
	nearAText = fmt.Sprintf("%g:%g", sim.NearALo, sim.NearAHi)
	nearBText = fmt.Sprintf("%g/tau:%g/tau", sim.NearBLo, sim.NearBHi)
	nearQText = fmt.Sprintf("0:%gsqrt(d-2)", sim.NearOtherMax)
)

func newProveFlags(fs *flag.FlagSet) *proveFlags {
	f := &proveFlags{fieldFlags: newFieldFlags[theory.Params](fs), fs: fs}
	modelFlags(f.fieldFlags, paramsPoint)
	fs.StringVar(&f.a, "a", nearAText, "starting box: a = w.e1 in lo:hi (lo > 0)")
	fs.StringVar(&f.b, "b", nearBText, "starting box: b = w.e2 in lo:hi (lo > 0)")
	fs.StringVar(&f.q, "q", nearQText, "starting box: q = norm of the other d-2 coordinates in lo:hi (lo >= 0)")
	fs.StringVar(&f.omegaA, "omega-a", "a.lo/64:2a.hi", "box of the critical-point search: a in lo:hi")
	fs.StringVar(&f.omegaB, "omega-b", "b.lo/2:2b.hi", "box of the critical-point search: b in lo:hi")
	fs.StringVar(&f.omegaQ, "omega-q", "0:q.hi", "box of the critical-point search: q in lo:hi")
	fs.IntVar(&f.maxEnclosures, "max-enclosures", 0, "budget of box enclosures (0: regions' default, 8000)")
	fs.IntVar(&f.workers, "workers", 0, "parallel enclosures (0: every core); the result does not depend on it")
	fs.BoolVar(&f.grow, "grow", false, "also move each face of the box outward and report how far the proof reaches (bisection)")
	fs.IntVar(&f.growSteps, "grow-steps", 6, "bisection steps per face for --grow, 0..30")
	fs.BoolVar(&f.asJSON, "json", false, "write the result as JSON (format nlssl/prove) to stdout")
	fs.BoolVar(&f.quiet, "quiet", false, "no progress on stderr")
	return f
}

// parseRange reads "lo:hi" for flag name.
func parseRange(name, s string) (lo, hi float64, err error) {
	l, h, ok := strings.Cut(s, ":")
	if ok {
		if lo, err = strconv.ParseFloat(l, 64); err == nil {
			hi, err = strconv.ParseFloat(h, 64)
		}
	}
	if !ok || err != nil {
		return 0, 0, &sim.ParamError{Param: name, Value: strconv.Quote(s), Allowed: "lo:hi, two numbers"}
	}
	return lo, hi, nil
}

// resolve builds the problem and the settings; d is returned for the
// report (it sets the default q range).
func (f *proveFlags) resolve() (regions.Problem, regions.Settings, int, error) {
	var none regions.Problem
	var flagged theory.Params
	if err := f.Apply(&flagged); err != nil {
		return none, regions.Settings{}, 0, err
	}
	for name, why := range proveNotUsed {
		if f.Set(name) {
			return none, regions.Settings{}, 0, fmt.Errorf("--%s is not used by prove: %s", name, why)
		}
	}
	d := 10
	if f.Set("d") {
		d = flagged.D
	}
	if d < 2 || d > sim.MaxD {
		return none, regions.Settings{}, 0, &sim.ParamError{Param: "d", Value: fmt.Sprint(d), Allowed: fmt.Sprintf("an integer in [2, %d]", sim.MaxD)}
	}
	p := theory.DefaultParams(d)
	if err := f.Apply(&p); err != nil {
		return none, regions.Settings{}, 0, err
	}
	point := regions.Point{Tau: p.Tau, Rho: p.Rho, Alpha: p.Alpha, N: p.N, Eta: p.Eta, Noise: p.Noise}
	if err := point.Validate(); err != nil {
		return none, regions.Settings{}, 0, err
	}
	start := regions.NearRegion(p.Tau, d)
	for _, c := range []struct {
		name string
		axis int
		val  string
	}{{"a", regions.AxisA, f.a}, {"b", regions.AxisB, f.b}, {"q", regions.AxisQ, f.q}} {
		if f.Set(c.name) {
			lo, hi, err := parseRange(c.name, c.val)
			if err != nil {
				return none, regions.Settings{}, 0, err
			}
			start[c.axis].Lo, start[c.axis].Hi = lo, hi
		} else if c.name == "b" && !(p.Tau > 0) {
			return none, regions.Settings{}, 0, fmt.Errorf("tau = %g: the default --b (%s) needs tau > 0; give --b", p.Tau, nearBText)
		}
	}
	prob := regions.Problem{Point: point, Start: start}
	if f.Set("omega-a") || f.Set("omega-b") || f.Set("omega-q") {
		om := regions.DefaultOmega(start)
		for _, c := range []struct {
			name string
			axis int
			val  string
		}{{"omega-a", regions.AxisA, f.omegaA}, {"omega-b", regions.AxisB, f.omegaB}, {"omega-q", regions.AxisQ, f.omegaQ}} {
			if f.Set(c.name) {
				lo, hi, err := parseRange(c.name, c.val)
				if err != nil {
					return none, regions.Settings{}, 0, err
				}
				om[c.axis].Lo, om[c.axis].Hi = lo, hi
			}
		}
		prob.Omega = &om
	}
	set := regions.Settings{MaxEnclosures: f.maxEnclosures, Workers: f.workers}
	if f.maxEnclosures < 0 {
		return none, set, 0, &sim.ParamError{Param: "max-enclosures", Value: fmt.Sprint(f.maxEnclosures), Allowed: "an integer >= 0 (0: the default)"}
	}
	if f.workers < 0 {
		return none, set, 0, &sim.ParamError{Param: "workers", Value: fmt.Sprint(f.workers), Allowed: "an integer >= 0 (0: every core)"}
	}
	if f.growSteps < 0 || f.growSteps > 30 {
		return none, set, 0, &sim.ParamError{Param: "grow-steps", Value: fmt.Sprint(f.growSteps), Allowed: "an integer in [0, 30]"}
	}
	return prob, set, d, nil
}

// flagNames maps the boxes' parameter names in regions' errors to prove's
// flags.
var flagNames = map[string]string{
	"start.a": "--a", "start.b": "--b", "start.q": "--q",
	"omega.a": "--omega-a", "omega.b": "--omega-b", "omega.q": "--omega-q", "omega": "--omega-a/-b/-q",
}

// nameFlag prefixes an error about a box with the flag that set it.
func nameFlag(err error) error {
	var pe *sim.ParamError
	if errors.As(err, &pe) {
		if fl, ok := flagNames[pe.Param]; ok {
			return fmt.Errorf("%s: %w", fl, err)
		}
	}
	return err
}

// proveReport is the JSON document of `nlssl prove --json`.
type proveReport struct {
	Format  string               `json:"format"`
	Version int                  `json:"version"`
	D       int                  `json:"d"`
	Result  *regions.Result      `json:"result"`
	Grow    []regions.GrowResult `json:"grow,omitempty"`
	Seconds float64              `json:"seconds"`
}

// boxProgress prints "prove: N boxes done, M left" on stderr at most twice
// a second.
func boxProgress(w io.Writer, quiet bool) func(done, left int) {
	if quiet {
		return nil
	}
	start, last := time.Now(), time.Time{}
	return func(done, left int) {
		if now := time.Now(); now.Sub(last) >= 500*time.Millisecond {
			last = now
			fmt.Fprintf(w, "prove: %d boxes done, %d left (%.1fs)\n", done, left, now.Sub(start).Seconds())
		}
	}
}

func runProve(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("prove", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(fs.Output(), proveUsage); fs.PrintDefaults() }
	f := newProveFlags(fs)
	if code, done := parseFlags(fs, args, false, stderr); done {
		return code
	}
	prob, set, d, err := f.resolve()
	if err != nil {
		return badInput(stderr, "prove", nameFlag(err))
	}
	set.Progress = boxProgress(stderr, f.quiet)
	start := time.Now()
	res, err := regions.Prove(prob, &set)
	if err != nil {
		return badInput(stderr, "prove", nameFlag(err))
	}
	rep := proveReport{Format: "nlssl/prove", Version: 1, D: d, Result: res}
	if f.grow && res.Status == regions.Proved {
		rep.Grow, err = regions.Grow(prob, res, &set, regions.GrowOptions{Steps: f.growSteps, Report: func(g regions.GrowResult) {
			if !f.quiet {
				fmt.Fprintf(stderr, "prove --grow: %s\n", growLine(g))
			}
		}})
		if err != nil {
			return badInput(stderr, "prove", err)
		}
	}
	rep.Seconds = time.Since(start).Seconds()
	if f.asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", " ")
		if err := enc.Encode(rep); err != nil {
			return badInput(stderr, "prove", err)
		}
	} else {
		printProof(stdout, rep)
	}
	switch res.Status {
	case regions.Proved:
		return exitOK
	case regions.Disproved:
		return exitFailed
	}
	return exitNotProved
}

func growLine(g regions.GrowResult) string {
	if g.NotProved == nil {
		return fmt.Sprintf("%s: from %.6g, proved up to the limit tried, %.6g", g.Face, g.Start, g.Proved)
	}
	return fmt.Sprintf("%s: from %.6g, proved to %.6g, not proved at %.6g (%s)", g.Face, g.Start, g.Proved, *g.NotProved, g.Why)
}

func printProof(w io.Writer, rep proveReport) {
	r := rep.Result
	p := r.Problem.Point
	fmt.Fprintf(w, "nlssl prove: tau=%g rho=%.6g alpha=%g n=%d eta=%g (d=%d) (%.2fs)\n\n", p.Tau, p.Rho, p.Alpha, p.N, p.Eta, rep.D, rep.Seconds)
	fmt.Fprintf(w, "%s\n\n", r.Summary())
	fmt.Fprintf(w, "start: %s\nOmega: %s\n", r.Problem.Start, *r.Problem.Omega)
	if r.Region != nil {
		fmt.Fprintf(w, "R:     %s\n", r.Region.Region)
	}
	if m := r.Max; m != nil {
		e := m.Enclosed
		fmt.Fprintf(w, "W*:    (%.9g, %.9g, 0), enclosed to widths %.2g x %.2g (%s; Hessian eigenvalues <= %.4g on (a, b), c in [%.4g, %.4g])\n",
			m.Centre[0], m.Centre[1], e.Width(regions.AxisA), e.Width(regions.AxisB), m.Kind, m.LambdaMaxAB, m.C[0], m.C[1])
	}
	for _, c := range r.Critical {
		if r.Max == nil || c.Box != r.Max.Box {
			fmt.Fprintf(w, "other critical point: (%.6g, %.6g, 0), %s, in %s\n", c.Centre[0], c.Centre[1], c.Kind, c.Box)
		}
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "part\tproved\tdetail")
	for _, pt := range r.Parts {
		fmt.Fprintf(tw, "%s\t%v\t%s\n", pt.Name, pt.Proved, pt.Detail)
	}
	tw.Flush()
	c, m := r.Counts, r.Margins
	fmt.Fprintf(w, "\nboxes: %d excluded, %d reduced to q = 0, %d covered, %d critical points certified, %d undecided; R's cover %d boxes; %d enclosures\n",
		c.Excluded, c.Reduced, c.Covered, c.Certified, c.Undecided, c.RegionBoxes, c.Enclosures)
	if r.Status == regions.Proved {
		fmt.Fprintf(w, "margins: gradient exclusion %.3g; inward gradient on R's faces a.lo %.3g, a.hi %.3g, b.lo %.3g, b.hi %.3g, q.hi %.3g; image slack >= %.3g; eta*Lhat/2 = %.4g (Lhat = %.4g); step <= %.3g; c <= %.4g on R; lambda_max(W*) <= %.4g\n",
			m.GradExclusion, m.FaceMargin[0], m.FaceMargin[1], m.FaceMargin[2], m.FaceMargin[3], m.FaceMargin[4], minOf(m.ImageSlack[:]), m.EtaLhatHalf, m.Lhat, m.StepMax, m.CMax, m.LambdaMax)
	}
	if r.FailedBox != nil {
		fmt.Fprintf(w, "failed at: %s\n", *r.FailedBox)
	}
	for _, g := range rep.Grow {
		fmt.Fprintf(w, "grow %s\n", growLine(g))
	}
}

func minOf(xs []float64) float64 {
	m := math.Inf(1)
	for _, x := range xs {
		m = math.Min(m, x)
	}
	return m
}
