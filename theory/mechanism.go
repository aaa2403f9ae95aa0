package theory

import "fmt"

// Mechanism names why a verdict does not hold: the failure mode of a fails
// or undecided verdict, the unmet hypothesis of an outside-hypotheses one.
// Each claim sets it where it reaches the outcome (the mechanism is an
// argument of Verdict.outside, decide and undecided); the phase maps label
// their regions with its String. The zero value, NoMechanism, is the
// mechanism of a verdict that holds. Every mechanism belongs to one
// outcome (Mechanism.Outcome).
type Mechanism int

// The mechanisms, by outcome. Where a claim meets several at once it names
// one, as its code says (the most telling: a divergence before a wrong
// limit, a wrong limit before a stochastic spread).
const (
	NoMechanism Mechanism = iota

	// Fails.
	MechAscentDiverges // C1, C2
	MechRowCrosses     // C1
	MechLDecreases     // C1
	MechOtherMaximum   // C2
	MechLimitNotStrict // C2
	MechBeyondSpread   // C2
	MechNoSpread       // C2: sgdSpread returned an error (its reason follows "spread: ")
	MechSaddle         // C3
	MechMirrorBasin    // C4
	MechProjectionLow  // C4
	MechSLKeepsE2      // C5
	MechSLKeepsZ       // C6
	MechSSLLosesZ      // C6
	MechLosesY         // C6
	MechE1Lost         // C4~
	MechE2Lost         // C4~
	MechNotMaxOfLTilde // C3~

	// Undecided.
	MechBudget               // C1, C2
	MechNoBall               // C3
	MechNoBallSignLost       // C3
	MechCertInequality       // C3
	MechNewtonStalls         // C3
	MechNoCertificate        // C3
	MechNoCertifiedW         // C2
	MechNonFiniteHessian     // C2
	MechNewtonStallsOnLTilde // C3~

	// Outside the hypotheses.
	MechNearTooFar       // C1, C2, C4
	MechPastPitchfork    // C4
	MechNoiseAsLarge     // C4
	MechNoSignedMaximum  // C1, C2, C4, C6
	MechEtaAboveBound    // C1, C2
	MechSLKeepsZSignal   // C6
	MechSLUnconverged    // C5, C6
	MechSmallSample      // C5, C6
	MechOneNoiseCoord    // C4, C5, C6
	MechW0Outside        // C1, C2, C4
	MechNoMaxOfLTilde    // C3, C4, C4~
	MechInvalidForLTilde // C3~, C4~

	// Outside because something the check needs could not be computed
	// (the words are the reason's first clause, as before).
	MechNoInitialPoint // C1, C2, C4
	MechAscentNotRun   // C1, C2
	MechNoExpected     // C2
	MechNoNewtonZero   // C4
	MechSLNotRun       // C5, C6
	MechNoProbe        // C6
	mechanismEnd
)

