package experiment

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"

	"github.com/nlssl/nlssl/buildinfo"
	"gonum.org/v1/gonum/stat"
)

// Stat is a mean over seeds with its 95% interval, mean +- 1.96 sd/sqrt(k)
// (THEORY section 7's band), over the k finite values.
type Stat struct {
	Mean float64 `json:"mean"`
	Lo   float64 `json:"lo"`
	Hi   float64 `json:"hi"`
	N    int     `json:"n"`
}

func newStat(xs []float64) Stat {
	var v []float64
	for _, x := range xs {
		if !math.IsNaN(x) && !math.IsInf(x, 0) {
			v = append(v, x)
		}
	}
	if len(v) == 0 {
		return Stat{Mean: math.NaN(), Lo: math.NaN(), Hi: math.NaN()}
	}
	m, sd := stat.MeanStdDev(v, nil)
	if len(v) < 2 {
		sd = 0
	}
	h := 1.96 * sd / math.Sqrt(float64(len(v)))
	return Stat{Mean: m, Lo: m - h, Hi: m + h, N: len(v)}
}

// MarshalJSON writes a Stat with no finite value (SL's distance to W*) as
// null: JSON has no NaN.
func (s Stat) MarshalJSON() ([]byte, error) {
	if s.N == 0 {
		return []byte("null"), nil
	}
	type plain Stat
	return json.Marshal(plain(s))
}

func (s Stat) String() string {
	if math.IsNaN(s.Mean) {
		return "—"
	}
	return fmt.Sprintf("%.4g [%.4g, %.4g]", s.Mean, s.Lo, s.Hi)
}

// GroupSummary is one group's end points over the seeds.
type GroupSummary struct {
	Group       Group `json:"group"`
	Runs        int   `json:"runs"`
	W11         Stat  `json:"w1_1"` // w1^(1), the first row's weight on e1
	W12         Stat  `json:"w1_2"` // w1^(2)
	W21         Stat  `json:"w2_1"` // w2^(1)
	W22         Stat  `json:"w2_2"` // w2^(2)
	ProjE1      Stat  `json:"proj_e1"`
	ProjE2      Stat  `json:"proj_e2"`
	ProbeY      Stat  `json:"probe_y"`
	ProbeZ      Stat  `json:"probe_z"`
	DistWStar   Stat  `json:"dist_w_star"`    // ||W_T - W*|| (SSL only)
	DistWStarAB Stat  `json:"dist_w_star_ab"` // the same on e1, e2
	// OneSided counts the runs whose rows end on the same side of a = 0
	// (w1^(1) w2^(1) > 0): one row crossed to the mirror basin.
	OneSided int `json:"one_sided"`
}

// Summary is the table of the reproduction and its reading (summary.json:
// format nlssl/summary, version 1).
type Summary struct {
	Format  string           `json:"format"`
	Version int              `json:"version"`
	Build   buildinfo.Record `json:"build"`
	Groups  []GroupSummary   `json:"groups"`
	// Outcome compares the summary with the paper's qualitative outcome;
	// Reproduced is true when every statement of it holds.
	Outcome    []string `json:"outcome"`
	Reproduced bool     `json:"reproduced"`
}

// Summarize computes the summary of a reproduction.
func (r *Result) Summarize() Summary {
	d := r.Params.D
	s := Summary{Format: "nlssl/summary", Version: 1, Build: r.Settings.Build}
	for _, g := range Groups {
		var w11, w12, w21, w22, pe1, pe2, py, pz, dw, dab []float64
		oneSided := 0
		for _, run := range r.Runs {
			if run.Group != g {
				continue
			}
			w, f := run.Record.Final.W, run.Record.Final.Features
			if w[0]*w[d] > 0 {
				oneSided++
			}
			w11, w12, w21, w22 = append(w11, w[0]), append(w12, w[1]), append(w21, w[d]), append(w22, w[d+1])
			pe1, pe2 = append(pe1, f.ProjE1), append(pe2, f.ProjE2)
			py, pz = append(py, run.ProbeY), append(pz, run.ProbeZ)
			dw, dab = append(dw, run.DistWStar), append(dab, run.DistWStarAB)
		}
		s.Groups = append(s.Groups, GroupSummary{
			Group: g, Runs: len(w11), W11: newStat(w11), W12: newStat(w12), W21: newStat(w21), W22: newStat(w22),
			ProjE1: newStat(pe1), ProjE2: newStat(pe2), ProbeY: newStat(py), ProbeZ: newStat(pz),
			DistWStar: newStat(dw), DistWStarAB: newStat(dab), OneSided: oneSided,
		})
	}
	s.Outcome, s.Reproduced = s.compare()
	return s
}

