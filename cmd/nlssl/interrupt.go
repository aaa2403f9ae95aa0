package main

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"sync"
	"syscall"
)

// Interrupts. main installs a handler for SIGINT and SIGTERM that ends the
// command at once, whatever it is computing (a check cannot be stopped
// half-way through a claim, so the handler does not wait for it): it
// removes the temporary files of outputs not yet complete, closes what must
// be closed (a sweep's journal, so that no line is left half-written),
// prints on stderr what was written and how to continue, and exits with
// 128 + the signal's number (130 for SIGINT, 143 for SIGTERM).
//
// Every output file is written to a temporary file beside it and renamed
// into place when complete (writeFile, writeDir), so an interrupted or
// killed command never leaves a half-written file under an output's name.

// Exit codes of an interrupted command.
const (
	exitInterrupted = 130 // 128 + SIGINT
	exitTerminated  = 143 // 128 + SIGTERM
)

// interruption is what the signal handler needs to end a command.
type interruption struct {
	mu    sync.Mutex
	cmd   string
	note  func() string // what was written and how to continue
	temps map[string]bool
	close []func()
}

// pending is the running command's interruption state (one command runs
// per process; the in-process tests run them one after another).
var pending = &interruption{temps: map[string]bool{}}

// reset forgets the previous command (run calls it first).
func (in *interruption) reset() {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.cmd, in.note, in.close = "", nil, nil
}

// begin starts a command's work, once its input is validated and its
// memory planned: its name and the note the handler prints.
func (in *interruption) begin(cmd string, note func() string) {
	in.mu.Lock()
	in.cmd, in.note = cmd, note
	in.mu.Unlock()
	hook("start", 0)
}

// onClose registers f to be called by the handler before it exits.
func (in *interruption) onClose(f func()) {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.close = append(in.close, f)
}

// temp registers a temporary path for removal by the handler.
func (in *interruption) temp(path string) {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.temps[path] = true
}

// commit runs f (the renames that put complete outputs in place) with the
// handler held off, and forgets the temporary paths.
func (in *interruption) commit(f func() error, paths ...string) error {
	in.mu.Lock()
	defer in.mu.Unlock()
	for _, p := range paths {
		delete(in.temps, p)
	}
	return f()
}

// discard removes a temporary path and forgets it.
func (in *interruption) discard(path string) {
	in.mu.Lock()
	defer in.mu.Unlock()
	delete(in.temps, path)
	os.RemoveAll(path)
}

// handle ends the process after a signal. It takes the lock and never
// releases it: no output is committed after the note is printed.
func (in *interruption) handle(stderr io.Writer, code int) {
	in.mu.Lock()
	for _, f := range in.close {
		f()
	}
	for p := range in.temps {
		os.RemoveAll(p)
	}
	cmd, note := in.cmd, "nothing was written"
	if in.note != nil {
		note = in.note()
	}
	if cmd == "" {
		cmd = "nlssl"
	} else {
		cmd = "nlssl " + cmd
	}
	fmt.Fprintf(stderr, "%s: interrupted: %s\n", cmd, note)
	os.Exit(code)
}

// handleSignals installs the handler (main only: the tests run commands
// in-process without it, or re-execute the test binary as nlssl).
func handleSignals() {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	go func() {
		s := <-sig
		code := exitInterrupted
		if s == syscall.SIGTERM {
			code = exitTerminated
		}
		pending.handle(os.Stderr, code)
	}()
}

// testHook, when not nil, is called at the events the child-process tests
// stop a command at ("start" once its work begins, "progress" after each
// progress update with the number done, "commit" before outputs are put in
// place).
var testHook func(event string, done int)

func hook(event string, done int) {
	if testHook != nil {
		testHook(event, done)
	}
}

// writeFile writes path through a temporary file beside it, renamed into
// place once complete.
func writeFile(path string, write func(io.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".partial-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	pending.temp(tmp)
	if err := f.Chmod(0o644); err != nil { // CreateTemp's 0600 is for the temporary name only
		f.Close()
		pending.discard(tmp)
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		pending.discard(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		pending.discard(tmp)
		return err
	}
	hook("commit", 0)
	if err := pending.commit(func() error { return os.Rename(tmp, path) }, tmp); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// writeDir writes a command's output files into dir (created if needed)
// through a temporary directory inside it: write fills the temporary
// directory; once it succeeds, every file is renamed into dir at once.
func writeDir(dir string, write func(tmp string) error) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(dir, ".partial-*")
	if err != nil {
		return err
	}
	pending.temp(tmp)
	defer pending.discard(tmp)
	if err := write(tmp); err != nil {
		return err
	}
	entries, err := os.ReadDir(tmp)
	if err != nil {
		return err
	}
	hook("commit", 0)
	return pending.commit(func() error {
		for _, e := range entries {
			if err := os.Rename(filepath.Join(tmp, e.Name()), filepath.Join(dir, e.Name())); err != nil {
				return err
			}
		}
		return nil
	})
}
