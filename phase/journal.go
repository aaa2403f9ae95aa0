package phase

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"

	"github.com/nlssl/nlssl/sim"
)

// FormatJournal is the format of a sweep's journal.
const FormatJournal = "nlssl/phase-journal"

// A Journal is the append-only record of a sweep's completed points, so that
// an interrupted sweep (a signal, a killed process) keeps every point it
// finished and Run can resume it. Its first line is the sweep (spec and
// shard); then one JSON line per point, in the order the points complete,
// each written whole by one write as its point completes (handed to the
// operating system, not fsynced). A point's line carries the meanings of its
// evidence that the journal does not hold yet, so that the resumed sweep's
// meanings are the uninterrupted sweep's. A Journal is safe for concurrent
// use.
type Journal struct {
	mu       sync.Mutex
	f        *os.File
	path     string
	done     []Point           // read back on resume, not yet given to Run
	count    int               // points recorded
	meanings map[string]string // the meanings recorded, joined
	closed   bool
}

type journalHead struct {
	Format  string `json:"format"`
	Version int    `json:"version"`
	Spec    Spec   `json:"spec"`
	Shard   Shard  `json:"shard"`
}

type journalPoint struct {
	Point
	Meanings map[string]string `json:"meanings,omitempty"`
}

// CreateJournal starts a new journal at path for one shard of a sweep,
// replacing any file there.
func CreateJournal(path string, spec Spec, shard Shard) (*Journal, error) {
	head, err := json.Marshal(journalHead{FormatJournal, PhaseVersion, spec, shard})
	if err != nil {
		return nil, err
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if _, err := f.Write(append(head, '\n')); err != nil {
		f.Close()
		return nil, err
	}
	return &Journal{f: f, path: path, meanings: map[string]string{}}, nil
}

// OpenJournal reopens the journal at path to resume its sweep: it must be
// the journal of this spec and shard (else a *sim.ParamError says so). Its
// points are checked as a shard's points are (on the grid, each once, the
// mode's claims); a last line cut short (the process was killed while
// writing it) is dropped and the file truncated after the last whole line.
// Run then computes only the points the journal lacks.
func OpenJournal(path string, spec Spec, shard Shard) (*Journal, error) {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return nil, err
	}
	j, err := readJournal(f, path, spec, shard)
	if err != nil {
		f.Close()
		return nil, err
	}
	return j, nil
}

func readJournal(f *os.File, path string, spec Spec, shard Shard) (*Journal, error) {
	bad := func(line int, what string) error {
		return &sim.ParamError{Param: fmt.Sprintf("journal %s line %d", path, line), Value: what, Allowed: "the journal of this sweep, as nlssl phase writes it"}
	}
	r := bufio.NewReader(f)
	var whole int64 // bytes up to the last complete line
	j := &Journal{f: f, path: path, meanings: map[string]string{}}
	total := spec.X.Count * spec.Y.Count
	seen := map[int]bool{}
	for line := 1; ; line++ {
		b, err := r.ReadBytes('\n')
		if errors.Is(err, io.EOF) {
			if line == 1 {
				return nil, bad(line, "no header")
			}
			break // b, if not empty, is a line cut short: dropped
		}
		if err != nil {
			return nil, err
		}
		whole += int64(len(b))
		if line == 1 {
			var h journalHead
			if err := strictJSON(b, &h); err != nil || h.Format != FormatJournal || h.Version != PhaseVersion {
				return nil, bad(line, "not a journal header")
			}
			if !sameSpec(h.Spec, spec) || h.Shard != shard {
				return nil, &sim.ParamError{Param: "journal " + path, Value: "the journal of another sweep (spec or shard)", Allowed: "the journal of the same flags: resume with the flags of the interrupted sweep, or remove the journal"}
			}
			continue
		}
		var p journalPoint
		if err := strictJSON(b, &p); err != nil {
			return nil, bad(line, err.Error())
		}
		if p.I < 0 || p.I >= total || p.I%shard.Count != shard.Index || seen[p.I] {
			return nil, bad(line, fmt.Sprintf("point %d", p.I))
		}
		if err := spec.checkPoint(p.Point, "journal "); err != nil {
			return nil, err
		}
		seen[p.I] = true
		j.done = append(j.done, p.Point)
		for k, m := range p.Meanings {
			joinMeaning(j.meanings, k, m)
		}
	}
	if err := f.Truncate(whole); err != nil {
		return nil, err
	}
	if _, err := f.Seek(whole, io.SeekStart); err != nil {
		return nil, err
	}
	j.count = len(j.done)
	return j, nil
}

// strictJSON decodes one JSON value, refusing unknown keys.
func strictJSON(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

// Path returns the journal's file.
func (j *Journal) Path() string { return j.path }

// Len returns the number of points recorded.
func (j *Journal) Len() int {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.count
}

// add records a completed point with the meanings of its evidence that
// lower the journal's (new keys, or smaller wordings: joinMeaning keeps the
// smallest).
func (j *Journal) add(p Point) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.closed {
		return errors.New("journal closed")
	}
	jp := journalPoint{Point: p}
	for _, r := range p.Results {
		for _, e := range r.meanings {
			key := r.Claim + "/" + e.Name
			if old, ok := j.meanings[key]; !ok || e.Meaning < old {
				if jp.Meanings == nil {
					jp.Meanings = map[string]string{}
				}
				jp.Meanings[key], j.meanings[key] = e.Meaning, e.Meaning
			}
		}
	}
	b, err := json.Marshal(jp)
	if err != nil {
		return err
	}
	if _, err := j.f.Write(append(b, '\n')); err != nil {
		return err
	}
	j.count++
	return nil
}

// Close closes the journal; points completing afterwards are not recorded.
func (j *Journal) Close() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.closed {
		return nil
	}
	j.closed = true
	return j.f.Close()
}
