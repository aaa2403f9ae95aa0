package certify

import (
	"fmt"
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
	Objective
	c float64
}

func (t tilted) Row(w []float64) (*Row, error) {
	row, err := t.Objective.Row(w)
	if err != nil {
		return nil, err
	}
	row.Enclosure.Grad[0] = row.Enclosure.Grad[0].Add(interval.Point(t.c))
	return row, nil
}

// paper is the reference experiment's point (THEORY section 7).
type paper struct {
	d, n       int
	tau, rho   float64
	alpha      float64
	seed       uint64
	start      []float64 // the near region's centre, both rows
	data       *sim.Dataset
	expected   *sim.ExpectedObjective
	population *sim.PopulationObjective
}

func (p paper) dist() sim.Distribution {
	return sim.Distribution{D: p.d, Tau: p.tau, Rho: p.rho, Noise: sim.Isotropic}
}

func paperObjectives(t *testing.T) paper {
	t.Helper()
	p := paper{d: 10, n: 100, tau: 7, rho: math.Pow(10, -1.5), alpha: 1.0 / 800, seed: 1}
	p.start = make([]float64, 2*p.d)
	p.start[0], p.start[1] = 3.5, 8.75/p.tau
	p.start[p.d], p.start[p.d+1] = -3.5, 8.75/p.tau
	ds, err := p.dist().Sample(p.n, p.seed)
	if err != nil {
		t.Fatal(err)
	}
	p.data = ds
	p.expected, _ = sim.NewExpectedObjective(ds, p.rho, p.alpha, 0)
	p.population, _ = sim.NewPopulationObjective(p.dist(), p.n, p.alpha, 0)
	return p
}

// TestCertificateAtZeroAndNotElsewhere: the computer-assisted certificate
// certifies the Newton zero of the population objective (both rows), and
// refuses (i) a centre far from any zero (the initial point) and (ii) the
// same zero of a tilted objective, whose gradient there is 0.5 away from 0.
func TestCertificateAtZeroAndNotElsewhere(t *testing.T) {
	p := paperObjectives(t)
	pop := Population{p.population}
	d := p.d
	zero, _, gnorm := NewtonMax(pop, p.start)
	if gnorm > 1e-10 {
		t.Fatalf("Newton ends at ||grad|| = %v", gnorm)
	}
	h := mat.NewSymDense(2*d, nil)
	pop.Hess(h, zero)
	for k := range 2 {
		sc := DiagScale(RowBlock(h, k, d), d)
		rc := IFT(pop, zero[k*d:(k+1)*d], sc)
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
		kc := Kantorovich(pop, zero[k*d:(k+1)*d], sc)
		if !kc.Certified || kc.TStar > 1e-10 {
			t.Fatalf("row %d: Kantorovich not certified at the zero: %+v", k, kc)
		}
		far := make([]float64, d)
		copy(far, zero[k*d:(k+1)*d])
		far[0] += 1 // one unit along e1: the gradient there is of order n
		if rc := IFT(pop, far, sc); rc.Certified {
			t.Fatalf("row %d: certified a zero at a point 1 away from it: %+v", k, rc)
		}
		if rc := IFT(tilted{pop, 0.5}, zero[k*d:(k+1)*d], sc); rc.Certified && rc.RExist < 0.01 {
			t.Fatalf("row %d: the tilted objective's zero certified at the original zero (r = %v)", k, rc.RExist)
		}
	}
}

