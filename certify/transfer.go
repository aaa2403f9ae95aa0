package certify

import (
	"fmt"
	"math"
	"sync"

	"github.com/nlssl/nlssl/interval"
	"github.com/nlssl/nlssl/sim"
	"gonum.org/v1/gonum/mat"
)

// Transfer is the proof that a point of the simplified objective (its
// maximum W~*) transfers to one fidelity of the true objective: the Newton
// zero W* of the true gradient from W~*, and the IFT and Kantorovich
// certificates that prove W* exists, is unique in a ball, and is a strict
// local maximum, and whether W~* lies in that ball.
type Transfer struct {
	Fidelity sim.Fidelity
	Center   []float64 // W~*, the simplified objective's maximum
	// Zero is the Newton zero of the true gradient from W~* (float64).
	Zero        []float64
	NewtonSteps int
	NewtonGrad  float64 // ||grad L(Zero)||
	// Paper is the paper-style transfer: the IFT at W~* in the Euclidean
	// norm (THEORY C3, NUMERICS fact 1 with N_A = 1/mu).
	Paper [2]IFTCertificate
	// Weighted is the IFT at W~* in the scaled norm y = S w, S the scale of
	// the Assisted certificate (so that the balls around W~* and W* are
	// measured in one norm).
	Weighted [2]IFTCertificate
	// Assisted is the computer-assisted certificate: the IFT at the Newton
	// zero, scaled; Kantorovich is fact 2 at the same point.
	Assisted    [2]IFTCertificate
	Kantorovich [2]KantorovichCertificate
	// DistScaled is ||S (W~* - Zero)|| per row, S the Assisted scale.
	DistScaled [2]float64
	// TransferRadius is, per row, the radius of a ball around W~* proved to
	// contain at most one zero of grad L (0: none proved); the transfer
	// holds when it exceeds DistScaled + Assisted.RExist, so that the ball
	// contains W*. See Transfers.
	TransferRadius [2]float64
	// Concave is, per row, the concavity certificate of a ball around W~*
	// in the Assisted scale that reaches past W*'s existence ball (radius
	// about 2 (DistScaled + RExist) when that is certified, else just past
	// DistScaled + RExist); tried only for an objective that supports it
	// (the expected one) and when W* is certified. A concave ball holds at
	// most one critical point, so it counts in TransferRadius.
	Concave [2]ConcavityCertificate
	// MSampled is, per form (Paper, Weighted, Assisted) and row, the sampled
	// lower estimate of the Hessian's Lipschitz constant on the form's ball
	// (SampledLipschitz at the form's radius R): evidence of how sharp the
	// certified M is, M / MSampled >= 1 always.
	MSampled [3][2]float64
	// zeroRows are the Rows at the Newton zero (Tail builds its Euclidean
	// certificate from them).
	zeroRows [2]*Row
	// HessEigen are the eigenvalues of the float64 Hessian at Zero, ascending.
	HessEigen []float64
	Err       error
}

// Certified reports whether the computer-assisted certificate proves, for
// both rows, exactly one zero of grad L near Zero, and that it is a strict
// local maximum.
func (f *Transfer) Certified() bool {
	if f == nil || f.Err != nil {
		return false
	}
	for k := range 2 {
		if !f.Assisted[k].Certified || !(f.Assisted[k].LambdaMax < 0) {
			return false
		}
	}
	return true
}

// Transfers reports whether, for both rows, a ball around W~* is proved to
// contain exactly one critical point of L, W*, a strict local maximum: the
// paper's conclusion (THEORY C3). A ball B(W~*, rho) has at most one zero
// when grad L is injective on it (the Weighted certificate's RUnique) or
// when it lies inside a ball around W* with no other zero
// (rho = Isolation - DistScaled); it contains the certified zero when
// rho > DistScaled + RExist.
func (f *Transfer) Transfers() bool {
	if !f.Certified() {
		return false
	}
	for k := range 2 {
		if !(f.TransferRadius[k] > interval.Up(f.DistScaled[k]+f.Assisted[k].RExist)) {
			return false
		}
	}
	return true
}

// Isolation returns, for row k, the largest radius around the Newton zero
// (in the Assisted scale) within which the certified zero is proved to be
// the only critical point: injectivity (RUnique), the integral uniqueness
// bound (RZero) or Newton-Kantorovich (TUnique), whichever reaches
// farthest (0 when nothing is certified).
func (f *Transfer) Isolation(k int) float64 {
	a, kc := f.Assisted[k], f.Kantorovich[k]
	if !a.Certified {
		return 0
	}
	r := math.Max(a.RUnique, a.RZero)
	if kc.Certified {
		r = math.Max(r, kc.TUnique)
	}
	return r
}

