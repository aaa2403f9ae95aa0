package theory

import (
	"testing"

	"github.com/nlssl/nlssl/certify"
	"github.com/nlssl/nlssl/sim"
)

// TestC3NamesTheCrossedRow: at tau = 4.64, decay = 0.025 (d = 10, n = 100,
// seed 1; a cell of docs/phase/full) the safeguarded Newton ascent from
// W~* takes row 2 across a = 0 to the row-1 maximum, 2.8 (scaled) away:
// C3 is undecided with the mechanism that says so, not the plain "too
// far", and the crossing is what the certificate's own zero shows.
func TestC3NamesTheCrossedRow(t *testing.T) {
	if testing.Short() {
		t.Skip("a full C3 check (about 0.3 s)")
	}
	p := PaperParams()
	p.Tau, p.Alpha, p.Beta, p.Gamma = 4.64, 0.025, 0.025, 0.025
	s, err := NewSession(p)
	if err != nil {
		t.Fatal(err)
	}
	v := s.C3()
	fc := s.Certificate(sim.Expected)
	d := p.D
	if !(fc.Center[d] < 0 && fc.Zero[d] > 0 && fc.Center[0] > 0 && fc.Zero[0] > 0) {
		t.Fatalf("the point no longer shows a crossing: W~* rows a = %.3g, %.3g; W* rows a = %.3g, %.3g", fc.Center[0], fc.Center[d], fc.Zero[0], fc.Zero[d])
	}
	if v.Outcome != Undecided || v.Mechanism() != MechNoBallSignLost {
		t.Fatalf("C3: %s with %q, want undecided with %q (reason: %s)", v.Outcome, v.Mechanism(), MechNoBallSignLost, v.Reason)
	}
}

// TestCrossedRows: which rows change the sign of their e1 weight between
// the centre and the zero.
func TestCrossedRows(t *testing.T) {
	for _, c := range []struct {
		center, zero []float64
		want         string
	}{
		{[]float64{1, 2, -1, 2}, []float64{1.5, 2, -0.5, 2}, ""},
		{[]float64{1, 2, -1, 2}, []float64{1.5, 2, 0.5, 2}, "row 2"},
		{[]float64{1, 2, -1, 2}, []float64{-1.5, 2, -0.5, 2}, "row 1"},
		{[]float64{1, 2, -1, 2}, []float64{-1, 2, 1, 2}, "rows 1 and 2"},
	} {
		if got := crossedRows(&certify.Transfer{Center: c.center, Zero: c.zero}); got != c.want {
			t.Errorf("centre %v, zero %v: %q, want %q", c.center, c.zero, got, c.want)
		}
	}
}
