package sim

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"

	"pgregory.net/rapid"
)

// TestQuadratureIdentities checks the rule against exact identities of the
// Gaussian expectation: the weights sum to 1; E sigma(s g) = 1/2 for every
// s (sigma(u) - 1/2 is odd and the nodes are symmetric); and Stein's
// identity E[g sigma(m + s g)] = s E sigma'(m + s g), which holds for the
// rule up to its error (below 2e-14 for s <= 1/2 at 32 nodes, see
// TestQuadratureAccuracy).
func TestQuadratureIdentities(t *testing.T) {
	q, err := NewGaussHermite(DefaultQuadNodes)
	if err != nil {
		t.Fatal(err)
	}
	var sum float64
	for _, w := range q.W {
		sum += w
	}
	if math.Abs(sum-1) > 1e-14 {
		t.Fatalf("weights sum to %v, want 1", sum)
	}
	rapid.Check(t, func(t *rapid.T) {
		m := rapid.Float64Range(-8, 8).Draw(t, "m")
		s := rapid.Float64Range(0, 0.5).Draw(t, "s")
		if half := q.Expect(Sigmoid, 0, s); math.Abs(half-0.5) > 1e-15 {
			t.Fatalf("E sigma(%v g) = %v, want 1/2", s, half)
		}
		var stein float64
		for i, g := range q.G {
			stein += q.W[i] * g * Sigmoid(m+s*g)
		}
		e := q.sigmoidMoments(m, s)
		if math.Abs(stein-s*e[1]) > 1e-13 {
			t.Fatalf("Stein: E[g sigma] = %v, s E sigma' = %v at m=%v s=%v", stein, s*e[1], m, s)
		}
	})
}

// quadAccuracy is the accuracy of the 32-node rule for the moments
// E sigma^(k)(m + s g), k = 0..4, over m in [-8, 8], measured against the
// 200-node rule (itself exact to ~1e-14) and rounded up by a factor 2-5:
//
//	s <= 0.5: 4e-14 for every k (rounding)
//	s <= 1:   2e-13, 2e-12, 2e-11, 2e-10, 2e-9
//	s <= 2:   3e-7, 2e-6, 1e-5, 5e-5, 3e-4
//
// At the paper's settings s = rho ||w|| ~ 0.15. Higher moments are less
// accurate: they enter only the Hessians.
var quadAccuracy = []struct {
	sMax float64
	tol  [5]float64
}{
	{0.5, [5]float64{4e-14, 4e-14, 4e-14, 4e-14, 1e-13}},
	{1, [5]float64{2e-13, 2e-12, 2e-11, 2e-10, 2e-9}},
	{2, [5]float64{3e-7, 2e-6, 1e-5, 5e-5, 3e-4}},
}

// TestQuadratureAccuracy holds the default rule to the accuracy table above.
func TestQuadratureAccuracy(t *testing.T) {
	q, _ := NewGaussHermite(DefaultQuadNodes)
	ref, _ := NewGaussHermite(MaxQuadNodes)
	rapid.Check(t, func(t *rapid.T) {
		m := rapid.Float64Range(-8, 8).Draw(t, "m")
		s := rapid.Float64Range(0, 2).Draw(t, "s")
		row := 0
		for quadAccuracy[row].sMax < s {
			row++
		}
		got, want := q.sigmoidMoments(m, s), ref.sigmoidMoments(m, s)
		for k := range got {
			if tol := quadAccuracy[row].tol[k]; math.Abs(got[k]-want[k]) > tol {
				t.Fatalf("E sigma^(%d)(%v + %v g): %d nodes give %v, %d nodes %v: error %.2g > %.2g",
					k, m, s, DefaultQuadNodes, got[k], MaxQuadNodes, want[k], math.Abs(got[k]-want[k]), tol)
			}
		}
	})
}

