package certify

import (
	"math"

	"github.com/nlssl/nlssl/interval"
	"github.com/nlssl/nlssl/sim"
)

// PathSmoothness is a proved bound of the Hessian's norm of the expected
// objective over every segment between consecutive iterates of a
// trajectory: the smoothness constant the descent lemma needs for each
// step, L(w + eta g) >= L(w) + eta (1 - eta Lseg / 2) ||g||^2 with
// g = grad L(w) and Lseg >= sup ||Hess L|| on [w, w + eta g]. So
// eta * Max < 2 proves that no step of the trajectory decreases L.
//
// The iterates are taken in blocks of consecutive ones whose rows stay
// within BlockRadius of the block's first iterate (Euclidean, per row),
// at most BlockSteps of them; each block's segments lie in the ball of that
// radius around its first iterate (the ball is convex), and one bound
// serves the whole block. On a ball B(w_c, r) every pre-activation
// m_i = w.x_i lies in w_c.x_i +- r ||x_i|| and the augmentation scale in
// rho [||w_c|| - r, ||w_c|| + r], and
//
//	||H_k|| <= lambda_max(sum_i |F_mm,i| x_i x_i^T) + 2 ||sum_i |F_mv,i| x_i|| ||gv||
//	           + sum_i |F_vv,i| ||gv||^2 + |2 rho^2 sum_i F_v,i - 2 alpha n|,
//
// gv = 2 rho^2 w, with each |F_..| bounded over the ranges by the sigmoid
// envelopes of bounds.go. The first term is the sharp one: with
// x_i = (p_i, q_i), p_i its first two coordinates (the clusters) and q_i
// the rest (the noise),
//
//	u^T G u <= lambda_max [[ lambda2, beta ], [ beta, kappa ]]
//
// with lambda2 = lambda_max(sum c_i p_i p_i^T) (2 x 2), beta >= ||e1 V1 +
// e2 V2|| for V_j = sum c_i p_ij q_i (by the 2 x 2 Gram matrix of V1, V2)
// and kappa = sum c_i ||q_i||^2: a bound near the top eigenvalue, where the
// trace bound sum_i c_i ||x_i||^2 (the global bound this replaces, over
// all W with bounded rows: 796 at the paper's point, against 18 here)
// counts every cluster at full size in every direction.
type PathSmoothness struct {
	// Blocks[j] covers iterates Starts[j] .. Starts[j+1] (the last block ends
	// at the last iterate) and bounds the Hessian's norm on their segments.
	Starts []int
	Blocks []float64
	Max    float64 // the largest block bound: eta Max < 2 is the step-size hypothesis
}

// Block sizes of SmoothnessAlong: a block grows until an iterate's row is
// more than BlockRadius from the block's first iterate, or BlockSteps
// iterates. A larger radius means fewer, looser bounds.
const (
	BlockRadius = 0.05
	BlockSteps  = 4096
)

// SmoothnessAlong bounds the Hessian's norm of obj over the segments
// between consecutive iterates state(0), ..., state(count-1) (each 2d).
func SmoothnessAlong(obj *sim.ExpectedObjective, state func(i int) []float64, count int) PathSmoothness {
	var ps PathSmoothness
	if count < 1 {
		return ps
	}
	d := obj.Data().D
	sc := newSmoothnessCells(obj)
	for start := 0; start < count; {
		c := state(start)
		var r [2]float64
		end := start + 1
		for ; end < count && end-start < BlockSteps; end++ {
			w := state(end)
			var next [2]float64
			for k := range 2 {
				var s float64
				for j := range d {
					v := w[k*d+j] - c[k*d+j]
					s += v * v
				}
				next[k] = math.Sqrt(s)
			}
			if next[0] > BlockRadius || next[1] > BlockRadius {
				if end == start+1 { // a single long step: its own block
					r = next
					end++
				}
				break
			}
			r = next
		}
		var b float64
		for k := range 2 {
			rk := interval.Up(r[k] * (1 + 1e-12))
			b = math.Max(b, sc.rowBound(c[k*d:(k+1)*d], rk))
		}
		ps.Starts = append(ps.Starts, start)
		ps.Blocks = append(ps.Blocks, b)
		ps.Max = math.Max(ps.Max, b)
		// The next block starts at this block's last iterate, so that the
		// segment from it is covered too.
		if end >= count {
			break
		}
		start = end - 1
		if start == ps.Starts[len(ps.Starts)-1] {
			start++
		}
	}
	return ps
}

// smoothnessCells holds what every block of one objective shares.
type smoothnessCells struct {
	obj   *sim.ExpectedObjective
	xn    []float64 // ||x_i||, rounded up
	qn    []float64 // ||q_i|| (coordinates 2..d-1), rounded up
	alpha interval.Interval
	v     [2][]fsum // scratch of rowBound
}

