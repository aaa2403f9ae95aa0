//go:build !unix

package main

// addressSpaceLimit: no address-space limit is known on this system.
func addressSpaceLimit() (float64, bool) { return 0, false }
