package experiment_test

import (
	"fmt"

	"github.com/nlssl/nlssl/experiment"
)

// The reference protocol in miniature: 2 seeds, 300 steps of each run,
// probes on 100 + 100 fresh points, no claims checked; the summary per
// group (the runs, the final rows' weights on e1 with their 95% interval).
func ExampleReproduce() {
	s := experiment.PaperSettings()
	s.Seeds, s.SSL.Steps, s.SL.Steps, s.ProbePoints, s.Check = 2, 300, 300, 100, false
	res, err := experiment.Reproduce(s)
	if err != nil {
		panic(err)
	}
	fmt.Println(len(res.Runs), "runs; W* certified:", res.WStar != nil)
	for _, g := range res.Summarize().Groups {
		fmt.Printf("%s: %d runs, w1^(1) mean %.2f, w2^(1) mean %.2f\n", g.Group, g.Runs, g.W11.Mean, g.W21.Mean)
	}
	// Output:
	// 6 runs; W* certified: true
	// ssl-near: 2 runs, w1^(1) mean 3.51, w2^(1) mean -3.54
	// ssl-signs: 2 runs, w1^(1) mean 2.38, w2^(1) mean -2.67
	// sl: 2 runs, w1^(1) mean 1.39, w2^(1) mean -2.31
}
