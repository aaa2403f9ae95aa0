package sim

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// PopulationObjective is the SSL objective averaged over the data as well
// as the augmentations (fidelity 3 of THEORY section 4), scaled to n points
// so that it is directly comparable with the other fidelities:
//
//	L(W) = n sum_k [ E_x E_{x',x''|x} sigma(w_k.x') sigma(w_k.x'') - alpha ||w_k||^2 ].
//
// Data noise is shared by the two views of a point, augmentation noise is
// not. Given the cluster c = y e1 + tau z e2 and the data noise, the two
// views' pre-activations are m and m with independent N(0, va) noise,
// va = rho^2 ||w||^2, and m = w.c + h sqrt(vd) with h ~ N(0,1) and
// vd = rho^2 w^T Sigma w (Sigma = I for Isotropic, the all-ones matrix for
// SharedScalar). So per cluster the term is
//
//	U(w.c, vd, va) = E_h F(w.c + sqrt(vd) h, va),  F(m, va) = S(m, va)^2,
//
// and both Gaussian averages are Gauss-Hermite rules. All derivatives use
// the heat identity in both variances (dU/dvd = 1/2 E F_mm, and so on), so
// they are smooth at w = 0 and exact identities of the expectation.
type PopulationObjective struct {
	dist  Distribution
	n     float64
	alpha float64
	outer *GaussHermite // over the data noise h
	inner *GaussHermite // over the augmentation noise g
}

var _ HessianObjective = (*PopulationObjective)(nil)

// NewPopulationObjective returns the population objective of dist scaled to
// n >= 1 points, weight decay alpha >= 0, with quadNodes Gauss-Hermite nodes
// for each of the two Gaussian averages (0 means DefaultQuadNodes).
func NewPopulationObjective(dist Distribution, n int, alpha float64, quadNodes int) (*PopulationObjective, error) {
	if err := dist.Validate(); err != nil {
		return nil, err
	}
	if err := checkIntAtLeast("n", n, 1); err != nil {
		return nil, err
	}
	if err := checkNonNegative("alpha", alpha); err != nil {
		return nil, err
	}
	if quadNodes == 0 {
		quadNodes = DefaultQuadNodes
	}
	q, err := NewGaussHermite(quadNodes)
	if err != nil {
		return nil, err
	}
	return &PopulationObjective{dist: dist, n: float64(n), alpha: alpha, outer: q, inner: q}, nil
}

// Distribution returns the data distribution the objective averages over.
func (o *PopulationObjective) Distribution() Distribution { return o.dist }

// N returns the number of points the objective is scaled to.
func (o *PopulationObjective) N() float64 { return o.n }

// Alpha returns the weight-decay coefficient.
func (o *PopulationObjective) Alpha() float64 { return o.alpha }

// Dim returns 2d.
func (o *PopulationObjective) Dim() int { return 2 * o.dist.D }

// Func returns L(x).
func (o *PopulationObjective) Func(x []float64) float64 { return rowsFuncGrad(o, o.dist.D, nil, x) }

// Grad stores grad L(x) in dst.
func (o *PopulationObjective) Grad(dst, x []float64) { rowsFuncGrad(o, o.dist.D, dst, x) }

// FuncGrad stores grad L(x) in dst and returns L(x).
func (o *PopulationObjective) FuncGrad(dst, x []float64) float64 {
	return rowsFuncGrad(o, o.dist.D, dst, x)
}

// Hess stores the Hessian of L at x in dst (block diagonal, 2d x 2d).
func (o *PopulationObjective) Hess(dst *mat.SymDense, x []float64) { rowsHess(o, o.dist.D, dst, x) }

// clusterDerivs holds U and its derivatives in (m, vd, va) for one cluster.
type clusterDerivs struct {
	u, m, vd, va                   float64 // value and first derivatives
	mm, mvd, mva, vdvd, vava, vdva float64 // second derivatives
}

// cluster returns U at mean m = w.c with variances vd, va. With second set,
// the second derivatives are filled too. F's derivatives in m and va follow
// from the sigmoid moments E0..E4 by the heat identity (T = E0, T_m = E1,
// T_mm = E2, T_v = E2/2, T_mv = E3/2, T_vv = E4/4, ...): derivF..derivFvv,
// generated from internal/falgebra; U_vd = E_h F_mm / 2 by the heat identity
// in vd.
func (o *PopulationObjective) cluster(m, vd, va float64, second bool) (c clusterDerivs) {
	sd, sa := math.Sqrt(vd), math.Sqrt(va)
	for j, h := range o.outer.G {
		om := o.outer.W[j]
		var e [5]float64
		if second {
			e = o.inner.sigmoidMoments(m+sd*h, sa)
		} else {
			e[0], e[1], e[2] = o.inner.sigmoidMoments3(m+sd*h, sa)
		}
		// Every derivative is formed before any sum is updated: the
		// products they share (e1 e2, e2^2, ...) are then computed once.
		f := derivF(e[0])
		fm := derivFm(e[0], e[1])
		fmm := derivFmm(e[0], e[1], e[2])
		fv := derivFv(e[0], e[2])
		c.u += om * f
		c.m += om * fm
		c.vd += om * fmm / 2
		c.va += om * fv
		if second {
			fmmm := derivFmmm(e[0], e[1], e[2], e[3])
			fmmmm := derivFmmmm(e[0], e[1], e[2], e[3], e[4])
			fmv := derivFmv(e[0], e[1], e[2], e[3])
			fmmv := derivFmmv(e[0], e[1], e[2], e[3], e[4])
			fvv := derivFvv(e[0], e[2], e[4])
			c.mm += om * fmm
			c.mvd += om * fmmm / 2
			c.mva += om * fmv
			c.vdvd += om * fmmmm / 4
			c.vava += om * fvv
			c.vdva += om * fmmv / 2
		}
	}
	return c
}

