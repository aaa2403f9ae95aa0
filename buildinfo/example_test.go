package buildinfo_test

import (
	"fmt"

	"github.com/nlssl/nlssl/buildinfo"
)

// Example shows the two forms of the build record every JSON output holds:
// the release-only one (the same bytes on every build of a release, which
// docs/ uses) names the release and nothing that changes between builds.
func Example() {
	r := buildinfo.Stable()
	fmt.Println(r.Program, r.Version == buildinfo.Version)
	// Output:
	// nlssl true
}
