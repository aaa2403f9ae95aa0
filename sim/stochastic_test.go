package sim

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
	"pgregory.net/rapid"
)

// TestStochasticGradientIsUnbiased: the reference algorithm's gradient,
// averaged over K independent draws of the views, converges to the
// expected objective's gradient (THEORY section 4: fidelity 1 is an
// unbiased estimate of fidelity 2).
//
// The test is a z-test per coordinate with the standard error estimated
// from the K draws, Bonferroni-corrected over the 2d coordinates so that
// one case raises a false alarm with probability at most alphaCase = 1e-7
// (normal approximation; K = 3000 sums of n bounded terms). Over rapid's
// 100 default cases the false-alarm rate is below 1e-5. A coordinate with
// no randomness (rho = 0) must agree to rounding instead.
func TestStochasticGradientIsUnbiased(t *testing.T) {
	const (
		k         = 3000
		alphaCase = 1e-7
	)
	rapid.Check(t, func(t *rapid.T) {
		p := drawProblem(t, 6, 20)
		st, _ := NewStochasticSSL(p.data, p.rho, p.alpha, p.seed)
		exp, _ := NewExpectedObjective(p.data, p.rho, p.alpha, 0)
		dim := 2 * p.d
		want := make([]float64, dim)
		exp.Grad(want, p.w)
		g := make([]float64, dim)
		draws := make([][]float64, dim) // draws[j][i]: coordinate j of draw i
		for j := range draws {
			draws[j] = make([]float64, k)
		}
		for i := range k {
			st.FuncGrad(g, p.w)
			for j, v := range g {
				draws[j][i] = v
			}
		}
		zCrit := distuv.UnitNormal.Quantile(1 - alphaCase/(2*float64(dim)))
		scale := math.Max(1, maxAbsEntry(want))
		for j := range dim {
			mean, sd := stat.MeanStdDev(draws[j], nil) // two-pass: no cancellation
			se := sd / math.Sqrt(k)
			diff := math.Abs(mean - want[j])
			if se <= 1e-12*scale {
				if diff > 1e-9*scale {
					t.Fatalf("coordinate %d has no noise but mean %v != expected %v (%v)", j, mean, want[j], p)
				}
				continue
			}
			if z := diff / se; z > zCrit {
				t.Fatalf("coordinate %d: mean stochastic gradient %v, expected gradient %v, z = %.2f > %.2f (%v)", j, mean, want[j], z, zCrit, p)
			}
		}
	})
}
