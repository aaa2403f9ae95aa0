package theory

import (
	"testing"

	"github.com/nlssl/nlssl/sim"
)

// TestMechanismsAreNamed: at points chosen to leave each hypothesis and to
// make claims fail or stay undecided, every verdict that does not hold has
// a named mechanism (not the fallback that quotes the reason), so the phase
// maps' legends name what happened. A reason no case knows fails the test.
func TestMechanismsAreNamed(t *testing.T) {
	if testing.Short() {
		t.Skip("several full checks (about 4 s)")
	}
	mods := map[string]func(*Params){
		"paper point":         func(*Params) {},
		"past the pitchfork":  func(p *Params) { p.Alpha, p.Beta, p.Gamma = 0.05, 0.05, 0.05 },
		"tau < NearTauMin":    func(p *Params) { p.Tau, p.Alpha, p.Beta, p.Gamma = 0.25, 0.00334, 0.00334, 0.00334 },
		"eta too large":       func(p *Params) { p.Eta = 0.05 },
		"small sample":        func(p *Params) { p.D, p.N, p.Rho = 4, 16, 0.125 },
		"signs init":          func(p *Params) { p.Init = sim.InitSigns },
		"ascent budget spent": func(p *Params) { p.Tol.MaxAscentSteps = 10 },
		"no mirror pair":      func(p *Params) { p.Alpha, p.Beta, p.Gamma = 0.02, 0.02, 0.02 },
	}
	seen := map[string]bool{}
	for name, mod := range mods {
		p := PaperParams()
		mod(&p)
		vs, err := CheckAll(p)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		vs = append(vs, CheckSimplified(p)...)
		if name == "ascent budget spent" && (vs[0].Outcome != Undecided || vs[1].Outcome != Undecided) {
			t.Errorf("C1, C2 with a 10-step budget: %v, %v, want undecided (a prefix of the trajectory shows nothing)", vs[0], vs[1])
		}
		for _, v := range vs {
			m, named := v.mechanism()
			if v.Outcome == Holds {
				continue
			}
			if !named || m == "" {
				t.Errorf("%s: %s %s has no named mechanism (reason: %s)", name, v.Claim, v.Outcome, v.Reason)
			}
			seen[m] = true
		}
	}
	if len(seen) < 6 {
		t.Errorf("only %d distinct mechanisms met: %v (the points no longer leave the hypotheses they were chosen for)", len(seen), seen)
	}
	t.Logf("mechanisms met: %v", seen)
}
