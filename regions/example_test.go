package regions_test

import (
	"fmt"

	"github.com/nlssl/nlssl/regions"
)

// Example proves C1 and C2 at the paper's point for every starting row of
// the near region with at most unit weight off (e1, e2) (q <= 1; the whole
// region, q <= 5 sqrt(8), is regions.ProveAt's default and takes a few
// seconds), in a small box Omega of the critical-point search.
func Example() {
	start := regions.NearRegion(7, 10)
	start[regions.AxisQ].Hi = 1
	omega := regions.NewBox(2.3, 5, 0.9, 2, 0, 1)
	res, err := regions.Prove(regions.Problem{Point: regions.PaperPoint(), Start: start, Omega: &omega}, nil)
	if err != nil {
		panic(err)
	}
	fmt.Println(res.Status)
	for _, p := range res.Parts {
		fmt.Println(p.Name, p.Proved)
	}
	fmt.Printf("W* = (%.4f, %.4f)\n", res.Max.Centre[0], res.Max.Centre[1])
	// Output:
	// proved
	// critical points true
	// maximum true
	// region true
	// descent true
	// uniqueness true
	// W* = (3.8207, 1.5216)
}
