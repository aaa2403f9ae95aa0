package certify

import (
	"math"

	"github.com/nlssl/nlssl/interval"
	"github.com/nlssl/nlssl/sim"
)

// Third-derivative bounds of a row objective over balls around a centre:
// M(r) >= sup over ||S (w - w0)|| <= r of the norm of D^3 f(w) in the
// scaled coordinates y = S w, proved and never sampled. It is the sum of
//
//   - the main term sum_i U_mmm,i (x~_i . u)^3 over the atoms (data points
//     or clusters), bounded for all atoms together by cubicForm from the
//     rigorous values of U_mmm at the centre and, per atom, a bound of its
//     change over the ball's ranges of m and of the variances (the mean
//     value theorem, with the derivative of U_mmm bounded over the ranges);
//   - every other term of the chain rule (the variances depend on w), per
//     atom by thirdBound.
//
// The work that does not depend on r (the centre values, the atoms'
// scaled coordinates, the cubic form's power sums) is done once.

// thirdDerivative returns r -> M(r) for the balls around w0 in the scaled
// norm (see Row.Lipschitz), from fmmm, each point's F_mmm at w0 (enclosed).
func (o Expected) thirdDerivative(w0, scale []float64, fmmm []interval.Interval) (func(r float64) float64, error) {
	ds := o.Data()
	if err := checkScale(scale, ds.D); err != nil {
		return nil, err
	}
	rho := o.Rho()
	wI := points(w0)
	va0 := interval.Point(rho).Sqr().Mul(interval.Dot(wI, wI))
	type atom struct{ nx, m, slack float64 }
	atoms := make([]atom, ds.N)
	xs := make([][]float64, ds.N)
	for i := range ds.N {
		x := ds.Point(i)
		xs[i] = scaled(x, scale)
		nx, _, _ := scaledNorms(x, scale)
		atoms[i] = atom{nx: nx, m: dot(w0, x), slack: 1e-15*float64(ds.D)*norm(w0)*norm(x) + 1e-300}
	}
	cf := newCubicForm(xs, fmmm)
	rad := make([]float64, ds.N)
	return func(r float64) float64 {
		if !(r >= 0) || math.IsInf(r, 0) {
			return math.Inf(1)
		}
		br := newBallRanges(w0, r, scale, rho)
		gc := newGaussCells(interval.Down(rho*br.wlo), interval.Up(rho*br.whi))
		dva := br.varianceChange(rho, va0)
		var other float64
		for i, a := range atoms {
			dm := interval.Up(r * a.nx)
			b := atomPairBounds(interval.Down(a.m-a.slack-dm), interval.Up(a.m+a.slack+dm), 0, 0, gc)
			b0 := atomPairBounds(interval.Down(a.m-a.slack), interval.Up(a.m+a.slack), 0, 0, gc)
			rad[i] = interval.Up(changeBound(b0, b, dm, 4, 0, 0) + interval.Up(dva*uBound(b, 3, 0, 1)))
			f := chainFactors{dz: [3]float64{a.nx, 0, br.dva}, ddz: [3]float64{0, 0, br.ddva}}
			other = interval.Up(other + thirdBound(b, f, false))
		}
		return interval.Up(cf.bound(rad) + other)
	}, nil
}

