package sim

import "math"

// Sigmoid returns the logistic function 1/(1+exp(-x)).
//
// Special cases are:
//
//	Sigmoid(+Inf) = 1
//	Sigmoid(-Inf) = 0
//	Sigmoid(NaN) = NaN
func Sigmoid(x float64) float64 {
	s, _ := sigmoidPair(x)
	return s
}

// sigmoidPair returns sigma(x) and sigma(-x) = 1 - sigma(x), each computed
// without cancellation: 1 - sigma(x) loses every digit once sigma(x) rounds
// to 1 (x > 37), while sigma(-x) keeps full relative accuracy down to the
// underflow threshold. Every derivative below is a product of the two.
//
// The sign of x picks which of the two is which by a bit mask, not a
// branch: in training the sign is random and a mispredicted branch cost
// more than the exponential (BenchmarkSSLStep).
func sigmoidPair(x float64) (s, sm float64) {
	if x >= 0 {
		e := math.Exp(-x)
		s = 1 / (1 + e)
		return s, e * s
	}
	e := math.Exp(x)
	sm = 1 / (1 + e)
	return e * sm, sm
}

// SigmoidDerivs returns sigma and its first four derivatives at x:
//
//	d0 = sigma, d1 = p = sigma(1-sigma), d2 = p(1-2 sigma),
//	d3 = p(1-6p), d4 = p(1-2 sigma)(1-12p).
//
// Every value is finite for every finite x (and for x = +-Inf). The fourth
// derivative is needed by the exact Hessians of the expected and population
// objectives (the heat identity turns a derivative in the noise variance into
// two derivatives in the mean).
func SigmoidDerivs(x float64) (d0, d1, d2, d3, d4 float64) {
	s, sm := sigmoidPair(x)
	p := s * sm
	q := sm - s // 1 - 2 sigma, exact in sign and accurate in both tails
	return s, p, p * q, p * (1 - 6*p), p * q * (1 - 12*p)
}

// SigmoidDeriv returns the k-th derivative of sigma at x for k = 0..4.
//
// Special cases are:
//
//	SigmoidDeriv(x, k) = NaN for k outside 0..4
func SigmoidDeriv(x float64, k int) float64 {
	d0, d1, d2, d3, d4 := SigmoidDerivs(x)
	switch k {
	case 0:
		return d0
	case 1:
		return d1
	case 2:
		return d2
	case 3:
		return d3
	case 4:
		return d4
	}
	return math.NaN()
}

// Softplus returns log(1 + exp(x)) without overflow: it is the SL
// cross-entropy of a logit, -log sigma(-x).
func Softplus(x float64) float64 {
	if x > 0 {
		return x + math.Log1p(math.Exp(-x))
	}
	return math.Log1p(math.Exp(x))
}
