package theory

import (
	"fmt"
	"math"

	"github.com/nlssl/nlssl/sim"
)

// BifurcationFloor is how far from 0 the simplified optimum's feature
// weights must be for C4's hypothesis "L~ predicts both features": past the
// pitchfork in alpha (about 0.025 at tau = 7) a~* collapses to 0.
const BifurcationFloor = 0.05

// CapturesBothFeatures is C4's conclusion at a weight matrix W (2d): the
// sign pattern w1^(1) > 0 > w2^(1), w1^(2), w2^(2) > 0 and
// ||P e1||, ||P e2|| >= 1 - eps. The reason says what fails.
func CapturesBothFeatures(w []float64, d int, eps float64) (bool, string) {
	f := sim.MeasureFeatures(w, d)
	switch {
	case !(signMargin(w, d) > 0):
		return false, fmt.Sprintf("sign pattern lost (margin %.3g)", signMargin(w, d))
	case !(f.ProjE1 >= 1-eps) || !(f.ProjE2 >= 1-eps):
		return false, fmt.Sprintf("||P e1|| = %.4f, ||P e2|| = %.4f, below 1 - %.3g", f.ProjE1, f.ProjE2, eps)
	}
	return true, ""
}

// featureCheck records C4's conclusion at W as evidence with a prefix; it
// returns why it fails (NoMechanism: it holds) and the reason.
func featureCheck(v *Verdict, pre string, w []float64, d int, eps float64) (Mechanism, string) {
	f := sim.MeasureFeatures(w, d)
	v.add(pre+"proj_e1", f.ProjE1, "||P e1||, P the projection onto the row space of W")
	v.add(pre+"proj_e2", f.ProjE2, "||P e2||")
	v.add(pre+"sign_margin", signMargin(w, d), "min(w1^(1), -w2^(1), w1^(2), w2^(2))")
	ok, why := CapturesBothFeatures(w, d, eps)
	switch {
	case ok:
		return NoMechanism, why
	case !(signMargin(w, d) > 0): // CapturesBothFeatures's first test
		return MechMirrorBasin, pre + why
	}
	return MechProjectionLow, pre + why
}

// noiseWeightScale predicts the root-mean-square of a row's weights on
// e3..ed at W*. At a critical point those weights solve
// w_j (2 alpha n - 2 rho^2 sum_i T_i E2_i) = sum_i c_i x_ij, c_i = 2 T_i E1_i,
// and x_ij = rho xi_ij with xi_ij independent N(0,1), so
// E ||w_rest||^2 ~ rho^2 (d - 2) sum_i c_i^2 / (2 alpha n)^2, with
// sum_i c_i^2 ~ (n/4) sum over the four noise-free clusters of
// (2 sigma(m) sigma'(m))^2 at W~* (m = +-a~* + tau z b~*). The rho^2 term of
// the denominator is dropped (it is O(rho^2 n) against 2 alpha n).
func noiseWeightScale(simp *SimplifiedOptimum, p Params) float64 {
	var sum float64
	for _, y := range [2]float64{1, -1} {
		for _, z := range [2]float64{0, 1} {
			m := y*simp.A[0] + p.Tau*z*simp.B[0]
			s, sp, _, _, _ := sim.SigmoidDerivs(m)
			c := 2 * s * sp
			sum += c * c
		}
	}
	n := float64(p.N)
	return p.Rho * math.Sqrt(float64(p.D-2)*n/4*sum) / (2 * p.Alpha * n)
}