// compare checks THEORY section 7's qualitative outcome: SSL rows end near
// (+a, b) and (-a, b) with a, b clearly positive (95% intervals excluding 0)
// and both projections near 1 (mean >= 0.8); SL's e2 weights near 0 (mean
// |w^(2)| <= 0.05 mean |w^(1)|) and ||P e2|| near 0 (mean <= 0.1).
func (s Summary) compare() ([]string, bool) {
	var out []string
	ok := true
	say := func(holds bool, format string, args ...any) {
		mark := "yes"
		if !holds {
			mark, ok = "NO", false
		}
		out = append(out, fmt.Sprintf("[%s] %s", mark, fmt.Sprintf(format, args...)))
	}
	for _, g := range s.Groups {
		if g.Group == SL {
			ratio := math.Max(math.Abs(g.W12.Mean)/math.Abs(g.W11.Mean), math.Abs(g.W22.Mean)/math.Abs(g.W21.Mean))
			say(ratio <= 0.05, "%s: e2 weights near 0: mean |w_k^(2)| / |w_k^(1)| = %.3g (<= 0.05)", g.Group, ratio)
			say(g.ProjE2.Mean <= 0.1, "%s: ||P e2|| near 0: mean %.3g (<= 0.1)", g.Group, g.ProjE2.Mean)
			say(g.ProjE1.Mean >= 0.8, "%s: ||P e1|| near 1: mean %.3g (>= 0.8)", g.Group, g.ProjE1.Mean)
			continue
		}
		say(g.OneSided == 0, "%s: every run ends with its rows on both sides of a = 0 (%d of %d end on one side: a row crossed to the mirror basin; README Findings 2)", g.Group, g.OneSided, g.Runs)
		say(g.W11.Lo > 0 && g.W21.Hi < 0, "%s: rows on both sides of a = 0 on average: w1^(1) in %v, w2^(1) in %v", g.Group, g.W11, g.W21)
		say(g.W12.Lo > 0 && g.W22.Lo > 0, "%s: b clearly positive: w1^(2) in %v, w2^(2) in %v", g.Group, g.W12, g.W22)
		say(g.ProjE1.Mean >= 0.8 && g.ProjE2.Mean >= 0.8, "%s: both projections near 1: ||P e1|| %.3g, ||P e2|| %.3g (>= 0.8)", g.Group, g.ProjE1.Mean, g.ProjE2.Mean)
	}
	return out, ok
}

// Markdown renders the summary as a table and the comparison as a list.
func (s Summary) Markdown() string {
	var b strings.Builder
	cols := []struct {
		name string
		get  func(GroupSummary) Stat
	}{
		{"w1^(1)", func(g GroupSummary) Stat { return g.W11 }},
		{"w1^(2)", func(g GroupSummary) Stat { return g.W12 }},
		{"w2^(1)", func(g GroupSummary) Stat { return g.W21 }},
		{"w2^(2)", func(g GroupSummary) Stat { return g.W22 }},
		{"‖P e1‖", func(g GroupSummary) Stat { return g.ProjE1 }},
		{"‖P e2‖", func(g GroupSummary) Stat { return g.ProjE2 }},
		{"probe y", func(g GroupSummary) Stat { return g.ProbeY }},
		{"probe z", func(g GroupSummary) Stat { return g.ProbeZ }},
		{"‖W−W*‖", func(g GroupSummary) Stat { return g.DistWStar }},
		{"‖W−W*‖ on e1,e2", func(g GroupSummary) Stat { return g.DistWStarAB }},
	}
	b.WriteString("| group | runs | one-sided |")
	for _, c := range cols {
		b.WriteString(" " + c.name + " |")
	}
	b.WriteString("\n|---|---|---|" + strings.Repeat("---|", len(cols)) + "\n")
	for _, g := range s.Groups {
		fmt.Fprintf(&b, "| %s | %d | %d |", g.Group, g.Runs, g.OneSided)
		for _, c := range cols {
			b.WriteString(" " + c.get(g).String() + " |")
		}
		b.WriteString("\n")
	}
	b.WriteString("\nMean [95% interval] over the seeds of the final weights, feature projections, probe accuracies (fresh points) and distance to the certified maximum W* of the population objective; one-sided: runs whose rows end on the same side of a = 0.\n\n")
	fmt.Fprintf(&b, "The paper's qualitative outcome reproduced: %v\n\n", map[bool]string{true: "yes", false: "NO"}[s.Reproduced])
	for _, o := range s.Outcome {
		b.WriteString("- " + o + "\n")
	}
	return b.String()
}
