package sim

import (
	"math"
	"slices"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// TestNormalKolmogorovSmirnov: 200000 draws against the N(0,1) CDF. The
// critical value of sqrt(m) D at false-alarm rate 0.001 is 1.95.
func TestNormalKolmogorovSmirnov(t *testing.T) {
	const m = 200000
	r := newStream(42, streamViews)
	x := make([]float64, m)
	r.FillNormal(x)
	slices.Sort(x)
	var dmax float64
	for i, v := range x {
		c := distuv.UnitNormal.CDF(v)
		dmax = math.Max(dmax, math.Max(math.Abs(float64(i+1)/m-c), math.Abs(c-float64(i)/m)))
	}
	if ks := math.Sqrt(m) * dmax; ks > 1.95 {
		t.Errorf("Kolmogorov-Smirnov statistic sqrt(m) D = %.3f > 1.95 (false alarm 0.001)", ks)
	}
}

// TestNormalMomentsAndTails: mean, variance, fourth moment and the
// frequency of the ziggurat's tail region |g| > r, each within 5 standard
// errors (false alarm < 6e-7 each).
func TestNormalMomentsAndTails(t *testing.T) {
	const m = 4000000
	r := newStream(7, streamViews)
	var s1, s2, s4 float64
	var tail int
	for range m {
		g := r.NormFloat64()
		s1 += g
		s2 += g * g
		s4 += g * g * g * g
		if math.Abs(g) > zigR {
			tail++
		}
	}
	check := func(name string, got, want, se float64) {
		if math.Abs(got-want) > 5*se {
			t.Errorf("%s = %.6g, want %.6g +- 5 x %.3g", name, got, want, se)
		}
	}
	check("mean", s1/m, 0, 1/math.Sqrt(m))
	check("variance", s2/m, 1, math.Sqrt(2.0/m))
	check("fourth moment", s4/m, 3, math.Sqrt(96.0/m))
	pTail := 2 * distuv.UnitNormal.CDF(-zigR)
	check("tail frequency", float64(tail)/m, pTail, math.Sqrt(pTail/m))
}

// TestZigguratTable: the layers close at the top (the recurrence lands on
// f = 1) and have equal areas.
func TestZigguratTable(t *testing.T) {
	f := func(x float64) float64 { return math.Exp(-x * x / 2) }
	if top := zigV/zigX[zigLayers-1] + f(zigX[zigLayers-1]); math.Abs(top-1) > 1e-9 {
		t.Errorf("ziggurat does not close: v/x_255 + f(x_255) = %v, want 1", top)
	}
	for i := 1; i < zigLayers; i++ {
		if area := zigX[i] * (zigF[i+1] - zigF[i]); math.Abs(area-zigV) > 1e-9 {
			t.Fatalf("layer %d has area %v, want %v", i, area, zigV)
		}
	}
}

// TestStreamsReproducibleAndIndependent: a (seed, stream) pair always
// gives the same numbers; other seeds and streams give others; FillNormal
// and NormFloat64 give the same sequence.
func TestStreamsReproducibleAndIndependent(t *testing.T) {
	draw := func(seed uint64, s stream) []float64 {
		r := newStream(seed, s)
		x := make([]float64, 64)
		for i := range x {
			x[i] = r.NormFloat64()
		}
		return x
	}
	a := draw(3, streamViews)
	if !slices.Equal(a, draw(3, streamViews)) {
		t.Fatal("same seed and stream gave different numbers")
	}
	if slices.Equal(a, draw(4, streamViews)) || slices.Equal(a, draw(3, streamData)) {
		t.Fatal("different seed or stream gave the same numbers")
	}
	b := make([]float64, 64)
	newStream(3, streamViews).FillNormal(b)
	if !slices.Equal(a, b) {
		t.Fatal("FillNormal and NormFloat64 disagree")
	}
}
