package theory

import "strings"

// Mechanism returns a short name of why a verdict is not "holds": the
// failure mode for fails and undecided, the unmet hypothesis for
// outside-hypotheses (the phase maps label their regions with it). It is
// read off the verdict's reason and evidence; an unrecognised reason gives
// its first clause.
func (v Verdict) Mechanism() string {
	m, _ := v.mechanism()
	return m
}

// mechanism returns the mechanism and whether it is a named one (false:
// the reason's first clause, for a reason no case recognises; a test keeps
// every verdict the claims produce named).
func (v Verdict) mechanism() (string, bool) {
	if v.Outcome == Holds {
		return "", true
	}
	r := v.Reason
	if strings.HasSuffix(v.Claim, "~") { // CheckSimplified: the reason starts with the mechanism
		if i := strings.Index(r, " ("); i > 0 {
			r = r[:i]
		}
		return r, true
	}
	has := func(s string) bool { return strings.Contains(r, s) }
	ev := func(name string) float64 { x, _ := v.Get(name); return x }
	switch v.Outcome {
	case OutsideHypotheses:
		switch {
		case has("past the bifurcation"):
			return "rows collapse to a = 0: e1 is lost (past the pitchfork of L~)", true
		case has("smoothness bound"):
			return "eta above the smoothness bound", true
		case has("the near region starts far"):
			return "tau < 1: the near region starts far from the maximum (Finding 8)", true
		case has("not in the near region"), has("not in the sign region"), has("but not in the near region"):
			return "W0 outside the near region", true
		case has("does not have the sign pattern"), has("does not certify a strict local maximum"), has("no certified maximum"):
			return "no certified maximum with the sign pattern (the sample lost the mirror pair)", true
		case has("noise or the unconverged"):
			return "noise or unconverged weights as large as the features", true
		case has("SL z-SNR"):
			return "SL keeps a z signal (SNR > 0.1): chance part not claimed", true
		case has("did not reach"):
			return "SL descent did not converge within the budget", true
		case has("n = "):
			return "sample too small (n < 25)", true
		case has("one noise coordinate"):
			return "d = 3: one noise coordinate (Finding 9)", true
		case has("not a strict local maximum of L~"), has("no maximum of L~"):
			return "no strict maximum of L~", true
		}
	case Fails:
		switch v.Claim {
		case "C1":
			if has("ascent diverged") {
				return "ascent diverges", true
			}
			if ev("min_sign_margin") <= 0 {
				return "a row crosses to the mirror basin: the sign pattern is lost", true
			}
			return "L decreases along the ascent", true
		case "C2":
			switch {
			case has("diverged"):
				return "ascent diverges", true
			case has("another maximum"):
				return "ascent converges to another maximum", true
			case has("not a strict local maximum"):
				return "the limit is not a strict maximum", true
			case has("stochastic run"):
				return "the stochastic run ends beyond the predicted spread", true
			}
		case "C3":
			if has("certified NOT to be a maximum") {
				return "a certified saddle near W~*", true
			}
		case "C4":
			if has("sign pattern lost") {
				return "a row in the mirror basin: the sign pattern is lost", true
			}
			return "a feature projection below 1 - eps", true
		case "C5":
			return "SL keeps e2 weights above delta |w^(1)|", true
		case "C6":
			switch {
			case has("SL decodes z"):
				return "the SL representation keeps z", true
			case has("SSL does not decode z"):
				return "the SSL representation loses z", true
			case has("decode y"):
				return "a representation loses y", true
			}
		}
	case Undecided:
		switch {
		case has("budget"):
			return "step budget spent before convergence", true
		case has("no ball around W~* that reaches it"):
			return "W* too far from W~* for a ball proved to hold one critical point", true
		case has("not certified"):
			return "the certificate's inequality fails", true
		case has("stalls"):
			return "no zero of grad L near W~*", true
		case has("no certificate could be computed"):
			return "no certificate could be computed", true
		case has("certificate is missing"):
			return "no certified W* to identify the limit with", true
		}
	}
	if i := strings.IndexAny(r, ";:("); i > 0 {
		r = r[:i]
	}
	if len(r) > 80 {
		r = r[:80]
	}
	return strings.TrimSpace(r), false
}
