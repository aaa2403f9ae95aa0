package phase

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/nlssl/nlssl/theory"
)

// readmeMapSpec is the simplified-mode sweep the README shows (make
// phase-maps, docs/phase/simplified): tau in [0.25, 20] x decay in
// [1/3200, 1/20], both on log axes, 64 x 64, 12 bisection steps: the
// defaults of 'nlssl phase'.
func readmeMapSpec() Spec {
	return Spec{Base: theory.PaperParams(),
		X:    Axis{Param: "tau", Lo: 0.25, Hi: 20, Count: 64, Log: true},
		Y:    Axis{Param: "decay", Lo: 0.0003125, Hi: 0.05, Count: 64, Log: true},
		Mode: Simplified, Bisect: 12}
}

// TestPhaseDocsUpToDate: docs/phase/simplified holds the maps and
// boundaries of the README's simplified sweep, byte for byte (the sweep and
// the maps are deterministic).
func TestPhaseDocsUpToDate(t *testing.T) {
	sw, err := Run(readmeMapSpec(), Shard{0, 1}, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := sw.WriteFiles(dir, "png"); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"map-C3-simplified.png", "map-C4-simplified.png", "boundaries.csv"} {
		want, err := os.ReadFile(filepath.Join("..", "docs", "phase", "simplified", name))
		if err != nil {
			t.Errorf("docs/phase/simplified/%s is missing: run make phase-maps", name)
			continue
		}
		got, _ := os.ReadFile(filepath.Join(dir, name))
		if !bytes.Equal(got, want) {
			t.Errorf("docs/phase/simplified/%s is out of date with the code: run make phase-maps", name)
		}
	}
}