// thirdDerivative returns r -> M(r) for the population objective: each of
// the four clusters is an atom with m = w.c, data-noise scale sd and
// augmentation scale sa, weighted n/4; ummm holds each cluster's U_mmm at
// w0 (enclosed, in sim.Clusters order).
func (o Population) thirdDerivative(w0, scale []float64, ummm []interval.Interval) (func(r float64) float64, error) {
	dist := o.Distribution()
	d := dist.D
	if err := checkScale(scale, d); err != nil {
		return nil, err
	}
	rho := dist.Rho
	wI := points(w0)
	rho2 := interval.Point(rho).Sqr()
	va0 := rho2.Mul(interval.Dot(wI, wI))
	vd0 := va0
	var sum interval.Interval
	for _, v := range wI {
		sum = sum.Add(v)
	}
	shared := dist.Noise == sim.SharedScalar
	if shared {
		vd0 = rho2.Mul(sum.Sqr())
	}
	weight := interval.Point(o.N()).Scale(0.25)
	type atom struct{ nc, m, slack float64 }
	var atoms []atom
	var xs [][]float64
	var cs []interval.Interval
	sim.Clusters(func(y, z float64) {
		c := make([]float64, d)
		c[0], c[1] = y, dist.Tau*z // tau z is exact: z is 0 or 1
		cs = append(cs, ummm[len(cs)].Mul(weight))
		xs = append(xs, scaled(c, scale))
		nc, _, _ := scaledNorms(c, scale)
		atoms = append(atoms, atom{nc: nc, m: y*w0[0] + c[1]*w0[1], slack: 1e-15 * (math.Abs(w0[0]) + math.Abs(c[1]*w0[1]) + 1e-300)})
	})
	cf := newCubicForm(xs, cs)
	rad := make([]float64, len(atoms))
	wHi := weight.Hi
	return func(r float64) float64 {
		if !(r >= 0) || math.IsInf(r, 0) {
			return math.Inf(1)
		}
		br := newBallRanges(w0, r, scale, rho)
		salo, sahi := interval.Down(rho*br.wlo), interval.Up(rho*br.whi)
		sdlo, sdhi := salo, sahi
		dvd, ddvd := br.dva, br.ddva
		dVa := br.varianceChange(rho, va0)
		dVd := dVa
		if shared {
			sdlo, sdhi = interval.Down(rho*br.sumLo), interval.Up(rho*br.sumHi)
			dvd, ddvd = br.dvdShared, br.ddvdShared
			lo, hi := interval.Down(interval.Down(rho*rho)*interval.Down(br.sumLo*br.sumLo)), interval.Up(interval.Up(rho*rho)*interval.Up(br.sumHi*br.sumHi))
			dVd = interval.Up(math.Max(interval.Up(hi-vd0.Lo), interval.Up(vd0.Hi-lo)))
		}
		gc := newGaussCells(salo, sahi)
		var other float64
		for i, a := range atoms {
			dm := interval.Up(r * a.nc)
			b := atomPairBounds(interval.Down(a.m-a.slack-dm), interval.Up(a.m+a.slack+dm), sdlo, sdhi, gc)
			b0 := atomPairBounds(interval.Down(a.m-a.slack), interval.Up(a.m+a.slack), sdlo, sdhi, gc)
			ch := interval.Up(changeBound(b0, b, dm, 4, 0, 0) + interval.Up(dVd*uBound(b, 3, 1, 0)))
			rad[i] = interval.Up(wHi * interval.Up(ch+interval.Up(dVa*uBound(b, 3, 0, 1))))
			f := chainFactors{dz: [3]float64{a.nc, dvd, br.dva}, ddz: [3]float64{0, ddvd, br.ddva}}
			other = interval.Up(other + interval.Up(wHi*thirdBound(b, f, true)))
		}
		return interval.Up(cf.bound(rad) + other)
	}, nil
}

// varianceChange bounds |va - va0| over the ball: va = rho^2 ||w||^2 with
// ||w|| in [wlo, whi], and va0 the centre's variance (enclosed).
func (br ballRanges) varianceChange(rho float64, va0 interval.Interval) float64 {
	r2 := interval.Up(rho * rho)
	hi := interval.Up(r2 * interval.Up(br.whi*br.whi))
	lo := interval.Down(interval.Down(rho*rho) * interval.Down(br.wlo*br.wlo))
	return interval.Up(math.Max(interval.Up(hi-va0.Lo), interval.Up(va0.Hi-lo)))
}

// scaled returns S^-1 x, exact because S holds powers of 2 (checkScale).
func scaled(x, scale []float64) []float64 {
	out := make([]float64, len(x))
	for j, v := range x {
		if scale == nil {
			out[j] = v
		} else {
			out[j] = v / scale[j]
		}
	}
	return out
}

// unitScale returns scale, or d ones for nil (the Euclidean norm).
func unitScale(scale []float64, d int) []float64 {
	if scale != nil {
		return scale
	}
	ones := make([]float64, d)
	for j := range ones {
		ones[j] = 1
	}
	return ones
}

// checkScale accepts nil (the Euclidean norm) or d powers of 2 in
// [2^-500, 2^500]: dividing by them is exact, so the scaled coordinates
// of the data are the exact ones.
func checkScale(scale []float64, d int) error {
	if scale == nil {
		return nil
	}
	if len(scale) != d {
		return paramErr("scale", len(scale), "d positive numbers")
	}
	for _, s := range scale {
		if frac, exp := math.Frexp(s); frac != 0.5 || exp < -499 || exp > 501 {
			return paramErr("scale", s, "powers of 2 in [2^-500, 2^500]")
		}
	}
	return nil
}
