package certify

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// TestEigenTinyAndNonFinite: Eigen answers where gonum's EigenSym panics
// (a matrix of subnormal entries, met by a property test as the Hessian's
// change between two nearby points), with the eigenvalues of the matrix
// (here of [[0, c], [c, 0]] block form: +-c), and refuses non-finite ones.
func TestEigenTinyAndNonFinite(t *testing.T) {
	c := -9.199703035e-315
	a := mat.NewSymDense(3, []float64{0, 0, c, 0, 0, 0, c, 0, 0})
	v, vecs, ok := Eigen(a, true)
	if !ok || math.Abs(v[0]+math.Abs(c)) > 1e-12*math.Abs(c) || math.Abs(v[2]-math.Abs(c)) > 1e-12*math.Abs(c) || vecs == nil {
		t.Fatalf("eigenvalues %v (ok %v), want -|c|, 0, |c| for c = %v", v, ok, c)
	}
	if _, _, ok := Eigen(mat.NewSymDense(2, []float64{1, math.NaN(), math.NaN(), 1}), false); ok {
		t.Fatal("a NaN matrix factorised")
	}
}
