package regions

import (
	"fmt"
	"math"

	"github.com/nlssl/nlssl/interval"
)

// Faces of a trapping box, in the order of RegionReport's margins.
const (
	FaceALo = iota // a = R.a.lo: the ascent must not move a below it
	FaceAHi
	FaceBLo
	FaceBHi
	FaceQHi  // q = R.q.hi (q >= 0 always holds when 1 + eta c >= 0)
	faceNone = -1
)

var faceNames = [...]string{"a.lo", "a.hi", "b.lo", "b.hi", "q.hi"}

// RegionReport is the evidence that the box R is a trapping region of the
// ascent map T(a, b, q) = (a + eta f_a, b + eta f_b, (1 + eta c) q) on
// which f never decreases. It is proved on a cover of R by boxes X: for
// each, the enclosure X + eta grad f(X) of T(X) lies in R, 1 + eta c >= 0
// on X (so q stays >= 0 and T is gradient ascent on f(a, b, q)), and
// eta Lhat(X) < 2 for a bound Lhat(X) of the Hessian's spectral norm on X.
type RegionReport struct {
	Region Box    `json:"region"`
	Proved bool   `json:"proved"`
	Failed string `json:"failed,omitempty"` // which condition failed, where
	// FailedBox is the sub-box where a condition could not be proved.
	FailedBox *Box  `json:"failed_box,omitempty"`
	err       error // the search's error (the budget), if any
	face      int   // the face a failure points at (faceNone if none)
	definite  bool  // the failure is certified at a point of the face, not just undecided

	Boxes int `json:"boxes"` // boxes of the cover
	// Lhat >= the Hessian's spectral norm on R (the largest bound over
	// the cover); the descent lemma needs eta Lhat / 2 < 1.
	Lhat        float64 `json:"lhat"`
	EtaLhatHalf float64 `json:"eta_lhat_half"`
	// StepMax >= eta ||grad f|| on R: no step is longer.
	StepMax float64 `json:"step_max"`
	// CMax >= c on R: c < 0 means q decreases at every step
	// (-MaxFloat64 when no box was accepted).
	CMax float64 `json:"c_max"`
	// FaceMargin[k] is the smallest inward gradient component proved on
	// the boxes touching face k (f_a on a.lo, -f_a on a.hi, f_b on b.lo,
	// -f_b on b.hi, -c q on q.hi): the gradient points into R there
	// (MaxFloat64 for a face no box touched, as q.hi when q.hi = 0).
	FaceMargin [5]float64 `json:"face_margin"`
	// ImageSlack[k] is the smallest distance from the enclosure of T(X) to
	// face k over the whole cover (>= 0: every image stays inside R).
	ImageSlack [5]float64 `json:"image_slack"`
}

// FailedFace returns the name of the face a failure points at ("" if the
// failure is not about a face).
func (r *RegionReport) FailedFace() string {
	if r.face < 0 {
		return ""
	}
	return faceNames[r.face]
}

type regionCheck struct {
	e         *engine
	obj       Objective // for the guide
	r         Box
	eta       float64
	tauS, rho float64
	odd       oddRefiner
	minRel    float64 // boxes narrower than minRel of R on every axis are not split
	maxBoxes  int     // boxes one check may decide
	decided   int
	rep       RegionReport
	// the finest (smallest share of R's volume) box that failed so far,
	// for the report when the check runs out of boxes
	worst    Box
	worstRel float64
	worstBad int
}

// hessNormBound returns an upper bound of the spectral norm of every
// symmetric matrix in h: the smaller of the Frobenius norm and the
// largest absolute row sum (= sqrt(||.||_1 ||.||_inf) for symmetric
// matrices) of the entries' magnitudes.
func hessNormBound(h [3][3]interval.Interval) float64 {
	var frob, inf float64
	for i := range 3 {
		var row float64
		for j := range 3 {
			m := h[i][j].Mag()
			frob = interval.Up(frob + interval.Up(m*m))
			row = interval.Up(row + m)
		}
		inf = math.Max(inf, row)
	}
	return math.Min(interval.SqrtUp(frob), inf)
}

