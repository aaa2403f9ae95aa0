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
// Hypotheses: W0 in the sign region (which contains the near region), and
// eta < 2/Lhat, Lhat the smoothness bound over the ball of row norms the
// trajectory stays in (SmoothnessBound). Holds: both properties at every
// iterate of the ascent (run until C2's stopping rule). It is verified
// along one trajectory, not certified for the whole region.
func (s *Session) C1() Verdict {
	v := Verdict{Claim: "C1", Title: "ascent from the initialisation region keeps the sign pattern and never decreases L"}
	a, stop := s.ascentHypotheses(&v)
	if stop {
		return v
	}
	d := s.p.D
	v.add("Lhat", a.lhat, "smoothness bound of L over the ball of row norms the trajectory stays in")
	v.add("eta*Lhat/2", s.p.Eta*a.lhat/2, "step size against the smoothness bound (< 1 required)")
	if s.stepHypothesis(&v, a) {
		return v
	}
	tr := &a.res.Trajectory
	minMargin, minStep := math.Inf(1), 0
	worstDrop, dropStep := math.Inf(-1), 0
	for i := range tr.Len() {
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
	v.add("steps", float64(tr.Len()-1), "ascent steps checked")
	v.add("min_sign_margin", minMargin, "smallest sign margin over the trajectory")
	v.add("min_sign_margin_step", float64(minStep), "step where it is attained")
	v.add("max_relative_decrease", worstDrop, "largest decrease of L between steps, relative to n + alpha n ||W||^2 (<= 1e-12: rounding)")
	v.add("max_decrease_step", float64(dropStep), "step where it is attained")
	ok := minMargin > 0 && worstDrop <= monotoneTol && a.err == nil
	fail := fmt.Sprintf("sign margin %.3g at step %d, largest relative decrease %.3g at step %d", minMargin, minStep, worstDrop, dropStep)
	if a.err != nil {
		fail = "ascent diverged: " + a.err.Error()
	}
	if ok && a.res.Status != sim.GradientThreshold {
		// A prefix of the trajectory can refute C1 but not show it.
		v.undecided(fmt.Sprintf("signs kept and L non-decreasing over the %d steps run, but the step budget ran out before convergence (||grad L|| = %.3g)", tr.Len()-1, a.res.GradNorm))
		return v
	}
	v.decide(ok,
		fmt.Sprintf("signs kept (margin >= %.3g) and L non-decreasing over %d steps, eta Lhat/2 = %.3g", minMargin, tr.Len()-1, s.p.Eta*a.lhat/2),
		fail)
	return v
}
