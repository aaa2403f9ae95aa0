package certify

import "testing"

// TestUCoefMatchesSum: the cached linear form of uBound is never below its
// defining sum (and within rounding of it) for every multi-index in the
// table; a coefficient table computed before qBound (package
// initialisation order) would give zeros and fail here.
func TestUCoefMatchesSum(t *testing.T) {
	b := pairBounds{pp: 0.013, ap: 0.21, aa: 0.7}
	for al := range 5 {
		for be := range 4 {
			for ga := range 4 {
				if al+2*be+2*ga > 6 {
					continue
				}
				got, want := uBound(b, al, be, ga), uBoundSum(b, al, be, ga)
				if got < want || got > want*(1+1e-12) {
					t.Fatalf("(%d,%d,%d): %v vs %v", al, be, ga, got, want)
				}
			}
		}
	}
}
