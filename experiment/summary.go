package experiment

import (
	"fmt"
	"math"
	"strings"

	"github.com/nlssl/nlssl/buildinfo"
)

// Basin is where a run's rows end, by the signs of their weights on e1:
// every initialisation starts with w1^(1) >= 0 >= w2^(1), so +a/-a is the
// paper's outcome, +a/+a means row 2 crossed to the mirror basin, -a/-a
// row 1, and -a/+a both. A summary row or a figure's mean is over one basin
// (or AllRuns): within a basin the signed weights are unimodal, over two
// they are not (issue 12).
type Basin string

// The basins, and AllRuns for a statistic over every run of a group.
const (
	AllRuns     Basin = "all"
	AsStarted   Basin = "+a/-a"
	Row2Crossed Basin = "+a/+a"
	Row1Crossed Basin = "-a/-a"
	BothCrossed Basin = "-a/+a"
)

// Basins lists the basins in the order the summary and the figures show them.
var Basins = []Basin{AsStarted, Row2Crossed, Row1Crossed, BothCrossed}

// OneSided reports whether the basin has both rows on one side of a = 0.
func (b Basin) OneSided() bool { return b == Row2Crossed || b == Row1Crossed }

// Describe says in words where the rows of the basin end.
func (b Basin) Describe() string {
	switch b {
	case AsStarted:
		return "rows on both sides of a = 0, as started"
	case Row2Crossed:
		return "both rows at a > 0: row 2 crossed a = 0"
	case Row1Crossed:
		return "both rows at a < 0: row 1 crossed a = 0"
	case BothCrossed:
		return "both rows crossed a = 0"
	}
	return "every run"
}

// basin is where the run's rows end (a weight of exactly 0 counts as
// negative).
func (r *Run) basin(d int) Basin {
	w := r.Record.Final.W
	switch {
	case w[0] > 0 && w[d] > 0:
		return Row2Crossed
	case w[0] > 0:
		return AsStarted
	case w[d] > 0:
		return BothCrossed
	}
	return Row1Crossed
}

// byBasin splits runs by basin, in the order of Basins, leaving out the
// empty ones.
func byBasin(runs []*Run, d int) (basins []Basin, split [][]*Run) {
	for _, b := range Basins {
		var in []*Run
		for _, r := range runs {
			if r.basin(d) == b {
				in = append(in, r)
			}
		}
		if len(in) > 0 {
			basins, split = append(basins, b), append(split, in)
		}
	}
	return basins, split
}

// groupRuns returns the runs of group g, in seed order.
func (r *Result) groupRuns(g Group) []*Run {
	var runs []*Run
	for i := range r.Runs {
		if r.Runs[i].Group == g {
			runs = append(runs, &r.Runs[i])
		}
	}
	return runs
}

// GroupSummary is one group's end points over its runs (or over the runs
// of one basin): every statistic is over a per-run quantity (see Stat).
type GroupSummary struct {
	Group Group `json:"group"`
	Basin Basin `json:"basin"`
	Runs  int   `json:"runs"`
	// OneSided counts the runs whose rows end on one side of a = 0 (basins
	// +a/+a and -a/-a).
	OneSided int  `json:"one_sided"`
	W11      Stat `json:"w1_1"` // w1^(1), the first row's weight on e1
	W12      Stat `json:"w1_2"` // w1^(2)
	W21      Stat `json:"w2_1"` // w2^(1)
	W22      Stat `json:"w2_2"` // w2^(2)
	// MinA is min_k |w_k^(1)|, MinB min_k w_k^(2) and E2Ratio
	// max_k |w_k^(2)| / |w_k^(1)|, each of one run.
	MinA        Stat `json:"min_abs_a"`
	MinB        Stat `json:"min_b"`
	E2Ratio     Stat `json:"e2_ratio"`
	ProjE1      Stat `json:"proj_e1"`
	ProjE2      Stat `json:"proj_e2"`
	ProbeY      Stat `json:"probe_y"`
	ProbeZ      Stat `json:"probe_z"`
	DistWStar   Stat `json:"dist_w_star"`    // ||W_T - W*|| (SSL only)
	DistWStarAB Stat `json:"dist_w_star_ab"` // the same on e1, e2
}

