package main

import (
	"fmt"
	"io"
	"time"
)

// progress prints "label: done/total" on stderr at most once a second, so
// long commands show they are alive without flooding a CI log. A nil
// *progress prints nothing (--quiet).
type progress struct {
	w     io.Writer
	label string
	start time.Time
	last  time.Time
}

func newProgress(w io.Writer, label string, quiet bool) *progress {
	if quiet {
		return nil
	}
	now := time.Now()
	return &progress{w: w, label: label, start: now, last: now}
}

// update reports done out of total; it is cheap when nothing is printed.
func (p *progress) update(done, total int) {
	if p == nil {
		return
	}
	if now := time.Now(); now.Sub(p.last) >= time.Second {
		p.last = now
		fmt.Fprintf(p.w, "%s: %d/%d (%.0f%%, %.1fs)\n", p.label, done, total, 100*float64(done)/float64(total), now.Sub(p.start).Seconds())
	}
}
