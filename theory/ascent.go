package theory

import (
	"math"

	"github.com/nlssl/nlssl/sim"
)

// ascentRun is deterministic gradient ascent on the expected objective from
// W0 (C1 and C2): every iterate is kept.
type ascentRun struct {
	res  *sim.Result
	err  error
	lhat float64 // smoothness bound of L over row norms <= maxRow
	// maxRow is the largest row norm along the trajectory: the segments
	// between iterates lie in the ball of that radius, where lhat holds.
	maxRow float64
}

// smoothnessBound returns an upper bound of ||Hess L(W)|| for the expected
// objective over all W whose rows have norm <= R:
//
//	||H_k|| <= sup|F_mm| sum_i |x_i|^2 + 2 sup|F_mv| |gv| sum_i |x_i|
//	          + n sup|F_vv| |gv|^2 + 2 rho^2 n sup|F_v| + 2 alpha n,
//
// with |gv| = 2 rho^2 ||w|| <= 2 rho^2 R and the global bounds
// |F_mm| = 2|E1^2 + E0 E2| <= 2(1/16 + 0.0963), |F_mv| = |E1 E2 + E0 E3|
// <= 0.25*0.0963 + 0.125, |F_vv| = |E2^2 + E0 E4|/2 <= (0.0963^2 + 0.1277)/2,
// |F_v| = |E0 E2| <= 0.0963 (E_k are averages of sigma^(k), so they obey
// sigma^(k)'s bounds; NUMERICS.md). Gradient ascent with eta < 2/lhat then
// never decreases L (the descent lemma).
func smoothnessBound(ds *sim.Dataset, rho, alpha, R float64) float64 {
	const (
		fmm = 2 * (1.0/16 + 0.0963)
		fmv = 0.25*0.0963 + 0.125
		fvv = (0.0963*0.0963 + 0.1277) / 2
		fv  = 0.0963
	)
	var s1, s2 float64
	for i := range ds.N {
		x := ds.Point(i)
		n2 := sumSq(x)
		s2 += n2
		s1 += math.Sqrt(n2)
	}
	n := float64(ds.N)
	gv := 2 * rho * rho * R
	l := fmm*s2 + 2*fmv*gv*s1 + n*fvv*gv*gv + 2*rho*rho*n*fv + 2*alpha*n
	return l * (1 + 1e-12) // float rounding of a sum of positive terms
}

// Ascent returns the deterministic ascent run of C1 and C2 (computed once).
func (s *Session) Ascent() (*sim.Result, error) {
	a := s.ascentRun()
	return a.res, a.err
}

func (s *Session) ascentRun() *ascentRun {
	s.ascentOnce.Do(func() {
		a := &ascentRun{}
		s.ascent = a
		w0, err := s.W0()
		if err != nil {
			a.err = err
			return
		}
		obj, err := s.expected()
		if err != nil {
			a.err = err
			return
		}
		a.res, a.err = sim.Train(sim.Ascent{Obj: obj}, w0, sim.Settings{
			Eta: s.p.Eta, Steps: s.p.Tol.MaxAscentSteps, GradTol: s.p.Tol.GradTol, RecordEvery: 1,
		})
		if a.res == nil {
			return
		}
		d := s.p.D
		tr := &a.res.Trajectory
		for i := range tr.Len() {
			w := tr.State(i)
			a.maxRow = math.Max(a.maxRow, math.Max(math.Sqrt(sumSq(w[:d])), math.Sqrt(sumSq(w[d:]))))
		}
		ds, _ := s.Data()
		a.lhat = smoothnessBound(ds, s.p.Rho, s.p.Alpha, a.maxRow)
	})
	return s.ascent
}

// signMargin returns min(w1^(1), -w2^(1), w1^(2), w2^(2)): positive exactly
// when W has the sign pattern of C1.
func signMargin(w []float64, d int) float64 {
	return math.Min(math.Min(w[0], -w[d]), math.Min(w[1], w[d+1]))
}

// InSignRegion reports whether W (2d) has the sign pattern of the wider
// initialisation region: w1^(1) > 0 > w2^(1), w1^(2) > 0, w2^(2) > 0.
func InSignRegion(w []float64, d int) bool { return signMargin(w, d) > 0 }

// InNearRegion reports whether W lies in the reference's "near" box:
// w1^(1) in [3.1, 3.9], w2^(1) in [-3.9, -3.1], w1^(2), w2^(2) in
// [8.5/tau, 9/tau]; the other coordinates are free.
func InNearRegion(w []float64, d int, tau float64) bool {
	in := func(x, lo, hi float64) bool { return x >= lo && x <= hi }
	return in(w[0], 3.1, 3.9) && in(w[d], -3.9, -3.1) && in(w[1], 8.5/tau, 9/tau) && in(w[d+1], 8.5/tau, 9/tau)
}
