package properties

import (
	"testing"

	"github.com/nlssl/nlssl/theory"
)

// TestC4 checks C4 at PointGen's points: W* and the end of the reference
// run capture both features within the stated tolerances.
func TestC4(t *testing.T) { claimProperty(t, "C4", 0, hypothesesMet) }

// TestC4FailsWhereItShould: past the pitchfork of L~ (alpha = 0.05 at
// tau = 7, where a~* = 0) the rows lose e1: C4 is outside its hypotheses
// and its conclusion fails there.
func TestC4FailsWhereItShould(t *testing.T) {
	p := theory.PaperParams()
	p.Alpha, p.Beta, p.Gamma = 0.05, 0.05, 0.05
	p.Eta = 0.0005
	p.CheckOutside = true
	requireOutsideAndConclusionFails(t, check(t, p, "C4"))
}

// TestC4SmallDimensionCounterexamples replays the point where the wider
// generators found C4 failing at d = 3 (W*'s projections 0.888 and 0.880
// below 1 - 0.074: testdata/counterexamples/C4-d3.json; README, Finding 9):
// it is now outside (d >= 4), and the conclusion must still fail there.
func TestC4SmallDimensionCounterexamples(t *testing.T) {
	requireOutsideStillFails(t, "C4-d3", "Finding 9", "C4")
}
