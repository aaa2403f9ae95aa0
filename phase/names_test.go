package phase

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/nlssl/nlssl/buildinfo"
	"github.com/nlssl/nlssl/theory"
	"github.com/stretchr/testify/require"
)

// paramFields returns the JSON fields of a parameter point by name.
func paramFields(t *testing.T, p theory.Params) map[string]any {
	t.Helper()
	b, err := json.Marshal(p)
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(b, &m))
	return m
}

// TestAxisSetsWhatItSays: each axis over a model parameter changes exactly
// the fields its table entry says it sets (the "sets" every document
// records), and nothing else: alpha only alpha, decay alpha, beta and
// gamma. The base point has three different decays, so that an axis that
// set the wrong ones would show.
func TestAxisSetsWhatItSays(t *testing.T) {
	base := theory.PaperParams()
	base.Alpha, base.Beta, base.Gamma = 0.001, 0.002, 0.003
	before := paramFields(t, base)
	for _, name := range []string{"tau", "alpha", "beta", "gamma", "decay", "rho", "eta"} {
		other := "a0"
		s := Spec{Base: base, X: Axis{Param: name, Lo: 0.5, Hi: 0.6, Count: 2}, Y: Axis{Param: other, Lo: 3, Hi: 4, Count: 2}, Mode: Simplified}
		require.NoError(t, s.Validate(), name)
		p := s.point(0.55, 3.5)
		after := paramFields(t, p)
		var changed []string
		for k, v := range after {
			if k != "w0" && !reflect.DeepEqual(v, before[k]) {
				changed = append(changed, k)
			}
		}
		require.ElementsMatch(t, axisParams[name].sets, changed, "axis %s", name)
	}
	// The base value a map marks: the base's own, and for decay none
	// unless the three decays agree.
	s := Spec{Base: base, X: Axis{Param: "decay", Lo: 0.0001, Hi: 0.01, Count: 2}}
	v, _ := s.baseValue(s.X)
	require.False(t, within(s.X, v), "decay has no base value when alpha, beta, gamma differ")
	s.Base = theory.PaperParams()
	v, _ = s.baseValue(s.X)
	require.Equal(t, 1.0/800, v)
}

// TestAxisLabelsSayWhatTheySet: a map's axis label names the parameter and,
// for decay, the three it sets.
func TestAxisLabelsSayWhatTheySet(t *testing.T) {
	for name, want := range map[string]string{"alpha": "alpha (SSL weight decay)", "decay": "decay = alpha = beta = gamma"} {
		require.Equal(t, want, Axis{Param: name}.Label())
	}
	require.Equal(t, "decay = alpha = beta = gamma, log", Axis{Param: "decay", Log: true}.Label())
}

// TestLegacyAxes: a document written before the axes recorded what they
// set (no "sets"; axis alpha then set alpha = beta = gamma) is read with
// that meaning, as decay, and written again in the new form; a document
// whose "sets" gives a name another meaning is refused, naming the axis.
func TestLegacyAxes(t *testing.T) {
	sw, err := Run(simplifiedSpec(3, 3), Shard{0, 1}, 1, nil)
	require.NoError(t, err)
	doc := jsonBytes(t, sw)
	require.Contains(t, string(doc), `"sets": [`+"\n"+`    "alpha",`)
	var m map[string]any
	require.NoError(t, json.Unmarshal(doc, &m))
	spec := m["spec"].(map[string]any)
	for _, ax := range []string{"x", "y"} {
		a := spec[ax].(map[string]any)
		delete(a, "sets")
		if a["param"] == "decay" {
			a["param"] = "alpha"
		}
	}
	legacy, err := json.Marshal(m)
	require.NoError(t, err)
	back, err := ReadJSON(bytes.NewReader(legacy))
	require.NoError(t, err)
	require.Equal(t, "decay", back.Spec.Y.Param, "a legacy alpha axis is decay")
	p := back.Spec.point(1, 0.004)
	require.Equal(t, []float64{0.004, 0.004, 0.004}, []float64{p.Alpha, p.Beta, p.Gamma})
	requireSameBytes(t, doc, jsonBytes(t, back), "a legacy document written again")

	for name, forge := range map[string]func(string) string{
		"axis alpha sets": func(d string) string {
			return strings.Replace(d, `"param": "decay"`, `"param": "alpha"`, 1) // alpha with decay's sets
		},
		"axis decay sets": func(string) string { // decay without sets: no legacy document has it
			var m map[string]any
			require.NoError(t, json.Unmarshal(doc, &m))
			delete(m["spec"].(map[string]any)["y"].(map[string]any), "sets")
			b, err := json.Marshal(m)
			require.NoError(t, err)
			return string(b)
		},
		"unknown field": func(d string) string {
			return strings.Replace(d, `"param": "decay"`, `"param": "decay", "meaning": "?"`, 1)
		},
	} {
		_, err := ReadJSON(strings.NewReader(forge(string(doc))))
		require.ErrorContains(t, err, name)
	}
}

// TestMergeRefusesOtherBuild: the spec records the build that computed the
// points, and shards of different builds do not merge (only one build
// promises identical bits); the merged sweep keeps the shards' record.
func TestMergeRefusesOtherBuild(t *testing.T) {
	spec := simplifiedSpec(3, 3)
	mine := buildinfo.Current()
	spec.Build = &mine
	a, err := Run(spec, Shard{0, 2}, 1, nil)
	require.NoError(t, err)
	b, err := Run(spec, Shard{1, 2}, 1, nil)
	require.NoError(t, err)
	merged, err := Merge([]*Sweep{a, b})
	require.NoError(t, err)
	require.Equal(t, &mine, merged.Spec.Build)
	require.Contains(t, string(jsonBytes(t, merged)), `"build": {`)
	other := spec
	stable := buildinfo.Stable()
	other.Build = &stable
	c, err := Run(other, Shard{1, 2}, 1, nil)
	require.NoError(t, err)
	_, err = Merge([]*Sweep{a, c})
	require.ErrorContains(t, err, "spec")
}
