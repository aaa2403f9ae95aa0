package regions

import (
	"math"
	"os"
	"sync"
	"testing"

	"github.com/nlssl/nlssl/interval"
)

// long reports whether the long tests run (NLSSL_LONG=1); they skip
// otherwise, so that the default go test stays within seconds.
func long(t *testing.T) {
	t.Helper()
	if os.Getenv("NLSSL_LONG") != "1" {
		t.Skip("long test: set NLSSL_LONG=1")
	}
}

// quickProblem is the paper's point over the near region with q in
// [0, 1] (d = 2 with room for small other weights): a proof of about 1 s.
func quickProblem() Problem {
	start := NearRegion(7, 10)
	start[AxisQ].Hi = 1
	return Problem{Point: PaperPoint(), Start: start}
}

// smallProblem is quickProblem with a smaller Omega (a in [2.3, 5],
// b in [0.9, 2]): the same proof with fewer boxes, for the tests that
// need several runs.
func smallProblem() Problem {
	p := quickProblem()
	om := NewBox(2.3, 5, 0.9, 2, 0, 1)
	p.Omega = &om
	return p
}

var quick struct {
	once sync.Once
	res  *Result
	err  error
}

// quickResult is Prove(quickProblem(), nil), computed once per process.
func quickResult(t *testing.T) *Result {
	t.Helper()
	quick.once.Do(func() { quick.res, quick.err = Prove(quickProblem(), nil) })
	if quick.err != nil {
		t.Fatal(quick.err)
	}
	return quick.res
}

func paperObjective(t *testing.T) *Population {
	t.Helper()
	obj, err := NewPopulation(PaperPoint())
	if err != nil {
		t.Fatal(err)
	}
	return obj
}

// mutant wraps an objective and changes its enclosures; it has no Guide,
// so the searches are guided by the mutant's own point enclosures.
type mutant struct {
	Objective
	mutate func(x Box, e *Enclosure)
}

func (m mutant) Enclose(x Box) (Enclosure, error) {
	e, err := m.Objective.Enclose(x)
	if err == nil {
		m.mutate(x, &e)
	}
	return e, err
}

// guidedMutant is a mutant that keeps a float64 guide (of the unmutated
// objective: it only steers the trapping box's faces).
type guidedMutant struct {
	mutant
	g Guide
}

func (m guidedMutant) GuideGrad(a, b, q float64) (fa, fb, c float64) { return m.g.GuideGrad(a, b, q) }

// bump adds h exp(-u/2), u = ((a - a0)/sa)^2 + ((b - b0)/sb)^2, to f, with
// its gradient and Hessian, in interval arithmetic over the box (a tilted
// objective with an extra local maximum near (a0, b0)).
type bump struct{ a0, b0, sa, sb, h float64 }

func (bp bump) add(x Box, e *Enclosure) {
	da := x[AxisA].Sub(interval.Point(bp.a0)).Div(interval.Point(bp.sa)) // (a - a0)/sa
	db := x[AxisB].Sub(interval.Point(bp.b0)).Div(interval.Point(bp.sb))
	g := interval.Exp(da.Sqr().Add(db.Sqr()).Scale(-0.5)).Scale(bp.h) // h exp(-u/2)
	one := interval.Point(1)
	ia, ib := one.Div(interval.Point(bp.sa)), one.Div(interval.Point(bp.sb)) // 1/sa, 1/sb
	e.F = e.F.Add(g)
	e.Grad[AxisA] = e.Grad[AxisA].Sub(g.Mul(da).Mul(ia))
	e.Grad[AxisB] = e.Grad[AxisB].Sub(g.Mul(db).Mul(ib))
	e.Hess[0][0] = e.Hess[0][0].Add(g.Mul(da.Sqr().Sub(one)).Mul(ia).Mul(ia))
	e.Hess[1][1] = e.Hess[1][1].Add(g.Mul(db.Sqr().Sub(one)).Mul(ib).Mul(ib))
	hab := g.Mul(da).Mul(db).Mul(ia).Mul(ib)
	e.Hess[0][1], e.Hess[1][0] = e.Hess[0][1].Add(hab), e.Hess[1][0].Add(hab)
}

// boxDist returns the largest distance from p to the box x along an axis.
func boxDist(x Box, p [3]float64) float64 {
	var d float64
	for i := range 3 {
		d = math.Max(d, math.Max(x[i].Lo-p[i], p[i]-x[i].Hi))
	}
	return d
}
