package experiment

import (
	"fmt"
	"image/color"
	"math"

	"github.com/nlssl/nlssl/internal/figure"
	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Figure is one rendered figure: a file name (without extension) and its
// bytes in the chosen format.
type Figure struct {
	Name  string
	Bytes []byte
}

// Format is the figure file format.
type Format string

// The figure formats: PNG (default) and SVG with the fonts embedded.
const (
	PNG Format = "png"
	SVG Format = "svg"
)

// ParseFormat parses "png" or "svg".
func ParseFormat(s string) (Format, error) {
	switch Format(s) {
	case PNG, SVG:
		return Format(s), nil
	}
	return "", fmt.Errorf("format = %q is invalid: allowed \"png\" or \"svg\"", s)
}

// The colours of the four weights and of the groups (colour-blind safe:
// Okabe and Ito's palette).
var (
	weightColors = []color.NRGBA{{0, 114, 178, 255}, {230, 159, 0, 255}, {0, 158, 115, 255}, {204, 121, 167, 255}}
	groupColors  = map[Group]color.NRGBA{SSLNear: {0, 114, 178, 255}, SSLSigns: {0, 158, 115, 255}, SL: {213, 94, 0, 255}}
)

var groupTitles = map[Group]string{
	SSLNear:  "SSL from the near initialisation",
	SSLSigns: "SSL from the sign initialisation",
	SL:       "SL (supervised)",
}

// drawing is a plot with its legend, drawn beneath it (figure.LegendBelow).
type drawing struct {
	name   string
	w, h   vg.Length
	plot   *plot.Plot
	legend plot.Legend
	curves []curve // the lines of a learning-curve figure
}

// curve is one line of a learning-curve figure: one run's coordinate
// (thin), or the mean of a basin's runs (thick).
type curve struct {
	coord int // index into the state: 0, 1, d, d+1
	basin Basin
	mean  bool
	pts   plotter.XYs
}

func (f *drawing) draw(c draw.Canvas) { figure.LegendBelow(c, f.plot, f.legend) }

// newLegend is a legend for the strip beneath a plot.
func newLegend() plot.Legend {
	leg := plot.NewLegend()
	leg.Left = true
	leg.TextStyle.Font.Size = vg.Points(9)
	leg.ThumbnailWidth = vg.Points(24)
	return leg
}

// Figures draws every figure of the reproduction.
func (r *Result) Figures(f Format) ([]Figure, error) {
	var figs []*drawing
	for _, g := range Groups {
		fig, err := r.curves(g)
		if err != nil {
			return nil, err
		}
		figs = append(figs, fig)
	}
	sc, err := r.scatter()
	if err != nil {
		return nil, err
	}
	figs = append(figs, sc)
	var out []Figure
	for _, fig := range figs {
		b, err := figure.Bytes(fig.w, fig.h, string(f), fig.draw)
		if err != nil {
			return nil, err
		}
		out = append(out, Figure{Name: fig.name, Bytes: b})
	}
	tiles, err := r.projections()
	if err != nil {
		return nil, err
	}
	b, err := figure.Bytes(24*vg.Centimeter, 14*vg.Centimeter, string(f), func(c draw.Canvas) {
		t := draw.Tiles{Rows: len(tiles), Cols: len(tiles[0]), PadX: vg.Millimeter * 4, PadY: vg.Millimeter * 4, PadTop: vg.Millimeter * 2, PadBottom: vg.Millimeter * 2, PadLeft: vg.Millimeter * 2, PadRight: vg.Millimeter * 2}
		canvases := plot.Align(tiles, t, c)
		for i := range tiles {
			for j := range tiles[i] {
				tiles[i][j].Draw(canvases[i][j])
			}
		}
	})
	if err != nil {
		return nil, err
	}
	return append(out, Figure{Name: "projections", Bytes: b}), nil
}

// basinDashes is the line style of each basin's runs and mean: solid for
// the paper's outcome, dashed and dotted for a row crossed to the mirror
// basin.
var basinDashes = map[Basin][]vg.Length{
	AsStarted:   nil,
	Row2Crossed: {vg.Points(6), vg.Points(3)},
	Row1Crossed: {vg.Points(1.5), vg.Points(2)},
	BothCrossed: {vg.Points(6), vg.Points(2), vg.Points(1.5), vg.Points(2)},
}

// maxCurvePoints bounds the points of one curve: the trajectories are
// drawn at every k-th recorded step (and the last), which keeps the files
// small; the curves are smooth on that scale (one step moves a weight by
// eta times its gradient).
const maxCurvePoints = 1000

// curves plots w1^(1), w1^(2), w2^(1), w2^(2) against the step: every run
// as a thin line, and per basin (where the run's rows end, Basin) the mean
// over its runs as a thick line, in the basin's line style. A mean over
// runs of two basins would describe none of them: from the sign
// initialisation some runs cross a = 0, and the mean of all runs does not.
// No band: the runs themselves show the spread (a band of the mean over 2
// or 3 runs of a basin, with Student's t, is wider than the runs), and the
// summary gives each basin's intervals.
func (r *Result) curves(g Group) (*drawing, error) {
	runs := r.groupRuns(g)
	if len(runs) == 0 {
		return nil, fmt.Errorf("no runs of %s", g)
	}
	d := r.Params.D
	tr0 := &runs[0].Record.Trajectory
	steps := tr0.Len()
	if steps == 0 {
		return nil, fmt.Errorf("%s seed %d has no recorded iterate", g, runs[0].Seed)
	}
	for _, run := range runs {
		if n := run.Record.Trajectory.Len(); n != steps {
			return nil, fmt.Errorf("%s seed %d has %d records, seed %d has %d", g, run.Seed, n, runs[0].Seed, steps)
		}
	}
	every := (steps + maxCurvePoints - 1) / maxCurvePoints
	var idx []int
	for i := 0; i < steps; i += every {
		idx = append(idx, i)
	}
	if idx[len(idx)-1] != steps-1 {
		idx = append(idx, steps-1)
	}
	p := plot.New()
	p.Title.Text = fmt.Sprintf("%s: %d runs (thin) and the mean of each basin (thick)", groupTitles[g], len(runs))
	p.X.Label.Text = "step"
	p.Y.Label.Text = "weight"
	leg := newLegend()
	coords := []struct {
		name string
		j    int
	}{{"w1^(1) (row 1 on e1)", 0}, {"w1^(2) (row 1 on e2)", 1}, {"w2^(1) (row 2 on e1)", d}, {"w2^(2) (row 2 on e2)", d + 1}}
	basins, split := byBasin(runs, d)
	var thin, means []plot.Plotter
	var drawn []curve
	for ci, c := range coords {
		col := weightColors[ci]
		for bi, b := range basins {
			in := split[bi]
			// Every run of the basin, thin.
			for _, run := range in {
				tr := &run.Record.Trajectory
				pts := make(plotter.XYs, len(idx))
				for k, i := range idx {
					pts[k] = plotter.XY{X: float64(tr.Step[i]), Y: tr.State(i)[c.j]}
				}
				l, err := plotter.NewLine(pts)
				if err != nil {
					return nil, err
				}
				l.Color = color.NRGBA{col.R, col.G, col.B, 120}
				l.Width = vg.Points(0.5)
				l.Dashes = basinDashes[b]
				thin = append(thin, l)
				drawn = append(drawn, curve{coord: c.j, basin: b, pts: pts})
			}
			// The basin's mean, thick.
			vals := make([]float64, len(in))
			mean := make(plotter.XYs, len(idx))
			for k, i := range idx {
				for m, run := range in {
					vals[m] = run.Record.Trajectory.State(i)[c.j]
				}
				mean[k] = plotter.XY{X: float64(tr0.Step[i]), Y: stat.Mean(vals, nil)}
			}
			l, err := plotter.NewLine(mean)
			if err != nil {
				return nil, err
			}
			l.Color = col
			l.Width = vg.Points(1.8)
			l.Dashes = basinDashes[b]
			means = append(means, l)
			drawn = append(drawn, curve{coord: c.j, basin: b, mean: true, pts: mean})
		}
		leg.Add(c.name, &plotter.Line{LineStyle: draw.LineStyle{Color: col, Width: vg.Points(1.8)}})
	}
	p.Add(plotter.NewGrid())
	p.Add(thin...)
	p.Add(means...)
	for bi, b := range basins {
		leg.Add(fmt.Sprintf("%s: %d of %d runs end %s (%s)", b, len(split[bi]), len(runs), b, b.Describe()),
			&plotter.Line{LineStyle: draw.LineStyle{Color: color.Black, Width: vg.Points(1.8), Dashes: basinDashes[b]}})
	}
	leg.Add("thin lines: each run; thick: the mean of the runs of a basin",
		&plotter.Line{LineStyle: draw.LineStyle{Color: color.NRGBA{0, 0, 0, 120}, Width: vg.Points(0.5)}})
	pad(p, 0.05)
	return &drawing{name: "curves-" + string(g), w: 18 * vg.Centimeter, h: 14 * vg.Centimeter, plot: p, legend: leg, curves: drawn}, nil
}

// pad widens the y axis by a fraction of its range on both sides, so that
// no curve runs along the frame.
func pad(p *plot.Plot, frac float64) {
	h := (p.Y.Max - p.Y.Min) * frac
	p.Y.Min, p.Y.Max = p.Y.Min-h, p.Y.Max+h
}

// scatter plots the final (w_k^(1), w_k^(2)) of both rows of every run:
// SSL rows end at (+a, b) and (-a, b), SL rows on the w^(2) = 0 axis. Both
// axes are padded so that no marker is cut by the frame, and the legend is
// beneath the plot.
func (r *Result) scatter() (*drawing, error) {
	d := r.Params.D
	p := plot.New()
	p.Title.Text = "Learning results: final rows (w_k^(1), w_k^(2)), all seeds"
	p.X.Label.Text = "w_k^(1): weight on e1 (label feature)"
	p.Y.Label.Text = "w_k^(2): weight on e2 (hidden feature)"
	leg := newLegend()
	// Rows 1 and 2 of a group: filled shapes for ssl-near, hollow ones for
	// ssl-signs (drawn over them: the two end at the same points), squares
	// for SL.
	shapes := map[Group][2]draw.GlyphDrawer{
		SSLNear:  {draw.CircleGlyph{}, draw.PyramidGlyph{}},
		SSLSigns: {draw.RingGlyph{}, draw.TriangleGlyph{}},
		SL:       {draw.BoxGlyph{}, draw.SquareGlyph{}},
	}
	xmin, xmax, ymin, ymax := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, g := range Groups {
		for k := range 2 {
			var pts plotter.XYs
			for _, run := range r.groupRuns(g) {
				w := run.Record.Final.W
				pts = append(pts, plotter.XY{X: w[k*d], Y: w[k*d+1]})
				xmin, xmax = math.Min(xmin, w[k*d]), math.Max(xmax, w[k*d])
				ymin, ymax = math.Min(ymin, w[k*d+1]), math.Max(ymax, w[k*d+1])
			}
			if len(pts) == 0 {
				continue
			}
			s, err := plotter.NewScatter(pts)
			if err != nil {
				return nil, err
			}
			s.GlyphStyle.Color = groupColors[g]
			s.GlyphStyle.Shape = shapes[g][k]
			s.GlyphStyle.Radius = vg.Points(3)
			p.Add(s)
			leg.Add(fmt.Sprintf("%s, row %d", g, k+1), s)
		}
	}
	p.Add(plotter.NewGrid())
	// 6% of each range on every side: a marker (radius 3 pt) is under 1% of
	// the plot's width or height.
	hx, hy := 0.06*math.Max(xmax-xmin, 1e-3), 0.06*math.Max(ymax-ymin, 1e-3)
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = xmin-hx, xmax+hx, ymin-hy, ymax+hy
	return &drawing{name: "results-scatter", w: 15 * vg.Centimeter, h: 15 * vg.Centimeter, plot: p, legend: leg}, nil
}

// projections draws the histograms of ||P e1|| and ||P e2|| over the
// runs, one column per group: the two SSL initialisations are not pooled
// (from the sign initialisation some runs lose e2, from the near one none).
func (r *Result) projections() ([][]*plot.Plot, error) {
	cell := func(vals plotter.Values, title, xlabel string, col color.NRGBA) (*plot.Plot, error) {
		p := plot.New()
		p.Title.Text = title
		p.X.Label.Text = xlabel
		p.Y.Label.Text = "runs"
		// Bins of width 1/25 over [0, 1] whatever the data's range: two
		// zero-weight points pin the histogram's range.
		xys := plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 0}}
		for _, v := range vals {
			xys = append(xys, plotter.XY{X: v, Y: 1})
		}
		h, err := plotter.NewHistogram(xys, 25)
		if err != nil {
			return nil, err
		}
		h.FillColor = col
		h.LineStyle.Width = vg.Points(0.5)
		p.Add(h)
		p.X.Min, p.X.Max = 0, 1
		return p, nil
	}
	tiles := [][]*plot.Plot{make([]*plot.Plot, len(Groups)), make([]*plot.Plot, len(Groups))}
	for j, g := range Groups {
		var e1, e2 plotter.Values
		for _, run := range r.groupRuns(g) {
			f := run.Record.Final.Features
			e1, e2 = append(e1, f.ProjE1), append(e2, f.ProjE2)
		}
		var err error
		if tiles[0][j], err = cell(e1, fmt.Sprintf("%s (%d runs): ||P e1||", g, len(e1)), "||P e1|| (label feature)", groupColors[g]); err != nil {
			return nil, err
		}
		if tiles[1][j], err = cell(e2, fmt.Sprintf("%s: ||P e2||", g), "||P e2|| (hidden feature)", groupColors[g]); err != nil {
			return nil, err
		}
	}
	return tiles, nil
}
