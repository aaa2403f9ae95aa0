package theory

import (
	"fmt"
	"math"

	"github.com/nlssl/nlssl/sim"
)

// bifurcationFloor is how far from 0 the simplified optimum's feature
// weights must be for C4's hypothesis "L~ predicts both features": past the
// pitchfork in alpha (about 0.025 at tau = 7) a~* collapses to 0.
const bifurcationFloor = 0.05

// featureCheck reports the C4 conclusion at W: the sign pattern and both
// projections >= 1 - eps.
func featureCheck(v *Verdict, pre string, w []float64, d int, eps float64) (bool, string) {
	f := sim.MeasureFeatures(w, d)
	v.add(pre+"proj_e1", f.ProjE1, "||P e1||, P the projection onto the row space of W")
	v.add(pre+"proj_e2", f.ProjE2, "||P e2||")
	v.add(pre+"sign_margin", signMargin(w, d), "min(w1^(1), -w2^(1), w1^(2), w2^(2))")
	switch {
	case !(signMargin(w, d) > 0):
		return false, fmt.Sprintf("%ssign pattern lost (margin %.3g)", pre, signMargin(w, d))
	case !(f.ProjE1 >= 1-eps) || !(f.ProjE2 >= 1-eps):
		return false, fmt.Sprintf("%s||P e1|| = %.4f, ||P e2|| = %.4f, below 1 - %g", pre, f.ProjE1, f.ProjE2, eps)
	}
	return true, ""
}

// C4 checks claim C4 (THEORY section 8): at W* the SSL rows capture both
// features: w1^(1) > 0 > w2^(1), w1^(2), w2^(2) > 0, ||P e1|| and ||P e2||
// >= 1 - EpsOpt; and so does the end of the reference stochastic run, with
// the looser EpsTrained (its weights on e3..ed have not decayed yet).
//
// Hypotheses: C3's W* is certified for the expected objective, W0 is in
// the sign region, and the simplified optimum has |a~*|, b~* >=
// bifurcationFloor (the parameter point is below the pitchfork where L~
// itself loses e1). Certified when the margins exceed the certificate's
// existence radius (W* is known to ~1e-13).
func (s *Session) C4() Verdict {
	v := Verdict{Claim: "C4", Title: "SSL captures both features e1 and e2"}
	d := s.p.D
	simp, err := s.Simplified()
	if err != nil {
		v.outside("no maximum of L~: %v", err)
		return v
	}
	v.add("a~*", simp.A[0], "w1^(1) at the maximum of L~")
	v.add("b~*", simp.B[0], "w1^(2) at the maximum of L~")
	if math.Abs(simp.A[0]) < bifurcationFloor || simp.B[0] < bifurcationFloor {
		v.outside("past the bifurcation of L~: a~* = %.3g, b~* = %.3g (L~ itself does not capture both features)", simp.A[0], simp.B[0])
		return v
	}
	w0, err := s.W0()
	if err != nil || !InSignRegion(w0, d) {
		v.outside("W0 is not in the sign region")
		return v
	}
	fc := s.Certificate(sim.Expected)
	if !fc.Certified() {
		v.outside("C3 did not certify W* for the expected objective")
		return v
	}
	okOpt, why := featureCheck(&v, "W*.", fc.Zero, d, s.p.Tol.EpsOpt)
	okTrained, why2 := true, ""
	if ssl, err := s.SSLRun(); err != nil {
		okTrained, why2 = false, "reference run: "+err.Error()
	} else {
		okTrained, why2 = featureCheck(&v, "trained.", ssl.Final.W, d, s.p.Tol.EpsTrained)
	}
	v.add("eps_opt", s.p.Tol.EpsOpt, "allowed 1 - ||P e_j|| at W*")
	v.add("eps_trained", s.p.Tol.EpsTrained, "allowed 1 - ||P e_j|| after the reference steps")
	v.decide(okOpt && okTrained,
		fmt.Sprintf("W*: ||P e1|| = %.4f, ||P e2|| = %.4f; after %d stochastic steps: %.4f, %.4f",
			mustGet(v, "W*.proj_e1"), mustGet(v, "W*.proj_e2"), s.p.SSLSteps, mustGet(v, "trained.proj_e1"), mustGet(v, "trained.proj_e2")),
		joinNotes(nonEmpty(why, why2)))
	v.Certified = v.Outcome == Holds && fc.Assisted[0].RExist < 1e-6 && fc.Assisted[1].RExist < 1e-6
	return v
}

func nonEmpty(s ...string) []string {
	var out []string
	for _, x := range s {
		if x != "" {
			out = append(out, x)
		}
	}
	return out
}

// slLimit is SL descent in the reference order run to its limit.
type slLimit struct {
	res *sim.Result
	err error
}

// SLLimit returns SL descent from the SL initialisation run until
// ||grad|| <= SLGradTol or MaxSLSteps (computed once).
func (s *Session) SLLimit() (*sim.Result, error) {
	s.slOnce.Do(func() {
		l := &slLimit{}
		s.sl = l
		ds, err := s.Data()
		if err != nil {
			l.err = err
			return
		}
		init, err := sim.Initialise(sim.InitSL, s.p.D, s.p.Tau, s.p.Seed)
		if err != nil {
			l.err = err
			return
		}
		obj, err := sim.NewSLObjective(ds, s.p.Beta, s.p.Gamma)
		if err != nil {
			l.err = err
			return
		}
		l.res, l.err = sim.Train(sim.NewSLDescent(obj), init.State(), sim.Settings{
			Eta: s.p.Eta, Steps: s.p.Tol.MaxSLSteps, GradTol: s.p.Tol.SLGradTol,
		})
	})
	return s.sl.res, s.sl.err
}

