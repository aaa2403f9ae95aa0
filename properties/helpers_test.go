package properties

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/nlssl/nlssl/sim"
	"github.com/nlssl/nlssl/theory"
)

// check returns one claim's verdict at p.
func check(t *testing.T, p theory.Params, claim string) theory.Verdict {
	t.Helper()
	s, err := theory.NewSession(p)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range s.Claims() {
		if "C"+string(rune('1'+i)) == claim {
			return c()
		}
	}
	t.Fatalf("no claim %s", claim)
	return theory.Verdict{}
}

// nearW0 is the paper's near initial point of the seed.
func nearW0(p theory.Params) []float64 {
	ip, err := sim.Initialise(sim.InitNear, p.D, p.Tau, p.Seed)
	if err != nil {
		panic(err)
	}
	return ip.W
}

// requireOutsideAndConclusionFails: the verdict is outside its hypotheses
// and, checked there anyway, its conclusion fails.
func requireOutsideAndConclusionFails(t *testing.T, v theory.Verdict) {
	t.Helper()
	holds, checked := v.ConclusionHolds()
	if v.Outcome != theory.OutsideHypotheses || !checked || holds {
		t.Fatalf("want outside the hypotheses with a failing conclusion, got %v (conclusion checked %v, holds %v)", v, checked, holds)
	}
}

// counterexamples reads testdata/counterexamples/<claim>.json, the points
// where a claim was found to fail (README, Findings); there must be some.
func counterexamples(t *testing.T, claim string) []theory.Params {
	t.Helper()
	b, err := os.ReadFile("testdata/counterexamples/" + claim + ".json")
	if err != nil {
		t.Fatal(err)
	}
	var points []theory.Params
	if err := json.Unmarshal(b, &points); err != nil {
		t.Fatal(err)
	}
	if len(points) == 0 {
		t.Fatalf("no %s counterexamples recorded", claim)
	}
	return points
}
