package sim_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/nlssl/nlssl/sim"
)

// Drawing a dataset and training the reference SSL run on it: the paper's
// settings (d = 10, n = 100, tau = 7, seed 1), shortened to 2000 steps and
// every 500th iterate kept.
func Example() {
	c := sim.PaperConfig(sim.SSL)
	c.Steps, c.RecordEvery = 2000, 500
	data, err := c.Distribution().Sample(c.N, c.Seed)
	if err != nil {
		panic(err)
	}
	fmt.Printf("dataset: %d points of dimension %d, labels y = %d, %d, ...\n", data.N, data.D, data.Y[0], data.Y[1])
	rec, err := sim.Run(c, data, nil, nil) // nil: the initial point drawn from c.Init and c.Seed
	if err != nil {
		panic(err)
	}
	fmt.Printf("%v after %d steps; %d iterates kept, at steps %v\n", rec.Status, rec.Steps, rec.Trajectory.Len(), rec.Trajectory.Step)
	f := rec.Final.Features
	fmt.Printf("rows (a, b) = (%.2f, %.2f) and (%.2f, %.2f)\n", f.A[0], f.B[0], f.A[1], f.B[1])
	fmt.Printf("||P e1|| = %.2f, ||P e2|| = %.2f\n", f.ProjE1, f.ProjE2)
	// Output:
	// dataset: 100 points of dimension 10, labels y = 1, 1, ...
	// step-limit after 2000 steps; 5 iterates kept, at steps [0 500 1000 1500 2000]
	// rows (a, b) = (3.90, 1.52) and (-3.67, 1.50)
	// ||P e1|| = 0.95, ||P e2|| = 0.73
}

// A run whose numbers overflow is a divergence: the record keeps the last
// finite iterate, and the error names the number, the step and the
// parameter that made it overflow.
func ExampleRun_divergence() {
	c := sim.PaperConfig(sim.SSL)
	c.Steps, c.Tau = 50, 1e308
	rec, err := sim.Run(c, nil, nil, nil)
	fmt.Println(rec.Status, rec.Steps)
	fmt.Println(err)
	// Output:
	// non-finite 0
	// grad_norm = +Inf at step 1: tau = 1e+308 makes the gradient overflow
}

// The four JSON formats, written and read back: a dataset, an initial
// point, a configuration (a file may set only what differs from a base)
// and a run.
func ExampleWriteRun() {
	var buf bytes.Buffer

	ds := &sim.Dataset{D: 2, N: 2, X: []float64{1, 7.5, -1, 0}, Y: []int{1, -1}, Z: []int{1, 0}}
	if err := sim.WriteDataset(&buf, ds); err != nil {
		panic(err)
	}
	back, err := sim.ReadDataset(&buf)
	fmt.Println("dataset:", back.N, "points", back.X, err)

	buf.Reset()
	sim.WriteInitialPoint(&buf, &sim.InitialPoint{D: 2, W: []float64{3.5, 1.25, -3.5, 1.25}})
	// Every document opens with its format, version and the build that
	// wrote it (which differs between builds, so it is not printed here).
	var head struct {
		Format  string `json:"format"`
		Version int    `json:"version"`
	}
	json.Unmarshal(buf.Bytes(), &head)
	fmt.Println(head.Format, head.Version, strings.Contains(buf.String(), `"build"`))
	p, err := sim.ReadInitialPoint(&buf)
	fmt.Println("initial point:", p.W, err)

	c, err := sim.ReadConfig(strings.NewReader(`{"format": "nlssl/config", "version": 1, "n": 2, "steps": 3, "fidelity": "expected"}`), sim.DefaultConfig(sim.SSL, 2))
	fmt.Println("config:", c.Model, c.Fidelity, "d =", c.D, "n =", c.N, "steps =", c.Steps, err)

	rec, err := sim.Run(c, ds, p, nil)
	if err != nil {
		panic(err)
	}
	buf.Reset()
	sim.WriteRun(&buf, rec)
	run, err := sim.ReadRun(&buf)
	fmt.Println("run:", run.Status, run.Steps, "steps,", run.Trajectory.Len(), "iterates of", run.Trajectory.Dim, "numbers", err)

	if _, err := sim.ReadConfig(strings.NewReader(`{"format": "nlssl/config", "version": 1, "steps": 0}`), c); err != nil {
		fmt.Println(err)
	}
	// Output:
	// dataset: 2 points [1 7.5 -1 0] <nil>
	// nlssl/init 1 true
	// initial point: [3.5 1.25 -3.5 1.25] <nil>
	// config: ssl expected d = 2 n = 2 steps = 3 <nil>
	// run: step-limit 3 steps, 4 iterates of 4 numbers <nil>
	// steps = 0 is invalid: allowed an integer >= 1
}
