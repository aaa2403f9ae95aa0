package properties

import (
	"math"
	"testing"

	"github.com/nlssl/nlssl/certify"
	"github.com/nlssl/nlssl/sim"
	"github.com/nlssl/nlssl/theory"
	"gonum.org/v1/gonum/mat"
)

// TestC3 checks C3 at PointGen's points: it never fails (a failure would be
// a certified critical point near W~* that is not a maximum); undecided
// outcomes (a certificate too weak) are allowed and counted as inside.
func TestC3(t *testing.T) { claimProperty(t, "C3", 0, hypothesesMet) }

// TestC3FailsWhereItShould: the certificate tells a maximum from a saddle.
// The population objective is even in a, so a = 0 is a critical line; its
// critical point there (Newton from (0, b~*)) is a saddle for alpha below
// the bifurcation. The certificate must prove a unique zero there and
// prove it is NOT a maximum (a positive eigenvalue), which is how C3 fails.
func TestC3FailsWhereItShould(t *testing.T) {
	p := theory.PaperParams()
	simp, err := theory.SimplifiedMax(p.D, p.Tau, p.Alpha)
	if err != nil {
		t.Fatal(err)
	}
	pop, err := sim.NewPopulationObjective(p.Distribution(), p.N, p.Alpha, 0)
	if err != nil {
		t.Fatal(err)
	}
	d := p.D
	w := make([]float64, 2*d)
	w[1], w[d+1] = simp.B[0], simp.B[1]
	// Plain Newton on the gradient (not an ascent): it converges to the
	// critical point of the a = 0 line.
	g := make([]float64, 2*d)
	h := mat.NewSymDense(2*d, nil)
	for range 30 {
		pop.Grad(g, w)
		pop.Hess(h, w)
		var hd mat.Dense
		hd.CloneFrom(h)
		var step mat.VecDense
		if err := step.SolveVec(&hd, mat.NewVecDense(2*d, g)); err != nil {
			t.Fatal(err)
		}
		for j := range w {
			w[j] -= step.AtVec(j)
		}
	}
	rc := certify.IFT(certify.Population{PopulationObjective: pop}, w[:d], nil)
	if !rc.Certified || !(rc.LambdaMaxLow > 0) {
		t.Fatalf("saddle at a = %.3g, b = %.3g: certified %v, largest eigenvalue in [%.3g, %.3g]; want a certified zero with a certified positive eigenvalue (%s)",
			w[0], w[1], rc.Certified, rc.LambdaMaxLow, rc.LambdaMax, rc.Failed)
	}
	if math.Abs(w[0]) > 1e-12 {
		t.Fatalf("Newton left the a = 0 line: a = %v", w[0])
	}
}
