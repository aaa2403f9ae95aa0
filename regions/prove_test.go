package regions

import (
	"encoding/json"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/nlssl/nlssl/interval"
	"github.com/nlssl/nlssl/sim"
	"github.com/stretchr/testify/require"
)

// checkProved checks every part and the evidence of a proved result: the
// boxes nest (Start in R in Omega, R in a, b > 0, W*'s boxes in R), every
// margin has the sign the proof needs, and the value at W* contains sim's.
func checkProved(t *testing.T, res *Result) {
	t.Helper()
	require.Equal(t, Proved, res.Status, res.Summary())
	names := []string{}
	for _, p := range res.Parts {
		require.True(t, p.Proved, "part %s: %s", p.Name, p.Detail)
		names = append(names, p.Name)
	}
	require.Equal(t, []string{"critical points", "maximum", "region", "descent", "uniqueness"}, names)
	r := *res.Problem.Region
	require.True(t, r.Contains(res.Problem.Start) && res.Problem.Omega.Contains(r), "start %v, R %v, Omega %v", res.Problem.Start, r, res.Problem.Omega)
	require.True(t, r[AxisA].Lo > 0 && r[AxisB].Lo > 0, "R %v leaves a, b > 0", r)
	m := res.Max
	require.Equal(t, KindStrictMax, m.Kind)
	require.True(t, r.Contains(m.Box) && m.Box.Contains(m.Enclosed), "W* boxes %v, %v", m.Box, m.Enclosed)
	require.Less(t, m.LambdaMax, 0.0)
	mg := res.Margins
	require.Greater(t, mg.GradExclusion, 0.0)
	for k := range 5 {
		require.Greater(t, mg.FaceMargin[k], 0.0, "face %s", faceNames[k])
		require.GreaterOrEqual(t, mg.ImageSlack[k], 0.0, "face %s", faceNames[k])
	}
	require.Less(t, mg.EtaLhatHalf, 1.0)
	require.Less(t, mg.CMax, 0.0)
	require.Zero(t, res.Counts.Undecided)
	obj, err := sim.NewPopulationObjective(sim.Distribution{D: 3, Tau: res.Problem.Point.Tau, Rho: res.Problem.Point.Rho}, res.Problem.Point.N, res.Problem.Point.Alpha, 64)
	require.NoError(t, err)
	w := []float64{m.Centre[0], m.Centre[1], 0, m.Centre[0], m.Centre[1], 0}
	f := obj.Func(w) / 2
	require.True(t, m.F[0]-1e-9 <= f && f <= m.F[1]+1e-9, "f(W*) = %v outside %v", f, m.F)
}

// TestProveQuick: at the paper's point, the near region with q <= 1 is
// proved (default Omega), with every margin of the right sign.
func TestProveQuick(t *testing.T) {
	res := quickResult(t)
	checkProved(t, res)
	require.Contains(t, res.Summary(), "proved: from every (a, b, q)")
}

// TestProveDeterministic: one worker and two give the same result, bit
// for bit (the batches are consumed in order).
func TestProveDeterministic(t *testing.T) {
	one, err := Prove(smallProblem(), &Settings{Workers: 1})
	require.NoError(t, err)
	two, err := Prove(smallProblem(), &Settings{Workers: 2})
	require.NoError(t, err)
	checkProved(t, two)
	j1, _ := json.Marshal(one)
	j2, _ := json.Marshal(two)
	require.Equal(t, string(j1), string(j2), "the result depends on the number of workers")
}

// TestProvePaperNearRegion (NLSSL_LONG=1): the whole near region, q up to
// 5 sqrt(8), at the paper's point, through ProveAt.
func TestProvePaperNearRegion(t *testing.T) {
	long(t)
	res, err := ProveAt(PaperPoint(), 10)
	require.NoError(t, err)
	checkProved(t, res)
	require.Equal(t, QMax(10), res.Problem.Start[AxisQ].Hi)
}

