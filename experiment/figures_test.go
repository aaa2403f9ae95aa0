package experiment

import (
	"strings"
	"testing"

	"github.com/nlssl/nlssl/sim"
)

// trajectoryResult is a result at d = 2 whose runs of group g go in 11
// steps from the rows (1, 1), (-1, 1) to the given final weights
// (w1^(1), w1^(2), w2^(1), w2^(2)).
func trajectoryResult(g Group, finals [][4]float64) *Result {
	r := synthetic(g, finals, make([]float64, len(finals)))
	for i := range r.Runs {
		tr := sim.Trajectory{Dim: 4}
		start, end := [4]float64{1, 1, -1, 1}, finals[i]
		for k := range 11 {
			f := float64(k) / 10
			tr.Step = append(tr.Step, k)
			for j := range 4 {
				tr.States = append(tr.States, start[j]+f*(end[j]-start[j]))
			}
		}
		r.Runs[i].Record.Trajectory = tr
	}
	return r
}

// TestCurvesShowEveryRunAndBasin: the learning curves draw every run and a
// mean per basin. With one run of three ending with row 2 crossed (the
// sign initialisation's counterexample), that run's w2^(1) is drawn and
// crosses 0, and so does the mean of its basin; the mean of all runs (the
// old figure) would have stayed below 0.
func TestCurvesShowEveryRunAndBasin(t *testing.T) {
	r := trajectoryResult(SSLSigns, [][4]float64{{3.8, 1.5, -3.8, 1.5}, {3.7, 1.5, -3.7, 1.5}, {3.9, 1.5, 3.9, 1.5}})
	fig, err := r.curves(SSLSigns)
	if err != nil {
		t.Fatal(err)
	}
	const w21 = 2 // w2^(1) at d = 2
	thin, crossing, basinMeans := 0, 0, map[Basin]bool{}
	for _, c := range fig.curves {
		if c.coord != w21 {
			continue
		}
		first, last := c.pts[0].Y, c.pts[len(c.pts)-1].Y
		if c.mean {
			basinMeans[c.basin] = true
			if c.basin == Row2Crossed && !(first < 0 && last > 0) {
				t.Errorf("mean of basin %s goes from %v to %v, want across 0", c.basin, first, last)
			}
			continue
		}
		thin++
		if first < 0 && last > 0 {
			crossing++
		}
	}
	if thin != 3 || crossing != 1 || !basinMeans[AsStarted] || !basinMeans[Row2Crossed] || len(basinMeans) != 2 {
		t.Fatalf("w2^(1): %d runs drawn (%d crossing 0), basin means %v; want 3, 1, {+a/-a, +a/+a}", thin, crossing, basinMeans)
	}
	var all float64
	for _, run := range r.Runs {
		all += run.Record.Final.W[w21] / 3
	}
	if all >= 0 {
		t.Fatalf("the test needs the mean of all runs (%v) below 0", all)
	}
}

// TestScatterShowsEveryMarker: the scatter's axes leave at least 5% of
// their range beyond the outermost rows on both sides, so no marker is cut
// by the frame (the old figure padded only the y axis).
func TestScatterShowsEveryMarker(t *testing.T) {
	r := synthetic(SSLNear, [][4]float64{{3.8, 1.5, -3.8, 1.4}, {3.6, 1.6, -4.1, 1.5}}, []float64{1, 1})
	fig, err := r.scatter()
	if err != nil {
		t.Fatal(err)
	}
	p := fig.plot
	for _, run := range r.Runs {
		w := run.Record.Final.W
		for k := range 2 {
			x, y := w[2*k], w[2*k+1]
			mx, my := 0.05*(p.X.Max-p.X.Min), 0.05*(p.Y.Max-p.Y.Min)
			if x < p.X.Min+mx || x > p.X.Max-mx || y < p.Y.Min+my || y > p.Y.Max-my {
				t.Errorf("row (%v, %v) within 5%% of the frame [%v, %v] x [%v, %v]", x, y, p.X.Min, p.X.Max, p.Y.Min, p.Y.Max)
			}
		}
	}
}

// TestProjectionsPerGroup: the projection histograms have a column per
// group, each over that group's runs only (the two SSL initialisations are
// not pooled).
func TestProjectionsPerGroup(t *testing.T) {
	r := synthetic(SSLNear, [][4]float64{{3.8, 1.5, -3.8, 1.5}}, []float64{1})
	r.Runs = append(r.Runs, synthetic(SSLSigns, [][4]float64{{3.8, 1.5, 3.8, 1.5}, {3.8, 1.5, -3.8, 1.5}}, []float64{1, 1}).Runs...)
	r.Runs = append(r.Runs, synthetic(SL, [][4]float64{{2, 0, -2, 0}}, []float64{1}).Runs...)
	tiles, err := r.projections()
	if err != nil {
		t.Fatal(err)
	}
	if len(tiles) != 2 || len(tiles[0]) != len(Groups) {
		t.Fatalf("%d x %d tiles, want 2 x %d", len(tiles), len(tiles[0]), len(Groups))
	}
	for j, g := range Groups {
		want := map[Group]string{SSLNear: "(1 runs)", SSLSigns: "(2 runs)", SL: "(1 runs)"}[g]
		if title := tiles[0][j].Title.Text; !strings.HasPrefix(title, string(g)+" ") || !strings.Contains(title, want) {
			t.Errorf("column %d: title %q, want %s %s", j, title, g, want)
		}
	}
	for i := range tiles {
		for j := range tiles[i] {
			if x := tiles[i][j].X; x.Min != 0 || x.Max != 1 {
				t.Errorf("tile %d,%d: x range [%v, %v], want [0, 1]", i, j, x.Min, x.Max)
			}
		}
	}
}
