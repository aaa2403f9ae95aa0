package sim

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
	"pgregory.net/rapid"
)

// projectionNorms computes ||P e1|| and ||P e2|| for P the orthogonal
// projection onto the row space of W from gonum's QR factorisation of
// A = W^T (P = Q Q^T for the thin Q): an implementation independent of
// MeasureFeatures' Gram-Schmidt.
func projectionNorms(w []float64, d int) (float64, float64) {
	a := mat.NewDense(d, 2, nil)
	for k := range 2 {
		for j := range d {
			a.Set(j, k, w[k*d+j])
		}
	}
	var qr mat.QR
	qr.Factorize(a)
	var q mat.Dense
	qr.QTo(&q)
	row := func(j int) float64 { return math.Hypot(q.At(j, 0), q.At(j, 1)) } // ||P e_j|| = ||Q^T e_j||
	return row(0), row(1)
}

func TestFeaturesProjection(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		d := rapid.IntRange(2, 12).Draw(t, "d")
		w := rapid.SliceOfN(rapid.Float64Range(-5, 5), 2*d, 2*d).Draw(t, "w")
		f := MeasureFeatures(w, d)
		if f.Rank < 2 {
			t.Skip("rows parallel")
		}
		p1, p2 := projectionNorms(w, d)
		if math.Abs(f.ProjE1-p1) > 1e-9 || math.Abs(f.ProjE2-p2) > 1e-9 {
			t.Fatalf("||P e1||, ||P e2|| = %v, %v; gonum's projection gives %v, %v", f.ProjE1, f.ProjE2, p1, p2)
		}
		w1, w2 := w[:d], w[d:]
		if c := dot(w1, w2) / (norm(w1) * norm(w2)); math.Abs(f.Cosine-c) > 1e-12 {
			t.Fatalf("cosine %v, want %v", f.Cosine, c)
		}
		nw := NormalisedRows(w, d)
		if math.Abs(norm(nw[:d])-1) > 1e-12 || math.Abs(norm(nw[d:])-1) > 1e-12 {
			t.Fatalf("normalised rows have norms %v, %v", norm(nw[:d]), norm(nw[d:]))
		}
	})
}

// TestFeaturesKnownCases: the outcomes THEORY section 7 describes, and the
// degenerate cases.
func TestFeaturesKnownCases(t *testing.T) {
	for _, c := range []struct {
		name     string
		w        []float64
		pe1, pe2 float64
		rank     int
	}{
		{"SSL outcome: (+a, b) and (-a, b) span e1 and e2", []float64{2, 1, 0, -2, 1, 0}, 1, 1, 2},
		{"SL outcome: (c, 0) and (-c', 0) span e1 only", []float64{2, 0, 0, -3, 0, 0}, 1, 0, 1},
		{"rows along e3", []float64{0, 0, 1, 0, 0, 2}, 0, 0, 1},
		{"zero matrix", []float64{0, 0, 0, 0, 0, 0}, 0, 0, 0},
		{"one row zero", []float64{0, 0, 0, 3, 4, 0}, 0.6, 0.8, 1},
	} {
		f := MeasureFeatures(c.w, 3)
		if math.Abs(f.ProjE1-c.pe1) > 1e-12 || math.Abs(f.ProjE2-c.pe2) > 1e-12 || f.Rank != c.rank {
			t.Errorf("%s: ||P e1|| = %v, ||P e2|| = %v, rank %d; want %v, %v, %d", c.name, f.ProjE1, f.ProjE2, f.Rank, c.pe1, c.pe2, c.rank)
		}
	}
}
