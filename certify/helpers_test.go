package certify

import (
	"fmt"
	"math"

	"github.com/nlssl/nlssl/sim"
	"pgregory.net/rapid"
)

// problem is a random point of the model's parameter space: a dataset, a
// W and the objectives' parameters.
type problem struct {
	d, n       int
	tau, rho   float64
	alpha      float64
	noise      sim.Noise
	seed       uint64
	w          []float64 // a random W (2d)
	data       *sim.Dataset
	dist       sim.Distribution
	expected   *sim.ExpectedObjective
	population *sim.PopulationObjective
}

func (p problem) String() string {
	return fmt.Sprintf("d=%d n=%d tau=%.4g rho=%.4g alpha=%.4g noise=%v seed=%d", p.d, p.n, p.tau, p.rho, p.alpha, p.noise, p.seed)
}

// drawProblem draws d in [2, maxD], n in [1, maxN], tau in [0, 20],
// entries of W in [-4, 4], alpha in [0, 0.05], the noise mode, and rho in
// [0, min(0.5, 1/S)], S the largest factor a noise scale is multiplied by
// (||w_k||, and |1.w_k| for shared-scalar data noise): every Gaussian
// average then has a scale s <= 1, where 64 Gauss-Hermite nodes are exact
// to rounding, so the float64 objectives (built with quadNodes) are a
// reference for the enclosures.
func drawProblem(t *rapid.T, maxD, maxN, quadNodes int) problem {
	var p problem
	p.d = rapid.IntRange(2, maxD).Draw(t, "d")
	p.n = rapid.IntRange(1, maxN).Draw(t, "n")
	p.tau = rapid.Float64Range(0, 20).Draw(t, "tau")
	p.w = rapid.SliceOfN(rapid.Float64Range(-4, 4), 2*p.d, 2*p.d).Draw(t, "w")
	p.noise = rapid.SampledFrom([]sim.Noise{sim.Isotropic, sim.SharedScalar}).Draw(t, "noise")
	scale := 1e-9
	for k := range 2 {
		row := p.w[k*p.d : (k+1)*p.d]
		scale = math.Max(scale, norm(row))
		if p.noise == sim.SharedScalar {
			var sum float64
			for _, v := range row {
				sum += v
			}
			scale = math.Max(scale, math.Abs(sum))
		}
	}
	p.rho = rapid.Float64Range(0, math.Min(0.5, 1/scale)).Draw(t, "rho")
	p.alpha = rapid.Float64Range(0, 0.05).Draw(t, "alpha")
	p.seed = rapid.Uint64().Draw(t, "seed")
	p.dist = sim.Distribution{D: p.d, Tau: p.tau, Rho: p.rho, Noise: p.noise}
	ds, err := p.dist.Sample(p.n, p.seed)
	if err != nil {
		t.Fatalf("%v: %v", p, err)
	}
	p.data = ds
	if p.expected, err = sim.NewExpectedObjective(ds, p.rho, p.alpha, quadNodes); err != nil {
		t.Fatalf("%v: %v", p, err)
	}
	if p.population, err = sim.NewPopulationObjective(p.dist, p.n, p.alpha, quadNodes); err != nil {
		t.Fatalf("%v: %v", p, err)
	}
	return p
}

// objectives returns both certifiable objectives of p.
func (p problem) objectives() []Objective {
	return []Objective{Expected{p.expected}, Population{p.population}}
}

// lipschitz returns r -> M(r) of obj's row at w in the scale, failing t on
// an error.
func lipschitz(t interface{ Fatal(...any) }, obj Objective, w, scale []float64) func(float64) float64 {
	row, err := obj.Row(w)
	if err != nil {
		t.Fatal(err)
	}
	m, err := row.Lipschitz(scale)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// drawScale draws a scale of d powers of 2 in [1/4, 4] (the certificates'
// scales are powers of 2, so that scaling is exact).
func drawScale(t *rapid.T, d int) []float64 {
	scale := make([]float64, d)
	for j := range scale {
		scale[j] = math.Pow(2, float64(rapid.IntRange(-2, 2).Draw(t, "scalePow")))
	}
	return scale
}
