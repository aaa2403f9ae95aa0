package theory

import (
	"fmt"
	"math"

	"github.com/nlssl/nlssl/sim"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize"
)

// probeL2 is the ridge penalty of the logistic probes, on standardised
// features: small enough that a probe can use a direction along which the
// classes differ by little (the SSL representation saturates: for z = 1 both
// features are within 1e-3 of 1 and y is read from their difference), and
// positive so that the fit stays finite when the classes are separable.
const probeL2 = 1e-9

// probeAccuracy fits a logistic regression of the 0/1 target on the
// representation sigma(W x) (two features and a bias) over the training
// points with gonum's Newton method, and returns its accuracy on the test
// points.
func probeAccuracy(w []float64, d int, train, test *sim.Dataset, target func(ds *sim.Dataset, i int) float64) (float64, error) {
	feats := func(ds *sim.Dataset) [][3]float64 {
		out := make([][3]float64, ds.N)
		for i := range ds.N {
			x := ds.Point(i)
			var m1, m2 float64
			for j := range d {
				m1 += w[j] * x[j]
				m2 += w[d+j] * x[j]
			}
			out[i] = [3]float64{sim.Sigmoid(m1), sim.Sigmoid(m2), 1}
		}
		return out
	}
	ftr, fte := feats(train), feats(test)
	// Standardise each feature with the training set's mean and deviation.
	for j := range 2 {
		var mean, sq float64
		for _, f := range ftr {
			mean += f[j] / float64(len(ftr))
		}
		for _, f := range ftr {
			sq += (f[j] - mean) * (f[j] - mean) / float64(len(ftr))
		}
		sd := math.Sqrt(sq)
		if sd == 0 {
			sd = 1
		}
		for _, fs := range [][][3]float64{ftr, fte} {
			for i := range fs {
				fs[i][j] = (fs[i][j] - mean) / sd
			}
		}
	}
	n := float64(train.N)
	// Newton's method on the 3 x 3 problem: the loss is convex, and when a
	// class difference lives in a direction of small variance (saturated
	// features) the weights must grow large, where quasi-Newton methods
	// stall.
	prob := optimize.Problem{
		Func: func(th []float64) float64 {
			var l float64
			for i, f := range ftr {
				u := th[0]*f[0] + th[1]*f[1] + th[2]*f[2]
				l += sim.Softplus(u) - target(train, i)*u
			}
			return l/n + probeL2/2*sumSq(th)
		},
		Grad: func(g, th []float64) {
			clear(g)
			for i, f := range ftr {
				r := sim.Sigmoid(th[0]*f[0]+th[1]*f[1]+th[2]*f[2]) - target(train, i)
				for j := range 3 {
					g[j] += r * f[j] / n
				}
			}
			for j := range 3 {
				g[j] += probeL2 * th[j]
			}
		},
		Hess: func(h *mat.SymDense, th []float64) {
			var acc [3][3]float64
			for _, f := range ftr {
				s := sim.Sigmoid(th[0]*f[0] + th[1]*f[1] + th[2]*f[2])
				c := s * (1 - s) / n
				for a := range 3 {
					for b := a; b < 3; b++ {
						acc[a][b] += c * f[a] * f[b]
					}
				}
			}
			for a := range 3 {
				for b := a; b < 3; b++ {
					v := acc[a][b]
					if a == b {
						v += probeL2
					}
					h.SetSym(a, b, v)
				}
			}
		},
	}
	res, err := optimize.Minimize(prob, make([]float64, 3), &optimize.Settings{GradientThreshold: 1e-12, MajorIterations: 500}, &optimize.Newton{})
	if err != nil && res == nil {
		return 0, err
	}
	th := res.X
	correct := 0
	for i, f := range fte {
		pred := 0.0
		if th[0]*f[0]+th[1]*f[1]+th[2]*f[2] > 0 {
			pred = 1
		}
		if pred == target(test, i) {
			correct++
		}
	}
	return float64(correct) / float64(test.N), nil
}

func targetY(ds *sim.Dataset, i int) float64 { return float64(1+ds.Y[i]) / 2 }
func targetZ(ds *sim.Dataset, i int) float64 { return float64(ds.Z[i]) }

// ProbeAccuracies fits C6's logistic probes for y and for z on the
// representation sigma(W x) of the train points and returns their accuracy
// on the test points.
func ProbeAccuracies(w []float64, d int, train, test *sim.Dataset) (accY, accZ float64, err error) {
	if accY, err = probeAccuracy(w, d, train, test, targetY); err != nil {
		return 0, 0, err
	}
	accZ, err = probeAccuracy(w, d, train, test, targetZ)
	return accY, accZ, err
}

