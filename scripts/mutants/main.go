// Command mutants checks that the test suite can fail: it applies each
// deliberate bug of a fixed list (a flipped sign, a missing factor, a
// dropped term) to a scratch copy of the module, runs the tests that should
// catch it, and reports whether they did ("killed") or not ("survived").
// It exits 1 if any mutant survives.
//
//	go run ./scripts/mutants            # every mutant
//	go run ./scripts/mutants -run SL    # the mutants whose name matches
//
// The module itself is never modified: the copy lives in a temporary
// directory, so the failfiles rapid writes there do not pollute testdata.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// mutant is one deliberate bug: in file, the text old (which must occur
// exactly once) becomes new; tests is the `go test -run` pattern and pkg
// the packages expected to catch it. The derivative checks are subtests
// (TestDerivatives/expected, ...); go test splits a pattern at "/" before
// "|", so a pattern naming another test as well runs every TestDerivatives
// row (the mutant must still be killed; it costs about a second more).
type mutant struct {
	name, file, old, new string
	pkg, tests           string
}

var mutants = []mutant{
	// Expected objective.
	{"expected: weight-decay sign in gradient", "sim/expected.go",
		"axpy(2*rho2*cv-2*o.alpha*n, w, g)", "axpy(2*rho2*cv+2*o.alpha*n, w, g)", "./sim", "TestDerivatives/^expected$"},
	{"expected: missing factor 2 in the x term", "sim/fderivs_gen.go",
		"return 2 * e0 * e1", "return e0 * e1", "./sim", "TestDerivatives/^expected$"},
	{"expected: dropped variance term of the gradient", "sim/expected.go",
		"axpy(2*rho2*cv-2*o.alpha*n, w, g)", "axpy(0*rho2*cv-2*o.alpha*n, w, g)", "./sim", "TestDerivatives|TestStochasticGradientIsUnbiased"},
	{"expected: F_vv without the E0 E4 term (Hessian)", "sim/fderivs_gen.go",
		"return 0.5 * (e2*e2 + e0*e4)", "return 0.5 * (e2 * e2)", "./sim", "TestDerivatives/^expected$"},
	{"expected: F_mv sign (Hessian)", "sim/fderivs_gen.go",
		"return e1*e2 + e0*e3", "return e1*e2 - e0*e3", "./sim", "TestDerivatives/^expected$"},
	// Population objective.
	{"population: U_vd without the 1/2 of the heat identity", "sim/population.go",
		"c.vd += om * fmm / 2", "c.vd += om * fmm", "./sim", "TestDerivatives/^population$"},
	{"population: cluster mean ignores tau", "sim/population.go",
		"gm1 += c.m * o.dist.Tau * z / 4", "gm1 += c.m * z / 4", "./sim", "TestDerivatives|TestFidelitiesAgreeWithoutNoise"},
	{"population: shared-scalar variance as isotropic", "sim/population.go",
		"vd = rho2 * s * s", "vd = va", "./sim", "TestDerivatives|TestPopulationIsMeanOfExpected"},
	{"population: F_mmmm missing the 4 E1 E3 term (Hessian)", "sim/fderivs_gen.go",
		"return 2 * (3*e2*e2 + 4*e1*e3 + e0*e4)", "return 2 * (3*e2*e2 + e0*e4)", "./sim", "TestDerivatives/^population$"},
	{"population: data noise left out of the value", "sim/population.go",
		"e[0], e[1], e[2] = o.inner.sigmoidMoments3(m+sd*h, sa)", "e[0], e[1], e[2] = o.inner.sigmoidMoments3(m, sa)", "./sim", "TestDerivatives|TestPopulationIsMeanOfExpected"},
	// The tables of F = T^2 that sim's derivatives are generated from and
	// certify's enclosures evaluate.
	{"falgebra: Leibniz's rule without the binomials of the m-derivatives", "internal/falgebra/falgebra.go",
		"f(binom(gamma, g1)*binom(alpha, a1), a1+2*g1", "f(binom(gamma, g1), a1+2*g1", "./internal/falgebra ./sim ./certify", "TestFTables|TestFNumerically|TestFDerivsGenerated|TestEncloseRowContainsFloat"},
	// Simplified objective.
	{"simplified: hab sign", "sim/simplified.go",
		"hab = t * (s3 - s4) / 4", "hab = t * (s4 - s3) / 4", "./sim", "TestDerivatives/^simplified$"},
	{"simplified: gb missing tau", "sim/simplified.go",
		"gb = t*(d3+d4)/4 - 2*o.Alpha*b", "gb = (d3+d4)/4 - 2*o.Alpha*b", "./sim", "TestDerivatives/^simplified$"},
	// Stochastic SSL.
	{"stochastic: the views' remainder left out of the gradient", "sim/steppers.go",
		"gr1[j] += rho * (bt1 + l11*xi1[j])", "gr1[j] += rho * bt1", "./sim", "TestStochasticSamplerMatchesFullViews"},
	{"stochastic: the views' span part left out of the gradient", "sim/steppers.go",
		"gr2[j] += rho * (bt2 + l21*xi1[j] + l22*xi2[j])", "gr2[j] += rho * (l21*xi1[j] + l22*xi2[j])", "./sim", "TestStochasticSamplerMatchesFullViews"},
	{"stochastic: the two views share one noise draw", "sim/steppers.go",
		"a1, b1 := p11*za1, p11*zb1", "a1, b1 := p11*za1, p11*za1", "./sim", "TestStochasticSamplerMatchesFullViews"},
	{"stochastic: c'' uses sigma(x') twice", "sim/steppers.go",
		"c1a, c1b := p1a*s1b, s1a*p1b", "c1a, c1b := p1a*s1b, s1a*p1a+0*p1b", "./sim", "TestStochasticGradientIsUnbiased|TestStochasticSamplerMatchesFullViews"},
	{"stochastic: the remainder not projected off span(w1, w2)", "sim/steppers.go",
		"			project(v, b[k])", "			_, _ = v, b[k]", "./sim", "TestStochasticSamplerMatchesFullViews"},
	{"stochastic twin: the reference's views without the rho g terms", "sim/stochastic_test.go",
		"g[k*d+j] += pa*sb*xa[j] + sa*pb*xb[j]", "g[k*d+j] += pa*sb*x[j] + sa*pb*x[j]", "./sim", "TestDerivatives|TestStochasticSamplerMatchesFullViews"},
	// SL.
	{"sl: grad_W missing F_k", "sim/sl.go",
		"axpy(r*f[0]*hid.p[2*i], x, gw[:d])", "axpy(r*hid.p[2*i], x, gw[:d])", "./sim ./cmd/nlssl", "TestDerivatives|TestTrainReproducesPlainSL"},
	{"sl: target convention flipped", "sim/data.go",
		"return float64(1-ds.Y[i]) / 2", "return float64(1+ds.Y[i]) / 2", "./cmd/nlssl", "TestTrainReproducesPlainSL"},
	{"sl: grad_F at W_t instead of W_{t+1}", "sim/steppers.go",
		"s.next.compute(s.obj.data, s.wNext)", "s.next.compute(s.obj.data, w)", "./cmd/nlssl", "TestTrainReproducesPlainSL"},
	{"sl: weight decay on F missing n", "sim/sl.go",
		"g0, g1 := 2*o.gamma*n*f[0], 2*o.gamma*n*f[1]", "g0, g1 := 2*o.gamma*f[0]+0*n, 2*o.gamma*f[1]", "./cmd/nlssl", "TestTrainReproducesPlainSL"},
	// Sigmoid.
	{"sigmoid: third derivative 1-6p -> 1-4p", "sim/sigmoid.go",
		"p * (1 - 6*p)", "p * (1 - 4*p)", "./sim", "TestSigmoidDerivativesFD"},
	{"sigmoid: tail via 1 - sigma", "sim/sigmoid.go",
		"return s, e * s", "return s, 1 - s", "./sim", "TestSigmoidTailAccuracy"},
	// Symmetry and data.
	{"data: hidden feature on e1", "sim/data.go",
		"x[1] += p.Tau * float64(z)", "x[0] += p.Tau * float64(z)", "./sim", "TestMirrorSymmetry|TestPopulationIsMeanOfExpected"},
	{"data: isotropic noise on one coordinate only", "sim/data.go",
		"x[j] = p.Rho * r.NormFloat64()", "x[j] = p.Rho * r.NormFloat64() * float64(1-min(j, 1))", "./sim", "TestPopulationIsMeanOfExpected"},
	// Metrics.
	{"metrics: projection onto the first row only", "sim/metrics.go",
		"math.Sqrt(q1[j]*q1[j]+q2[j]*q2[j])", "math.Sqrt(q1[j]*q1[j])", "./sim", "TestFeatures"},
	// Certificates.
	{"verified: sigma'' (and the other derivatives with a factor q) enclosed with the wrong sign", "certify/rigorous.go",
		"pq := p.Mul(q)", "pq := p.Mul(q).Neg()", "./certify", "TestSigmoidDerivsIvalContains"},
	{"verified: Hessian enclosure without the gv gv^T term", "certify/enclose.go",
		"e.addSymOuter(sumVV.Scale(0.5), gv, gv)\n", "\n", "./certify", "TestEncloseRowContainsFloat"},
	{"bounds: M's main term (the cubic form) halved", "certify/third.go",
		"		return interval.Up(cf.bound(rad) + other)\n\t}, nil\n}\n\n// thirdDerivative returns r -> M(r) for the population", "		return interval.Up(0.5*cf.bound(rad) + other)\n\t}, nil\n}\n\n// thirdDerivative returns r -> M(r) for the population", "./certify", "TestThirdDerivativeBoundDominates"},
	{"bounds: M's change over the ball dropped", "certify/third.go",
		"rad[i] = interval.Up(changeBound(b0, b, dm, 4, 0, 0) + interval.Up(dva*uBound(b, 3, 0, 1)))", "rad[i] = 0 * interval.Up(changeBound(b0, b, dm, 4, 0, 0)+interval.Up(dva*uBound(b, 3, 0, 1)))", "./certify", "TestThirdDerivativeBoundDominates"},
	{"bounds: the cubic form without its radius part (the change of U_mmm over the ball)", "certify/cubic.go",
		"h = p.Abs().Add(q)", "h = p.Abs()", "./certify", "TestThirdDerivativeBoundDominates"},
	{"path: the smoothness bound shrunk to 0.7", "certify/path.go",
		"return interval.Up(interval.Up(top+chain) + diag)", "return 0.7 * interval.Up(interval.Up(top+chain)+diag)", "./certify", "TestSmoothnessAlongDominatesHessian"},
	{"profile: M taken on a ball half the radius claimed", "certify/profile.go",
		"m := mOf(float64(j) * p.h)", "m := mOf(float64(j) * p.h / 2)", "./certify", "TestHessianChangeWithinIntegral|TestHessianChangeAtThePaperPoint"},
	{"concavity: the data terms' range without the ball's radius", "certify/concave.go",
		"rad := interval.Up(r * interval.SqrtUp(q))", "rad := 0 * interval.Up(r*interval.SqrtUp(q))", "./certify", "TestConcaveBallAboveSampled"},
	{"concavity: F_mm's midpoint over the ball instead of its upper end", "certify/concave.go",
		"fmmHi[i] = interval.Point(fmm.Hi)", "fmmHi[i] = interval.Point(fmm.Mid())", "./certify", "TestConcaveBallAboveSampled"},
	{"concavity: the cross term c g^T + g c^T bounded by ||c|| ||g|| (half)", "certify/concave.go",
		"k = k.Add(interval.Point(normUp(c)).Mul(g).Scale(2))", "k = k.Add(interval.Point(normUp(c)).Mul(g))", "./certify", "TestConcaveBallRestBound"},
	{"concavity: Ostrowski's factor on the wrong side", "certify/concave.go",
		"lam = interval.Up(g / interval.Up(1+eps))", "lam = interval.Up(g / interval.Down(1-eps) * 1.5)", "./certify", "TestConcaveBallAboveSampled|TestLambdaMaxUp"},
	{"transfer: the ball around W~* not required to reach W*", "certify/transfer.go",
		"if !(f.TransferRadius[k] > interval.Up(f.DistScaled[k]+f.Assisted[k].RExist)) {", "if !(f.TransferRadius[k] > 0) {", "./certify", "TestTransferRefusesDistantCentre"},
	{"certificate: M left out of the IFT inequality", "certify/profile.go",
		"c := interval.Up(delta + p.integral(r))", "c := delta", "./certify", "TestCertificateAtZeroAndNotElsewhere|TestProfileClosedForms"},
	{"certificate: Rayleigh lower bound replaced by the upper bound", "certify/ift.go",
		"rc.LambdaMaxLow = interval.Down(rayleighLow(rp.a, d) - pert)", "rc.LambdaMaxLow = rc.LambdaMax", "./certify ./properties", "TestCertificateAtZeroAndNotElsewhere|TestC3FailsWhereItShould"},
	{"certificate: the Newton zero not refined (certify at W~*)", "certify/transfer.go",
		"fc.Zero, fc.NewtonSteps, fc.NewtonGrad = NewtonMax(obj, fc.Center)", "fc.Zero, fc.NewtonSteps, fc.NewtonGrad = append([]float64(nil), fc.Center...), 0, 0", "./theory", "TestPaperPointVerdicts"},
	// Determinism.
	{"batch: workers share one view stream", "sim/steppers.go",
		"rng: newStream(seed, streamViews),", "rng: sharedViews,", "./sim", "TestBatchBitIdenticalAcrossGOMAXPROCS"},
	// Outputs that must not mislead (issue 12).
	{"summary: SL e2 ratio as a ratio of signed means", "experiment/summary.go",
		"say(g.E2Ratio.Mean <= 0.05,", "say(math.Max(math.Abs(g.W12.Mean)/math.Abs(g.W11.Mean), math.Abs(g.W22.Mean)/math.Abs(g.W21.Mean)) <= 0.05,", "./experiment", "TestSummaryRatioIsPerRun"},
	{"summary: normal quantile for few runs", "experiment/stat.go",
		"distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(k - 1)}.Quantile(0.975)", "distuv.UnitNormal.Quantile(0.975)", "./experiment", "TestIntervalsStayInRange|TestSummaryStatistics"},
	{"summary: intervals not kept in the quantity's range", "experiment/stat.go",
		"return math.Max(b.lo, mean-h), math.Min(b.hi, mean+h)", "return mean - h, mean + h", "./experiment", "TestIntervalsStayInRange"},
	{"figures: scatter x axis not padded", "experiment/figures.go",
		"p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = xmin-hx, xmax+hx, ymin-hy, ymax+hy", "p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = xmin, xmax+0*hx, ymin-hy, ymax+hy", "./experiment", "TestScatterShowsEveryMarker"},
	{"phase: the alpha axis sets beta and gamma too", "phase/spec.go",
		"case \"alpha\":\n\t\t\tp.Alpha = v\n", "case \"alpha\":\n\t\t\tp.Alpha, p.Beta, p.Gamma = v, v, v\n", "./phase ./cmd/nlssl", "TestAxisSetsWhatItSays|TestOneMeaningPerName"},
	{"phase: a legacy alpha axis read with today's meaning", "phase/spec.go",
		"\"alpha\": \"decay\", \"rho\"", "\"alpha\": \"alpha\", \"rho\"", "./phase", "TestLegacyAxes"},
	{"maps: colours not from the fixed table", "phase/map.go",
		"if col, ok := classColors[key]; ok {", "if col, ok := classColors[key]; ok && col.A == 0 {", "./phase", "TestMapColoursFixed"},
	{"prove mode: an unproved point classed holds", "phase/prove.go",
		"case regions.Proved:\n", "case regions.Proved, regions.NotProved:\n", "./phase", "TestProveModeClassifiesTheProof"},
	{"json: documents without the build record", "sim/jsonio.go",
		"return header{Format: format, Version: FormatVersion, Build: &b}", "return header{Format: format, Version: FormatVersion, Build: map[bool]*buildinfo.Record{true: &b}[b.Go == \"\"]}", "./sim", "TestJSONBuildRecord"},
}

