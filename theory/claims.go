package theory

import "fmt"

// Claim is one claim the package states: its ID and title (every verdict
// of the claim carries both) and the Session method that checks it.
type Claim struct {
	ID    string // "C1" .. "C6", "C3~", "C4~"
	Title string
	// Check returns the claim's verdict at the session's point; nil for
	// the simplified claims, which CheckSimplified states together.
	Check func(*Session) Verdict
}

// Claims returns C1-C6 in order: the claims Session.All and CheckAll check.
func Claims() []Claim {
	return []Claim{
		{"C1", "ascent from the initialisation region keeps the sign pattern and never decreases L", (*Session).C1},
		{"C2", "ascent converges to a strict local maximum W*; the stochastic run ends near it", (*Session).C2},
		{"C3", "the maximum of L~ transfers to a unique strict local maximum of L (quantitative IFT)", (*Session).C3},
		{"C4", "SSL captures both features e1 and e2", (*Session).C4},
		{"C5", "SL captures only the label feature e1", (*Session).C5},
		{"C6", "a linear probe decodes z from the SSL representation, not from the SL one; both decode y", (*Session).C6},
	}
}

// SimplifiedClaims returns C3~ and C4~ in order: the claims CheckSimplified
// states on L~ alone.
func SimplifiedClaims() []Claim {
	return []Claim{
		{ID: "C3~", Title: "L~ has a strict local maximum reached from the near region"},
		{ID: "C4~", Title: "the maximum of L~ captures both features"},
	}
}

// claim returns the claim of an ID of Claims or SimplifiedClaims.
func claim(id string) Claim {
	for _, c := range append(Claims(), SimplifiedClaims()...) {
		if c.ID == id {
			return c
		}
	}
	panic(fmt.Sprintf("theory: no claim %q", id))
}

// verdict starts a verdict of the claim.
func (c Claim) verdict() Verdict { return Verdict{Claim: c.ID, Title: c.Title} }
