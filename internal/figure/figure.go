// Package figure owns what the project's figures share: drawing a figure
// into PNG or SVG bytes (gonum/plot's vgimg at 96 dpi, or vgsvg with the
// fonts embedded, so that an SVG shows the same on every machine) and the
// layout of a plot with its legend in a strip beneath it, where the legend
// can hide no data. Both are deterministic: the same figure gives the same
// bytes.
package figure

import (
	"bytes"
	"fmt"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Bytes draws a figure of size w x h with paint and returns it in format,
// "png" or "svg".
func Bytes(w, h vg.Length, format string, paint func(draw.Canvas)) ([]byte, error) {
	var buf bytes.Buffer
	switch format {
	case "svg":
		c := vgsvg.NewWith(vgsvg.UseWH(w, h), vgsvg.EmbedFonts(true))
		paint(draw.New(c))
		if _, err := c.WriteTo(&buf); err != nil {
			return nil, err
		}
	case "png":
		c := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(96))
		paint(draw.New(c))
		if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(&buf); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("format = %q is invalid: allowed \"png\" or \"svg\"", format)
	}
	return buf.Bytes(), nil
}

// LegendBelow draws p onto c with leg in a strip at the bottom, as tall as
// the legend needs, so that the legend never covers the plot's data.
func LegendBelow(c draw.Canvas, p *plot.Plot, leg plot.Legend) {
	r := leg.Rectangle(c)
	h := r.Max.Y - r.Min.Y + vg.Points(6)
	p.Draw(draw.Crop(c, 0, 0, h, -vg.Points(4)))
	strip := draw.Crop(c, 0, 0, 0, -(c.Max.Y - c.Min.Y - h))
	leg.Draw(draw.Crop(strip, vg.Points(8), 0, vg.Points(2), 0))
}
