package certify

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/nlssl/nlssl/interval"
	"github.com/nlssl/nlssl/sim"
	"gonum.org/v1/gonum/mat"
	"pgregory.net/rapid"
)

// hessianSlack is how far the float64 Hessian of sim (the sampled side)
// may exceed the exact one: its Gauss-Hermite moments are exact to
// rounding at the scales drawProblem allows (s <= 1, 64 nodes), and its
// O(n) sums round by about n eps of their magnitude; 1e-9 of the matrix's
// norm (plus 1e-12) is a thousand times that at n <= 20.
func hessianSlack(h *mat.SymDense) float64 { return 1e-9*symNorm(h) + 1e-12 }

// TestConcaveBallAboveSampled: the certified bound of the largest Hessian
// eigenvalue over a ball is never below the largest eigenvalue of the
// float64 Hessian at points of the ball (its centre, its edge along random
// directions, random interior points), on random problems, rows, scales
// and radii; a bound below a sampled value would be a false certificate
// (a mutant that forgets the ball's radius fails here).
func TestConcaveBallAboveSampled(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p, k, scale, r := drawBall(t)
		d := p.d
		obj := Expected{p.expected}
		cc := obj.ConcaveBall(p.w[k*d:(k+1)*d], scale, r)
		if math.IsNaN(cc.LambdaMax) || (cc.Failed != "" && !strings.Contains(cc.Failed, "bounded by") && !strings.Contains(cc.Failed, "eigenvectors")) {
			t.Fatalf("row %d r %.3g: no bound for valid input: %+v at %v", k, r, cc, p)
		}
		for trial := range 6 {
			z := p.w
			if trial > 0 {
				u := rapid.SliceOfN(rapid.Float64Range(-1, 1), d, d).Draw(t, "u")
				frac := 1.0
				if trial > 3 {
					frac = rapid.Float64Range(0, 1).Draw(t, "frac")
				}
				var ok bool
				if z, ok = ballPoint(p.w, k, u, scale, frac*r); !ok {
					continue
				}
			}
			hz := scaledRowHessian(obj, z, k, scale)
			values, _, ok := Eigen(hz, false)
			if !ok {
				t.Fatalf("a non-finite Hessian at %v", p)
			}
			if got := values[d-1]; got > cc.LambdaMax+hessianSlack(hz) {
				t.Fatalf("row %d: lambda_max(H) = %.10g at a point of the ball of radius %.3g exceeds the certified bound %.10g (scale %v) at %v", k, got, r, cc.LambdaMax, scale, p)
			}
		}
	})
}

// TestConcaveBallRefusesSaddle: at the paper's point the expected
// objective is certified concave on a small ball around a row of W*, and
// refused on a ball around the point between the row's maximum and its
// mirror (a = 0), where the float64 Hessian has a positive eigenvalue:
// such a ball holds more than one critical point's worth of curvature, and
// the bound stays above what is sampled there.
func TestConcaveBallRefusesSaddle(t *testing.T) {
	p := paperObjectives(t)
	d := p.d
	obj := Expected{p.expected}
	zero, _, grad := NewtonMax(p.expected, p.start)
	if !(grad < 1e-8) {
		t.Fatalf("no maximum to test at: Newton ends at ||grad|| = %.3g", grad)
	}
	near := obj.ConcaveBall(zero[:d], nil, 0.05)
	if !near.Certified || !(near.LambdaMax < 0) {
		t.Fatalf("a ball of radius 0.05 around W*'s first row is not certified concave: %+v", near)
	}
	mid := append([]float64(nil), zero...)
	mid[0] = 0
	h := scaledRowHessian(obj, mid, 0, unitScale(nil, d))
	values, _, ok := Eigen(h, false)
	if !ok || !(values[d-1] > 0) {
		t.Fatalf("the test needs a non-concave point: lambda_max(H) at a = 0 is %v", values)
	}
	far := obj.ConcaveBall(mid[:d], nil, 0.05)
	if far.Certified {
		t.Fatalf("certified concave around a = 0, where lambda_max(H) = %.4g > 0: %+v", values[d-1], far)
	}
	if !(far.LambdaMax >= values[d-1]) {
		t.Fatalf("bound %.6g below the sampled eigenvalue %.6g", far.LambdaMax, values[d-1])
	}
}

