package sim

import (
	"fmt"
	"math"
)

// Point is one model point: the data distribution (d, tau, rho, noise),
// the number of samples n, the weight decays of both objectives (alpha for
// SSL, beta and gamma for SL), the step size eta, the seed of the dataset,
// initial point and views, and the quadrature. A training run (Config) and
// a claim check (theory.Params) both embed it, so that a name means one
// thing everywhere: the CLI's flags, the phase axes and the JSON keys set
// these fields and no copy of them.
type Point struct {
	D         int     `json:"d"`
	N         int     `json:"n"`
	Tau       float64 `json:"tau"`
	Rho       float64 `json:"rho"`
	Noise     Noise   `json:"noise"`
	Alpha     float64 `json:"alpha"` // SSL weight decay
	Beta      float64 `json:"beta"`  // SL weight decay on W
	Gamma     float64 `json:"gamma"` // SL weight decay on F
	Eta       float64 `json:"eta"`
	Seed      uint64  `json:"seed"`
	QuadNodes int     `json:"quad_nodes"` // Gauss-Hermite nodes; 0 chooses (DefaultQuadNodes, or per row / from the noise scale where the objective says so)
}

// Distribution returns the data distribution of the point.
func (p *Point) Distribution() Distribution {
	return Distribution{D: p.D, Tau: p.Tau, Rho: p.Rho, Noise: p.Noise}
}

// Validate returns a *ParamError for the first field out of range.
func (p *Point) Validate() error {
	if err := p.validateModel(); err != nil {
		return err
	}
	if err := checkPositive("eta", p.Eta); err != nil {
		return err
	}
	return p.validateQuad()
}

// validateModel checks the distribution, n and the weight decays.
func (p *Point) validateModel() error {
	if err := p.Distribution().Validate(); err != nil {
		return err
	}
	if err := checkN(p.N, p.D); err != nil {
		return err
	}
	for _, c := range []struct {
		name string
		v    float64
	}{{"alpha", p.Alpha}, {"beta", p.Beta}, {"gamma", p.Gamma}} {
		if err := checkNonNegative(c.name, c.v); err != nil {
			return err
		}
	}
	return nil
}

// validateQuad checks the quadrature's node count.
func (p *Point) validateQuad() error {
	if p.QuadNodes != 0 && (p.QuadNodes < 2 || p.QuadNodes > MaxQuadNodes) {
		return paramErr("quad-nodes", p.QuadNodes, fmt.Sprintf("0 (default %d) or an integer in [2, %d]", DefaultQuadNodes, MaxQuadNodes))
	}
	return nil
}

// DefaultPoint returns the paper's point scaled to dimension d (THEORY
// sections 1 and 7): n = d^2, rho = d^-1.5, tau = 7, isotropic noise,
// alpha = beta = gamma = 1/800, eta = 0.001, seed 1, quadrature chosen.
func DefaultPoint(d int) Point {
	return Point{
		D: d, N: d * d, Tau: 7, Rho: math.Pow(float64(d), -1.5), Noise: Isotropic,
		Alpha: 1.0 / 800, Beta: 1.0 / 800, Gamma: 1.0 / 800, Eta: 0.001, Seed: 1,
	}
}
