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

// MeasureFeatures returns the feature metrics of W (length 2d).
//
// P = A (A^T A)^{-1} A^T with A = W^T is computed as Q Q^T from the
// Gram-Schmidt basis q1, q2 of the rows (the longer row first), so that
// ||P e_j||^2 = q1_j^2 + q2_j^2 with an error of order eps/sin(theta)
// rather than the eps/sin^2(theta) of the normal equations. When the rows
// are parallel to sin(theta) <= 1e-6, P is the projection onto the one line
// they span and the rank is 1.
func MeasureFeatures(w []float64, d int) Features {
	w1, w2 := w[:d], w[d:2*d]
	var f Features
	f.RowNorm = [2]float64{norm(w1), norm(w2)}
	f.A = [2]float64{w1[0], w2[0]}
	f.B = [2]float64{w1[1], w2[1]}
	if f.RowNorm[0] > 0 && f.RowNorm[1] > 0 {
		f.Cosine = dot(w1, w2) / (f.RowNorm[0] * f.RowNorm[1])
	}
	u, v, nu, nv := w1, w2, f.RowNorm[0], f.RowNorm[1]
	if nv > nu {
		u, v, nu, nv = v, u, nv, nu
	}
	if nu == 0 {
		return f
	}
	f.Rank = 1
	q1 := make([]float64, d)
	for j := range q1 {
		q1[j] = u[j] / nu
	}
	// q2: v minus its component along q1, twice (one re-orthogonalisation
	// makes Gram-Schmidt orthogonal to working precision).
	q2 := append([]float64(nil), v...)
	for range 2 {
		axpy(-dot(q1, q2), q1, q2)
	}
	n2 := norm(q2)
	if nv > 0 && n2 > 1e-6*nv {
		f.Rank = 2
		for j := range q2 {
			q2[j] /= n2
		}
	} else {
		clear(q2)
	}
	proj := func(j int) float64 { return math.Min(1, math.Sqrt(q1[j]*q1[j]+q2[j]*q2[j])) }
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
