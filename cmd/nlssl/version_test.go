package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
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

// TestSpecificationInRepository: the specification every usage text and
// the README cite is docs/model.md, in the repository (a clone is
// complete), and none cites the THEORY.md outside it.
func TestSpecificationInRepository(t *testing.T) {
	if _, err := os.Stat(filepath.Join("..", "..", "docs", "model.md")); err != nil {
		t.Fatalf("docs/model.md: %v", err)
	}
	texts := map[string]string{}
	var help bytes.Buffer
	run([]string{"help"}, &help, &help)
	texts["help"] = help.String()
	for _, c := range commands() {
		var out bytes.Buffer
		run([]string{c.name, "-h"}, &out, &out)
		texts[c.name+" -h"] = out.String()
	}
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	texts["README.md"] = string(readme)
	for name, text := range texts {
		if strings.Contains(text, "THEORY.md") && !strings.Contains(text, "replaces the THEORY.md") {
			t.Errorf("%s cites THEORY.md", name)
		}
	}
	for _, name := range []string{"help", "check -h", "reproduce -h", "train -h", "phase -h", "README.md"} {
		if !strings.Contains(texts[name], "docs/model.md") {
			t.Errorf("%s does not point at docs/model.md", name)
		}
	}
}