// TestCertifiedBallContainsAccurateZero: the zero computed with 200
// Gauss-Hermite nodes (an independent, more accurate float64 evaluation)
// lies within the certified existence radius, plus its own float64 error.
func TestCertifiedBallContainsAccurateZero(t *testing.T) {
	p := paperObjectives(t)
	d := p.d
	ref, _ := sim.NewPopulationObjective(p.dist(), p.n, p.alpha, sim.MaxQuadNodes)
	pop := Population{p.population}
	z, _, _ := NewtonMax(pop, p.start)
	zr, _, _ := NewtonMax(ref, p.start)
	h := mat.NewSymDense(2*d, nil)
	pop.Hess(h, z)
	for k := range 2 {
		sc := DiagScale(RowBlock(h, k, d), d)
		rc := IFT(pop, z[k*d:(k+1)*d], sc)
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

// TestHessianChangeWithinIntegral: the radius profile's I(r), the proved
// bound of the Hessian's change over B(c, r), is never below the change
// measured at points of the ball: the ball's edge along the direction the
// sampled search finds the third derivative largest in, and random points,
// on random problems and scales. A profile built from M on smaller balls
// than it claims (a mutant) fails here.
func TestHessianChangeWithinIntegral(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := drawProblem(t, 4, 12, 64)
		d := p.d
		k := rapid.IntRange(0, 1).Draw(t, "row")
		scale := drawScale(t, d)
		for _, obj := range p.objectives() {
			mOf := lipschitz(t, obj, p.w[k*d:(k+1)*d], scale)
			m0 := mOf(0)
			if !(m0 > 0) {
				continue
			}
			r := math.Min(rapid.Float64Range(0.05, 1).Draw(t, "r")/m0, 2)
			prof := newProfile(mOf, r*m0) // reach 3 r
			bound := prof.integral(r)
			h0 := scaledRowHessian(obj, p.w, k, scale)
			for trial := range 4 {
				u := rapid.SliceOfN(rapid.Float64Range(-1, 1), d, d).Draw(t, "u")
				nu := math.Sqrt(sumSq(u))
				if nu == 0 {
					continue
				}
				z := append([]float64(nil), p.w...)
				frac := 1.0
				if trial > 1 {
					frac = rapid.Float64Range(0, 1).Draw(t, "frac")
				}
				for j := range d {
					z[k*d+j] += frac * r * u[j] / nu / scale[j]
				}
				hz := scaledRowHessian(obj, z, k, scale)
				if !finiteSym(hz) || !finiteSym(h0) {
					t.Fatalf("%T: a non-finite Hessian at %v", obj, p)
				}
				diff := mat.NewSymDense(d, nil)
				for a := range d {
					for b := a; b < d; b++ {
						diff.SetSym(a, b, hz.At(a, b)-h0.At(a, b))
					}
				}
				if change := symNorm(diff); change > bound*(1+1e-9)+1e-9 {
					t.Fatalf("%T row %d: ||H(z) - H(c)|| = %.8g at distance %.3g exceeds I(%.3g) = %.8g (scale %v) at %v", obj, k, change, frac*r, r, bound, scale, p)
				}
			}
		}
	})
}

// scaledRowHessian returns S^-1 H_k S^-1 for row k at w (float64).
func scaledRowHessian(obj Objective, w []float64, k int, scale []float64) *mat.SymDense {
	d := len(w) / 2
	h := mat.NewSymDense(2*d, nil)
	obj.Hess(h, w)
	hs := mat.NewSymDense(d, nil)
	for a := range d {
		for b := a; b < d; b++ {
			hs.SetSym(a, b, h.At(k*d+a, k*d+b)/(scale[a]*scale[b]))
		}
	}
	return hs
}

