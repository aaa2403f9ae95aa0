package interval

import (
	"fmt"
	"math"
	"math/big"
	"testing"

	"pgregory.net/rapid"
)

// ---- exact and high-precision references ----

// exactPrec makes +, - and * of float64 values, and short sums of products,
// exact in big.Float (the span of two products is < 4300 bits).
const exactPrec = 8192

func bf(x float64) *big.Float { return new(big.Float).SetPrec(exactPrec).SetFloat64(x) }
func nb() *big.Float          { return new(big.Float).SetPrec(exactPrec) }

// exact fails the test if a reference computation was rounded.
func exact(t *rapid.T, z *big.Float) *big.Float {
	if z.Acc() != big.Exact {
		t.Fatalf("reference not exact: %v", z)
	}
	return z
}

// encloses reports whether the real v lies in r, comparing exactly.
func encloses(r Interval, v *big.Float) bool {
	if math.IsNaN(r.Lo) || math.IsNaN(r.Hi) || r.Lo > r.Hi {
		return false
	}
	return bf(r.Lo).Cmp(v) <= 0 && v.Cmp(bf(r.Hi)) <= 0
}

var specials = []float64{0, math.Copysign(0, -1), 1, -1, 0.1, -0.1, 0.5, 3, 1e300, -1e300,
	math.MaxFloat64, -math.MaxFloat64, math.SmallestNonzeroFloat64, -math.SmallestNonzeroFloat64,
	0x1p-1022, -0x1p-1022, 1e154, 1.4e154}

// genFloat draws moderate, near-zero, subnormal, huge and special values.
func genFloat() *rapid.Generator[float64] {
	return rapid.OneOf(
		rapid.Float64Range(-1e6, 1e6),
		rapid.Float64Range(-1e6, 1e6),
		rapid.Float64Range(-1e-6, 1e-6),
		rapid.Float64Range(-1e-305, 1e-305),
		rapid.Float64Range(-1e300, 1e300),
		rapid.Float64(),
		rapid.SampledFrom(specials),
	)
}

// drawInterval draws a point, a narrow (few-ulp) or a wide interval with
// endpoints from g, sometimes made unbounded on one side.
func drawInterval(t *rapid.T, g *rapid.Generator[float64], label string) Interval {
	x := g.Draw(t, label+".x")
	var a Interval
	switch rapid.IntRange(0, 2).Draw(t, label+".kind") {
	case 0:
		a = Interval{x, x}
	case 1:
		y := x
		for range rapid.IntRange(1, 8).Draw(t, label+".ulps") {
			y = Up(y)
		}
		a = Interval{x, y}
	default:
		y := g.Draw(t, label+".y")
		a = Interval{min(x, y), max(x, y)}
	}
	switch rapid.IntRange(0, 9).Draw(t, label+".inf") {
	case 0:
		a.Lo = math.Inf(-1)
	case 1:
		a.Hi = math.Inf(1)
	}
	return a
}

// drawPoint draws a real in a: a finite endpoint or an interior point.
func drawPoint(t *rapid.T, a Interval, label string) float64 {
	lo, hi := max(a.Lo, -math.MaxFloat64), min(a.Hi, math.MaxFloat64)
	switch rapid.IntRange(0, 3).Draw(t, label+".where") {
	case 0:
		return lo
	case 1:
		return hi
	}
	return rapid.Float64Range(lo, hi).Draw(t, label)
}

// ---- containment properties ----

type binOp struct {
	name string
	op   func(a, b Interval) Interval
	in   func(t *rapid.T, r Interval, x, y float64) bool // is op(x, y) in r?
}

func exactIn(f func(x, y *big.Float) *big.Float) func(*rapid.T, Interval, float64, float64) bool {
	return func(t *rapid.T, r Interval, x, y float64) bool { return encloses(r, exact(t, f(bf(x), bf(y)))) }
}

// divIn checks x/y in [L, H] exactly: for y > 0, L*y <= x <= H*y.
func divIn(t *rapid.T, r Interval, x, y float64) bool {
	lo, hi := exact(t, nb().Mul(bf(r.Lo), bf(y))), exact(t, nb().Mul(bf(r.Hi), bf(y)))
	if y < 0 {
		lo, hi = hi, lo
	}
	return lo.Cmp(bf(x)) <= 0 && bf(x).Cmp(hi) <= 0
}

func pick(c bool, x, y *big.Float) *big.Float {
	if c {
		return x
	}
	return y
}

