package sim

import (
	"bytes"
	"os"
	"testing"

	"github.com/nlssl/nlssl/internal/falgebra"
)

// TestFDerivsGenerated: fderivs_gen.go is the source internal/falgebra
// generates (run go generate ./sim after changing the tables).
func TestFDerivsGenerated(t *testing.T) {
	want, err := falgebra.Float64Source("sim")
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("fderivs_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("fderivs_gen.go is out of date: run go generate ./sim")
	}
}
