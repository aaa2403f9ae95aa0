package properties

import (
	"encoding/json"
	"os"
	"strings"
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
	for _, c := range theory.Claims() {
		if c.ID == claim {
			return c.Check(s)
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

// requireOutsideStillFails replays the counterexamples in file (now outside
// a corrected hypothesis) for each claim: the verdict must be outside with a
// reason containing why, and, checked anyway (CheckOutside), the conclusion
// must still fail; if a change makes one hold, the finding that corrected
// the hypothesis must be re-examined.
func requireOutsideStillFails(t *testing.T, file, why string, claims ...string) {
	t.Helper()
	for i, p := range counterexamples(t, file) {
		p.CheckOutside = true
		for _, claim := range claims {
			v := check(t, p, claim)
			if v.Outcome != theory.OutsideHypotheses || !strings.Contains(v.Reason, why) {
				t.Errorf("%s counterexample %d (d=%d n=%d tau=%.3g alpha=%.3g seed=%d) %s: %v, want outside (%q)", file, i, p.D, p.N, p.Tau, p.Alpha, p.Seed, claim, v, why)
			}
			if h, ok := v.Get("conclusion_holds"); !ok || h != 0 {
				t.Errorf("%s counterexample %d (d=%d n=%d tau=%.3g alpha=%.3g seed=%d) %s: the conclusion no longer fails: %v", file, i, p.D, p.N, p.Tau, p.Alpha, p.Seed, claim, v)
			}
		}
	}
}