// mechanisms holds each mechanism's outcome and words (the words the phase
// maps and their colour table, phase.classColors, use).
var mechanisms = [mechanismEnd]struct {
	outcome Outcome
	text    string
}{
	NoMechanism: {Holds, ""},

	MechAscentDiverges: {Fails, "ascent diverges"},
	MechRowCrosses:     {Fails, "a row crosses to the mirror basin: the sign pattern is lost"},
	MechLDecreases:     {Fails, "L decreases along the ascent"},
	MechOtherMaximum:   {Fails, "ascent converges to another maximum"},
	MechLimitNotStrict: {Fails, "the limit is not a strict maximum"},
	MechBeyondSpread:   {Fails, "the stochastic run ends beyond the predicted spread"},
	MechNoSpread:       {Fails, "the predicted spread of the stochastic run could not be computed"},
	MechSaddle:         {Fails, "a certified saddle near W~*"},
	MechMirrorBasin:    {Fails, "a row in the mirror basin: the sign pattern is lost"},
	MechProjectionLow:  {Fails, "a feature projection below 1 - eps"},
	MechSLKeepsE2:      {Fails, "SL keeps e2 weights above delta |w^(1)|"},
	MechSLKeepsZ:       {Fails, "the SL representation keeps z"},
	MechSSLLosesZ:      {Fails, "the SSL representation loses z"},
	MechLosesY:         {Fails, "a representation loses y"},
	MechE1Lost:         {Fails, "rows collapse to a = 0: e1 is lost"},
	MechE2Lost:         {Fails, "b below the floor: e2 is lost"},
	MechNotMaxOfLTilde: {Fails, "the critical point reached is not a maximum of L~"},

	MechBudget:               {Undecided, "step budget spent before convergence"},
	MechNoBall:               {Undecided, "W* too far from W~* for a ball proved to hold one critical point"},
	MechNoBallSignLost:       {Undecided, "W* far from W~*: the ascent from W~* crosses a = 0 (W* lacks W~*'s sign pattern)"},
	MechCertInequality:       {Undecided, "the certificate's inequality fails"},
	MechNewtonStalls:         {Undecided, "no zero of grad L near W~*"},
	MechNoCertificate:        {Undecided, "no certificate could be computed"},
	MechNoCertifiedW:         {Undecided, "no certified W* to identify the limit with"},
	MechNonFiniteHessian:     {Undecided, "the Hessian at the end point has a non-finite entry"},
	MechNewtonStallsOnLTilde: {Undecided, "Newton stalls before a strict maximum of L~"},

	MechNearTooFar:       {OutsideHypotheses, "tau < 1: the near region starts far from the maximum (Finding 8)"},
	MechPastPitchfork:    {OutsideHypotheses, "rows collapse to a = 0: e1 is lost (past the pitchfork of L~)"},
	MechNoiseAsLarge:     {OutsideHypotheses, "noise or unconverged weights as large as the features"},
	MechNoSignedMaximum:  {OutsideHypotheses, "no certified maximum with the sign pattern (the sample lost the mirror pair)"},
	MechEtaAboveBound:    {OutsideHypotheses, "eta above the smoothness bound"},
	MechSLKeepsZSignal:   {OutsideHypotheses, "SL keeps a z signal (SNR > 0.1): chance part not claimed"},
	MechSLUnconverged:    {OutsideHypotheses, "SL descent did not converge within the budget"},
	MechSmallSample:      {OutsideHypotheses, "sample too small (n < 25)"},
	MechOneNoiseCoord:    {OutsideHypotheses, "d = 3: one noise coordinate (Finding 9)"},
	MechW0Outside:        {OutsideHypotheses, "W0 outside the near region"},
	MechNoMaxOfLTilde:    {OutsideHypotheses, "no strict maximum of L~"},
	MechInvalidForLTilde: {OutsideHypotheses, "invalid point for L~"},
	MechNoInitialPoint:   {OutsideHypotheses, "no initial point"},
	MechAscentNotRun:     {OutsideHypotheses, "ascent could not run"},
	MechNoExpected:       {OutsideHypotheses, "no expected objective"},
	MechNoNewtonZero:     {OutsideHypotheses, "no Newton zero of the expected objective"},
	MechSLNotRun:         {OutsideHypotheses, "SL descent did not run"},
	MechNoProbe:          {OutsideHypotheses, "no SSL optimum or SL limit to probe"},
}

// String returns the mechanism's words ("" for NoMechanism).
func (m Mechanism) String() string {
	if m >= 0 && m < mechanismEnd {
		return mechanisms[m].text
	}
	return fmt.Sprintf("Mechanism(%d)", int(m))
}

// Outcome returns the outcome the mechanism explains (Holds for
// NoMechanism).
func (m Mechanism) Outcome() Outcome {
	if m >= 0 && m < mechanismEnd {
		return mechanisms[m].outcome
	}
	return Outcome(-1)
}

// Mechanisms returns every mechanism but NoMechanism, in declaration order.
func Mechanisms() []Mechanism {
	out := make([]Mechanism, 0, mechanismEnd-1)
	for m := NoMechanism + 1; m < mechanismEnd; m++ {
		out = append(out, m)
	}
	return out
}

// Mechanism returns why the verdict does not hold (NoMechanism when it
// holds), as the claim decided it. It is not part of the verdict's JSON: a
// verdict read back from JSON has NoMechanism.
func (v Verdict) Mechanism() Mechanism { return v.mechanism }

// firstOf returns the first mechanism of order that found holds: where a
// claim meets several mechanisms at once, order says which one it names.
func firstOf(found []Mechanism, order ...Mechanism) Mechanism {
	for _, m := range order {
		for _, f := range found {
			if f == m {
				return m
			}
		}
	}
	return NoMechanism
}
