package theory

import "testing"

// BenchmarkCheckPaper is `nlssl check` at the paper's point: every claim,
// from a new session (target: under 1 s on 2 cores).
func BenchmarkCheckPaper(b *testing.B) {
	for b.Loop() {
		if _, err := CheckAll(PaperParams()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCertificate is C3's certificates at the paper's point (both
// fidelities, both rows, all four forms).
func BenchmarkCertificate(b *testing.B) {
	for b.Loop() {
		s, _ := NewSession(PaperParams())
		s.C3()
	}
}
