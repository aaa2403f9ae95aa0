package sim

import (
	"fmt"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// BenchmarkObjectiveDerivs times the float64 value, gradient and Hessian
// of the expected and population objectives at the near initialisation:
// the hot paths of the derivative algebra of F = S^2 (fderivs_gen.go).
func BenchmarkObjectiveDerivs(b *testing.B) {
	for _, sz := range benchSizes {
		ds, w := benchData(b, sz.d, sz.n)
		c := DefaultConfig(SSL, sz.d)
		exp, err := NewExpectedObjective(ds, c.Rho, 1.0/800, 0)
		if err != nil {
			b.Fatal(err)
		}
		pop, err := NewPopulationObjective(c.Distribution(), sz.n, 1.0/800, 0)
		if err != nil {
			b.Fatal(err)
		}
		for _, o := range []struct {
			name string
			obj  HessianObjective
		}{{"expected", exp}, {"population", pop}} {
			g := make([]float64, len(w))
			h := mat.NewSymDense(len(w), nil)
			b.Run(fmt.Sprintf("%s/funcgrad/d=%d/n=%d", o.name, sz.d, sz.n), func(b *testing.B) {
				for b.Loop() {
					benchSink = o.obj.FuncGrad(g, w)
				}
			})
			b.Run(fmt.Sprintf("%s/hess/d=%d/n=%d", o.name, sz.d, sz.n), func(b *testing.B) {
				for b.Loop() {
					o.obj.Hess(h, w)
				}
			})
		}
	}
}