// c4Eps returns the stated tolerances of C4 at W* and after the reference
// steps. Write the rows w_k = a_k e1 + b_k e2 + r_k with mirror features
// (a, b) and (-a, b). Then e2 = (w1 + w2)/(2b) - (r1 + r2)/(2b) and
// e1 = (w1 - w2)/(2a) - (r1 - r2)/(2a), so the distances of e2 and e1 from
// the row space are at most |r1 + r2|/(2b) and |r1 - r2|/(2a), and
// 1 - ||P e_j|| <= 1 - ||P e_j||^2 <= their squares. The off-feature
// weights r_k are the noise response (rms nu = noiseWeightScale per row, so
// 3 sqrt(2) nu bounds |r1 +- r2| at three standard deviations) plus, after
// T steps, W0's off-feature weights decayed by e^(-2 alpha n eta T):
//
//	at W*:    max(EpsOpt,     (3 sqrt(2) nu)^2 / (4 min(a~*, b~*)^2))
//	trained:  max(EpsTrained, (|r1(0) +- r2(0)| decay + 3 sqrt(2) nu)^2 / (4 f^2)),
//
// f = b~* for the sum (e2) and |a~*| for the difference (e1).
func c4Eps(simp *SimplifiedOptimum, p Params, w0 []float64) (epsOpt, epsTrained float64) {
	nu := 3 * math.Sqrt2 * noiseWeightScale(simp, p)
	a, b := math.Abs(simp.A[0]), simp.B[0]
	d := p.D
	var sum, diff float64
	for j := 2; j < d; j++ {
		sum += (w0[j] + w0[d+j]) * (w0[j] + w0[d+j])
		diff += (w0[j] - w0[d+j]) * (w0[j] - w0[d+j])
	}
	decay := math.Exp(-2 * p.Alpha * float64(p.N) * p.Eta * float64(p.SSLSteps))
	epsOpt = math.Max(p.Tol.EpsOpt, nu*nu/(4*math.Pow(math.Min(a, b), 2)))
	e2 := math.Pow(math.Sqrt(sum)*decay+nu, 2) / (4 * b * b)
	e1 := math.Pow(math.Sqrt(diff)*decay+nu, 2) / (4 * a * a)
	epsTrained = math.Max(p.Tol.EpsTrained, math.Max(e1, e2))
	return epsOpt, epsTrained
}

// maxEps is the largest tolerance C4 is claimed with: beyond it the noise
// or the unconverged coordinates are as large as the features, and "captures
// both features" says nothing.
const maxEps = 0.5

// C4 checks claim C4 (THEORY section 8): at W* the SSL rows capture both
// features: w1^(1) > 0 > w2^(1), w1^(2), w2^(2) > 0 and ||P e1||, ||P e2||
// >= 1 - eps; and so does the end of the reference stochastic run, with a
// larger eps for its unconverged coordinates (c4Eps states both).
//
// Hypotheses: W0 in the near region; the simplified optimum has |a~*|,
// b~* >= BifurcationFloor (the point is below the pitchfork where L~ itself
// loses e1); both tolerances are <= maxEps; a certified W* with the sign
// pattern (maxHypothesis). Certified when the margins exceed the certificate's
// existence radius (W* is known to ~1e-13).
func (s *Session) C4() Verdict {
	v := claim("C4").verdict()
	d := s.p.D
	if d < c5MinD {
		v.outside(MechOneNoiseCoord, "d = %d < %d: with one noise coordinate and rho = d^-1.5 ~ 0.19 W* lies farther from the features than C4's predicted tolerance allows (README, Finding 9)", d, c5MinD)
		if !s.p.CheckOutside {
			return v
		}
	}
	simp, err := s.Simplified()
	if err != nil {
		v.outside(MechNoMaxOfLTilde, "no maximum of L~: %v", err)
		return v
	}
	v.add("a~*", simp.A[0], "w1^(1) at the maximum of L~")
	v.add("b~*", simp.B[0], "w1^(2) at the maximum of L~")
	w0, err := s.W0()
	if err != nil {
		v.outside(MechNoInitialPoint, "no initial point: %v", err)
		return v
	}
	epsOpt, epsTrained := c4Eps(simp, s.p, w0)
	v.add("eps_opt", epsOpt, "stated tolerance 1 - ||P e_j|| at W* (noise weights, c4Eps)")
	v.add("eps_trained", epsTrained, "stated tolerance after the reference steps (unconverged coordinates, c4Eps)")
	v.add("noise_weight_scale", noiseWeightScale(simp, s.p), "predicted rms of a row's weights on e3..ed at W*")
	fc := s.Certificate(sim.Expected)
	switch {
	case math.Abs(simp.A[0]) < BifurcationFloor || simp.B[0] < BifurcationFloor:
		v.outside(MechPastPitchfork, "past the bifurcation of L~: a~* = %.3g, b~* = %.3g (L~ itself does not capture both features)", simp.A[0], simp.B[0])
	case !InNearRegion(w0, d, s.p.Tau):
		v.outside(MechW0Outside, "W0 is not in the near region")
	case s.p.Tau < NearTauMin:
		s.outsideNearTooFar(&v)
	case epsOpt > maxEps || epsTrained > maxEps:
		v.outside(MechNoiseAsLarge, "the noise or the unconverged coordinates are as large as the features (eps %.3g at W*, %.3g trained > %g)", epsOpt, epsTrained, maxEps)
	case fc.Err != nil || len(fc.Zero) == 0:
		v.outside(MechNoNewtonZero, "no Newton zero of the expected objective: %v", fc.Err)
		return v
	default:
		s.maxHypothesis(&v)
	}
	if v.out && !s.p.CheckOutside {
		return v
	}
	if len(fc.Zero) == 0 {
		return v
	}
	mOpt, why := featureCheck(&v, "W*.", fc.Zero, d, epsOpt)
	mTrained, why2 := NoMechanism, ""
	if ssl, err := s.SSLRun(); err != nil {
		mTrained, why2 = MechProjectionLow, "reference run: "+err.Error()
	} else {
		mTrained, why2 = featureCheck(&v, "trained.", ssl.Final.W, d, epsTrained)
	}
	mechs := []Mechanism{mOpt, mTrained}
	v.decide(mOpt == NoMechanism && mTrained == NoMechanism,
		fmt.Sprintf("W*: ||P e1|| = %.4f, ||P e2|| = %.4f (eps %.3g); after %d stochastic steps: %.4f, %.4f (eps %.3g)",
			mustGet(v, "W*.proj_e1"), mustGet(v, "W*.proj_e2"), epsOpt, s.p.SSLSteps, mustGet(v, "trained.proj_e1"), mustGet(v, "trained.proj_e2"), epsTrained),
		firstOf(mechs, MechMirrorBasin, MechProjectionLow), joinNotes(nonEmpty(why, why2)))
	v.Certified = v.Outcome == Holds && fc.Certified() && fc.Assisted[0].RExist < 1e-6 && fc.Assisted[1].RExist < 1e-6
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
	l := s.sl()
	return l.res, l.err
}