// transferRadius sets TransferRadius from the certificates (see Transfers).
func (f *Transfer) transferRadius() {
	for k := range 2 {
		r := f.Isolation(k) - f.DistScaled[k]
		if w := f.Weighted[k]; equalScale(w.Scale, f.Assisted[k].Scale) {
			r = math.Max(r, w.RUnique)
		}
		if c := f.Concave[k]; c.Certified && equalScale(c.Scale, f.Assisted[k].Scale) {
			r = math.Max(r, c.R)
		}
		f.TransferRadius[k] = math.Max(interval.Down(r), 0)
	}
}

// concaveBalls sets Concave for the rows of a certified W* (see Concave):
// the ball of twice the needed radius first, then the needed radius
// itself (1 + 2^-30 of it, so that it strictly exceeds
// DistScaled + RExist), keeping the first that is certified (or the last
// failure). At most two enclosures per row; rows in parallel.
func (f *Transfer) concaveBalls(obj Objective) {
	bc, ok := obj.(ballConcavity)
	if !ok || !f.Certified() {
		return
	}
	d := len(f.Center) / 2
	var wg sync.WaitGroup
	for k := range 2 {
		need := interval.Up(interval.Up(f.DistScaled[k]+f.Assisted[k].RExist) * (1 + 0x1p-30))
		wg.Go(func() {
			c0 := f.Center[k*d : (k+1)*d]
			for _, r := range []float64{2 * need, need} {
				f.Concave[k] = bc.ConcaveBall(c0, f.Assisted[k].Scale, r)
				if f.Concave[k].Certified {
					return
				}
			}
		})
	}
	wg.Wait()
}

func equalScale(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for j := range a {
		if a[j] != b[j] {
			return false
		}
	}
	return true
}

// PaperCertified reports whether the paper-style transfer certifies both rows.
func (f *Transfer) PaperCertified() bool {
	return f != nil && f.Paper[0].Certified && f.Paper[1].Certified
}

// ConcaveCertified reports whether, for both rows, the objective is proved
// strictly concave on a ball around W~* (Concave).
func (f *Transfer) ConcaveCertified() bool {
	return f != nil && f.Concave[0].Certified && f.Concave[1].Certified
}

// WeightedCertified reports whether the scaled IFT at W~* certifies both rows.
func (f *Transfer) WeightedCertified() bool {
	return f != nil && f.Weighted[0].Certified && f.Weighted[1].Certified
}

// NewTransfer certifies the transfer of centre (2d: both rows of W~*) to
// obj: the safeguarded Newton ascent from the centre finds W*, and each
// row gets the four certificates (paper-style and weighted IFT at the
// centre, computer-assisted IFT and Kantorovich at W*), computed in
// parallel. A failure is reported in Err or in the certificates' Failed
// fields, never by a panic.
func NewTransfer(obj Objective, center []float64) *Transfer {
	fc := &Transfer{Fidelity: sim.Expected}
	if _, ok := obj.(Population); ok {
		fc.Fidelity = sim.Population
	}
	if len(center) != obj.Dim() {
		fc.Err = paramErr("centre", fmt.Sprintf("%d entries", len(center)), fmt.Sprintf("2d = %d entries", obj.Dim()))
		return fc
	}
	if err := sim.CheckFinite("centre", center); err != nil {
		fc.Err = err
		return fc
	}
	d := obj.Dim() / 2
	fc.Center = append([]float64(nil), center...)
	fc.Zero, fc.NewtonSteps, fc.NewtonGrad = NewtonMax(obj, fc.Center)
	hz := mat.NewSymDense(2*d, nil)
	obj.Hess(hz, fc.Zero)
	if values, _, ok := Eigen(hz, false); ok {
		fc.HessEigen = values
	}
	var wg sync.WaitGroup
	for k := range 2 {
		c0, z0 := fc.Center[k*d:(k+1)*d], fc.Zero[k*d:(k+1)*d]
		// One Row per centre (its enclosures are shared by the forms at that
		// centre), one rowProblem per centre and scale; the scale of the
		// transfer is chosen from W*'s Row (transferScale).
		rowZ, errZ := obj.Row(z0)
		fc.zeroRows[k] = rowZ
		sz := DiagScale(RowBlock(hz, k, d), d)
		if errZ == nil {
			sz = transferScale(rowZ, RowBlock(hz, k, d), c0)
		}
		wg.Go(func() {
			row, err := obj.Row(c0)
			if err != nil {
				fc.Paper[k] = IFTCertificate{Failed: err.Error()}
				fc.Weighted[k] = IFTCertificate{Scale: sz, Failed: err.Error()}
				return
			}
			wg.Go(func() {
				fc.Paper[k] = newRowProblem(row, nil).ift()
				fc.MSampled[0][k] = SampledLipschitz(obj, fc.Center, k, nil, fc.Paper[k].R, sampledStarts(obj), 1)
			})
			fc.Weighted[k] = newRowProblem(row, sz).ift()
			fc.MSampled[1][k] = SampledLipschitz(obj, fc.Center, k, sz, fc.Weighted[k].R, sampledStarts(obj), 1)
		})
		wg.Go(func() {
			if errZ != nil {
				fc.Assisted[k] = IFTCertificate{Scale: sz, Failed: errZ.Error()}
				fc.Kantorovich[k] = KantorovichCertificate{Failed: errZ.Error()}
				return
			}
			rp := newRowProblem(rowZ, sz)
			fc.Assisted[k] = rp.ift()
			fc.Kantorovich[k] = rp.kantorovich()
			fc.MSampled[2][k] = SampledLipschitz(obj, fc.Zero, k, sz, fc.Assisted[k].R, sampledStarts(obj), 1)
		})
		var dist float64
		for j := range d {
			v := (c0[j] - z0[j]) * sz[j]
			dist += v * v
		}
		fc.DistScaled[k] = math.Sqrt(dist) * (1 + 1e-12)
	}
	wg.Wait()
	fc.concaveBalls(obj)
	fc.transferRadius()
	return fc
}

