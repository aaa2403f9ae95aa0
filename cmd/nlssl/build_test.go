package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/nlssl/nlssl/buildinfo"
)

// buildOf returns the "build" record of a JSON document (at the top, or
// under "spec" for a phase sweep).
func buildOf(t *testing.T, doc []byte) (buildinfo.Record, bool) {
	t.Helper()
	var d struct {
		Build *buildinfo.Record `json:"build"`
		Spec  *struct {
			Build *buildinfo.Record `json:"build"`
		} `json:"spec"`
	}
	if err := json.Unmarshal(doc, &d); err != nil {
		t.Fatalf("%v: %.200s", err, doc)
	}
	switch {
	case d.Build != nil:
		return *d.Build, true
	case d.Spec != nil && d.Spec.Build != nil:
		return *d.Spec.Build, true
	}
	return buildinfo.Record{}, false
}

// TestJSONOutputsRecordTheBuild: every JSON document a command writes
// records the build of the binary (reproduce --build-record release: the
// release only), and a merge refuses shards of two builds, naming both.
func TestJSONOutputsRecordTheBuild(t *testing.T) {
	dir := t.TempDir()
	p := func(name string) string { return filepath.Join(dir, name) }
	steps := []string{"--d", "4", "--quiet"}
	if code, _, stderr := runCLI(t, append([]string{"train", "--steps", "5", "--out", p("run.json"), "--write-data", p("data.json"), "--write-init", p("init.json")}, steps...)...); code != exitOK {
		t.Fatalf("train: %s", stderr)
	}
	code, check, stderr := runCLI(t, "check", "--json", "--quiet", "--d", "4", "--ssl-steps", "50", "--sl-steps", "50", "--max-ascent-steps", "50", "--max-sl-steps", "50", "--probe-train", "10", "--probe-test", "10")
	if code == exitBadInput {
		t.Fatalf("check: %s", stderr)
	}
	if err := os.WriteFile(p("check.json"), []byte(check), 0o644); err != nil {
		t.Fatal(err)
	}
	phaseArgs := []string{"phase", "--x", "tau:1:7:2", "--y", "decay:0.001:0.01:2", "--quiet"}
	if code, _, stderr := runCLI(t, append(phaseArgs, "--out", p("phase"))...); code != exitOK {
		t.Fatalf("phase: %s", stderr)
	}
	repro := []string{"reproduce", "--d", "4", "--seeds", "2", "--ssl-steps", "20", "--sl-steps", "20", "--probe-points", "10", "--quiet"}
	for _, rec := range []string{"full", "release"} {
		if code, _, stderr := runCLI(t, append(repro, "--out", p("repro-"+rec), "--build-record", rec)...); code == exitBadInput {
			t.Fatalf("reproduce: %s", stderr)
		}
	}
	current, stable := buildinfo.Current(), buildinfo.Stable()
	for name, want := range map[string]buildinfo.Record{
		"run.json": current, "data.json": current, "init.json": current, "check.json": current, "phase/phase.json": current,
		"repro-full/summary.json": current, "repro-full/verdicts.json": current, "repro-full/trajectories.json": current,
		"repro-release/summary.json": stable, "repro-release/verdicts.json": stable, "repro-release/trajectories.json": stable,
	} {
		doc, err := os.ReadFile(p(name))
		if err != nil {
			t.Fatal(err)
		}
		got, ok := buildOf(t, doc)
		if !ok || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: build %+v (present %v), want %+v", name, got, ok, want)
		}
	}
	if code, _, stderr := runCLI(t, "reproduce", "--build-record", "none"); code != exitBadInput || !strings.Contains(stderr, `build-record = "none" is invalid: allowed "full" or "release"`) {
		t.Errorf("reproduce --build-record none: exit %d, %q", code, stderr)
	}

	// Two shards, one of them rewritten as if another build had computed it.
	for i := range 2 {
		shard := []string{"--shard", []string{"0/2", "1/2"}[i], "--out", p("shard" + []string{"0", "1"}[i])}
		if code, _, stderr := runCLI(t, append(phaseArgs, shard...)...); code != exitOK {
			t.Fatalf("phase shard: %s", stderr)
		}
	}
	s1 := p("shard1/phase.json")
	doc, _ := os.ReadFile(s1)
	forged := strings.Replace(string(doc), `"version": "`+buildinfo.Version+`"`, `"version": "9.9.9"`, 1)
	if forged == string(doc) {
		t.Fatal("the shard's build record was not found")
	}
	os.WriteFile(s1, []byte(forged), 0o644)
	code, _, stderr = runCLI(t, "merge", "--out", p("merged"), p("shard0/phase.json"), s1)
	if code != exitBadInput || !strings.Contains(stderr, "shard1/phase.json build = nlssl 9.9.9") || !strings.Contains(stderr, "every shard must be computed by one build") {
		t.Errorf("merge of two builds: exit %d, %q", code, stderr)
	}
}
