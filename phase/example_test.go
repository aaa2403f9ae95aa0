package phase_test

import (
	"bytes"
	"fmt"

	"github.com/nlssl/nlssl/phase"
	"github.com/nlssl/nlssl/theory"
)

// A small sweep of the simplified claims over tau x alpha (log axes) around
// C4~'s boundary: per claim the number of points in each class, and the
// boundaries found by bisection; then the sweep through its JSON format
// (nlssl/phase), which reads back to the same bytes.
func ExampleRun() {
	spec := phase.Spec{
		Base:   theory.PaperParams(),
		X:      phase.Axis{Param: "tau", Lo: 1, Hi: 20, Count: 5, Log: true},
		Y:      phase.Axis{Param: "alpha", Lo: 0.005, Hi: 0.05, Count: 5, Log: true},
		Mode:   phase.Simplified,
		Bisect: 12,
	}
	sw, err := phase.Run(spec, phase.Shard{Index: 0, Count: 1}, 0, nil)
	if err != nil {
		panic(err)
	}
	for ci, claim := range sw.Claims() {
		count := map[theory.Outcome]int{}
		for _, p := range sw.Points {
			count[p.Results[ci].Outcome]++
		}
		fmt.Printf("%s: %d holds, %d fails\n", claim, count[theory.Holds], count[theory.Fails])
	}
	for _, b := range sw.Boundaries {
		if b.Along == "x" { // the boundaries crossed as tau grows, at a fixed alpha
			fmt.Printf("alpha = %.3g: %s %v up to tau = %.4g, then %v\n", b.Fixed, b.Claim, b.From.Outcome, b.At, b.To.Outcome)
		}
	}

	var buf bytes.Buffer
	if err := sw.WriteJSON(&buf); err != nil {
		panic(err)
	}
	back, err := phase.ReadJSON(bytes.NewReader(buf.Bytes()))
	if err != nil {
		panic(err)
	}
	var again bytes.Buffer
	back.WriteJSON(&again)
	fmt.Println("read back:", len(back.Points), "points, the same bytes:", bytes.Equal(buf.Bytes(), again.Bytes()))
	// Output:
	// C3~: 25 holds, 0 fails
	// C4~: 16 holds, 9 fails
	// alpha = 0.0158: C4~ fails up to tau = 1.719, then holds
	// alpha = 0.0281: C4~ fails up to tau = 6.687, then holds
	// read back: 25 points, the same bytes: true
}