var binOps = []binOp{
	{"Add", Interval.Add, exactIn(func(x, y *big.Float) *big.Float { return nb().Add(x, y) })},
	{"Sub", Interval.Sub, exactIn(func(x, y *big.Float) *big.Float { return nb().Sub(x, y) })},
	{"Mul", Interval.Mul, exactIn(func(x, y *big.Float) *big.Float { return nb().Mul(x, y) })},
	{"Div", Interval.Div, divIn},
	{"Max", Max, exactIn(func(x, y *big.Float) *big.Float { return pick(x.Cmp(y) >= 0, x, y) })},
	{"Min", Min, exactIn(func(x, y *big.Float) *big.Float { return pick(x.Cmp(y) <= 0, x, y) })},
	{"Hull", Interval.Hull, exactIn(func(x, _ *big.Float) *big.Float { return x })},
	{"Scale", func(a, b Interval) Interval { return a.Scale(b.Lo) }, exactIn(func(x, y *big.Float) *big.Float { return nb().Mul(x, y) })},
	{"AddFloat", func(a, b Interval) Interval { return a.AddFloat(b.Lo) }, exactIn(func(x, y *big.Float) *big.Float { return nb().Add(x, y) })},
}

func TestBinaryContainment(t *testing.T) {
	for _, o := range binOps {
		t.Run(o.name, rapid.MakeCheck(func(t *rapid.T) {
			a, b := drawInterval(t, genFloat(), "a"), drawInterval(t, genFloat(), "b")
			if o.name == "Scale" || o.name == "AddFloat" { // b is the exact float c
				b = Point(genFloat().Draw(t, "c"))
			}
			r := o.op(a, b)
			if o.name == "Div" && b.Lo <= 0 && 0 <= b.Hi {
				if r != Entire() {
					t.Fatalf("Div(%v, %v) = %v, want Entire", a, b, r)
				}
				return
			}
			x, y := drawPoint(t, a, "x"), drawPoint(t, b, "y")
			if !o.in(t, r, x, y) {
				t.Fatalf("%s(%v, %v) = %v misses x=%.17g y=%.17g", o.name, a, b, r, x, y)
			}
		}))
	}
}

type unOp struct {
	name string
	gen  *rapid.Generator[float64]
	op   func(a Interval) Interval
	in   func(t *rapid.T, r Interval, x float64) bool // is op(x) in r?
}

// refIn checks against a reference value; ref returns nil outside the domain.
func refIn(ref func(t *rapid.T, x float64) *big.Float) func(*rapid.T, Interval, float64) bool {
	return func(t *rapid.T, r Interval, x float64) bool { v := ref(t, x); return v == nil || encloses(r, v) }
}

// sqrtIn checks sqrt(x) in [L, H] exactly: (L <= 0 or L^2 <= x), H^2 >= x.
func sqrtIn(t *rapid.T, r Interval, x float64) bool {
	lo2, hi2 := exact(t, nb().Mul(bf(r.Lo), bf(r.Lo))), exact(t, nb().Mul(bf(r.Hi), bf(r.Hi)))
	return x < 0 || ((r.Lo <= 0 || lo2.Cmp(bf(x)) <= 0) && r.Hi >= 0 && hi2.Cmp(bf(x)) >= 0)
}

var (
	expGen   = rapid.OneOf(rapid.Float64Range(-1000, 1000), rapid.Float64Range(-750, -700), rapid.Float64Range(700, 715), rapid.Float64Range(-1, 1), rapid.SampledFrom([]float64{0, -708, 709, 709.43, 709.44, 709.5, 709.78, 709.79, 710, -745.1, -745.2, -746, 1e-300}))
	logGen   = rapid.OneOf(rapid.Float64Range(0, 1e6), rapid.Float64Range(0.999, 1.001), rapid.Float64Range(0, 1e-300), rapid.Float64Range(0, math.MaxFloat64), rapid.SampledFrom([]float64{0, 1, 5e-324, 1e-310, 0x1p-1022, math.MaxFloat64}))
	log1pGen = rapid.OneOf(rapid.Float64Range(-1, 10), rapid.Float64Range(-1e-9, 1e-9), rapid.Float64Range(-1, -0.999), rapid.Float64Range(0, 1e300), rapid.SampledFrom([]float64{-1, math.Nextafter(-1, 0), 0, -1e-300, math.SmallestNonzeroFloat64}))
)

