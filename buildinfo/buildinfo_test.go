package buildinfo

import (
	"encoding/json"
	"reflect"
	"regexp"
	"runtime"
	"strings"
	"testing"
)

// release is MAJOR.MINOR.PATCH in decimal without leading zeros.
var release = regexp.MustCompile(`^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$`)

// TestVersionIsARelease: the constant is a release; the checker refuses
// what is not one.
func TestVersionIsARelease(t *testing.T) {
	if !release.MatchString(Version) {
		t.Fatalf("Version = %q is not MAJOR.MINOR.PATCH", Version)
	}
	for _, bad := range []string{"0.2", "v0.2.0", "0.02.0", "0.2.0-rc1", ""} {
		if release.MatchString(bad) {
			t.Errorf("%q accepted as a release", bad)
		}
	}
}

// TestCurrent: the running binary's record names the release, the
// toolchain and the platform; its one-line form starts with "nlssl
// VERSION" and names them.
func TestCurrent(t *testing.T) {
	r := Current()
	if r.Program != Program || r.Version != Version || r.Go != runtime.Version() {
		t.Fatalf("Current() = %+v, want program %s, version %s, go %s", r, Program, Version, runtime.Version())
	}
	if r.Settings["GOOS"] != runtime.GOOS || r.Settings["GOARCH"] != runtime.GOARCH {
		t.Fatalf("settings %v do not name the platform %s/%s", r.Settings, runtime.GOOS, runtime.GOARCH)
	}
	if r.IsStable() {
		t.Fatal("Current() reads as a Stable record")
	}
	s := r.String()
	if !strings.HasPrefix(s, Program+" "+Version+" (") || !strings.Contains(s, runtime.Version()) || !strings.Contains(s, runtime.GOOS+"/"+runtime.GOARCH) {
		t.Fatalf("String() = %q", s)
	}
	long := r.Long()
	if !strings.HasPrefix(long, s+"\n") || !strings.Contains(long, "  build GOOS="+runtime.GOOS+"\n") {
		t.Fatalf("Long() = %q", long)
	}
}

// TestStable: the stable record holds the release only, the same on every
// build, and says so; it round-trips through JSON.
func TestStable(t *testing.T) {
	r := Stable()
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"program":"nlssl","version":"` + Version + `","note":"` + StableNote + `"}`
	if string(b) != want {
		t.Fatalf("Stable() JSON = %s, want %s", b, want)
	}
	var back Record
	if err := json.Unmarshal(b, &back); err != nil || !reflect.DeepEqual(back, r) || !back.IsStable() {
		t.Fatalf("round trip: %+v, %v", back, err)
	}
	if got := r.String(); got != Program+" "+Version+" (release only)" {
		t.Fatalf("String() = %q", got)
	}
	// A record with a toolchain is not stable, even with the note.
	r.Go = "go1.0"
	if r.IsStable() {
		t.Fatal("a record with a toolchain reads as stable")
	}
}

// TestStringVCS: the one-line form shortens the revision and marks a
// modified checkout.
func TestStringVCS(t *testing.T) {
	r := Record{Program: Program, Version: Version, Module: "m (devel)", Go: "go1.2", Settings: map[string]string{
		"GOOS": "linux", "GOARCH": "arm64", "vcs": "git", "vcs.revision": "0123456789abcdef0123", "vcs.modified": "true"}}
	want := Program + " " + Version + " (m (devel), go1.2, linux/arm64, git 0123456789ab modified)"
	if got := r.String(); got != want {
		t.Fatalf("String() = %q, want %q", got, want)
	}
}
