package regions

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestKrawczykOperator: around the Newton point of W*, Krawczyk's test
// holds on a small box and fails on a box that also holds the saddle of
// the plane a = 0 (two zeros: uniqueness must not be certified), and on a
// small box centred beside W* that misses it.
func TestKrawczykOperator(t *testing.T) {
	obj := paperObjective(t)
	e := &engine{obj: obj, budget: 100}
	s := &criticalSearch{e: e, tauS: 7, kw: 0.05}
	p, fp, ok := s.newton(NewBox(3.8, 3.85, 1.52, 1.53, 0, 0))
	require.True(t, ok)
	inside := func(p [3]float64, fp Enclosure, y Box) bool {
		ey, err := e.enclose(y)
		require.NoError(t, err)
		_, in, kok := krawczykImage(p, y, fp, ey)
		return kok && in
	}
	around := func(p [3]float64, r float64) Box { return NewBox(p[0]-r, p[0]+r, p[1]-r/7, p[1]+r/7, 0, 0) }
	require.True(t, inside(p, fp, around(p, 0.01)), "a small box around W*")
	require.False(t, inside(p, fp, NewBox(-0.5, 4, 0.9, 1.7, 0, 0)), "a box holding W* and the saddle (0, 1.12)")
	beside := [3]float64{p[0] + 0.02, p[1], 0}
	fb, err := e.enclose(PointBox(beside))
	require.NoError(t, err)
	require.False(t, inside(beside, fb, around(beside, 0.005)), "a box beside W*")
}