var unOps = []unOp{
	{"Neg", genFloat(), Interval.Neg, refIn(func(t *rapid.T, x float64) *big.Float { return nb().Neg(bf(x)) })},
	{"Abs", genFloat(), Interval.Abs, refIn(func(t *rapid.T, x float64) *big.Float { return nb().Abs(bf(x)) })},
	{"Sqr", genFloat(), Interval.Sqr, refIn(func(t *rapid.T, x float64) *big.Float { return exact(t, nb().Mul(bf(x), bf(x))) })},
	{"Sqrt", genFloat(), Interval.Sqrt, sqrtIn},
	{"Exp", expGen, Exp, refIn(func(t *rapid.T, x float64) *big.Float {
		if math.Abs(x) > 1000 {
			return nil // beyond the reference; see TestSpecialCases
		}
		return bigExp(bf(x))
	})},
	{"Log", logGen, Log, refIn(func(t *rapid.T, x float64) *big.Float {
		if x <= 0 {
			return nil
		}
		return bigLog1p(exact(t, nb().Sub(bf(x), bf(1))))
	})},
	{"Log1p", log1pGen, Log1p, refIn(func(t *rapid.T, x float64) *big.Float {
		if x <= -1 {
			return nil
		}
		return bigLog1p(bf(x))
	})},
}

func init() {
	for n := range 13 {
		unOps = append(unOps, unOp{fmt.Sprint("Pow", n), genFloat(), func(a Interval) Interval { return a.Pow(n) },
			func(t *rapid.T, r Interval, x float64) bool {
				v := bf(1)
				for range n {
					v = exact(t, nb().Mul(v, bf(x)))
				}
				return encloses(r, v) && (n%2 == 1 || r.Lo >= 0)
			}})
	}
}

func TestUnaryContainment(t *testing.T) {
	for _, o := range unOps {
		t.Run(o.name, rapid.MakeCheck(func(t *rapid.T) {
			a := drawInterval(t, o.gen, "a")
			if r, x := o.op(a), drawPoint(t, a, "x"); !o.in(t, r, x) {
				t.Fatalf("%s(%v) = %v misses x=%.17g", o.name, a, r, x)
			}
		}))
	}
}

func TestSumDotAndQueries(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, 6).Draw(t, "n")
		as, bs := make([]Interval, n), make([]Interval, n)
		sum, dot := bf(0), bf(0)
		for i := range n {
			as[i], bs[i] = drawInterval(t, genFloat(), "a"), drawInterval(t, genFloat(), "b")
			x, y := bf(drawPoint(t, as[i], "x")), bf(drawPoint(t, bs[i], "y"))
			sum = exact(t, nb().Add(sum, x))
			dot = exact(t, nb().Add(dot, exact(t, nb().Mul(x, y))))
		}
		if r := Sum(as); !encloses(r, sum) {
			t.Fatalf("Sum(%v) = %v misses %v", as, r, sum)
		}
		if r := Dot(as, bs); !encloses(r, dot) {
			t.Fatalf("Dot(%v, %v) = %v misses %v", as, bs, r, dot)
		}
		a := drawInterval(t, genFloat(), "q")
		x, m := drawPoint(t, a, "qx"), a.Mid()
		dist := exact(t, nb().Abs(exact(t, nb().Sub(bf(x), bf(m)))))
		switch {
		case !a.Contains(x) || !a.Contains(m):
			t.Fatalf("%v should contain x=%g and Mid=%g", a, x, m)
		case dist.Cmp(bf(a.Rad())) > 0:
			t.Fatalf("%v: |x-Mid| = %v > Rad = %g", a, dist, a.Rad())
		case exact(t, nb().Sub(bf(a.Hi), bf(a.Lo))).Cmp(bf(a.Width())) > 0:
			t.Fatalf("%v: Width = %g too small", a, a.Width())
		case a.Mag() < math.Abs(x) || a.Mig() > math.Abs(x):
			t.Fatalf("%v: Mag %g / Mig %g wrong for x=%g", a, a.Mag(), a.Mig(), x)
		case a.IsFinite() != (!math.IsInf(a.Lo, 0) && !math.IsInf(a.Hi, 0)):
			t.Fatalf("%v: IsFinite wrong", a)
		}
	})
}

// ---- special cases ----

