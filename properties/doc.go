// Package properties holds the theorem checker: rapid properties over
// random dimensions, seeds, feature strengths and initial points, one test
// file per claim, and the named rapid.Custom generators they draw from
// (in non-test files, so that package fuzz can drive the same generators
// through rapid.MakeFuzz).
//
// properties only drives packages theory, certify and sim; it states no claim and
// computes no model of its own.
package properties