// variances returns vd, va and the gradient of vd (gvd = 2 rho^2 Sigma w);
// the gradient of va is 2 rho^2 w.
func (o *PopulationObjective) variances(gvd, w []float64) (vd, va float64) {
	rho2 := o.dist.Rho * o.dist.Rho
	va = rho2 * dot(w, w)
	if o.dist.Noise == SharedScalar {
		var s float64
		for _, v := range w {
			s += v
		}
		vd = rho2 * s * s
		for j := range gvd {
			gvd[j] = 2 * rho2 * s
		}
		return vd, va
	}
	for j, v := range w {
		gvd[j] = 2 * rho2 * v
	}
	return va, va
}

// Clusters calls f for each of the four equally likely clusters (y, z) of
// the distribution, in the order every population sum uses.
func Clusters(f func(y, z float64)) {
	for _, y := range [2]float64{1, -1} {
		for _, z := range [2]float64{0, 1} {
			f(y, z)
		}
	}
}

func (o *PopulationObjective) rowFuncGrad(g, w []float64) float64 {
	d := o.dist.D
	gvd := make([]float64, d)
	vd, va := o.variances(gvd, w)
	rho2 := o.dist.Rho * o.dist.Rho
	var val, gm0, gm1, svd, sva float64
	Clusters(func(y, z float64) {
		c := o.cluster(y*w[0]+o.dist.Tau*z*w[1], vd, va, false)
		val += c.u / 4
		gm0 += c.m * y / 4
		gm1 += c.m * o.dist.Tau * z / 4
		svd += c.vd / 4
		sva += c.va / 4
	})
	if g != nil {
		for j := range g {
			g[j] = o.n * (svd*gvd[j] + (2*rho2*sva-2*o.alpha)*w[j])
		}
		g[0] += o.n * gm0
		g[1] += o.n * gm1
	}
	return o.n * (val - o.alpha*dot(w, w))
}

func (o *PopulationObjective) rowHess(h *mat.SymDense, off int, w []float64) {
	d := o.dist.D
	rho2 := o.dist.Rho * o.dist.Rho
	gvd := make([]float64, d)
	vd, va := o.variances(gvd, w)
	gva := make([]float64, d)
	axpy(2*rho2, w, gva)
	cm := make([]float64, d)  // sum_c U_mvd c, then U_mva c, reused
	cc := make([]float64, d)  // one cluster vector c
	mmv := make([]float64, d) // sum_c U_mva c
	var svd, sva, svdvd, svava, svdva float64
	Clusters(func(y, z float64) {
		c := o.cluster(y*w[0]+o.dist.Tau*z*w[1], vd, va, true)
		cc[0], cc[1] = y, o.dist.Tau*z
		addSymOuter(h, off, o.n*c.mm/8, cc, cc)
		axpy(c.mvd/4, cc, cm)
		axpy(c.mva/4, cc, mmv)
		svd += c.vd / 4
		sva += c.va / 4
		svdvd += c.vdvd / 4
		svava += c.vava / 4
		svdva += c.vdva / 4
	})
	addSymOuter(h, off, o.n, cm, gvd)
	addSymOuter(h, off, o.n, mmv, gva)
	addSymOuter(h, off, o.n*svdvd/2, gvd, gvd)
	addSymOuter(h, off, o.n*svava/2, gva, gva)
	addSymOuter(h, off, o.n*svdva, gvd, gva)
	// U_vd * Hvd with Hvd = 2 rho^2 Sigma; U_va * Hva with Hva = 2 rho^2 I.
	if o.dist.Noise == SharedScalar {
		ones := make([]float64, d)
		for j := range ones {
			ones[j] = 1
		}
		addSymOuter(h, off, o.n*svd*rho2, ones, ones)
	} else {
		addDiag(h, off, d, o.n*2*rho2*svd)
	}
	addDiag(h, off, d, o.n*(2*rho2*sva-2*o.alpha))
}
