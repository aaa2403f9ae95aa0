package main

import (
	"fmt"
	"math"
	"runtime"

	"github.com/nlssl/nlssl/experiment"
	"github.com/nlssl/nlssl/phase"
	"github.com/nlssl/nlssl/sim"
	"github.com/nlssl/nlssl/theory"
)

// The memory plans of the commands: what each holds at its peak, as a
// function of the flags that size it, so that a size too large for the
// process is refused before anything is allocated (plan.fits). They are
// upper bounds built from the sizes package sim states (sim.DatasetBytes,
// sim.RecordedBytes, sim.RunDocumentBytes) and from constants measured here
// on the packages that do not state theirs (README, "Resource limits").

// planOverhead is what every command holds besides its sizes: the runtime,
// the code, the quadrature and plotting tables, the figures' canvases.
const planOverhead = 64 << 20

// slCacheBytes is the SL stepper's hidden-layer caches per training point
// (two caches of 2 x 2 numbers).
const slCacheBytes = 64

// checkBytes bounds what one check of the claims (a theory.Session's All)
// holds at dimension d with n training points, an ascent budget of
// maxAscent steps and probeTrain + probeTest fresh probe points (summed in
// floating point: every size may be near the int limit):
//
//   - the dataset and the SL caches on it;
//   - the probe points and their two representations (3 numbers each);
//   - C1/C2's ascent, which keeps every iterate (2d numbers and 3 more);
//   - the dense Hessians of the 2d weights of C2 and of the certificates
//     (float64 and interval matrices): 768 d^2 bytes, measured as 490 d^2
//     from the peak memory of `nlssl check` at d = 600;
//   - C2's 400 stochastic gradients of 2d numbers.
func checkBytes(d, n, maxAscent, probeTrain, probeTest int) float64 {
	fd := float64(d)
	probes := sim.DatasetBytes(probeTrain, d) + sim.DatasetBytes(probeTest, d) + 64*(float64(probeTrain)+float64(probeTest))
	return sim.DatasetBytes(n, d) + slCacheBytes*float64(n) + probes +
		sim.RecordedBytes(maxAscent, 1, 2*d) +
		768*fd*fd + 400*2*8*fd
}

// trainPlan is `nlssl train`: the dataset (unless the population fidelity
// needs none), the SL caches, the recorded trajectory and the streamed run
// document. n is a size only when a flag sets it (not with --data).
func trainPlan(c sim.Config, nIsFlag bool) plan {
	data := c.Model == sim.SL || c.Fidelity != sim.Population
	sizes := []size{{"steps", c.Steps, 1, 0, ""}, {"n", c.N, 1, 0, ""}}
	if !nIsFlag {
		sizes = sizes[:1]
	}
	return plan{what: "the run", sizes: sizes, bytes: func(v []int) float64 {
		n := c.N
		if len(v) > 1 {
			n = v[1]
		}
		b := planOverhead + sim.RecordedBytes(v[0], c.RecordEvery, c.Dim()) + sim.RunDocumentBytes(c.D)
		if data {
			b += sim.DatasetBytes(n, c.D) + slCacheBytes*float64(n)
		}
		return b
	}}
}

// recordedMax is the largest step budget of a run that keeps every iterate
// of dim numbers (sim.MaxRecordedBytes), and the reason, for a size.
func recordedMax(dim int, whose string) (int, string) {
	return sim.MaxRecordedSteps(1, dim, sim.MaxRecordedBytes), fmt.Sprintf(
		"%s keeps every iterate (%d numbers each), and a run may record at most %s", whose, dim, sim.FormatBytes(sim.MaxRecordedBytes))
}

// checkPlan is `nlssl check`: one check at the point.
func checkPlan(p theory.Params) plan {
	ascentMax, why := recordedMax(2*p.D, "the ascent of C1 and C2")
	return plan{what: "the check", sizes: []size{
		{"max-ascent-steps", p.Tol.MaxAscentSteps, 1, ascentMax, why}, {"probe-train", p.Tol.ProbeTrain, 10, 0, ""}, {"probe-test", p.Tol.ProbeTest, 10, 0, ""},
		{"n", p.N, 1, 0, ""}, {"d", p.D, 2, 0, ""},
	}, bytes: func(v []int) float64 {
		return planOverhead + checkBytes(v[4], v[3], v[0], v[1], v[2])
	}}
}

