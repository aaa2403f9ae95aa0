package sim

import (
	"fmt"
	"math"

	"github.com/nlssl/nlssl/internal/enum"
)

// InitKind names an initialisation of THEORY section 6.
type InitKind int

const (
	// InitNear is the reference's SSL condition 0: N(0,1) entries, then
	// w1^(1) ~ U(3.1, 3.9), w2^(1) ~ -U(3.1, 3.9), w1^(2), w2^(2) ~ U(8.5, 9)/tau
	// (NearRegion).
	InitNear InitKind = iota
	// InitSigns is the reference's SSL condition 1: N(0,1) entries with
	// signs flipped so that w1^(1) > 0, w2^(1) < 0, w1^(2) > 0, w2^(2) > 0.
	InitSigns
	// InitSL is the SL initialisation: N(0,1) entries of W with signs flipped
	// so that w1^(1) >= 0 >= w2^(1); F ~ N(0, I_2).
	InitSL
)

var initNames = enum.New[InitKind]("InitKind", []string{InitNear: "near", InitSigns: "signs", InitSL: "sl"}...)

func (k InitKind) String() string { return initNames.String(k) }

// ParseInitKind parses "near", "signs" or "sl".
func ParseInitKind(s string) (InitKind, error) {
	if v, ok := initNames.Parse(s); ok {
		return v, nil
	}
	return 0, paramErr("init", fmt.Sprintf("%q", s), `"near", "signs" or "sl"`)
}

// MarshalText implements encoding.TextMarshaler.
func (k InitKind) MarshalText() ([]byte, error) {
	if !initNames.Valid(k) {
		return nil, paramErr("init", int(k), `"near", "signs" or "sl"`)
	}
	return []byte(k.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler.
func (k *InitKind) UnmarshalText(b []byte) error {
	v, err := ParseInitKind(string(b))
	*k = v
	return err
}

// InitialPoint is a starting point: W (2 x d, row-major) and, for SL, F.
type InitialPoint struct {
	D int
	W []float64 // length 2d
	F []float64 // length 2 for SL, nil for SSL
}

// Validate checks the shape and finiteness of the point. wantF says whether
// the model needs F (SL).
func (p *InitialPoint) Validate(wantF bool) error {
	if p == nil {
		return paramErr("initial point", "nil", "a point with W of shape 2 x d")
	}
	if err := checkD(p.D); err != nil {
		return err
	}
	if len(p.W) != 2*p.D {
		return paramErr("w", fmt.Sprintf("%d entries", len(p.W)), fmt.Sprintf("2 x d = %d entries (2 rows of length d = %d)", 2*p.D, p.D))
	}
	if err := checkFinite("w", p.W); err != nil {
		return err
	}
	switch {
	case wantF && len(p.F) != 2:
		return paramErr("f", fmt.Sprintf("%d entries", len(p.F)), "2 entries (the SL model needs F)")
	case !wantF && len(p.F) != 0:
		return paramErr("f", fmt.Sprintf("%d entries", len(p.F)), "no F (the SSL model has none)")
	}
	return checkFinite("f", p.F)
}

// State returns the training iterate: W, followed by F for SL.
func (p *InitialPoint) State() []float64 {
	return append(append(make([]float64, 0, len(p.W)+len(p.F)), p.W...), p.F...)
}

// Initialise draws the initial point of the given kind from seed's init
// stream: the 2d entries of W as N(0,1) (row 1 then row 2), then, in order,
// near: the four uniforms of NearRegion (w1^(1), w2^(1), w1^(2), w2^(2));
// SL: two N(0,1) for F. tau > 0 is needed by InitNear only.
func Initialise(kind InitKind, d int, tau float64, seed uint64) (*InitialPoint, error) {
	if err := checkD(d); err != nil {
		return nil, err
	}
	r := newStream(seed, streamInit)
	p := &InitialPoint{D: d, W: make([]float64, 2*d)}
	for j := range p.W {
		p.W[j] = r.NormFloat64()
	}
	switch kind {
	case InitNear:
		if err := checkPositive("tau", tau); err != nil {
			return nil, fmt.Errorf("init near divides by tau: %w", err)
		}
		NearRegion{D: d, Tau: tau}.draw(r, p.W)
	case InitSigns:
		p.W[0] = math.Abs(p.W[0])
		p.W[d] = -math.Abs(p.W[d])
		p.W[1] = math.Abs(p.W[1])
		p.W[d+1] = math.Abs(p.W[d+1])
	case InitSL:
		p.W[0] = math.Abs(p.W[0])
		p.W[d] = -math.Abs(p.W[d])
		p.F = []float64{r.NormFloat64(), r.NormFloat64()}
	default:
		return nil, paramErr("init", int(kind), `"near", "signs" or "sl"`)
	}
	return p, nil
}
