package certify

import (
	"fmt"
	"math"

	"github.com/nlssl/nlssl/interval"
	"gonum.org/v1/gonum/mat"
)

// IFTCertificate is the evidence that the gradient map of one row of the
// true objective has exactly one zero near a centre w0, in the scaled
// coordinates y = S w (S = diag(Scale); all 1 for the Euclidean norm). All
// bounds are proved: enclosures by interval arithmetic with rigorous
// quadrature, the Lipschitz bound M from the sigmoid's derivative bounds
// over the ball.
type IFTCertificate struct {
	Scale    []float64 // S, powers of 2 so that scaling is exact
	GradNorm float64   // >= ||S^-1 grad L(w0)||
	NA       float64   // >= ||A^-1||, A the (symmetrised) midpoint of S^-1 Hess L(w0) S^-1
	Delta    float64   // >= ||S^-1 Hess L(w0) S^-1 - A||
	Mu       float64   // = 1/NA, a certified lower bound of A's smallest singular value

	// The quantitative inverse function theorem (NUMERICS.md, fact 1) with
	// c(r) = Delta + M(r) r: grad L is injective on B(w0, r) when
	// c(r) < 1/NA, and has a zero there when ||grad|| <= (1/NA - c(r)) r.
	R       float64 // the radius with the largest margin
	M       float64 // Lipschitz bound of the Hessian on B(w0, R)
	Margin  float64 // (1/NA - Delta - M R) R - GradNorm: >= 0 certifies
	RExist  float64 // smallest radius found at which the zero is certified (0: none)
	RUnique float64 // largest radius found on which grad L is injective
	// LambdaMax >= the largest eigenvalue of S^-1 Hess L S^-1 at the zero
	// (Gershgorin and Weyl): negative means a strict local maximum.
	LambdaMax float64
	// LambdaMaxLow <= that largest eigenvalue (a Rayleigh quotient of A,
	// minus the same perturbation): positive proves the zero is not a
	// maximum.
	LambdaMaxLow float64
	Certified    bool
	Failed       string // which inequality failed and by how much
}

// CertifyRow runs the IFT certificate for one row of obj at the centre w0
// (length d) in the scaled norm ||S w|| (scale nil: Euclidean; otherwise
// powers of 2, as diagScale chooses). It never returns NaN bounds: a
// failure is described in Failed.
func IFT(obj Objective, w0, scale []float64) IFTCertificate {
	d := len(w0)
	if scale == nil {
		scale = make([]float64, d)
		for j := range scale {
			scale[j] = 1
		}
	}
	rc := IFTCertificate{Scale: scale}
	enc, err := obj.EncloseRow(w0)
	if err != nil {
		rc.Failed = err.Error()
		return rc
	}
	g, h := scaleEnclosure(enc, scale)
	rc.GradNorm = normUp(g)
	a, delta := midpoint(h, d)
	rc.Delta = delta
	na, _, ok := inverseNormBound(a, d)
	if !ok {
		rc.Failed = "the Hessian's midpoint is not invertible to working precision (||I - R A|| >= 1)"
		return rc
	}
	rc.NA = na
	rc.Mu = interval.Down(1 / na)
	mOf := memoM(obj, w0, scale)
	// f(r) = (1/NA - Delta - M(r) r) r - ||G||, rounded down.
	f := func(r float64) float64 {
		c := interval.Up(delta + interval.Up(mOf(r)*r))
		return interval.Down(interval.Down(interval.Down(rc.Mu-c)*r) - rc.GradNorm)
	}
	// upper(r) >= f(r) for every M >= 0: (1/NA - Delta) r - ||G||, rounded
	// up. The grid search skips M(r), the expensive part, where upper(r)
	// cannot beat the best margin found.
	upper := func(r float64) float64 {
		return interval.Up(interval.Up(interval.Up(rc.Mu-delta)*r) - rc.GradNorm)
	}
	rc.R, rc.Margin = bestRadius(f, upper)
	rc.M = mOf(rc.R)
	rc.Certified = rc.Margin >= 0
	if rc.Certified {
		rc.RExist = existenceRadius(rc.Mu, delta, rc.M, rc.GradNorm, rc.R)
	}
	rc.RUnique = bisectLargest(func(r float64) bool { return interval.Up(delta+interval.Up(mOf(r)*r)) < rc.Mu }, rc.R)
	lam := gershgorinUp(a, d)
	if lam < rc.Mu { // no eigenvalue of A in (-1/NA, 1/NA): all are <= -1/NA
		lam = -rc.Mu
	}
	pert := interval.Up(delta + interval.Up(mOf(rc.RExist)*rc.RExist))
	rc.LambdaMax = interval.Up(lam + pert)
	rc.LambdaMaxLow = interval.Down(rayleighLow(a, d) - pert)
	if !rc.Certified {
		c := interval.Up(delta + interval.Up(rc.M*rc.R))
		if c >= rc.Mu {
			rc.Failed = fmt.Sprintf("Delta + M r = %.3g >= 1/NA = %.3g at every radius tried: the Hessian varies too fast for the IFT", c, rc.Mu)
		} else {
			rc.Failed = fmt.Sprintf("||grad L(x0)|| = %.4g > (1/NA - Delta - M r) r = %.4g at the best radius r = %.3g (short by a factor %.3g)",
				rc.GradNorm, rc.GradNorm+rc.Margin, rc.R, rc.GradNorm/math.Max(rc.GradNorm+rc.Margin, 1e-300))
		}
	}
	return rc
}

