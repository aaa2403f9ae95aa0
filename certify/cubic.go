package certify

import (
	"math"

	"github.com/nlssl/nlssl/interval"
)

// The main part of a row objective's third derivative is a cubic form
//
//	T[u, u, u] = sum_i c_i (x_i . u)^3,
//
// one term per atom (a data point of the expected objective, a cluster of
// the population one), with c_i = U_mmm of the atom on the ball. Bounding
// its norm by sum_i |c_i| ||x_i||^3, the triangle inequality over atoms,
// loses what matters here: the atoms point in different directions (the
// clusters y e1 and y e1 + tau e2), and mirror atoms (y = +1 and -1) cancel
// in part, so no single direction u meets every term at full size. This
// file bounds sup_u |T[u, u, u]| itself (for a symmetric trilinear form
// that is its norm, by Banach's theorem), using the structure of the data:
// every atom is x~ = (p, q) in scaled coordinates with p its first two
// coordinates (where the clusters lie) and q the rest (the data noise,
// small). On the ball, c_i = cbar_i + delta_i with cbar_i the rigorous
// value at the centre and |delta_i| <= rad_i (the change of U_mmm over the
// ball's ranges). Writing u = (cos phi e, sin phi v) with e, v unit,
//
//	|T| <= cos^3 phi (|Cbar(e)| + R3(e)) + cos^2 phi sin phi T2(e)
//	       + cos phi sin^2 phi X1 + sin^3 phi X0,
//
// with Cbar(e) = sum cbar_i (p_i.e)^3 (exact, by power sums), R3(e) >=
// sum rad_i |p_i.e|^3, T2(e) >= 3 |sum cbar_i (p_i.e)^2 q_i| + 3 sum rad_i
// (p_i.e)^2 |q_i|, and X1, X0 the (small) terms with two and three factors
// of q bounded by the triangle inequality. The supremum over e (a circle)
// and phi is then a two-parameter problem, bounded rigorously by interval
// branch and bound.

// cubicForm holds the centre part of the main term, which does not depend
// on the radius: one is built per certificate centre and scale.
type cubicForm struct {
	p    [][2]float64 // scaled coordinates 0 and 1 of each atom
	qn   []float64    // >= ||q_i||, the scaled norm of the other coordinates
	cmag []float64    // >= |c_i| at the centre (enclosure magnitude)
	a    [4]interval.Interval
	gram [3][3]interval.Interval // <V_j, V_k> for V = (V11, V12, V22), V_jk = sum cbar_i p_ij p_ik q_i
	k1c  float64                 // sum |c_i| ||p_i|| ||q_i||^2
	k0c  float64                 // sum |c_i| ||q_i||^3
	// sign group of each atom: bit 0 set when p_i1 < 0, bit 1 when p_i2 < 0.
	group []uint8
}

