package experiment

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sync"

	"github.com/nlssl/nlssl/buildinfo"
	"github.com/nlssl/nlssl/theory"
)

// TrajectoryHeader describes trajectories.bin (format nlssl/trajectories,
// version 1): for every run, its rows one after another, each row the
// float64 little-endian values of Columns; a run's rows start at Offset
// bytes. The state is W row-major (w1 then w2), then F for SL.
type TrajectoryHeader struct {
	Format   string           `json:"format"`
	Version  int              `json:"version"`
	Build    buildinfo.Record `json:"build"`
	Encoding string           `json:"encoding"`
	Runs     []TrajectoryRun  `json:"runs"`
}

// TrajectoryRun locates one run in trajectories.bin.
type TrajectoryRun struct {
	Group   Group    `json:"group"`
	Seed    uint64   `json:"seed"`
	Rows    int      `json:"rows"`
	Columns []string `json:"columns"`
	Offset  int64    `json:"offset"`
}

// columns names a run's row: step, objective, gradient norm, the state.
func columns(d, dim int) []string {
	c := []string{"step", "value", "grad_norm"}
	for k := range 2 {
		for j := range d {
			c = append(c, fmt.Sprintf("w%d_%d", k+1, j+1))
		}
	}
	if dim > 2*d {
		c = append(c, "f1", "f2")
	}
	return c
}

// writeTrajectories writes trajectories.bin and trajectories.json.
func (r *Result) writeTrajectories(dir string) error {
	f, err := os.Create(filepath.Join(dir, "trajectories.bin"))
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	hdr := TrajectoryHeader{Format: "nlssl/trajectories", Version: 1, Build: r.Settings.Build, Encoding: "float64 little-endian, row-major"}
	var off int64
	var buf [8]byte
	put := func(x float64) {
		binary.LittleEndian.PutUint64(buf[:], math.Float64bits(x))
		w.Write(buf[:])
	}
	for _, run := range r.Runs {
		tr := &run.Record.Trajectory
		cols := columns(r.Params.D, tr.Dim)
		hdr.Runs = append(hdr.Runs, TrajectoryRun{Group: run.Group, Seed: run.Seed, Rows: tr.Len(), Columns: cols, Offset: off})
		for i := range tr.Len() {
			put(float64(tr.Step[i]))
			put(tr.Value[i])
			put(tr.GradNorm[i])
			for _, x := range tr.State(i) {
				put(x)
			}
		}
		off += int64(tr.Len() * len(cols) * 8)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return writeJSONFile(filepath.Join(dir, "trajectories.json"), hdr)
}

func writeJSONFile(path string, v any) error {
	b, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

// verdictsReport is verdicts.json (format nlssl/check, as `nlssl check --json`).
type verdictsReport struct {
	Format   string           `json:"format"`
	Version  int              `json:"version"`
	Build    buildinfo.Record `json:"build"`
	Params   theory.Params    `json:"params"`
	Verdicts []theory.Verdict `json:"verdicts"`
}

// Write writes everything into dir (created if needed): the figures in the
// format, summary.md and summary.json, verdicts.json when the claims were
// checked, and, with trajectories, trajectories.bin and trajectories.json.
// The figures are drawn concurrently with the trajectories being written.
func (r *Result) Write(dir string, f Format, trajectories bool) (Summary, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Summary{}, err
	}
	var wg sync.WaitGroup
	var trajErr error
	if trajectories {
		wg.Go(func() { trajErr = r.writeTrajectories(dir) })
	}
	figs, err := r.figures, error(nil)
	if r.Settings.Format != f || figs == nil {
		figs, err = r.Figures(f)
	}
	wg.Wait()
	if err != nil {
		return Summary{}, err
	}
	if trajErr != nil {
		return Summary{}, trajErr
	}
	for _, fig := range figs {
		if err := os.WriteFile(filepath.Join(dir, fig.Name+"."+string(f)), fig.Bytes, 0o644); err != nil {
			return Summary{}, err
		}
	}
	s := r.Summarize()
	if err := os.WriteFile(filepath.Join(dir, "summary.md"), []byte(s.Markdown()), 0o644); err != nil {
		return Summary{}, err
	}
	if err := writeJSONFile(filepath.Join(dir, "summary.json"), s); err != nil {
		return Summary{}, err
	}
	if r.Verdicts != nil {
		if err := writeJSONFile(filepath.Join(dir, "verdicts.json"), verdictsReport{"nlssl/check", 1, r.Settings.Build, r.Params, r.Verdicts}); err != nil {
			return Summary{}, err
		}
	}
	return s, nil
}