// memoM caches M(r) for one centre and scale: the radius searches evaluate
// the same radii more than once.
func memoM(obj Objective, w0, scale []float64) func(r float64) float64 {
	cache := map[float64]float64{}
	return func(r float64) float64 {
		if m, ok := cache[r]; ok {
			return m
		}
		m, err := obj.ThirdDerivativeBound(w0, r, scale)
		if err != nil {
			m = math.Inf(1)
		}
		cache[r] = m
		return m
	}
}

// Radius search. The radii tried are rMax 2^-k, k = 0..radiusSteps, a
// geometric grid from 4 down to about 1e-6 (in the scaled coordinates),
// then golden-section refinement (goldenSteps) around the best grid point;
// the existence and uniqueness radii are refined by bisectSteps bisections
// (a factor 2^(1/2^8) ~ 1.003 of resolution).
const (
	rMax        = 4.0
	radiusSteps = 22
	goldenSteps = 8
	bisectSteps = 8
)

func radiusGrid(k int) float64 { return rMax * math.Pow(2, -float64(k)) }

// bestRadius maximises f over the grid and refines by golden section.
// upper bounds f from above; a grid radius where upper is not above the
// best value so far is skipped (f could not beat it, and ties keep the
// earlier radius), so the result is the one of the full search.
func bestRadius(f, upper func(float64) float64) (r, fr float64) {
	bestK, best := 0, math.Inf(-1)
	for k := 0; k <= radiusSteps; k++ {
		if k > 0 && !(upper(radiusGrid(k)) > best) {
			continue
		}
		if v := f(radiusGrid(k)); v > best {
			bestK, best = k, v
		}
	}
	lo, hi := math.Log(radiusGrid(min(bestK+1, radiusSteps))), math.Log(radiusGrid(max(bestK-1, 0)))
	r, fr = radiusGrid(bestK), best
	const phi = 0.6180339887498949
	x1, x2 := hi-phi*(hi-lo), lo+phi*(hi-lo)
	f1, f2 := f(math.Exp(x1)), f(math.Exp(x2))
	for range goldenSteps {
		if f1 > f2 {
			hi, x2, f2 = x2, x1, f1
			x1 = hi - phi*(hi-lo)
			f1 = f(math.Exp(x1))
		} else {
			lo, x1, f1 = x1, x2, f2
			x2 = lo + phi*(hi-lo)
			f2 = f(math.Exp(x2))
		}
	}
	for _, c := range []struct{ x, v float64 }{{x1, f1}, {x2, f2}} {
		if c.v > fr {
			r, fr = math.Exp(c.x), c.v
		}
	}
	return r, fr
}

// existenceRadius returns a radius r <= R at which the IFT certifies the
// zero, from the one bound M = M(R): M(r) <= M(R) for r <= R (a smaller
// ball has smaller ranges), so (mu - delta - M r) r >= g holds at the
// smaller root of M r^2 - (mu - delta) r + g = 0, computed outward and
// checked. It returns R when the root is not smaller.
func existenceRadius(mu, delta, m, g, R float64) float64 {
	b := interval.Down(mu - delta)
	disc := interval.Down(interval.Down(b*b) - interval.Up(4*interval.Up(m*g)))
	if !(disc >= 0) || m == 0 {
		return R
	}
	// (b - sqrt(disc)) / (2m) = 2g / (b + sqrt(disc)): no cancellation.
	r := interval.Up(interval.Up(2*g) / interval.Down(b+interval.SqrtDown(disc)))
	r = interval.Up(r * (1 + 1e-12))
	if r > R || interval.Down(interval.Down(interval.Down(b-interval.Up(m*r))*r)-g) < 0 {
		return R
	}
	return r
}

// bisectLargest returns (from below) the largest radius with ok, starting
// from r0 (0 if ok fails there).
func bisectLargest(ok func(float64) bool, r0 float64) float64 {
	if !ok(r0) {
		return 0
	}
	lo := r0
	for lo < rMax && ok(lo*4) {
		lo *= 4
	}
	hi := lo * 4
	for range bisectSteps {
		mid := math.Sqrt(lo * hi)
		if ok(mid) {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo
}

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
	var es mat.EigenSym
	if !es.Factorize(mat.NewSymDense(d, append([]float64(nil), a...)), true) {
		return math.Inf(-1)
	}
	var vecs mat.Dense
	es.VectorsTo(&vecs)
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

// DiagScale returns the scale S with S_jj the power of 2 nearest to
// sqrt(|H_jj|): in y = S w the Hessian has a diagonal of about -1, which
// balances the (a, b) directions (curvature ~ n |l~”|) against e3..ed
// (curvature ~ -2 alpha n) so that one radius fits both.
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
