package sim

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/integrate/quad"
)

// DefaultQuadNodes is the default number of Gauss-Hermite nodes. With 32
// nodes E sigma^(k)(m + s g) is exact to rounding (4e-14) for s <= 0.5 and
// every k <= 4, to 2e-13 (k = 0) .. 2e-9 (k = 4) for s <= 1, and to
// 3e-7 .. 3e-4 for s <= 2 (measured: TestQuadratureAccuracy). At the
// paper's settings s = rho ||w|| is about 0.15. For larger s raise the
// node count (quad-nodes).
const DefaultQuadNodes = 32

// MaxQuadNodes bounds the node count: gonum tabulates rules up to 200 nodes
// and past that the extra accuracy is lost to rounding anyway.
const MaxQuadNodes = 200

// GaussHermite is a Gauss-Hermite rule rescaled to the standard normal:
// E h(g) ~ sum_i W[i] h(G[i]), g ~ N(0,1). The nodes are symmetric about 0.
type GaussHermite struct {
	G []float64 // nodes sqrt(2) x_i
	W []float64 // weights w_i / sqrt(pi); they sum to 1
}

// NewGaussHermite returns the k-node rule, 2 <= k <= MaxQuadNodes, computed
// by gonum's quad.Hermite.
func NewGaussHermite(k int) (*GaussHermite, error) {
	if k < 2 || k > MaxQuadNodes {
		return nil, paramErr("quad-nodes", k, fmt.Sprintf("an integer in [2, %d]", MaxQuadNodes))
	}
	x := make([]float64, k)
	w := make([]float64, k)
	quad.Hermite{}.FixedLocations(x, w, math.Inf(-1), math.Inf(1))
	for i := range x {
		x[i] *= math.Sqrt2
		w[i] /= math.SqrtPi
	}
	return &GaussHermite{G: x, W: w}, nil
}

// Expect returns the rule's approximation of E h(m + s g), g ~ N(0,1).
func (q *GaussHermite) Expect(h func(float64) float64, m, s float64) float64 {
	var sum float64
	for i, g := range q.G {
		sum += q.W[i] * h(m+s*g)
	}
	return sum
}

// sigmoidMoments returns E_k = E sigma^(k)(m + s g) for k = 0..4. These five
// numbers are everything the expected and population objectives need: by the
// heat identity d/dv E f(m + sqrt(v) g) = 1/2 E f”(m + sqrt(v) g), every
// derivative in the augmentation variance becomes a higher moment.
func (q *GaussHermite) sigmoidMoments(m, s float64) (e [5]float64) {
	for i, g := range q.G {
		d0, d1, d2, d3, d4 := SigmoidDerivs(m + s*g)
		w := q.W[i]
		e[0] += w * d0
		e[1] += w * d1
		e[2] += w * d2
		e[3] += w * d3
		e[4] += w * d4
	}
	return e
}

// sigmoidMoments3 is sigmoidMoments for gradients: only E_0, E_1, E_2.
func (q *GaussHermite) sigmoidMoments3(m, s float64) (e0, e1, e2 float64) {
	for i, g := range q.G {
		d0, d1, d2, _, _ := SigmoidDerivs(m + s*g)
		w := q.W[i]
		e0 += w * d0
		e1 += w * d1
		e2 += w * d2
	}
	return e0, e1, e2
}
