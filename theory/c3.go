package theory

import (
	"fmt"
	"math"

	"github.com/nlssl/nlssl/certify"
	"github.com/nlssl/nlssl/sim"
)

// Certificate returns the C3 certificate of one fidelity (Expected or
// Population): the transfer of W~* to that objective, computed once per
// session.
func (s *Session) Certificate(fid sim.Fidelity) *certify.Transfer {
	i := 0
	if fid == sim.Population {
		i = 1
	}
	return s.cert[i]()
}

func (s *Session) certify(fid sim.Fidelity) *certify.Transfer {
	simp, err := s.Simplified()
	if err != nil {
		return &certify.Transfer{Fidelity: fid, Err: err}
	}
	var obj certify.Objective
	if fid == sim.Population {
		pop, err := s.population()
		if err != nil {
			return &certify.Transfer{Fidelity: fid, Err: err}
		}
		obj = certify.Population{PopulationObjective: pop}
	} else {
		exp, err := s.expected()
		if err != nil {
			return &certify.Transfer{Fidelity: fid, Err: err}
		}
		obj = certify.Expected{ExpectedObjective: exp}
	}
	return certify.NewTransfer(obj, simp.W)
}

// C3 checks claim C3 (THEORY section 8): at the simplified objective's
// maximum W~* the Hessian of L~ is invertible (mu reported), and the
// maximum transfers to the true objective: a unique critical point W* of L
// near W~*, a strict local maximum, proved for the expected objective on
// the dataset and for the population objective.
//
// Hypotheses: tau > 0 and W~* is a strict local maximum of L~ (mu > 0).
// Holds: for both fidelities the computer-assisted certificate proves a
// zero W* of grad L, a strict local maximum, and a ball around W~* that
// contains W* is proved to hold no other critical point (W*'s uniqueness
// ball, injectivity, or, for the expected objective, strict concavity on
// the ball: certify.ConcavityCertificate). Undecided: a certificate
// inequality fails (which, and by how much, is in the reason and the
// evidence), no ball around W~* reaching W* is proved (MechNoBall, or
// MechNoBallSignLost when the ascent from W~* takes a row across a = 0),
// or the Newton ascent from W~* finds no zero. Fails: a zero near W~* is certified and certified not to be a
// maximum (a Rayleigh quotient proves a positive eigenvalue).
// The paper-style transfer (Euclidean IFT from W~*) is reported as evidence
// whatever its outcome: whether it certifies is a finding, not a hypothesis.
func (s *Session) C3() Verdict {
	v := claim("C3").verdict()
	simp, err := s.Simplified()
	if err != nil {
		v.outside(MechNoMaxOfLTilde, "no maximum of L~ from the near region: %v", err)
		return v
	}
	v.add("a~*", simp.A[0], "w1^(1) at the maximum of L~")
	v.add("b~*", simp.B[0], "w1^(2) at the maximum of L~")
	v.add("mu~", simp.Mu, "smallest singular value of the Hessian of L~ on (a, b) at W~*")
	if !simp.IsMax || !(simp.Mu > 0) {
		v.outside(MechNoMaxOfLTilde, "W~* is not a strict local maximum of L~ (largest eigenvalue %.3g)", math.Max(simp.Eigen[0][1], simp.Eigen[1][1]))
		if !s.p.CheckOutside {
			return v
		}
	}
	fcs := [2]*certify.Transfer{s.Certificate(sim.Expected), s.Certificate(sim.Population)}
	var notes []string
	var mechs []Mechanism // why each fidelity is undecided
	holds, failed := true, false
	for _, fc := range fcs {
		pre := "exp."
		name := "expected"
		if fc.Fidelity == sim.Population {
			pre, name = "pop.", "population"
		}
		if fc.Err != nil { // nothing computed, so nothing refuted
			holds = false
			mechs = append(mechs, MechNoCertificate)
			notes = append(notes, fmt.Sprintf("%s: no certificate could be computed: %v", name, fc.Err))
			continue
		}
		addRowEvidence(&v, pre+"paper.", fc.Paper, fc.MSampled[0], "Euclidean IFT at W~*")
		addRowEvidence(&v, pre+"weighted.", fc.Weighted, fc.MSampled[1], "scaled IFT at W~*")
		addRowEvidence(&v, pre+"assisted.", fc.Assisted, fc.MSampled[2], "scaled IFT at the Newton zero")
		v.add(pre+"assisted.r_zero", math.Min(fc.Assisted[0].RZero, fc.Assisted[1].RZero), "radius around W* within which it is the only critical point (integral uniqueness bound)")
		v.add(pre+"kantorovich.h", math.Max(fc.Kantorovich[0].H, fc.Kantorovich[1].H), "Newton-Kantorovich h = beta M eta at the Newton zero (<= 1/2 certifies)")
		v.add(pre+"kantorovich.t_unique", math.Min(fc.Kantorovich[0].TUnique, fc.Kantorovich[1].TUnique), "Kantorovich uniqueness radius (scaled)")
		if fc.Concave[0].Scale != nil && fc.Concave[1].Scale != nil {
			v.add(pre+"concave.r", math.Min(fc.Concave[0].R, fc.Concave[1].R), "radius of the ball around W~* (scaled) on which L is tested for strict concavity (worse row)")
			v.add(pre+"concave.lambda_max", math.Max(fc.Concave[0].LambdaMax, fc.Concave[1].LambdaMax), "upper bound of the largest eigenvalue of the scaled Hessian over that ball (< 0: strictly concave there, so at most one critical point)")
			v.flag(pre+"concave.certified", fc.ConcaveCertified(), "whether L is proved strictly concave on that ball for both rows")
		}
		v.add(pre+"dist_W~*_W*", math.Max(fc.DistScaled[0], fc.DistScaled[1]), "||S (W~* - W*)||, scaled distance from W~* to the certified zero")
		v.add(pre+"transfer_radius", math.Min(fc.TransferRadius[0], fc.TransferRadius[1]), "radius of the ball around W~* proved to hold at most one critical point (> dist_W~*_W*: it holds exactly W*)")
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
		dist := math.Max(fc.DistScaled[0], fc.DistScaled[1])
		radius := math.Min(fc.TransferRadius[0], fc.TransferRadius[1])
		switch {
		case saddle:
			failed = true
			notes = append(notes, fmt.Sprintf("%s: the critical point near W~* is certified NOT to be a maximum (largest eigenvalue >= %.3g)", name, math.Max(fc.Assisted[0].LambdaMaxLow, fc.Assisted[1].LambdaMaxLow)))
		case fc.NewtonGrad > 1e-6*float64(s.p.N):
			holds = false
			mechs = append(mechs, MechNewtonStalls)
			notes = append(notes, fmt.Sprintf("%s: the safeguarded Newton ascent from W~* stalls at ||grad L|| = %.3g: no zero found to certify", name, fc.NewtonGrad))
		case !fc.Certified():
			holds = false
			mechs = append(mechs, MechCertInequality)
			notes = append(notes, fmt.Sprintf("%s: W* not certified (%s); %s", name, worstFailure(fc.Assisted), paper))
		case !fc.Transfers():
			holds = false
			mech, crossed := MechNoBall, ""
			if rows := crossedRows(fc); rows != "" {
				mech = MechNoBallSignLost
				crossed = fmt.Sprintf(" (the safeguarded Newton ascent from W~* takes %s across a = 0, so W* lacks W~*'s sign pattern: as in Finding 3, the sample's maximum with that pattern has likely vanished)", rows)
			}
			mechs = append(mechs, mech)
			notes = append(notes, fmt.Sprintf("%s: W* certified, %.3g from W~*, but no ball around W~* that reaches it is proved free of other critical points (largest %.3g; short by a factor %.3g)%s; %s", name, dist, radius, dist/math.Max(radius, 1e-300), crossed, paper))
		default:
			how := ""
			if fc.ConcaveCertified() {
				how = fmt.Sprintf(" (L strictly concave within %.3g: largest Hessian eigenvalue <= %.3g)", math.Min(fc.Concave[0].R, fc.Concave[1].R), math.Max(fc.Concave[0].LambdaMax, fc.Concave[1].LambdaMax))
			}
			notes = append(notes, fmt.Sprintf("%s: W* certified, %.3g from W~*, the only critical point within %.3g of W~* (scaled)%s; %s", name, dist, radius, how, paper))
		}
	}
	reason := joinNotes(notes)
	switch {
	case failed:
		v.decide(false, "", MechSaddle, reason)
	case holds:
		v.decide(true, reason, NoMechanism, "")
		v.Certified = !v.out
	default:
		v.undecided(firstOf(mechs, MechNoBallSignLost, MechNoBall, MechCertInequality, MechNewtonStalls, MechNoCertificate), reason)
	}
	return v
}