// newCubicForm builds the centre part from the atoms' scaled coordinates
// xs (each of length d) and their centre coefficients c (enclosures of
// weight * U_mmm at the centre).
func newCubicForm(xs [][]float64, c []interval.Interval) *cubicForm {
	f := &cubicForm{
		p: make([][2]float64, len(xs)), qn: make([]float64, len(xs)), cmag: make([]float64, len(xs)),
		group: make([]uint8, len(xs)),
	}
	d := 0
	if len(xs) > 0 {
		d = len(xs[0])
	}
	// The sums run in float64 on the centre values' midpoints with a
	// rounding bound (fsum), plus the radii's contribution: sum |rad c_i|
	// |monomial| (every term is a product of up to five factors).
	var a [4]fsum
	var arad [4]float64
	var v [3][]fsum
	var vrad [3][]float64
	for k := range 4 {
		a[k] = newFsum(5)
	}
	for k := range v {
		v[k] = make([]fsum, max(d-2, 0))
		vrad[k] = make([]float64, max(d-2, 0))
		for j := range v[k] {
			v[k][j] = newFsum(5)
		}
	}
	for i, x := range xs {
		p1, p2 := x[0], x[1]
		f.p[i] = [2]float64{p1, p2}
		if p1 < 0 {
			f.group[i] |= 1
		}
		if p2 < 0 {
			f.group[i] |= 2
		}
		var q2 float64
		for _, y := range x[2:] {
			q2 = interval.Up(q2 + interval.Up(y*y))
		}
		f.qn[i] = interval.SqrtUp(q2)
		f.cmag[i] = c[i].Mag()
		mid := c[i].Mid()
		rad := interval.Up(interval.Up(c[i].Hi-mid) + interval.Up(mid-c[i].Lo))
		// Cbar's power sums: A_j = sum c_i p1^j p2^(3-j).
		mono := [4]float64{p2 * p2 * p2, p1 * p2 * p2, p1 * p1 * p2, p1 * p1 * p1}
		for j, m := range mono {
			a[j].add(mid * m)
			arad[j] = interval.Up(arad[j] + interval.Up(rad*interval.Up(math.Abs(m)*(1+1e-15))))
		}
		if f.qn[i] > 0 {
			w := [3]float64{p1 * p1, p1 * p2, p2 * p2}
			for k := range 3 {
				wm, wr := mid*w[k], interval.Up(rad*interval.Up(math.Abs(w[k])*(1+1e-15)))
				for j, y := range x[2:] {
					v[k][j].add(wm * y)
					vrad[k][j] = interval.Up(vrad[k][j] + interval.Up(wr*math.Abs(y)))
				}
			}
		}
		pn := interval.SqrtUp(interval.Up(interval.Up(p1*p1) + interval.Up(p2*p2)))
		f.k1c = interval.Up(f.k1c + interval.Up(interval.Up(f.cmag[i]*pn)*interval.Up(f.qn[i]*f.qn[i])))
		f.k0c = interval.Up(f.k0c + interval.Up(f.cmag[i]*interval.Up(f.qn[i]*interval.Up(f.qn[i]*f.qn[i]))))
	}
	for j := range 4 {
		f.a[j] = a[j].ival().Add(interval.New(-arad[j], arad[j]))
	}
	vi := [3][]interval.Interval{}
	for k := range 3 {
		vi[k] = make([]interval.Interval, len(v[k]))
		for j := range v[k] {
			vi[k][j] = v[k][j].ival().Add(interval.New(-vrad[k][j], vrad[k][j]))
		}
	}
	for j := range 3 {
		for k := range 3 {
			f.gram[j][k] = interval.Dot(vi[j], vi[k])
		}
	}
	return f
}

// cubicRadius holds the radius-dependent sums of the main term: the bound
// of sum rad_i (...) for each sign group and monomial.
type cubicRadius struct {
	b   [4][4]interval.Interval // group g, j: sum rad_i |p1|^j |p2|^(3-j)
	q2  [3]interval.Interval    // sum rad_i ||q_i|| p_1^2, p_1 p_2, p_2^2
	k1r float64                 // sum rad_i ||p_i|| ||q_i||^2
	k0r float64                 // sum rad_i ||q_i||^3
}

