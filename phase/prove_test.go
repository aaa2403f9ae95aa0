package phase

import (
	"testing"

	"github.com/nlssl/nlssl/regions"
	"github.com/nlssl/nlssl/sim"
	"github.com/nlssl/nlssl/theory"
	"github.com/stretchr/testify/require"
)

// proveSpec is a 2 x 2 prove-mode sweep at tau = 7 and 8: the paper's
// decay, where the proof closes (~260 enclosures, ~4 s), and decay 0.05,
// past L~'s pitchfork, where there is no strict maximum with a > 0 to
// converge to (~30 enclosures, 0.1 s).
func proveSpec() Spec {
	return Spec{Base: theory.PaperParams(),
		X:    Axis{Param: "tau", Lo: 7, Hi: 8, Count: 2},
		Y:    Axis{Param: "decay", Lo: 1.0 / 800, Hi: 0.05, Count: 2},
		Mode: Prove}
}

// TestProveModeClassifiesTheProof: each point's class is what regions
// proves there with the mode's budget (holds only when every part is
// proved, with its margins as evidence), the paper's point is proved, the
// point past the pitchfork is not, and the shards merge exactly.
func TestProveModeClassifiesTheProof(t *testing.T) {
	if testing.Short() {
		t.Skip("two proofs of about 4 s")
	}
	spec := proveSpec()
	sw, err := Run(spec, Shard{0, 1}, 0, nil)
	require.NoError(t, err)
	require.Len(t, sw.Points, 4)
	for _, pt := range sw.Points {
		p := spec.Point(pt.X, pt.Y)
		res, err := regions.Prove(regions.Problem{Point: regions.PointOf(&p.Point), Start: regions.NearRegion(p.Tau, p.D)},
			&regions.Settings{MaxEnclosures: ProveMaxEnclosures})
		require.NoError(t, err)
		r := pt.Results[0]
		require.Equal(t, ProvedClaim, r.Claim)
		require.Equal(t, res.Status == regions.Proved, r.Outcome == theory.Holds, "point %v: %s, class %s %q", pt, res.Summary(), r.Outcome, r.Mechanism)
		require.Equal(t, float64(res.Counts.Enclosures), float64(r.Evidence["enclosures"]))
		if r.Outcome == theory.Holds {
			require.Less(t, float64(r.Evidence["lambda_max"]), 0.0)
			require.Less(t, float64(r.Evidence["eta_lhat_half"]), 1.0)
			require.Greater(t, float64(r.Evidence["face_margin"]), 0.0)
		}
	}
	require.Equal(t, theory.Holds, sw.Points[0].Results[0].Outcome, "the paper's point: %+v", sw.Points[0].Results[0])
	require.Equal(t, theory.Undecided, sw.Points[2].Results[0].Outcome)
	require.Equal(t, proveNoMaximum, sw.Points[2].Results[0].Mechanism)
	require.Len(t, sw.Boundaries, 2, "a boundary along decay at each tau")
}

// TestProveModeShardsMergeExactly: the shards of a prove sweep merge into
// the unsharded output, byte for byte (the four points past the pitchfork,
// 0.1 s each).
func TestProveModeShardsMergeExactly(t *testing.T) {
	spec := proveSpec()
	spec.Y.Lo = 0.04
	sw, err := Run(spec, Shard{0, 1}, 0, nil)
	require.NoError(t, err)
	var parts []*Sweep
	for i := range 2 {
		p, err := Run(spec, Shard{i, 2}, 1, nil)
		require.NoError(t, err)
		parts = append(parts, p)
	}
	merged, err := Merge(parts)
	require.NoError(t, err)
	requireSameBytes(t, jsonBytes(t, sw), jsonBytes(t, merged), "merged prove sweep")
}

// TestProveModeRefuses: axes the population objective does not depend on,
// and points the prover refuses, named.
func TestProveModeRefuses(t *testing.T) {
	for _, ax := range []string{"a0", "b0", "beta", "gamma"} {
		spec := proveSpec()
		spec.X = Axis{Param: ax, Lo: 0.5, Hi: 1, Count: 2}
		err := spec.Validate()
		require.Error(t, err, ax)
		require.Contains(t, err.Error(), "axis "+ax)
	}
	p := theory.PaperParams()
	p.Noise = sim.SharedScalar //: the population enclosures are for isotropic noise
	r := proveResult(p)
	require.Equal(t, theory.OutsideHypotheses, r.Outcome)
	require.Contains(t, r.Mechanism, invalidPoint+": ")
	hasColour := func(m string) bool {
		_, f := classColors[class{theory.Fails, m}]
		_, u := classColors[class{theory.Undecided, m}]
		return f || u
	}
	mechs := []string{proveDisproved, proveOtherFailure}
	for _, m := range provePartMechanism {
		mechs = append(mechs, m)
	}
	for _, m := range mechs {
		require.True(t, hasColour(m), "prove mechanism %q has no fixed map colour", m)
	}
}