func addRowEvidence(v *Verdict, pre string, rc [2]certify.IFTCertificate, sampled [2]float64, what string) {
	worst := 0
	if rc[1].Margin < rc[0].Margin {
		worst = 1
	}
	r := rc[worst]
	v.add(pre+"M_sampled", sampled[worst], "sampled lower estimate of the Hessian's Lipschitz constant on the same ball (power iterations and scans of the third derivative; evidence, not a bound)")
	v.add(pre+"M/M_sampled", r.M/sampled[worst], "certified M over the sampled estimate (>= 1; near 1: the bound is sharp)")
	v.flag(pre+"certified", rc[0].Certified && rc[1].Certified, what+": whether both rows are certified")
	v.add(pre+"mu", r.Mu, "certified lower bound of the smallest singular value of the (scaled) Hessian, 1/N_A")
	v.add(pre+"M", r.M, "certified Lipschitz bound of the (scaled) Hessian on the ball")
	v.add(pre+"r", r.R, "radius of the ball (best margin)")
	v.add(pre+"I", r.Integral, "certified bound of the Hessian's change over the ball, int_0^r M(s) ds")
	v.add(pre+"grad", r.GradNorm, "certified upper bound of ||grad L|| at the centre (scaled)")
	v.add(pre+"margin", r.Margin, "(mu - Delta - I(r)) r - ||grad L||: >= 0 certifies (worse row)")
	v.add(pre+"r_unique", math.Min(rc[0].RUnique, rc[1].RUnique), "radius on which grad L is injective")
	v.add(pre+"lambda_max", math.Max(rc[0].LambdaMax, rc[1].LambdaMax), "upper bound of the largest eigenvalue of the scaled Hessian at the zero (< 0: strict local maximum)")
}

// crossedRows names the rows whose e1 weight changes sign between W~* and
// the Newton zero W* ("row 2", "rows 1 and 2"; "" when none does).
func crossedRows(fc *certify.Transfer) string {
	d := len(fc.Center) / 2
	var rows []string
	for k := range 2 {
		if a0, a := fc.Center[k*d], fc.Zero[k*d]; (a0 > 0) != (a > 0) {
			rows = append(rows, fmt.Sprint(k+1))
		}
	}
	switch len(rows) {
	case 0:
		return ""
	case 1:
		return "row " + rows[0]
	}
	return "rows 1 and 2"
}

func worstFailure(rc [2]certify.IFTCertificate) string {
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

func minAbs(v []float64) float64 {
	m := math.Inf(1)
	for _, x := range v {
		m = math.Min(m, math.Abs(x))
	}
	return m
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
