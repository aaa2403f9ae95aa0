package interval

import (
	"math"
	"math/big"
	"testing"

	"pgregory.net/rapid"
)

const refPrec = 400 // for exp and log, which have no exact float result

// bigExp returns e^x to about 370 bits: Taylor series of e^(x/2^20), then 20
// squarings (|x| <= 1000, so |x/2^20| < 2^-10).
func bigExp(x *big.Float) *big.Float {
	const k = 20
	r := new(big.Float).SetPrec(refPrec).SetMantExp(x, -k)
	sum := new(big.Float).SetPrec(refPrec).SetInt64(1)
	term := new(big.Float).SetPrec(refPrec).SetInt64(1)
	for i := int64(1); term.Sign() != 0 && term.MantExp(nil) > -refPrec-20; i++ {
		term.Mul(term, r)
		term.Quo(term, new(big.Float).SetInt64(i))
		sum.Add(sum, term)
	}
	for range k {
		sum.Mul(sum, sum)
	}
	return sum
}

// bigLog1p returns ln(1+u) to about 380 bits for the exact u > -1.
func bigLog1p(u *big.Float) *big.Float {
	w := nb().Add(u, big.NewFloat(1)) // 1+u, exact
	if small := new(big.Float).SetMantExp(big.NewFloat(1), -8); new(big.Float).Abs(u).Cmp(small) < 0 {
		// Series u - u^2/2 + u^3/3 - ..., ratio <= 2^-8.
		p := new(big.Float).SetPrec(refPrec).Set(u)
		sum := new(big.Float).SetPrec(refPrec)
		for i := int64(1); p.Sign() != 0 && p.MantExp(nil) > u.MantExp(nil)-refPrec-20; i++ {
			term := new(big.Float).SetPrec(refPrec).Quo(p, new(big.Float).SetInt64(i))
			if i%2 == 0 {
				term.Neg(term)
			}
			sum.Add(sum, term)
			p.Mul(p, u)
		}
		return sum
	}
	// Newton on e^y = w: y <- y + (w e^-y - 1), started from w = m 2^k with
	// m in [0.5, 1): y0 = k ln 2 + ln m (math.Log only on normal m).
	m := new(big.Float)
	k := w.MantExp(m)
	mf, _ := m.Float64()
	y := new(big.Float).SetPrec(refPrec).SetFloat64(float64(k)*math.Ln2 + math.Log(mf))
	for range 8 {
		d := bigExp(new(big.Float).Neg(y))
		d.Sub(d.Mul(d, w), big.NewFloat(1))
		if y.Add(y, d); d.Sign() == 0 || d.MantExp(nil) < y.MantExp(nil)-refPrec+30 {
			return y
		}
	}
	panic("bigLog1p: Newton did not converge")
}

// TestReferences checks the exp and log references against known digits
// and each other, including the subnormal end.
func TestReferences(t *testing.T) {
	near := func(name string, got *big.Float, want string) {
		w, _, err := big.ParseFloat(want, 10, refPrec, big.ToNearestEven)
		d := new(big.Float).Sub(got, w)
		if err != nil || d.Sign() != 0 && d.MantExp(nil) > w.MantExp(nil)-200 {
			t.Errorf("%s = %s, want %s", name, got.Text('g', 70), want)
		}
	}
	near("e", bigExp(bf(1)), "2.718281828459045235360287471352662497757247093699959574966967627724")
	near("ln 2", bigLog1p(bf(1)), "0.6931471805599453094172321214581765680755001343602552541206800094934")
	ln2 := bigLog1p(bf(1))
	near("ln 2^-1074", bigLog1p(nb().Sub(bf(0x1p-1074), bf(1))), new(big.Float).Mul(ln2, big.NewFloat(-1074)).Text('g', 110))
	near("exp(ln 10)", bigExp(bigLog1p(bf(9))), "10")
	near("exp(ln1p(2^-30))-1", nb().Sub(bigExp(bigLog1p(bf(0x1p-30))), bf(1)), "9.31322574615478515625e-10")
}

// ulpErr returns |got - ref| in units of the ulp of the float64 nearest ref.
func ulpErr(got float64, ref *big.Float) float64 {
	rf, _ := ref.Float64()
	rf = math.Abs(rf)
	ulp := math.Nextafter(rf, math.Inf(1)) - rf
	d, _ := nb().Sub(bf(got), ref).Float64()
	return math.Abs(d) / ulp
}

// ulps returns the number of float64 steps from lo up to hi.
func ulps(lo, hi float64) int64 {
	ord := func(x float64) int64 {
		b := int64(math.Float64bits(x))
		if b < 0 {
			b = math.MinInt64 - b
		}
		return b
	}
	return ord(hi) - ord(lo)
}

// ---- generators ----

// TestLibmWithinBudget measures math.Exp, math.Log and math.Log1p against
// the references in the range where they are used unguarded, and requires
// errors below 2 ulps: half the 4-ulp widening budget.
func TestLibmWithinBudget(t *testing.T) {
	worst := map[string]float64{}
	rapid.Check(t, func(t *rapid.T) {
		x := rapid.OneOf(rapid.Float64Range(-708, 709), rapid.Float64Range(-1, 1)).Draw(t, "exp x")
		w := rapid.OneOf(rapid.Float64Range(0, math.MaxFloat64), rapid.Float64Range(0.5, 2), rapid.Float64Range(0x1p-1022, 1e-300)).Draw(t, "log x")
		u := rapid.OneOf(rapid.Float64Range(-1, 1e300), rapid.Float64Range(-1e-3, 1e-3), rapid.Float64Range(-1, 1)).Draw(t, "log1p x")
		if w < 0x1p-1022 || u == -1 { // Log scales subnormals: math.Log is wrong there
			return
		}
		for name, e := range map[string]float64{
			"Exp":   ulpErr(math.Exp(x), bigExp(bf(x))),
			"Log":   ulpErr(math.Log(w), bigLog1p(nb().Sub(bf(w), bf(1)))),
			"Log1p": ulpErr(math.Log1p(u), bigLog1p(bf(u))),
		} {
			worst[name] = max(worst[name], e)
			if e > 2 {
				t.Fatalf("math.%s error %.3g ulps exceeds the 2-ulp budget", name, e)
			}
		}
	})
	t.Logf("worst observed library errors (ulps): %v", worst)
}
