package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/nlssl/nlssl/buildinfo"
)

const versionUsage = `usage: nlssl version [--json]   (also: nlssl --version)

Prints the release of nlssl and the build of this binary: the main module
as the Go toolchain stamped it, the toolchain, the platform and the build
settings (flags, and the checkout's revision when the binary was built by
'go build' in a repository). Every JSON document nlssl writes records the
same under "build" (README, "JSON formats").

flags:
`

func runVersion(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("version", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(fs.Output(), versionUsage); fs.PrintDefaults() }
	asJSON := fs.Bool("json", false, "print the build record as JSON")
	if code, done := parseFlags(fs, args, false, stderr); done {
		return code
	}
	r := buildinfo.Current()
	if *asJSON {
		b, err := r.JSON()
		if err != nil {
			return badInput(stderr, "version", err)
		}
		stdout.Write(b)
		return exitOK
	}
	fmt.Fprint(stdout, r.Long())
	return exitOK
}