// sampledStarts returns the number of search starts of the sampled
// Lipschitz estimate reported next to each certificate (evidence only):
// two, one for objectives whose gradient costs more than ~100k point-
// coordinates (each start is ~60 gradient evaluations).
func sampledStarts(obj Objective) int {
	if e, ok := obj.(Expected); ok && e.Data().N*e.Data().D > 100_000 {
		return 1
	}
	return 2
}

// RowBlock returns row k's d x d block of a block-diagonal Hessian.
func RowBlock(h *mat.SymDense, k, d int) []float64 {
	out := make([]float64, d*d)
	for a := range d {
		for b := range d {
			out[a*d+b] = h.At(k*d+a, k*d+b)
		}
	}
	return out
}

// NewtonMax looks for the local maximum of obj near x0 by a safeguarded
// Newton method: the Newton step when -Hess is positive definite (its
// Cholesky factorisation succeeds), the gradient step scaled by 1/||Hess||_F
// otherwise, each halved until L does not decrease, so it climbs into the
// maximum whose basin x0 is in instead of jumping to a saddle. It stops when
// the step is below 1e-14 relative or after 100 iterations, and returns the
// point, the iterations and the final gradient norm.
func NewtonMax(obj sim.HessianObjective, x0 []float64) ([]float64, int, float64) {
	n := len(x0)
	x := append([]float64(nil), x0...)
	g := make([]float64, n)
	step := make([]float64, n)
	trial := make([]float64, n)
	h := mat.NewSymDense(n, nil)
	neg := mat.NewSymDense(n, nil)
	var chol mat.Cholesky
	it := 0
	for ; it < 100; it++ {
		l := obj.FuncGrad(g, x)
		obj.Hess(h, x)
		neg.ScaleSym(-1, h)
		if chol.Factorize(neg) {
			var sv mat.VecDense
			if err := chol.SolveVecTo(&sv, mat.NewVecDense(n, g)); err != nil {
				break
			}
			for j := range step {
				step[j] = sv.AtVec(j) // -H step = g: the Newton step for a maximum
			}
		} else {
			f := mat.Norm(h, 2) // Frobenius: >= the spectral norm
			for j := range step {
				step[j] = g[j] / math.Max(f, 1e-12)
			}
		}
		t := 1.0
		for ; t > 1e-12; t /= 2 {
			for j := range x {
				trial[j] = x[j] + t*step[j]
			}
			if obj.Func(trial) >= l {
				break
			}
		}
		if t <= 1e-12 {
			break
		}
		copy(x, trial)
		if t*math.Sqrt(sumSq(step)) <= 1e-14*(1+math.Sqrt(sumSq(x))) {
			it++
			break
		}
	}
	obj.Grad(g, x)
	return x, it, math.Sqrt(sumSq(g))
}

// DistanceRatio returns the largest over the rows of ||S (w_k - W*_k)|| /
// Isolation(k), in the computer-assisted certificate's scale: below 1, w
// lies in the ball in which W* is the only critical point.
func (fc *Transfer) DistanceRatio(w []float64) float64 {
	d := len(fc.Zero) / 2
	var worst float64
	for k := range 2 {
		sc := fc.Assisted[k].Scale
		var dist float64
		for j := range d {
			x := (w[k*d+j] - fc.Zero[k*d+j]) * sc[j]
			dist += x * x
		}
		worst = math.Max(worst, math.Sqrt(dist)*(1+1e-12)/fc.Isolation(k))
	}
	return worst
}
