package experiment

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/nlssl/nlssl/buildinfo"
	"github.com/nlssl/nlssl/sim"
	"gonum.org/v1/gonum/stat/distuv"
)

// small is a quick reproduction: 4 seeds, 300 steps, d = 5.
func small() Settings {
	s := PaperSettings()
	s.SSL, s.SL = sim.DefaultConfig(sim.SSL, 5), sim.DefaultConfig(sim.SL, 5)
	s.SSL.Steps, s.SL.Steps, s.Seeds, s.ProbePoints, s.Check = 300, 300, 4, 50, false
	return s
}

// TestSummaryStatistics: the summary's means and intervals are those of the
// runs' end points, recomputed here directly (Student's t quantile with
// runs - 1 degrees of freedom), and a group's run count and one-sided count
// match the runs.
func TestSummaryStatistics(t *testing.T) {
	res, err := Reproduce(small())
	if err != nil {
		t.Fatal(err)
	}
	sum := res.Summarize()
	d := res.Params.D
	for _, g := range sum.Groups {
		if g.Basin != AllRuns {
			continue
		}
		var xs []float64
		one := 0
		for _, run := range res.Runs {
			if run.Group == g.Group {
				xs = append(xs, run.Record.Final.W[1])
				if run.Record.Final.W[0]*run.Record.Final.W[d] > 0 {
					one++
				}
			}
		}
		var m, v float64
		for _, x := range xs {
			m += x / float64(len(xs))
		}
		for _, x := range xs {
			v += (x - m) * (x - m) / float64(len(xs)-1)
		}
		q := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(len(xs) - 1)}.Quantile(0.975)
		h := q * math.Sqrt(v/float64(len(xs)))
		if g.Runs != len(xs) || g.OneSided != one || math.Abs(g.W12.Mean-m) > 1e-12 || math.Abs(g.W12.Hi-(m+h)) > 1e-12 {
			t.Fatalf("%s: summary %+v, direct mean %v half-width %v over %d runs, %d one-sided", g.Group, g.W12, m, h, len(xs), one)
		}
	}
	b, err := json.Marshal(sum) // SL has no distance to W*: null, not NaN
	if err != nil || !bytes.Contains(b, []byte(`"dist_w_star":null`)) {
		t.Fatalf("summary JSON: %v\n%s", err, b)
	}
}

// TestWriteFiles: every promised file is written, in both formats, and the
// trajectories file holds exactly the runs' records, as its header says.
func TestWriteFiles(t *testing.T) {
	res, err := Reproduce(small())
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []Format{PNG, SVG} {
		dir := t.TempDir()
		if _, err := res.Write(dir, f, true); err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"curves-ssl-near", "curves-ssl-signs", "curves-sl", "results-scatter", "projections"} {
			b, err := os.ReadFile(filepath.Join(dir, name+"."+string(f)))
			if err != nil || len(b) < 1000 {
				t.Fatalf("%s.%s: %v (%d bytes)", name, f, err, len(b))
			}
			if f == SVG && !bytes.Contains(b, []byte("@font-face")) {
				t.Fatalf("%s.svg does not embed its fonts", name)
			}
		}
		var hdr TrajectoryHeader
		b, _ := os.ReadFile(filepath.Join(dir, "trajectories.json"))
		if err := json.Unmarshal(b, &hdr); err != nil {
			t.Fatal(err)
		}
		bin, _ := os.ReadFile(filepath.Join(dir, "trajectories.bin"))
		last := hdr.Runs[len(hdr.Runs)-1]
		if int64(len(bin)) != last.Offset+int64(last.Rows*len(last.Columns)*8) || len(hdr.Runs) != len(res.Runs) {
			t.Fatalf("trajectories.bin has %d bytes for %d runs", len(bin), len(hdr.Runs))
		}
		// The last value of the first run's last row is its final state's last entry.
		r0 := hdr.Runs[0]
		row := r0.Offset + int64((r0.Rows-1)*len(r0.Columns)*8)
		lastCol := row + int64((len(r0.Columns)-1)*8)
		got := math.Float64frombits(uint64(bin[lastCol]) | uint64(bin[lastCol+1])<<8 | uint64(bin[lastCol+2])<<16 | uint64(bin[lastCol+3])<<24 |
			uint64(bin[lastCol+4])<<32 | uint64(bin[lastCol+5])<<40 | uint64(bin[lastCol+6])<<48 | uint64(bin[lastCol+7])<<56)
		w := res.Runs[0].Record.Final.W
		if got != w[len(w)-1] {
			t.Fatalf("trajectories.bin: last entry %v, run's final %v", got, w[len(w)-1])
		}
	}
}

// TestBadSettings: invalid settings are errors naming the parameter.
func TestBadSettings(t *testing.T) {
	for _, mod := range []func(*Settings){
		func(s *Settings) { s.Seeds = 1 },
		func(s *Settings) { s.ProbePoints = 3 },
		func(s *Settings) { s.SL.D = 7 },
		func(s *Settings) { s.SSL.Eta = -1 },
		func(s *Settings) { s.Build = buildinfo.Record{} },
	} {
		s := small()
		mod(&s)
		if _, err := Reproduce(s); !sim.IsParamError(err) {
			t.Errorf("error %v, want a ParamError", err)
		}
	}
	if _, err := ParseFormat("gif"); err == nil {
		t.Error("gif accepted")
	}
}
