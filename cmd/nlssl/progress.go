package main

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// progress prints "label: done/total" on stderr at most once a second, so
// long commands show they are alive without flooding a CI log; with quiet
// it prints nothing. It also remembers how far the command got, for the
// note an interrupt prints.
type progress struct {
	w     io.Writer
	quiet bool
	start time.Time

	mu          sync.Mutex
	label       string
	last        time.Time
	done, total int
}

func newProgress(w io.Writer, label string, quiet bool) *progress {
	now := time.Now()
	return &progress{w: w, quiet: quiet, label: label, start: now, last: now}
}

// update reports done out of total; it is cheap when nothing is printed.
func (p *progress) update(done, total int) {
	p.mu.Lock()
	p.done, p.total = done, total
	now := time.Now()
	print := !p.quiet && now.Sub(p.last) >= time.Second
	if print {
		p.last = now
		fmt.Fprintf(p.w, "%s: %d/%d (%.0f%%, %.1fs)\n", p.label, done, total, 100*float64(done)/float64(total), now.Sub(p.start).Seconds())
	}
	p.mu.Unlock()
	hook("progress", done)
}

// stage renames what is being counted (reproduce's runs, probes, ...).
func (p *progress) stage(label string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.label = label
}

// String says how far the command got: "label (done/total)".
func (p *progress) String() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return fmt.Sprintf("%s (%d/%d)", p.label, p.done, p.total)
}

// counts returns the last update's done and total.
func (p *progress) counts() (done, total int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.done, p.total
}
