package properties

import (
	"testing"

	"github.com/nlssl/nlssl/theory"
)

// TestC1 checks C1 at PointGen's points (see its doc for the ranges):
// ascent from the near region never loses the sign pattern nor decreases L.
func TestC1(t *testing.T) { claimProperty(t, "C1", 0, hypothesesMet) }

// TestC1FailsWhereItShould: with both rows started on the same side of
// a = 0 (w2^(1) > 0: outside the region), the sign pattern is never reached,
// and C1 says so when asked to check the conclusion outside (CheckOutside);
// a step size past the smoothness bound is outside too.
func TestC1FailsWhereItShould(t *testing.T) {
	p := theory.PaperParams()
	p.CheckOutside = true
	p.W0 = nearW0(p)
	p.W0[p.D] = 3.5 // row 2 on row 1's side
	v := check(t, p, "C1")
	requireOutsideAndConclusionFails(t, v)

	p = theory.PaperParams()
	p.Eta = 0.05 // 2/Lhat is about 0.0025 at the paper's point
	v = check(t, p, "C1")
	if v.Outcome != theory.OutsideHypotheses {
		t.Fatalf("eta = 0.05: %v", v)
	}
}
