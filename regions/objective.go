package regions

import (
	"fmt"
	"math"

	"github.com/nlssl/nlssl/certify"
	"github.com/nlssl/nlssl/sim"
)

// Point is a parameter point of the population objective: the data
// distribution's tau and rho (isotropic noise is the only mode the
// reduction to (a, b, q) holds for), the weight decay alpha, the number n
// of points the objective is scaled to, and the step size eta of the
// ascent w <- w + eta grad L.
type Point struct {
	Tau   float64   `json:"tau"`
	Rho   float64   `json:"rho"`
	Alpha float64   `json:"alpha"`
	N     int       `json:"n"`
	Eta   float64   `json:"eta"`
	Noise sim.Noise `json:"noise"`
}

// PointOf returns the population objective's point at a model point: the
// reduction to (a, b, q) keeps tau, rho, noise, alpha, n and eta (d, the SL
// decays, the seed and the quadrature do not enter).
func PointOf(p *sim.Point) Point {
	return Point{Tau: p.Tau, Rho: p.Rho, Alpha: p.Alpha, N: p.N, Eta: p.Eta, Noise: p.Noise}
}

// PaperPoint returns the paper's point at d = 10: tau = 7, rho = 10^-1.5,
// alpha = 1/800, n = 100, eta = 0.001, isotropic noise.
func PaperPoint() Point {
	return Point{Tau: 7, Rho: math.Pow(10, -1.5), Alpha: 1.0 / 800, N: 100, Eta: 0.001}
}

// Validate returns a *sim.ParamError for the first parameter out of range.
func (p Point) Validate() error {
	for _, c := range []struct {
		name string
		v    float64
	}{{"tau", p.Tau}, {"rho", p.Rho}, {"alpha", p.Alpha}} {
		if math.IsNaN(c.v) || math.IsInf(c.v, 0) || c.v < 0 {
			return paramErr(c.name, c.v, "a finite number >= 0")
		}
	}
	if p.N < 1 {
		return paramErr("n", p.N, "an integer >= 1")
	}
	if math.IsNaN(p.Eta) || math.IsInf(p.Eta, 0) || !(p.Eta > 0) {
		return paramErr("eta", p.Eta, "a finite number > 0")
	}
	if p.Noise != sim.Isotropic {
		return paramErr("noise", p.Noise, `"isotropic": with shared-scalar noise the population objective does not depend on w through a, b and ||w|| only, and the proof's reduction to three numbers does not hold`)
	}
	return nil
}

// Enclosure holds enclosures over a box of the row objective f(a, b, q),
// its gradient (f_a, f_b, f_q = c q), c (the gradient on the other
// coordinates is c w_rest) and its Hessian in (a, b, q).
type Enclosure = certify.BoxEnclosure

// Objective is a row objective as a function of (a, b, q) that can be
// enclosed over boxes. Every statement of this package is proved from
// these enclosures alone, so a test can wrap an Objective to mutate it.
type Objective interface {
	// Enclose returns enclosures over x: for every point of x the exact
	// values lie in the intervals.
	Enclose(x Box) (Enclosure, error)
}

// Guide is implemented by objectives that also give float64 values of
// the gradient cheaply. They only guide the search (where to put the
// trapping box's faces); nothing is proved from them. Objectives without
// a Guide are guided by the midpoints of point enclosures.
type Guide interface {
	// GuideGrad returns approximations of f_a, f_b and c at (a, b, q).
	GuideGrad(a, b, q float64) (fa, fb, c float64)
}

// Population is the population objective of package sim at a point, in
// the form of package certify's box enclosures, with sim's float64
// gradient as its Guide.
type Population struct {
	box *certify.BoxPopulation
	obj *sim.PopulationObjective
	w   []float64 // scratch (a, b, q) for the guide; Population is not safe for concurrent GuideGrad
	g   []float64
}

var (
	_ Objective = (*Population)(nil)
	_ Guide     = (*Population)(nil)
)

// NewPopulation returns the population objective at p (validated).
func NewPopulation(p Point) (*Population, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	dist := sim.Distribution{D: 3, Tau: p.Tau, Rho: p.Rho, Noise: p.Noise}
	obj, err := sim.NewPopulationObjective(dist, p.N, p.Alpha, 64)
	if err != nil {
		return nil, err
	}
	box, err := certify.NewBoxPopulation(obj)
	if err != nil {
		return nil, err
	}
	return &Population{box: box, obj: obj, w: make([]float64, 6), g: make([]float64, 6)}, nil
}

// Enclose encloses f and its derivatives over x (certify.BoxPopulation).
func (o *Population) Enclose(x Box) (Enclosure, error) { return o.box.Enclose(x) }

// GuideGrad returns sim's float64 f_a, f_b and c at (a, b, q) (64
// Gauss-Hermite nodes; d = 3 with w = (a, b, q), c = f_q / q, or the
// diagonal Hessian entry's c part at q = 0 from a nearby q).
func (o *Population) GuideGrad(a, b, q float64) (fa, fb, c float64) {
	qq := q
	if qq == 0 {
		qq = 1e-6 // c = f_q / q is smooth in q; at q = 0 take it nearby
	}
	o.w[0], o.w[1], o.w[2] = a, b, qq
	copy(o.w[3:], o.w[:3])
	o.obj.Grad(o.g, o.w)
	return o.g[0], o.g[1], o.g[2] / qq
}

// guideGrad returns (f_a, f_b, c) at x from obj's Guide, or from the
// midpoints of a point enclosure; ok is false when the enclosure fails.
func guideGrad(obj Objective, x [3]float64) (g [3]float64, ok bool) {
	if gd, isGuide := obj.(Guide); isGuide {
		g[0], g[1], g[2] = gd.GuideGrad(x[0], x[1], x[2])
		return g, !math.IsNaN(g[0]+g[1]+g[2]) && !math.IsInf(g[0]+g[1]+g[2], 0)
	}
	e, err := obj.Enclose(PointBox(x))
	if err != nil {
		return g, false
	}
	return [3]float64{e.Grad[0].Mid(), e.Grad[1].Mid(), e.C.Mid()}, true
}

func (p Point) String() string {
	return fmt.Sprintf("tau=%g rho=%.6g alpha=%g n=%d eta=%g", p.Tau, p.Rho, p.Alpha, p.N, p.Eta)
}
