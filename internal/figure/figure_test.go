package figure

import (
	"bytes"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/recorder"
)

// TestLegendBelow: every legend entry is drawn below the plot's lowest
// text (the x-axis label), so the legend cannot cover the data; a legend
// drawn inside the plot (the old figures) puts its entries above it.
func TestLegendBelow(t *testing.T) {
	p := plot.New()
	p.X.Label.Text = "the x label"
	line, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}})
	if err != nil {
		t.Fatal(err)
	}
	p.Add(line)
	leg := plot.NewLegend()
	for _, name := range []string{"first entry", "second entry", "third entry"} {
		leg.Add(name, line)
	}
	strings := func(paint func(draw.Canvas)) map[string]vg.Length {
		var rec recorder.Canvas
		c := draw.NewCanvas(&rec, 10*vg.Centimeter, 8*vg.Centimeter)
		paint(c)
		ys := map[string]vg.Length{}
		for _, a := range rec.Actions {
			if fs, ok := a.(*recorder.FillString); ok {
				ys[fs.String] = fs.Point.Y
			}
		}
		return ys
	}
	ys := strings(func(c draw.Canvas) { LegendBelow(c, p, leg) })
	for _, name := range []string{"first entry", "second entry", "third entry"} {
		y, ok := ys[name]
		if !ok || y >= ys["the x label"] {
			t.Errorf("%q drawn at y = %v (found %v), want below the x label at %v", name, y, ok, ys["the x label"])
		}
	}
	// The old layout, a legend inside the plot, fails the same check.
	p.Legend = leg
	inside := strings(p.Draw)
	if inside["first entry"] < inside["the x label"] {
		t.Fatal("the check cannot tell a legend inside the plot")
	}
}

// TestBytes: PNG and SVG (fonts embedded) are deterministic; another
// format is an error naming it.
func TestBytes(t *testing.T) {
	p := plot.New()
	p.Title.Text = "t"
	for _, f := range []string{"png", "svg"} {
		a, err := Bytes(4*vg.Centimeter, 3*vg.Centimeter, f, p.Draw)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := Bytes(4*vg.Centimeter, 3*vg.Centimeter, f, p.Draw)
		if !bytes.Equal(a, b) || len(a) < 100 {
			t.Fatalf("%s: %d bytes, not deterministic or empty", f, len(a))
		}
		if f == "svg" && !bytes.Contains(a, []byte("@font-face")) {
			t.Fatal("svg does not embed its fonts")
		}
	}
	if _, err := Bytes(vg.Centimeter, vg.Centimeter, "gif", p.Draw); err == nil || !bytes.Contains([]byte(err.Error()), []byte(`format = "gif"`)) {
		t.Fatalf("gif: %v", err)
	}
}
