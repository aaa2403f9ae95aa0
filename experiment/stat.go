package experiment

import (
	"encoding/json"
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// A statistic over runs is always of a per-run quantity (one number per
// run, computed from that run alone): a ratio of two means is not the mean
// of the ratios, and over runs whose rows end in different basins it is
// not even near any run's (issue 12).
//
// The interval is Student's t interval for the mean at 95%, with k - 1
// degrees of freedom for k runs (1.96 is the k -> infinity limit: at 5 runs
// the quantile is 2.78), intersected with the range the quantity lives in
// ([0, 1] for a projection or an accuracy, [0, inf) for a distance or a
// ratio of magnitudes). The mean of such a quantity lies in its range, so
// the intersection contains the mean exactly when the t interval does: it
// keeps the t interval's coverage and never states an impossible value. A
// Wilson interval would treat a mean accuracy as one binomial proportion
// and ignore the variation between runs, which is what dominates here (runs
// in the mirror basin read y at 75%, the others at 100%).

// bounds is the range a per-run quantity lives in.
type bounds struct{ lo, hi float64 }

var (
	anyReal     = bounds{math.Inf(-1), math.Inf(1)}
	unitRange   = bounds{0, 1}
	nonNegative = bounds{0, math.Inf(1)}
)

// tQuantile is the 97.5% quantile of Student's t with k - 1 degrees of
// freedom (k >= 2): the half-width of a 95% interval in standard errors.
func tQuantile(k int) float64 {
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(k - 1)}.Quantile(0.975)
}

// band is the interval mean +- q sd / sqrt(k), intersected with b.
func band(mean, sd float64, k int, q float64, b bounds) (lo, hi float64) {
	h := q * sd / math.Sqrt(float64(k))
	return math.Max(b.lo, mean-h), math.Min(b.hi, mean+h)
}

// Stat is the mean over runs of a per-run quantity with its 95% interval
// (Lo, Hi; see above; NaN with fewer than two runs) and the smallest and
// largest run, over the N runs where the quantity is finite.
type Stat struct {
	Mean float64 `json:"mean"`
	Lo   float64 `json:"lo"`
	Hi   float64 `json:"hi"`
	Min  float64 `json:"min"`
	Max  float64 `json:"max"`
	N    int     `json:"n"`
}

// newStat summarises the per-run values xs of a quantity living in b.
func newStat(xs []float64, b bounds) Stat {
	var v []float64
	for _, x := range xs {
		if !math.IsNaN(x) && !math.IsInf(x, 0) {
			v = append(v, x)
		}
	}
	nan := math.NaN()
	s := Stat{Mean: nan, Lo: nan, Hi: nan, Min: nan, Max: nan, N: len(v)}
	if len(v) == 0 {
		return s
	}
	s.Min, s.Max = v[0], v[0]
	for _, x := range v {
		s.Min, s.Max = math.Min(s.Min, x), math.Max(s.Max, x)
	}
	if len(v) == 1 {
		s.Mean = v[0]
		return s
	}
	m, sd := stat.MeanStdDev(v, nil)
	s.Mean = m
	s.Lo, s.Hi = band(m, sd, len(v), tQuantile(len(v)), b)
	return s
}

// MarshalJSON writes a Stat with no finite value (SL's distance to W*) as
// null, and an interval of one run as null bounds: JSON has no NaN.
func (s Stat) MarshalJSON() ([]byte, error) {
	if s.N == 0 {
		return []byte("null"), nil
	}
	num := func(x float64) *float64 {
		if math.IsNaN(x) {
			return nil
		}
		return &x
	}
	return json.Marshal(struct {
		Mean float64  `json:"mean"`
		Lo   *float64 `json:"lo"`
		Hi   *float64 `json:"hi"`
		Min  float64  `json:"min"`
		Max  float64  `json:"max"`
		N    int      `json:"n"`
	}{s.Mean, num(s.Lo), num(s.Hi), s.Min, s.Max, s.N})
}

func (s Stat) String() string {
	switch {
	case s.N == 0:
		return "—"
	case s.N == 1:
		return fmt.Sprintf("%.4g (1 run)", s.Mean)
	}
	return fmt.Sprintf("%.4g [%.4g, %.4g]", s.Mean, s.Lo, s.Hi)
}