// TestFidelitiesAgreeWithoutNoise: with rho = 0 there is nothing to
// average, so the expected objective is sum_i sum_k sigma(w_k.x_i)^2 -
// alpha n ||W||^2 computed directly, and the population objective of a W
// whose coordinates 3..d vanish is n times the simplified objective L~.
func TestFidelitiesAgreeWithoutNoise(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := drawProblem(t, 8, 30)
		ds, _ := Distribution{D: p.d, Tau: p.tau, Rho: 0}.Sample(p.n, p.seed)
		exp, _ := NewExpectedObjective(ds, 0, p.alpha, 0)
		var direct float64
		for i := range ds.N {
			for k := range 2 {
				s := Sigmoid(dot(p.w[k*p.d:(k+1)*p.d], ds.Point(i)))
				direct += s * s
			}
		}
		direct -= p.alpha * float64(p.n) * dot(p.w, p.w)
		requireRelErr(t, "expected objective at rho = 0", relErr([]float64{exp.Func(p.w)}, []float64{direct}), tolRound, p)

		w := make([]float64, 2*p.d)
		w[0], w[1], w[p.d], w[p.d+1] = p.w[0], p.w[1], p.w[p.d], p.w[p.d+1]
		pop, _ := NewPopulationObjective(Distribution{D: p.d, Tau: p.tau, Rho: 0}, p.n, p.alpha, 0)
		simp, _ := NewSimplifiedObjective(p.d, p.tau, p.alpha)
		gp, gs := make([]float64, 2*p.d), make([]float64, 2*p.d)
		vp := pop.FuncGrad(gp, w)
		vs := simp.FuncGrad(gs, w)
		for j := range gs {
			gs[j] *= float64(p.n)
		}
		requireRelErr(t, "population = n L~ at rho = 0", relErr([]float64{vp}, []float64{float64(p.n) * vs}), tolRound, p)
		requireRelErr(t, "population gradient = n grad L~ at rho = 0", relErr(gp, gs), tolRound, p)
	})
}

// TestPopulationIsMeanOfExpected: the population objective is the mean of
// the expected objective over datasets. On one dataset of m points the
// expected objective per point is an average of m i.i.d. terms in [0, 2];
// the test allows 6 standard errors, estimated from the terms themselves
// (false alarm ~ 2e-9 a case under the normal approximation).
func TestPopulationIsMeanOfExpected(t *testing.T) {
	const m = 20000
	rapid.Check(t, func(t *rapid.T) {
		p := drawProblem(t, 6, 1)
		dist := Distribution{D: p.d, Tau: p.tau, Rho: p.rho, Noise: p.noise}
		ds, _ := dist.Sample(m, p.seed)
		exp, _ := NewExpectedObjective(ds, p.rho, 0, 0)
		pop, _ := NewPopulationObjective(dist, 1, 0, 0)
		vals := make([]float64, m)
		one := &Dataset{D: p.d, N: 1, X: ds.Point(0), Y: ds.Y[:1], Z: ds.Z[:1]}
		e1, _ := NewExpectedObjective(one, p.rho, 0, 0)
		for i := range m {
			one.X = ds.Point(i) // the objective reads its dataset at each call
			vals[i] = e1.Func(p.w)
		}
		mean, sd := stat.MeanStdDev(vals, nil)
		se := sd / math.Sqrt(m)
		if got := exp.Func(p.w) / m; math.Abs(got-mean) > 1e-9 {
			t.Fatalf("expected objective / n = %v, mean of per-point objectives %v", got, mean)
		}
		// 1e-12: the rounding of the two computations when the points'
		// terms are all equal (rho ~ 0, tau ~ 0 gives se = 0).
		if want := pop.Func(p.w); math.Abs(mean-want) > 6*se+1e-12 {
			t.Fatalf("mean expected objective %v, population %v: %.2f standard errors (%v)", mean, want, math.Abs(mean-want)/se, p)
		}
	})
}

// TestQuadNodesFor: the node count chosen for a scale computes every moment
// to 1e-13 against the 200-node rule, over m in [-8, 8].
func TestQuadNodesFor(t *testing.T) {
	ref, _ := NewGaussHermite(MaxQuadNodes)
	rapid.Check(t, func(t *rapid.T) {
		m := rapid.Float64Range(-8, 8).Draw(t, "m")
		s := rapid.Float64Range(0, 1).Draw(t, "s")
		q, _ := NewGaussHermite(QuadNodesFor(s))
		got, want := q.sigmoidMoments(m, s), ref.sigmoidMoments(m, s)
		for k := range got {
			if math.Abs(got[k]-want[k]) > 1e-13 {
				t.Fatalf("s = %v: %d nodes give E sigma^(%d) = %v, 200 nodes %v", s, QuadNodesFor(s), k, got[k], want[k])
			}
		}
	})
}

