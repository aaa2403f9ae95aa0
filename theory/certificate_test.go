package theory

import (
	"math"
	"testing"

	"github.com/nlssl/nlssl/interval"
	"github.com/nlssl/nlssl/sim"
	"gonum.org/v1/gonum/mat"
	"pgregory.net/rapid"
)

// tilted adds c to the first coordinate of each row's gradient (the
// objective plus c w^(1)): a mutated model whose zero is not where the
// original's is. The certificate must see it.
type tilted struct {
	sim.VerifiedObjective
	c float64
}

func (t tilted) EncloseRow(w []float64) (sim.RowEnclosure, error) {
	e, err := t.VerifiedObjective.EncloseRow(w)
	e.Grad[0] = e.Grad[0].Add(interval.Point(t.c))
	return e, err
}

func paperObjectives(t *testing.T) (Params, *SimplifiedOptimum, *sim.ExpectedObjective, *sim.PopulationObjective) {
	t.Helper()
	p := PaperParams()
	simp, err := SimplifiedMax(p.D, p.Tau, p.Alpha)
	if err != nil {
		t.Fatal(err)
	}
	ds, err := p.Distribution().Sample(p.N, p.Seed)
	if err != nil {
		t.Fatal(err)
	}
	exp, _ := sim.NewExpectedObjective(ds, p.Rho, p.Alpha, 0)
	pop, _ := sim.NewPopulationObjective(p.Distribution(), p.N, p.Alpha, 0)
	return p, simp, exp, pop
}

// TestCertificateAtZeroAndNotElsewhere: the computer-assisted certificate
// certifies the Newton zero of the population objective (both rows), and
// refuses (i) a centre far from any zero (the initial point) and (ii) the
// same zero of a tilted objective, whose gradient there is 0.5 away from 0.
func TestCertificateAtZeroAndNotElsewhere(t *testing.T) {
	p, simp, _, pop := paperObjectives(t)
	d := p.D
	zero, _, gnorm := newtonZero(pop, simp.W)
	if gnorm > 1e-10 {
		t.Fatalf("Newton ends at ||grad|| = %v", gnorm)
	}
	h := mat.NewSymDense(2*d, nil)
	pop.Hess(h, zero)
	for k := range 2 {
		sc := diagScale(rowBlock(h, k, d), d)
		rc := CertifyRow(pop, zero[k*d:(k+1)*d], sc)
		if !rc.Certified || !(rc.LambdaMax < 0) || !(rc.RExist < 1e-10) {
			t.Fatalf("row %d: zero not certified: %+v", k, rc)
		}
		// The eigenvalue bounds bracket the float64 largest eigenvalue of
		// the scaled Hessian at the zero.
		hs := mat.NewSymDense(d, nil)
		for a := range d {
			for b := a; b < d; b++ {
				hs.SetSym(a, b, h.At(k*d+a, k*d+b)/(sc[a]*sc[b]))
			}
		}
		var es mat.EigenSym
		es.Factorize(hs, false)
		ev := es.Values(nil)
		if top := ev[d-1]; !(rc.LambdaMaxLow <= top+1e-9 && top <= rc.LambdaMax+1e-9) {
			t.Fatalf("row %d: largest eigenvalue %v outside the certified [%v, %v]", k, top, rc.LambdaMaxLow, rc.LambdaMax)
		}
		kc := KantorovichRow(pop, zero[k*d:(k+1)*d], sc)
		if !kc.Certified || kc.TStar > 1e-10 {
			t.Fatalf("row %d: Kantorovich not certified at the zero: %+v", k, kc)
		}
		far := make([]float64, d)
		copy(far, zero[k*d:(k+1)*d])
		far[0] += 1 // one unit along e1: the gradient there is of order n
		if rc := CertifyRow(pop, far, sc); rc.Certified {
			t.Fatalf("row %d: certified a zero at a point 1 away from it: %+v", k, rc)
		}
		if rc := CertifyRow(tilted{pop, 0.5}, zero[k*d:(k+1)*d], sc); rc.Certified && rc.RExist < 0.01 {
			t.Fatalf("row %d: the tilted objective's zero certified at the original zero (r = %v)", k, rc.RExist)
		}
	}
}

