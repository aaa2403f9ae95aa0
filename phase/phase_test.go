package phase

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nlssl/nlssl/sim"
	"github.com/nlssl/nlssl/theory"
	"github.com/stretchr/testify/require"
)

// simplifiedSpec is a small simplified-mode sweep over tau x decay (log)
// that crosses C4~'s boundary.
func simplifiedSpec(nx, ny int) Spec {
	return Spec{
		Base:   theory.PaperParams(),
		X:      Axis{Param: "tau", Lo: 0.25, Hi: 20, Count: nx, Log: true},
		Y:      Axis{Param: "decay", Lo: 1.0 / 3200, Hi: 1.0 / 20, Count: ny, Log: true},
		Mode:   Simplified,
		Bisect: 8,
	}
}

func jsonBytes(t *testing.T, sw *Sweep) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, sw.WriteJSON(&buf))
	return buf.Bytes()
}

func csvBytes(t *testing.T, sw *Sweep) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, sw.WriteCSV(&buf))
	require.NoError(t, sw.WriteBoundariesCSV(&buf))
	return buf.Bytes()
}

// requireSameBytes fails with the first differing line (the documents are
// too long for a full diff to be read).
func requireSameBytes(t *testing.T, want, got []byte, what string) {
	t.Helper()
	if bytes.Equal(want, got) {
		return
	}
	wl, gl := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := range min(len(wl), len(gl)) {
		if wl[i] != gl[i] {
			t.Fatalf("%s: line %d differs:\nwant %s\ngot  %s", what, i+1, wl[i], gl[i])
		}
	}
	t.Fatalf("%s: %d lines, want %d", what, len(gl), len(wl))
}

// runShards runs every shard of spec, passes each through its JSON form
// (as 'nlssl merge' reads them) and merges them, in reverse order.
func runShards(t *testing.T, spec Spec, n, workers int) *Sweep {
	t.Helper()
	var parts []*Sweep
	for i := n - 1; i >= 0; i-- {
		sw, err := Run(spec, Shard{Index: i, Count: n}, workers, nil)
		require.NoError(t, err)
		back, err := ReadJSON(bytes.NewReader(jsonBytes(t, sw)))
		require.NoError(t, err)
		parts = append(parts, back)
	}
	merged, err := Merge(parts)
	require.NoError(t, err)
	return merged
}

// TestShardsMergeExactly: sharded sweeps merge to byte-identical JSON and
// CSV, whatever the number of shards and workers.
func TestShardsMergeExactly(t *testing.T) {
	spec := simplifiedSpec(13, 11)
	whole, err := Run(spec, Shard{0, 1}, 1, nil)
	require.NoError(t, err)
	want, wantCSV := jsonBytes(t, whole), csvBytes(t, whole)
	require.NotEmpty(t, whole.Boundaries, "the sweep must cross a boundary for the test to mean anything")
	back, err := ReadJSON(bytes.NewReader(want))
	require.NoError(t, err)
	requireSameBytes(t, want, jsonBytes(t, back), "a complete sweep through its JSON")
	for _, c := range []struct{ shards, workers int }{{1, 4}, {3, 1}, {4, 2}, {143, 3}} {
		got := runShards(t, spec, c.shards, c.workers)
		what := fmt.Sprintf("%d shards, %d workers", c.shards, c.workers)
		requireSameBytes(t, want, jsonBytes(t, got), what+": JSON")
		requireSameBytes(t, wantCSV, csvBytes(t, got), what+": CSV")
	}
}

// TestFullModeShardsMergeExactly: the same in full mode (every claim, with
// its evidence through JSON) on a tiny grid at d = 4.
func TestFullModeShardsMergeExactly(t *testing.T) {
	if testing.Short() {
		t.Skip("full-mode sweep: skipped with -short")
	}
	base := theory.DefaultParams(4)
	base.Tol.MaxAscentSteps = 20000
	spec := Spec{Base: base, Mode: Full,
		X: Axis{Param: "tau", Lo: 1, Hi: 7, Count: 2},
		Y: Axis{Param: "decay", Lo: 0.002, Hi: 0.05, Count: 2, Log: true}}
	whole, err := Run(spec, Shard{0, 1}, 2, nil)
	require.NoError(t, err)
	got := runShards(t, spec, 3, 1)
	requireSameBytes(t, jsonBytes(t, whole), jsonBytes(t, got), "full mode, 3 shards: JSON")
	requireSameBytes(t, csvBytes(t, whole), csvBytes(t, got), "full mode, 3 shards: CSV")
	require.Len(t, whole.Claims(), 6)
	for _, p := range whole.Points {
		for _, r := range p.Results {
			if r.Outcome != theory.Holds {
				require.NotEmpty(t, r.Mechanism, "point %d %s: %s without a mechanism", p.I, r.Claim, r.Outcome)
			}
		}
	}
}