func TestSpecialCases(t *testing.T) {
	inf, nan, maxF := math.Inf(1), math.NaN(), math.MaxFloat64
	eq := func(name string, got, want Interval) {
		t.Helper()
		if got != want {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	for _, b := range []Interval{{-1, 1}, {0, 1}, {-1, 0}, {0, 0}, Entire()} {
		eq("[1,2]/"+b.String(), New(1, 2).Div(b), Entire())
	}
	eq("0*Entire", Point(0).Mul(Entire()), Point(0))
	eq("Entire*0", Entire().Mul(Point(0)), Point(0))
	eq("Entire*Entire", Entire().Mul(Entire()), Entire())
	eq("[0,1]*[1,Inf]", New(0, 1).Mul(New(1, inf)), Interval{0, inf})
	eq("[-1,0]*[0,Inf]", New(-1, 0).Mul(New(0, inf)), Interval{-inf, 0})
	eq("[1,Inf]/[1,Inf]", New(1, inf).Div(New(1, inf)), Interval{Down(0), inf})
	eq("Point(+Inf)", Point(inf), Interval{maxF, inf})
	eq("Point(-Inf)", Point(-inf), Interval{-inf, -maxF})
	eq("[x,x]-[x,x]", Point(0.1).Sub(Point(0.1)), Point(0))
	eq("Sqrt[-4,-1]", New(-4, -1).Sqrt(), Entire())
	eq("Sqrt[-1,0]", New(-1, 0).Sqrt(), Point(0))
	eq("Log[-1,0]", Log(New(-1, 0)), Entire())
	eq("Log1p[-3,-1]", Log1p(New(-3, -1)), Entire())
	eq("Log[0,1]", Log(New(0, 1)), Interval{-inf, 0})
	eq("Sqr[-2,3]", New(-2, 3).Sqr(), Interval{0, Up(9)})
	eq("Pow0", New(-2, 3).Pow(0), Point(1))
	eq("Exp(Entire)", Exp(Entire()), Interval{0, inf})
	eq("Exp(1e300)", Exp(Point(1e300)), Interval{maxF, inf})
	eq("Exp(-1e300)", Exp(Point(-1e300)), Interval{0, math.SmallestNonzeroFloat64})
	eq("Sum()", Sum(nil), Point(0))
	eq("0*NaN", Point(0).Scale(nan), Entire())
	eq("0+NaN", Point(0).AddFloat(nan), Entire())
	eq("Log(1)", Log(Point(1)), Point(0))
	eq("Log1p(0)", Log1p(Point(0)), Point(0))
	// math.Exp returns +Inf on amd64 for x in about [709.44, 709.78]; the
	// enclosure must stay finite and correct there.
	if r := Exp(Point(709.5)); !encloses(r, bigExp(bf(709.5))) || math.IsInf(r.Lo, 0) || math.IsInf(r.Hi, 0) {
		t.Errorf("Exp(709.5) = %v", r)
	}
	// Invalid operands (NaN endpoints, Lo > Hi) give Entire everywhere.
	for _, bad := range []Interval{{nan, 1}, {0, nan}, {nan, nan}, {2, 1}} {
		eq("New", New(bad.Lo, bad.Hi), Entire())
		one := Point(1)
		for name, r := range map[string]Interval{
			"Add": bad.Add(one), "Add'": one.Add(bad), "Sub": one.Sub(bad), "Mul": bad.Mul(Point(0)),
			"Mul'": Point(0).Mul(bad), "Div": one.Div(bad), "Div'": bad.Div(one), "Neg": bad.Neg(),
			"Scale": bad.Scale(0), "Scale(NaN)": one.Scale(nan), "AddFloat": bad.AddFloat(1),
			"AddFloat(NaN)": one.AddFloat(nan), "Sqr": bad.Sqr(), "Pow": bad.Pow(0), "Sqrt": bad.Sqrt(),
			"Abs": bad.Abs(), "Exp": Exp(bad), "Log": Log(bad), "Log1p": Log1p(bad), "Hull": one.Hull(bad),
			"Max": Max(bad, one), "Min": Min(one, bad), "Sum": Sum([]Interval{one, bad}),
			"Dot": Dot([]Interval{bad}, []Interval{Point(0)}),
		} {
			eq(name+bad.String(), r, Entire())
		}
		if bad.IsFinite() || !bad.Contains(1e308) || bad.Mag() != inf || bad.Mig() != 0 || bad.Rad() != inf {
			t.Errorf("queries on %v should describe the whole line", bad)
		}
	}
	if Down(0) != -math.SmallestNonzeroFloat64 || Up(0) != math.SmallestNonzeroFloat64 ||
		Down(inf) != maxF || Up(-inf) != -maxF || Down(-inf) != -inf || Up(inf) != inf ||
		!math.IsNaN(Down(nan)) || !math.IsNaN(Up(nan)) {
		t.Error("Down/Up special values")
	}
	if SqrtDown(0) != 0 || SqrtUp(0) != 0 || SqrtUp(inf) != inf || SqrtDown(inf) != SqrtDown(maxF) || !math.IsNaN(SqrtUp(-1)) {
		t.Error("SqrtDown/SqrtUp special values")
	}
	if s := New(0.1, 2).String(); s != "[0.10000000000000001, 2]" {
		t.Errorf("String = %q", s)
	}
}

// ---- tightness ----

// TestTightness checks widths after one operation on point inputs: 2 ulps
// for the correctly rounded operations. Library calls are widened by
// 4 * 2^-52 relative, i.e. 4 to 8 ulps per side, plus an outward product:
// at most 20. Pow(5) takes 3 outward products whose relative errors compound
// to at most 6 * 2^-52 per side, 12 ulps; the halved Exp about twice 20.
func TestTightness(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		g := rapid.OneOf(rapid.Float64Range(-1e6, 1e6), rapid.Float64Range(1e-100, 1e100))
		x, y := Point(g.Draw(t, "x")), Point(g.Draw(t, "y"))
		if x.Lo == 0 || y.Lo == 0 {
			t.Skip("zero: Div and Log give Entire")
		}
		check := func(name string, r Interval, max int64) {
			if n := ulps(r.Lo, r.Hi); n > max || n < 0 {
				t.Fatalf("%s: %v is %d ulps wide (x=%v, y=%v)", name, r, n, x, y)
			}
		}
		check("Add", x.Add(y), 2)
		check("Sub", x.Sub(y), 2)
		check("Mul", x.Mul(y), 2)
		check("Sqr", x.Sqr(), 2)
		check("Div", x.Div(y), 2)
		check("Sqrt", x.Abs().Sqrt(), 2)
		check("Pow5", x.Pow(5), 24)
		check("Exp", Exp(Point(x.Lo*1e-4)), 20)
		check("Exp(709.5)", Exp(Point(709.5)), 44)
		check("Log", Log(x.Abs()), 22) // 2 more for subnormal x (scaled)
		check("Log1p", Log1p(x.Abs()), 20)
	})
}

