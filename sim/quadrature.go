package sim

import (
	"fmt"
	"math"
	"sync"

	"gonum.org/v1/gonum/integrate/quad"
)

// DefaultQuadNodes is the default number of Gauss-Hermite nodes. With 32
// nodes E sigma^(k)(m + s g) is exact to rounding (4e-14) for s <= 0.5 and
// every k <= 4, to 2e-13 (k = 0) .. 2e-9 (k = 4) for s <= 1, and to
// 3e-7 .. 3e-4 for s <= 2 (measured: TestQuadratureAccuracy). At the
// paper's settings s = rho ||w|| is about 0.15. For larger s raise the
// node count (quad-nodes).
const DefaultQuadNodes = 32

// QuadAdaptive, given as the node count of the expected objective, makes
// every row evaluation use QuadNodesFor(rho ||w||) nodes: exact to rounding
// wherever the table reaches, and cheap where the scale is small (a
// trajectory that starts at a large norm and shrinks pays for the large
// rule only while it needs it).
const QuadAdaptive = -1

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
// heat identity
//
//	d/dv E f(m + sqrt(v) g) = 1/2 E f''(m + sqrt(v) g),
//
// every derivative in the augmentation variance becomes a higher moment.
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

// nodeExps holds exp(-s G[i]) for one scale s: with it, the moments at any
// mean m cost one exponential, exp(-m), instead of one per node, since
// exp(-(m + s g)) = exp(-m) exp(-s g). The gradient of the expected
// objective evaluates all n points of a row at the same s.
type nodeExps [MaxQuadNodes]float64

func (q *GaussHermite) nodeExps(s float64, dst *nodeExps) {
	for i, g := range q.G {
		dst[i] = math.Exp(-s * g)
	}
}

// sigmoidMoments3At is sigmoidMoments3 from the node exponentials of s. The
// sigmoid pair comes from e = exp(-u) as s = 1/(1+e), sigma(-u) = e s,
// without cancellation; e is capped at 1e300 (u < -690), where sigma(u) and
// p are below 1e-300 either way, so that Inf * 0 never occurs. The result
// differs from sigmoidMoments3 by a few roundings (two factors instead of
// one exponential).
func (q *GaussHermite) sigmoidMoments3At(m float64, ex *nodeExps) (e0, e1, e2 float64) {
	em := math.Exp(-m)
	for i, w := range q.W {
		e := min(em*ex[i], 1e300) // builtin min: math.Min is a call, this is an instruction
		s := 1 / (1 + e)
		sm := e * s
		p := s * sm
		e0 += w * s
		e1 += w * p
		e2 += w * p * (sm - s)
	}
	return e0, e1, e2
}

// quadTable lists node counts and the largest scale s at which they
// compute every moment E sigma^(k)(m + s g), k <= 4, to rounding (below
// 1e-13 against 200 nodes over m in [-8, 8]; measured, TestQuadNodesFor).
// Each entry keeps 9-17% below the largest scale measured on a grid of
// step 0.005 in s and m (8 nodes: 0.165, 9: 0.20, 10: 0.235, 11: 0.265,
// 12: 0.30, 16: 0.40, 20: 0.49, 24: 0.57, 32: 0.70).
var quadTable = []struct {
	nodes int
	sMax  float64
}{{8, 0.15}, {9, 0.17}, {10, 0.2}, {11, 0.225}, {12, 0.25}, {16, 0.33}, {20, 0.41}, {24, 0.47}, {32, 0.5}, {64, 1}}

// tableRules are the rules of quadTable and MaxQuadNodes, built once.
var tableRules = sync.OnceValue(func() map[int]*GaussHermite {
	rules := map[int]*GaussHermite{}
	for _, k := range append(tableNodes(), MaxQuadNodes) {
		rules[k], _ = NewGaussHermite(k)
	}
	return rules
})

func tableNodes() []int {
	var ks []int
	for _, e := range quadTable {
		ks = append(ks, e.nodes)
	}
	return ks
}

// ruleFor returns the table's rule for scale s (QuadNodesFor).
func ruleFor(s float64) *GaussHermite { return tableRules()[QuadNodesFor(s)] }

// QuadNodesFor returns the fewest Gauss-Hermite nodes that compute every
// moment to rounding for scales up to s (quadTable), and MaxQuadNodes
// beyond s = 1 (where even 200 nodes leave errors of 1e-7 at s = 2: use the
// certificates' rigorous quadrature there).
func QuadNodesFor(s float64) int {
	for _, e := range quadTable {
		if s <= e.sMax {
			return e.nodes
		}
	}
	return MaxQuadNodes
}

// QuadScaleFor returns the largest scale at which nodes Gauss-Hermite nodes
// are exact to rounding by quadTable (0 if the count is not in the table and
// below every entry; 1 for counts above the table's last).
func QuadScaleFor(nodes int) float64 {
	best := 0.0
	for _, e := range quadTable {
		if nodes >= e.nodes {
			best = e.sMax
		}
	}
	return best
}
