// Package fuzz holds the counterexample search: Go fuzz targets per claim,
// built from the generators of package properties with rapid.MakeFuzz, and
// fuzz targets for every parser and the CLI's flag handling. Run them with
// `make fuzz`; the seed corpora in testdata/fuzz replay as regression tests
// under plain `go test`.
//
// fuzz only drives packages theory, sim, phase and properties.
package fuzz
