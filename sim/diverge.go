package sim

import (
	"fmt"
	"math"
)

// divergenceCause names the parameter that made a run's numbers leave the
// floating-point range at the last finite iterate x, for a *DivergenceError
// of status NonFinite: "tau = 1e+308 makes the gradient overflow". It sizes
// the terms the steppers compute at x and blames the largest:
//
//   - the weight decay, alpha n ||W||^2 (SL: beta n ||W||^2, gamma n ||F||^2);
//   - the pre-activations, max_i |w_k . x_i| plus 6 rho ||w_k|| for the
//     noise of the views (population: the cluster means 1 + tau);
//   - the data term of the gradient, n max|x| (SL: times max |f_k|);
//   - the update, eta times the gradient's size.
//
// An iterate beyond DefaultMaxAbs (a raised max-abs) is blamed on eta and
// max-abs. The data terms are blamed on tau when the hidden feature is the data's
// largest part (tau >= 6 rho), else on rho, unless the dataset came from a
// file of another distribution. It returns "" when no term is within a
// factor 1e8 of the float64 range: the overflow then has no single cause.
func (c *Config) divergenceCause(data *Dataset, x []float64) string {
	d, n := c.D, float64(c.N)
	if big := maxAbsEntry(x); big > DefaultMaxAbs {
		// Only a raised max-abs lets the iterates grow this far: the terms
		// below would blame whatever multiplies them.
		return fmt.Sprintf("the iterate's entries reached %g (max-abs = %g allows it); eta = %g is too large: reduce eta or max-abs", big, c.MaxAbs, c.Eta)
	}
	w := x[:2*d]
	type term struct {
		param string
		value float64
		what  string
		size  float64
	}
	var terms []term
	decay, decayName := c.Alpha, "alpha"
	if c.Model == SL {
		decay, decayName = c.Beta, "beta"
		terms = append(terms, term{"gamma", c.Gamma, "weight-decay term", c.Gamma * n * sumSquares(x[2*d:])})
	}
	terms = append(terms, term{decayName, decay, "weight-decay term", decay * n * sumSquares(w)})

	// The data's size: its largest entry, and who made it large.
	dataParam, dataValue := "tau", c.Tau
	if 6*c.Rho > c.Tau {
		dataParam, dataValue = "rho", c.Rho
	}
	var xmax, pre float64
	noise := 6 * c.Rho * math.Max(math.Sqrt(sumSquares(w[:d])), math.Sqrt(sumSquares(w[d:])))
	if data == nil { // population: the cluster means +-e1 + tau e2, data and view noise
		xmax = 1 + c.Tau + 6*c.Rho
		pre = math.Max(math.Abs(w[0])+c.Tau*math.Abs(w[1]), math.Abs(w[d])+c.Tau*math.Abs(w[d+1])) + 2*noise
	} else {
		if src := data.Source; src == nil || src.Tau != c.Tau || src.Rho != c.Rho {
			dataParam = "" // a dataset of another distribution: blame the data
		}
		for i := range data.N {
			xi := data.Point(i)
			for _, v := range xi {
				xmax = math.Max(xmax, math.Abs(v))
			}
			pre = math.Max(pre, math.Max(math.Abs(dot(w[:d], xi)), math.Abs(dot(w[d:], xi))))
		}
		pre += noise
	}
	grad := n * xmax
	if c.Model == SL {
		grad *= math.Max(1, math.Max(math.Abs(x[2*d]), math.Abs(x[2*d+1])))
	}
	terms = append(terms,
		term{dataParam, dataValue, "pre-activations", pre},
		term{dataParam, dataValue, "gradient", grad},
		term{"eta", c.Eta, "update", c.Eta * math.Max(grad, 2*math.Max(c.Alpha, c.Beta)*n*maxAbsEntry(x))},
	)
	best := -1
	for i, t := range terms {
		if !math.IsNaN(t.size) && (best < 0 || t.size > terms[best].size) {
			best = i
		}
	}
	if best < 0 || !(terms[best].size >= math.MaxFloat64/1e8) {
		return ""
	}
	t := terms[best]
	if t.param == "" {
		return fmt.Sprintf("the data (entries up to %g) make the %s overflow", xmax, t.what)
	}
	return fmt.Sprintf("%s = %g makes the %s overflow", t.param, t.value, t.what)
}

// sumSquares returns sum x_j^2 (+Inf when it overflows).
func sumSquares(x []float64) float64 { return dot(x, x) }