// ProbeSplit draws the fresh probe points of C6 for a point (the probe
// stream of its seed) and splits them into train and test sets.
func ProbeSplit(p Params) (train, test *sim.Dataset, err error) {
	fresh, err := p.Distribution().SampleFresh(p.Tol.ProbeTrain+p.Tol.ProbeTest, p.Seed)
	if err != nil {
		return nil, nil, err
	}
	d, split := p.D, p.Tol.ProbeTrain
	train = &sim.Dataset{D: d, N: split, X: fresh.X[:split*d], Y: fresh.Y[:split], Z: fresh.Z[:split]}
	test = &sim.Dataset{D: d, N: fresh.N - split, X: fresh.X[split*d:], Y: fresh.Y[split:], Z: fresh.Z[split:]}
	return train, test, nil
}

// probeResults are the C6 accuracies: SSL at W*, SL at its limit.
type probeResults struct {
	sslY, sslZ, slY, slZ float64
	err                  error
}

// probes returns the test accuracies of the four probes (computed once).
func (s *Session) probes() *probeResults { return s.probeAc() }

// runProbes computes probes' result.
func (s *Session) runProbes() *probeResults {
	pr := &probeResults{}
	train, test, err := ProbeSplit(s.p)
	if err != nil {
		pr.err = err
		return pr
	}
	d := s.p.D
	fc := s.Certificate(sim.Expected)
	sl, err := s.SLLimit()
	if len(fc.Zero) == 0 || err != nil || sl == nil {
		pr.err = fmt.Errorf("no SSL optimum or SL limit to probe")
		return pr
	}
	for _, c := range []struct {
		dst    *float64
		w      []float64
		target func(*sim.Dataset, int) float64
	}{{&pr.sslY, fc.Zero, targetY}, {&pr.sslZ, fc.Zero, targetZ}, {&pr.slY, sl.X[:2*d], targetY}, {&pr.slZ, sl.X[:2*d], targetZ}} {
		if *c.dst, err = probeAccuracy(c.w, d, train, test, c.target); err != nil {
			pr.err = err
			return pr
		}
	}
	return pr
}

// snrMax is the largest signal-to-noise ratio of z in the SL limit's
// pre-activations under which C6's "no better than chance" is claimed. The
// best linear read-out of z from the two pre-activations W x has
// SNR^2 = tau^2 b^T (rho^2 W Sigma W^T)^-1 b, b = (w1^(2), w2^(2)) and
// Sigma the data noise's covariance (I, or the all-ones matrix for
// shared-scalar noise); for isotropic noise SNR = (tau/rho) ||P e2||. At
// SNR 0.1 the Bayes classifier is right with probability Phi(0.05) = 0.52,
// below the chance margin.
const snrMax = 0.1

// slSNR returns that SNR for the SL weights w (2d): +Inf when part of the
// signal lies where there is no noise.
func slSNR(w []float64, d int, p Params) float64 {
	w1, w2 := w[:d], w[d:2*d]
	cov := func(u, v []float64) float64 {
		if p.Noise == sim.SharedScalar {
			var su, sv float64
			for j := range u {
				su += u[j]
				sv += v[j]
			}
			return p.Rho * p.Rho * su * sv
		}
		return p.Rho * p.Rho * dot(u, v)
	}
	c11, c12, c22 := cov(w1, w1), cov(w1, w2), cov(w2, w2)
	b := [2]float64{w1[1], w2[1]}
	e := sym2Eigen(c11, c12, c22)
	tr := math.Max(c11+c22, 1e-300)
	var snr2 float64
	for _, lam := range e {
		// Eigenvector of [[c11, c12], [c12, c22]] for lam.
		u0, u1 := c12, lam-c11
		if math.Abs(u0)+math.Abs(u1) < 1e-300*tr {
			u0, u1 = lam-c22, c12
		}
		if math.Abs(u0)+math.Abs(u1) == 0 {
			u0, u1 = 1, 0
		}
		nu := math.Hypot(u0, u1)
		proj := (b[0]*u0 + b[1]*u1) / nu
		if lam <= 1e-14*tr {
			if math.Abs(proj) > 1e-12*math.Hypot(b[0], b[1]) {
				return math.Inf(1)
			}
			continue
		}
		snr2 += proj * proj / lam
	}
	return p.Tau * math.Sqrt(snr2)
}