func (f *cubicForm) radiusSums(rad []float64) cubicRadius {
	// The power sums are two-sided enclosures (fsum: the mixed ones are
	// subtracted in R3's bound); the q sums, all >= 0 but q2[1], are
	// rounded up, q2[1] a signed fsum.
	var b [4][4]fsum
	for g := range 4 {
		for j := range 4 {
			b[g][j] = newFsum(4)
		}
	}
	var q2 [3]float64
	q21 := newFsum(4)
	var cr cubicRadius
	for i, r := range rad {
		if r == 0 {
			continue
		}
		a1, a2 := math.Abs(f.p[i][0]), math.Abs(f.p[i][1])
		g := f.group[i]
		mono := [4]float64{a2 * a2 * a2, a1 * a2 * a2, a1 * a1 * a2, a1 * a1 * a1}
		for j, m := range mono {
			b[g][j].add(r * m)
		}
		qn := f.qn[i]
		if qn > 0 {
			rq := interval.Up(r * qn)
			q2[0] = interval.Up(q2[0] + interval.Up(rq*interval.Up(a1*a1)))
			q2[2] = interval.Up(q2[2] + interval.Up(rq*interval.Up(a2*a2)))
			q21.add(rq * f.p[i][0] * f.p[i][1])
			pn := interval.SqrtUp(interval.Up(interval.Up(a1*a1) + interval.Up(a2*a2)))
			cr.k1r = interval.Up(cr.k1r + interval.Up(interval.Up(r*pn)*interval.Up(qn*qn)))
			cr.k0r = interval.Up(cr.k0r + interval.Up(r*interval.Up(qn*interval.Up(qn*qn))))
		}
	}
	for g := range 4 {
		for j := range 4 {
			cr.b[g][j] = b[g][j].ival()
		}
	}
	cr.q2 = [3]interval.Interval{interval.New(0, q2[0]), q21.ival(), interval.New(0, q2[2])}
	return cr
}

// bound returns an upper bound of sup_{|u| = 1} |sum_i (cbar_i + delta_i)
// (x_i . u)^3| over every |delta_i| <= rad_i.
//
// The terms with q are bounded apart from the direction e in the (e1, e2)
// plane (T2 by its largest value over every e): they are small (the data
// noise), and at the maximum over phi they enter at second order
// (a2^2 / (6 a3) for a2 << a3), so decoupling them costs almost nothing.
func (f *cubicForm) bound(rad []float64) float64 {
	cr := f.radiusSums(rad)
	x1 := interval.Up(3 * interval.Up(f.k1c+cr.k1r))
	x0 := interval.Up(f.k0c + cr.k0r)
	return phiSup(f.supT3(&cr), f.supT2(&cr), x1, x0)
}

// supT3 bounds sup_e (|Cbar(e)| + R3(e)) over the unit directions e of
// the (e1, e2) plane. Up to sign (T3 is even in e) the directions are
// e = (1, t)/sqrt(1+t^2) and e = (t, 1)/sqrt(1+t^2) for t in [-1, 1]; on
// each half, with the sign of t fixed,
//
//	T3(t) = (|P(t)| + Q(|t|)) (1 + t^2)^(-3/2),
//
// P and Q cubic polynomials with interval coefficients (P from Cbar's
// power sums, Q from R3's). The search is interval branch and bound over
// pieces of t that never cross 0, each bounded by the mean-value form
// T3(mid) + T3'(piece) [-w, w] (w the half-width), whose overestimate is
// second order near the maximum, where T3' is small: few pieces are split.
// A piece is split while its bound exceeds the best value at a point by
// more than cubicTol (relative), at most cubicSplits times in all; every
// piece left contributes its own upper bound, so the result is sound
// whatever is pruned.
func (f *cubicForm) supT3(cr *cubicRadius) float64 {
	type piece struct {
		lo, hi float64
		half   int // 0: e = (1, t)/|.|, 1: e = (t, 1)/|.|
	}
	var polys [2][2]t3Poly // [half][t < 0]
	for h := range 2 {
		for neg := range 2 {
			polys[h][neg] = f.t3Poly(cr, h == 1, neg == 1)
		}
	}
	poly := func(pc piece) *t3Poly {
		neg := 0
		if pc.hi <= 0 {
			neg = 1
		}
		return &polys[pc.half][neg]
	}
	var todo []piece
	best, result := 0.0, 0.0
	for h := range 2 {
		for j := range cubicPieces {
			lo, hi := -1+2*float64(j)/cubicPieces, -1+2*float64(j+1)/cubicPieces
			pc := piece{lo, hi, h}
			todo = append(todo, pc)
			best = math.Max(best, poly(pc).value(interval.Point((lo+hi)/2)).Hi)
		}
	}
	for splits := 0; len(todo) > 0; {
		pc := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		p := poly(pc)
		mid := (pc.lo + pc.hi) / 2
		v := p.value(interval.Point(mid)).Hi
		best = math.Max(best, v)
		ub := p.bound(interval.New(pc.lo, pc.hi), mid, v)
		if ub <= best*(1+cubicTol) || splits >= cubicSplits {
			result = math.Max(result, ub)
			continue
		}
		splits++
		todo = append(todo, piece{pc.lo, mid, pc.half}, piece{mid, pc.hi, pc.half})
	}
	return result
}

