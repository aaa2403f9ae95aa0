package certify

import (
	"math"
	"testing"

	"github.com/nlssl/nlssl/interval"
	"github.com/nlssl/nlssl/sim"
)

// BenchmarkBoxEnclose: one enclosure at the paper's point over a box of
// the near region's face, for small q (41 trapezoid nodes per average) and
// up to q = 5 sqrt(8) (161 nodes).
func BenchmarkBoxEnclose(b *testing.B) {
	dist := sim.Distribution{D: 3, Tau: 7, Rho: math.Pow(10, -1.5)}
	obj, err := sim.NewPopulationObjective(dist, 100, 1.0/800, 32)
	if err != nil {
		b.Fatal(err)
	}
	bo, _ := NewBoxPopulation(obj)
	for _, c := range []struct {
		name string
		q    interval.Interval
	}{{"q=0", interval.Point(0)}, {"q=12..14.14", interval.New(12, 14.14)}} {
		b.Run(c.name, func(b *testing.B) {
			x := [3]interval.Interval{interval.New(2.9, 3), interval.New(1.1, 1.3), c.q}
			for b.Loop() {
				if _, err := bo.Enclose(x); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
