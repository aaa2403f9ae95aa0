package experiment

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/nlssl/nlssl/buildinfo"
)

// TestDocsUpToDate: docs/ holds the output of the default reproduction
// (`make figures`, i.e. `nlssl reproduce --out docs --no-trajectories
// --build-record release`), byte for byte: the figures the README embeds,
// the summary and the verdicts. The JSON files record the release only
// (buildinfo.Stable), so that docs/ does not change with the toolchain or
// the commit that wrote it. The runs, the figures (gonum/plot) and the verdicts are
// deterministic, so any difference means docs/ is out of date with the code.
// Skipped under -short (it runs the whole protocol, about 3 s).
func TestDocsUpToDate(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole protocol")
	}
	dir := t.TempDir()
	s := PaperSettings()
	s.Format, s.Build = PNG, buildinfo.Stable()
	res, err := Reproduce(s)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := res.Write(dir, PNG, false); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		want, err := os.ReadFile(filepath.Join("..", "docs", e.Name()))
		if err != nil {
			t.Errorf("docs/%s is missing: run make figures", e.Name())
			continue
		}
		got, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		if !bytes.Equal(got, want) {
			t.Errorf("docs/%s is out of date with the code: run make figures", e.Name())
		}
	}
}
