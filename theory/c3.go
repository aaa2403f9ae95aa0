package theory

import (
	"fmt"
	"math"
	"sync"

	"github.com/nlssl/nlssl/sim"
	"gonum.org/v1/gonum/mat"
)

// FidelityCertificate is everything C3 proves about one fidelity of the
// true objective (expected on the session's dataset, or population).
type FidelityCertificate struct {
	Fidelity sim.Fidelity
	Center   []float64 // W~*, the simplified objective's maximum
	// Zero is the Newton zero of the true gradient from W~* (float64).
	Zero        []float64
	NewtonSteps int
	NewtonGrad  float64 // ||grad L(Zero)||
	// Paper is the paper-style transfer: the IFT at W~* in the Euclidean
	// norm (THEORY C3, NUMERICS fact 1 with N_A = 1/mu).
	Paper [2]RowCertificate
	// Weighted is the IFT at W~* in the scaled norm y = S w.
	Weighted [2]RowCertificate
	// Assisted is the computer-assisted certificate: the IFT at the Newton
	// zero, scaled; Kantorovich is fact 2 at the same point.
	Assisted    [2]RowCertificate
	Kantorovich [2]KantorovichCertificate
	// DistScaled is ||S (W~* - Zero)|| per row, S the Assisted scale: W~*
	// lies in the certified uniqueness ball when it is below RUnique.
	DistScaled [2]float64
	// HessEigen are the eigenvalues of the float64 Hessian at Zero, ascending.
	HessEigen []float64
	Err       error
}

// Certified reports whether the computer-assisted certificate proves, for
// both rows, exactly one zero of grad L near Zero, and that it is a strict
// local maximum.
func (f *FidelityCertificate) Certified() bool {
	if f == nil || f.Err != nil {
		return false
	}
	for k := range 2 {
		if !f.Assisted[k].Certified || !(f.Assisted[k].LambdaMax < 0) {
			return false
		}
	}
	return true
}

// Transfers reports whether W~* lies, for both rows, in the certified
// uniqueness ball of W*: W* is then the one critical point near W~*.
func (f *FidelityCertificate) Transfers() bool {
	if !f.Certified() {
		return false
	}
	for k := range 2 {
		if !(f.DistScaled[k] < f.Assisted[k].RUnique) {
			return false
		}
	}
	return true
}

// PaperCertified reports whether the paper-style transfer certifies both rows.
func (f *FidelityCertificate) PaperCertified() bool {
	return f != nil && f.Paper[0].Certified && f.Paper[1].Certified
}

// WeightedCertified reports whether the scaled IFT at W~* certifies both rows.
func (f *FidelityCertificate) WeightedCertified() bool {
	return f != nil && f.Weighted[0].Certified && f.Weighted[1].Certified
}

// Certificate returns the C3 certificate of one fidelity (Expected or
// Population), computed once per session.
func (s *Session) Certificate(fid sim.Fidelity) *FidelityCertificate {
	i := 0
	if fid == sim.Population {
		i = 1
	}
	s.certOnce[i].Do(func() { s.cert[i] = s.certify(fid) })
	return s.cert[i]
}

func (s *Session) certify(fid sim.Fidelity) *FidelityCertificate {
	fc := &FidelityCertificate{Fidelity: fid}
	simp, err := s.Simplified()
	if err != nil {
		fc.Err = err
		return fc
	}
	var obj sim.VerifiedObjective
	if fid == sim.Population {
		obj, err = s.population()
	} else {
		obj, err = s.expected()
	}
	if err != nil {
		fc.Err = err
		return fc
	}
	d := s.p.D
	fc.Center = simp.W
	fc.Zero, fc.NewtonSteps, fc.NewtonGrad = newtonZero(obj, simp.W)
	hc := mat.NewSymDense(2*d, nil)
	obj.Hess(hc, simp.W)
	hz := mat.NewSymDense(2*d, nil)
	obj.Hess(hz, fc.Zero)
	var es mat.EigenSym
	if es.Factorize(hz, false) {
		fc.HessEigen = es.Values(nil)
	}
	var wg sync.WaitGroup
	for k := range 2 {
		c0, z0 := simp.W[k*d:(k+1)*d], fc.Zero[k*d:(k+1)*d]
		sc, sz := diagScale(rowBlock(hc, k, d), d), diagScale(rowBlock(hz, k, d), d)
		wg.Go(func() { fc.Paper[k] = CertifyRow(obj, c0, nil) })
		wg.Go(func() { fc.Weighted[k] = CertifyRow(obj, c0, sc) })
		wg.Go(func() { fc.Assisted[k] = CertifyRow(obj, z0, sz) })
		wg.Go(func() { fc.Kantorovich[k] = KantorovichRow(obj, z0, sz) })
		var dist float64
		for j := range d {
			v := (c0[j] - z0[j]) * sz[j]
			dist += v * v
		}
		fc.DistScaled[k] = math.Sqrt(dist) * (1 + 1e-12)
	}
	wg.Wait()
	return fc
}

