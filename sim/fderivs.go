package sim

// The derivative algebra of F = T^2 (derivF, derivFm, ..., derivFvv: d_m^a d_v^c F from
// the sigmoid moments) is not written here: fderivs_gen.go is generated
// from the tables of internal/falgebra, which package certify evaluates in
// interval arithmetic too (TestFDerivsGenerated checks it is up to date).

//go:generate go run ../internal/falgebra/gen
