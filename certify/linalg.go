package certify

import (
	"math"

	"github.com/nlssl/nlssl/interval"
	"gonum.org/v1/gonum/mat"
)

// scaleEnclosure returns S^-1 g and S^-1 H S^-1 (exact: S holds powers of 2).
func scaleEnclosure(e RowEnclosure, s []float64) ([]interval.Interval, []interval.Interval) {
	d := e.D
	g := make([]interval.Interval, d)
	h := make([]interval.Interval, d*d)
	for a := range d {
		g[a] = e.Grad[a].Div(interval.Point(s[a]))
		for b := range d {
			h[a*d+b] = e.H(a, b).Div(interval.Point(s[a])).Div(interval.Point(s[b]))
		}
	}
	return g, h
}

// midpoint returns the symmetrised midpoint A of the interval matrix h and
// an upper bound of ||h - A||_2 (by the Frobenius norm of the entries' bounds).
func midpoint(h []interval.Interval, d int) ([]float64, float64) {
	a := make([]float64, d*d)
	for i := range d {
		for j := range d {
			a[i*d+j] = (h[i*d+j].Mid() + h[j*d+i].Mid()) / 2
		}
	}
	var f2 float64
	for i := range a {
		e := h[i].Sub(interval.Point(a[i])).Mag()
		f2 = interval.Up(f2 + interval.Up(e*e))
	}
	return a, interval.SqrtUp(f2)
}

// normUp returns an upper bound of the Euclidean norm of an interval vector.
func normUp(v []interval.Interval) float64 {
	var s float64
	for _, x := range v {
		m := x.Mag()
		s = interval.Up(s + interval.Up(m*m))
	}
	return interval.SqrtUp(s)
}

// inverseNormBound returns N >= ||A^-1||_2 for the d x d matrix a (exact
// floats), the approximate inverse R it was proved with, and whether the
// proof succeeded: with delta >= ||I - R A|| < 1, ||A^-1|| <= ||R||/(1-delta).
// Both norms are bounded by sqrt(||.||_1 ||.||_inf).
func inverseNormBound(a []float64, d int) (float64, []float64, bool) {
	var r mat.Dense
	if err := r.Inverse(mat.NewDense(d, d, append([]float64(nil), a...))); err != nil {
		return math.Inf(1), nil, false
	}
	rr := r.RawMatrix().Data
	e := make([]interval.Interval, d*d)
	for i := range d {
		for j := range d {
			var s interval.Interval
			for k := range d {
				s = s.Add(interval.Point(rr[i*d+k]).Mul(interval.Point(a[k*d+j])))
			}
			id := 0.0
			if i == j {
				id = 1
			}
			e[i*d+j] = interval.Point(id).Sub(s)
		}
	}
	delta := normBound(d, func(i, j int) float64 { return e[i*d+j].Mag() })
	if !(delta < 1) {
		return math.Inf(1), nil, false
	}
	nr := normBound(d, func(i, j int) float64 { return math.Abs(rr[i*d+j]) })
	return interval.Up(nr / interval.Down(1-delta)), append([]float64(nil), rr...), true
}

// normBound returns sqrt(||M||_1 ||M||_inf) rounded up for |M_ij| <= abs(i, j):
// an upper bound of the spectral norm.
func normBound(d int, abs func(i, j int) float64) float64 {
	var n1, ninf float64
	for i := range d {
		var row, col float64
		for j := range d {
			row = interval.Up(row + abs(i, j))
			col = interval.Up(col + abs(j, i))
		}
		ninf, n1 = math.Max(ninf, row), math.Max(n1, col)
	}
	return interval.SqrtUp(interval.Up(n1 * ninf))
}

