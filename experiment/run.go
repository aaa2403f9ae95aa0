package experiment

import (
	"fmt"
	"math"
	"sync"

	"github.com/nlssl/nlssl/buildinfo"
	"github.com/nlssl/nlssl/sim"
	"github.com/nlssl/nlssl/theory"
)

// Settings define a reproduction. The zero value is not valid: start from
// PaperSettings.
type Settings struct {
	SSL, SL     sim.Config // the two models' runs; their Seed and Init are set per run
	Seeds       int        // seeds 1..Seeds
	ProbePoints int        // fresh points each probe is fitted on (and as many it is scored on)
	Check       bool       // also check every claim at the point (seed 1)
	Format      Format     // draw the figures in this format while the rest runs ("": not now)
	// Build is the build record every JSON file written records:
	// buildinfo.Current() from PaperSettings; buildinfo.Stable() makes the
	// files the same bytes on every build of a release (docs/).
	Build buildinfo.Record
	// Progress, when not nil, is called with a stage name and its progress.
	Progress func(stage string, done, total int)
}

// PaperSettings returns THEORY section 7: d = 10, n = 100, rho = d^-1.5,
// tau = 7, alpha = beta = gamma = 1/800, eta = 0.001, 4000 SSL and 8000 SL
// steps, every step recorded, 20 seeds; probes on 500 + 500 fresh points
// (the standard error of an accuracy is then below 0.023); claims checked;
// the files record the running build.
func PaperSettings() Settings {
	return Settings{SSL: sim.PaperConfig(sim.SSL), SL: sim.PaperConfig(sim.SL), Seeds: 20, ProbePoints: 500, Check: true, Build: buildinfo.Current()}
}

// Group names one model and initialisation of the protocol.
type Group string

// The three groups of the protocol, in the order of ReferenceProtocol.
const (
	SSLNear  Group = "ssl-near"
	SSLSigns Group = "ssl-signs"
	SL       Group = "sl"
)

// Groups lists the groups in protocol order.
var Groups = []Group{SSLNear, SSLSigns, SL}

// Run is one run of the protocol with its end-point metrics.
type Run struct {
	Group  Group
	Seed   uint64
	Record *sim.RunRecord
	ProbeY float64 // probe accuracy for y on sigma(W x)
	ProbeZ float64 // for z
	// DistWStar is ||W_T - W*|| for SSL runs (W* the certified maximum of the
	// population objective; NaN for SL); DistWStarAB the same on the
	// coordinates of e1 and e2 only (the others have not converged at T).
	DistWStar, DistWStarAB float64
}

// Result is a reproduction: the runs, the certified W* and the verdicts.
type Result struct {
	Settings Settings
	Runs     []Run
	Params   theory.Params
	WStar    []float64 // certified maximum of the population objective (nil if not certified)
	Verdicts []theory.Verdict
	figures  []Figure // drawn during Reproduce in Settings.Format
}

// Validate checks the settings.
func (s *Settings) Validate() error {
	if err := s.SSL.Validate(); err != nil {
		return err
	}
	if err := s.SL.Validate(); err != nil {
		return err
	}
	if s.SSL.Model != sim.SSL || s.SL.Model != sim.SL || s.SSL.D != s.SL.D || s.SSL.N != s.SL.N {
		return &sim.ParamError{Param: "configs", Value: fmt.Sprintf("%v d=%d n=%d and %v d=%d n=%d", s.SSL.Model, s.SSL.D, s.SSL.N, s.SL.Model, s.SL.D, s.SL.N), Allowed: "an SSL and an SL config of the same d and n"}
	}
	if s.Seeds < 2 {
		return &sim.ParamError{Param: "seeds", Value: fmt.Sprint(s.Seeds), Allowed: "an integer >= 2 (the bands need a deviation)"}
	}
	if s.ProbePoints < 10 {
		return &sim.ParamError{Param: "probe-points", Value: fmt.Sprint(s.ProbePoints), Allowed: "an integer >= 10"}
	}
	if s.Build.Program != buildinfo.Program || s.Build.Version == "" {
		return &sim.ParamError{Param: "build", Value: fmt.Sprintf("%q", s.Build.String()), Allowed: "a build record for the files: buildinfo.Current() or buildinfo.Stable()"}
	}
	return nil
}

