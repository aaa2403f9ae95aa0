package sim

import (
	"encoding/json"
	"math"
	"os"
	"testing"
)

// nearGolden is testdata/near-init.json: initial points of init near as
// nlssl train --write-init wrote them before the region had a type.
type nearGolden struct {
	Cases []struct {
		D    int       `json:"d"`
		Tau  float64   `json:"tau"`
		Seed uint64    `json:"seed"`
		W    []float64 `json:"w"`
	} `json:"cases"`
}

func readNearGolden(t *testing.T) nearGolden {
	t.Helper()
	b, err := os.ReadFile("testdata/near-init.json")
	if err != nil {
		t.Fatal(err)
	}
	var g nearGolden
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	if len(g.Cases) == 0 {
		t.Fatal("no cases")
	}
	return g
}

// sameFloats reports whether x and y hold bit-identical numbers.
func sameFloats(x, y []float64) bool {
	if len(x) != len(y) {
		return false
	}
	for i := range x {
		if math.Float64bits(x[i]) != math.Float64bits(y[i]) {
			return false
		}
	}
	return true
}

// TestNearInitGolden: Initialise(InitNear, ...) draws the same bits as
// before (seeds 1..20 at d = 10, tau = 7; seeds 1..3 at d = 4, tau = 0.5).
func TestNearInitGolden(t *testing.T) {
	for _, c := range readNearGolden(t).Cases {
		p, err := Initialise(InitNear, c.D, c.Tau, c.Seed)
		if err != nil {
			t.Fatal(err)
		}
		if !sameFloats(p.W, c.W) {
			t.Errorf("d = %d, tau = %g, seed %d: Initialise gives %v, want %v", c.D, c.Tau, c.Seed, p.W, c.W)
		}
	}
}
