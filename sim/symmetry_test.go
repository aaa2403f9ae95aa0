package sim

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
	"pgregory.net/rapid"
)

// reflectE1 returns a copy of the row-major matrix x (rows of length d)
// with coordinate 1 (e1) negated in every row.
func reflectE1(x []float64, d int) []float64 {
	y := append([]float64(nil), x...)
	for i := 0; i < len(y); i += d {
		y[i] = -y[i]
	}
	return y
}

// TestMirrorSymmetry (THEORY section 8): reflecting e1 maps a row in one
// basin to the mirror basin. For the expected objective, reflecting both the
// data and W leaves the value unchanged and reflects the gradient; the
// population and simplified objectives are invariant under reflecting W
// alone (the clusters come in +-e1 pairs).
func TestMirrorSymmetry(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := drawProblem(t, 8, 30)
		d := p.d
		rw := reflectE1(p.w, d)
		check := func(name string, a, b Objective, xa, xb []float64) {
			ga, gb := make([]float64, 2*d), make([]float64, 2*d)
			va, vb := a.FuncGrad(ga, xa), b.FuncGrad(gb, xb)
			requireRelErr(t, name+" value", relErr([]float64{vb}, []float64{va}), tolRound, p)
			requireRelErr(t, name+" gradient", relErr(gb, reflectE1(ga, d)), tolRound, p)
		}
		rdata := *p.data
		rdata.X = reflectE1(p.data.X, d)
		exp, _ := NewExpectedObjective(p.data, p.rho, p.alpha, 0)
		rexp, _ := NewExpectedObjective(&rdata, p.rho, p.alpha, 0)
		check("expected", exp, rexp, p.w, rw)
		if p.noise == Isotropic { // shared-scalar noise lies along 1, which the reflection moves
			pop, _ := NewPopulationObjective(Distribution{D: d, Tau: p.tau, Rho: p.rho}, p.n, p.alpha, 0)
			check("population", pop, pop, p.w, rw)
		}
		simp, _ := NewSimplifiedObjective(d, p.tau, p.alpha)
		check("simplified", simp, simp, p.w, rw)
	})
}

// randomRotation returns a random orthogonal d x d matrix acting on
// coordinates 3..d only (identity on e1, e2), from the QR factorisation of a
// Gaussian matrix.
func randomRotation(t *rapid.T, d int) *mat.Dense {
	q := mat.NewDense(d, d, nil)
	q.Set(0, 0, 1)
	q.Set(1, 1, 1)
	if d == 2 {
		return q
	}
	m := d - 2
	g := mat.NewDense(m, m, rapid.SliceOfN(rapid.Float64Range(-1, 1), m*m, m*m).Draw(t, "gauss"))
	var qr mat.QR
	qr.Factorize(g)
	var qm mat.Dense
	qr.QTo(&qm)
	q.Slice(2, d, 2, d).(*mat.Dense).Copy(&qm)
	return q
}

// rotateRows returns W Q: each row, as a row vector, times Q.
func rotateRows(w []float64, q *mat.Dense, d int) []float64 {
	wm := mat.NewDense(2, d, append([]float64(nil), w...))
	var out mat.Dense
	out.Mul(wm, q)
	return append([]float64(nil), out.RawMatrix().Data...)
}

// TestPopulationRotationInvariance (THEORY section 8): with isotropic noise
// the population objective depends on W only through a, b and ||w||, so
// L(W Q) = L(W) and grad L(W Q) = grad L(W) Q for every rotation Q of
// coordinates 3..d.
func TestPopulationRotationInvariance(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := drawProblem(t, 8, 30)
		q := randomRotation(t, p.d)
		pop, _ := NewPopulationObjective(Distribution{D: p.d, Tau: p.tau, Rho: p.rho}, p.n, p.alpha, 0)
		g, gq := make([]float64, 2*p.d), make([]float64, 2*p.d)
		v := pop.FuncGrad(g, p.w)
		vq := pop.FuncGrad(gq, rotateRows(p.w, q, p.d))
		requireRelErr(t, "rotated population value", relErr([]float64{vq}, []float64{v}), tolRound, p)
		requireRelErr(t, "rotated population gradient", relErr(gq, rotateRows(g, q, p.d)), tolRound, p)
	})
}

// TestRotationInvarianceCanFail: the same check on shared-scalar noise,
// which lies along the all-ones direction that rotations move, must see a
// difference: the invariance test is not vacuous.
func TestRotationInvarianceCanFail(t *testing.T) {
	d := 4
	dist := Distribution{D: d, Tau: 7, Rho: 0.3, Noise: SharedScalar}
	pop, _ := NewPopulationObjective(dist, 100, 1.0/800, 0)
	w := []float64{3, 1, 1, 0.5, -3, 1, 0.5, 1}
	q := mat.NewDense(d, d, []float64{1, 0, 0, 0, 0, 1, 0, 0, 0, 0, -1, 0, 0, 0, 0, 1}) // flip e3
	v, vq := pop.Func(w), pop.Func(rotateRows(w, q, d))
	if diff := math.Abs(v-vq) / math.Max(1, math.Abs(v)); diff <= tolRound {
		t.Fatalf("shared-scalar population objective unchanged by a rotation (relative change %.3g): the invariance check could not fail", diff)
	}
}