// TestBoundaryBrackets: every boundary's bracket has the "from" outcome
// at its lower end and not at its upper end, and bisection narrowed it to
// the grid step / 2^Bisect (geometrically, on a log axis).
func TestBoundaryBrackets(t *testing.T) {
	spec := simplifiedSpec(9, 9)
	sw, err := Run(spec, Shard{0, 1}, 0, nil)
	require.NoError(t, err)
	require.NotEmpty(t, sw.Boundaries)
	claimIndex := map[string]int{"C3~": 0, "C4~": 1}
	for _, b := range sw.Boundaries {
		at := func(v float64) theory.Outcome {
			x, y := v, b.Fixed
			if b.Along == "y" {
				x, y = b.Fixed, v
			}
			return spec.evaluate(x, y)[claimIndex[b.Claim]].Outcome
		}
		require.Equal(t, b.From.Outcome, at(b.Lo), "boundary %+v: lower end", b)
		require.NotEqual(t, b.From.Outcome, at(b.Hi), "boundary %+v: upper end", b)
		ax := spec.X
		if b.Along == "y" {
			ax = spec.Y
		}
		step := math.Log(ax.Hi/ax.Lo) / float64(ax.Count-1)
		require.InDelta(t, step/math.Exp2(float64(spec.Bisect)), math.Log(b.Hi/b.Lo), 1e-9*step)
	}
}

// TestC4SimplifiedFailsWhereItShould: past the pitchfork of L~ (large
// weight decay at tau = 7) C4~ fails with the collapse of a, and at the
// paper's point it holds; a mutated floor above every a~* makes it fail
// everywhere, so the classification can fail.
func TestC4SimplifiedFailsWhereItShould(t *testing.T) {
	p := theory.PaperParams()
	r := results(theory.CheckSimplified(p))
	require.Equal(t, theory.Holds, r[1].Outcome, "paper point: %+v", r[1])
	p.Alpha, p.Beta, p.Gamma = 0.05, 0.05, 0.05
	r = results(theory.CheckSimplified(p))
	require.Equal(t, theory.Fails, r[1].Outcome)
	require.Contains(t, r[1].Mechanism, "e1 is lost")
	require.Less(t, math.Abs(float64(r[1].Evidence["a1"])), theory.BifurcationFloor)
	p.Tau = 0
	require.Equal(t, theory.OutsideHypotheses, results(theory.CheckSimplified(p))[1].Outcome)
}

// TestSpecRejectsBadInput: every bad axis, spec, shard and merge input is
// an error naming the parameter, never a panic.
func TestSpecRejectsBadInput(t *testing.T) {
	for _, s := range []string{"", "tau", "tau:1:2", "tau:1:2:3:lin", "kappa:1:2:3", "tau:2:1:3", "tau:NaN:1:3",
		"tau:0:1:3:log", "tau:1:2:1", "tau:1:2:100000", "d:1:9:3", "d:2:1e9:3", "tau:x:1:3", "tau:1:1:3", "tau:1:Inf:3",
		"tau:-1e308:1e308:2", "tau:1:1e308:2:log", "tau:5e-324:1:2:log", "tau:0:1.7e308:2"} {
		_, err := ParseAxis(s)
		var pe *sim.ParamError
		require.True(t, errors.As(err, &pe), "axis %q: %v", s, err)
		require.Contains(t, err.Error(), "axis")
	}
	for _, name := range Params { // the exported list and the table agree
		_, err := ParseAxis(name + ":2:3:3")
		require.NoError(t, err, name)
	}
	require.Len(t, axisParams, len(Params))
	good := simplifiedSpec(3, 3)
	for name, mod := range map[string]func(*Spec){
		"axes":   func(s *Spec) { s.Y.Param = "tau" },
		"mode":   func(s *Spec) { s.Mode = "quick" },
		"bisect": func(s *Spec) { s.Bisect = -1 },
		"eta":    func(s *Spec) { s.Base.Eta = math.NaN() },
	} {
		s := good
		mod(&s)
		_, err := Run(s, Shard{0, 1}, 1, nil)
		require.Error(t, err, name)
		require.Contains(t, err.Error(), name)
	}
	for _, sh := range []Shard{{0, 0}, {-1, 2}, {2, 2}, {1, 10}, {1, math.MaxInt}} { // 9 points: N <= 9
		_, err := Run(good, sh, 1, nil)
		require.ErrorContains(t, err, "shard")
	}
}

