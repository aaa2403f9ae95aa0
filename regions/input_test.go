package regions

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/nlssl/nlssl/interval"
	"github.com/nlssl/nlssl/sim"
	"github.com/stretchr/testify/require"
)

// TestProveBadInput: every problem or setting out of range is an error
// naming the parameter and the allowed range; nothing is computed.
func TestProveBadInput(t *testing.T) {
	nan := math.NaN()
	good := quickProblem()
	with := func(f func(p *Problem)) Problem { p := good; f(&p); return p }
	boxp := func(b Box) *Box { return &b }
	for _, c := range []struct {
		name string
		prob Problem
		set  *Settings
		want string
	}{
		{"a reversed", with(func(p *Problem) { p.Start[AxisA] = interval.Interval{Lo: 3.9, Hi: 3.1} }), nil, "start.a = 3.9:3.1 is invalid: allowed finite numbers lo:hi with lo <= hi"},
		{"b NaN", with(func(p *Problem) { p.Start[AxisB].Hi = nan }), nil, "start.b = 1.2142857142857142:NaN is invalid"},
		{"q infinite", with(func(p *Problem) { p.Start[AxisQ].Hi = math.Inf(1) }), nil, "start.q = 0:+Inf is invalid"},
		{"q negative", with(func(p *Problem) { p.Start[AxisQ].Lo = -1 }), nil, "start.q = -1:1 is invalid: allowed 0 <= lo <= hi"},
		{"a not positive", with(func(p *Problem) { p.Start[AxisA].Lo = 0 }), nil, "start.a = 0:3.9 is invalid: allowed lo > 0"},
		{"b not positive", with(func(p *Problem) { p.Start[AxisB].Lo = -0.5 }), nil, "start.b = -0.5:1.2857142857142858 is invalid: allowed lo > 0"},
		{"omega misses start", with(func(p *Problem) { p.Omega = boxp(NewBox(0.5, 3.5, 0.5, 2, 0, 1)) }), nil, "omega = a in [0.5, 3.5]"},
		{"omega too large", with(func(p *Problem) { p.Omega = boxp(NewBox(0.5, 100, 0.5, 2, 0, 1)) }), nil, "the noise scale rho ||w|| stays <= 2"},
		{"omega NaN", with(func(p *Problem) { p.Omega = boxp(NewBox(nan, 3.5, 0.5, 2, 0, 1)) }), nil, "omega.a = NaN:3.5 is invalid"},
		{"region misses start", with(func(p *Problem) { p.Region = boxp(NewBox(3.2, 4, 1, 2, 0, 1)) }), nil, "region = a in [3.2, 4]"},
		{"region not from q = 0", with(func(p *Problem) { p.Region = boxp(NewBox(3, 4, 1, 2, 0.5, 1)) }), nil, "region = "},
		{"shared-scalar noise", with(func(p *Problem) { p.Point.Noise = sim.SharedScalar }), nil, "noise = shared-scalar is invalid: allowed \"isotropic\""},
		{"eta zero", with(func(p *Problem) { p.Point.Eta = 0 }), nil, "eta = 0 is invalid: allowed a finite number > 0"},
		{"n zero", with(func(p *Problem) { p.Point.N = 0 }), nil, "n = 0 is invalid: allowed an integer >= 1"},
		{"tau NaN", with(func(p *Problem) { p.Point.Tau = nan }), nil, "tau = NaN is invalid"},
		{"rho negative", with(func(p *Problem) { p.Point.Rho = -1 }), nil, "rho = -1 is invalid"},
		{"budget", good, &Settings{MaxEnclosures: -1}, "max-enclosures = -1 is invalid"},
		{"workers", good, &Settings{Workers: -2}, "workers = -2 is invalid"},
		{"min width", good, &Settings{MinWidth: 1}, "min-width = 1 is invalid"},
	} {
		res, err := Prove(c.prob, c.set)
		if err == nil || !strings.Contains(err.Error(), c.want) || res != nil {
			t.Errorf("%s: got %v (result %v), want an error containing %q", c.name, err, res, c.want)
		}
		if err != nil && !sim.IsParamError(err) {
			t.Errorf("%s: %v is not a *sim.ParamError", c.name, err)
		}
	}
	if _, err := ProveAt(PaperPoint(), 1); err == nil || !strings.Contains(err.Error(), "d = 1 is invalid") {
		t.Errorf("ProveAt d = 1: %v", err)
	}
	p := PaperPoint()
	p.Tau = 0
	if _, err := ProveAt(p, 10); err == nil || !strings.Contains(err.Error(), "tau = 0 is invalid") {
		t.Errorf("ProveAt tau = 0: %v", err)
	}
}

