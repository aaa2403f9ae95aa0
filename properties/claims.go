package properties

import (
	"encoding/json"
	"sync"

	"github.com/nlssl/nlssl/theory"
	"pgregory.net/rapid"
)

// verdictCache maps a point (its JSON) to its six verdicts.
var verdictCache sync.Map

// Verdicts checks every claim at p, once per process: the claim properties
// (and fuzz targets) that draw the same point share the work.
func Verdicts(p theory.Params) ([]theory.Verdict, error) {
	key, err := json.Marshal(p)
	if err != nil {
		return nil, err
	}
	if v, ok := verdictCache.Load(string(key)); ok {
		return v.([]theory.Verdict), nil
	}
	vs, err := theory.CheckAll(p)
	if err != nil {
		return nil, err
	}
	verdictCache.Store(string(key), vs)
	return vs, nil
}

// VerdictOf returns the named claim's verdict.
func VerdictOf(vs []theory.Verdict, claim string) theory.Verdict {
	for _, v := range vs {
		if v.Claim == claim {
			return v
		}
	}
	return theory.Verdict{}
}

// Statistical reports whether a failing verdict fails only in a clause that
// is a statement about a distribution, which may fail on a few points: C5
// (over the sample: the SL limit's e2 weights are fitted to it) and C2's
// stochastic-run clause (over the views). Every other failure inside the
// hypotheses is a counterexample.
func Statistical(v theory.Verdict) bool {
	switch v.Claim {
	case "C5":
		return true
	case "C2":
		det, _ := v.Get("deterministic_clauses_hold")
		return det == 1
	}
	return false
}

// HardFailure reports whether v is a counterexample: a failure inside the
// hypotheses that is not Statistical.
func HardFailure(v theory.Verdict) bool {
	return v.Hypotheses && v.Outcome == theory.Fails && !Statistical(v)
}

// ClaimProperty is the property of one claim over PointGen(MaxD()): it
// never fails inside its hypotheses except in statistical clauses. It is
// the body of the claim's fuzz target (rapid.MakeFuzz); the tests add the
// rate and vacuity checks.
func ClaimProperty(claim string) func(*rapid.T) {
	return func(t *rapid.T) {
		p := PointGen(MaxD()).Draw(t, "point")
		vs, err := Verdicts(p)
		if err != nil {
			t.Fatalf("%v", err)
		}
		if v := VerdictOf(vs, claim); HardFailure(v) {
			key, _ := json.Marshal(p)
			t.Fatalf("%s fails inside its hypotheses: %s\n  point: %s", claim, v.Reason, key)
		}
	}
}