// runSLLimit computes SLLimit's result.
func (s *Session) runSLLimit() *slLimit {
	l := &slLimit{}
	ds, err := s.Data()
	if err != nil {
		l.err = err
		return l
	}
	init, err := sim.Initialise(sim.InitSL, s.p.D, s.p.Tau, s.p.Seed)
	if err != nil {
		l.err = err
		return l
	}
	obj, err := sim.NewSLObjective(ds, s.p.Beta, s.p.Gamma)
	if err != nil {
		l.err = err
		return l
	}
	l.res, l.err = sim.Train(sim.NewSLDescent(obj), init.State(), sim.Settings{
		Eta: s.p.Eta, Steps: s.p.Tol.MaxSLSteps, GradTol: s.p.Tol.SLGradTol,
	})
	return l
}

func dot(u, v []float64) float64 {
	var s float64
	for i := range u {
		s += u[i] * v[i]
	}
	return s
}

// c5MinN is the smallest sample C5 is claimed for: with n = 9 and 16
// points (clusters of 2 to 4 points) the SL limit's e2 weights exceed
// 0.05 |w^(1)| on 23% and 9% of samples, against about 1% from n = 25 on
// (measured over PointGen's ranges, 300 samples each).
const c5MinN = 25

// c5MinD is the smallest dimension C4, C5 and C6 are claimed for (README,
// Finding 9). For C5:
// the wider property generators (n from d^2/2, rho up to 3 d^-1.5, tau
// from 1) found the SL limit at d = 3, n = 25..36 keeping e2 weights above
// 0.05 |w^(1)| at 8 of about 30 points (seeds in
// properties/testdata/counterexamples/C5.json, replayed), where d = 3 has a
// single noise coordinate and the largest noise scale rho = 3^-1.5 ~ 0.19.
// The bound is where the failures were seen, not derived.
const c5MinD = 4

// weightRatio returns max_k |w_k^(2)| / |w_k^(1)|.
func weightRatio(f sim.Features) float64 {
	return math.Max(math.Abs(f.B[0])/math.Abs(f.A[0]), math.Abs(f.B[1])/math.Abs(f.A[1]))
}

// CapturesOnlyLabel is C5's corrected conclusion at a weight matrix W
// (2d): ||P e1|| >= 1 - EpsSL and |w_k^(2)| <= DeltaSL |w_k^(1)| (the
// ||P e2|| part of the claim as stated is reported by C5, see its doc).
func CapturesOnlyLabel(w []float64, d int, t Tolerances) (bool, string) {
	f := sim.MeasureFeatures(w, d)
	ba := weightRatio(f)
	if f.ProjE1 >= 1-t.EpsSL && ba <= t.DeltaSL {
		return true, ""
	}
	return false, fmt.Sprintf("||P e1|| = %.4f (>= %g required), |w^(2)|/|w^(1)| = %.3g (<= %g)", f.ProjE1, 1-t.EpsSL, ba, t.DeltaSL)
}

