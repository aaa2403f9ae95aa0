package main

import (
	"encoding"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/nlssl/nlssl/buildinfo"
	"github.com/nlssl/nlssl/sim"
	"github.com/nlssl/nlssl/theory"
)

const checkUsage = `usage: nlssl check [flags]

Checks every claim C1-C6 at one parameter point, as docs/model.md section 8
states them (hypotheses and corrections included), and prints, per claim,
its outcome (holds, fails, outside-hypotheses, undecided), whether it is
certified (proved by a bound), its key evidence and a one-line reason. With
--json the verdicts, with all their evidence, go to stdout as JSON (format
nlssl/check).

Exit status: 1 when a claim fails inside its hypotheses, 2 on bad input,
130 when interrupted (SIGINT), 0 otherwise.

flags:
`

// paramsPoint is the model point of a claim check.
func paramsPoint(p *theory.Params) *sim.Point { return &p.Point }

// checkFlags are the flags that set a theory.Params: defaults at d
// (theory.DefaultParams), then the flags given.
type checkFlags struct {
	*fieldFlags[theory.Params]
	initFile string
}

func newCheckFlags(fs *flag.FlagSet) *checkFlags {
	f := &checkFlags{fieldFlags: newFieldFlags[theory.Params](fs)}
	modelFlags(f.fieldFlags, paramsPoint)
	seedFlag(f.fieldFlags, paramsPoint)
	type P = theory.Params
	f.Text("init", "near", `SSL initialisation of C1, C2, C4: "near" or "signs"`, func(p *P) encoding.TextUnmarshaler { return &p.Init })
	fs.StringVar(&f.initFile, "init-file", "", "read the SSL initial W0 from this JSON file (format nlssl/init)")
	f.Int("ssl-steps", "4000", "steps of the reference stochastic SSL run", func(p *P) *int { return &p.SSLSteps })
	f.Int("sl-steps", "8000", "steps of the reference SL run", func(p *P) *int { return &p.SLSteps })
	def := theory.DefaultTolerances()
	g := func(x float64) string { return fmt.Sprint(x) }
	f.Float("grad-tol", g(def.GradTol), "C2: ascent stops at this gradient norm", func(p *P) *float64 { return &p.Tol.GradTol })
	f.Int("max-ascent-steps", fmt.Sprint(def.MaxAscentSteps), "C2: ascent step budget", func(p *P) *int { return &p.Tol.MaxAscentSteps })
	f.Float("sgd-spread", g(def.SGDSpread), "C2: allowed predicted spreads between the stochastic run and ascent", func(p *P) *float64 { return &p.Tol.SGDSpread })
	f.Float("eps-opt", g(def.EpsOpt), "C4: allowed 1 - ||P e_j|| at W*", func(p *P) *float64 { return &p.Tol.EpsOpt })
	f.Float("eps-trained", g(def.EpsTrained), "C4: allowed 1 - ||P e_j|| after the reference steps", func(p *P) *float64 { return &p.Tol.EpsTrained })
	f.Float("sl-grad-tol", g(def.SLGradTol), "C5: SL descent stops at this gradient norm", func(p *P) *float64 { return &p.Tol.SLGradTol })
	f.Int("max-sl-steps", fmt.Sprint(def.MaxSLSteps), "C5: SL step budget", func(p *P) *int { return &p.Tol.MaxSLSteps })
	f.Float("eps-sl", g(def.EpsSL), "C5: allowed 1 - ||P e1||", func(p *P) *float64 { return &p.Tol.EpsSL })
	f.Float("eps-sl2", g(def.EpsSL2), "C5: allowed ||P e2||", func(p *P) *float64 { return &p.Tol.EpsSL2 })
	f.Float("delta-sl", g(def.DeltaSL), "C5: allowed |w^(2)|/|w^(1)|", func(p *P) *float64 { return &p.Tol.DeltaSL })
	f.Int("probe-train", fmt.Sprint(def.ProbeTrain), "C6: fresh points the probes are fitted on", func(p *P) *int { return &p.Tol.ProbeTrain })
	f.Int("probe-test", fmt.Sprint(def.ProbeTest), "C6: fresh points the probes are scored on", func(p *P) *int { return &p.Tol.ProbeTest })
	f.Float("decode-margin", g(def.DecodeMargin), "C6: 'decodes' means accuracy >= 0.5 + this", func(p *P) *float64 { return &p.Tol.DecodeMargin })
	f.Float("chance-margin", g(def.ChanceMargin), "C6: 'no better than chance' means accuracy <= 0.5 + this", func(p *P) *float64 { return &p.Tol.ChanceMargin })
	return f
}

// resolve builds the parameters: the defaults at d, then the flags.
func (f *checkFlags) resolve() (theory.Params, error) {
	var flagged theory.Params
	if err := f.Apply(&flagged); err != nil {
		return theory.Params{}, err
	}
	d := 10
	if f.Set("d") {
		d = flagged.D
	}
	if d < 2 {
		return theory.Params{}, &sim.ParamError{Param: "d", Value: fmt.Sprint(d), Allowed: "an integer >= 2"}
	}
	p := theory.DefaultParams(d)
	if err := f.Apply(&p); err != nil {
		return theory.Params{}, err
	}
	if f.initFile != "" {
		ip, err := readFile(f.initFile, sim.ReadInitialPoint)
		if err != nil {
			return theory.Params{}, fmt.Errorf("--init-file: %w", err)
		}
		if ip.D != p.D || ip.F != nil {
			return theory.Params{}, fmt.Errorf("--init-file: an SSL initial point of dimension d = %d is needed (got d = %d%s)", p.D, ip.D, map[bool]string{true: " with F", false: ""}[ip.F != nil])
		}
		p.W0 = ip.W
	}
	return p, nameSteps(p.Validate(), p.SSLSteps, p.SLSteps)
}

