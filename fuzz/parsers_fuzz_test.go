package fuzz

// Fuzz targets for the readers of the five JSON formats (README: "JSON
// formats"): sim.ReadDataset, sim.ReadInitialPoint, sim.ReadConfig,
// sim.ReadRun and phase.ReadJSON, each fed arbitrary bytes. Each target requires:
//
//   - no panic (the fuzzer reports one itself);
//   - on error, a non-empty message, and when the error is (or wraps) a
//     *sim.ParamError, a non-empty Param and Allowed: the user must learn
//     which parameter was wrong and what is allowed;
//   - on success, a value that validates and that round-trips: written back
//     with the matching sim.Write* function and read again, it is
//     reflect.DeepEqual to the first parse (a run, which may hold "NaN",
//     writes the same bytes again).
//
// A failure here is a bug in package sim (a panic, an unhelpful error, or a
// document the reader accepts but the writer cannot reproduce). The seed
// corpora in testdata/fuzz hold valid documents written by the sim.Write*
// functions and malformed ones: truncated, version 2, another format's name,
// an unknown key, a number that overflows (1e999), rows of the wrong length,
// "null" and the empty document.

import (
	"bytes"
	"errors"
	"reflect"
	"testing"

	"github.com/nlssl/nlssl/phase"
	"github.com/nlssl/nlssl/sim"
)

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

func FuzzReadDataset(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		ds, err := sim.ReadDataset(bytes.NewReader(data))
		if err != nil {
			checkReadError(t, "ReadDataset", data, err)
			return
		}
		if err := ds.Validate(); err != nil {
			t.Fatalf("ReadDataset accepted a dataset that does not validate: %v\ninput: %q", err, data)
		}
		var buf bytes.Buffer
		if err := sim.WriteDataset(&buf, ds); err != nil {
			t.Fatalf("WriteDataset refused a dataset ReadDataset accepted: %v\ninput: %q", err, data)
		}
		again, err := sim.ReadDataset(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatalf("ReadDataset refused what WriteDataset wrote: %v\ninput: %q\nwritten: %s", err, data, buf.Bytes())
		}
		if !reflect.DeepEqual(ds, again) {
			t.Fatalf("dataset does not round-trip:\nfirst:  %#v\nsecond: %#v\ninput: %q\nwritten: %s", ds, again, data, buf.Bytes())
		}
	})
}

func FuzzReadInitialPoint(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := sim.ReadInitialPoint(bytes.NewReader(data))
		if err != nil {
			checkReadError(t, "ReadInitialPoint", data, err)
			return
		}
		if err := p.Validate(p.F != nil); err != nil {
			t.Fatalf("ReadInitialPoint accepted a point that does not validate: %v\ninput: %q", err, data)
		}
		var buf bytes.Buffer
		if err := sim.WriteInitialPoint(&buf, p); err != nil {
			t.Fatalf("WriteInitialPoint refused a point ReadInitialPoint accepted: %v\ninput: %q", err, data)
		}
		again, err := sim.ReadInitialPoint(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatalf("ReadInitialPoint refused what WriteInitialPoint wrote: %v\ninput: %q\nwritten: %s", err, data, buf.Bytes())
		}
		if !reflect.DeepEqual(p, again) {
			t.Fatalf("initial point does not round-trip:\nfirst:  %#v\nsecond: %#v\ninput: %q\nwritten: %s", p, again, data, buf.Bytes())
		}
	})
}

func FuzzReadConfig(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		base := sim.PaperConfig(sim.SSL)
		c, err := sim.ReadConfig(bytes.NewReader(data), base)
		if err != nil {
			checkReadError(t, "ReadConfig", data, err)
			return
		}
		if err := c.Validate(); err != nil {
			t.Fatalf("ReadConfig accepted a config that does not validate: %v\ninput: %q", err, data)
		}
		var buf bytes.Buffer
		if err := sim.WriteConfig(&buf, c); err != nil {
			t.Fatalf("WriteConfig refused a config ReadConfig accepted: %v\ninput: %q", err, data)
		}
		again, err := sim.ReadConfig(bytes.NewReader(buf.Bytes()), base)
		if err != nil {
			t.Fatalf("ReadConfig refused what WriteConfig wrote: %v\ninput: %q\nwritten: %s", err, data, buf.Bytes())
		}
		if !reflect.DeepEqual(c, again) {
			t.Fatalf("config does not round-trip:\nfirst:  %#v\nsecond: %#v\ninput: %q\nwritten: %s", c, again, data, buf.Bytes())
		}
	})
}

func FuzzReadRun(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		rec, err := sim.ReadRun(bytes.NewReader(data))
		if err != nil {
			checkReadError(t, "ReadRun", data, err)
			return
		}
		if err := rec.Config.Validate(); err != nil {
			t.Fatalf("ReadRun accepted a run whose config does not validate: %v\ninput: %q", err, data)
		}
		var buf bytes.Buffer
		if err := sim.WriteRun(&buf, rec); err != nil {
			t.Fatalf("WriteRun refused a run ReadRun accepted: %v\ninput: %q", err, data)
		}
		again, err := sim.ReadRun(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatalf("ReadRun refused what WriteRun wrote: %v\ninput: %q\nwritten: %s", err, data, buf.Bytes())
		}
		// A run may hold "NaN", which reflect.DeepEqual never equates: the
		// round trip is checked on the bytes written again.
		var buf2 bytes.Buffer
		if err := sim.WriteRun(&buf2, again); err != nil || !bytes.Equal(buf.Bytes(), buf2.Bytes()) {
			t.Fatalf("run does not round-trip (%v):\nfirst:  %s\nsecond: %s\ninput: %q", err, buf.Bytes(), buf2.Bytes(), data)
		}
	})
}

// FuzzReadPhase: phase.ReadJSON, the reader of sweep documents (format
// nlssl/phase) that `nlssl merge` joins. Beyond the requirements above, an
// accepted document must be what the spec would produce (every point on
// the grid with the mode's claims: a shard its own points, a complete sweep
// all of them), must write back to JSON that reads again and writes the
// same bytes, must merge (as the only part of a complete sweep, or with
// nothing else as a shard: refused, since points are missing), and must
// draw a map per claim without panicking.
func FuzzReadPhase(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		sw, err := phase.ReadJSON(bytes.NewReader(data))
		if err != nil {
			checkReadError(t, "phase.ReadJSON", data, err)
			return
		}
		var first, second bytes.Buffer
		if err := sw.WriteJSON(&first); err != nil {
			t.Fatalf("WriteJSON refused a sweep ReadJSON accepted: %v\ninput: %q", err, data)
		}
		again, err := phase.ReadJSON(bytes.NewReader(first.Bytes()))
		if err != nil {
			t.Fatalf("ReadJSON refused what WriteJSON wrote: %v\ninput: %q\nwritten: %s", err, data, first.Bytes())
		}
		if err := again.WriteJSON(&second); err != nil || !bytes.Equal(first.Bytes(), second.Bytes()) {
			t.Fatalf("sweep does not round-trip (%v):\nfirst:  %s\nsecond: %s", err, first.Bytes(), second.Bytes())
		}
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
	})
}
