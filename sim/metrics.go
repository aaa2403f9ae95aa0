package sim

import "math"

// Features summarises which features a weight matrix W (2 x d) captures.
type Features struct {
	ProjE1  float64    `json:"proj_e1"`  // ||P e1||: P projects onto the row space of W
	ProjE2  float64    `json:"proj_e2"`  // ||P e2||
	Cosine  float64    `json:"cosine"`   // cosine of the angle between the rows (0 if a row is 0)
	RowNorm [2]float64 `json:"row_norm"` // ||w1||, ||w2||
	A       [2]float64 `json:"a"`        // w_k^(1) of each row: weight on e1
	B       [2]float64 `json:"b"`        // w_k^(2) of each row: weight on e2
	Rank    int        `json:"rank"`     // numerical rank of W: 0, 1 or 2
}

// MeasureFeatures returns the feature metrics of W (length 2d). P is
// A (A^T A)^{-1} A^T with A = W^T, so ||P e_j||^2 = c_j^T G^{-1} c_j with
// G = W W^T the 2 x 2 Gram matrix and c_j column j of W. When the rows are
// parallel to working precision (det G <= 1e-12 ||w1||^2 ||w2||^2), P is the
// projection onto the one line they span.
func MeasureFeatures(w []float64, d int) Features {
	w1, w2 := w[:d], w[d:2*d]
	var f Features
	g11, g22, g12 := dot(w1, w1), dot(w2, w2), dot(w1, w2)
	f.RowNorm = [2]float64{math.Sqrt(g11), math.Sqrt(g22)}
	f.A = [2]float64{w1[0], w2[0]}
	f.B = [2]float64{w1[1], w2[1]}
	if g11 > 0 && g22 > 0 {
		f.Cosine = g12 / (f.RowNorm[0] * f.RowNorm[1])
	}
	det := g11*g22 - g12*g12
	proj := func(j int) float64 {
		if det > 1e-12*g11*g22 {
			// c^T G^{-1} c with G^{-1} = [g22 -g12; -g12 g11] / det.
			c1, c2 := w1[j], w2[j]
			return math.Sqrt(math.Min(1, math.Max(0, (g22*c1*c1-2*g12*c1*c2+g11*c2*c2)/det)))
		}
		u, un := w1, f.RowNorm[0]
		if f.RowNorm[1] > un {
			u, un = w2, f.RowNorm[1]
		}
		if un == 0 {
			return 0
		}
		return math.Abs(u[j]) / un
	}
	switch {
	case det > 1e-12*g11*g22:
		f.Rank = 2
	case g11 > 0 || g22 > 0:
		f.Rank = 1
	}
	f.ProjE1, f.ProjE2 = proj(0), proj(1)
	return f
}

// NormalisedRows returns W with each nonzero row divided by its norm.
func NormalisedRows(w []float64, d int) []float64 {
	out := append([]float64(nil), w[:2*d]...)
	for k := range 2 {
		row := out[k*d : (k+1)*d]
		if n := norm(row); n > 0 {
			for j := range row {
				row[j] /= n
			}
		}
	}
	return out
}
