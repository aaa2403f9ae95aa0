package interval

import (
	"math"
	"testing"

	"pgregory.net/rapid"
)

// TestUpDownMatchNextafter: the bit-stepping Up and Down agree with
// math.Nextafter on every class of input.
func TestUpDownMatchNextafter(t *testing.T) {
	special := []float64{0, math.Copysign(0, -1), math.SmallestNonzeroFloat64, -math.SmallestNonzeroFloat64,
		0x1p-1022, -0x1p-1022, 1, -1, 2, -2, math.MaxFloat64, -math.MaxFloat64, math.Inf(1), math.Inf(-1)}
	check := func(x float64) {
		if got, want := Up(x), math.Nextafter(x, math.Inf(1)); math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("Up(%v) = %v, want %v", x, got, want)
		}
		if got, want := Down(x), math.Nextafter(x, math.Inf(-1)); math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("Down(%v) = %v, want %v", x, got, want)
		}
	}
	for _, x := range special {
		check(x)
	}
	if !math.IsNaN(Up(math.NaN())) || !math.IsNaN(Down(math.NaN())) {
		t.Fatal("NaN not kept")
	}
	rapid.Check(t, func(t *rapid.T) { check(rapid.Float64().Draw(t, "x")) })
}