// checkRegion proves (or fails to prove) that r is a trapping region of
// the ascent at p, on a cover refined depth first. It gives up, with the
// failing face named so that the search can move it, when a face box
// certainly lets the ascent out (definiteFailure), when the guide shows
// the gradient pointing out of a face box (guideFailure: a heuristic that
// only chooses which box to try next), when a box narrower than
// set.RegionMinRel of R still fails, or after set.RegionMaxBoxes boxes.
func checkRegion(e *engine, obj Objective, r Box, p Point, set Settings) RegionReport {
	rc := &regionCheck{e: e, obj: obj, r: r, eta: p.Eta, tauS: math.Max(p.Tau, 1), rho: p.Rho,
		minRel: set.RegionMinRel, maxBoxes: set.RegionMaxBoxes, worstRel: math.Inf(1), worstBad: faceNone,
		odd: newOddRefiner(e, obj)}
	rc.rep = RegionReport{Region: r, face: faceNone, CMax: math.Inf(-1)}
	for k := range rc.rep.FaceMargin {
		rc.rep.FaceMargin[k] = math.Inf(1)
		rc.rep.ImageSlack[k] = math.Inf(1)
	}
	err := e.run([]Box{r}, true, rc.decide)
	switch {
	case err != nil && rc.rep.Failed == "":
		rc.rep.Failed, rc.rep.err = err.Error(), err
	case err == nil && rc.rep.Failed == "":
		rc.rep.Proved = true
		rc.rep.EtaLhatHalf = interval.Up(interval.Up(rc.eta*rc.rep.Lhat) / 2)
	}
	// Bounds no box reached (a face of zero extent, or a check that
	// stopped early) are the largest floats, not infinities: JSON has no
	// infinity.
	for k := range 5 {
		rc.rep.FaceMargin[k] = min(rc.rep.FaceMargin[k], math.MaxFloat64)
		rc.rep.ImageSlack[k] = min(rc.rep.ImageSlack[k], math.MaxFloat64)
	}
	rc.rep.CMax = max(rc.rep.CMax, -math.MaxFloat64)
	return rc.rep
}

// images returns the enclosure of T(X), its distances to R's faces
// (rounded down: for the report; the decision compares endpoints
// exactly) and the first face it crosses (faceNone if none).
func (rc *regionCheck) images(x Box, enc Enclosure) (t Box, slack [5]float64, bad int) {
	r := rc.r
	factor := interval.Point(1).Add(enc.C.Scale(rc.eta))
	t[AxisA] = x[AxisA].Add(enc.Grad[AxisA].Scale(rc.eta))
	t[AxisB] = x[AxisB].Add(enc.Grad[AxisB].Scale(rc.eta))
	t[AxisQ] = x[AxisQ].Mul(factor)
	slack = [5]float64{
		interval.Down(t[AxisA].Lo - r[AxisA].Lo), interval.Down(r[AxisA].Hi - t[AxisA].Hi),
		interval.Down(t[AxisB].Lo - r[AxisB].Lo), interval.Down(r[AxisB].Hi - t[AxisB].Hi),
		interval.Down(r[AxisQ].Hi - t[AxisQ].Hi),
	}
	inside := [5]bool{t[AxisA].Lo >= r[AxisA].Lo, t[AxisA].Hi <= r[AxisA].Hi,
		t[AxisB].Lo >= r[AxisB].Lo, t[AxisB].Hi <= r[AxisB].Hi, t[AxisQ].Hi <= r[AxisQ].Hi}
	bad = faceNone
	for k, in := range inside {
		if !in && bad == faceNone {
			bad = k
		}
	}
	return t, slack, bad
}

func (rc *regionCheck) decide(x Box, enc Enclosure) decision {
	rc.decided++
	t, slack, bad := rc.images(x, enc)
	if (bad == FaceALo || bad == FaceAHi) && rc.odd.refine(x, &enc) {
		t, slack, bad = rc.images(x, enc)
	}
	factor := interval.Point(1).Add(enc.C.Scale(rc.eta))
	lh := hessNormBound(enc.Hess)
	okQ := factor.Lo >= 0
	okH := interval.Up(rc.eta*lh) < 2
	if bad == faceNone && okQ && okH {
		rc.accept(x, enc, t, slack, lh)
		return decision{}
	}
	if bad != faceNone && (rc.definiteFailure(x, enc, bad) || rc.guideFailure(x, bad)) {
		return decision{stop: true}
	}
	rel := relWidths(x, rc.r)
	relMax := math.Max(rel[0], math.Max(rel[1], rel[2]))
	vol := 1.0 // the box's share of R's volume (over R's non-flat axes)
	for i, w := range rel {
		if rc.r.Width(i) > 0 {
			vol *= w
		}
	}
	if vol < rc.worstRel {
		rc.worst, rc.worstRel, rc.worstBad = x, vol, bad
	}
	if relMax <= rc.minRel || rc.decided >= rc.maxBoxes {
		if rc.decided >= rc.maxBoxes {
			x, bad = rc.worst, rc.worstBad
		}
		rc.fail(x, bad, okQ, okH, lh, factor)
		if rc.decided >= rc.maxBoxes {
			rc.rep.Failed = fmt.Sprintf("gave up after %d boxes (Settings.RegionMaxBoxes); the finest failing sub-box: %s (%s)", rc.decided, x, rc.rep.Failed)
		}
		return decision{stop: true}
	}
	axis := argmax(argWidths(x, rc.tauS, rc.rho))
	if rel[axis] <= rc.minRel/4 { // that axis is already fine: split the widest relative one
		axis = argmax(rel)
	}
	lo, hi := x.Bisect(axis)
	return decision{children: []Box{lo, hi}}
}

