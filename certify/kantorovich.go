package certify

import (
	"fmt"
	"math"

	"github.com/nlssl/nlssl/interval"
)

// KantorovichCertificate is the Newton-Kantorovich form of the certificate
// (NUMERICS.md, fact 2; Ciarlet and Mardare, Anal. Appl. 10(3), 2012) for
// one row at a centre y0, in scaled coordinates: with
// beta >= ||DG(y0)^-1||, eta >= ||DG(y0)^-1 G(y0)|| and M the Lipschitz
// bound of DG on B(y0, R), h = beta M eta <= 1/2 and t* <= R give a zero
// within t* = 2 eta / (1 + sqrt(1 - 2h)), unique within
// min(R, t** = (1 + sqrt(1 - 2h)) / (beta M)).
type KantorovichCertificate struct {
	Beta, Eta float64
	R, M, H   float64 // the radius of the Lipschitz ball, its bound, h
	TStar     float64 // existence radius
	TUnique   float64 // min(R, t**)
	Certified bool
	Failed    string
}

// Kantorovich certifies one row of obj at w0 with the given scale (powers
// of 2; nil: Euclidean).
func Kantorovich(obj Objective, w0, scale []float64) KantorovichCertificate {
	row, err := obj.Row(w0)
	if err != nil {
		return KantorovichCertificate{Failed: err.Error()}
	}
	return newRowProblem(row, scale).kantorovich()
}

// kantorovich runs the certificate on the row problem's enclosures and
// radius profile. The radius is chosen continuously and self-consistently:
// on the profile's cell (s_j-1, s_j], M(s_j) bounds M on every ball of
// radius R in the cell, and min(R, t**(M(s_j))) is largest at
// R = min(s_j, t**), so each cell offers that radius (when h <= 1/2 and
// t* <= R), and the best is kept.
func (rp *rowProblem) kantorovich() KantorovichCertificate {
	var kc KantorovichCertificate
	if rp.inv == nil {
		kc.Failed = "no approximate inverse of the Hessian's midpoint"
		return kc
	}
	d, r := rp.d, rp.inv
	// delta' >= ||I - R DG(y0)|| over the whole enclosure of DG(y0).
	e := make([]interval.Interval, d*d)
	for i := range d {
		for j := range d {
			var s interval.Interval
			for k := range d {
				s = s.Add(interval.Point(r[i*d+k]).Mul(rp.h[k*d+j]))
			}
			id := 0.0
			if i == j {
				id = 1
			}
			e[i*d+j] = interval.Point(id).Sub(s)
		}
	}
	deltaP := normBound(d, func(i, j int) float64 { return e[i*d+j].Mag() })
	if !(deltaP < 1) {
		kc.Failed = fmt.Sprintf("||I - R DG(y0)|| <= %.3g is not below 1", deltaP)
		return kc
	}
	nr := normBound(d, func(i, j int) float64 { return math.Abs(r[i*d+j]) })
	kc.Beta = interval.Up(nr / interval.Down(1-deltaP))
	// eta <= ||R G|| + ||(DG^-1 - R) G|| <= ||R G|| + beta delta' ||G||.
	rg := make([]interval.Interval, d)
	for i := range d {
		for k := range d {
			rg[i] = rg[i].Add(interval.Point(r[i*d+k]).Mul(rp.g[k]))
		}
	}
	kc.Eta = interval.Up(normUp(rg) + interval.Up(interval.Up(kc.Beta*deltaP)*normUp(rp.g)))
	p := rp.prof
	bestH := math.Inf(1)
	for j := 1; j <= len(p.m); j++ {
		s, m := float64(j)*p.h, p.m[j-1]
		hh := interval.Up(interval.Up(kc.Beta*m) * kc.Eta)
		if hh < bestH && !kc.Certified {
			bestH, kc.R, kc.M, kc.H = hh, s, m, hh
		}
		if !(hh <= 0.5) {
			continue
		}
		sq := interval.SqrtDown(interval.Down(1 - interval.Up(2*hh)))
		tStar := interval.Up(interval.Up(2*kc.Eta) / interval.Down(1+sq))
		tss := interval.Down(interval.Down(1+sq) / interval.Up(kc.Beta*m))
		R := math.Min(s, tss)
		if tStar > R {
			continue
		}
		if !kc.Certified || R > kc.TUnique {
			kc.Certified, kc.Failed = true, ""
			kc.R, kc.M, kc.H, kc.TStar, kc.TUnique = R, m, hh, tStar, R
		}
	}
	if !kc.Certified {
		kc.Failed = fmt.Sprintf("h = beta M eta = %.3g > 1/2 at the best radius %.3g (beta %.3g, M %.3g, eta %.3g)", kc.H, kc.R, kc.Beta, kc.M, kc.Eta)
	}
	return kc
}
