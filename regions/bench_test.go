package regions

import "testing"

// BenchmarkProvePaper: the whole proof at the paper's point (tau = 7,
// rho = 10^-1.5, alpha = 1/800, n = 100, eta = 0.001) over the near region
// with q <= 5 sqrt(8) (ProveAt(PaperPoint(), 10)), every core. Run with
// go test ./regions -run XXX -bench ProvePaper -benchtime 3x.
func BenchmarkProvePaper(b *testing.B) {
	for b.Loop() {
		res, err := ProveAt(PaperPoint(), 10)
		if err != nil {
			b.Fatal(err)
		}
		if res.Status != Proved {
			b.Fatal(res.Summary())
		}
	}
}

// BenchmarkProveQuick: the same with q <= 1 (the tests' problem).
func BenchmarkProveQuick(b *testing.B) {
	for b.Loop() {
		if _, err := Prove(quickProblem(), nil); err != nil {
			b.Fatal(err)
		}
	}
}
