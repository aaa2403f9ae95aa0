package regions

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestGrowQ: growing q.hi of the small problem with one bisection step
// proves the limit or brackets the reach: every recorded step's status
// agrees with the bracket (proved values below Proved, the not-proved one
// at NotProved), and the start's own face is proved.
func TestGrowQ(t *testing.T) {
	base, err := Prove(smallProblem(), nil)
	require.NoError(t, err)
	res, err := Grow(smallProblem(), base, nil, GrowOptions{Steps: 1, Faces: []string{"q.hi"}})
	require.NoError(t, err)
	require.Len(t, res, 1)
	g := res[0]
	require.Equal(t, "q.hi", g.Face)
	require.Equal(t, 1.0, g.Start)
	require.Equal(t, 3.0, g.Limit)
	require.GreaterOrEqual(t, g.Proved, g.Start)
	for _, s := range g.Steps {
		if s.Status == Proved {
			require.LessOrEqual(t, s.Value, g.Proved)
		} else {
			require.NotNil(t, g.NotProved)
			require.GreaterOrEqual(t, s.Value, *g.NotProved)
		}
	}
}

// TestGrowRefuses: a bad face name, a bad step count and an unproved base
// are errors.
func TestGrowRefuses(t *testing.T) {
	_, err := Grow(smallProblem(), nil, nil, GrowOptions{Faces: []string{"c.hi"}})
	require.ErrorContains(t, err, `grow face = c.hi is invalid`)
	_, err = Grow(smallProblem(), nil, nil, GrowOptions{Steps: 31})
	require.ErrorContains(t, err, "grow-steps = 31 is invalid")
	_, err = Grow(smallProblem(), nil, &Settings{MaxEnclosures: 10}, GrowOptions{})
	require.Error(t, err)
	require.True(t, strings.Contains(err.Error(), "nothing to grow from"), err.Error())
}
