package experiment

import "testing"

// BenchmarkReproduce is the whole default `nlssl reproduce`: the protocol,
// the claims' check, the probes, the figures (PNG) and every file written
// (target: under 3 s on 2 cores).
func BenchmarkReproduce(b *testing.B) {
	dir := b.TempDir()
	for b.Loop() {
		s := PaperSettings()
		s.Format = PNG
		res, err := Reproduce(s)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := res.Write(dir, PNG, true); err != nil {
			b.Fatal(err)
		}
	}
}
