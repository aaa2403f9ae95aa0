package experiment

import (
	"bytes"
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
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

// render draws a figure of the given size into the format's bytes.
func render(w, h vg.Length, f Format, paint func(draw.Canvas)) ([]byte, error) {
	var buf bytes.Buffer
	switch f {
	case SVG:
		c := vgsvg.NewWith(vgsvg.UseWH(w, h), vgsvg.EmbedFonts(true))
		paint(draw.New(c))
		if _, err := c.WriteTo(&buf); err != nil {
			return nil, err
		}
	default:
		c := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(96))
		paint(draw.New(c))
		if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(&buf); err != nil {
			return nil, err
		}
	}
	return buf.Bytes(), nil
}

// Figures draws every figure of the reproduction.
func (r *Result) Figures(f Format) ([]Figure, error) {
	var figs []Figure
	for _, g := range Groups {
		p, err := r.curves(g)
		if err != nil {
			return nil, err
		}
		b, err := render(18*vg.Centimeter, 11*vg.Centimeter, f, p.Draw)
		if err != nil {
			return nil, err
		}
		figs = append(figs, Figure{Name: "curves-" + string(g), Bytes: b})
	}
	p, err := r.scatter()
	if err != nil {
		return nil, err
	}
	b, err := render(15*vg.Centimeter, 13*vg.Centimeter, f, p.Draw)
	if err != nil {
		return nil, err
	}
	figs = append(figs, Figure{Name: "results-scatter", Bytes: b})
	tiles, err := r.projections()
	if err != nil {
		return nil, err
	}
	b, err = render(20*vg.Centimeter, 14*vg.Centimeter, f, func(c draw.Canvas) {
		t := draw.Tiles{Rows: 2, Cols: 2, PadX: vg.Millimeter * 4, PadY: vg.Millimeter * 4, PadTop: vg.Millimeter * 2, PadBottom: vg.Millimeter * 2, PadLeft: vg.Millimeter * 2, PadRight: vg.Millimeter * 2}
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
	figs = append(figs, Figure{Name: "projections", Bytes: b})
	return figs, nil
}

// curves plots the mean over seeds of w1^(1), w1^(2), w2^(1), w2^(2)
// against the step, each with its 95% band (mean +- 1.96 sd / sqrt(seeds)).
func (r *Result) curves(g Group) (*plot.Plot, error) {
	var runs []Run
	for _, run := range r.Runs {
		if run.Group == g {
			runs = append(runs, run)
		}
	}
	if len(runs) == 0 {
		return nil, fmt.Errorf("no runs of %s", g)
	}
	d := r.Params.D
	tr0 := &runs[0].Record.Trajectory
	steps := tr0.Len()
	p := plot.New()
	p.Title.Text = fmt.Sprintf("%s: mean weights over %d seeds (95%% bands)", groupTitles[g], len(runs))
	p.X.Label.Text = "step"
	p.Y.Label.Text = "weight"
	// The legend sits right of centre, between the curves of e2 (near b)
	// and of row 2 on e1 (near -a), where the paper's runs leave room.
	p.Legend.Top, p.Legend.Left = false, false
	p.Legend.YOffs = 3.2 * vg.Centimeter
	p.Legend.XOffs = -0.3 * vg.Centimeter
	coords := []struct {
		name string
		j    int
	}{{"w1^(1) (row 1 on e1)", 0}, {"w1^(2) (row 1 on e2)", 1}, {"w2^(1) (row 2 on e1)", d}, {"w2^(2) (row 2 on e2)", d + 1}}
	vals := make([]float64, len(runs))
	for ci, c := range coords {
		mean := make(plotter.XYs, steps)
		upper := make(plotter.XYs, steps)
		lower := make(plotter.XYs, steps)
		for i := range steps {
			for k, run := range runs {
				tr := &run.Record.Trajectory
				if i >= tr.Len() {
					return nil, fmt.Errorf("%s seed %d has %d records, seed %d has %d", g, run.Seed, tr.Len(), runs[0].Seed, steps)
				}
				vals[k] = tr.State(i)[c.j]
			}
			m, sd := stat.MeanStdDev(vals, nil)
			h := 1.96 * sd / math.Sqrt(float64(len(vals)))
			x := float64(tr0.Step[i])
			mean[i] = plotter.XY{X: x, Y: m}
			upper[i] = plotter.XY{X: x, Y: m + h}
			lower[steps-1-i] = plotter.XY{X: x, Y: m - h}
		}
		band, err := plotter.NewPolygon(append(upper, lower...))
		if err != nil {
			return nil, err
		}
		col := weightColors[ci]
		band.Color = color.NRGBA{col.R, col.G, col.B, 70}
		band.LineStyle.Width = 0
		line, err := plotter.NewLine(mean)
		if err != nil {
			return nil, err
		}
		line.Color = col
		line.Width = vg.Points(1.5)
		p.Add(band, line)
		p.Legend.Add(c.name, line)
	}
	p.Add(plotter.NewGrid())
	pad(p, 0.15)
	return p, nil
}

// pad widens the y axis by a fraction of its range on both sides, so that
// no curve runs along the frame.
func pad(p *plot.Plot, frac float64) {
	h := (p.Y.Max - p.Y.Min) * frac
	p.Y.Min, p.Y.Max = p.Y.Min-h, p.Y.Max+h
}

// scatter plots the final (w_k^(1), w_k^(2)) of both rows of every run:
// SSL rows end at (+a, b) and (-a, b), SL rows on the w^(2) = 0 axis.
func (r *Result) scatter() (*plot.Plot, error) {
	d := r.Params.D
	p := plot.New()
	p.Title.Text = "Learning results: final rows (w_k^(1), w_k^(2)), all seeds"
	p.X.Label.Text = "w_k^(1): weight on e1 (label feature)"
	p.Y.Label.Text = "w_k^(2): weight on e2 (hidden feature)"
	// The legend goes in the middle, between the SSL rows (top corners)
	// and the SL rows (on the w^(2) = 0 axis).
	p.Legend.Top, p.Legend.Left = true, false
	p.Legend.XOffs = -4.2 * vg.Centimeter
	p.Legend.YOffs = -2.2 * vg.Centimeter
	shapes := []draw.GlyphDrawer{draw.CircleGlyph{}, draw.TriangleGlyph{}}
	for _, g := range Groups {
		for k := range 2 {
			var pts plotter.XYs
			for _, run := range r.Runs {
				if run.Group == g {
					w := run.Record.Final.W
					pts = append(pts, plotter.XY{X: w[k*d], Y: w[k*d+1]})
				}
			}
			s, err := plotter.NewScatter(pts)
			if err != nil {
				return nil, err
			}
			s.GlyphStyle.Color = groupColors[g]
			s.GlyphStyle.Shape = shapes[k]
			s.GlyphStyle.Radius = vg.Points(3)
			p.Add(s)
			p.Legend.Add(fmt.Sprintf("%s, row %d", g, k+1), s)
		}
	}
	p.Add(plotter.NewGrid())
	pad(p, 0.08)
	return p, nil
}

// projections draws the histograms of ||P e1|| and ||P e2|| over the
// seeds, SSL (both initialisations) and SL side by side.
func (r *Result) projections() ([][]*plot.Plot, error) {
	var sslE1, sslE2, slE1, slE2 plotter.Values
	for _, run := range r.Runs {
		f := run.Record.Final.Features
		if run.Group == SL {
			slE1, slE2 = append(slE1, f.ProjE1), append(slE2, f.ProjE2)
		} else {
			sslE1, sslE2 = append(sslE1, f.ProjE1), append(sslE2, f.ProjE2)
		}
	}
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
	ssl, sl := groupColors[SSLNear], groupColors[SL]
	specs := [2][2]struct {
		vals          plotter.Values
		title, xlabel string
		col           color.NRGBA
	}{
		{{sslE1, fmt.Sprintf("SSL (%d runs): ||P e1||", len(sslE1)), "||P e1|| (label feature in the row space)", ssl},
			{slE1, fmt.Sprintf("SL (%d runs): ||P e1||", len(slE1)), "||P e1||", sl}},
		{{sslE2, fmt.Sprintf("SSL: ||P e2||"), "||P e2|| (hidden feature in the row space)", ssl},
			{slE2, fmt.Sprintf("SL: ||P e2||"), "||P e2||", sl}},
	}
	tiles := make([][]*plot.Plot, 2)
	for i := range 2 {
		tiles[i] = make([]*plot.Plot, 2)
		for j := range 2 {
			s := specs[i][j]
			p, err := cell(s.vals, s.title, s.xlabel, s.col)
			if err != nil {
				return nil, err
			}
			tiles[i][j] = p
		}
	}
	return tiles, nil
}
