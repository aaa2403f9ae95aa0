package main

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// smallSweep is a simplified sweep of 120 points crossing C4~'s boundary.
var smallSweep = []string{"--x", "tau:0.25:20:12:log", "--y", "alpha:0.0003125:0.05:10:log", "--quiet"}

// TestInterruptEndsEveryCommand: SIGINT (and SIGTERM) on every command,
// stopped mid-way, ends it with exit 130 (143), a note on stderr saying
// what was written and how to continue, and no output file: not under its
// name, and no temporary file left beside it.
func TestInterruptEndsEveryCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("child processes: skipped with -short")
	}
	shards := t.TempDir()
	for i := range 2 {
		args := append([]string{"phase", "--shard", []string{"0/2", "1/2"}[i], "--out", filepath.Join(shards, []string{"a", "b"}[i])}, smallSweep...)
		if code, _, stderr := runCLI(t, args...); code != exitOK {
			t.Fatalf("shard %d: exit %d: %s", i, code, stderr)
		}
	}
	for _, c := range []struct {
		name, block string
		sig         syscall.Signal
		args        []string // OUT is replaced by the output directory
		note        string
		left        []string // the files the output directory may hold
	}{
		{"train", "progress:100", syscall.SIGINT, []string{"train", "--steps", "1000000", "--out", "OUT/run.json", "--write-data", "OUT/data.json"},
			"nlssl train: interrupted: stopped after 100 of 1000000 steps; the run JSON (OUT/run.json) was not written: it is written when the run ends; already written: OUT/data.json; run the same command again", []string{"data.json"}},
		{"train SIGTERM", "progress:10", syscall.SIGTERM, []string{"train", "--steps", "1000000", "--out", "OUT/run.json", "--quiet"},
			"nlssl train: interrupted: stopped after 10 of 1000000 steps", nil},
		{"check", "progress:1", syscall.SIGINT, []string{"check", "--quiet"},
			"nlssl check: interrupted: stopped after 1 of 6 claims; nothing was written", nil},
		{"reproduce", "progress:1", syscall.SIGINT, []string{"reproduce", "--seeds", "2", "--ssl-steps", "300", "--sl-steps", "300", "--probe-points", "50", "--no-check", "--quiet", "--out", "OUT"},
			"nlssl reproduce: interrupted: stopped during reproduce: runs (1/6); nothing was written to OUT", nil},
		{"reproduce while committing", "commit:0", syscall.SIGINT, []string{"reproduce", "--seeds", "2", "--ssl-steps", "300", "--sl-steps", "300", "--probe-points", "50", "--no-check", "--quiet", "--out", "OUT"},
			"nlssl reproduce: interrupted:", nil},
		{"phase", "progress:30", syscall.SIGINT, append([]string{"phase", "--out", "OUT"}, smallSweep...),
			"of 120 points are kept in OUT/phase-points.jsonl; continue with the same flags and --resume", []string{"phase-points.jsonl"}},
		{"merge", "commit:0", syscall.SIGINT, []string{"merge", "--out", "OUT", filepath.Join(shards, "a", "phase.json"), filepath.Join(shards, "b", "phase.json")},
			"nlssl merge: interrupted: nothing was written to OUT", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := t.TempDir()
			args := make([]string, len(c.args))
			for i, a := range c.args {
				args[i] = strings.ReplaceAll(a, "OUT", out)
			}
			ch := startChild(t, c.block, nil, args...)
			ch.waitBlocked(t)
			if err := ch.cmd.Process.Signal(c.sig); err != nil {
				t.Fatal(err)
			}
			code, stderr := ch.wait(t)
			want := map[syscall.Signal]int{syscall.SIGINT: exitInterrupted, syscall.SIGTERM: exitTerminated}[c.sig]
			if note := strings.ReplaceAll(c.note, "OUT", out); code != want || !strings.Contains(stderr, note) {
				t.Fatalf("exit %d (want %d), stderr:\n%s\nwant it to contain %q", code, want, stderr, note)
			}
			files := dirFiles(t, out)
			for _, name := range c.left {
				delete(files, name)
			}
			for name := range files {
				t.Errorf("%s was left in the output directory", name)
			}
		})
	}
}

// TestInterruptedSweepResumesExactly: a sweep stopped mid-way, by SIGINT or
// by SIGKILL (no handler runs: a killed pod), keeps its completed points in
// its journal; run again without --resume it refuses to overwrite them; with
// --resume it computes the rest and writes the same bytes, in every file, as
// the uninterrupted sweep, and removes the journal.
func TestInterruptedSweepResumesExactly(t *testing.T) {
	if testing.Short() {
		t.Skip("child processes: skipped with -short")
	}
	want := t.TempDir()
	if code, _, stderr := runCLI(t, append([]string{"phase", "--out", want}, smallSweep...)...); code != exitOK {
		t.Fatalf("uninterrupted sweep: exit %d: %s", code, stderr)
	}
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGKILL} {
		t.Run(sig.String(), func(t *testing.T) {
			out := t.TempDir()
			args := append([]string{"phase", "--out", out, "--workers", "2"}, smallSweep...)
			ch := startChild(t, "progress:40", nil, args...)
			ch.waitBlocked(t)
			if err := ch.cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			ch.wait(t)
			journal, err := os.ReadFile(filepath.Join(out, journalName))
			if err != nil {
				t.Fatal(err)
			}
			if lines := strings.Count(string(journal), "\n") - 1; lines < 40 || lines >= 120 {
				t.Fatalf("the journal holds %d points, want the 40 or more done before the signal", lines)
			}
			if code, _, stderr := runCLI(t, args...); code != exitBadInput || !strings.Contains(stderr, "continue it with --resume") {
				t.Fatalf("a rerun without --resume: exit %d: %s", code, stderr)
			}
			if code, _, stderr := runCLI(t, append(args, "--resume")...); code != exitOK {
				t.Fatalf("--resume: exit %d: %s", code, stderr)
			}
			sameDirs(t, want, out)
		})
	}
}

// TestOutputsAreWrittenWhole: writeFile and writeDir leave the complete
// output under its name, readable by others as before (0644), and nothing
// else: no temporary file, and no output at all when writing fails.
func TestOutputsAreWrittenWhole(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.json")
	if err := writeFile(path, func(w io.Writer) error { _, err := io.WriteString(w, "{}\n"); return err }); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(path); err != nil || st.Mode().Perm() != 0o644 {
		t.Fatalf("%s: %v %v", path, st, err)
	}
	fail := errors.New("disk full")
	if err := writeFile(filepath.Join(dir, "bad.json"), func(w io.Writer) error { io.WriteString(w, "{"); return fail }); err != fail {
		t.Fatalf("error %v", err)
	}
	if err := writeDir(filepath.Join(dir, "sub"), func(tmp string) error {
		os.WriteFile(filepath.Join(tmp, "a.csv"), []byte("half"), 0o644)
		return fail
	}); err != fail {
		t.Fatalf("error %v", err)
	}
	files := dirFiles(t, dir)
	if len(files) != 2 || string(files["out.json"]) != "{}\n" || len(dirFiles(t, filepath.Join(dir, "sub"))) != 0 {
		t.Fatalf("the directory holds %v", files)
	}
}