// TestMomentsFromNodeExps: the moments from precomputed node exponentials
// (the gradient's fast path) equal the direct ones to 1e-14 relative or
// 1e-16 absolute (E2 cancels near m = 0; its terms are ~0.1), over the
// whole range of means, including where exp(-m) overflows.
func TestMomentsFromNodeExps(t *testing.T) {
	q, _ := NewGaussHermite(DefaultQuadNodes)
	rapid.Check(t, func(t *rapid.T) {
		m := rapid.OneOf(rapid.Float64Range(-40, 40), rapid.Float64Range(-800, 800)).Draw(t, "m")
		s := rapid.Float64Range(0, 1).Draw(t, "s")
		var ex nodeExps
		q.nodeExps(s, &ex)
		a0, a1, a2 := q.sigmoidMoments3At(m, &ex)
		b0, b1, b2 := q.sigmoidMoments3(m, s)
		for k, c := range [][2]float64{{a0, b0}, {a1, b1}, {a2, b2}} {
			if math.Abs(c[0]-c[1]) > 1e-14*math.Abs(c[1])+1e-16 {
				t.Fatalf("m=%v s=%v: moment %d is %v from node exponentials, %v directly", m, s, k, c[0], c[1])
			}
		}
	})
}

// TestAdaptiveQuadrature: the expected objective with QuadAdaptive (each
// row's rule from its scale) agrees with the 64-node rule (exact to
// rounding up to s = 1) in value, gradient and Hessian, at scales up to 1;
// and the 8-node rule, fixed, does not at scales past its table entry, so
// the comparison can fail.
func TestAdaptiveQuadrature(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := drawProblem(t, 8, 30)
		ds, _ := Distribution{D: p.d, Tau: p.tau, Rho: p.rho, Noise: p.noise}.Sample(p.n, p.seed)
		adaptive, err := NewExpectedObjective(ds, p.rho, p.alpha, QuadAdaptive)
		if err != nil {
			t.Fatal(err)
		}
		fixed, _ := NewExpectedObjective(ds, p.rho, p.alpha, 64)
		ga, gf := make([]float64, 2*p.d), make([]float64, 2*p.d)
		va, vf := adaptive.FuncGrad(ga, p.w), fixed.FuncGrad(gf, p.w)
		scale := float64(p.n) * (1 + p.alpha*dot(p.w, p.w))
		if math.Abs(va-vf) > 1e-13*scale {
			t.Fatalf("value %v adaptive, %v with 64 nodes", va, vf)
		}
		for j := range ga {
			if math.Abs(ga[j]-gf[j]) > 1e-12*scale {
				t.Fatalf("gradient[%d] %v adaptive, %v with 64 nodes", j, ga[j], gf[j])
			}
		}
		ha, hf := mat.NewSymDense(2*p.d, nil), mat.NewSymDense(2*p.d, nil)
		adaptive.Hess(ha, p.w)
		fixed.Hess(hf, p.w)
		for i := range 2 * p.d {
			for j := i; j < 2*p.d; j++ {
				if math.Abs(ha.At(i, j)-hf.At(i, j)) > 1e-12*scale {
					t.Fatalf("Hessian[%d,%d] %v adaptive, %v with 64 nodes", i, j, ha.At(i, j), hf.At(i, j))
				}
			}
		}
	})
	// The mutant: 8 nodes at s = 0.9 are off by far more than rounding.
	q8, _ := NewGaussHermite(8)
	if got, want := q8.sigmoidMoments(0.5, 0.9), ruleFor(0.9).sigmoidMoments(0.5, 0.9); math.Abs(got[4]-want[4]) < 1e-10 {
		t.Fatalf("8 nodes at s = 0.9 agree with the table's rule to %g: the comparison cannot fail", math.Abs(got[4]-want[4]))
	}
}