// TestProveRefusesFlippedGradient: with the sign of f_a (or f_b) flipped
// in the gradient's enclosure, the gradient's zeros are the same but its
// enclosures no longer agree with the Hessian's, so Krawczyk's test
// cannot certify W*, and the proof refuses (the maximum part).
func TestProveRefusesFlippedGradient(t *testing.T) {
	obj := paperObjective(t)
	names := []string{"f_a", "f_b"}
	if os.Getenv("NLSSL_LONG") != "1" {
		names = names[:1] // f_b too under NLSSL_LONG=1
	}
	for axis, name := range names {
		m := mutant{obj, func(_ Box, e *Enclosure) { e.Grad[axis] = e.Grad[axis].Neg() }}
		res, err := ProveObjective(m, smallProblem(), nil)
		require.NoError(t, err)
		require.Equal(t, NotProved, res.Status, "%s flipped: %s", name, res.Summary())
		require.Equal(t, "maximum", res.FailedPart, "%s flipped: %s", name, res.Summary())
		require.NotEmpty(t, res.Undecided, "%s flipped: W*'s box must be left undecided", name)
	}
}

// TestProveDisprovesSecondMaximumInStart: a narrow bump added to f inside
// the starting box makes a second strict maximum (and a saddle) there:
// certified critical points of the mutant inside the start, so the
// statement is disproved, with the box named.
func TestProveDisprovesSecondMaximumInStart(t *testing.T) {
	bp := bump{a0: 3.5, b0: 1.25, sa: 0.05, sb: 0.05 / 7, h: 0.1}
	m := mutant{paperObjective(t), bp.add}
	prob := smallProblem()
	res, err := ProveObjective(m, prob, nil)
	require.NoError(t, err)
	require.Equal(t, Disproved, res.Status, res.Summary())
	require.Equal(t, "start", res.FailedPart)
	require.NotNil(t, res.FailedBox)
	require.True(t, prob.Start.Contains(*res.FailedBox))
	kinds := map[Kind]int{}
	for _, cp := range res.Critical {
		if prob.Start.Contains(cp.Box) {
			kinds[cp.Kind]++
		}
	}
	require.GreaterOrEqual(t, kinds[KindStrictMax], 1, "critical points %+v", res.Critical)
	require.GreaterOrEqual(t, kinds[KindSaddle], 1, "critical points %+v", res.Critical)
}

// TestProveRefusesSecondMaximumInRegion: the same bump outside the start
// but inside the trapping box: not a counterexample for the start, but R
// then holds two maxima and the proof refuses (uniqueness).
func TestProveRefusesSecondMaximumInRegion(t *testing.T) {
	bp := bump{a0: 4.3, b0: 1.7, sa: 0.05, sb: 0.05 / 7, h: 0.1}
	obj := paperObjective(t)
	res, err := ProveObjective(guidedMutant{mutant{obj, bp.add}, obj}, smallProblem(), nil)
	require.NoError(t, err)
	require.Equal(t, NotProved, res.Status, res.Summary())
	require.Equal(t, "uniqueness", res.FailedPart, res.Summary())
	require.True(t, strings.Contains(res.Failed, "second certified critical point"), res.Failed)
}

