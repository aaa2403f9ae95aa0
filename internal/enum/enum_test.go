package enum

import (
	"reflect"
	"testing"
)

type colour int

var colours = New[colour]("colour", "red", "green", "blue")

// TestNames: String and Parse are inverse on the table, values outside it
// print as Type(v) and are not valid, unknown names are refused.
func TestNames(t *testing.T) {
	for i, name := range []string{"red", "green", "blue"} {
		v := colour(i)
		if !colours.Valid(v) || colours.String(v) != name {
			t.Errorf("%d: Valid %v, String %q, want %q", i, colours.Valid(v), colours.String(v), name)
		}
		if got, ok := colours.Parse(name); !ok || got != v {
			t.Errorf("Parse(%q) = %d, %v", name, got, ok)
		}
	}
	for _, v := range []colour{-1, 3, 100} {
		if colours.Valid(v) {
			t.Errorf("%d valid", v)
		}
	}
	if s := colours.String(7); s != "colour(7)" {
		t.Errorf("String(7) = %q", s)
	}
	for _, s := range []string{"", "Red", "red ", "purple"} {
		if _, ok := colours.Parse(s); ok {
			t.Errorf("Parse(%q) accepted", s)
		}
	}
	l := colours.List()
	l[0] = "changed"
	if !reflect.DeepEqual(colours.List(), []string{"red", "green", "blue"}) {
		t.Errorf("List is not a copy: %v", colours.List())
	}
}
