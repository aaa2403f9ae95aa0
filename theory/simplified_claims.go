package theory

import (
	"fmt"
	"math"
)

// CheckSimplified states the two claims that live on the simplified
// objective L~ alone, for the phase maps where a point must cost
// microseconds:
//
//   - C3~: the safeguarded Newton method from the near region's centre
//     reaches a strict local maximum W~* of L~ (THEORY section 8, C3's
//     starting point; evidence: ||grad L~|| there and the largest Hessian
//     eigenvalue);
//   - C4~: that maximum captures both features, |a~*| and b~* at least
//     BifurcationFloor (C4's hypothesis on L~; evidence: a~*, b~* of both
//     rows).
//
// Only d, tau and alpha of p matter. Each reason starts with the mechanism
// the maps name.
func CheckSimplified(p Params) []Verdict {
	c3, c4 := claim("C3~").verdict(), claim("C4~").verdict()
	if !(p.Tau > 0) || p.D < 2 || !(p.Alpha >= 0) || math.IsInf(p.Tau, 0) || math.IsInf(p.Alpha, 0) {
		// The values go to the evidence: the reason is the mechanism, the
		// same words at every such point of a map.
		for _, v := range []*Verdict{&c3, &c4} {
			v.outside(MechInvalidForLTilde, "invalid point for L~ (d >= 2, finite tau > 0, finite alpha >= 0 needed)")
			v.add("d", float64(p.D), "dimension")
			v.add("tau", p.Tau, "hidden-feature strength")
			v.add("alpha", p.Alpha, "weight decay")
		}
		return []Verdict{c3, c4}
	}
	opt, err := SimplifiedMax(p.D, p.Tau, p.Alpha)
	if err != nil {
		// A numerical failure refutes nothing.
		c3.undecided(MechNewtonStallsOnLTilde, fmt.Sprintf("%s (%v)", MechNewtonStallsOnLTilde, err))
		c4.outside(MechNoMaxOfLTilde, "%s", MechNoMaxOfLTilde)
		return []Verdict{c3, c4}
	}
	maxEig := math.Max(opt.Eigen[0][1], opt.Eigen[1][1])
	c3.add("grad_norm", opt.GradNorm, "||grad L~|| at the Newton limit")
	c3.add("max_eig", maxEig, "largest Hessian eigenvalue of L~ there (< 0: a strict maximum)")
	c3.decide(opt.IsMax, "a strict local maximum of L~", MechNotMaxOfLTilde, MechNotMaxOfLTilde.String())
	c4.add("a1", opt.A[0], "a~* of row 1 (e1 weight)")
	c4.add("b1", opt.B[0], "b~* of row 1 (e2 weight)")
	c4.add("a2", opt.A[1], "a~* of row 2")
	c4.add("b2", opt.B[1], "b~* of row 2")
	c4.add("floor", BifurcationFloor, "smallest |a~*|, b~* that counts as captured")
	switch {
	case !opt.IsMax:
		c4.outside(MechNoMaxOfLTilde, "%s", MechNoMaxOfLTilde)
	case math.Min(math.Abs(opt.A[0]), math.Abs(opt.A[1])) < BifurcationFloor:
		c4.decide(false, "", MechE1Lost, MechE1Lost.String())
	case math.Min(opt.B[0], opt.B[1]) < BifurcationFloor:
		c4.decide(false, "", MechE2Lost, MechE2Lost.String())
	default:
		c4.decide(true, "both features captured", NoMechanism, "")
	}
	return []Verdict{c3, c4}
}