// TestFindsSaddleOnPlaneAZero: with Omega reaching across a = 0 the
// search certifies the saddle of the plane a = 0 (f is even in a, so
// f_a = 0 there; the saddle sits where f_b = 0) and classifies it.
func TestFindsSaddleOnPlaneAZero(t *testing.T) {
	prob := quickProblem()
	om := NewBox(-0.5, 4, 0.9, 1.7, 0, 1)
	prob.Omega = &om
	res, err := Prove(prob, nil)
	require.NoError(t, err)
	var saddle *CriticalPoint
	for i, cp := range res.Critical {
		if cp.Box[AxisA].Lo < 0 && cp.Box[AxisA].Hi > 0 {
			saddle = &res.Critical[i]
		}
	}
	require.NotNil(t, saddle, "no critical point on a = 0 among %+v", res.Critical)
	require.Equal(t, KindSaddle, saddle.Kind)
	require.Greater(t, saddle.LambdaMinAB*saddle.LambdaMaxAB, -math.MaxFloat64)
	require.Greater(t, saddle.LambdaMaxAB, 0.0) // unstable along a
	// The float64 gradient vanishes at the saddle's centre.
	g, ok := guideGrad(paperObjective(t), saddle.Centre)
	require.True(t, ok)
	require.Less(t, math.Abs(g[0])+math.Abs(g[1]), 1e-8, "grad at the saddle %v", g)
	require.InDelta(t, 1.1211, saddle.Centre[AxisB], 1e-3)
}

// TestMaxAgreesWithPopulationAscent: gradient ascent on sim's population
// objective (d = 3, w_rest = 0) from the start's centre ends inside W*'s
// certified box, within the ascent's own tolerance of the narrow enclosure.
func TestMaxAgreesWithPopulationAscent(t *testing.T) {
	res := quickResult(t)
	p := res.Problem.Point
	obj, err := sim.NewPopulationObjective(sim.Distribution{D: 3, Tau: p.Tau, Rho: p.Rho}, p.N, p.Alpha, 32)
	require.NoError(t, err)
	c := res.Problem.Start.Mid()
	run, err := sim.Train(sim.Ascent{Obj: obj}, []float64{c[0], c[1], 0, c[0], c[1], 0}, sim.Settings{Eta: p.Eta, Steps: 100000, GradTol: 1e-7})
	require.NoError(t, err)
	require.Equal(t, sim.GradientThreshold, run.Status)
	w := run.X
	end := [3]float64{w[0], w[1], w[2]}
	require.True(t, res.Max.Box.Contains(PointBox(end)), "ascent ends at %v outside W*'s box %v", end, res.Max.Box)
	// ||grad|| <= 1e-7 and the Hessian's eigenvalues are <= -0.25 there:
	// the ascent's end is within 1e-7/0.25 of the zero, which is in Enclosed.
	require.Less(t, boxDist(res.Max.Enclosed, end), 1e-6, "ascent ends %v from W*'s enclosure %v", boxDist(res.Max.Enclosed, end), res.Max.Enclosed)
}

// TestProveRefusesNonInvariantRegion: an explicit R whose face a.hi lies
// below the a-nullcline (W* has a = 3.82 > 3.5: the gradient pushes a out
// through a = 3.5) is refused by the region check, with the face named.
func TestProveRefusesNonInvariantRegion(t *testing.T) {
	prob := smallProblem()
	prob.Start[AxisA] = interval.Interval{Lo: 3.1, Hi: 3.4}
	r := NewBox(3.0, 3.5, 1.2, 1.3, 0, 1)
	prob.Region = &r
	res, err := Prove(prob, nil)
	require.NoError(t, err)
	require.Equal(t, NotProved, res.Status, res.Summary())
	require.Equal(t, "region", res.FailedPart, res.Summary())
	require.Contains(t, res.Failed, "not invariant")
	require.Equal(t, "a.hi", res.Region.FailedFace())
}

// TestProveRefusesLongSteps: with eta = 0.05 the step is too long for the
// descent lemma (or jumps over a face) somewhere in every candidate box:
// not proved (region).
func TestProveRefusesLongSteps(t *testing.T) {
	prob := smallProblem()
	prob.Point.Eta = 0.05
	res, err := Prove(prob, &Settings{RegionMaxBoxes: 200, RegionMoves: 1})
	require.NoError(t, err)
	require.Equal(t, NotProved, res.Status, res.Summary())
	require.Equal(t, "region", res.FailedPart, res.Summary())
	require.NotNil(t, res.FailedBox)
	r := res.Region.Region
	require.NotEqual(t, r, *res.FailedBox, "the reported sub-box must be finer than R")
}
