package regions

import (
	"fmt"
	"math"
)

// Result is the outcome of Prove with its evidence. When Status is Proved
// the theorem proved is: for the population objective at Problem.Point
// (isotropic noise), for every d >= 2 and every row w in R^d whose
// (a, b, q) = (w.e1, w.e2, ||w_rest||) lies in Problem.Start, gradient
// ascent w <- w + eta grad L keeps (a, b, q) in the trapping box Region
// (so a > 0 and b > 0 at every step: C1's sign pattern), never decreases
// L (by at least eta (1 - eta Lhat/2) ||grad L||^2 each step), and
// converges to W* = (a*, b*, 0, ..., 0), the only critical point in
// Region, a strict local maximum (C2). The mirror row (a -> -a) follows by
// symmetry (f is even in a). The package documentation gives the proof.
type Result struct {
	Status Status `json:"status"`
	// Failed says which part was not proved (or what disproves) and why;
	// FailedBox is where (nil when no box is to blame).
	Failed     string `json:"failed,omitempty"`
	FailedPart string `json:"failed_part,omitempty"`
	FailedBox  *Box   `json:"failed_box,omitempty"`

	Problem Problem `json:"problem"` // with Omega (and Region, once found) filled in
	// Max is W*: the certified strict maximum the proof is about (nil if
	// none was found).
	Max *CriticalPoint `json:"max,omitempty"`
	// Critical lists every certified critical point in Omega.
	Critical []CriticalPoint `json:"critical"`
	// Undecided lists the boxes of Omega the critical-point search could
	// neither exclude nor certify (a proof needs none of them in Region).
	Undecided []Box `json:"undecided"`
	// Region is the evidence of the trapping box (nil if the proof stopped
	// before it).
	Region  *RegionReport `json:"region,omitempty"`
	Parts   []Part        `json:"parts"`
	Counts  Counts        `json:"counts"`
	Margins Margins       `json:"margins"`
}

// Part is one part of the proof.
type Part struct {
	Name   string `json:"name"`
	Proved bool   `json:"proved"`
	Detail string `json:"detail"`
}

// Counts are the sizes of the searches.
type Counts struct {
	Excluded    int `json:"excluded"`     // boxes of Omega proved free of critical points
	Reduced     int `json:"reduced"`      // boxes reduced to q = 0 (c has a sign: critical points there have q = 0)
	Covered     int `json:"covered"`      // boxes inside a certified critical point's box
	Certified   int `json:"certified"`    // certified critical points
	Undecided   int `json:"undecided"`    // boxes neither excluded nor certified
	RegionBoxes int `json:"region_boxes"` // boxes of the cover of R the invariance was proved on
	RegionMoves int `json:"region_moves"` // faces of R moved by the search (guide and certified)
	Enclosures  int `json:"enclosures"`   // box enclosures computed in all
}

// Margins are the smallest margins the proof rests on.
type Margins struct {
	// GradExclusion: the smallest distance from 0 of the excluding gradient
	// component's enclosure over the excluded boxes (> 0).
	GradExclusion float64 `json:"grad_exclusion"`
	// FaceMargin: the smallest inward gradient component proved on the
	// boxes touching each face of R (a.lo, a.hi, b.lo, b.hi, q.hi).
	FaceMargin [5]float64 `json:"face_margin"`
	// ImageSlack: the smallest distance of an image enclosure T(X) to each
	// face of R (>= 0).
	ImageSlack [5]float64 `json:"image_slack"`
	// EtaLhatHalf = eta Lhat / 2 < 1: the descent lemma's margin.
	EtaLhatHalf float64 `json:"eta_lhat_half"`
	Lhat        float64 `json:"lhat"`
	// StepMax >= eta ||grad f|| on R.
	StepMax float64 `json:"step_max"`
	// CMax >= c on R (< 0: q decreases).
	CMax float64 `json:"c_max"`
	// LambdaMax >= the largest Hessian eigenvalue at W* (< 0: strict).
	LambdaMax float64 `json:"lambda_max"`
}

func (r *Result) part(name string, proved bool, format string, args ...any) {
	r.Parts = append(r.Parts, Part{Name: name, Proved: proved, Detail: fmt.Sprintf(format, args...)})
}

// notProved records the first failing part.
func (r *Result) notProved(part string, box *Box, format string, args ...any) *Result {
	r.part(part, false, format, args...)
	if r.Status != Disproved {
		r.Status = NotProved
	}
	if r.Failed == "" {
		r.FailedPart, r.Failed, r.FailedBox = part, fmt.Sprintf(format, args...), box
	}
	return r
}

// Summary returns a one-paragraph account of the result.
func (r *Result) Summary() string {
	switch r.Status {
	case Proved:
		m := r.Max
		return fmt.Sprintf("proved: from every (a, b, q) in %s the ascent stays in R = %s and converges to W* = (%.6f, %.6f, 0) (certified in %s, %s, lambda_max <= %.4g); eta Lhat/2 = %.3g",
			r.Problem.Start, r.Region.Region, m.Centre[0], m.Centre[1], m.Box, m.Kind, m.LambdaMax, r.Margins.EtaLhatHalf)
	case Disproved:
		return "disproved (" + r.FailedPart + "): " + r.Failed
	}
	return "not proved (" + r.FailedPart + "): " + r.Failed
}

func minFinite(xs []float64) float64 {
	m := math.Inf(1)
	for _, x := range xs {
		m = math.Min(m, x)
	}
	return m
}
