package sim

import (
	"fmt"

	"github.com/nlssl/nlssl/internal/enum"
)

// Noise selects how the data noise xi of THEORY section 2 is drawn.
type Noise int

const (
	// Isotropic draws xi ~ N(0, rho^2 I_d): the model of the paper (default).
	Isotropic Noise = iota
	// SharedScalar draws one g ~ N(0,1) per point and adds rho*g to every
	// coordinate (noise along the all-ones direction): the public reference
	// code's quirk, kept so that its experiments can be reproduced as run.
	SharedScalar
)

var noiseNames = enum.New[Noise]("Noise", []string{Isotropic: "isotropic", SharedScalar: "shared-scalar"}...)

func (m Noise) String() string { return noiseNames.String(m) }

// ParseNoise parses "isotropic" or "shared-scalar".
func ParseNoise(s string) (Noise, error) {
	if v, ok := noiseNames.Parse(s); ok {
		return v, nil
	}
	return 0, paramErr("noise", fmt.Sprintf("%q", s), `"isotropic" or "shared-scalar"`)
}

// MarshalText implements encoding.TextMarshaler.
func (m Noise) MarshalText() ([]byte, error) {
	if !noiseNames.Valid(m) {
		return nil, paramErr("noise", int(m), `"isotropic" or "shared-scalar"`)
	}
	return []byte(m.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler.
func (m *Noise) UnmarshalText(b []byte) error {
	v, err := ParseNoise(string(b))
	*m = v
	return err
}

// Distribution is the data distribution of THEORY section 2:
// x = y e1 + tau z e2 + xi, y uniform on {+1,-1}, z uniform on {0,1}.
type Distribution struct {
	D     int     // input dimension, >= 2
	Tau   float64 // hidden-feature strength, finite, >= 0
	Rho   float64 // noise scale, finite, >= 0
	Noise Noise
}

// Validate returns a *ParamError for the first parameter out of range.
func (p Distribution) Validate() error {
	if err := checkD(p.D); err != nil {
		return err
	}
	if err := checkNonNegative("tau", p.Tau); err != nil {
		return err
	}
	if err := checkNonNegative("rho", p.Rho); err != nil {
		return err
	}
	if p.Noise != Isotropic && p.Noise != SharedScalar {
		return paramErr("noise", int(p.Noise), `"isotropic" or "shared-scalar"`)
	}
	return nil
}

// Dataset is a fixed training set: n points of dimension d.
type Dataset struct {
	D, N   int
	X      []float64   // n x d, row-major: point i is X[i*D:(i+1)*D]
	Y      []int       // labels, each +1 or -1
	Z      []int       // hidden variables, each 0 or 1
	Source *DataSource // where the points came from; nil if unknown
}

// DataSource records the distribution and seed a dataset was sampled from.
type DataSource struct {
	Tau   float64 `json:"tau"`
	Rho   float64 `json:"rho"`
	Noise Noise   `json:"noise"`
	Seed  uint64  `json:"seed"`
}

// Point returns point i (a view into X, not a copy).
func (ds *Dataset) Point(i int) []float64 { return ds.X[i*ds.D : (i+1)*ds.D] }

// Target returns the SL target of point i: 0 when y = +1, 1 when y = -1
// (the reference convention, THEORY section 2).
func (ds *Dataset) Target(i int) float64 { return float64(1-ds.Y[i]) / 2 }

// Validate checks shapes, labels and finiteness (of the points, and of the
// source's parameters when it has one).
func (ds *Dataset) Validate() error {
	if ds == nil {
		return paramErr("dataset", "nil", "a dataset with n >= 1 points")
	}
	if err := checkD(ds.D); err != nil {
		return err
	}
	if err := checkN(ds.N, ds.D); err != nil {
		return err
	}
	if len(ds.X) != ds.N*ds.D {
		return paramErr("x", fmt.Sprintf("%d numbers", len(ds.X)), fmt.Sprintf("n*d = %d numbers (%d points of dimension %d)", ds.N*ds.D, ds.N, ds.D))
	}
	if len(ds.Y) != ds.N {
		return paramErr("y", fmt.Sprintf("%d labels", len(ds.Y)), fmt.Sprintf("n = %d labels", ds.N))
	}
	if len(ds.Z) != ds.N {
		return paramErr("z", fmt.Sprintf("%d values", len(ds.Z)), fmt.Sprintf("n = %d values", ds.N))
	}
	if err := checkFinite("x", ds.X); err != nil {
		return err
	}
	if src := ds.Source; src != nil {
		if err := checkNonNegative("source.tau", src.Tau); err != nil {
			return err
		}
		if err := checkNonNegative("source.rho", src.Rho); err != nil {
			return err
		}
	}
	for i := range ds.N {
		if ds.Y[i] != 1 && ds.Y[i] != -1 {
			return paramErr(fmt.Sprintf("y[%d]", i), ds.Y[i], "+1 or -1")
		}
		if ds.Z[i] != 0 && ds.Z[i] != 1 {
			return paramErr(fmt.Sprintf("z[%d]", i), ds.Z[i], "0 or 1")
		}
	}
	return nil
}

// DatasetBytes returns the memory of a dataset of n points of dimension d:
// n*d numbers and n labels and hidden variables (in floating point, so that
// it does not overflow).
func DatasetBytes(n, d int) float64 { return float64(n) * (8*float64(d) + 16) }

// Sample draws n points from the distribution, reproducibly from seed: the
// same (p, n, seed) gives the same bits on every run and platform. Point i
// takes, in order, one bit for y, one bit for z, then its noise (d normals
// for Isotropic, one for SharedScalar) from the seed's data stream.
func (p Distribution) Sample(n int, seed uint64) (*Dataset, error) {
	return p.sample(n, seed, streamData)
}

// SampleFresh draws n points like Sample but from seed's probe stream: they
// are independent of the training set Sample(n, seed) draws, as the fresh
// points a linear probe is fitted and scored on must be.
func (p Distribution) SampleFresh(n int, seed uint64) (*Dataset, error) {
	return p.sample(n, seed, streamProbe)
}

func (p Distribution) sample(n int, seed uint64, st stream) (*Dataset, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if err := checkN(n, p.D); err != nil {
		return nil, err
	}
	r := newStream(seed, st)
	ds := &Dataset{
		D: p.D, N: n, X: make([]float64, n*p.D), Y: make([]int, n), Z: make([]int, n),
		Source: &DataSource{Tau: p.Tau, Rho: p.Rho, Noise: p.Noise, Seed: seed},
	}
	for i := range n {
		y := 1
		if r.Uint64()>>63 == 1 {
			y = -1
		}
		z := int(r.Uint64() >> 63)
		ds.Y[i], ds.Z[i] = y, z
		x := ds.Point(i)
		if p.Noise == SharedScalar {
			g := p.Rho * r.NormFloat64()
			for j := range x {
				x[j] = g
			}
		} else {
			for j := range x {
				x[j] = p.Rho * r.NormFloat64()
			}
		}
		x[0] += float64(y)
		x[1] += p.Tau * float64(z)
		if err := p.checkSampled(x, i); err != nil {
			return nil, err
		}
	}
	return ds, nil
}

// checkSampled refuses a drawn point i with an entry beyond the float64
// range, naming the parameter that put it there: tau for the hidden
// feature's coordinate when it dominates the noise, else rho.
func (p Distribution) checkSampled(x []float64, i int) error {
	for j, v := range x {
		if isFinite(v) {
			continue
		}
		param, value := "rho", p.Rho
		if j == 1 && p.Tau >= p.Rho {
			param, value = "tau", p.Tau
		}
		return paramErr(param, value, fmt.Sprintf("a size for which the sampled data are finite (point %d has x[%d] = %v)", i, j, Number(v).text()))
	}
	return nil
}
