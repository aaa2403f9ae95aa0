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

// KantorovichRow certifies one row of obj at w0 with the given scale
// (powers of 2; nil is not allowed here: pass ones for Euclidean).
func Kantorovich(obj Objective, w0, scale []float64) KantorovichCertificate {
	var kc KantorovichCertificate
	enc, err := obj.EncloseRow(w0)
	if err != nil {
		kc.Failed = err.Error()
		return kc
	}
	d := len(w0)
	g, h := scaleEnclosure(enc, scale)
	a, _ := midpoint(h, d)
	_, r, ok := inverseNormBound(a, d)
	if !ok {
		kc.Failed = "no approximate inverse of the Hessian's midpoint"
		return kc
	}
	// delta' >= ||I - R DG(y0)|| over the whole enclosure of DG(y0).
	e := make([]interval.Interval, d*d)
	for i := range d {
		for j := range d {
			var s interval.Interval
			for k := range d {
				s = s.Add(interval.Point(r[i*d+k]).Mul(h[k*d+j]))
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
			rg[i] = rg[i].Add(interval.Point(r[i*d+k]).Mul(g[k]))
		}
	}
	kc.Eta = interval.Up(normUp(rg) + interval.Up(interval.Up(kc.Beta*deltaP)*normUp(g)))
	mOf := memoM(obj, w0, scale)
	kc.Failed = "h = beta M eta > 1/2 at every radius tried"
	bestH := math.Inf(1)
	for k := 0; k <= radiusSteps; k++ {
		R := radiusGrid(k)
		m := mOf(R)
		hh := interval.Up(interval.Up(kc.Beta*m) * kc.Eta)
		if hh < bestH && !kc.Certified {
			bestH, kc.R, kc.M, kc.H = hh, R, m, hh
		}
		if !(hh <= 0.5) {
			continue
		}
		sq := interval.SqrtDown(interval.Down(1 - interval.Up(2*hh)))
		tStar := interval.Up(interval.Up(2*kc.Eta) / interval.Down(1+sq))
		if tStar > R {
			continue
		}
		tUniq := math.Min(R, interval.Down(interval.Down(1+sq)/interval.Up(kc.Beta*m)))
		if !kc.Certified || tUniq > kc.TUnique {
			kc.Certified, kc.Failed = true, ""
			kc.R, kc.M, kc.H, kc.TStar, kc.TUnique = R, m, hh, tStar, tUniq
		}
	}
	if !kc.Certified {
		kc.Failed = fmt.Sprintf("h = beta M eta = %.3g > 1/2 at the best radius %.3g (beta %.3g, M %.3g, eta %.3g)", kc.H, kc.R, kc.Beta, kc.M, kc.Eta)
	}
	return kc
}
