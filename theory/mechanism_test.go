package theory

import (
	"testing"

	"github.com/nlssl/nlssl/sim"
)

// TestMechanismsAreNamed: at points chosen to leave each hypothesis and to
// make claims fail or stay undecided, every verdict that does not hold has
// a mechanism of its outcome, and every verdict that holds has none, so the
// phase maps' legends name what happened.
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
	seen := map[Mechanism]bool{}
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
			m := v.Mechanism()
			if v.Outcome == Holds {
				if m != NoMechanism {
					t.Errorf("%s: %s holds with the mechanism %q", name, v.Claim, m)
				}
				continue
			}
			if m == NoMechanism || m.Outcome() != v.Outcome {
				t.Errorf("%s: %s %s has the mechanism %q of %s (reason: %s)", name, v.Claim, v.Outcome, m, m.Outcome(), v.Reason)
			}
			seen[m] = true
		}
	}
	if len(seen) < 6 {
		t.Errorf("only %d distinct mechanisms met: %v (the points no longer leave the hypotheses they were chosen for)", len(seen), seen)
	}
	t.Logf("mechanisms met: %v", seen)
}

// TestMechanismTable: every mechanism has words of its own and explains an
// outcome other than holds; NoMechanism has none.
func TestMechanismTable(t *testing.T) {
	if NoMechanism.String() != "" || NoMechanism.Outcome() != Holds {
		t.Errorf("NoMechanism is %q of %s, want \"\" of holds", NoMechanism, NoMechanism.Outcome())
	}
	words := map[string]Mechanism{}
	for _, m := range Mechanisms() {
		if o := m.Outcome(); m.String() == "" || (o != Fails && o != Undecided && o != OutsideHypotheses) {
			t.Errorf("mechanism %d: %q of outcome %v", int(m), m, m.Outcome())
		}
		if other, dup := words[m.String()]; dup {
			t.Errorf("mechanisms %d and %d are both %q", int(other), int(m), m)
		}
		words[m.String()] = m
	}
}

// TestSimplifiedMechanisms: CheckSimplified names a mechanism of the
// outcome wherever a claim does not hold (points cost microseconds).
func TestSimplifiedMechanisms(t *testing.T) {
	want := map[[3]float64][2]Mechanism{ // d, tau, alpha: C3~, C4~
		{10, 7, 1.0 / 800}: {NoMechanism, NoMechanism},
		{10, 7, 0.05}:      {NoMechanism, MechE1Lost},
		{10, -1, 0}:        {MechInvalidForLTilde, MechInvalidForLTilde},
		{1, 7, 0}:          {MechInvalidForLTilde, MechInvalidForLTilde},
	}
	for pt, ms := range want {
		p := PaperParams()
		p.D, p.Tau, p.Alpha = int(pt[0]), pt[1], pt[2]
		for i, v := range CheckSimplified(p) {
			if c := SimplifiedClaims()[i]; v.Claim != c.ID || v.Title != c.Title {
				t.Errorf("%v: verdict %d is %s %q, want %s %q", pt, i, v.Claim, v.Title, c.ID, c.Title)
			}
			if v.Mechanism() != ms[i] || v.Mechanism().Outcome() != v.Outcome {
				t.Errorf("%v: %s %s by %q, want %q", pt, v.Claim, v.Outcome, v.Mechanism(), ms[i])
			}
		}
	}
}
