// Package interval owns a small interval-arithmetic type with outward
// rounding, used for certificates; it knows nothing of the model.
//
// No maintained, sound interval-arithmetic module exists for Go, which is
// why this one is written here. It is deliberately small and simple: every
// operation is short enough to be checked by reading it, and the tests check
// every operation against exact (math/big) references on random inputs.
//
// # Soundness contract
//
// An [Interval] {Lo, Hi} stands for the closed set of reals x with
// Lo <= x <= Hi; an infinite endpoint means "unbounded on that side". Every
// operation returns an interval containing the exact real result of the
// operation applied to every real in the operand intervals. Tightness is
// secondary: about one ulp of widening per endpoint per operation.
//
// Invalid inputs never panic: an interval with a NaN endpoint means "unknown"
// and an interval with Lo > Hi (a programming error, since the empty set is
// not represented) is treated the same way. Any operation with an invalid
// operand returns [Entire]. A lower endpoint of +Inf is read as "some real
// above MaxFloat64" and replaced by MaxFloat64; an upper endpoint of -Inf by
// -MaxFloat64. Float-valued queries (Mid, Rad, ...) of an invalid interval
// answer for the whole line.
//
// # Rounding policy
//
// Go's float64 +, -, *, / and math.Sqrt are correctly rounded
// (round-to-nearest-even, IEEE 754), so the exact result r of one such
// operation satisfies Down(fl(r)) <= r <= Up(fl(r)), where [Down] and [Up]
// step one ulp with math.Nextafter. This also holds on overflow
// (fl(r) = +Inf implies r > MaxFloat64 = Down(+Inf)) and underflow (the
// subnormal grid is finer than one ulp step). Hence:
//
//   - Add, Sub, Mul, Div, Sqr, Sqrt, Pow, Scale, AddFloat, Sum, Dot: each
//     computed endpoint is widened by one ulp, except where the float result
//     is exact by construction (a zero operand of a sum or product, x - x,
//     0 / y); Pow widens once per multiplication of its square-and-multiply.
//   - Neg, Abs, Max, Min, Hull: exact, no widening.
//   - Exp, Log, Log1p: math.Exp, math.Log and math.Log1p are not correctly
//     rounded (on amd64 math.Exp errors of up to 1.7 ulp have been measured),
//     so their results y are widened by 4 ulps: to y(1 ± 4·2^-52), rounded
//     outward. This relative form is sound for any library error below about
//     4 ulps of the exact value; four Nextafter steps would not be, because
//     when a power of two lies between y and the exact value the steps on
//     its lower side are half as large, and they would certify only 2 ulps.
//     The tests measure the library error against a 400-bit reference and
//     fail if it ever reaches 2 ulps, a factor-two margin.
//   - Exp additionally never trusts math.Exp near the ends of its range: on
//     amd64 math.Exp returns +Inf for x in about [709.44, 709.78] although
//     e^x is finite there, and results below 2^-1022 are subnormal, where a
//     relative ulp bound means nothing. For x outside [-708, 709] Exp uses
//     e^x = (e^(x/2))^2 with outward-rounded squaring, and for x >= 710 or
//     x <= -746 the mathematically certain bounds [MaxFloat64, +Inf] and
//     [0, 2^-1074].
//   - Log additionally never passes a subnormal x to math.Log, which on amd64
//     answers between about -709.1 and -708.4 for every subnormal input (at
//     5e-324 it is off by 35); it uses ln x = ln(x 2^54) - 54 ln 2 with ln 2
//     enclosed in [Down(Ln2), Up(Ln2)]. Log(1) = 0 and Log1p(0) = 0 are exact.
//
// Go may fuse x*y + z into one FMA instruction, across statements and after
// inlining. Every product here is written float64(x*y), which forbids fusion,
// so each operation is rounded separately and the per-operation widening
// covers it.
package interval