// rankTol is the relative numerical rank at which C5 takes the row space:
// singular directions of W with sigma_i < rankTol sigma_1 move the
// representation sigma(W x) by less than 1% of the main one, and when the
// rows are (anti)parallel the exact row space's second direction is made of
// residual weights at the 1e-3 level whose composition decides ||P e2||.
const rankTol = 1e-2

// effectiveProjections returns ||P e1||, ||P e2|| for P the projection
// onto the right singular directions of W (2 x d) with sigma_i >=
// rankTol sigma_1, and sigma_2/sigma_1.
func effectiveProjections(w []float64, d int) (pe1, pe2, ratio float64) {
	f := sim.MeasureFeatures(w, d)
	w1, w2 := w[:d], w[d:2*d]
	g11, g22, g12 := sumSq(w1), sumSq(w2), dot(w1, w2)
	e := sym2Eigen(g11, g12, g22) // sigma^2, ascending
	if e[1] <= 0 {
		return 0, 0, 0
	}
	ratio = math.Sqrt(math.Max(e[0], 0) / e[1])
	if ratio >= rankTol {
		return f.ProjE1, f.ProjE2, ratio
	}
	// Top left singular vector u of W (eigenvector of the Gram matrix for
	// e[1]), then v1 = W^T u / sigma_1.
	u0, u1 := g12, e[1]-g11
	if math.Abs(u0)+math.Abs(u1) < 1e-300 {
		u0, u1 = 1, 0
		if g22 > g11 {
			u0, u1 = 0, 1
		}
	}
	nu := math.Hypot(u0, u1)
	u0, u1 = u0/nu, u1/nu
	sig := math.Sqrt(e[1])
	return math.Abs(u0*w1[0]+u1*w2[0]) / sig, math.Abs(u0*w1[1]+u1*w2[1]) / sig, ratio
}

func dot(u, v []float64) float64 {
	var s float64
	for i := range u {
		s += u[i] * v[i]
	}
	return s
}

// C5 checks claim C5 (THEORY section 8): at the SL limit the rows capture
// e1 and not e2: ||P e1|| >= 1 - EpsSL, ||P e2|| <= EpsSL2 and
// |w_k^(2)| <= DeltaSL |w_k^(1)|.
//
// Correction (README, Findings): P is the projection onto the row space at
// relative numerical rank rankTol. As stated, with the exact row space, the
// claim fails at the paper's point: SL's rows end antiparallel
// (sigma_2/sigma_1 ~ 1e-4), and the second direction of the exact row space
// is made of residual weights of which e2 is a sizeable share.
//
// Hypotheses: SL descent from the SL initialisation reaches its limit
// (||grad|| <= SLGradTol within MaxSLSteps): otherwise there is no limit to
// check and the verdict is outside the hypotheses.
func (s *Session) C5() Verdict {
	v := Verdict{Claim: "C5", Title: "SL captures only the label feature e1"}
	res, err := s.SLLimit()
	if res == nil || err != nil || res.Status != sim.GradientThreshold {
		msg := "SL descent did not run"
		if res != nil {
			msg = fmt.Sprintf("SL descent did not reach ||grad|| <= %g in %d steps (%v, ||grad|| = %.3g)", s.p.Tol.SLGradTol, res.Steps, res.Status, res.GradNorm)
		}
		if err != nil {
			msg += ": " + err.Error()
		}
		v.outside("%s", msg)
		return v
	}
	d := s.p.D
	f := sim.MeasureFeatures(res.X, d)
	pe1, pe2, ratio := effectiveProjections(res.X[:2*d], d)
	ba := math.Max(math.Abs(f.B[0])/math.Abs(f.A[0]), math.Abs(f.B[1])/math.Abs(f.A[1]))
	v.add("steps", float64(res.Steps), "SL descent steps to the limit")
	v.add("grad_norm", res.GradNorm, "gradient norm at the limit")
	v.add("proj_e1", pe1, fmt.Sprintf("||P e1||, row space at relative rank %g", rankTol))
	v.add("proj_e2", pe2, fmt.Sprintf("||P e2||, row space at relative rank %g", rankTol))
	v.add("proj_e2_exact_row_space", f.ProjE2, "||P e2|| with the exact row space (as stated)")
	v.add("sigma2/sigma1", ratio, "ratio of W's singular values (near 0: rows (anti)parallel)")
	v.add("max_b/a", ba, "max_k |w_k^(2)| / |w_k^(1)|")
	t := s.p.Tol
	ok := pe1 >= 1-t.EpsSL && pe2 <= t.EpsSL2 && ba <= t.DeltaSL
	asStated := f.ProjE1 >= 1-t.EpsSL && f.ProjE2 <= t.EpsSL2 && ba <= t.DeltaSL
	v.add("as_stated_holds", b2f(asStated), "1 if the claim holds with the exact row space")
	if ok && !asStated {
		v.Correction = fmt.Sprintf("as stated the claim fails here: with the exact row space ||P e2|| = %.3g > %g, because the rows are antiparallel (sigma2/sigma1 = %.2g) and the second direction is made of residual weights; the e2 weights themselves are <= %.2g |a|",
			f.ProjE2, t.EpsSL2, ratio, ba)
	}
	v.decide(ok,
		fmt.Sprintf("after %d steps: ||P e1|| = %.4f, ||P e2|| = %.2g, |b|/|a| <= %.2g", res.Steps, pe1, pe2, ba),
		fmt.Sprintf("at the SL limit ||P e1|| = %.4f (>= %g required), ||P e2|| = %.3g (<= %g), |b|/|a| = %.3g (<= %g)", pe1, 1-t.EpsSL, pe2, t.EpsSL2, ba, t.DeltaSL))
	return v
}
