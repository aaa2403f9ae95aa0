package phase

import (
	"errors"
	"fmt"

	"github.com/nlssl/nlssl/regions"
	"github.com/nlssl/nlssl/sim"
	"github.com/nlssl/nlssl/theory"
)

// ProvedClaim is the one claim of Prove mode: C1 and C2 for EVERY starting
// row of the near region, proved for the population objective by package
// regions (the result of `nlssl prove` at the point, with the default box).
const ProvedClaim = "C1C2-region"

// ProveMaxEnclosures is Prove mode's budget of box enclosures per point
// (regions.Settings.MaxEnclosures; `nlssl prove` defaults to 8000). A point
// the proof cannot close spends its whole budget, so the budget bounds a
// map's cost: at the paper's point the proof needs about 250 enclosures,
// and an enclosure costs 2-30 ms. It is part of what a point means (a
// larger budget can prove more), so it is fixed here rather than a flag.
const ProveMaxEnclosures = 2000

// The mechanisms of Prove mode's classes (the map's legend).
const (
	proveDisproved     = "a certified critical point in the start that is not the one strict maximum"
	proveNoCritical    = "not proved: the critical points of Omega not all found within the budget"
	proveNoMaximum     = "not proved: no certified strict maximum with a, b > 0 in Omega"
	proveNoRegion      = "not proved: no trapping box R (ascent map into itself)"
	proveNoUniqueness  = "not proved: R may hold a second critical point"
	proveOtherFailure  = "not proved"
	proveInvalidPrefix = invalidPoint + ": "
)

var provePartMechanism = map[string]string{
	"critical points": proveNoCritical,
	"maximum":         proveNoMaximum,
	"region":          proveNoRegion,
	"uniqueness":      proveNoUniqueness,
}

// proveResult runs the proof over the near region at the point p and
// classifies it: proved -> holds, disproved -> fails, not proved ->
// undecided with the part that failed, a point the prover refuses (for
// instance shared-scalar noise, or a noise scale beyond
// regions.MaxNoiseScale) -> outside, naming the parameter. One proof runs
// on one goroutine: the sweep runs points in parallel, and the result does
// not depend on the number of workers.
func proveResult(p theory.Params) Result {
	pt := regions.PointOf(&p.Point)
	res, err := regions.ProveNear(pt, p.D, &regions.Settings{MaxEnclosures: ProveMaxEnclosures, Workers: 1})
	if err != nil {
		mech := invalidPoint
		var pe *sim.ParamError
		if errors.As(err, &pe) {
			mech = proveInvalidPrefix + pe.Param + " out of range"
		}
		return Result{Claim: ProvedClaim, Outcome: theory.OutsideHypotheses, Mechanism: mech}
	}
	ev := proveEvidence(res)
	switch res.Status {
	case regions.Proved:
		return result(ProvedClaim, theory.Holds, "", ev)
	case regions.Disproved:
		return result(ProvedClaim, theory.Fails, proveDisproved, ev)
	}
	mech, ok := provePartMechanism[res.FailedPart]
	if !ok {
		mech = proveOtherFailure
	}
	return result(ProvedClaim, theory.Undecided, mech, ev)
}

// proveEvidence are the numbers a proof's class rests on: its smallest
// margins, its size and W*.
func proveEvidence(r *regions.Result) []theory.Evidence {
	ev := []theory.Evidence{
		{Name: "enclosures", Value: float64(r.Counts.Enclosures), Meaning: "box enclosures the proof computed (budget " + fmt.Sprint(ProveMaxEnclosures) + ")"},
		{Name: "certified_critical", Value: float64(r.Counts.Certified), Meaning: "certified critical points in Omega"},
		{Name: "undecided_boxes", Value: float64(r.Counts.Undecided), Meaning: "boxes of Omega neither excluded nor certified"},
	}
	if r.Max != nil {
		ev = append(ev,
			theory.Evidence{Name: "W*.a", Value: r.Max.Centre[0], Meaning: "a = w.e1 of the certified strict maximum W* (box centre)"},
			theory.Evidence{Name: "W*.b", Value: r.Max.Centre[1], Meaning: "b = w.e2 of W* (box centre)"},
			theory.Evidence{Name: "lambda_max", Value: r.Max.LambdaMax, Meaning: "certified upper bound of W*'s largest Hessian eigenvalue (< 0: strict maximum)"},
		)
	}
	if r.Region != nil {
		face := r.Margins.FaceMargin[0]
		for _, m := range r.Margins.FaceMargin[1:] {
			face = min(face, m)
		}
		ev = append(ev,
			theory.Evidence{Name: "eta_lhat_half", Value: r.Margins.EtaLhatHalf, Meaning: "eta Lhat / 2 on R (< 1: the ascent never decreases L)"},
			theory.Evidence{Name: "face_margin", Value: face, Meaning: "smallest inward gradient component proved on R's faces"},
		)
	}
	return ev
}