// TestMergeRejects: missing, duplicated, foreign or forged points.
func TestMergeRejects(t *testing.T) {
	spec := simplifiedSpec(3, 3)
	a, err := Run(spec, Shard{0, 2}, 1, nil)
	require.NoError(t, err)
	b, err := Run(spec, Shard{1, 2}, 1, nil)
	require.NoError(t, err)
	_, err = Merge(nil)
	require.ErrorContains(t, err, "shards")
	_, err = Merge([]*Sweep{a})
	require.ErrorContains(t, err, "missing")
	_, err = Merge([]*Sweep{a, b, a})
	require.ErrorContains(t, err, "once")
	other := simplifiedSpec(3, 3)
	other.Base.D = 12
	c, err := Run(other, Shard{1, 2}, 1, nil)
	require.NoError(t, err)
	_, err = Merge([]*Sweep{a, c})
	require.ErrorContains(t, err, "spec")
	forged := *b
	forged.Points = append([]Point(nil), b.Points...)
	forged.Points[0].X *= 1.5
	_, err = Merge([]*Sweep{a, &forged})
	require.ErrorContains(t, err, "grid values")
	forged.Points[0] = b.Points[0]
	forged.Points[0].Results = forged.Points[0].Results[:1]
	_, err = Merge([]*Sweep{a, &forged})
	require.ErrorContains(t, err, "results")

	whole, err := Run(spec, Shard{0, 1}, 1, nil)
	require.NoError(t, err)
	doc := jsonBytes(t, whole)
	_, err = ReadJSON(bytes.NewReader(append(append([]byte(nil), doc...), "{}"...)))
	require.ErrorContains(t, err, "after the document")
	if len(whole.Boundaries) == 0 {
		t.Fatal("the 3 x 3 sweep needs a boundary for the forged-boundary cases")
	}
	for name, forge := range map[string]func(*Boundary){
		"claim":      func(b *Boundary) { b.Claim = "zz" },
		"along":      func(b *Boundary) { b.Along = "q" },
		"fixed":      func(b *Boundary) { b.Fixed *= 1.001 },
		"lo, at, hi": func(b *Boundary) { b.Lo, b.Hi = b.Hi, b.Lo },
	} {
		f := *whole
		f.Boundaries = append([]Boundary(nil), whole.Boundaries...)
		forge(&f.Boundaries[0])
		_, err := ReadJSON(bytes.NewReader(jsonBytes(t, &f)))
		require.ErrorContains(t, err, name)
	}
	for _, doc := range []string{"", "{", `{"format":"nlssl/run","version":1}`, `{"format":"nlssl/phase","version":2}`,
		`{"format":"nlssl/phase","version":1,"spec":{}}`, `{"format":"nlssl/phase","version":1,"bogus":1}`} {
		_, err := ReadJSON(strings.NewReader(doc))
		require.Error(t, err, "%q", doc)
	}
}

// TestWriteFiles: a complete sweep writes its tables and a map per claim;
// a shard writes no maps (they would be partial).
func TestWriteFiles(t *testing.T) {
	spec := simplifiedSpec(6, 5)
	sw, err := Run(spec, Shard{0, 1}, 0, nil)
	require.NoError(t, err)
	for _, format := range []string{"png", "svg"} {
		dir := t.TempDir()
		require.NoError(t, sw.WriteFiles(dir, format))
		for _, name := range []string{"phase.json", "phase.csv", "boundaries.csv", "map-C3-simplified." + format, "map-C4-simplified." + format} {
			st, err := os.Stat(filepath.Join(dir, name))
			require.NoError(t, err)
			require.Positive(t, st.Size(), name)
		}
	}
	require.Error(t, sw.WriteFiles(t.TempDir(), "gif"))
	_, err = sw.Map("C9")
	require.ErrorContains(t, err, "claim")
	part, err := Run(spec, Shard{1, 3}, 0, nil)
	require.NoError(t, err)
	dir := t.TempDir()
	require.NoError(t, part.WriteFiles(dir, "png"))
	_, err = os.Stat(filepath.Join(dir, "map-C4-simplified.png"))
	require.True(t, os.IsNotExist(err), "a shard must not draw maps")
}

// TestInitialPointAxes: the a0 and b0 axes set the initial point's
// coordinates and leave the rest of the near point alone.
func TestInitialPointAxes(t *testing.T) {
	s := Spec{Base: theory.PaperParams(), X: Axis{Param: "a0", Lo: 0.1, Hi: 1, Count: 2}, Y: Axis{Param: "b0", Lo: 0.2, Hi: 2, Count: 2}, Mode: Full}
	require.NoError(t, s.Validate())
	p := s.point(0.5, 0.7)
	d := p.D
	require.Equal(t, []float64{0.5, 0.7, -0.5, 0.7}, []float64{p.W0[0], p.W0[1], p.W0[d], p.W0[d+1]})
	q := s.point(0.6, 0.7)
	require.Equal(t, p.W0[2:d], q.W0[2:d], "the other coordinates are the seed's near point")
	require.NoError(t, p.Validate())
}

// TestBoundaryAtTheLogAxisEnd: a boundary whose bracket starts at a log
// axis's first grid value is accepted, although that value rounds below
// the axis's lo (the reader refused every complete full-mode sweep on the
// README's decay axis, and so did `nlssl merge`).
func TestBoundaryAtTheLogAxisEnd(t *testing.T) {
	spec := simplifiedSpec(2, 2)
	spec.X, spec.Y = spec.Y, spec.X
	require.Less(t, spec.X.Value(0), spec.X.Lo, "the axis must round below lo for this test to test anything")
	lo, hi := spec.X.Value(0), spec.X.Value(1)
	sw := &Sweep{Spec: spec, Boundaries: []Boundary{{Claim: "C4~", Along: "x", Fixed: spec.Y.Value(0), Lo: lo, Hi: hi, At: math.Sqrt(lo * hi)}}}
	require.NoError(t, sw.checkBoundaries())
	sw.Boundaries[0].Lo = lo / 2
	require.Error(t, sw.checkBoundaries(), "a bracket beyond the grid")
}
