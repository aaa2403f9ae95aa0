package main

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/nlssl/nlssl/buildinfo"
)

// TestVersion: `nlssl version` and `nlssl --version` print the same
// record, starting "nlssl VERSION"; --json prints the record itself; an
// argument is refused.
func TestVersion(t *testing.T) {
	var a, b, errs bytes.Buffer
	if code := run([]string{"version"}, &a, &errs); code != exitOK {
		t.Fatalf("version: exit %d, %s", code, errs.String())
	}
	if code := run([]string{"--version"}, &b, &errs); code != exitOK {
		t.Fatalf("--version: exit %d, %s", code, errs.String())
	}
	if a.String() != b.String() || !strings.HasPrefix(a.String(), "nlssl "+buildinfo.Version+" (") {
		t.Fatalf("version printed %q, --version %q", a.String(), b.String())
	}
	var j bytes.Buffer
	if code := run([]string{"version", "--json"}, &j, &errs); code != exitOK {
		t.Fatalf("version --json: exit %d", code)
	}
	var r buildinfo.Record
	if err := json.Unmarshal(j.Bytes(), &r); err != nil || !reflect.DeepEqual(r, buildinfo.Current()) {
		t.Fatalf("version --json = %s (%v), want the current record", j.String(), err)
	}
	errs.Reset()
	if code := run([]string{"version", "x"}, &a, &errs); code != exitBadInput || !strings.Contains(errs.String(), `unexpected argument "x"`) {
		t.Fatalf("version x: exit %d, %q", code, errs.String())
	}
}