// params is the theory point of the reproduction (seed 1).
func (s *Settings) params() theory.Params {
	c := s.SSL
	p := theory.DefaultParams(c.D)
	p.Point = c.Point
	p.Beta, p.Gamma, p.Seed = s.SL.Beta, s.SL.Gamma, 1 // SL's decays; the check's seed is the first run's
	p.SSLSteps, p.SLSteps = c.Steps, s.SL.Steps
	p.Tol.ProbeTrain, p.Tol.ProbeTest = s.ProbePoints, s.ProbePoints
	return p
}

func (s *Settings) progress(stage string, done, total int) {
	if s.Progress != nil {
		s.Progress(stage, done, total)
	}
}

// Reproduce runs the protocol and, concurrently, the claims' check (which
// also certifies W*); then probes every end point. A run that diverges is
// an error naming it.
func Reproduce(s Settings) (*Result, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	res := &Result{Settings: s, Params: s.params()}
	session, err := theory.NewSession(res.Params)
	if err != nil {
		return nil, err
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		if s.Check {
			res.Verdicts = session.All()
		}
		if fc := session.Certificate(sim.Population); fc.Certified() {
			res.WStar = fc.Zero
		}
	})
	jobs := sim.ReferenceProtocol(s.SSL, s.SL, s.Seeds)
	recs, errs := sim.RunBatch(jobs, 0, func(done, total int) { s.progress("runs", done, total) })
	for i, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("run %d (%v, init %v, seed %d): %w", i, jobs[i].Config.Model, jobs[i].Config.Init, jobs[i].Config.Seed, err)
		}
	}
	res.Runs = make([]Run, len(recs))
	for i, rec := range recs {
		res.Runs[i] = Run{Group: Groups[i%3], Seed: rec.Config.Seed, Record: rec}
	}
	// The figures need only the runs: draw them while the probes and the
	// check finish.
	var figErr error
	if s.Format != "" {
		wg.Go(func() { res.figures, figErr = res.Figures(s.Format) })
	}
	probeErr := res.probe()
	wg.Wait()
	if probeErr != nil {
		return nil, probeErr
	}
	if figErr != nil {
		return nil, figErr
	}
	res.distances()
	return res, nil
}

// probe fits the probes of every run on its seed's fresh points, on all
// cores (each run's probes are independent, so the result does not depend
// on the number of cores).
func (r *Result) probe() error {
	p := r.Params
	errs := make([]error, len(r.Runs))
	sim.ParallelFor(len(r.Runs), 0, func(i int) {
		run := &r.Runs[i]
		q := p
		q.Seed = run.Seed
		train, test, err := theory.ProbeSplit(q)
		if err == nil {
			run.ProbeY, run.ProbeZ, err = theory.ProbeAccuracies(run.Record.Final.W, p.D, train, test)
		}
		if err != nil {
			errs[i] = fmt.Errorf("probes of %s seed %d: %w", run.Group, run.Seed, err)
		}
	}, func(done, total int) { r.Settings.progress("probes", done, total) })
	for _, err := range errs {
		if err != nil {
			return err // the first by run order, whatever the core count
		}
	}
	return nil
}

// distances fills the distances of the SSL end points to W*.
func (r *Result) distances() {
	d := r.Params.D
	for i := range r.Runs {
		run := &r.Runs[i]
		run.DistWStar, run.DistWStarAB = math.NaN(), math.NaN()
		if run.Group == SL || r.WStar == nil {
			continue
		}
		w := run.Record.Final.W
		var all, ab float64
		for j := range 2 * d {
			x := w[j] - r.WStar[j]
			all += x * x
			if j%d < 2 {
				ab += x * x
			}
		}
		run.DistWStar, run.DistWStarAB = math.Sqrt(all), math.Sqrt(ab)
	}
}