// TestCertifiedBallContainsAccurateZero: the zero computed with 200
// Gauss-Hermite nodes (an independent, more accurate float64 evaluation)
// lies within the certified existence radius, plus its own float64 error.
func TestCertifiedBallContainsAccurateZero(t *testing.T) {
	p, simp, _, _ := paperObjectives(t)
	d := p.D
	ref, _ := sim.NewPopulationObjective(p.Distribution(), p.N, p.Alpha, sim.MaxQuadNodes)
	pop, _ := sim.NewPopulationObjective(p.Distribution(), p.N, p.Alpha, 0)
	z, _, _ := newtonZero(pop, simp.W)
	zr, _, _ := newtonZero(ref, simp.W)
	h := mat.NewSymDense(2*d, nil)
	pop.Hess(h, z)
	for k := range 2 {
		sc := diagScale(rowBlock(h, k, d), d)
		rc := CertifyRow(pop, z[k*d:(k+1)*d], sc)
		var dist float64
		for j := range d {
			x := (zr[k*d+j] - z[k*d+j]) * sc[j]
			dist += x * x
		}
		if math.Sqrt(dist) > rc.RExist+1e-12 {
			t.Fatalf("row %d: the 200-node zero is %.3g away, the certified radius %.3g", k, math.Sqrt(dist), rc.RExist)
		}
	}
}

// TestSmoothnessBoundDominatesHessian: the smoothness bound over rows of
// norm <= R exceeds the Hessian's spectral norm at points with such rows.
func TestSmoothnessBoundDominatesHessian(t *testing.T) {
	p, simp, exp, _ := paperObjectives(t)
	ds, _ := p.Distribution().Sample(p.N, p.Seed)
	w0, _ := sim.Initialise(sim.InitNear, p.D, p.Tau, p.Seed)
	for _, w := range [][]float64{simp.W, w0.W} {
		var r float64
		for k := range 2 {
			r = math.Max(r, math.Sqrt(sumSq(w[k*p.D:(k+1)*p.D])))
		}
		h := mat.NewSymDense(2*p.D, nil)
		exp.Hess(h, w)
		var es mat.EigenSym
		es.Factorize(h, false)
		ev := es.Values(nil)
		norm := math.Max(math.Abs(ev[0]), math.Abs(ev[len(ev)-1]))
		if lhat := SmoothnessBound(ds, p.Rho, p.Alpha, r); norm > lhat {
			t.Fatalf("||Hess|| = %v > Lhat = %v", norm, lhat)
		}
	}
}

// TestBestRadiusPruningIsExact: skipping grid radii by an upper bound
// gives the radius and margin of the full search, for margins shaped like
// the certificate's (mu r - M(r) r^2 - g with M growing in r).
func TestBestRadiusPruningIsExact(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		mu := rapid.Float64Range(1e-3, 10).Draw(t, "mu")
		g := rapid.Float64Range(0, 5).Draw(t, "g")
		m0 := rapid.Float64Range(0, 100).Draw(t, "m0")
		grow := rapid.Float64Range(0, 3).Draw(t, "grow")
		f := func(r float64) float64 { return (mu-m0*math.Pow(1+r, grow)*r)*r - g }
		upper := func(r float64) float64 { return mu*r - g + 1e-12 }
		none := func(float64) float64 { return math.Inf(1) }
		r1, f1 := bestRadius(f, upper)
		r2, f2 := bestRadius(f, none)
		if r1 != r2 || f1 != f2 {
			t.Fatalf("pruned search: r = %v, margin %v; full search: r = %v, margin %v", r1, f1, r2, f2)
		}
	})
}
