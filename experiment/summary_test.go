package experiment

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/nlssl/nlssl/sim"
)

// synthetic builds a result at d = 2 from final weights (w1^(1), w1^(2),
// w2^(1), w2^(2)) per run, with the given probe accuracy for y.
func synthetic(g Group, ws [][4]float64, probeY []float64) *Result {
	r := &Result{}
	r.Params.D = 2
	for i, w := range ws {
		rec := &sim.RunRecord{Final: sim.FinalState{W: w[:], Features: sim.Features{ProjE1: 0.99, ProjE2: 0.5}}}
		r.Runs = append(r.Runs, Run{Group: g, Seed: uint64(i + 1), Record: rec, ProbeY: probeY[i], ProbeZ: 0.5, DistWStar: math.NaN(), DistWStarAB: math.NaN()})
	}
	return r
}

func groupRow(t *testing.T, s Summary, g Group, b Basin) GroupSummary {
	t.Helper()
	for _, row := range s.Groups {
		if row.Group == g && row.Basin == b {
			return row
		}
	}
	t.Fatalf("no row %s, %s in %+v", g, b, s.Groups)
	return GroupSummary{}
}

// TestSummaryRatioIsPerRun: the SL statement on the e2 weights is about
// each run's own ratio. Two SL runs with ratio 0.03 each, whose rows swap
// sign between the runs, have signed means of w^(1) near 0: a ratio of
// means (the old summary) reads 0.03 / 0.002 = 15 and says NO; the mean of
// the per-run ratios is 0.03 and says yes.
func TestSummaryRatioIsPerRun(t *testing.T) {
	r := synthetic(SL, [][4]float64{{2, 0.06, -2.004, 0.03}, {-2, -0.06, 2, 0.03}}, []float64{1, 1})
	s := r.Summarize()
	all := groupRow(t, s, SL, AllRuns)
	if math.Abs(all.E2Ratio.Mean-0.03) > 1e-12 || all.E2Ratio.Max != 0.03 {
		t.Fatalf("per-run ratio %+v, want mean and max 0.03", all.E2Ratio)
	}
	if !strings.HasPrefix(s.Outcome[0], "[yes] sl: e2 weights near 0") || !strings.Contains(s.Outcome[0], "mean 0.03 ") {
		t.Fatalf("outcome %q", s.Outcome[0])
	}
	// A run whose own ratio is large shows as the largest run.
	r = synthetic(SL, [][4]float64{{2, 0.06, -2, 0.03}, {2, 0.5, -2, 0.03}}, []float64{1, 1})
	if all := groupRow(t, r.Summarize(), SL, AllRuns); all.E2Ratio.Max != 0.25 {
		t.Fatalf("largest per-run ratio %v, want 0.25", all.E2Ratio.Max)
	}
}

