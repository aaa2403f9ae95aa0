package theory

import (
	"fmt"
	"math"

	"github.com/nlssl/nlssl/sim"
)

// monotoneTol is the rounding allowance of C1's monotonicity check:
// the objective is a sum of about n terms of size <= 1 plus the weight
// decay, computed with relative error ~1e-15 each, so two evaluations of
// equal exact values can differ by ~1e-14 (n + alpha n ||W||^2); 1e-12
// times that scale leaves a factor 100.
const monotoneTol = 1e-12

// C1 checks claim C1 (THEORY section 8): from W0 in the initialisation
// region, gradient ascent on the expected objective with a step size below
// the smoothness bound keeps the sign pattern w1^(1) > 0 > w2^(1),
// w1^(2), w2^(2) > 0 at every step and never decreases L.
//
// Hypotheses: W0 in the near region (tau >= NearTauMin), a certified
// maximum W* with the sign pattern, and eta < 2/Lhat, Lhat the proved
// bound of the Hessian's norm on every segment of the trajectory
// (certify.SmoothnessAlong): the descent lemma then proves that no step
// decreases L. Holds: the sign pattern at every iterate checked, up to the
// first iterate inside the proved tail region around W*
// (certify.Transfer.Tail: an invariant ball with the sign pattern on which
// the ascent contracts and L increases), from which on every step holds by
// that proof; or, when the tail is never reached, at every iterate until
// C2's stopping rule.
func (s *Session) C1() Verdict {
	v := claim("C1").verdict()
	a, stop := s.ascentHypotheses(&v)
	if stop {
		return v
	}
	d := s.p.D
	s.addSmoothnessEvidence(&v, a)
	if s.stepHypothesis(&v, a) {
		return v
	}
	tr := &a.res.Trajectory
	checked := tr.Len()
	if a.tailStep >= 0 {
		checked = a.tailStep + 1
	}
	minMargin, minStep := math.Inf(1), 0
	worstDrop, dropStep := math.Inf(-1), 0
	for i := range checked {
		if m := signMargin(tr.State(i), d); m < minMargin {
			minMargin, minStep = m, tr.Step[i]
		}
		if i > 0 {
			w := tr.State(i)
			scale := float64(s.p.N) + s.p.Alpha*float64(s.p.N)*sumSq(w)
			if drop := (tr.Value[i-1] - tr.Value[i]) / scale; drop > worstDrop {
				worstDrop, dropStep = drop, tr.Step[i]
			}
		}
	}
	v.add("steps", float64(tr.Step[checked-1]), "ascent steps checked one by one")
	v.add("min_sign_margin", minMargin, "smallest sign margin over the steps checked")
	v.add("min_sign_margin_step", float64(minStep), "step where it is attained")
	v.add("max_relative_decrease", worstDrop, "largest decrease of L between steps (float64), relative to n + alpha n ||W||^2 (<= 1e-12: rounding; the descent lemma proves there is none)")
	v.add("max_decrease_step", float64(dropStep), "step where it is attained")
	addTailEvidence(&v, a)
	ok := minMargin > 0 && worstDrop <= monotoneTol && a.err == nil
	fail := fmt.Sprintf("sign margin %.3g at step %d, largest relative decrease %.3g at step %d", minMargin, minStep, worstDrop, dropStep)
	mech := MechLDecreases
	switch {
	case a.err != nil:
		fail, mech = "ascent diverged: "+a.err.Error(), MechAscentDiverges
	case minMargin <= 0:
		mech = MechRowCrosses
	}
	if ok && a.tailStep < 0 && a.res.Status != sim.GradientThreshold {
		// A prefix of the trajectory can refute C1 but not show it.
		v.undecided(MechBudget, fmt.Sprintf("signs kept and L non-decreasing over the %d steps run, but the step budget ran out before convergence or the tail region (||grad L|| = %.3g)", tr.Len()-1, a.res.GradNorm))
		return v
	}
	how := fmt.Sprintf("over %d steps until C2's stopping rule", tr.Step[checked-1])
	if a.tailStep >= 0 {
		how = fmt.Sprintf("over the %d steps checked one by one, then at every later step by the tail proof (ball of radius %.3g around W*, contraction %.4f)", tr.Step[checked-1], math.Min(a.tail.Radius[0], a.tail.Radius[1]), a.tail.Q)
	}
	v.decide(ok,
		fmt.Sprintf("signs kept (margin >= %.3g) and L non-decreasing %s; eta Lhat/2 = %.3g (descent lemma)", minMargin, how, s.p.Eta*a.lhat/2),
		mech, fail)
	return v
}

// addSmoothnessEvidence reports the step-size hypothesis's evidence.
func (s *Session) addSmoothnessEvidence(v *Verdict, a *ascentRun) {
	v.add("Lhat", a.lhat, "proved bound of ||Hess L|| on every segment between iterates (certify.SmoothnessAlong)")
	v.add("eta*Lhat/2", s.p.Eta*a.lhat/2, "step size against the smoothness bound (< 1 required)")
	v.add("max_hess_norm", a.hessNorm, fmt.Sprintf("largest float64 ||Hess L|| at %d iterates spread over the trajectory", hessSamples))
	v.add("Lhat/max_hess_norm", a.lhat/a.hessNorm, "how far the proved bound is above the sampled Hessian norms (>= 1)")
	v.add("smoothness_blocks", float64(len(a.path.Blocks)), "blocks of iterates the smoothness bound was proved on")
}

// addTailEvidence reports the tail region, if there is one.
func addTailEvidence(v *Verdict, a *ascentRun) {
	v.flag("tail_proved", a.tail.OK, "whether an invariant contracting ball around W* with the sign pattern is proved (certify.Tail)")
	if !a.tail.OK {
		return
	}
	v.add("tail_radius", math.Min(a.tail.Radius[0], a.tail.Radius[1]), "radius of the tail ball around W* (Euclidean, smaller row)")
	v.add("tail_contraction", a.tail.Q, "contraction factor of the ascent map on the tail ball")
	step := -1.0
	if a.tailStep >= 0 {
		step = float64(a.res.Trajectory.Step[a.tailStep])
	}
	v.add("tail_step", step, "first step inside the tail ball (-1: not reached); every later step is proved")
}
