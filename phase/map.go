package phase

import (
	"fmt"
	"hash/fnv"
	"image/color"
	"math"
	"sort"
	"strings"

	"github.com/nlssl/nlssl/internal/figure"
	"github.com/nlssl/nlssl/theory"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// The heat maps: a cell per grid point shaded by its class, boundaries,
// the base point, and the legend beneath the plot.

// classColors fixes the colour of every (outcome, mechanism) class the
// claims name (theory.Mechanisms, each of its one outcome), the same on
// every map: green for holds; oranges, reds and pinks for fails; yellows
// and olives for undecided; greys, blues and purples for outside. No two
// classes share a colour. TestMapColoursFixed checks that every mechanism
// and every class the README's maps show is in the table.
var classColors = map[class]color.NRGBA{
	{theory.Holds, ""}: {0, 158, 115, 255},

	mech(theory.MechAscentDiverges): {160, 40, 40, 255},
	mech(theory.MechRowCrosses):     {213, 94, 0, 255},
	mech(theory.MechLDecreases):     {230, 159, 0, 255},
	mech(theory.MechOtherMaximum):   {240, 140, 110, 255},
	mech(theory.MechLimitNotStrict): {204, 121, 167, 255},
	mech(theory.MechBeyondSpread):   {140, 80, 40, 255},
	mech(theory.MechSaddle):         {200, 30, 110, 255},
	mech(theory.MechMirrorBasin):    {250, 110, 80, 255},
	mech(theory.MechProjectionLow):  {110, 20, 40, 255},
	mech(theory.MechSLKeepsE2):      {250, 190, 140, 255},
	mech(theory.MechSLKeepsZ):       {180, 70, 20, 255},
	mech(theory.MechSSLLosesZ):      {230, 90, 130, 255},
	mech(theory.MechLosesY):         {130, 30, 70, 255},
	mech(theory.MechE1Lost):         {225, 100, 40, 255},
	mech(theory.MechE2Lost):         {245, 170, 200, 255},
	mech(theory.MechNotMaxOfLTilde): {220, 20, 60, 255},
	mech(theory.MechNoSpread):       {170, 60, 90, 255},

	mech(theory.MechBudget):               {240, 228, 66, 255},
	mech(theory.MechNoBall):               {220, 210, 140, 255},
	mech(theory.MechNoBallSignLost):       {195, 175, 95, 255},
	mech(theory.MechCertInequality):       {170, 160, 40, 255},
	mech(theory.MechNewtonStalls):         {200, 160, 0, 255},
	mech(theory.MechNoCertificate):        {250, 245, 170, 255},
	mech(theory.MechNoCertifiedW):         {180, 140, 50, 255},
	mech(theory.MechNewtonStallsOnLTilde): {200, 220, 90, 255},
	mech(theory.MechNonFiniteHessian):     {210, 190, 20, 255},

	{theory.Fails, proveDisproved}:        {190, 20, 20, 255},
	{theory.Undecided, proveNoCritical}:   {235, 215, 110, 255},
	{theory.Undecided, proveNoMaximum}:    {150, 140, 20, 255},
	{theory.Undecided, proveNoRegion}:     {245, 200, 40, 255},
	{theory.Undecided, proveNoUniqueness}: {205, 190, 90, 255},
	{theory.Undecided, proveOtherFailure}: {225, 235, 120, 255},

	mech(theory.MechNearTooFar):              {200, 200, 200, 255},
	mech(theory.MechPastPitchfork):           {150, 150, 150, 255},
	mech(theory.MechNoiseAsLarge):            {170, 200, 230, 255},
	mech(theory.MechNoSignedMaximum):         {225, 225, 235, 255},
	mech(theory.MechEtaAboveBound):           {110, 130, 160, 255},
	mech(theory.MechSLKeepsZSignal):          {120, 170, 210, 255},
	mech(theory.MechSLUnconverged):           {190, 170, 220, 255},
	mech(theory.MechSmallSample):             {140, 120, 180, 255},
	mech(theory.MechOneNoiseCoord):           {160, 140, 200, 255},
	mech(theory.MechW0Outside):               {90, 140, 140, 255},
	mech(theory.MechNoMaxOfLTilde):           {180, 210, 200, 255},
	mech(theory.MechInvalidForLTilde):        {60, 60, 60, 255},
	mech(theory.MechNoInitialPoint):          {120, 120, 140, 255},
	mech(theory.MechAscentNotRun):            {100, 110, 180, 255},
	mech(theory.MechNoExpected):              {150, 180, 250, 255},
	mech(theory.MechNoNewtonZero):            {200, 190, 230, 255},
	mech(theory.MechSLNotRun):                {130, 100, 160, 255},
	mech(theory.MechNoProbe):                 {80, 110, 170, 255},
	{theory.OutsideHypotheses, invalidPoint}: {90, 90, 90, 255},
}

// mech is the class of a mechanism of the claims.
func mech(m theory.Mechanism) class { return class{m.Outcome(), m.String()} }

// invalidPoint is the class of the mechanisms "invalid point: <param> out
// of range" (Spec.evaluate): one colour for the family, the legend names
// the parameter.
const invalidPoint = "invalid point"

// fallbackColors colour a class the table does not know (a mechanism worded
// anew), by a hash of its words, so that it too keeps its colour from map to
// map; the legend names it. They are none of the table's colours.
var fallbackColors = map[theory.Outcome][]color.NRGBA{
	theory.Holds:             {{86, 180, 150, 255}},
	theory.Fails:             {{255, 80, 0, 255}, {190, 0, 0, 255}, {255, 150, 60, 255}},
	theory.Undecided:         {{230, 200, 100, 255}, {160, 140, 0, 255}},
	theory.OutsideHypotheses: {{70, 100, 130, 255}, {160, 160, 190, 255}, {120, 120, 100, 255}},
}

// class is one (outcome, mechanism) pair of a claim's map.
type class struct {
	outcome   theory.Outcome
	mechanism string
}

// colour is the class's fixed colour.
func (c class) colour() color.NRGBA {
	key := c
	if strings.HasPrefix(c.mechanism, invalidPoint+":") {
		key.mechanism = invalidPoint
	}
	if col, ok := classColors[key]; ok {
		return col
	}
	h := fnv.New32a()
	h.Write([]byte(c.mechanism))
	list := fallbackColors[c.outcome]
	if len(list) == 0 {
		return color.NRGBA{0, 0, 0, 255}
	}
	return list[h.Sum32()%uint32(len(list))]
}

// mapClasses orders the classes met by outcome (holds, fails, undecided,
// outside), then by count (descending), then by mechanism: the legend's
// order. Each keeps its fixed colour whatever the order.
func mapClasses(count map[class]int) []class {
	rank := map[theory.Outcome]int{theory.Holds: 0, theory.Fails: 1, theory.Undecided: 2, theory.OutsideHypotheses: 3}
	var cs []class
	for c := range count {
		cs = append(cs, c)
	}
	sort.Slice(cs, func(i, j int) bool {
		a, b := cs[i], cs[j]
		switch {
		case rank[a.outcome] != rank[b.outcome]:
			return rank[a.outcome] < rank[b.outcome]
		case count[a] != count[b]:
			return count[a] > count[b]
		}
		return a.mechanism < b.mechanism
	})
	return cs
}

// edges returns the cell edges of an axis: midpoints between grid values
// (geometric on a log axis), extended by half a step at both ends.
func edges(a Axis) []float64 {
	n := a.Count
	e := make([]float64, n+1)
	for i := 0; i <= n; i++ {
		e[i] = a.At((float64(i) - 0.5) / float64(n-1))
	}
	return e
}

// MapFigure is one claim's map: the plot and, drawn beneath it so that it
// never hides a cell, its legend.
type MapFigure struct {
	Plot   *plot.Plot
	Legend plot.Legend
	cells  []color.NRGBA // the colour of each point's cell, in the sweep's order
}

// Draw draws the map onto c, the legend in a strip at the bottom.
func (m *MapFigure) Draw(c draw.Canvas) { figure.LegendBelow(c, m.Plot, m.Legend) }

// Map draws one claim's map: a cell per point coloured by its class (the
// outcome, and a shade per mechanism), the boundaries as black dots, and a
// legend with every class and its count.
func (sw *Sweep) Map(claim string) (*MapFigure, error) {
	ci := -1
	for i, c := range sw.Claims() {
		if c == claim {
			ci = i
		}
	}
	if ci < 0 {
		return nil, fmt.Errorf("claim = %q is invalid: allowed one of %v", claim, sw.Claims())
	}
	s := sw.Spec
	ex, ey := edges(s.X), edges(s.Y)
	p := plot.New()
	p.Title.Text = fmt.Sprintf("%s over %s x %s (d=%d, %s mode)", claim, s.X.Param, s.Y.Param, s.Base.D, s.Mode)
	if s.X.Param == "d" || s.Y.Param == "d" {
		p.Title.Text = fmt.Sprintf("%s over %s x %s (%s mode)", claim, s.X.Param, s.Y.Param, s.Mode)
	}
	p.X.Label.Text = s.X.Label()
	p.Y.Label.Text = s.Y.Label()
	// A log axis is drawn as a linear axis over log10 of the value with
	// ticks labelled by the value: gonum pads a log axis for its label as if
	// it were linear, which leaves a blank band above the map.
	fx, fy := s.X.plotCoord, s.Y.plotCoord
	if s.X.Log {
		p.X.Tick.Marker = log10Ticks{}
	}
	if s.Y.Log {
		p.Y.Tick.Marker = log10Ticks{}
	}
	count := map[class]int{}
	for _, pt := range sw.Points {
		r := pt.Results[ci]
		count[class{r.Outcome, r.Mechanism}]++
	}
	classes := mapClasses(count)
	var cells []color.NRGBA
	for _, pt := range sw.Points {
		ix, iy := pt.I%s.X.Count, pt.I/s.X.Count
		r := pt.Results[ci]
		cell, err := plotter.NewPolygon(plotter.XYs{{X: fx(ex[ix]), Y: fy(ey[iy])}, {X: fx(ex[ix+1]), Y: fy(ey[iy])}, {X: fx(ex[ix+1]), Y: fy(ey[iy+1])}, {X: fx(ex[ix]), Y: fy(ey[iy+1])}})
		if err != nil {
			return nil, err
		}
		// An outline in the fill colour closes the anti-aliasing seams
		// between neighbouring cells.
		c := class{r.Outcome, r.Mechanism}.colour()
		cell.Color, cell.LineStyle.Color = c, c
		cells = append(cells, c)
		cell.LineStyle.Width = vg.Points(0.5)
		p.Add(cell)
	}
	leg := plot.NewLegend()
	leg.Left = true
	leg.TextStyle.Font.Size = vg.Points(8)
	leg.ThumbnailWidth = vg.Points(12)
	var dots plotter.XYs
	for _, b := range sw.Boundaries {
		if b.Claim != claim {
			continue
		}
		if b.Along == "x" {
			dots = append(dots, plotter.XY{X: fx(b.At), Y: fy(b.Fixed)})
		} else {
			dots = append(dots, plotter.XY{X: fx(b.Fixed), Y: fy(b.At)})
		}
	}
	if len(dots) > 0 {
		sc, err := plotter.NewScatter(dots)
		if err != nil {
			return nil, err
		}
		sc.GlyphStyle.Radius = vg.Points(1.2)
		sc.GlyphStyle.Shape = draw.CircleGlyph{}
		p.Add(sc)
		leg.Add(boundaryLabel(s.Bisect), sc)
	}
	if bx, okx := s.baseValue(s.X); okx {
		if by, oky := s.baseValue(s.Y); oky && within(s.X, bx) && within(s.Y, by) {
			star, err := plotter.NewScatter(plotter.XYs{{X: fx(bx), Y: fy(by)}})
			if err != nil {
				return nil, err
			}
			star.GlyphStyle.Shape = draw.PyramidGlyph{}
			star.GlyphStyle.Radius = vg.Points(4)
			star.GlyphStyle.Color = color.Black
			p.Add(star)
			leg.Add(fmt.Sprintf("base point (%s = %.4g, %s = %.4g)", s.X.Param, bx, s.Y.Param, by), star)
		}
	}
	for _, c := range classes {
		label := fmt.Sprintf("%s (%d points)", c.outcome, count[c])
		if c.mechanism != "" {
			label += ": " + shorten(c.mechanism)
		}
		swatch, _ := plotter.NewPolygon(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 0}, {X: 1, Y: 1}})
		swatch.Color = c.colour()
		swatch.LineStyle.Width = 0
		leg.Add(label, swatch)
	}
	p.X.Min, p.X.Max = fx(ex[0]), fx(ex[len(ex)-1])
	p.Y.Min, p.Y.Max = fy(ey[0]), fy(ey[len(ey)-1])
	return &MapFigure{Plot: p, Legend: leg, cells: cells}, nil
}

