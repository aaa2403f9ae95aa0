package phase

import (
	"strings"
	"testing"

	"github.com/nlssl/nlssl/theory"
)

// TestBooleanEvidenceInASweep: a yes/no piece of a verdict's evidence is a
// number in a sweep (phase.csv's columns are numbers), 1 for true and 0 for
// false, and its meaning says how to read it; numbers are left alone and
// the verdict's evidence is not changed.
func TestBooleanEvidenceInASweep(t *testing.T) {
	ev := []theory.Evidence{
		{Name: "tail_proved", Value: 1, Meaning: "whether it is proved", Boolean: true},
		{Name: "clause", Meaning: "whether it holds", Boolean: true},
		{Name: "steps", Value: 1, Meaning: "steps taken"},
	}
	r := result("C1", theory.Holds, "", ev)
	for name, want := range map[string]theory.Number{"tail_proved": 1, "clause": 0, "steps": 1} {
		if got := r.Evidence[name]; got != want {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	for i, m := range r.meanings {
		if marked := strings.HasSuffix(m.Meaning, "(1 = true, 0 = false)"); marked != ev[i].Boolean {
			t.Errorf("%s: meaning %q (Boolean %v)", m.Name, m.Meaning, ev[i].Boolean)
		}
	}
	if ev[0].Meaning != "whether it is proved" {
		t.Errorf("the verdict's evidence was changed: %q", ev[0].Meaning)
	}
}
