package fuzz

// Fuzz targets for the readers of the five JSON formats (README: "JSON
// formats"): sim.ReadDataset, sim.ReadInitialPoint, sim.ReadConfig,
// sim.ReadRun and phase.ReadJSON, each fed arbitrary bytes. One table row
// per format (the format values below) and one body, roundTrip.check,
// which requires:
//
//   - no panic (the fuzzer reports one itself);
//   - on error, a non-empty message, and when the error is (or wraps) a
//     *sim.ParamError, a non-empty Param and Allowed: the user must learn
//     which parameter was wrong and what is allowed;
//   - on success, a value that validates and that round-trips: written back
//     with the matching writer and read again, it is reflect.DeepEqual to
//     the first parse, or, for a format whose values may hold "NaN" (which
//     reflect.DeepEqual never equates), it writes the same bytes again.
//
// A failure here is a bug in package sim or phase (a panic, an unhelpful
// error, or a document the reader accepts but the writer cannot reproduce).
// The seed corpora in testdata/fuzz, one directory per target, hold valid
// documents written by the writers and malformed ones: truncated, version
// 2, another format's name, an unknown key, a number that overflows
// (1e999), rows of the wrong length, "null" and the empty document.

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"testing"

	"github.com/nlssl/nlssl/phase"
	"github.com/nlssl/nlssl/sim"
)

// roundTrip is one JSON format's row.
type roundTrip[T any] struct {
	what           string // the value, for messages: "dataset"
	reader, writer string // the functions, for messages
	read           func(io.Reader) (T, error)
	write          func(io.Writer, T) error
	// validate checks an accepted value beyond the reader's own checks
	// (nil: none).
	validate func(T) error
	// byBytes compares the bytes written from the first and the second
	// parse instead of the parses themselves.
	byBytes bool
	// more: further requirements on an accepted value (nil: none).
	more func(t *testing.T, v T, data []byte)
}

var (
	datasetFormat = roundTrip[*sim.Dataset]{
		what: "dataset", reader: "ReadDataset", writer: "WriteDataset",
		read: sim.ReadDataset, write: sim.WriteDataset,
		validate: (*sim.Dataset).Validate,
	}
	initialPointFormat = roundTrip[*sim.InitialPoint]{
		what: "initial point", reader: "ReadInitialPoint", writer: "WriteInitialPoint",
		read: sim.ReadInitialPoint, write: sim.WriteInitialPoint,
		validate: func(p *sim.InitialPoint) error { return p.Validate(p.F != nil) },
	}
	configFormat = roundTrip[sim.Config]{
		what: "config", reader: "ReadConfig", writer: "WriteConfig",
		read:     func(r io.Reader) (sim.Config, error) { return sim.ReadConfig(r, sim.PaperConfig(sim.SSL)) },
		write:    sim.WriteConfig,
		validate: func(c sim.Config) error { return c.Validate() },
	}
	// A run may hold "NaN" (a diverged loss).
	runFormat = roundTrip[*sim.RunRecord]{
		what: "run", reader: "ReadRun", writer: "WriteRun",
		read: sim.ReadRun, write: sim.WriteRun,
		validate: func(rec *sim.RunRecord) error {
			if err := rec.Config.Validate(); err != nil {
				return fmt.Errorf("its config: %w", err)
			}
			return nil
		},
		byBytes: true,
	}
	// phase.ReadJSON, the reader of sweep documents (format nlssl/phase)
	// that `nlssl merge` joins. It validates what it reads: an accepted
	// document is what the spec would produce (every point on the grid with
	// the mode's claims: a shard its own points, a complete sweep all of
	// them). Beyond the round trip, it must merge (as the only part of a
	// complete sweep, or with nothing else as a shard: refused, since
	// points are missing) and draw a map per claim without panicking.
	phaseFormat = roundTrip[*phase.Sweep]{
		what: "sweep", reader: "phase.ReadJSON", writer: "WriteJSON",
		read:    phase.ReadJSON,
		write:   func(w io.Writer, sw *phase.Sweep) error { return sw.WriteJSON(w) },
		byBytes: true,
		more:    mergeAndDraw,
	}
)

func FuzzReadDataset(f *testing.F)      { f.Fuzz(datasetFormat.check) }
func FuzzReadInitialPoint(f *testing.F) { f.Fuzz(initialPointFormat.check) }
func FuzzReadConfig(f *testing.F)       { f.Fuzz(configFormat.check) }
func FuzzReadRun(f *testing.F)          { f.Fuzz(runFormat.check) }
func FuzzReadPhase(f *testing.F)        { f.Fuzz(phaseFormat.check) }

// check is the fuzz body shared by every format.
func (fm roundTrip[T]) check(t *testing.T, data []byte) {
	v, err := fm.read(bytes.NewReader(data))
	if err != nil {
		checkReadError(t, fm.reader, data, err)
		return
	}
	if fm.validate != nil {
		if err := fm.validate(v); err != nil {
			t.Fatalf("%s accepted a %s that does not validate: %v\ninput: %q", fm.reader, fm.what, err, data)
		}
	}
	var first bytes.Buffer
	if err := fm.write(&first, v); err != nil {
		t.Fatalf("%s refused a %s %s accepted: %v\ninput: %q", fm.writer, fm.what, fm.reader, err, data)
	}
	again, err := fm.read(bytes.NewReader(first.Bytes()))
	if err != nil {
		t.Fatalf("%s refused what %s wrote: %v\ninput: %q\nwritten: %s", fm.reader, fm.writer, err, data, first.Bytes())
	}
	if fm.byBytes {
		var second bytes.Buffer
		if err := fm.write(&second, again); err != nil || !bytes.Equal(first.Bytes(), second.Bytes()) {
			t.Fatalf("%s does not round-trip (%v):\nfirst:  %s\nsecond: %s\ninput: %q", fm.what, err, first.Bytes(), second.Bytes(), data)
		}
	} else if !reflect.DeepEqual(v, again) {
		t.Fatalf("%s does not round-trip:\nfirst:  %#v\nsecond: %#v\ninput: %q\nwritten: %s", fm.what, v, again, data, first.Bytes())
	}
	if fm.more != nil {
		fm.more(t, v, data)
	}
}

// checkReadError fails unless err explains itself: a non-empty message and,
// for a *sim.ParamError, the parameter and what is allowed.
func checkReadError(t *testing.T, reader string, data []byte, err error) {
	t.Helper()
	if err.Error() == "" {
		t.Fatalf("%s: an error with an empty message (%#v) for input %q", reader, err, data)
	}
	var pe *sim.ParamError
	if errors.As(err, &pe) && (pe.Param == "" || pe.Allowed == "") {
		t.Fatalf("%s: a ParamError without its parameter or allowed range: %#v (%v) for input %q", reader, pe, err, data)
	}
}

// mergeAndDraw: a sweep read alone merges exactly when it is not a shard,
// and a merged sweep draws every claim's map.
func mergeAndDraw(t *testing.T, sw *phase.Sweep, data []byte) {
	merged, err := phase.Merge([]*phase.Sweep{sw})
	if (err == nil) != (sw.Shard == nil) {
		t.Fatalf("Merge of one document (shard %v): error %v\ninput: %q", sw.Shard, err, data)
	}
	if err != nil {
		checkReadError(t, "phase.Merge", data, err)
		return
	}
	for _, c := range merged.Claims() {
		if _, err := merged.Map(c); err != nil {
			t.Fatalf("Map(%s): %v\ninput: %q", c, err, data)
		}
	}
}
