package theory

import (
	"math"
	"sync"

	"github.com/nlssl/nlssl/certify"
	"github.com/nlssl/nlssl/sim"
)

// Session checks the claims at one parameter point. The claims share
// expensive artifacts (the dataset, the certified optimum, the ascent
// trajectory, the reference runs); a Session computes each once, on first
// use, and is safe for concurrent use: All runs the claims in parallel.
// Every artifact is a deterministic function of the parameters, so the
// verdicts do not depend on the order or the number of cores.
type Session struct {
	p Params
	// adaptiveQuad: QuadNodes was 0, so the expected objective chooses its
	// rule per row evaluation (sim.QuadAdaptive); p.QuadNodes then holds
	// the count chosen for the whole run (the population objective's).
	adaptiveQuad bool

	// The shared artifacts, each computed on its first call (sync.OnceValue
	// and OnceValues: concurrent callers wait for the one computation).
	data    func() (*sim.Dataset, error)
	w0      func() ([]float64, error)
	simp    func() (*SimplifiedOptimum, error)
	cert    [2]func() *certify.Transfer // expected, population
	ascent  func() *ascentRun
	ssl     func() (*sim.RunRecord, error)
	sl      func() *slLimit
	probeAc func() *probeResults
}

// NewSession validates p and returns a session for it.
func NewSession(p Params) (*Session, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	adaptive := p.QuadNodes == 0
	if adaptive {
		p.QuadNodes = quadNodesFor(p)
	}
	s := &Session{p: p, adaptiveQuad: adaptive}
	s.data = sync.OnceValues(func() (*sim.Dataset, error) { return s.p.Distribution().Sample(s.p.N, s.p.Seed) })
	s.w0 = sync.OnceValues(s.drawW0)
	s.simp = sync.OnceValues(func() (*SimplifiedOptimum, error) { return SimplifiedMax(s.p.D, s.p.Tau, s.p.Alpha) })
	s.cert[0] = sync.OnceValue(func() *certify.Transfer { return s.certify(sim.Expected) })
	s.cert[1] = sync.OnceValue(func() *certify.Transfer { return s.certify(sim.Population) })
	s.ascent = sync.OnceValue(s.runAscent)
	s.ssl = sync.OnceValues(s.runSSL)
	s.sl = sync.OnceValue(s.runSLLimit)
	s.probeAc = sync.OnceValue(s.runProbes)
	return s, nil
}

// Params returns the session's parameters (with the quadrature nodes
// chosen when they were 0).
func (s *Session) Params() Params { return s.p }

// quadNodesFor chooses the Gauss-Hermite nodes from the largest
// augmentation scale s = rho ||w_k|| the claims meet: at W0 (drawn here if
// not given), at the near region's corner and at W~*-like rows of norm
// hypot(3.9, 9/tau), with a margin of 1.25 for the trajectory between them
// (ascent shrinks the off-feature weights; C2 reports the largest scale
// actually met and whether the nodes cover it).
func quadNodesFor(p Params) int {
	r := math.Hypot(3.9, 9/math.Max(p.Tau, 1e-3))
	w0 := p.W0
	if w0 == nil {
		if ip, err := sim.Initialise(p.Init, p.D, p.Tau, p.Seed); err == nil {
			w0 = ip.W
		}
	}
	if w0 != nil {
		r = math.Max(r, math.Max(math.Sqrt(sumSq(w0[:p.D])), math.Sqrt(sumSq(w0[p.D:]))))
	}
	return sim.QuadNodesFor(1.25 * p.Rho * r)
}

func sumSq(v []float64) float64 {
	var s float64
	for _, x := range v {
		s += x * x
	}
	return s
}

// Data returns the training set of the point (drawn from Seed).
func (s *Session) Data() (*sim.Dataset, error) { return s.data() }

// W0 returns the SSL initial point: Params.W0 or Init drawn from Seed.
func (s *Session) W0() ([]float64, error) { return s.w0() }

func (s *Session) drawW0() ([]float64, error) {
	if s.p.W0 != nil {
		return append([]float64(nil), s.p.W0...), nil
	}
	ip, err := sim.Initialise(s.p.Init, s.p.D, s.p.Tau, s.p.Seed)
	if err != nil {
		return nil, err
	}
	return ip.W, nil
}

// Simplified returns the simplified objective's local maximum W~*.
func (s *Session) Simplified() (*SimplifiedOptimum, error) { return s.simp() }

// expected returns the expected objective on the session's data.
func (s *Session) expected() (*sim.ExpectedObjective, error) {
	ds, err := s.Data()
	if err != nil {
		return nil, err
	}
	return sim.NewExpectedObjective(ds, s.p.Rho, s.p.Alpha, s.expectedQuadNodes())
}

// expectedQuadNodes is the node count the expected objective is built with.
func (s *Session) expectedQuadNodes() int {
	if s.adaptiveQuad {
		return sim.QuadAdaptive
	}
	return s.p.QuadNodes
}

// expectedQuadScale is the largest scale at which the expected objective's
// rule is exact to rounding.
func (s *Session) expectedQuadScale() float64 {
	if s.adaptiveQuad {
		return sim.QuadScaleFor(sim.MaxQuadNodes)
	}
	return sim.QuadScaleFor(s.p.QuadNodes)
}

// population returns the population objective scaled to n points.
func (s *Session) population() (*sim.PopulationObjective, error) {
	return sim.NewPopulationObjective(s.p.Distribution(), s.p.N, s.p.Alpha, s.p.QuadNodes)
}

// Claims lists the claim checks in order (those of Claims).
func (s *Session) Claims() []func() Verdict {
	var out []func() Verdict
	for _, c := range Claims() {
		out = append(out, func() Verdict { return c.Check(s) })
	}
	return out
}

// All checks every claim, in parallel, and returns the verdicts in claim
// order. The shared artifacts are computed once whichever claim asks first.
func (s *Session) All() []Verdict { return s.AllProgress(nil) }

// AllProgress is All, calling done (from one goroutine at a time) as each
// verdict is reached.
func (s *Session) AllProgress(done func(Verdict)) []Verdict {
	claims := s.Claims()
	out := make([]Verdict, len(claims))
	var wg sync.WaitGroup
	var mu sync.Mutex
	for i, c := range claims {
		wg.Go(func() {
			out[i] = c()
			if done != nil {
				mu.Lock()
				done(out[i])
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return out
}

// CheckAll validates p and checks every claim at it.
func CheckAll(p Params) ([]Verdict, error) {
	s, err := NewSession(p)
	if err != nil {
		return nil, err
	}
	return s.All(), nil
}
