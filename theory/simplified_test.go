package theory

import (
	"math"
	"testing"
)

// TestSimplifiedMax: at the paper's point W~* is a strict maximum with a
// vanishing gradient and mirror rows; past the pitchfork (alpha = 0.05) the
// maximum sits at a = 0, where e1 is lost.
func TestSimplifiedMax(t *testing.T) {
	o, err := SimplifiedMax(10, 7, 1.0/800)
	if err != nil {
		t.Fatal(err)
	}
	if !o.IsMax || o.GradNorm > 1e-14 || o.A[0] != -o.A[1] || o.B[0] != o.B[1] || !(o.A[0] > 3) || !(o.Mu > 0) {
		t.Fatalf("paper point: %+v", o)
	}
	past, err := SimplifiedMax(10, 7, 0.05)
	if err != nil {
		t.Fatal(err)
	}
	if !past.IsMax || math.Abs(past.A[0]) > 1e-6 || !(past.B[0] > 0) {
		t.Fatalf("alpha = 0.05: %+v", past)
	}
	if _, err := SimplifiedMax(10, 0, 0.001); err == nil {
		t.Fatal("tau = 0 accepted")
	}
}
