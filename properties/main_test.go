package properties

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/nlssl/nlssl/theory"
	"gonum.org/v1/gonum/stat/distuv"
	"pgregory.net/rapid"
)

// TestMain gives every property of the package the same rapid seed (a
// random one unless RAPID_SEED or -rapid.seed sets it), so that the claim
// tests draw the same points in the same order and share their verdicts:
// the six claims cost one check per point instead of six. The seed is
// printed so that a run can be repeated.
func TestMain(m *testing.M) {
	flag.Parse()
	// 60 points by default (rapid's default is 100): a point is a full check
	// of every claim, up to d = 32 and n = 4096; `make deep` sets
	// RAPID_CHECKS=1000.
	if f := flag.Lookup("rapid.checks"); f != nil && f.Value.String() == "100" && os.Getenv("RAPID_CHECKS") == "" {
		f.Value.Set("60")
	}
	if f := flag.Lookup("rapid.seed"); f != nil && f.Value.String() == "0" && os.Getenv("RAPID_SEED") == "" {
		seed := uint64(time.Now().UnixNano())
		f.Value.Set(strconv.FormatUint(seed, 10))
		fmt.Fprintf(os.Stderr, "properties: rapid seed %d (RAPID_SEED=%d repeats this run)\n", seed, seed)
	}
	os.Exit(m.Run())
}

// minInside is the fraction of drawn points that must satisfy a claim's
// hypotheses, so that the property cannot pass vacuously: the generator
// puts 40-50% of its points inside C4's hypotheses, 55-80% inside C1, C2,
// C5 and C6's and all inside C3's (RAPID_SEED = 1, 5, 11, 23, 77; 60
// points each); below 10% the generator or the hypotheses have changed and
// the test says so.
const minInside = 0.10

// claimProperty checks one claim over PointGen's points: no failure inside
// the hypotheses (HardFailure), statistical failures (Statistical) on at
// most a maxRate fraction of the points inside (a one-sided binomial test at
// false-alarm rate 1e-3), and enough points inside. inside decides what
// counts as inside.
func claimProperty(t *testing.T, claim string, maxRate float64, inside func(theory.Verdict) bool) {
	var total, in, fails int
	rapid.Check(t, func(rt *rapid.T) {
		p := PointGen(MaxD()).Draw(rt, "point")
		vs, err := Verdicts(p)
		if err != nil {
			rt.Fatal(err)
		}
		v := VerdictOf(vs, claim)
		total++
		if inside(v) {
			in++
		}
		if v.Hypotheses && v.Outcome == theory.Fails {
			key, _ := json.Marshal(p)
			if HardFailure(v) {
				rt.Fatalf("%s fails inside its hypotheses: %s\n  point: %s", claim, v.Reason, key)
			}
			fails++
			rt.Logf("%s fails at %s: %s", claim, key, v.Reason)
		}
	})
	if t.Failed() || total == 0 {
		return
	}
	t.Logf("%s: %d points, %d inside the hypotheses, %d failures", claim, total, in, fails)
	if float64(in) < minInside*float64(total) {
		t.Errorf("%s: only %d of %d points satisfied the hypotheses (< %g): the property is close to vacuous", claim, in, total, minInside)
	}
	if maxRate > 0 && fails > 0 {
		// P(X >= fails) for X ~ Binomial(in, maxRate).
		pval := 1 - distuv.Binomial{N: float64(in), P: maxRate}.CDF(float64(fails-1))
		if pval < 1e-3 {
			t.Errorf("%s fails at %d of %d points inside its hypotheses: more than a %g fraction (p = %.2g)", claim, fails, in, maxRate, pval)
		}
	}
}

func hypothesesMet(v theory.Verdict) bool { return v.Hypotheses }