// ---- the checker can fail ----

// addNoWiden is a deliberately unsound Add: round-to-nearest, no widening.
func addNoWiden(a, b Interval) Interval { return Interval{a.Lo + b.Lo, a.Hi + b.Hi} }

func TestCheckerCatchesUnsoundOps(t *testing.T) {
	x, y := 0.1, 0.2
	if exactSum := nb().Add(bf(x), bf(y)); encloses(addNoWiden(Point(x), Point(y)), exactSum) {
		t.Fatal("unsound 0.1+0.2 passed the containment check")
	} else if !encloses(Point(x).Add(Point(y)), exactSum) {
		t.Fatal("Add(0.1, 0.2) failed the containment check")
	}
	if v := bigExp(bf(1)); encloses(Point(math.Exp(1)), v) || !encloses(Exp(Point(1)), v) {
		t.Fatal("unwidened math.Exp(1) passed, or Exp(1) failed, the containment check")
	}
	// Four Nextafter steps miss a 2.5-ulp library error across a power of
	// two; the relative widening of libBounds does not.
	w := 1 - 0x1p-51 // four float64 steps below 1
	v := nb().Add(bf(w), bf(2.5*0x1p-52))
	if lo, hi := libBounds(w); encloses(Interval{w, Up(Up(Up(Up(w))))}, v) || !encloses(Interval{lo, hi}, v) {
		t.Fatal("libBounds vs four Nextafter steps across 1")
	}
	// On random inputs, the unsound add is caught most of the time.
	caught, total := 0, 0
	rapid.Check(t, func(t *rapid.T) {
		a, b := Point(rapid.Float64Range(-1e6, 1e6).Draw(t, "x")), Point(rapid.Float64Range(-1, 1).Draw(t, "y"))
		total++
		if !encloses(addNoWiden(a, b), nb().Add(bf(a.Lo), bf(b.Lo))) {
			caught++
		}
	})
	if caught*2 < total {
		t.Fatalf("unsound add caught only %d of %d times", caught, total)
	}
	t.Logf("unsound add caught %d of %d times", caught, total)
}

// ---- library accuracy budget ----
