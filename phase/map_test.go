package phase

import (
	"encoding/csv"
	"image/color"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nlssl/nlssl/theory"
	"github.com/stretchr/testify/require"
)

// docClasses reads the (outcome, mechanism) classes of the README's maps:
// every point of the full sweep (docs/phase/full/phase.csv) and both sides
// of every boundary of the simplified one (docs/phase/simplified).
func docClasses(t *testing.T) map[class]bool {
	t.Helper()
	read := func(path string) [][]string {
		f, err := os.Open(filepath.Join("..", "docs", "phase", path))
		require.NoError(t, err)
		defer f.Close()
		rows, err := csv.NewReader(f).ReadAll()
		require.NoError(t, err)
		return rows[1:]
	}
	parse := func(o, m string) class {
		var out theory.Outcome
		require.NoError(t, out.UnmarshalText([]byte(o)), o)
		return class{out, m}
	}
	seen := map[class]bool{}
	for _, dir := range []string{"full", "prove"} {
		for _, r := range read(dir + "/phase.csv") { // i, x, y, claim, outcome, mechanism
			seen[parse(r[4], r[5])] = true
		}
	}
	for _, r := range read("simplified/boundaries.csv") { // ..., from, from_mechanism, to, to_mechanism
		seen[parse(r[6], r[7])] = true
		seen[parse(r[8], r[9])] = true
	}
	return seen
}

// TestMapColoursFixed: a class has one colour on every map, whatever else
// the map shows (the old maps ranked the classes met on a map by count and
// handed out shades in that order, so a colour changed meaning from map to
// map); no two classes of the table share a colour, nor does a fallback
// colour; every mechanism of the claims (theory.Mechanisms) and every class
// of the README's maps is in the table; an unknown mechanism keeps one
// colour too.
func TestMapColoursFixed(t *testing.T) {
	byColour := map[color.NRGBA]class{}
	for c, col := range classColors {
		if other, dup := byColour[col]; dup {
			t.Errorf("%v and %v share the colour %v", c, other, col)
		}
		byColour[col] = c
	}
	for o, list := range fallbackColors {
		for _, col := range list {
			if c, dup := byColour[col]; dup {
				t.Errorf("fallback colour %v of %s is %v's", col, o, c)
			}
		}
	}
	for _, m := range theory.Mechanisms() {
		_, ok := classColors[mech(m)]
		require.True(t, ok, "mechanism %s %q has no fixed colour", m.Outcome(), m)
	}
	for c := range docClasses(t) {
		key := c
		if strings.HasPrefix(c.mechanism, invalidPoint+": ") {
			key.mechanism = invalidPoint // one colour for the family
		}
		_, ok := classColors[key]
		require.True(t, ok, "class %s %q of the README's maps has no fixed colour", c.outcome, c.mechanism)
	}
	// Two maps where two classes come in opposite orders of frequency: the
	// cells of a class have its colour on both.
	near := Result{Claim: "C1", Outcome: theory.OutsideHypotheses, Mechanism: "tau < 1: the near region starts far from the maximum (Finding 8)"}
	eta := Result{Claim: "C1", Outcome: theory.OutsideHypotheses, Mechanism: "eta above the smoothness bound"}
	spec := Spec{Base: theory.PaperParams(), X: Axis{Param: "tau", Lo: 1, Hi: 2, Count: 2}, Y: Axis{Param: "eta", Lo: 1, Hi: 2, Count: 2}, Mode: Full}
	for _, rs := range [][]Result{{near, near, near, eta}, {near, eta, eta, eta}} {
		sw := &Sweep{Spec: spec}
		for i, r := range rs {
			sw.Points = append(sw.Points, Point{I: i, X: spec.X.Value(i % 2), Y: spec.Y.Value(i / 2), Results: []Result{r}})
		}
		m, err := sw.Map("C1")
		require.NoError(t, err)
		for i, r := range rs {
			want := color.NRGBA{200, 200, 200, 255}
			if r.Mechanism == eta.Mechanism {
				want = color.NRGBA{110, 130, 160, 255}
			}
			require.Equal(t, want, m.cells[i], "point %d (%s) on the map with classes %v", i, r.Mechanism, rs)
		}
	}
	a := class{theory.OutsideHypotheses, "invalid point: d out of range"}
	b := class{theory.OutsideHypotheses, "invalid point: eta out of range"}
	require.Equal(t, classColors[class{theory.OutsideHypotheses, invalidPoint}], a.colour())
	require.Equal(t, a.colour(), b.colour(), "one colour for the invalid-point family")
	unknown := class{theory.Fails, "a mechanism worded anew"}
	require.Equal(t, unknown.colour(), unknown.colour())
	require.Contains(t, fallbackColors[theory.Fails], unknown.colour())
}

// TestBoundaryLabel: with no bisection the legend says so, not
// "bisection (0 steps)".
func TestBoundaryLabel(t *testing.T) {
	require.Equal(t, "boundary between neighbouring grid points (no bisection)", boundaryLabel(0))
	require.Equal(t, "boundary located by bisection (12 steps)", boundaryLabel(12))
}
