package theory_test

import (
	"fmt"
	"math"

	"github.com/nlssl/nlssl/theory"
)

// The claims on the simplified objective L~ at the paper's point, and past
// L~'s pitchfork (alpha = 0.05), where the maximum loses e1: each verdict
// has an outcome, a reason and named evidence.
func ExampleCheckSimplified() {
	for _, alpha := range []float64{1.0 / 800, 0.05} {
		p := theory.PaperParams()
		p.Alpha = alpha
		for _, v := range theory.CheckSimplified(p) {
			fmt.Printf("alpha = %g: %s %v: %s\n", alpha, v.Claim, v.Outcome, v.Reason)
		}
		c4 := theory.CheckSimplified(p)[1]
		a1, _ := c4.Get("a1")
		b1, _ := c4.Get("b1")
		fmt.Printf("  row 1 of W~*: |a~*| = %.3f, b~* = %.3f\n", math.Abs(a1), b1) // %.3f: a~* = 0 up to rounding past the pitchfork
	}
	// Output:
	// alpha = 0.00125: C3~ holds: a strict local maximum of L~
	// alpha = 0.00125: C4~ holds: both features captured
	//   row 1 of W~*: |a~*| = 3.816, b~* = 1.520
	// alpha = 0.05: C3~ holds: a strict local maximum of L~
	// alpha = 0.05: C4~ fails: rows collapse to a = 0: e1 is lost
	//   row 1 of W~*: |a~*| = 0.000, b~* = 0.662
}

// Checking one claim at a point and reading its verdict's evidence: C5
// (SL captures only e1) at the paper's point. A Session computes what the
// claims share once; All would check the six.
func ExampleSession() {
	s, err := theory.NewSession(theory.PaperParams())
	if err != nil {
		panic(err)
	}
	v := s.C5()
	fmt.Printf("%s %v (hypotheses met: %v, certified: %v)\n", v.Claim, v.Outcome, v.Hypotheses, v.Certified)
	for _, name := range []string{"proj_e1", "max_b/a"} {
		x, _ := v.Get(name)
		fmt.Printf("  %s = %.4g\n", name, x)
	}
	// Output:
	// C5 holds (hypotheses met: true, certified: false)
	//   proj_e1 = 1
	//   max_b/a = 0.002253
}

// Bad parameters are refused with the parameter named and its range.
func ExampleParams_Validate() {
	p := theory.PaperParams()
	p.Tol.ProbeTest = 3
	fmt.Println(p.Validate())
	// Output:
	// probe-test = 3 is invalid: allowed an integer >= 10
}
