package certify

import (
	"math"

	"github.com/nlssl/nlssl/sim"
)

// SmoothnessBound returns an upper bound of ||Hess L(W)|| for the expected
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
func SmoothnessBound(ds *sim.Dataset, rho, alpha, R float64) float64 {
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
