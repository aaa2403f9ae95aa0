package phase

import (
	"encoding/json"

	"github.com/nlssl/nlssl/sim"
)

// Boundary is where one claim changes outcome between two neighbouring
// grid points, located along the grid line by bisection (Spec.Bisect steps;
// 0 keeps the grid interval).
type Boundary struct {
	Claim string  `json:"claim"`
	Along string  `json:"along"` // "x" or "y": the axis that varies along the line
	Fixed float64 `json:"fixed"` // the other axis's value on the line
	Lo    float64 `json:"lo"`    // the final bracket along the axis
	Hi    float64 `json:"hi"`
	At    float64 `json:"at"` // its middle (geometric on a log axis)
	From  Result  `json:"from"`
	To    Result  `json:"to"`
}

// edge is one bisection task.
type edge struct {
	claim      int
	alongX     bool
	line       int // iy for an x edge, ix for a y edge
	i          int // the lower index along the line
	from, to   Result
	fixedValue float64
}

// boundaries finds every pair of neighbouring points (along x, then along
// y) where a claim's outcome differs and bisects between them.
func (s *Spec) boundaries(points []Point, workers int) []Boundary {
	nx, ny := s.X.Count, s.Y.Count
	at := func(ix, iy int) Point { return points[iy*nx+ix] }
	var edges []edge
	nclaims := len(points[0].Results)
	for c := range nclaims {
		for iy := range ny {
			for ix := 0; ix+1 < nx; ix++ {
				a, b := at(ix, iy).Results[c], at(ix+1, iy).Results[c]
				if a.Outcome != b.Outcome {
					edges = append(edges, edge{claim: c, alongX: true, line: iy, i: ix, from: a, to: b, fixedValue: s.Y.Value(iy)})
				}
			}
		}
		for ix := range nx {
			for iy := 0; iy+1 < ny; iy++ {
				a, b := at(ix, iy).Results[c], at(ix, iy+1).Results[c]
				if a.Outcome != b.Outcome {
					edges = append(edges, edge{claim: c, alongX: false, line: ix, i: iy, from: a, to: b, fixedValue: s.X.Value(ix)})
				}
			}
		}
	}
	out := make([]Boundary, len(edges))
	sim.ParallelFor(len(edges), workers, func(k int) { out[k] = s.bisect(edges[k]) }, nil)
	return out
}

// bisect narrows one edge: the class at the lower end is kept while the
// midpoint has the same outcome there.
func (s *Spec) bisect(e edge) Boundary {
	ax := s.X
	if !e.alongX {
		ax = s.Y
	}
	n := float64(ax.Count - 1)
	lo, hi := float64(e.i)/n, float64(e.i+1)/n
	for range s.Bisect {
		m := (lo + hi) / 2
		x, y := ax.At(m), e.fixedValue
		if !e.alongX {
			x, y = e.fixedValue, ax.At(m)
		}
		if s.evaluate(x, y)[e.claim].Outcome == e.from.Outcome {
			lo = m
		} else {
			hi = m
		}
	}
	b := Boundary{Claim: e.from.Claim, Along: "y", Fixed: e.fixedValue, Lo: ax.At(lo), Hi: ax.At(hi), At: ax.At((lo + hi) / 2), From: e.from, To: e.to}
	if e.alongX {
		b.Along = "x"
	}
	return b
}

// sameSpec reports whether two specs are identical (as their JSON).
func sameSpec(a, b Spec) bool {
	ja, err1 := json.Marshal(a)
	jb, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && string(ja) == string(jb)
}