func main() {
	run := flag.String("run", "", "only mutants whose name matches this regexp")
	flag.Parse()
	re, err := regexp.Compile(*run)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	root, err := os.Getwd()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	scratch, err := os.MkdirTemp("", "nlssl-mutants-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	defer os.RemoveAll(scratch)
	if out, err := exec.Command("cp", "-r", root+"/.", scratch).CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "copy: %v %s\n", err, out)
		os.Exit(2)
	}
	survived := 0
	for _, m := range mutants {
		if !re.MatchString(m.name) {
			continue
		}
		path := filepath.Join(scratch, m.file)
		orig, err := os.ReadFile(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		if c := strings.Count(string(orig), m.old); c != 1 {
			fmt.Fprintf(os.Stderr, "%s: %q occurs %d times in %s, want once: update the mutant\n", m.name, m.old, c, m.file)
			os.Exit(2)
		}
		mutated := strings.Replace(string(orig), m.old, m.new, 1)
		if m.name == "batch: workers share one view stream" {
			mutated += "\nvar sharedViews = newStream(1, streamViews)\n"
		}
		os.WriteFile(path, []byte(mutated), 0o644)
		start := time.Now()
		// A mutant that does not compile would fail its tests for the
		// wrong reason: it is a broken mutant, not a killed one.
		vet := exec.Command("go", append([]string{"vet"}, strings.Fields(m.pkg)...)...)
		vet.Dir = scratch
		if out, err := vet.CombinedOutput(); err != nil {
			os.WriteFile(path, orig, 0o644)
			fmt.Fprintf(os.Stderr, "%s: the mutated code does not compile: update the mutant\n%s", m.name, out)
			os.Exit(2)
		}
		args := append([]string{"test", "-count=1", "-run", m.tests}, strings.Fields(m.pkg)...)
		cmd := exec.Command("go", args...)
		cmd.Dir = scratch
		out, err := cmd.CombinedOutput()
		os.WriteFile(path, orig, 0o644)
		verdict := "killed"
		if err == nil {
			verdict = "SURVIVED"
			survived++
		}
		fmt.Printf("%-8s %-55s (%s, %.1fs)\n", verdict, m.name, m.tests, time.Since(start).Seconds())
		if err == nil && testing() {
			fmt.Printf("%s\n", out)
		}
	}
	if survived > 0 {
		fmt.Printf("%d mutant(s) survived: the tests above cannot see those bugs\n", survived)
		os.Exit(1)
	}
}

func testing() bool { return os.Getenv("MUTANTS_VERBOSE") != "" }