// TestConcaveBallBadInput: every bad input is named in Failed, never a
// panic or a certificate.
func TestConcaveBallBadInput(t *testing.T) {
	p := paperObjectives(t)
	obj := Expected{p.expected}
	row := p.start[:p.d]
	ones := unitScale(nil, p.d)
	zeroScale := append([]float64(nil), ones...)
	zeroScale[3] = 0
	nanRow := append([]float64(nil), row...)
	nanRow[1] = math.NaN()
	for _, c := range []struct {
		name         string
		center       []float64
		scale        []float64
		r            float64
		param, quote string
	}{
		{"short centre", row[:3], nil, 0.1, "row", "row"},
		{"NaN centre", nanRow, nil, 0.1, "row", "row"},
		{"short scale", row, ones[:2], 0.1, "scale", "scale"},
		{"zero scale", row, zeroScale, 0.1, "scale", "powers of 2"},
		{"negative radius", row, nil, -1, "radius", ">= 0"},
		{"infinite radius", row, nil, math.Inf(1), "radius", "finite"},
		{"overflowing radius", row, nil, 1e308, "radius", "allowed"},
		{"huge radius", row, nil, 1e6, "radius", "noise scale"},
	} {
		cc := obj.ConcaveBall(c.center, c.scale, c.r)
		if cc.Certified || !strings.Contains(cc.Failed, c.param) || !strings.Contains(cc.Failed, c.quote) {
			t.Errorf("%s: want a failure naming %q (%q), got %+v", c.name, c.param, c.quote, cc)
		}
	}
}

// TestLambdaMaxUp: the bound is above the largest eigenvalue of members
// of random symmetric interval matrices (the midpoint and random members),
// and sharp (within 1e-12 of the spread's norm) on point matrices.
func TestLambdaMaxUp(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		d := rapid.IntRange(1, 8).Draw(t, "d")
		mid := rapid.SliceOfN(rapid.Float64Range(-10, 10), d*d, d*d).Draw(t, "mid")
		rad := rapid.Float64Range(0, 1).Draw(t, "rad")
		h := make([]interval.Interval, d*d)
		for i := range d {
			for j := i; j < d; j++ {
				h[i*d+j] = interval.New(mid[i*d+j]-rad, mid[i*d+j]+rad)
				h[j*d+i] = h[i*d+j]
			}
		}
		bound, ok := lambdaMaxUp(h, d)
		if !ok {
			t.Fatalf("no bound for a finite %d x %d matrix", d, d)
		}
		for trial := range 4 {
			m := mat.NewSymDense(d, nil)
			for i := range d {
				for j := i; j < d; j++ {
					f := 0.5
					if trial > 0 {
						f = rapid.Float64Range(0, 1).Draw(t, "f")
					}
					m.SetSym(i, j, h[i*d+j].Lo+f*(h[i*d+j].Hi-h[i*d+j].Lo))
				}
			}
			values, _, _ := Eigen(m, false)
			// The float64 eigenvalues are backward stable, off by at most
			// about d eps ||m|| (and Eigen flushes entries 2^-150 below the
			// largest to 0): 4 d eps ||m|| is what the reference may be
			// above the exact value (a kept failfile, with entries of
			// 1e-45 next to 2, needs it).
			ref := 4 * float64(d) * 0x1p-52 * symNorm(m)
			if values[d-1] > bound+ref {
				t.Fatalf("lambda_max %.17g of a member exceeds the bound %.17g", values[d-1], bound)
			}
			if rad == 0 && trial == 0 && bound-values[d-1] > 1e-12*(1+symNorm(m)) {
				t.Fatalf("point matrix: bound %.17g is not sharp (lambda_max %.17g)", bound, values[d-1])
			}
		}
	})
}

