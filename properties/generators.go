package properties

import (
	"math"
	"os"
	"strconv"

	"github.com/nlssl/nlssl/certify"
	"github.com/nlssl/nlssl/sim"
	"github.com/nlssl/nlssl/theory"
	"pgregory.net/rapid"
)

// MaxD is the largest dimension the properties draw: NLSSL_MAX_D, default
// 12. A point costs O(n) per ascent step with n = d^2, and the certificates
// O(n d^2): d <= 12 keeps the default `go test ./...` within its five
// minutes; `make deep` raises it to 64 (README, "Tests").
func MaxD() int {
	if v, err := strconv.Atoi(os.Getenv("NLSSL_MAX_D")); err == nil && v >= 3 {
		return v
	}
	return 12
}

// Ranges of the drawn points, and where each comes from:
//
//   - d in [3, MaxD()], n = d^2, rho = d^-1.5: the paper's scaling.
//   - tau in [4, 12]: the hidden feature must dominate the noise (tau >> rho)
//     and the near initialisation sets tau w^(2) ~ 8.75 whatever tau is;
//     [4, 12] brackets the paper's 7 by a factor ~2 both ways.
//   - alpha in [1/400, 1/70], beta = gamma = alpha: below the pitchfork of
//     L~ (alpha* ~ 0.025 at tau = 7, TestBifurcationOfSimplified finds it
//     for every tau here) so that L~ predicts both features; the lower end
//     keeps the ascent's slowest direction (curvature -2 alpha n) within
//     ~2e4 steps. The paper's 1/800 is checked at the paper's point by
//     TestPaperPoint.
//   - eta = f * 2/Lhat with f in [0.2, 0.9]: C1's hypothesis is eta < 2/Lhat
//     (SmoothnessBound over rows of norm up to 1.5 times the largest of W0's
//     and the near corner's), so every drawn eta satisfies it with margin.
//   - seed: any uint64; init near or signs, or an explicit W0 (W0Gen).
//   - GradTol 1e-2 and reference runs of 3 time constants 1/(2 alpha n eta)
//     (at most 4000 steps): enough to identify the limit with the certified
//     W* (its uniqueness radius is ~0.1) at a fraction of the cost.
func PointGen(maxD int) *rapid.Generator[theory.Params] {
	return rapid.Custom(func(t *rapid.T) theory.Params {
		d := rapid.IntRange(3, maxD).Draw(t, "d")
		p := theory.DefaultParams(d)
		p.Tau = rapid.Float64Range(4, 12).Draw(t, "tau")
		p.Alpha = rapid.Float64Range(1.0/400, 1.0/70).Draw(t, "alpha")
		p.Beta, p.Gamma = p.Alpha, p.Alpha
		p.Seed = rapid.Uint64().Draw(t, "seed")
		switch rapid.IntRange(0, 2).Draw(t, "initKind") {
		case 0:
			p.Init = sim.InitNear
		case 1:
			p.Init = sim.InitSigns
		default:
			p.W0 = W0Gen(d, p.Tau).Draw(t, "w0")
		}
		f := rapid.Float64Range(0.2, 0.9).Draw(t, "etaFraction")
		p.Eta = f * 2 / lhatEstimate(p)
		p.Tol.GradTol = 1e-2
		p.Tol.SLGradTol = 1e-2
		steps := int(math.Ceil(3 / (2 * p.Alpha * float64(p.N) * p.Eta)))
		p.SSLSteps, p.SLSteps = min(max(steps, 200), 4000), min(max(steps, 200), 8000)
		return p
	})
}

// lhatEstimate is the smoothness bound the drawn eta is a fraction of.
func lhatEstimate(p theory.Params) float64 {
	ds, err := p.Distribution().Sample(p.N, p.Seed)
	if err != nil {
		return math.Inf(1)
	}
	r := math.Hypot(3.9, 9/p.Tau)
	w0 := p.W0
	if w0 == nil {
		if ip, err := sim.Initialise(p.Init, p.D, p.Tau, p.Seed); err == nil {
			w0 = ip.W
		}
	}
	for k := 0; w0 != nil && k < 2; k++ {
		var s float64
		for _, x := range w0[k*p.D : (k+1)*p.D] {
			s += x * x
		}
		r = math.Max(r, math.Sqrt(s))
	}
	return certify.SmoothnessBound(ds, p.Rho, p.Alpha, 1.5*r)
}

// W0Gen draws an initial point in the sign region of C1 (w1^(1) > 0 >
// w2^(1), w1^(2), w2^(2) > 0), wider than the near box: |w^(1)| in
// [0.5, 5] (the near box is [3.1, 3.9]), tau w^(2) in [2, 12] (the box:
// [8.5, 9]), the other coordinates in [-1, 1] (the box: N(0,1)).
func W0Gen(d int, tau float64) *rapid.Generator[[]float64] {
	return rapid.Custom(func(t *rapid.T) []float64 {
		w := rapid.SliceOfN(rapid.Float64Range(-1, 1), 2*d, 2*d).Draw(t, "rest")
		w[0] = rapid.Float64Range(0.5, 5).Draw(t, "a1")
		w[d] = -rapid.Float64Range(0.5, 5).Draw(t, "a2")
		w[1] = rapid.Float64Range(2, 12).Draw(t, "tb1") / tau
		w[d+1] = rapid.Float64Range(2, 12).Draw(t, "tb2") / tau
		return w
	})
}
