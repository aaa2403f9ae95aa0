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

// fullViewGradient is the reference algorithm drawn as THEORY sections 3-4
// state it, every view in full, the noises drawn per point from its own
// normal stream:
//
//	x' = x + rho g',  x'' = x + rho g'',  g', g'' ~ N(0, I_d),
//	gradient of sum_i sum_k sigma(w_k.x') sigma(w_k.x'') - alpha n ||W||^2.
//
// It is the plain twin that StochasticSSL's in-distribution sampler is
// checked against.
func fullViewGradient(g []float64, ds *Dataset, rho, alpha float64, w []float64, r *rng) float64 {
	d := ds.D
	clear(g)
	var val float64
	xa, xb := make([]float64, d), make([]float64, d)
	for i := range ds.N {
		x := ds.Point(i)
		for j := range d {
			xa[j] = x[j] + rho*r.NormFloat64()
		}
		for j := range d {
			xb[j] = x[j] + rho*r.NormFloat64()
		}
		for k := range 2 {
			wk := w[k*d : (k+1)*d]
			sa, pa := sigmoidAndDeriv(dot(wk, xa))
			sb, pb := sigmoidAndDeriv(dot(wk, xb))
			val += sa * sb
			for j := range d {
				g[k*d+j] += pa*sb*xa[j] + sa*pb*xb[j]
			}
		}
	}
	n := float64(ds.N)
	for j := range w {
		g[j] -= 2 * alpha * n * w[j]
	}
	return val - alpha*n*dot(w, w)
}

// TestStochasticSamplerMatchesFullViews: StochasticSSL draws the views in
// distribution (components along span(w1, w2) and one Gaussian for the
// rest); its value and gradient must have the distribution of the full
// draw. Tested on the first two moments of the value and of u.grad for the
// coordinates and random directions u (rows' weights mixed), by two-sample
// z-tests with the standard errors from the samples' own fourth moments,
// Bonferroni-corrected to a false-alarm rate of 1e-7 per case.
func TestStochasticSamplerMatchesFullViews(t *testing.T) {
	const (
		k         = 4000
		alphaCase = 1e-7
	)
	rapid.Check(t, func(t *rapid.T) {
		p := drawProblem(t, 5, 12)
		if p.rho == 0 {
			t.Skip("no views to draw")
		}
		dim := 2 * p.d
		st, _ := NewStochasticSSL(p.data, p.rho, p.alpha, p.seed)
		ref := newStream(p.seed^0x9e3779b97f4a7c15, streamViews)
		dirs := [][]float64{}
		for j := range dim {
			e := make([]float64, dim)
			e[j] = 1
			dirs = append(dirs, e)
		}
		for range 4 {
			u := rapid.SliceOfN(rapid.Float64Range(-1, 1), dim, dim).Draw(t, "u")
			dirs = append(dirs, u)
		}
		// stats[s][q] are the k samples of quantity q for sampler s: the
		// value, then u.grad per direction.
		stats := [2][][]float64{}
		for s := range 2 {
			stats[s] = make([][]float64, 1+len(dirs))
			for q := range stats[s] {
				stats[s][q] = make([]float64, k)
			}
		}
		g := make([]float64, dim)
		for i := range k {
			for s := range 2 {
				var v float64
				if s == 0 {
					v = st.FuncGrad(g, p.w)
				} else {
					v = fullViewGradient(g, p.data, p.rho, p.alpha, p.w, ref)
				}
				stats[s][0][i] = v
				for q, u := range dirs {
					stats[s][1+q][i] = dot(u, g)
				}
			}
		}
		tests := 2 * len(stats[0])
		zCrit := distuv.UnitNormal.Quantile(1 - alphaCase/(2*float64(tests)))
		for q := range stats[0] {
			a, b := stats[0][q], stats[1][q]
			ma, va := stat.MeanVariance(a, nil)
			mb, vb := stat.MeanVariance(b, nil)
			// Below 1e-12 of the quantity's size the spread is the samplers'
			// own rounding (rho near 0), which they need not share.
			scale := math.Max(1, math.Max(math.Abs(ma), math.Abs(mb)))
			if va+vb <= 1e-24*scale*scale {
				if math.Abs(ma-mb) > 1e-9*scale {
					t.Fatalf("quantity %d has no noise but means %v and %v (%v)", q, ma, mb, p)
				}
				continue
			}
			if z := math.Abs(ma-mb) / math.Sqrt((va+vb)/k); z > zCrit {
				t.Fatalf("quantity %d: mean %v (in distribution) vs %v (full views), z = %.2f > %.2f (%v)", q, ma, mb, z, zCrit, p)
			}
			m4 := func(x []float64, m, v float64) float64 {
				var s float64
				for _, y := range x {
					s += math.Pow(y-m, 4)
				}
				return (s/k - v*v) / k
			}
			se := math.Sqrt(m4(a, ma, va) + m4(b, mb, vb))
			if se == 0 {
				continue
			}
			if z := math.Abs(va-vb) / se; z > zCrit {
				t.Fatalf("quantity %d: variance %v (in distribution) vs %v (full views), z = %.2f > %.2f (%v)", q, va, vb, z, zCrit, p)
			}
		}
	})
}