func finiteSym(a *mat.SymDense) bool {
	for _, v := range a.RawSymmetric().Data {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

// symNorm returns the spectral norm of a symmetric matrix.
func symNorm(a mat.Symmetric) float64 {
	v, _, ok := Eigen(a, false)
	if !ok {
		return math.NaN()
	}
	return math.Max(math.Abs(v[0]), math.Abs(v[len(v)-1]))
}

// TestTransferRefusesDistantCentre: the transfer is proved from W~* at the
// paper's point (population) and refused from a centre 0.8 away along e1
// in both rows, where Newton still finds the same W* but no ball around
// the centre that reaches W* is proved to hold one critical point.
func TestTransferRefusesDistantCentre(t *testing.T) {
	p := paperObjectives(t)
	pop := Population{p.population}
	near, _, _ := NewtonMax(Population{p.population}, p.start)
	// W~* of L~ is within 0.01 of the population W* at the paper's point:
	// start from W* itself, then from a displaced centre.
	tr := NewTransfer(pop, near)
	if !tr.Transfers() {
		t.Fatalf("no transfer from W* itself: radii %v, distances %v", tr.TransferRadius, tr.DistScaled)
	}
	far := append([]float64(nil), near...)
	far[0] += 0.8
	far[p.d] -= 0.8
	tf := NewTransfer(pop, far)
	if !tf.Certified() {
		t.Fatalf("W* not certified from the displaced centre: %+v", tf.Assisted)
	}
	if tf.Transfers() {
		t.Fatalf("transfer claimed from a centre %v away: radii %v", tf.DistScaled, tf.TransferRadius)
	}
}

// BenchmarkLipschitzRatio reports, at the paper's point, the certified M
// over the sampled lower estimate for each form and fidelity (the issue's
// sharpness target is <= 1.3): metrics M/Ms-<fidelity>-<form>.
func BenchmarkLipschitzRatio(b *testing.B) {
	p := paperObjectives(&testing.T{})
	for b.Loop() {
		for _, obj := range []Objective{Expected{p.expected}, Population{p.population}} {
			zero, _, _ := NewtonMax(obj, p.start)
			tr := NewTransfer(obj, zero)
			for f, name := range []string{"paper", "weighted", "assisted"} {
				c := [3][2]IFTCertificate{tr.Paper, tr.Weighted, tr.Assisted}[f][0]
				b.ReportMetric(c.M/tr.MSampled[f][0], fmt.Sprintf("M/Ms-%T-%s", obj, name))
			}
		}
	}
}

// TestSmoothnessAlongDominatesHessian: the path smoothness bound of each
// block is never below the float64 Hessian norm at points of the block's
// segments, on short ascents of random problems (random W0, a step that
// may be large, so that blocks of one and of many steps both occur). A
// mutant that shrinks the bound fails here.
func TestSmoothnessAlongDominatesHessian(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := drawProblem(t, 6, 30, 64)
		eta := rapid.Float64Range(1e-4, 0.05).Draw(t, "eta")
		steps := rapid.IntRange(1, 60).Draw(t, "steps")
		res, err := sim.Train(sim.Ascent{Obj: p.expected}, p.w, sim.Settings{Eta: eta, Steps: steps, RecordEvery: 1, MaxAbs: 1e3})
		if res == nil || err != nil || res.Trajectory.Len() < 2 {
			t.Skip("the ascent diverged")
		}
		tr := &res.Trajectory
		ps := SmoothnessAlong(p.expected, tr.State, tr.Len())
		n := 2 * p.d
		h := mat.NewSymDense(n, nil)
		for b, start := range ps.Starts {
			end := tr.Len() - 1
			if b+1 < len(ps.Starts) {
				end = ps.Starts[b+1]
			}
			for i := start; i < end; i++ {
				s := rapid.Float64Range(0, 1).Draw(t, "s")
				x := make([]float64, n)
				for j := range x {
					x[j] = (1-s)*tr.State(i)[j] + s*tr.State(i + 1)[j]
				}
				p.expected.Hess(h, x)
				if norm := symNorm(h); norm > ps.Blocks[b]*(1+1e-9) {
					t.Fatalf("block %d (iterates %d..%d): ||Hess|| = %.8g at segment %d exceeds the bound %.8g at %v", b, start, end, norm, i, ps.Blocks[b], p)
				}
			}
		}
	})
}

// TestHessianChangeAtThePaperPoint: at the paper's point (the expected
// objective at its W*, in the transfer's scale) the Hessian changes fast
// along the (-1, tau) cluster's direction; there the change measured at the
// ball's edge must stay below I(r) at every radius the certificates use.
// The profile's bound is within a few percent of this change (M within
// 1.1x of its sampled value), so an I(r) built from M on smaller balls
// than claimed falls below it.
func TestHessianChangeAtThePaperPoint(t *testing.T) {
	p := paperObjectives(t)
	obj := Expected{p.expected}
	zero, _, _ := NewtonMax(obj, p.start)
	d := p.d
	tr := NewTransfer(obj, zero)
	for k := range 2 {
		sc := tr.Assisted[k].Scale
		mOf := lipschitz(t, obj, zero[k*d:(k+1)*d], sc)
		prof := newProfile(mOf, 0.6*mOf(0)) // reach 1.8
		h0 := scaledRowHessian(obj, zero, k, sc)
		for _, r := range []float64{0.05, 0.1, 0.2, 0.3} {
			bound := prof.integral(r)
			worst := 0.0
			for deg := 0; deg < 180; deg += 3 {
				th := float64(deg) * math.Pi / 180
				z := append([]float64(nil), zero...)
				z[k*d] += r * math.Cos(th) / sc[0]
				z[k*d+1] += r * math.Sin(th) / sc[1]
				for _, sgn := range []float64{1, -1} {
					zz := append([]float64(nil), zero...)
					for j := range 2 {
						zz[k*d+j] += sgn * (z[k*d+j] - zero[k*d+j])
					}
					hz := scaledRowHessian(obj, zz, k, sc)
					diff := mat.NewSymDense(d, nil)
					for a := range d {
						for b := a; b < d; b++ {
							diff.SetSym(a, b, hz.At(a, b)-h0.At(a, b))
						}
					}
					worst = math.Max(worst, symNorm(diff))
				}
			}
			if worst > bound {
				t.Errorf("row %d, r = %v: ||H(z) - H(W*)|| = %.6g exceeds I(r) = %.6g", k, r, worst, bound)
			}
			t.Logf("row %d r %v: change %.4g, I(r) %.4g (ratio %.3f)", k, r, worst, bound, bound/worst)
		}
	}
}
