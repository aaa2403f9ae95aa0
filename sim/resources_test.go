package sim

import (
	"errors"
	"io"
	"math"
	"runtime"
	"strings"
	"testing"
)

// TestTrainRefusesATrajectoryBeyondMemory: a step budget whose recorded
// trajectory would exceed MaxRecordedBytes is refused before anything is
// allocated, naming steps, the memory it would need and the allowed range;
// the range is exact: its end is accepted, one more step is not.
func TestTrainRefusesATrajectoryBeyondMemory(t *testing.T) {
	st := fixedStepper{delta: make([]float64, 20)}
	_, err := Train(st, make([]float64, 20), Settings{Eta: 1, Steps: 4611686018427387904, RecordEvery: 1})
	var pe *ParamError
	if !errors.As(err, &pe) || pe.Param != "steps" || !strings.Contains(pe.Allowed, "would need 736 EiB") || !strings.Contains(pe.Allowed, "record-every") {
		t.Fatalf("error %v, want steps refused with the memory it needs", err)
	}
	c := PaperConfig(SSL)
	c.Steps = 1000000000
	if _, err := Run(c, nil, nil, nil); !errors.As(err, &pe) || pe.Param != "steps" || !strings.Contains(err.Error(), "[1, 5835551]") {
		t.Fatalf("run: error %v, want steps refused with its allowed range", err)
	}
	if err := c.Validate(); err != nil {
		t.Fatalf("the config itself is valid (a budget that records nothing may be that long): %v", err)
	}
	for _, every := range []int{1, 7, 1000, 1e10 + 3} {
		for _, dim := range []int{1, 22, 2 * MaxD} {
			top := MaxRecordedSteps(every, dim, MaxRecordedBytes)
			if err := CheckRecorded(top, every, dim); err != nil {
				t.Errorf("every %d dim %d: the range's end %d refused: %v", every, dim, top, err)
			}
			if err := CheckRecorded(top+1, every, dim); err == nil {
				t.Errorf("every %d dim %d: %d steps, one past the range, accepted (%s)", every, dim, top+1, FormatBytes(RecordedBytes(top+1, every, dim)))
			}
		}
	}
	if MaxRecordedSteps(0, 2*MaxD, MaxRecordedBytes) != math.MaxInt || CheckRecorded(math.MaxInt, 0, 2*MaxD) != nil {
		t.Error("record-every 0 keeps two iterates: every budget fits")
	}
}

// countdown proposes no update and reports a gradient norm that falls by
// one per step, so that a run with a tolerance stops after a known number
// of steps whatever its budget.
type countdown struct{ left *int }

func (c countdown) Dim() int { return 4 }
func (c countdown) Step(delta, x []float64, eta float64) (float64, float64) {
	clear(delta)
	*c.left--
	return 0, float64(*c.left)
}

// TestHugeBudgetRecordingEnds: --steps at the int limit with record-every 0
// (or a record-every as large) runs, keeping the first and last iterates
// only: nothing is allocated per step of the budget.
func TestHugeBudgetRecordingEnds(t *testing.T) {
	for _, every := range []int{0, math.MaxInt / 2} {
		left := 1000
		res, err := Train(countdown{&left}, make([]float64, 4), Settings{Eta: 1, Steps: math.MaxInt, RecordEvery: every, GradTol: 0.5})
		if err != nil {
			t.Fatal(err)
		}
		tr := res.Trajectory
		if res.Status != GradientThreshold || res.Steps != 999 || tr.Len() != 2 || cap(tr.States) > 4*4 {
			t.Fatalf("every %d: status %v after %d steps, %d records (capacity %d numbers)", every, res.Status, res.Steps, tr.Len(), cap(tr.States))
		}
	}
}

// TestRecordedBytesBoundsTheTrajectory: RecordedBytes is what a run's
// trajectory holds (it sizes the refusals above and the commands' memory
// estimates): at least the capacity Train allocated, and not vacuously
// large (within 2 records of it).
func TestRecordedBytesBoundsTheTrajectory(t *testing.T) {
	for _, c := range []struct{ steps, every, dim int }{{100, 1, 20}, {1000, 7, 22}, {50, 0, 4}, {3, 5, 2}} {
		res, err := Train(fixedStepper{delta: make([]float64, c.dim)}, make([]float64, c.dim), Settings{Eta: 1, Steps: c.steps, RecordEvery: c.every})
		if err != nil {
			t.Fatal(err)
		}
		tr := res.Trajectory
		held := 8 * float64(cap(tr.Step)+cap(tr.States)+cap(tr.Value)+cap(tr.GradNorm))
		est := RecordedBytes(c.steps, c.every, c.dim)
		if held > est || est > held+2*recordBytes(c.dim) {
			t.Errorf("%+v: the trajectory holds %g bytes, RecordedBytes says %g", c, held, est)
		}
	}
}

// TestFormatBytes pins the units the refusals print.
func TestFormatBytes(t *testing.T) {
	for _, c := range []struct {
		b    float64
		want string
	}{{512, "512 bytes"}, {1536, "1.5 KiB"}, {1 << 30, "1 GiB"}, {3.2e20, "278 EiB"}, {1e30, "8.67e+11 EiB"}} {
		if got := FormatBytes(c.b); got != c.want {
			t.Errorf("FormatBytes(%g) = %q, want %q", c.b, got, c.want)
		}
	}
}

// TestRunDocumentBytesBoundsWriteRun: everything WriteRun allocates while
// writing runs of several shapes and lengths (TotalAlloc, which bounds its
// peak) stays within RunDocumentBytes, which does not grow with the run's
// length: the commands plan their memory with it.
func TestRunDocumentBytesBoundsWriteRun(t *testing.T) {
	for _, c := range []struct {
		model    Model
		d, steps int
		tau      float64
	}{{SSL, 10, 3000, 7}, {SL, 10, 20000, 7}, {SSL, 64, 300, 7}, {SSL, 2, 50000, 7}, {SSL, 10, 50, 1e308}} {
		cfg := DefaultConfig(c.model, c.d)
		cfg.Steps, cfg.Tau = c.steps, c.tau
		rec, _ := Run(cfg, nil, nil, nil)
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		if err := WriteRun(io.Discard, rec); err != nil {
			t.Fatal(err)
		}
		runtime.ReadMemStats(&after)
		used := float64(after.TotalAlloc - before.TotalAlloc)
		if est := RunDocumentBytes(c.d); used > est {
			t.Errorf("%v d=%d %d records: WriteRun allocated %s, RunDocumentBytes says %s", c.model, c.d, rec.Trajectory.Len(), FormatBytes(used), FormatBytes(est))
		}
	}
}