// quantity is one per-run quantity of the summary: its column, the range
// it lives in, how to read it off a run, and where it goes.
type quantity struct {
	name  string
	in    bounds
	value func(r *Run, d int) float64
	field func(g *GroupSummary) *Stat
}

var quantities = []quantity{
	{"w1^(1)", anyReal, func(r *Run, d int) float64 { return r.Record.Final.W[0] }, func(g *GroupSummary) *Stat { return &g.W11 }},
	{"w1^(2)", anyReal, func(r *Run, d int) float64 { return r.Record.Final.W[1] }, func(g *GroupSummary) *Stat { return &g.W12 }},
	{"w2^(1)", anyReal, func(r *Run, d int) float64 { return r.Record.Final.W[d] }, func(g *GroupSummary) *Stat { return &g.W21 }},
	{"w2^(2)", anyReal, func(r *Run, d int) float64 { return r.Record.Final.W[d+1] }, func(g *GroupSummary) *Stat { return &g.W22 }},
	{"min_k |w_k^(1)|", nonNegative, func(r *Run, d int) float64 {
		w := r.Record.Final.W
		return math.Min(math.Abs(w[0]), math.Abs(w[d]))
	}, func(g *GroupSummary) *Stat { return &g.MinA }},
	{"min_k w_k^(2)", anyReal, func(r *Run, d int) float64 {
		w := r.Record.Final.W
		return math.Min(w[1], w[d+1])
	}, func(g *GroupSummary) *Stat { return &g.MinB }},
	{"max_k |w_k^(2)|/|w_k^(1)|", nonNegative, func(r *Run, d int) float64 {
		w := r.Record.Final.W
		return math.Max(math.Abs(w[1])/math.Abs(w[0]), math.Abs(w[d+1])/math.Abs(w[d]))
	}, func(g *GroupSummary) *Stat { return &g.E2Ratio }},
	{"‖P e1‖", unitRange, func(r *Run, d int) float64 { return r.Record.Final.Features.ProjE1 }, func(g *GroupSummary) *Stat { return &g.ProjE1 }},
	{"‖P e2‖", unitRange, func(r *Run, d int) float64 { return r.Record.Final.Features.ProjE2 }, func(g *GroupSummary) *Stat { return &g.ProjE2 }},
	{"probe y", unitRange, func(r *Run, d int) float64 { return r.ProbeY }, func(g *GroupSummary) *Stat { return &g.ProbeY }},
	{"probe z", unitRange, func(r *Run, d int) float64 { return r.ProbeZ }, func(g *GroupSummary) *Stat { return &g.ProbeZ }},
	{"‖W−W*‖", nonNegative, func(r *Run, d int) float64 { return r.DistWStar }, func(g *GroupSummary) *Stat { return &g.DistWStar }},
	{"‖W−W*‖ on e1,e2", nonNegative, func(r *Run, d int) float64 { return r.DistWStarAB }, func(g *GroupSummary) *Stat { return &g.DistWStarAB }},
}

// The summary's two tables: the final weights, and the representation.
const weightColumns = 7

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

// Summarize computes the summary of a reproduction: per group with runs, a
// row over all its runs and, when its runs end in more than one basin, a
// row per basin.
func (r *Result) Summarize() Summary {
	d := r.Params.D
	s := Summary{Format: "nlssl/summary", Version: 1, Build: r.Settings.Build}
	summarize := func(g Group, b Basin, runs []*Run) GroupSummary {
		gs := GroupSummary{Group: g, Basin: b, Runs: len(runs)}
		for _, run := range runs {
			if run.basin(d).OneSided() {
				gs.OneSided++
			}
		}
		xs := make([]float64, len(runs))
		for _, q := range quantities {
			for i, run := range runs {
				xs[i] = q.value(run, d)
			}
			*q.field(&gs) = newStat(xs, q.in)
		}
		return gs
	}
	for _, g := range Groups {
		all := r.groupRuns(g)
		if len(all) == 0 {
			continue
		}
		s.Groups = append(s.Groups, summarize(g, AllRuns, all))
		if basins, split := byBasin(all, d); len(basins) > 1 {
			for i, b := range basins {
				s.Groups = append(s.Groups, summarize(g, b, split[i]))
			}
		}
	}
	s.Outcome, s.Reproduced = s.compare()
	return s
}

