package phase

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/nlssl/nlssl/sim"
	"github.com/nlssl/nlssl/theory"
	"github.com/stretchr/testify/require"
)

// runJournaled runs a sweep with a new journal at path and returns it.
func runJournaled(t *testing.T, spec Spec, shard Shard, path string, workers int) *Sweep {
	t.Helper()
	j, err := CreateJournal(path, spec, shard)
	require.NoError(t, err)
	sw, err := RunWith(spec, shard, Options{Workers: workers, Journal: j})
	require.NoError(t, err)
	require.NoError(t, j.Close())
	return sw
}

// cutJournal keeps the header and the first keep points of a journal, and
// half of the next line, as a process killed while writing it leaves it.
func cutJournal(t *testing.T, path string, keep int) {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	lines := bytes.SplitAfter(b, []byte("\n"))
	out := bytes.Join(lines[:1+keep], nil)
	if next := lines[1+keep]; len(next) > 0 {
		out = append(out, next[:len(next)/2]...)
	}
	require.NoError(t, os.WriteFile(path, out, 0o644))
}

// resume reopens a journal and completes its sweep.
func resume(t *testing.T, spec Spec, shard Shard, path string, workers int) (*Sweep, int) {
	t.Helper()
	j, err := OpenJournal(path, spec, shard)
	require.NoError(t, err)
	kept := j.Len()
	calls := 0
	sw, err := RunWith(spec, shard, Options{Workers: workers, Journal: j, Progress: func(done, total int) {
		calls++
		require.Greater(t, done, kept, "progress counts the journaled points as done")
	}})
	require.NoError(t, err)
	require.Equal(t, len(sw.Points)-kept, calls, "only the missing points are computed")
	require.Equal(t, len(sw.Points), j.Len(), "the journal holds every point at the end")
	require.NoError(t, j.Close())
	return sw, kept
}

// TestResumedSweepIsByteIdentical: a sweep interrupted after k points (the
// journal cut there, with half a line after it) and resumed writes the
// same JSON and CSV bytes as the uninterrupted sweep, for every k, for a
// shard, and with the journal's lines in completion order (2 workers).
func TestResumedSweepIsByteIdentical(t *testing.T) {
	spec := simplifiedSpec(7, 5)
	whole, err := Run(spec, Shard{0, 1}, 1, nil)
	require.NoError(t, err)
	want, wantCSV := jsonBytes(t, whole), csvBytes(t, whole)
	path := filepath.Join(t.TempDir(), "journal.jsonl")
	for _, keep := range []int{0, 1, 17, 34} {
		sw := runJournaled(t, spec, Shard{0, 1}, path, 2)
		requireSameBytes(t, want, jsonBytes(t, sw), "with a journal")
		cutJournal(t, path, keep)
		got, kept := resume(t, spec, Shard{0, 1}, path, 2)
		require.Equal(t, keep, kept)
		requireSameBytes(t, want, jsonBytes(t, got), fmt.Sprintf("resumed after %d points: JSON", keep))
		requireSameBytes(t, wantCSV, csvBytes(t, got), fmt.Sprintf("resumed after %d points: CSV", keep))
	}
	shard := Shard{Index: 1, Count: 3}
	one, err := Run(spec, shard, 1, nil)
	require.NoError(t, err)
	runJournaled(t, spec, shard, path, 1)
	cutJournal(t, path, 4)
	got, _ := resume(t, spec, shard, path, 1)
	requireSameBytes(t, jsonBytes(t, one), jsonBytes(t, got), "a resumed shard")
}

// TestResumedFullSweepKeepsMeanings: in full mode the evidence's meanings
// come back from the journal, so that a sweep resumed from a journal that
// holds most points has the same "meanings" (and bytes) as one run whole.
func TestResumedFullSweepKeepsMeanings(t *testing.T) {
	if testing.Short() {
		t.Skip("full-mode sweep: skipped with -short")
	}
	base := theory.DefaultParams(4)
	base.Tol.MaxAscentSteps = 20000
	spec := Spec{Base: base, Mode: Full,
		X: Axis{Param: "tau", Lo: 1, Hi: 7, Count: 2},
		Y: Axis{Param: "alpha", Lo: 0.002, Hi: 0.05, Count: 2, Log: true}}
	path := filepath.Join(t.TempDir(), "journal.jsonl")
	whole := runJournaled(t, spec, Shard{0, 1}, path, 2)
	require.NotEmpty(t, whole.Meanings)
	cutJournal(t, path, 3)
	got, _ := resume(t, spec, Shard{0, 1}, path, 2)
	require.Equal(t, whole.Meanings, got.Meanings)
	requireSameBytes(t, jsonBytes(t, whole), jsonBytes(t, got), "full mode resumed after 3 of 4 points")
}

// TestJournalRefusesAnotherSweep: a journal is resumed only by its own
// sweep: another spec, another shard, a corrupt line, a foreign point or a
// missing header are refused, naming the journal.
func TestJournalRefusesAnotherSweep(t *testing.T) {
	spec := simplifiedSpec(4, 3)
	dir := t.TempDir()
	path := filepath.Join(dir, "journal.jsonl")
	runJournaled(t, spec, Shard{0, 1}, path, 1)
	other := spec
	other.Bisect++
	for _, c := range []struct {
		name  string
		spec  Spec
		shard Shard
		edit  func(b []byte) []byte
	}{
		{"another spec", other, Shard{0, 1}, nil},
		{"another shard", spec, Shard{0, 2}, nil},
		{"a corrupt line", spec, Shard{0, 1}, func(b []byte) []byte { return bytes.Replace(b, []byte(`"i":3,`), []byte(`"i":3,,`), 1) }},
		{"a repeated point", spec, Shard{0, 1}, func(b []byte) []byte { return bytes.Replace(b, []byte(`"i":3,`), []byte(`"i":2,`), 1) }},
		{"a point off the grid", spec, Shard{0, 1}, func(b []byte) []byte { return bytes.Replace(b, []byte(`"i":3,`), []byte(`"i":30,`), 1) }},
		{"no header", spec, Shard{0, 1}, func(b []byte) []byte { return b[bytes.IndexByte(b, '\n')+1:] }},
		{"empty", spec, Shard{0, 1}, func([]byte) []byte { return nil }},
	} {
		t.Run(c.name, func(t *testing.T) {
			b, err := os.ReadFile(path)
			require.NoError(t, err)
			p := filepath.Join(dir, "edited.jsonl")
			if c.edit != nil {
				b = c.edit(b)
			}
			require.NoError(t, os.WriteFile(p, b, 0o644))
			_, err = OpenJournal(p, c.spec, c.shard)
			var pe *sim.ParamError
			require.True(t, errors.As(err, &pe), "error %v, want a ParamError", err)
			require.Contains(t, pe.Param, "journal")
		})
	}
}