// TestBoxJSONRoundTrip: a box survives JSON exactly.
func TestBoxJSONRoundTrip(t *testing.T) {
	b := NewBox(3.1, 3.9, 8.5/7, 9.0/7, 0, QMax(10))
	j, err := json.Marshal(b)
	require.NoError(t, err)
	var back Box
	require.NoError(t, json.Unmarshal(j, &back))
	require.Equal(t, b, back)
	require.Equal(t, `{"a":[3.1,3.9],"b":[1.2142857142857142,1.2857142857142858],"q":[0,14.142135623730951]}`, string(j))
}

// TestGuideAgreesWithEnclosure: the float64 guide (sim's gradient) lies in
// the point enclosures (to 1e-9 of the scale), at random points; and the
// check fails for a guide with a flipped component.
func TestGuideAgreesWithEnclosure(t *testing.T) {
	obj := paperObjective(t)
	check := func(g [3]float64, e Enclosure) bool {
		scale := 1 + e.Grad[0].Mag() + e.Grad[1].Mag()
		for i, enc := range []interval.Interval{e.Grad[0], e.Grad[1], e.C} {
			if !(enc.Lo-1e-9*scale <= g[i] && g[i] <= enc.Hi+1e-9*scale) {
				return false
			}
		}
		return true
	}
	for _, p := range [][3]float64{{3.5, 1.25, 0}, {0.3, 2, 1}, {5, 0.7, 10}, {3.82, 1.52, 0.001}} {
		g, ok := guideGrad(obj, p)
		require.True(t, ok)
		e, err := obj.Enclose(PointBox(p))
		require.NoError(t, err)
		require.True(t, check(g, e), "guide %v outside the enclosure %v %v %v at %v", g, e.Grad[0], e.Grad[1], e.C, p)
		g[1] = -g[1]
		require.False(t, check(g, e), "a flipped f_b passes at %v", p)
	}
}

// TestNearRegionBox: NearRegion is sim.NearRegion as a box of one row's
// (a, b, q): the same bits as the literal box, and every sampled W0 that
// sim.NearRegion contains has both rows (row 2 mirrored) in it.
func TestNearRegionBox(t *testing.T) {
	require.Equal(t, `{"a":[3.1,3.9],"b":[1.2142857142857142,1.2857142857142858],"q":[0,14.142135623730951]}`, func() string {
		j, err := json.Marshal(NearRegion(7, 10))
		require.NoError(t, err)
		return string(j)
	}())
	for _, d := range []int{2, 3, 10} {
		for _, tau := range []float64{0.5, 7} {
			box, n := NearRegion(tau, d), sim.NearRegion{D: d, Tau: tau}
			require.Equal(t, NewBox(3.1, 3.9, 8.5/tau, 9/tau, 0, 5*math.Sqrt(float64(d-2))), box)
			for seed := uint64(1); seed <= 50; seed++ {
				w, err := n.Sample(seed)
				require.NoError(t, err)
				require.True(t, n.Contains(w))
				for k, sign := range []float64{1, -1} {
					row := w[k*d : (k+1)*d]
					q := 0.0
					for _, x := range row[2:] {
						q = math.Hypot(q, x)
					}
					p := NewBox(sign*row[0], sign*row[0], row[1], row[1], q, q)
					require.True(t, box.Contains(p), "d = %d, tau = %g, seed %d, row %d: %v not in %v", d, tau, seed, k+1, p, box)
				}
			}
		}
	}
}