// nameSteps renames the "steps" of a refused reference run to the flag
// that set it: theory and experiment validate their two runs' configs,
// whose budgets are --ssl-steps and --sl-steps.
func nameSteps(err error, sslSteps, slSteps int) error {
	var pe *sim.ParamError
	if !errors.As(err, &pe) || pe.Param != "steps" {
		return err
	}
	named := *pe // the SSL run is validated first: equal values are its
	named.Param = "sl-steps"
	if pe.Value == strconv.Itoa(sslSteps) {
		named.Param = "ssl-steps"
	}
	return &named
}

// checkReport is the JSON document of `nlssl check --json`.
type checkReport struct {
	Format   string           `json:"format"`
	Version  int              `json:"version"`
	Build    buildinfo.Record `json:"build"`
	Params   theory.Params    `json:"params"`
	Verdicts []theory.Verdict `json:"verdicts"`
	Seconds  float64          `json:"seconds"`
}

func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(fs.Output(), checkUsage); fs.PrintDefaults() }
	f := newCheckFlags(fs)
	asJSON := fs.Bool("json", false, "write the verdicts as JSON to stdout")
	quiet := fs.Bool("quiet", false, "no progress on stderr")
	if code, done := parseFlags(fs, args, false, stderr); done {
		return code
	}
	p, err := f.resolve()
	if err != nil {
		return badInput(stderr, "check", err)
	}
	if err := checkPlan(p).fits(memoryBudget()); err != nil {
		return badInput(stderr, "check", err)
	}
	s, err := theory.NewSession(p)
	if err != nil {
		return badInput(stderr, "check", err)
	}
	start := time.Now()
	prog := newProgress(stderr, "check", *quiet)
	pending.begin("check", func() string {
		done, total := prog.counts()
		return fmt.Sprintf("stopped after %d of %d claims; nothing was written (the verdicts are printed when every claim is checked); run the same command again", done, total)
	})
	done, total := 0, len(theory.Claims())
	verdicts := s.AllProgress(func(v theory.Verdict) {
		done++
		prog.update(done, total)
	})
	elapsed := time.Since(start).Seconds()
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", " ")
		if err := enc.Encode(checkReport{Format: "nlssl/check", Version: 1, Build: buildinfo.Current(), Params: s.Params(), Verdicts: verdicts, Seconds: elapsed}); err != nil {
			return badInput(stderr, "check", err)
		}
	} else {
		printVerdicts(stdout, s.Params(), verdicts, elapsed)
	}
	if theory.FailedInsideHypotheses(verdicts) {
		return exitFailed
	}
	return exitOK
}

// keyEvidence lists, per claim, the evidence the table shows.
var keyEvidence = map[string][]string{
	"C1": {"eta*Lhat/2", "min_sign_margin", "max_relative_decrease", "steps"},
	"C2": {"steps", "grad_norm", "hess_max_eig", "dist/r_unique", "sgd_dist_to_ascent", "sgd_predicted_spread"},
	"C3": {"mu~", "exp.paper.mu", "exp.paper.M", "exp.paper.r", "exp.paper.grad", "exp.paper.margin",
		"exp.assisted.mu", "exp.assisted.M", "exp.assisted.r", "exp.assisted.grad", "exp.assisted.margin", "exp.assisted.r_unique", "exp.dist_W~*_W*",
		"exp.transfer_radius", "exp.concave.lambda_max",
		"pop.paper.mu", "pop.paper.M", "pop.paper.r", "pop.paper.grad", "pop.paper.margin",
		"pop.weighted.margin", "pop.assisted.margin", "pop.assisted.r_unique", "pop.dist_W~*_W*"},
	"C4": {"W*.proj_e1", "W*.proj_e2", "trained.proj_e1", "trained.proj_e2"},
	"C5": {"proj_e1", "proj_e2", "proj_e2_exact_row_space", "sigma2/sigma1", "max_b/a"},
	"C6": {"ssl_acc_z", "sl_acc_z", "ssl_acc_y", "sl_acc_y", "sl_z_snr"},
}

func printVerdicts(w io.Writer, p theory.Params, vs []theory.Verdict, seconds float64) {
	fmt.Fprintf(w, "nlssl check: d=%d n=%d tau=%g rho=%.4g noise=%v alpha=%g beta=%g gamma=%g eta=%g seed=%d init=%v quad-nodes=%d (%.2fs)\n\n",
		p.D, p.N, p.Tau, p.Rho, p.Noise, p.Alpha, p.Beta, p.Gamma, p.Eta, p.Seed, p.Init, p.QuadNodes, seconds)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "claim\toutcome\tcertified\ttitle")
	for _, v := range vs {
		cert := "no"
		if v.Certified {
			cert = "yes"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", v.Claim, v.Outcome, cert, v.Title)
	}
	tw.Flush()
	for _, v := range vs {
		fmt.Fprintf(w, "\n%s %s: %s\n", v.Claim, v.Outcome, v.Reason)
		if v.Correction != "" {
			fmt.Fprintf(w, "  correction: %s\n", v.Correction)
		}
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		for _, name := range keyEvidence[v.Claim] {
			for _, e := range v.Evidence {
				switch {
				case e.Name != name:
				case e.Boolean:
					fmt.Fprintf(tw, "  %s\t%t\t%s\n", e.Name, e.Bool(), e.Meaning)
				default:
					fmt.Fprintf(tw, "  %s\t%.6g\t%s\n", e.Name, e.Value, e.Meaning)
				}
			}
		}
		tw.Flush()
	}
	fmt.Fprintf(w, "\n%s\n", strings.TrimSpace("All evidence: nlssl check --json."))
}
