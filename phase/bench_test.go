package phase

import (
	"fmt"
	"os"
	"testing"

	"github.com/nlssl/nlssl/theory"
)

// The speed targets: a 64 x 64 grid of the simplified-objective
// claims under 10 s; a 32 x 32 grid of the full claims at d = 10 under
// 5 minutes. The 32 x 32 full sweep takes minutes, so it runs only with
// NLSSL_LONG_BENCH=1 (go test ./phase -run '^$' -bench PhaseFull/32x32
// -benchtime 1x), and alone: the machine's cores are the measurement.

// BenchmarkPhaseSimplified sweeps tau x decay (log) in simplified mode,
// with the default 12 bisection steps per boundary.
func BenchmarkPhaseSimplified(b *testing.B) {
	for _, n := range []int{16, 64} {
		spec := simplifiedSpec(n, n)
		spec.Bisect = 12
		b.Run(fmt.Sprintf("%dx%d", n, n), func(b *testing.B) {
			for b.Loop() {
				if _, err := Run(spec, Shard{0, 1}, 0, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkPhaseFull sweeps tau x decay (log) at the paper's d = 10 in
// full mode (every claim, theory.CheckAll), no bisection.
func BenchmarkPhaseFull(b *testing.B) {
	for _, n := range []int{8, 32} {
		spec := simplifiedSpec(n, n)
		spec.Mode, spec.Bisect = Full, 0
		spec.Base = theory.PaperParams()
		b.Run(fmt.Sprintf("%dx%d", n, n), func(b *testing.B) {
			if n > 8 && os.Getenv("NLSSL_LONG_BENCH") == "" {
				b.Skip("minutes: set NLSSL_LONG_BENCH=1")
			}
			for b.Loop() {
				if _, err := Run(spec, Shard{0, 1}, 0, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