// t3Poly is T3 on one half of the directions with the sign of t fixed:
// (|P(t)| + Q(|t|)) (1 + t^2)^(-3/2), coefficients ascending in t.
type t3Poly struct {
	p, q [4]interval.Interval
	neg  bool // t <= 0 on the pieces it serves
}

// t3Poly returns T3's polynomials for the half (swap: e = (t, 1)/|.|) and
// the sign of t. With e1 = 1/|.| and e2 = t/|.|, e1^j e2^(3-j) =
// t^(3-j) (1+t^2)^(-3/2): P(t) = sum_j C(3,j) A_j t^(3-j). R3 sums, per sign
// group, B_gj |e1|^j |e2|^(3-j) with the mixed terms weighted +3 when p.e's
// two parts have the same sign ((x + y)^3) and -1 otherwise
// (|x - y|^3 <= x^3 - x^2 y - x y^2 + y^3 for x, y >= 0).
func (f *cubicForm) t3Poly(cr *cubicRadius, swap, neg bool) t3Poly {
	tp := t3Poly{neg: neg}
	// power[j] is the power of t multiplying the monomial e1^j e2^(3-j).
	power := func(j int) int {
		if swap {
			return j
		}
		return 3 - j
	}
	for j := range 4 {
		tp.p[power(j)] = tp.p[power(j)].Add(f.a[j].Scale(binom3[j]))
	}
	// The signs of e1 and e2 on these pieces (0 counts as +).
	s1, s2 := swap && neg, !swap && neg
	for g := range 4 {
		sg1 := (g&1 != 0) != s1 // p1 e1 < 0
		sg2 := (g&2 != 0) != s2 // p2 e2 < 0
		k := 3.0
		if sg1 != sg2 {
			k = -1
		}
		for j, b := range cr.b[g] {
			c := b
			if j == 1 || j == 2 {
				c = b.Scale(k)
			}
			tp.q[power(j)] = tp.q[power(j)].Add(c)
		}
	}
	return tp
}

// horner returns c0 + c1 t + c2 t^2 + c3 t^3 and its derivative.
func horner(c [4]interval.Interval, t interval.Interval) (v, dv interval.Interval) {
	v = c[3].Mul(t).Add(c[2]).Mul(t).Add(c[1]).Mul(t).Add(c[0])
	dv = c[3].Scale(3).Mul(t).Add(c[2].Scale(2)).Mul(t).Add(c[1])
	return v, dv
}

// parts returns |P(t)| + Q(|t|), its derivative in t (nil-signed when P
// may vanish on t: then only the value is usable), w = (1+t^2)^(-3/2) and
// w' = -3t (1+t^2)^(-5/2).
func (tp *t3Poly) parts(t interval.Interval) (h, dh, w, dw interval.Interval, smooth bool) {
	s := t
	sgn := 1.0
	if tp.neg {
		s, sgn = t.Neg(), -1 // |t| = -t, d|t|/dt = -1
	}
	p, dp := horner(tp.p, t)
	q, dq := horner(tp.q, s)
	q = interval.Max(q, interval.Point(0)) // R3 >= 0 (a bound of a sum of |.|^3)
	one := interval.Point(1)
	u := one.Add(t.Sqr())
	w = one.Div(u.Mul(u.Sqrt()))
	dw = t.Scale(-3).Mul(w).Div(u)
	h = p.Abs().Add(q)
	smooth = p.Lo > 0 || p.Hi < 0
	if smooth {
		if p.Hi < 0 {
			dp = dp.Neg()
		}
		dh = dp.Add(dq.Scale(sgn))
	}
	return h, dh, w, dw, smooth
}

