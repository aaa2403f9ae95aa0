package certify

import (
	"math"
	"math/big"
	"testing"

	"github.com/nlssl/nlssl/sim"
)

// TestSigmoidSupDerived: the derived sup bounds of |sigma^(k)| are upper
// bounds (of the closed forms 1/4, sqrt(3)/18, 1/8 and of the largest value
// on a fine grid, where sigma^(4)'s maximum 0.12768... lies), exact where
// the sup is a float64, and no looser than the constants they replace
// (0.25, 0.0963, 0.125, 0.1277).
func TestSigmoidSupDerived(t *testing.T) {
	old := [5]float64{1, 0.25, 0.0963, 0.125, 0.1277}
	// sqrt(3)/18 to 200 bits, against the float64 bound exactly.
	r3 := new(big.Float).SetPrec(200).Sqrt(new(big.Float).SetPrec(200).SetInt64(3))
	r3.Quo(r3, big.NewFloat(18))
	if new(big.Float).SetFloat64(sigmoidSup(2)).Cmp(r3) < 0 {
		t.Errorf("sigmoidSup(2) = %v below sqrt(3)/18 = %v", sigmoidSup(2), r3)
	}
	if sigmoidSup(0) != 1 || sigmoidSup(1) != 0.25 || sigmoidSup(3) != 0.125 {
		t.Errorf("sigmoidSup(0, 1, 3) = %v, %v, %v, want 1, 1/4, 1/8 exactly", sigmoidSup(0), sigmoidSup(1), sigmoidSup(3))
	}
	var grid [5]float64
	for i := -400000; i <= 400000; i++ {
		x := float64(i) * 1e-5
		d0, d1, d2, d3, d4 := sim.SigmoidDerivs(x)
		for k, v := range [5]float64{d0, d1, d2, d3, d4} {
			grid[k] = math.Max(grid[k], math.Abs(v))
		}
	}
	for k := range 5 {
		s := sigmoidSup(k)
		// The float64 derivatives are within a few ulps of the exact ones.
		if s < grid[k]*(1-1e-14) {
			t.Errorf("sigmoidSup(%d) = %v below the grid's max %v", k, s, grid[k])
		}
		if s > old[k] || (k > 0 && s > grid[k]*(1+1e-9)) {
			t.Errorf("sigmoidSup(%d) = %v: looser than the grid's max %v or the old constant %v", k, s, grid[k], old[k])
		}
	}
}
