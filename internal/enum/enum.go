// Package enum owns the name table behind the module's enumerations (a
// model, a fidelity, a noise mode, an initialisation, an outcome, a proof
// status, a critical point's kind): the name of each value, its inverse and
// the fallback form of a value outside the table, written once. The error
// a parse failure returns stays with each enumeration (each names its own
// parameter and allowed values, in the words its users already see); enum
// knows nothing of the model.
package enum

import "fmt"

// Names is the name table of an enumeration T whose values are 0, 1, ...,
// len(names)-1.
type Names[T ~int] struct {
	typ   string
	names []string
}

// New returns the table of type typ (used for values outside the table:
// "Model(7)") with the names of the values 0, 1, ... in order.
func New[T ~int](typ string, names ...string) Names[T] {
	return Names[T]{typ: typ, names: names}
}

// Valid reports whether v is a value of the table.
func (n Names[T]) Valid(v T) bool { return v >= 0 && int(v) < len(n.names) }

// String returns v's name, or "Type(v)" for a value outside the table.
func (n Names[T]) String(v T) string {
	if n.Valid(v) {
		return n.names[v]
	}
	return fmt.Sprintf("%s(%d)", n.typ, int(v))
}

// Parse returns the value named s and whether there is one.
func (n Names[T]) Parse(s string) (T, bool) {
	for i, name := range n.names {
		if s == name {
			return T(i), true
		}
	}
	return 0, false
}

// List returns a copy of the names in value order.
func (n Names[T]) List() []string { return append([]string(nil), n.names...) }
