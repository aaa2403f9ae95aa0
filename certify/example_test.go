package certify_test

import (
	"fmt"
	"math"

	"github.com/nlssl/nlssl/certify"
	"github.com/nlssl/nlssl/sim"
	"gonum.org/v1/gonum/mat"
)

// Certifying the maximum of the population objective at the paper's point:
// Newton from the near region's centre finds a zero of the gradient in
// float64; the IFT certificate proves, by interval arithmetic, that each
// row's gradient has exactly one zero within RExist of it, and that the
// Hessian there is negative definite (a strict local maximum). A point one
// unit away is not certified.
func ExampleIFT() {
	dist := sim.Distribution{D: 10, Tau: 7, Rho: math.Pow(10, -1.5), Noise: sim.Isotropic}
	obj, err := sim.NewPopulationObjective(dist, 100, 1.0/800, 0)
	if err != nil {
		panic(err)
	}
	pop := certify.Population{PopulationObjective: obj}
	d := dist.D
	start := make([]float64, 2*d)
	start[0], start[1], start[d], start[d+1] = 3.5, 1.25, -3.5, 1.25
	zero, _, gradNorm := certify.NewtonMax(pop, start)
	fmt.Printf("Newton: ||grad L|| < 1e-9: %v, at a = (%.3f, %.3f), b = %.3f\n", gradNorm < 1e-9, zero[0], zero[d], zero[1])

	h := mat.NewSymDense(2*d, nil)
	pop.Hess(h, zero)
	for k := range 2 {
		scale := certify.DiagScale(certify.RowBlock(h, k, d), d)
		rc := certify.IFT(pop, zero[k*d:(k+1)*d], scale)
		fmt.Printf("row %d: certified %v, the zero within 1e-9 of Newton's: %v, a strict maximum: %v\n", k+1, rc.Certified, rc.RExist < 1e-9, rc.LambdaMax < 0)
	}
	far := append([]float64(nil), zero[:d]...)
	far[0]++
	fmt.Println("one unit away: certified", certify.IFT(pop, far, nil).Certified)
	// Output:
	// Newton: ||grad L|| < 1e-9: true, at a = (3.821, -3.821), b = 1.522
	// row 1: certified true, the zero within 1e-9 of Newton's: true, a strict maximum: true
	// row 2: certified true, the zero within 1e-9 of Newton's: true, a strict maximum: true
	// one unit away: certified false
}