// rowBlock returns row k's d x d block of a block-diagonal Hessian.
func rowBlock(h *mat.SymDense, k, d int) []float64 {
	out := make([]float64, d*d)
	for a := range d {
		for b := range d {
			out[a*d+b] = h.At(k*d+a, k*d+b)
		}
	}
	return out
}

// newtonZero looks for the local maximum of obj near x0 by a safeguarded
// Newton method: the Newton step when -Hess is positive definite (its
// Cholesky factorisation succeeds), the gradient step scaled by 1/||Hess||_F
// otherwise, each halved until L does not decrease, so it climbs into the
// maximum whose basin x0 is in instead of jumping to a saddle. It stops when
// the step is below 1e-14 relative or after 100 iterations, and returns the
// point, the iterations and the final gradient norm.
func newtonZero(obj sim.HessianObjective, x0 []float64) ([]float64, int, float64) {
	n := len(x0)
	x := append([]float64(nil), x0...)
	g := make([]float64, n)
	step := make([]float64, n)
	trial := make([]float64, n)
	h := mat.NewSymDense(n, nil)
	neg := mat.NewSymDense(n, nil)
	var chol mat.Cholesky
	it := 0
	for ; it < 100; it++ {
		l := obj.FuncGrad(g, x)
		obj.Hess(h, x)
		neg.ScaleSym(-1, h)
		if chol.Factorize(neg) {
			var sv mat.VecDense
			if err := chol.SolveVecTo(&sv, mat.NewVecDense(n, g)); err != nil {
				break
			}
			for j := range step {
				step[j] = sv.AtVec(j) // -H step = g: the Newton step for a maximum
			}
		} else {
			f := mat.Norm(h, 2) // Frobenius: >= the spectral norm
			for j := range step {
				step[j] = g[j] / math.Max(f, 1e-12)
			}
		}
		t := 1.0
		for ; t > 1e-12; t /= 2 {
			for j := range x {
				trial[j] = x[j] + t*step[j]
			}
			if obj.Func(trial) >= l {
				break
			}
		}
		if t <= 1e-12 {
			break
		}
		copy(x, trial)
		if t*math.Sqrt(sumSq(step)) <= 1e-14*(1+math.Sqrt(sumSq(x))) {
			it++
			break
		}
	}
	obj.Grad(g, x)
	return x, it, math.Sqrt(sumSq(g))
}