func newSmoothnessCells(obj *sim.ExpectedObjective) *smoothnessCells {
	ds := obj.Data()
	sc := &smoothnessCells{obj: obj, xn: make([]float64, ds.N), qn: make([]float64, ds.N)}
	for i := range ds.N {
		x := ds.Point(i)
		sc.xn[i], _, _ = scaledNorms(x, nil)
		if len(x) > 2 {
			sc.qn[i], _, _ = scaledNorms(x[2:], nil)
		}
	}
	sc.alpha = interval.Point(obj.Alpha()).Mul(interval.Point(float64(ds.N))).Scale(2)
	return sc
}

// rowBound bounds ||H_k|| on the ball B(w, r) of one row.
func (sc *smoothnessCells) rowBound(w []float64, r float64) float64 {
	ds := sc.obj.Data()
	d, rho := ds.D, sc.obj.Rho()
	nw := norm(w)
	wlo := math.Max(0, interval.Down(interval.Down(nw*(1-1e-15))-r))
	whi := interval.Up(interval.Up(nw*(1+1e-15)) + r)
	gc := newGaussCells(interval.Down(rho*wlo), interval.Up(rho*whi))
	// The sums run in float64 with a rounding bound (fsum): every term is
	// a product of three or four factors.
	pp := [3]fsum{newFsum(3), newFsum(3), newFsum(3)} // sum c p1^2, p1 p2, p2^2
	nq := max(d-2, 0)
	if cap(sc.v[0]) < nq {
		sc.v = [2][]fsum{make([]fsum, nq), make([]fsum, nq)}
	}
	v := [2][]fsum{sc.v[0][:nq], sc.v[1][:nq]}
	for j := range nq {
		v[0][j], v[1][j] = newFsum(3), newFsum(3)
	}
	var kappa, cmv, fvv, fvAbs float64
	for i := range ds.N {
		x := ds.Point(i)
		m := dot(w, x)
		slack := 1e-15*float64(d)*nw*sc.xn[i] + 1e-300
		dm := interval.Up(r * sc.xn[i])
		b := atomPairBounds(interval.Down(m-slack-dm), interval.Up(m+slack+dm), 0, 0, gc)
		c := uBound(b, 2, 0, 0) // |F_mm|
		p1, p2 := x[0], x[1]
		pp[0].add(c * p1 * p1)
		pp[1].add(c * p1 * p2)
		pp[2].add(c * p2 * p2)
		cp1, cp2 := c*p1, c*p2
		for j, y := range x[2:] {
			v[0][j].add(cp1 * y)
			v[1][j].add(cp2 * y)
		}
		kappa = interval.Up(kappa + interval.Up(c*interval.Up(sc.qn[i]*sc.qn[i])))
		cmv = interval.Up(cmv + interval.Up(uBound(b, 1, 0, 1)*sc.xn[i]))
		fvv = interval.Up(fvv + uBound(b, 0, 0, 2))
		fvAbs = interval.Up(fvAbs + uBound(b, 0, 0, 1))
	}
	var g11, g12, g22 interval.Interval
	for j := range nq {
		v0, v1 := v[0][j].ival(), v[1][j].ival()
		g11, g12, g22 = g11.Add(v0.Sqr()), g12.Add(v0.Mul(v1)), g22.Add(v1.Sqr())
	}
	lambda2 := sym2Max(pp[0].ival(), pp[1].ival(), pp[2].ival())
	beta := interval.SqrtUp(math.Max(sym2Max(g11, g12, g22), 0))
	top := sym2Max(interval.Point(lambda2), interval.Point(beta), interval.Point(kappa))
	rho2 := interval.Up(rho * rho)
	gv := interval.Up(2 * interval.Up(rho2*whi)) // ||gv|| = 2 rho^2 ||w||
	chain := interval.Up(interval.Up(2*interval.Up(cmv*gv)) + interval.Up(fvv*interval.Up(gv*gv)))
	// |2 rho^2 sum F_v - 2 alpha n| <= 2 rho^2 sum |F_v| + 2 alpha n.
	fv := interval.Point(interval.Up(2 * interval.Up(rho2*fvAbs)))
	diag := fv.Add(sc.alpha).Hi
	return interval.Up(interval.Up(top+chain) + diag)
}

// sym2Max returns an upper bound of the largest eigenvalue of the
// symmetric 2 x 2 matrix [[a, b], [b, c]] (entries enclosed):
// (a + c)/2 + sqrt(((a - c)/2)^2 + b^2).
func sym2Max(a, b, c interval.Interval) float64 {
	half := a.Sub(c).Scale(0.5)
	root := half.Sqr().Add(b.Sqr()).Sqrt()
	return a.Add(c).Scale(0.5).Add(root).Hi
}