// curveBytes is what the figures hold per recorded step of a group: four
// weights' mean and band (3 points of 16 bytes) and the plotted paths.
const curveBytes = 1024

// reproducePlan is `nlssl reproduce`: every run of every seed with every
// step kept, GOMAXPROCS datasets and probe sets in flight, the curves of
// the figures, and the check at the point (seed 1, default tolerances,
// probe-points + probe-points probe points).
func reproducePlan(s experiment.Settings) plan {
	workers := float64(runtime.GOMAXPROCS(0))
	d := s.SSL.D
	sslMax, sslWhy := recordedMax(2*d, "each SSL run")
	slMax, slWhy := recordedMax(2*d+2, "each SL run")
	return plan{what: "the reproduction", sizes: []size{
		{"seeds", s.Seeds, 2, 0, ""}, {"ssl-steps", s.SSL.Steps, 1, sslMax, sslWhy}, {"sl-steps", s.SL.Steps, 1, slMax, slWhy},
		{"probe-points", s.ProbePoints, 10, 0, ""}, {"n", s.SSL.N, 1, 0, ""}, {"d", d, 2, 0, ""},
	}, bytes: func(v []int) float64 {
		seeds, ssl, sl, probe, n, d := float64(v[0]), v[1], v[2], v[3], v[4], v[5]
		runs := seeds * (2*sim.RecordedBytes(ssl, 1, 2*d) + sim.RecordedBytes(sl, 1, 2*d+2))
		inFlight := workers * (sim.DatasetBytes(n, d) + slCacheBytes*float64(n) + 2*(sim.DatasetBytes(probe, d)+64*float64(probe)))
		curves := curveBytes * (2*float64(ssl) + float64(sl))
		return planOverhead + runs + inFlight + curves + checkBytes(d, n, theory.DefaultTolerances().MaxAscentSteps, probe, probe)
	}}
}

// Per grid point, what a sweep keeps (the results with their evidence)
// and what writing it takes (phase.json and the maps, built in memory),
// measured as TotalAlloc over 32 x 32 to 256 x 256 simplified and 3 x 3
// and 4 x 4 full sweeps: 1.1 KiB and 13.5 KiB (simplified), 17 KiB and
// 60 KiB (full).
const (
	simplifiedPointBytes = 2<<10 + 16<<10
	fullPointBytes       = 24<<10 + 64<<10
	workerStackBytes     = 64 << 10
	// proveWorkerBytes: one proof of prove mode holds at most its budget
	// of boxes (phase.ProveMaxEnclosures) with their enclosures, well under
	// 1 KiB each, plus the quadrature tables.
	proveWorkerBytes = 8 << 20
)

// phasePlan is `nlssl phase` (and the re-bisection of `nlssl merge`): the
// points of the shard, and per worker one evaluation at the axes' largest
// dimension (a whole check in full mode).
func phasePlan(spec phase.Spec, shard phase.Shard, workers int) plan {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	perPoint, perWorker := float64(simplifiedPointBytes), float64(workerStackBytes)
	if spec.Mode == phase.Full {
		b := spec.Base
		d, n := b.D, b.N
		for _, a := range []phase.Axis{spec.X, spec.Y} {
			if a.Param == "d" {
				d = int(math.Round(a.Hi))
				n = d * d
			}
		}
		perPoint = fullPointBytes
		perWorker = 6*workerStackBytes + checkBytes(d, n, b.Tol.MaxAscentSteps, b.Tol.ProbeTrain, b.Tol.ProbeTest)
	}
	if spec.Mode == phase.Prove {
		perPoint, perWorker = fullPointBytes, proveWorkerBytes
	}
	return plan{what: "the sweep", sizes: []size{
		{"axis " + spec.X.Param + " count", spec.X.Count, 2, 0, ""}, {"axis " + spec.Y.Param + " count", spec.Y.Count, 2, 0, ""}, {"workers", workers, 1, 0, ""},
	}, bytes: func(v []int) float64 {
		points := math.Ceil(float64(v[0]) * float64(v[1]) / float64(shard.Count))
		return planOverhead + points*perPoint + math.Min(float64(v[2]), points)*perWorker
	}}
}
