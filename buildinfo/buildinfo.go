// Package buildinfo owns what nlssl says about itself: the module's release
// (Version) and the record of the build that wrote a document (Record), which
// every JSON output of the project carries under the key "build".
//
// Two records exist. Current is the whole record of the running binary: the
// release, the main module as the Go toolchain stamped it, the toolchain's
// version and the build settings (flags, platform, and the version-control
// state when the toolchain recorded one). It changes with every commit and
// every Go patch release. Stable holds the release only: a document written
// with it is the same bytes on every build of one release, which is what
// docs/ needs (its files are checked byte for byte by tests, on CI machines
// whose toolchain and checkout differ from the one that wrote them).
package buildinfo

import (
	"encoding/json"
	"fmt"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
)

// Program is the name the records give the program.
const Program = "nlssl"

// Version is the release of the module. It is bumped whenever an output
// changes meaning or shape (a format version, an axis's meaning, a claim's
// statement), so that two documents of one Version can be compared.
//
// 0.2.0: the phase axis alpha sets alpha only (decay sets alpha = beta =
// gamma); every JSON document records its build. Documents without a build
// record predate it.
//
// 0.3.0: a verdict's yes/no evidence (tail_proved, sgd_within_spread,
// deterministic_clauses_hold, as_stated_holds, conclusion_holds, the C3
// rows' certified) is a JSON boolean instead of 1/0, with meanings saying
// "whether"; a theory.Params writes seed and quad_nodes after eta (the
// model point sim.Point it shares with sim.Config). Readers take both.
//
// 0.4.0: C3's uniqueness ball around W~* may also be proved by strict
// concavity (certify.ConcavityCertificate, expected objective): verdicts
// that were undecided ("W* too far from W~*") can now hold, and C3 has
// the evidence exp.concave.r, exp.concave.lambda_max and
// exp.concave.certified.
const Version = "0.4.0"

// StableNote is the note of a Stable record.
const StableNote = "release only: toolchain and checkout not recorded, so that the document is the same bytes on every build of this release"

// Record describes the build that wrote a document.
type Record struct {
	Program string `json:"program"`
	Version string `json:"version"`
	// Module is the main module's path and version as the Go toolchain
	// stamped them: a tag, a pseudo-version, or "(devel)" for a build from
	// a checkout without one.
	Module string `json:"module,omitempty"`
	Go     string `json:"go,omitempty"` // the toolchain, runtime.Version()
	// Settings are the build settings the toolchain recorded (go version
	// -m): -buildmode, -compiler, -tags, -ldflags, -trimpath, CGO_ENABLED,
	// GOARCH, GOOS, GOAMD64, and vcs, vcs.revision, vcs.time, vcs.modified
	// when it stamped the checkout (go build in a repository; go run and go
	// test do not).
	Settings map[string]string `json:"settings,omitempty"`
	// Note says why a record is partial (Stable).
	Note string `json:"note,omitempty"`
}

// Current returns the record of the running binary. Without the toolchain's
// build information (a binary built without module support) only the
// release, the toolchain and the platform are known.
func Current() Record {
	r := Record{Program: Program, Version: Version, Go: runtime.Version()}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		r.Settings = map[string]string{"GOOS": runtime.GOOS, "GOARCH": runtime.GOARCH}
		return r
	}
	r.Module = strings.TrimSpace(bi.Main.Path + " " + bi.Main.Version)
	if bi.GoVersion != "" {
		r.Go = bi.GoVersion
	}
	r.Settings = map[string]string{}
	for _, s := range bi.Settings {
		r.Settings[s.Key] = s.Value
	}
	return r
}

// Stable returns the record of the release alone (see the package doc).
func Stable() Record {
	return Record{Program: Program, Version: Version, Note: StableNote}
}

// IsStable reports whether r is a Stable record.
func (r Record) IsStable() bool {
	return r.Module == "" && r.Go == "" && len(r.Settings) == 0 && r.Note == StableNote
}

// String is the one-line form: "nlssl 0.4.0 (module, go, platform, vcs)".
func (r Record) String() string {
	var extra []string
	if r.Module != "" {
		extra = append(extra, r.Module)
	}
	if r.Go != "" {
		extra = append(extra, r.Go)
	}
	if os, arch := r.Settings["GOOS"], r.Settings["GOARCH"]; os != "" || arch != "" {
		extra = append(extra, os+"/"+arch)
	}
	if rev := r.Settings["vcs.revision"]; rev != "" {
		v := r.Settings["vcs"] + " " + rev[:min(12, len(rev))]
		if r.Settings["vcs.modified"] == "true" {
			v += " modified"
		}
		extra = append(extra, strings.TrimSpace(v))
	}
	if r.IsStable() {
		extra = append(extra, "release only")
	}
	s := r.Program + " " + r.Version
	if len(extra) > 0 {
		s += " (" + strings.Join(extra, ", ") + ")"
	}
	return s
}

// Long is the multi-line form of `nlssl version`: the one-line form, then
// one line per build setting, sorted.
func (r Record) Long() string {
	var b strings.Builder
	b.WriteString(r.String() + "\n")
	keys := make([]string, 0, len(r.Settings))
	for k := range r.Settings {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(&b, "  build %s=%s\n", k, r.Settings[k])
	}
	return b.String()
}

// JSON returns the record as indented JSON.
func (r Record) JSON() ([]byte, error) {
	b, err := json.MarshalIndent(r, "", " ")
	return append(b, '\n'), err
}