// C5 checks claim C5 (THEORY section 8): at the SL limit the rows capture
// e1 and not e2: ||P e1|| >= 1 - EpsSL, |w_k^(2)| <= DeltaSL |w_k^(1)|, and
// (as stated) ||P e2|| <= EpsSL2.
//
// Correction (README, Findings): the verdict is on the e1 projection and
// the e2 weights; ||P e2|| is reported, and a Correction says when it alone
// fails. At a finite n the SL limit keeps e2 weights of order 1/sqrt(n)
// fitted to the sample, and its rows end (anti)parallel, so the second
// direction of the row space is made of those residual weights: ||P e2||
// can be large while |w^(2)| <= 0.003 |w^(1)|. It is not an artefact: a
// linear probe reads z along that direction (C6; its signal-to-noise is
// (tau/rho) ||P e2||).
//
// Hypotheses: n >= c5MinN, d >= c5MinD, and SL descent from the SL initialisation
// reaches its limit (||grad|| <= SLGradTol within MaxSLSteps).
//
// The claim is about the sample, and holds with high probability over it,
// not always: the e2 weights the SL limit keeps are fitted to the sample and
// exceed 0.05 |w^(1)| on about 1% of samples at n in [25, 144] (README,
// Findings; properties/testdata/counterexamples/C5.json).
func (s *Session) C5() Verdict {
	v := claim("C5").verdict()
	if s.p.N < c5MinN {
		v.outside(MechSmallSample, "n = %d < %d: the SL fit of so few points keeps e2 weights above 0.05 |w^(1)| on 9-23%% of samples (README, Findings)", s.p.N, c5MinN)
		if !s.p.CheckOutside {
			return v
		}
	} else if s.p.D < c5MinD {
		v.outside(MechOneNoiseCoord, "d = %d < %d: with one noise coordinate and rho = d^-1.5 ~ 0.19 the SL fit keeps e2 weights above 0.05 |w^(1)| on about a quarter of samples (README, Finding 9)", s.p.D, c5MinD)
		if !s.p.CheckOutside {
			return v
		}
	}
	res, err := s.SLLimit()
	if res == nil {
		v.outside(MechSLNotRun, "SL descent did not run: %v", err)
		return v
	}
	if err != nil || res.Status != sim.GradientThreshold {
		v.outside(MechSLUnconverged, "SL descent did not reach ||grad|| <= %g in %d steps (%v, ||grad|| = %.3g)", s.p.Tol.SLGradTol, res.Steps, res.Status, res.GradNorm)
		if !s.p.CheckOutside {
			return v
		}
	}
	d := s.p.D
	f := sim.MeasureFeatures(res.X, d)
	ba := weightRatio(f)
	v.add("steps", float64(res.Steps), "SL descent steps to the limit")
	v.add("grad_norm", res.GradNorm, "gradient norm at the limit")
	v.add("proj_e1", f.ProjE1, "||P e1|| at the SL limit")
	v.add("proj_e2", f.ProjE2, "||P e2|| at the SL limit (as stated; reported, see Correction)")
	v.add("cosine_rows", f.Cosine, "cosine between the rows (-1: antiparallel)")
	v.add("max_b/a", ba, "max_k |w_k^(2)| / |w_k^(1)|")
	t := s.p.Tol
	ok, _ := CapturesOnlyLabel(res.X[:2*d], d, t)
	asStated := ok && f.ProjE2 <= t.EpsSL2
	v.flag("as_stated_holds", asStated, "whether ||P e2|| <= eps-sl2 holds too")
	if ok && !asStated {
		v.Correction = fmt.Sprintf("as stated the claim fails here: ||P e2|| = %.3g > %g, although |w^(2)| <= %.2g |w^(1)|: the rows end antiparallel (cosine %.6f) and the second direction of the row space is made of the residual weights", f.ProjE2, t.EpsSL2, ba, f.Cosine)
	}
	_, why := CapturesOnlyLabel(res.X[:2*d], d, t)
	v.decide(ok,
		fmt.Sprintf("after %d steps: ||P e1|| = %.4f, |w^(2)|/|w^(1)| <= %.2g (||P e2|| = %.3g)", res.Steps, f.ProjE1, ba, f.ProjE2),
		MechSLKeepsE2, "at the SL limit "+why)
	return v
}