// C6 checks claim C6 (THEORY section 8): on fresh points of the same
// distribution, a linear (logistic) probe on the SSL representation
// sigma(W* x) decodes the hidden variable z, on the SL representation it
// does no better than chance, and both decode the label y.
//
// Hypotheses: a certified SSL maximum W* with the sign pattern
// (maxHypothesis) and an SL limit (C5). "Decodes" means test accuracy >= 0.5 + DecodeMargin, "no
// better than chance" <= 0.5 + ChanceMargin.
//
// Correction (README, Findings): "no better than chance" is claimed only
// where the SL limit carries no z signal, SNR <= snrMax (slSNR). On n
// points the SL limit keeps e2 weights of order 1/sqrt(n) fitted to the
// sample; at the paper's n = 100 their SNR is about 0.5 and a probe reads z
// at ~68%: as stated, the claim fails there.
func (s *Session) C6() Verdict {
	v := claim("C6").verdict()
	// The small samples and dimensions where the property search found the
	// probes failing to decode y (README, Finding 9): C6 is claimed where C5
	// is, n >= c5MinN and d >= c5MinD.
	switch {
	case s.p.N < c5MinN:
		v.outside(MechSmallSample, "n = %d < %d: a probe on so small a sample's representation can fail to decode y (README, Finding 9)", s.p.N, c5MinN)
	case s.p.D < c5MinD:
		v.outside(MechOneNoiseCoord, "d = %d < %d: with one noise coordinate and rho = d^-1.5 ~ 0.19 the representations can fail to decode y (README, Finding 9)", s.p.D, c5MinD)
	}
	if v.out && !s.p.CheckOutside {
		return v
	}
	if s.maxHypothesis(&v) {
		return v
	}
	// The SL representation is the SL limit's: where the descent does not
	// reach it (a step too large for SL, a budget spent) C6 says nothing, as
	// C5 does not (the property search found SL probes failing to decode y
	// on such an unconverged fit: d = 32, n = 637, eta = 0.0064).
	sl, err := s.SLLimit()
	if sl == nil || err != nil || sl.Status != sim.GradientThreshold {
		switch {
		case sl == nil:
			v.outside(MechSLNotRun, "SL descent did not run: %v", err)
		default:
			v.outside(MechSLUnconverged, "SL descent did not reach ||grad|| <= %g in %d steps (%v, ||grad|| = %.3g): no SL limit to probe", s.p.Tol.SLGradTol, sl.Steps, sl.Status, sl.GradNorm)
		}
		if sl == nil || !s.p.CheckOutside {
			return v
		}
	}
	pr := s.probes()
	if pr.err != nil {
		v.outside(MechNoProbe, "%v", pr.err)
		return v
	}
	t := s.p.Tol
	snr := slSNR(sl.X, s.p.D, s.p)
	v.add("ssl_acc_y", pr.sslY, "test accuracy of the probe for y on sigma(W* x)")
	v.add("ssl_acc_z", pr.sslZ, "test accuracy of the probe for z on sigma(W* x)")
	v.add("sl_acc_y", pr.slY, "test accuracy of the probe for y on the SL representation")
	v.add("sl_acc_z", pr.slZ, "test accuracy of the probe for z on the SL representation")
	v.add("sl_z_snr", snr, fmt.Sprintf("signal-to-noise of z in the SL pre-activations (chance claimed for <= %g)", snrMax))
	v.add("probe_test_points", float64(t.ProbeTest), "fresh test points (standard error of a coin: 0.5/sqrt(n))")
	dec, chance := 0.5+t.DecodeMargin, 0.5+t.ChanceMargin
	var bad []string
	var mechs []Mechanism // a mechanism per entry of bad
	fail := func(m Mechanism, format string, args ...any) {
		bad, mechs = append(bad, fmt.Sprintf(format, args...)), append(mechs, m)
	}
	if pr.sslY < dec {
		fail(MechLosesY, "SSL does not decode y (accuracy %.3f < %.3f)", pr.sslY, dec)
	}
	if pr.sslZ < dec {
		fail(MechSSLLosesZ, "SSL does not decode z (accuracy %.3f < %.3f)", pr.sslZ, dec)
	}
	if pr.slY < dec {
		fail(MechLosesY, "SL does not decode y (accuracy %.3f < %.3f)", pr.slY, dec)
	}
	chanceApplies := snr <= snrMax
	if pr.slZ > chance && chanceApplies {
		fail(MechSLKeepsZ, "SL decodes z better than chance (accuracy %.3f > %.3f)", pr.slZ, chance)
	}
	summary := fmt.Sprintf("z: SSL %.3f vs SL %.3f (chance 0.5); y: SSL %.3f, SL %.3f", pr.sslZ, pr.slZ, pr.sslY, pr.slY)
	if len(bad) == 0 && !chanceApplies {
		v.flag("as_stated_holds", pr.slZ <= chance, "whether SL's z accuracy is within the chance margin")
		if pr.slZ > chance {
			v.Correction = fmt.Sprintf("as stated the claim fails here: SL's z accuracy %.3f > %.3f, because the SL limit keeps e2 weights (finite n) with z-SNR %.2g", pr.slZ, chance, snr)
		}
		v.outside(MechSLKeepsZSignal, "%s; the chance part is claimed only for SL z-SNR <= %g, here %.2g", summary, snrMax, snr)
		if !s.p.CheckOutside {
			return v
		}
		if pr.slZ > chance {
			fail(MechSLKeepsZ, "SL decodes z better than chance (accuracy %.3f > %.3f)", pr.slZ, chance)
		}
	}
	v.decide(len(bad) == 0, summary, firstOf(mechs, MechSLKeepsZ, MechSSLLosesZ, MechLosesY), joinNotes(bad))
	return v
}
