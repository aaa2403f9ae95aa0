package regions

import (
	"errors"
	"fmt"
	"math"
)

// Prove proves C1 and C2 for every starting point of prob.Start, for the
// population objective at prob.Point (see Result for the theorem and the
// package documentation for the proof). settings nil means the defaults.
// A problem or settings out of range is an error naming the parameter;
// everything else is in the Result: Proved only when every part is.
func Prove(prob Problem, settings *Settings) (*Result, error) {
	obj, err := NewPopulation(prob.Point)
	if err != nil {
		return nil, err
	}
	return ProveObjective(obj, prob, settings)
}

// ProveAt proves the statement over the near region (NearRegion(tau, d))
// at the point p with the default settings: the function a phase mode
// calls at each grid point.
func ProveAt(p Point, d int) (*Result, error) { return ProveNear(p, d, nil) }

// ProveNear is ProveAt with settings (nil: the defaults).
func ProveNear(p Point, d int, settings *Settings) (*Result, error) {
	if d < 2 {
		return nil, paramErr("d", d, "an integer >= 2")
	}
	if !(p.Tau > 0) {
		return nil, paramErr("tau", p.Tau, "a finite number > 0 (the near region puts b at 8.5/tau..9/tau)")
	}
	return Prove(Problem{Point: p, Start: NearRegion(p.Tau, d)}, settings)
}

// ProveObjective is Prove for any Objective (tests wrap the population
// objective to mutate it). prob.Point supplies eta, tau and rho (the
// search's scales); obj supplies every value. obj.Enclose is called from
// several goroutines at once, its GuideGrad (if any) from one.
func ProveObjective(obj Objective, prob Problem, settings *Settings) (*Result, error) {
	prob, err := prob.validate()
	if err != nil {
		return nil, err
	}
	set := settings.resolve()
	if err := set.validate(); err != nil {
		return nil, err
	}
	e := &engine{obj: obj, workers: set.Workers, budget: set.MaxEnclosures, progress: set.Progress}
	res := &Result{Problem: prob}
	defer func() { res.Counts.Enclosures = e.used }()
	tauS := math.Max(prob.Point.Tau, 1)
	start, omega := prob.Start, *prob.Omega

	// 1. Every critical point of f in Omega.
	cs := &criticalSearch{e: e, odd: newOddRefiner(e, obj), omega: omega, tauS: tauS, rho: prob.Point.Rho, kw: set.KrawczykWidth, minW: set.MinWidth}
	err = e.run([]Box{omega}, false, cs.decide)
	if err != nil && !errors.Is(err, errBudget) {
		return nil, err
	}
	res.Critical, res.Undecided = cs.points, cs.undecided
	res.Counts.Excluded, res.Counts.Reduced, res.Counts.Covered = cs.excluded, cs.reduced, cs.covered
	res.Counts.Certified, res.Counts.Undecided = len(cs.points), len(cs.undecided)
	res.Margins.GradExclusion = cs.gapMin
	complete := err == nil
	if complete && len(cs.undecided) == 0 {
		res.part("critical points", true, "every critical point in Omega = %s is certified (%d, Krawczyk) and every other box of Omega (%d) is proved free of critical points", omega, len(cs.points), cs.excluded)
	}

	// 2. A certified counterexample inside the starting box.
	if r := res.disproof(start); r != nil {
		return r, nil
	}
	if !complete {
		return res.notProved("critical points", nil, "%v after %d boxes of Omega", err, e.done), nil
	}

	// 3. W*: the certified strict maximum with a, b > 0 nearest the start.
	res.Max = res.nearestMax(start, tauS)
	if res.Max == nil {
		return res.notProved("maximum", nil, "no certified strict maximum with a > 0, b > 0 in Omega = %s", omega), nil
	}
	res.part("maximum", true, "W* in %s is a strict local maximum: lambda_max <= %.4g (H_ab block <= %.4g, c in [%.4g, %.4g])",
		res.Max.Box, res.Max.LambdaMax, res.Max.LambdaMaxAB, res.Max.C[0], res.Max.C[1])
	res.Margins.LambdaMax = res.Max.LambdaMax

	// 4. The trapping box R.
	rep := res.region(e, obj, prob, set, tauS)
	res.Region = &rep
	res.Counts.RegionBoxes = rep.Boxes
	if !rep.Proved {
		return res.notProved("region", rep.FailedBox, "%s", rep.Failed), nil
	}
	r := rep.Region
	res.Problem.Region = &r
	res.Margins.FaceMargin, res.Margins.ImageSlack = rep.FaceMargin, rep.ImageSlack
	res.Margins.Lhat, res.Margins.EtaLhatHalf, res.Margins.StepMax, res.Margins.CMax = rep.Lhat, rep.EtaLhatHalf, rep.StepMax, rep.CMax
	res.part("region", true, "R = %s contains the start and is mapped into itself by the ascent (%d boxes; image slack >= %.3g; 1 + eta c >= 0)", r, rep.Boxes, minFinite(rep.ImageSlack[:]))
	res.part("descent", true, "eta Lhat / 2 = %.4g < 1 with Lhat = %.4g >= ||Hess f|| on R: f(T x) >= f(x) + eta (1 - eta Lhat/2) ||grad f(x)||^2", rep.EtaLhatHalf, rep.Lhat)

	// 5. W* is the only critical point in R.
	if !r.Contains(res.Max.Box) {
		b := res.Max.Box
		return res.notProved("uniqueness", &b, "W*'s certified box %s is not inside R", b), nil
	}
	for i := range res.Critical {
		cp := &res.Critical[i]
		if cp != res.Max && cp.Box.Intersects(r) {
			b := cp.Box
			return res.notProved("uniqueness", &b, "a second certified critical point (%s) at %s meets R", cp.Kind, b), nil
		}
	}
	for _, u := range res.Undecided {
		if u.Intersects(r) {
			b := u
			return res.notProved("uniqueness", &b, "the critical-point search left the box %s of R undecided", b), nil
		}
	}
	res.part("uniqueness", true, "R holds exactly one critical point, W*: every other certified one (%d) lies outside R", len(res.Critical)-1)
	res.Status = Proved
	return res, nil
}

