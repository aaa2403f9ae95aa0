package sim

import (
	"bufio"
	"encoding/json"
	"io"
	"math"
	"strconv"
)

// WriteRun writes rec as an "nlssl/run" document: the config, the status
// and number of updates, the final state (W as two rows, F for SL, the
// objective, gradient norm and feature metrics there) and the trajectory
// (for each recorded iterate: its step, its state — W row-major, then F for
// SL —, the objective and the gradient norm).
//
// The trajectory is streamed number by number, in the bytes encoding/json
// would write for the whole document indented by one space (TestWriteRun
// StreamsTheEncodersBytes), so that writing a long run needs no more memory
// than RunDocumentBytes, whatever its length.
//
// A record whose config does not validate, or whose weights or recorded
// states are not finite (ReadRun would refuse them; Run never makes them),
// is refused with a *ParamError before anything is written; the values
// and gradient norms may be non-finite (a diverged run's).
func WriteRun(w io.Writer, rec *RunRecord) error {
	if err := rec.Config.Validate(); err != nil {
		return err
	}
	for _, c := range []struct {
		name string
		x    []float64
	}{{"final.w", rec.Final.W}, {"final.f", rec.Final.F}, {"trajectory.state", rec.Trajectory.States}} {
		if err := checkFinite(c.name, c.x); err != nil {
			return err
		}
	}
	head, err := json.MarshalIndent(runHeadJSON{
		header: newHeader(FormatRun),
		Config: rec.Config, Status: rec.Status, Steps: rec.Steps, Error: rec.Err,
		Final: finalJSON{
			W: rows(rec.Final.W, rec.Config.D), F: rec.Final.F,
			Value: Number(rec.Final.Value), GradNorm: Number(rec.Final.GradNorm), Features: rec.Final.Features,
		},
	}, "", " ")
	if err != nil {
		return err
	}
	t := &rec.Trajectory
	s := &jsonStream{w: bufio.NewWriterSize(w, 64<<10)}
	s.raw(head[:len(head)-2]) // up to the closing "\n}"
	s.str(",\n \"trajectory\": {\n  \"dim\": ")
	s.buf = strconv.AppendInt(s.buf, int64(t.Dim), 10)
	s.str(",\n  \"step\": ")
	s.array(2, t.Step == nil, len(t.Step), func(i int) { s.buf = strconv.AppendInt(s.buf, int64(t.Step[i]), 10) })
	s.str(",\n  \"state\": ")
	nStates := 0 // as rows(t.States, t.Dim) splits them, without its slice headers
	if t.Dim > 0 {
		nStates = len(t.States) / t.Dim
	}
	s.array(2, t.Dim == 0, nStates, func(i int) {
		row := t.States[i*t.Dim : (i+1)*t.Dim]
		s.array(3, false, len(row), func(j int) { s.buf = appendNumber(s.buf, row[j]) })
	})
	s.str(",\n  \"value\": ")
	s.array(2, t.Value == nil, len(t.Value), func(i int) { s.buf = appendNumber(s.buf, t.Value[i]) })
	s.str(",\n  \"grad_norm\": ")
	s.array(2, t.GradNorm == nil, len(t.GradNorm), func(i int) { s.buf = appendNumber(s.buf, t.GradNorm[i]) })
	s.str("\n }\n}\n")
	s.flush()
	if s.err != nil {
		return s.err
	}
	return s.w.Flush()
}

// jsonStream writes indented JSON piece by piece through a small buffer.
type jsonStream struct {
	w   *bufio.Writer
	buf []byte
	err error
}

func (s *jsonStream) raw(b []byte) { s.buf = append(s.buf, b...); s.maybeFlush() }
func (s *jsonStream) str(x string) { s.buf = append(s.buf, x...); s.maybeFlush() }

func (s *jsonStream) maybeFlush() {
	if len(s.buf) >= 32<<10 {
		s.flush()
	}
}

func (s *jsonStream) flush() {
	if s.err == nil {
		_, s.err = s.w.Write(s.buf)
	}
	s.buf = s.buf[:0]
}

// array writes an array whose opening bracket is at nesting depth depth
// (indented by one space a level, as encoding/json's Indent): null when
// isNil, [] when empty, else one element a line written by elem.
func (s *jsonStream) array(depth int, isNil bool, n int, elem func(i int)) {
	switch {
	case isNil:
		s.str("null")
		return
	case n == 0:
		s.str("[]")
		return
	}
	s.str("[")
	for i := range n {
		s.buf = append(s.buf, '\n')
		for range depth + 1 {
			s.buf = append(s.buf, ' ')
		}
		elem(i)
		if i+1 < n {
			s.buf = append(s.buf, ',')
		}
		s.maybeFlush()
	}
	s.buf = append(s.buf, '\n')
	for range depth {
		s.buf = append(s.buf, ' ')
	}
	s.str("]")
}

// appendNumber appends x as a Number: as encoding/json writes a float64
// (shortest round-trip decimal, exponent form below 1e-6 and from 1e21,
// "e-07" written "e-7"), or "NaN", "+Inf", "-Inf" in quotes.
func appendNumber(b []byte, x float64) []byte {
	if !isFinite(x) {
		q, _ := Number(x).MarshalJSON()
		return append(b, q...)
	}
	format := byte('f')
	if a := math.Abs(x); a != 0 && (a < 1e-6 || a >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, x, format, -1, 64)
	if n := len(b); format == 'e' && n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
		b[n-2] = b[n-1]
		b = b[:n-1]
	}
	return b
}

// RunDocumentBytes bounds the memory WriteRun holds while it writes a run
// whatever its length: its buffers, and the document's head (config and
// final state) marshalled whole. TestRunDocumentBytesBoundsWriteRun
// measures it.
func RunDocumentBytes(d int) float64 { return 256<<10 + 128*float64(d) }