// drawBall draws the concavity tests' ball: a problem (d <= 5, n <= 20),
// the row, a scale and a radius in [0, 1.5].
func drawBall(t *rapid.T) (p problem, k int, scale []float64, r float64) {
	p = drawProblem(t, 5, 20, 64)
	k = rapid.IntRange(0, 1).Draw(t, "row")
	scale = drawScale(t, p.d)
	r = rapid.Float64Range(0, 1.5).Draw(t, "r")
	return p, k, scale, r
}

// ballPoint returns a copy of w with row k moved by dist along u in the
// scaled norm (||S (z_k - w_k)|| = dist), and false when u is 0.
func ballPoint(w []float64, k int, u, scale []float64, dist float64) ([]float64, bool) {
	d := len(u)
	nu := math.Sqrt(sumSq(u))
	if nu == 0 {
		return nil, false
	}
	z := append([]float64(nil), w...)
	for j := range d {
		z[k*d+j] += dist * u[j] / nu / scale[j]
	}
	return z, true
}

// refMoments returns E sigma^(k)(m + s g), k = 0, 1, 2, by a trapezoid
// rule of 961 nodes on [-12, 12]: a reference independent of the
// certified rule and of sim's Gauss-Hermite rule (its error is far below
// 1e-12 for s <= 1, where the integrand is entire and decays like the
// Gaussian).
func refMoments(m, s float64) [3]float64 {
	const n = 960
	h := 24.0 / n
	var e [3]float64
	var wsum float64
	for j := 0; j <= n; j++ {
		g := -12 + float64(j)*h
		w := math.Exp(-g * g / 2)
		if j == 0 || j == n {
			w /= 2
		}
		p := 1 / (1 + math.Exp(-(m + s*g)))
		d1 := p * (1 - p)
		e[0] += w * p
		e[1] += w * d1
		e[2] += w * d1 * (1 - 2*p)
		wsum += w
	}
	for k := range e {
		e[k] /= wsum
	}
	return e
}

// TestConcaveBallRestBound: the bound t of the Hessian's terms beyond the
// data Gram sum (the noise-scale terms c g^T + g c^T + sum F_vv g g^T and
// the diagonal 2 rho^2 sum F_v - 2 alpha n) is above the largest
// eigenvalue of H(v) - sum_i F_mm(v.x_i, rho ||v||) x_i x_i^T at points of
// the ball, F_mm from refMoments: those terms are small next to the data
// terms, so TestConcaveBallAboveSampled alone would not see an error in
// them (a mutant halving the cross term's bound fails here within a few
// checks; one halving the F_vv term only after a few hundred).
func TestConcaveBallRestBound(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p, k, scale, r := drawBall(t)
		d := p.d
		smin := math.Inf(1)
		for _, v := range scale {
			smin = math.Min(smin, v)
		}
		obj := Expected{p.expected}
		_, rest, err := obj.ballBound(p.w[k*d:(k+1)*d], scale, r, smin)
		if err != nil {
			t.Fatalf("row %d r %.3g: %v at %v", k, r, err, p)
		}
		ones := unitScale(nil, d)
		for trial := range 5 {
			z := p.w
			if trial > 0 {
				// Trial 1 moves radially outward (||v||, and so the noise
				// scale's terms, largest); the others along random directions.
				u := make([]float64, d)
				for j := range d {
					u[j] = p.w[k*d+j] * scale[j]
				}
				if trial > 1 {
					u = rapid.SliceOfN(rapid.Float64Range(-1, 1), d, d).Draw(t, "u")
				}
				var ok bool
				if z, ok = ballPoint(p.w, k, u, scale, r); !ok {
					continue
				}
			}
			row := z[k*d : (k+1)*d]
			h := scaledRowHessian(obj, z, k, ones)
			s := p.rho * math.Sqrt(sumSq(row))
			mag := symNorm(h)
			for i := range p.n {
				x := p.data.Point(i)
				e := refMoments(dot(row, x), s)
				fmm := 2 * (e[1]*e[1] + e[0]*e[2])
				mag += math.Abs(fmm) * sumSq(x)
				for a := range d {
					for b := a; b < d; b++ {
						h.SetSym(a, b, h.At(a, b)-fmm*x[a]*x[b])
					}
				}
			}
			values, _, ok := Eigen(h, false)
			if !ok {
				t.Fatalf("a non-finite Hessian at %v", p)
			}
			if got := values[d-1]; got > rest+1e-9*mag+1e-12 {
				t.Fatalf("row %d: lambda_max(H - data terms) = %.10g on the ball of radius %.3g exceeds the bound %.10g at %v", k, got, r, rest, p)
			}
		}
	})
}

