package sim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
)

// Number is a float64 whose JSON form may be non-finite: JSON has no NaN or
// Inf, so those are written as the strings "NaN", "+Inf" and "-Inf" (the
// strings the phase format uses), and read back from them. Every float a
// JSON document of this module holds that a computation can make
// non-finite (a diverged run's value and gradient norm, feature metrics of
// huge weights) is written through Number.
type Number float64

// The JSON strings of the non-finite numbers.
const (
	jsonNaN    = `"NaN"`
	jsonPosInf = `"+Inf"`
	jsonNegInf = `"-Inf"`
)

// MarshalJSON implements json.Marshaler.
func (x Number) MarshalJSON() ([]byte, error) {
	v := float64(x)
	switch {
	case math.IsNaN(v):
		return []byte(jsonNaN), nil
	case math.IsInf(v, 1):
		return []byte(jsonPosInf), nil
	case math.IsInf(v, -1):
		return []byte(jsonNegInf), nil
	}
	return json.Marshal(v)
}

// UnmarshalJSON implements json.Unmarshaler: a JSON number, or one of the
// strings "NaN", "+Inf", "-Inf" (null leaves x as it is, as for a float64).
func (x *Number) UnmarshalJSON(b []byte) error {
	switch string(bytes.TrimSpace(b)) {
	case "null": // a no-op, as encoding/json does for a float64
		return nil
	case jsonNaN:
		*x = Number(math.NaN())
		return nil
	case jsonPosInf:
		*x = Number(math.Inf(1))
		return nil
	case jsonNegInf:
		*x = Number(math.Inf(-1))
		return nil
	}
	var v float64
	if err := json.Unmarshal(b, &v); err != nil {
		return fmt.Errorf("value %s is not a number (allowed: a JSON number, \"NaN\", \"+Inf\" or \"-Inf\")", b)
	}
	*x = Number(v)
	return nil
}

// numbers is a []float64 whose JSON elements are Numbers. All-finite
// slices (the common case) are written by encoding/json directly.
type numbers []float64

// MarshalJSON implements json.Marshaler.
func (s numbers) MarshalJSON() ([]byte, error) {
	if s == nil {
		return []byte("null"), nil
	}
	finite := true
	for _, v := range s {
		finite = finite && isFinite(v)
	}
	if finite {
		return json.Marshal([]float64(s))
	}
	out := make([]Number, len(s))
	for i, v := range s {
		out[i] = Number(v)
	}
	return json.Marshal(out)
}

// UnmarshalJSON implements json.Unmarshaler.
func (s *numbers) UnmarshalJSON(b []byte) error {
	var out []Number
	if err := json.Unmarshal(b, &out); err != nil {
		return err
	}
	if out == nil {
		*s = nil
		return nil
	}
	f := make([]float64, len(out))
	for i, v := range out {
		f[i] = float64(v)
	}
	*s = f
	return nil
}

// featuresJSON is Features with every float a Number.
type featuresJSON struct {
	ProjE1  Number    `json:"proj_e1"`
	ProjE2  Number    `json:"proj_e2"`
	Cosine  Number    `json:"cosine"`
	RowNorm [2]Number `json:"row_norm"`
	A       [2]Number `json:"a"`
	B       [2]Number `json:"b"`
	Rank    int       `json:"rank"`
}

// MarshalJSON implements json.Marshaler: a non-finite metric (the row norm
// of weights near the float64 limit) is written as a string.
func (f Features) MarshalJSON() ([]byte, error) {
	two := func(v [2]float64) [2]Number { return [2]Number{Number(v[0]), Number(v[1])} }
	return json.Marshal(featuresJSON{Number(f.ProjE1), Number(f.ProjE2), Number(f.Cosine), two(f.RowNorm), two(f.A), two(f.B), f.Rank})
}

// UnmarshalJSON implements json.Unmarshaler; unknown keys are refused.
func (f *Features) UnmarshalJSON(b []byte) error {
	var j featuresJSON
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields() // as strict as the document around it
	if err := dec.Decode(&j); err != nil {
		return err
	}
	two := func(v [2]Number) [2]float64 { return [2]float64{float64(v[0]), float64(v[1])} }
	*f = Features{float64(j.ProjE1), float64(j.ProjE2), float64(j.Cosine), two(j.RowNorm), two(j.A), two(j.B), j.Rank}
	return nil
}

// text writes x as its JSON form does, without quotes: "NaN", "+Inf",
// "-Inf" or the number (%g).
func (x Number) text() string {
	if isFinite(float64(x)) {
		return fmt.Sprintf("%g", float64(x))
	}
	b, _ := x.MarshalJSON()
	return string(b[1 : len(b)-1])
}