// compare checks THEORY section 7's qualitative outcome on the rows over
// all runs, each statement on per-run quantities: SSL rows end near
// (+a, b) and (-a, b) — in every run on both sides of a = 0, with a and b
// clearly positive (95% intervals of the per-run min_k |w_k^(1)| and
// min_k w_k^(2) above 0) — and both projections near 1 (mean >= 0.8); SL's
// e2 weights near 0 (mean of the per-run max_k |w_k^(2)| / |w_k^(1)|
// <= 0.05) and ||P e2|| near 0 (mean <= 0.1).
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
		if g.Basin != AllRuns {
			continue
		}
		if g.Group == SL {
			say(g.E2Ratio.Mean <= 0.05, "%s: e2 weights near 0: per run max_k |w_k^(2)| / |w_k^(1)|, mean %.3g (<= 0.05; largest run %.3g)", g.Group, g.E2Ratio.Mean, g.E2Ratio.Max)
			say(g.ProjE2.Mean <= 0.1, "%s: ||P e2|| near 0: mean %.3g (<= 0.1)", g.Group, g.ProjE2.Mean)
			say(g.ProjE1.Mean >= 0.8, "%s: ||P e1|| near 1: mean %.3g (>= 0.8)", g.Group, g.ProjE1.Mean)
			continue
		}
		say(g.OneSided == 0, "%s: every run ends with its rows on both sides of a = 0 (%d of %d end on one side: a row crossed to the mirror basin; README Findings 2)", g.Group, g.OneSided, g.Runs)
		say(g.MinA.Lo > 0 && g.MinB.Lo > 0, "%s: a and b clearly positive: per run min_k |w_k^(1)| %v, min_k w_k^(2) %v (intervals above 0)", g.Group, g.MinA, g.MinB)
		say(g.ProjE1.Mean >= 0.8 && g.ProjE2.Mean >= 0.8, "%s: both projections near 1: ||P e1|| %.3g, ||P e2|| %.3g (>= 0.8)", g.Group, g.ProjE1.Mean, g.ProjE2.Mean)
	}
	return out, ok
}

// Markdown renders the summary as two tables (the final weights, then the
// representation) and the comparison as a list.
func (s Summary) Markdown() string {
	var b strings.Builder
	table := func(cols []quantity) {
		b.WriteString("| group | runs | one-sided |")
		for _, c := range cols {
			b.WriteString(" " + strings.ReplaceAll(c.name, "|", `\|`) + " |")
		}
		b.WriteString("\n|---|---|---|" + strings.Repeat("---|", len(cols)) + "\n")
		for _, g := range s.Groups {
			name := string(g.Group)
			if g.Basin != AllRuns {
				name += ", " + string(g.Basin)
			}
			fmt.Fprintf(&b, "| %s | %d | %d |", name, g.Runs, g.OneSided)
			for _, c := range cols {
				b.WriteString(" " + c.field(&g).String() + " |")
			}
			b.WriteString("\n")
		}
	}
	table(quantities[:weightColumns])
	b.WriteString("\n")
	table(quantities[weightColumns:])
	b.WriteString("\nEach cell: the mean over the runs of a per-run quantity [its 95% interval: Student's t with runs − 1 degrees of freedom, intersected with the quantity's range, [0, 1] for projections and probe accuracies and [0, ∞) for magnitudes, ratios and distances]. Final weights; min_k |w_k^(1)|, min_k w_k^(2) and max_k |w_k^(2)|/|w_k^(1)| of each run's two rows; feature projections; probe accuracies (fresh points); distance to the certified maximum W* of the population objective. one-sided: runs whose rows end on the same side of a = 0. A group whose runs end in more than one basin also has a row per basin: +a/−a, row 1 at a > 0 and row 2 at a < 0, as every initialisation starts (the paper's outcome); +a/+a, row 2 crossed a = 0 (for SSL: to the mirror basin); −a/−a, row 1 crossed; −a/+a, both.\n\n")
	fmt.Fprintf(&b, "The paper's qualitative outcome reproduced: %v\n\n", map[bool]string{true: "yes", false: "NO"}[s.Reproduced])
	for _, o := range s.Outcome {
		b.WriteString("- " + o + "\n")
	}
	return b.String()
}