// boundaryLabel names the boundary dots in a map's legend.
func boundaryLabel(bisect int) string {
	if bisect == 0 {
		return "boundary between neighbouring grid points (no bisection)"
	}
	return fmt.Sprintf("boundary located by bisection (%d steps)", bisect)
}

// plotCoord maps a value of the axis to the plot's coordinate: log10 on a
// log axis.
func (a Axis) plotCoord(v float64) float64 {
	if a.Log {
		return math.Log10(v)
	}
	return v
}

// log10Ticks marks an axis whose coordinate is log10 of the value with
// gonum's log ticks, labelled by the value.
type log10Ticks struct{}

func (log10Ticks) Ticks(min, max float64) []plot.Tick {
	ts := plot.LogTicks{Prec: -1}.Ticks(math.Pow(10, min), math.Pow(10, max))
	for i := range ts {
		ts[i].Value = math.Log10(ts[i].Value)
	}
	return ts
}

// baseValue is the base point's value of an axis parameter (none for the
// initial-point offsets, whose base is the seed's draw).
func (s *Spec) baseValue(a Axis) (float64, bool) {
	get := axisParams[a.Param].base
	if get == nil {
		return 0, false
	}
	return get(&s.Base), true
}

func within(a Axis, v float64) bool { return v >= a.Lo && v <= a.Hi }

// shorten keeps a legend line within the map's width.
func shorten(m string) string {
	if len(m) > 95 {
		return m[:95] + "..."
	}
	return m
}

// render draws a map into PNG or SVG bytes.
func render(p *MapFigure, format string) ([]byte, error) {
	return figure.Bytes(17*vg.Centimeter, 13*vg.Centimeter, format, p.Draw)
}