// rayleighLow returns a lower bound of the largest eigenvalue of the
// symmetric matrix a: the Rayleigh quotient v^T a v / v^T v at the
// eigenvector of the largest eigenvalue (float64), enclosed in interval
// arithmetic. Any v gives a valid bound; a good one gives a sharp bound.
func rayleighLow(a []float64, d int) float64 {
	_, vecs, ok := Eigen(mat.NewSymDense(d, append([]float64(nil), a...)), true)
	if !ok {
		return math.Inf(-1)
	}
	v := make([]interval.Interval, d)
	for i := range d {
		v[i] = interval.Point(vecs.At(i, d-1))
	}
	var num interval.Interval
	for i := range d {
		var row interval.Interval
		for j := range d {
			row = row.Add(interval.Point(a[i*d+j]).Mul(v[j]))
		}
		num = num.Add(v[i].Mul(row))
	}
	return num.Div(interval.Dot(v, v)).Lo
}

// gershgorinUp returns an upper bound of the largest eigenvalue of the
// symmetric matrix a: max_i a_ii + sum_{j != i} |a_ij|.
func gershgorinUp(a []float64, d int) float64 {
	best := math.Inf(-1)
	for i := range d {
		s := a[i*d+i]
		for j := range d {
			if j != i {
				s = interval.Up(s + math.Abs(a[i*d+j]))
			}
		}
		best = math.Max(best, s)
	}
	return best
}

// gershgorinLow returns a lower bound of the smallest eigenvalue of the
// symmetric matrix a: min_i a_ii - sum_{j != i} |a_ij|.
func gershgorinLow(a []float64, d int) float64 {
	best := math.Inf(1)
	for i := range d {
		s := a[i*d+i]
		for j := range d {
			if j != i {
				s = interval.Down(s - math.Abs(a[i*d+j]))
			}
		}
		best = math.Min(best, s)
	}
	return best
}

// DiagScale returns the scale S with S_jj the power of 2 nearest to
// sqrt(|H_jj|): in y = S w the Hessian has a diagonal of about -1, which
// balances the (a, b) directions (curvature ~ n times the second derivative
// of l~) against e3..ed (curvature ~ -2 alpha n) so that one radius fits
// both.
func DiagScale(h []float64, d int) []float64 {
	s := make([]float64, d)
	for j := range d {
		v := math.Sqrt(math.Abs(h[j*d+j]))
		if !(v > 0) || math.IsInf(v, 0) {
			v = 1
		}
		s[j] = math.Pow(2, math.Round(math.Log2(v)))
	}
	return s
}

// Eigen returns the eigenvalues (ascending) of the symmetric matrix a and,
// with vectors, its eigenvectors as columns; ok is false when a has a
// non-finite entry or the factorisation fails. It exists because gonum's
// EigenSym (v0.17.0) panics ("insufficient length of a", lapack Dsterf's
// rescaling) when a block of the tridiagonal form has a norm below about
// 2^-405 or above 2^510, which matrices of tiny entries reach (met by a
// property test: the Hessian's change between two nearby points). So a is
// scaled by a power of 2 (exact) to a largest entry in [1/2, 1), entries
// below 2^-150 of it are set to 0 (a change of the eigenvalues far below
// the rounding of the largest), and the eigenvalues are scaled back.
func Eigen(a mat.Symmetric, vectors bool) (values []float64, vecs *mat.Dense, ok bool) {
	n := a.SymmetricDim()
	var big float64
	for i := range n {
		for j := i; j < n; j++ {
			v := a.At(i, j)
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, nil, false
			}
			big = math.Max(big, math.Abs(v))
		}
	}
	exp := 0
	if big > 0 {
		_, e := math.Frexp(big)
		exp = -e // big 2^exp is in [1/2, 1)
	}
	s := mat.NewSymDense(n, nil)
	for i := range n {
		for j := i; j < n; j++ {
			if v := math.Ldexp(a.At(i, j), exp); math.Abs(v) >= 0x1p-150 {
				s.SetSym(i, j, v)
			}
		}
	}
	var es mat.EigenSym
	if !es.Factorize(s, vectors) {
		return nil, nil, false
	}
	values = es.Values(nil)
	for i := range values {
		values[i] = math.Ldexp(values[i], -exp)
	}
	if vectors {
		vecs = &mat.Dense{}
		es.VectorsTo(vecs)
	}
	return values, vecs, true
}
