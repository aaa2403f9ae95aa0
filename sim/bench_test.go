package sim

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
)

var benchSink float64

// BenchmarkNormal compares the view generator with math/rand/v2's
// NormFloat64 (the reason rng exists).
func BenchmarkNormal(b *testing.B) {
	b.Run("rng", func(b *testing.B) {
		r := newStream(1, streamViews)
		var s float64
		for b.Loop() {
			s += r.NormFloat64()
		}
		benchSink = s
	})
	b.Run("math-rand-v2", func(b *testing.B) {
		r := rand.New(rand.NewPCG(1, 2))
		var s float64
		for b.Loop() {
			s += r.NormFloat64()
		}
		benchSink = s
	})
}

var benchSizes = []struct{ d, n int }{{10, 100}, {64, 4096}}

func benchData(b *testing.B, d, n int) (*Dataset, []float64) {
	b.Helper()
	c := DefaultConfig(SSL, d)
	ds, err := c.Distribution().Sample(n, 1)
	if err != nil {
		b.Fatal(err)
	}
	p, err := Initialise(InitNear, d, c.Tau, 1)
	if err != nil {
		b.Fatal(err)
	}
	return ds, p.W
}

// BenchmarkSSLStep is one step of each SSL trainer.
func BenchmarkSSLStep(b *testing.B) {
	for _, sz := range benchSizes {
		ds, w := benchData(b, sz.d, sz.n)
		delta := make([]float64, len(w))
		rho := DefaultConfig(SSL, sz.d).Rho
		b.Run(fmt.Sprintf("stochastic/d=%d/n=%d", sz.d, sz.n), func(b *testing.B) {
			st, _ := NewStochasticSSL(ds, rho, 1.0/800, 1)
			b.ReportAllocs()
			for b.Loop() {
				st.Step(delta, w, 1e-3)
			}
		})
		b.Run(fmt.Sprintf("expected/d=%d/n=%d", sz.d, sz.n), func(b *testing.B) {
			obj, _ := NewExpectedObjective(ds, rho, 1.0/800, 0)
			st := Ascent{Obj: obj}
			b.ReportAllocs()
			for b.Loop() {
				st.Step(delta, w, 1e-3)
			}
		})
	}
}

// BenchmarkSLStep is one step of the reference SL trainer.
func BenchmarkSLStep(b *testing.B) {
	for _, sz := range benchSizes {
		ds, _ := benchData(b, sz.d, sz.n)
		p, _ := Initialise(InitSL, sz.d, 7, 1)
		x := p.State()
		delta := make([]float64, len(x))
		b.Run(fmt.Sprintf("d=%d/n=%d", sz.d, sz.n), func(b *testing.B) {
			obj, _ := NewSLObjective(ds, 1.0/800, 1.0/800)
			st := NewSLDescent(obj)
			st.Step(delta, x, 1e-3) // sizes the hidden-layer caches
			b.ReportAllocs()
			for b.Loop() {
				st.Step(delta, x, 1e-3)
				for j := range x { // as Train does: the cache then holds
					x[j] += delta[j]
				}
			}
		})
	}
}

// BenchmarkReferenceRun is one whole reference run of each model at the
// paper's settings, every step recorded.
func BenchmarkReferenceRun(b *testing.B) {
	for _, m := range []Model{SSL, SL} {
		b.Run(m.String(), func(b *testing.B) {
			c := PaperConfig(m)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Run(c, nil, nil, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkReferenceProtocol is THEORY section 7 in full: 20 seeds of SSL
// from each initialisation (4000 steps) and of SL (8000 steps), every step
// of every trajectory kept, on all cores. Targets: 2 s on 2 cores, peak
// memory under 200 MB (reported as peak-RSS-MB: the whole test process's
// high-water mark, from /proc/self/status, so an upper bound).
func BenchmarkReferenceProtocol(b *testing.B) {
	jobs := ReferenceProtocol(PaperConfig(SSL), PaperConfig(SL), 20)
	b.ReportAllocs()
	for b.Loop() {
		_, errs := RunBatch(jobs, 0, nil)
		for _, err := range errs {
			if err != nil {
				b.Fatal(err)
			}
		}
	}
	if mb, ok := peakRSSMB(); ok {
		b.ReportMetric(mb, "peak-RSS-MB")
	}
}

// peakRSSMB returns the process's peak resident set (VmHWM) in MB, on Linux.
func peakRSSMB() (float64, bool) {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, false
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kb float64
			if _, err := fmt.Sscan(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), &kb); err == nil {
				return kb / 1000, true
			}
		}
	}
	return 0, false
}
