//go:build unix

package main

import "syscall"

// addressSpaceLimit returns the process's address-space limit (ulimit -v)
// in bytes, if it has one (RLIM_INFINITY, all ones, is none).
func addressSpaceLimit() (float64, bool) {
	var r syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_AS, &r); err != nil || r.Cur >= 1<<62 {
		return 0, false
	}
	return float64(r.Cur), true
}