// BenchmarkConcaveBall: one concavity certificate around the near
// region's centre (a ball of radius 0.25, scale 1), at the paper's point
// (d = 10, n = 100) and at d = 64, n = 4096: the O(n) enclosures of the
// data terms (about 3 pieces of m each) and the O(n d^2) Gram sum.
func BenchmarkConcaveBall(b *testing.B) {
	for _, c := range []struct{ d, n int }{{10, 100}, {64, 4096}} {
		b.Run(fmt.Sprintf("d=%d_n=%d", c.d, c.n), func(b *testing.B) {
			dist := sim.Distribution{D: c.d, Tau: 7, Rho: math.Pow(float64(c.d), -1.5)}
			ds, err := dist.Sample(c.n, 1)
			if err != nil {
				b.Fatal(err)
			}
			obj, err := sim.NewExpectedObjective(ds, dist.Rho, 1.0/800, 0)
			if err != nil {
				b.Fatal(err)
			}
			row := sim.NearRegion{D: c.d, Tau: dist.Tau}.Centre()[:c.d]
			for b.Loop() {
				Expected{obj}.ConcaveBall(row, nil, 0.25)
			}
		})
	}
}

// TestLambdaMaxUpTinyEntries: entries of 1e-45 next to 2 (a case rapid
// found, where float64 eigenvalues flush the small entry): the member
// diag(-2, -1.4e-45 + 7e-46) of the interval matrix has lambda_max exactly
// -7.006e-46, and the bound stays above it.
func TestLambdaMaxUpTinyEntries(t *testing.T) {
	tiny, rad := -1.401298464324817e-45, 7.006492321624085e-46
	h := []interval.Interval{
		interval.New(-2-rad, -2+rad), interval.New(-rad, rad),
		interval.New(-rad, rad), interval.New(tiny-rad, tiny+rad),
	}
	bound, ok := lambdaMaxUp(h, 2)
	if !ok || !(bound >= tiny+rad) {
		t.Fatalf("bound %g (ok %v) below the member's lambda_max %g", bound, ok, tiny+rad)
	}
}

// TestCellOf: the cell of x contains it, for subnormal and signed zeros,
// cell boundaries on both sides of 0, and large magnitudes (the division
// x / h underflows to -0 for a negative subnormal x and h >= 4: the
// review's case).
func TestCellOf(t *testing.T) {
	for _, h := range []float64{0x1p-5, 4, 0x1p20} {
		for _, x := range []float64{-9.9e-324, 9.9e-324, 0, math.Copysign(0, -1), -h, h, -3 * h, 2.5 * h, -2.5 * h, 1e-300, -1e-300, 0x1p40, -0x1p40 - h/2} {
			j := cellOf(x, h)
			if !(float64(j)*h <= x && x < float64(j+1)*h) {
				t.Errorf("h = %g: x = %g in cell %d = [%g, %g)", h, x, j, float64(j)*h, float64(j+1)*h)
			}
		}
	}
}