func (rc *regionCheck) accept(x Box, enc Enclosure, t Box, slack [5]float64, lh float64) {
	rep := &rc.rep
	rep.Boxes++
	rep.Lhat = math.Max(rep.Lhat, lh)
	rep.CMax = math.Max(rep.CMax, enc.C.Hi)
	var g2 float64
	for _, g := range enc.Grad {
		m := g.Mag()
		g2 = interval.Up(g2 + interval.Up(m*m))
	}
	rep.StepMax = math.Max(rep.StepMax, interval.Up(rc.eta*interval.SqrtUp(g2)))
	for k, s := range slack {
		rep.ImageSlack[k] = math.Min(rep.ImageSlack[k], math.Max(s, 0))
	}
	// The inward component over the whole box; on the q face, -c q at
	// q = q.hi (over the box c q would reach 0 at q = 0).
	r := rc.r
	qFace := -interval.Up(enc.C.Hi * r[AxisQ].Hi)
	inward := [5]float64{enc.Grad[AxisA].Lo, -enc.Grad[AxisA].Hi, enc.Grad[AxisB].Lo, -enc.Grad[AxisB].Hi, qFace}
	touches := [5]bool{x[AxisA].Lo == r[AxisA].Lo, x[AxisA].Hi == r[AxisA].Hi, x[AxisB].Lo == r[AxisB].Lo,
		x[AxisB].Hi == r[AxisB].Hi, x[AxisQ].Hi == r[AxisQ].Hi && r[AxisQ].Hi > 0}
	for k := range 5 {
		if touches[k] {
			rep.FaceMargin[k] = math.Min(rep.FaceMargin[k], inward[k])
		}
	}
}

// definiteFailure checks whether the ascent certainly leaves R through
// face k from x: x touches the face and the enclosure of the inward
// gradient component over x is negative, so at every point of x on the
// face T moves the point out of R. Then R is certainly not invariant.
func (rc *regionCheck) definiteFailure(x Box, enc Enclosure, k int) bool {
	r := rc.r
	axis := [5]int{AxisA, AxisA, AxisB, AxisB, AxisQ}[k]
	face := [5]float64{r[AxisA].Lo, r[AxisA].Hi, r[AxisB].Lo, r[AxisB].Hi, r[AxisQ].Hi}[k]
	inward := enc.Grad[axis]
	if k == FaceAHi || k == FaceBHi || k == FaceQHi {
		inward = inward.Neg()
	}
	if (x[axis].Lo != face && x[axis].Hi != face) || !(inward.Hi < 0) {
		return false
	}
	on := x
	on[axis] = interval.Point(face)
	rc.rep.face, rc.rep.definite, rc.rep.FailedBox = k, true, &on
	rc.rep.Failed = fmt.Sprintf("R is not invariant: on %s (face %s) the gradient points out of R (inward component in %v)", on, faceNames[k], inward)
	return true
}

// guideFailure asks the guide (float64) for the gradient at the middle of
// x's part of face k: pointing outward there means R as chosen is almost
// surely not invariant, and the check stops so that the search moves face
// k. This is a heuristic for choosing R only; no conclusion rests on it.
func (rc *regionCheck) guideFailure(x Box, k int) bool {
	if k == FaceQHi {
		return false
	}
	axis := AxisA
	if k >= FaceBLo {
		axis = AxisB
	}
	face := [4]float64{rc.r[AxisA].Lo, rc.r[AxisA].Hi, rc.r[AxisB].Lo, rc.r[AxisB].Hi}[k]
	if x[axis].Lo != face && x[axis].Hi != face {
		return false
	}
	p := x.Mid()
	p[axis] = face
	g, ok := guideGrad(rc.obj, p)
	in := g[axis]
	if k == FaceAHi || k == FaceBHi {
		in = -in
	}
	if ok && in > 0 {
		return false
	}
	pb := PointBox(p)
	rc.rep.face, rc.rep.FailedBox = k, &pb
	rc.rep.Failed = fmt.Sprintf("R is (almost surely) not invariant: at %s on face %s the float64 gradient points out of R", pb, faceNames[k])
	// Certify it when the point's enclosure agrees (one enclosure).
	if enc, err := rc.e.enclose(pb); err == nil {
		g := enc.Grad[axis]
		if k == FaceAHi || k == FaceBHi {
			g = g.Neg()
		}
		if g.Hi < 0 {
			rc.rep.definite = true
			rc.rep.Failed = fmt.Sprintf("R is not invariant: at %s on face %s the gradient points out of R (inward component in %v, certified)", pb, faceNames[k], g)
		}
	}
	return true
}

func (rc *regionCheck) fail(x Box, bad int, okQ, okH bool, lh float64, factor interval.Interval) {
	rc.rep.face = bad
	rc.rep.FailedBox = &x
	switch {
	case bad != faceNone:
		rc.rep.Failed = fmt.Sprintf("could not prove that T keeps %s inside face %s of R (sub-box %s)", "the image", faceNames[bad], x)
	case !okQ:
		rc.rep.Failed = fmt.Sprintf("could not prove 1 + eta c >= 0 (enclosure %v) on the sub-box %s", factor, x)
	default:
		rc.rep.Failed = fmt.Sprintf("eta Lhat = %.4g >= 2 on the sub-box %s: the step is too long for the descent lemma", rc.eta*lh, x)
	}
}
