package interval_test

import (
	"fmt"

	"github.com/nlssl/nlssl/interval"
)

// Interval arithmetic rounds outward: the sum of the float64 numbers 0.1
// and 0.2 is not a float64, so their interval sum is the two float64
// numbers around it (0.1 + 0.2 in float64 is one of them); and even an
// exact product is widened by one step at each end.
func Example() {
	x := interval.Point(0.1).Add(interval.Point(0.2))
	fmt.Println(x.Contains(0.30000000000000004), x.Lo < x.Hi)
	y := interval.New(-1, 2).Mul(interval.New(3, 4))
	fmt.Println(y.Lo, y.Hi)
	// Output:
	// true true
	// -4.000000000000001 8.000000000000002
}