// C3 checks claim C3 (THEORY section 8): at the simplified objective's
// maximum W~* the Hessian of L~ is invertible (mu reported), and the
// maximum transfers to the true objective: a unique critical point W* of L
// near W~*, a strict local maximum, proved for the expected objective on
// the dataset and for the population objective.
//
// Hypotheses: tau > 0 and W~* is a strict local maximum of L~ (mu > 0).
// Holds: for both fidelities the computer-assisted certificate proves a
// unique zero of grad L, a strict local maximum, in a ball that contains
// W~*. Undecided: a certificate inequality fails (which, and by how much,
// is in the reason and the evidence), or the Newton ascent from W~* finds
// no zero. Fails: a zero near W~* is certified and certified not to be a
// maximum (a Rayleigh quotient proves a positive eigenvalue).
// The paper-style transfer (Euclidean IFT from W~*) is reported as evidence
// whatever its outcome: whether it certifies is a finding, not a hypothesis.
func (s *Session) C3() Verdict {
	v := Verdict{Claim: "C3", Title: "the maximum of L~ transfers to a unique strict local maximum of L (quantitative IFT)"}
	simp, err := s.Simplified()
	if err != nil {
		v.outside("no maximum of L~ from the near region: %v", err)
		return v
	}
	v.add("a~*", simp.A[0], "w1^(1) at the maximum of L~")
	v.add("b~*", simp.B[0], "w1^(2) at the maximum of L~")
	v.add("mu~", simp.Mu, "smallest singular value of the Hessian of L~ on (a, b) at W~*")
	if !simp.IsMax || !(simp.Mu > 0) {
		v.outside("W~* is not a strict local maximum of L~ (largest eigenvalue %.3g)", math.Max(simp.Eigen[0][1], simp.Eigen[1][1]))
		if !s.p.CheckOutside {
			return v
		}
	}
	fcs := [2]*FidelityCertificate{s.Certificate(sim.Expected), s.Certificate(sim.Population)}
	var notes []string
	holds, failed := true, false
	for _, fc := range fcs {
		pre := "exp."
		name := "expected"
		if fc.Fidelity == sim.Population {
			pre, name = "pop.", "population"
		}
		if fc.Err != nil { // nothing computed, so nothing refuted
			holds = false
			notes = append(notes, fmt.Sprintf("%s: no certificate could be computed: %v", name, fc.Err))
			continue
		}
		addRowEvidence(&v, pre+"paper.", fc.Paper, "Euclidean IFT at W~*")
		addRowEvidence(&v, pre+"weighted.", fc.Weighted, "scaled IFT at W~*")
		addRowEvidence(&v, pre+"assisted.", fc.Assisted, "scaled IFT at the Newton zero")
		v.add(pre+"kantorovich.h", math.Max(fc.Kantorovich[0].H, fc.Kantorovich[1].H), "Newton-Kantorovich h = beta M eta at the Newton zero (<= 1/2 certifies)")
		v.add(pre+"kantorovich.t_unique", math.Min(fc.Kantorovich[0].TUnique, fc.Kantorovich[1].TUnique), "Kantorovich uniqueness radius (scaled)")
		v.add(pre+"dist_W~*_W*", math.Max(fc.DistScaled[0], fc.DistScaled[1]), "||S (W~* - W*)||, scaled distance from W~* to the certified zero")
		v.add(pre+"newton_grad", fc.NewtonGrad, "||grad L|| at the Newton zero (float64)")
		if len(fc.HessEigen) > 0 {
			v.add(pre+"hess_max_eig", fc.HessEigen[len(fc.HessEigen)-1], "largest eigenvalue of the Hessian at W* (float64)")
			v.add(pre+"hess_min_abs_eig", minAbs(fc.HessEigen), "smallest |eigenvalue| of the Hessian at W*: mu of the true objective (float64)")
		}
		paper := "paper-style transfer certified"
		if !fc.PaperCertified() {
			paper = "paper-style transfer NOT certified: " + worstFailure(fc.Paper)
		}
		saddle := false
		for k := range 2 {
			saddle = saddle || (fc.Assisted[k].Certified && fc.Assisted[k].LambdaMaxLow > 0)
		}
		switch {
		case saddle:
			failed = true
			notes = append(notes, fmt.Sprintf("%s: the critical point near W~* is certified NOT to be a maximum (largest eigenvalue >= %.3g)", name, math.Max(fc.Assisted[0].LambdaMaxLow, fc.Assisted[1].LambdaMaxLow)))
		case fc.NewtonGrad > 1e-6*float64(s.p.N):
			holds = false
			notes = append(notes, fmt.Sprintf("%s: the safeguarded Newton ascent from W~* stalls at ||grad L|| = %.3g: no zero found to certify", name, fc.NewtonGrad))
		case !fc.Certified():
			holds = false
			notes = append(notes, fmt.Sprintf("%s: W* not certified (%s); %s", name, worstFailure(fc.Assisted), paper))
		case !fc.Transfers():
			holds = false
			notes = append(notes, fmt.Sprintf("%s: W* certified but W~* is outside its uniqueness ball (%.3g > %.3g); %s", name, math.Max(fc.DistScaled[0], fc.DistScaled[1]), math.Min(fc.Assisted[0].RUnique, fc.Assisted[1].RUnique), paper))
		default:
			notes = append(notes, fmt.Sprintf("%s: W* certified, unique within %.3g of W~* (scaled); %s", name, math.Min(fc.Assisted[0].RUnique, fc.Assisted[1].RUnique), paper))
		}
	}
	reason := joinNotes(notes)
	switch {
	case failed:
		v.decide(false, "", reason)
	case holds:
		v.decide(true, reason, "")
		v.Certified = !v.out
	default:
		v.undecided(reason)
	}
	return v
}

func addRowEvidence(v *Verdict, pre string, rc [2]RowCertificate, what string) {
	worst := 0
	if rc[1].Margin < rc[0].Margin {
		worst = 1
	}
	r := rc[worst]
	v.add(pre+"certified", b2f(rc[0].Certified && rc[1].Certified), what+": 1 if both rows are certified")
	v.add(pre+"mu", r.Mu, "certified lower bound of the smallest singular value of the (scaled) Hessian, 1/N_A")
	v.add(pre+"M", r.M, "certified Lipschitz bound of the (scaled) Hessian on the ball")
	v.add(pre+"r", r.R, "radius of the ball (best margin)")
	v.add(pre+"grad", r.GradNorm, "certified upper bound of ||grad L|| at the centre (scaled)")
	v.add(pre+"margin", r.Margin, "(mu - Delta - M r) r - ||grad L||: >= 0 certifies (worse row)")
	v.add(pre+"r_unique", math.Min(rc[0].RUnique, rc[1].RUnique), "radius on which grad L is injective")
	v.add(pre+"lambda_max", math.Max(rc[0].LambdaMax, rc[1].LambdaMax), "upper bound of the largest eigenvalue of the scaled Hessian at the zero (< 0: strict local maximum)")
}

func worstFailure(rc [2]RowCertificate) string {
	for _, r := range rc {
		if r.Failed != "" {
			return r.Failed
		}
	}
	if !(rc[0].LambdaMax < 0 && rc[1].LambdaMax < 0) {
		return "the largest eigenvalue at the zero is not proved negative"
	}
	return "certified"
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func minAbs(v []float64) float64 {
	m := math.Inf(1)
	for _, x := range v {
		m = math.Min(m, math.Abs(x))
	}
	return m
}

func lastOr(v []float64) float64 {
	if len(v) == 0 {
		return math.NaN()
	}
	return v[len(v)-1]
}

func joinNotes(notes []string) string {
	out := ""
	for i, n := range notes {
		if i > 0 {
			out += "; "
		}
		out += n
	}
	return out
}