// TestIntervalsStayInRange: an accuracy's interval stays in [0, 1] and a
// distance's above 0, the half-width uses Student's t quantile (2.776 at 5
// runs, not 1.96), and one run has no interval.
func TestIntervalsStayInRange(t *testing.T) {
	acc := []float64{1, 1, 1, 0.744, 1}
	s := newStat(acc, unitRange)
	mean := 0.9488
	sd := math.Sqrt((4*0.0512*0.0512 + 0.2048*0.2048) / 4) // sample sd of four 1s and one 0.744
	if math.Abs(s.Mean-mean) > 1e-12 || s.Hi != 1 || s.Min != 0.744 || s.Max != 1 {
		t.Fatalf("accuracies %v: %+v, want mean %v and the interval clamped at 1", acc, s, mean)
	}
	if want := mean - 2.7764451051977987*sd/math.Sqrt(5); math.Abs(s.Lo-want) > 1e-9 {
		t.Fatalf("lower end %v, want %v (t quantile 2.776 at 4 degrees of freedom)", s.Lo, want)
	}
	if q := tQuantile(5); math.Abs(q-2.7764451051977987) > 1e-12 {
		t.Fatalf("t quantile at 5 runs %v", q)
	}
	if q := tQuantile(1000); math.Abs(q-1.96) > 0.01 {
		t.Fatalf("t quantile at 1000 runs %v, want about 1.96", q)
	}
	d := newStat([]float64{0.1, 3, 0.2}, nonNegative)
	if d.Lo != 0 || d.Hi <= d.Mean {
		t.Fatalf("distances: %+v, want the interval clamped at 0", d)
	}
	w := newStat([]float64{-1, 3, 0.2}, anyReal)
	if !(w.Lo < -1) {
		t.Fatalf("signed weights: %+v, want an unclamped interval", w)
	}
	one := newStat([]float64{0.7}, unitRange)
	if one.String() != "0.7 (1 run)" || !math.IsNaN(one.Lo) {
		t.Fatalf("one run: %+v %q", one, one.String())
	}
	b, err := json.Marshal(one)
	if err != nil || string(b) != `{"mean":0.7,"lo":null,"hi":null,"min":0.7,"max":0.7,"n":1}` {
		t.Fatalf("one run JSON: %s %v", b, err)
	}
	// Every bounded statistic of a summary with a one-sided run stays in
	// its range.
	r := synthetic(SSLSigns, [][4]float64{{3.8, 1.5, -3.8, 1.5}, {3.8, 1.5, 3.9, 1.5}, {3.7, 1.5, -3.7, 1.5}}, []float64{1, 0.75, 1})
	for _, g := range r.Summarize().Groups {
		for _, q := range quantities {
			st := *q.field(&g)
			if st.N >= 2 && (st.Lo < q.in.lo || st.Hi > q.in.hi) {
				t.Errorf("%s %s %s: %v outside [%v, %v]", g.Group, g.Basin, q.name, st, q.in.lo, q.in.hi)
			}
		}
	}
}

// TestSummaryBasins: a group whose runs end in two basins has a row over
// all runs and one per basin, and the statement on the sign pattern fails;
// each run falls in the basin its final signs say.
func TestSummaryBasins(t *testing.T) {
	r := synthetic(SSLSigns, [][4]float64{{3.8, 1.5, -3.8, 1.5}, {3.8, 1.5, 3.9, 1.5}, {3.7, 1.5, -3.7, 1.5}}, []float64{1, 0.75, 1})
	s := r.Summarize()
	if len(s.Groups) != 3 {
		t.Fatalf("%d rows, want all, +a/-a, +a/+a", len(s.Groups))
	}
	two, one := groupRow(t, s, SSLSigns, AsStarted), groupRow(t, s, SSLSigns, Row2Crossed)
	if two.Runs != 2 || two.OneSided != 0 || one.Runs != 1 || one.OneSided != 1 || one.ProbeY.Mean != 0.75 || two.ProbeY.Mean != 1 {
		t.Fatalf("basins: two-sided %+v, one-sided %+v", two, one)
	}
	if s.Reproduced || !strings.HasPrefix(s.Outcome[0], "[NO] ssl-signs: every run ends with its rows on both sides") {
		t.Fatalf("outcome %v", s.Outcome)
	}
	md := s.Markdown()
	if !strings.Contains(md, "| ssl-signs, +a/+a | 1 | 1 |") || !strings.Contains(md, `min_k \|w_k^(1)\|`) {
		t.Fatalf("markdown:\n%s", md)
	}
	for w, want := range map[[4]float64]Basin{{1, 0, -1, 0}: AsStarted, {1, 0, 1, 0}: Row2Crossed, {-1, 0, -1, 0}: Row1Crossed, {-1, 0, 1, 0}: BothCrossed} {
		if got := synthetic(SL, [][4]float64{w}, []float64{1}).Runs[0].basin(2); got != want || got.OneSided() != (want == Row1Crossed || want == Row2Crossed) {
			t.Errorf("rows %v: basin %s, want %s", w, got, want)
		}
	}
	// All runs in one basin: no per-basin rows.
	r = synthetic(SSLNear, [][4]float64{{3.8, 1.5, -3.8, 1.5}, {3.7, 1.5, -3.7, 1.5}}, []float64{1, 1})
	if n := len(r.Summarize().Groups); n != 1 {
		t.Fatalf("%d rows for a group in one basin", n)
	}
}