// value encloses T3(t).
func (tp *t3Poly) value(t interval.Interval) interval.Interval {
	h, _, w, _, _ := tp.parts(t)
	return h.Mul(w)
}

// bound returns an upper bound of T3 on the piece t, given T3(mid) <= vmid:
// the smaller of the natural enclosure and the mean-value form
// vmid + T3'(t) [-w, w] (when P keeps its sign on t, so that |P| is smooth).
func (tp *t3Poly) bound(t interval.Interval, mid, vmid float64) float64 {
	h, dh, w, dw, smooth := tp.parts(t)
	ub := h.Mul(w).Hi
	if smooth {
		d := dh.Mul(w).Add(h.Mul(dw)) // (h w)' = h' w + h w'
		half := interval.New(t.Lo-mid, t.Hi-mid)
		ub = math.Min(ub, interval.Point(vmid).Add(d.Mul(half)).Hi)
	}
	return ub
}

// supT2 bounds sup_e T2(e) = 3 |V(e)| + 3 sum rad_i (p_i.e)^2 ||q_i||:
// with m = (e1^2, 2 e1 e2, e2^2), |m|^2 = 1 + 2 e1^2 e2^2 <= 3/2, so
// |V(e)|^2 = m^T G m <= 3/2 trace(G) (G the Gram matrix of V11, V12, V22,
// positive semi-definite), and the radius part is a quadratic form in e
// of a positive semi-definite 2 x 2 matrix, at most its trace.
func (f *cubicForm) supT2(cr *cubicRadius) float64 {
	tr := f.gram[0][0].Add(f.gram[1][1]).Add(f.gram[2][2]).Hi
	v := interval.SqrtUp(interval.Up(1.5 * math.Max(tr, 0)))
	q := math.Max(cr.q2[0].Add(cr.q2[2]).Hi, 0)
	return interval.Up(3 * interval.Up(v+q))
}

const (
	cubicPieces = 8 // initial pieces of each half of the directions (an even number: no piece crosses t = 0)
	cubicTol    = 1e-3
	cubicSplits = 2000
)

// phiSup returns an upper bound of sup over s in [0, 1], c = sqrt(1 - s^2),
// of a3 c^3 + a2 c^2 s + a1 c s^2 + a0 s^3 (all >= 0): every term is
// monotone in s (c decreasing, s increasing), so on a cell [s_k, s_k+1] the
// terms at c(s_k) and s_k+1 bound it. The cells are finest near s = 0,
// where the maximum lies when the q terms are small.
func phiSup(a3, a2, a1, a0 float64) float64 {
	a3, a2 = math.Max(a3, 0), math.Max(a2, 0)
	if a2 == 0 && a1 == 0 && a0 == 0 {
		return a3
	}
	var best float64
	for k := range len(phiCells) - 1 {
		c, s := phiCells[k].c, phiCells[k+1].s
		c2, s2 := c*c, s*s
		v := a3*(c2*c) + a2*(c2*s) + a1*(c*s2) + a0*(s2*s)
		best = math.Max(best, v)
	}
	// Each term is a product of at most four factors rounded up (the
	// table) and computed with five roundings: 1e-12 covers them.
	return interval.Up(best * (1 + 1e-12))
}

// phiCells holds s_k (rounded up) and c_k = sqrt(1 - s_k^2) (rounded up)
// on a grid of [0, 1] with cells of 1/4096 up to 1/16, then 1/256.
var phiCells = func() []struct{ c, s float64 } {
	var out []struct{ c, s float64 }
	add := func(s float64) {
		out = append(out, struct{ c, s float64 }{interval.SqrtUp(interval.Up(1 - interval.Down(s*s))), s})
	}
	for k := 0; k < 256; k++ {
		add(float64(k) / 4096)
	}
	for k := 16; k <= 256; k++ {
		add(float64(k) / 256)
	}
	return out
}()

// binom3[j] = C(3, j).
var binom3 = [4]float64{1, 3, 3, 1}