// disproof returns the result with status Disproved when the starting box
// holds a certified critical point that is not a strict maximum, or two
// certified critical points; nil otherwise.
func (res *Result) disproof(start Box) *Result {
	var in []*CriticalPoint
	for i := range res.Critical {
		if start.Contains(res.Critical[i].Box) {
			in = append(in, &res.Critical[i])
		}
	}
	for _, cp := range in {
		if cp.Kind == KindSaddle || cp.Kind == KindStrictMin {
			b := cp.Box
			res.Status = Disproved
			res.FailedPart, res.FailedBox = "start", &b
			res.Failed = fmt.Sprintf("the starting box holds a certified %s in %s: a fixed point of the ascent that is not a strict local maximum", cp.Kind, b)
			res.part("start", false, "%s", res.Failed)
			return res
		}
	}
	if len(in) >= 2 {
		b := in[1].Box
		res.Status = Disproved
		res.FailedPart, res.FailedBox = "start", &b
		res.Failed = fmt.Sprintf("the starting box holds %d certified critical points (%s in %s and %s in %s): fixed points of the ascent, so no single W* attracts every W0",
			len(in), in[0].Kind, in[0].Box, in[1].Kind, b)
		res.part("start", false, "%s", res.Failed)
		return res
	}
	return nil
}

// nearestMax returns the certified strict maximum with a, b > 0 nearest
// the starting box's centre (in pre-activation units).
func (res *Result) nearestMax(start Box, tauS float64) *CriticalPoint {
	c := start.Mid()
	var best *CriticalPoint
	bestD := math.Inf(1)
	for i := range res.Critical {
		cp := &res.Critical[i]
		if cp.Kind != KindStrictMax || !(cp.Box[AxisA].Lo > 0 && cp.Box[AxisB].Lo > 0) {
			continue
		}
		if d := math.Abs(cp.Centre[0]-c[0]) + tauS*math.Abs(cp.Centre[1]-c[1]); d < bestD {
			best, bestD = cp, d
		}
	}
	return best
}

// region checks the given trapping box or searches one.
func (res *Result) region(e *engine, obj Objective, prob Problem, set Settings, tauS float64) RegionReport {
	if prob.Region != nil {
		return checkRegion(e, obj, *prob.Region, prob.Point, set)
	}
	// The search domain: Omega with a, b bounded away from 0 (R must keep
	// the sign pattern).
	dom := *prob.Omega
	dom[AxisA].Lo = math.Max(dom[AxisA].Lo, prob.Start[AxisA].Lo/64)
	dom[AxisB].Lo = math.Max(dom[AxisB].Lo, prob.Start[AxisB].Lo/64)
	var rep RegionReport
	for _, pad := range regionPads {
		s := &regionSearch{e: e, obj: obj, hull: prob.Start.Hull(res.Max.Box), dom: dom, qHi: prob.Start[AxisQ].Hi,
			tauS: tauS, point: prob.Point, set: set, initPad: pad}
		rep = s.find()
		res.Counts.RegionMoves += s.moves + s.guided
		if rep.Proved || errors.Is(rep.err, errBudget) {
			break
		}
	}
	return rep
}
