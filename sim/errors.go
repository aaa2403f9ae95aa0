package sim

import (
	"errors"
	"fmt"
	"math"
)

// ParamError reports an input outside its allowed range. Every validation in
// the module returns one, so that a user always learns which parameter was
// wrong, what it was, and what is allowed.
type ParamError struct {
	Param   string // the parameter's name as the user spells it (flag or JSON key)
	Value   string // the offending value, formatted
	Allowed string // the allowed range, in words or interval notation
}

func (e *ParamError) Error() string {
	return fmt.Sprintf("%s = %s is invalid: allowed %s", e.Param, e.Value, e.Allowed)
}

func paramErr(param string, value any, allowed string) error {
	return &ParamError{Param: param, Value: fmt.Sprint(value), Allowed: allowed}
}

// IsParamError reports whether err is (or wraps) a *ParamError.
func IsParamError(err error) bool {
	var pe *ParamError
	return errors.As(err, &pe)
}

// checkIntAtLeast returns a ParamError unless v >= lo.
func checkIntAtLeast(param string, v, lo int) error {
	if v < lo {
		return paramErr(param, v, fmt.Sprintf("an integer >= %d", lo))
	}
	return nil
}

// MaxD is the largest input dimension accepted, and MaxEntries the largest
// number of data entries n*d: they keep every allocation a user's input can
// cause within memory (a W of 2 * MaxD floats, a dataset of MaxEntries).
const (
	MaxD       = 1 << 16
	MaxEntries = 1 << 28
)

// checkD returns a ParamError unless 2 <= d <= MaxD.
func checkD(d int) error {
	if d < 2 || d > MaxD {
		return paramErr("d", d, fmt.Sprintf("an integer in [2, %d]", MaxD))
	}
	return nil
}

// checkN returns a ParamError unless 1 <= n and n*d <= MaxEntries (d valid).
func checkN(n, d int) error {
	if n < 1 || n > MaxEntries/d {
		return paramErr("n", n, fmt.Sprintf("an integer in [1, %d] (n*d <= %d at d = %d)", MaxEntries/d, MaxEntries, d))
	}
	return nil
}

// checkNonNegative returns a ParamError unless v is finite and >= 0.
func checkNonNegative(param string, v float64) error {
	if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
		return paramErr(param, v, "a finite number >= 0")
	}
	return nil
}

// checkPositive returns a ParamError unless v is finite and > 0.
func checkPositive(param string, v float64) error {
	if math.IsNaN(v) || math.IsInf(v, 0) || v <= 0 {
		return paramErr(param, v, "a finite number > 0")
	}
	return nil
}

// CheckFinite returns a *ParamError naming the first non-finite entry of x
// as param[i]: the one check of finite vectors every package uses.
func CheckFinite(param string, x []float64) error { return checkFinite(param, x) }

// checkFinite returns a ParamError naming the first non-finite entry of x.
func checkFinite(param string, x []float64) error {
	for i, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return paramErr(fmt.Sprintf("%s[%d]", param, i), v, "finite numbers")
		}
	}
	return nil
}

// FormatBytes writes a memory size in binary units ("1.5 GiB"), for the
// errors that refuse a size: it takes a float64 so that sizes beyond int64
// are written too.
func FormatBytes(b float64) string {
	units := []string{"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"}
	i := 0
	for ; i+1 < len(units) && math.Abs(b) >= 1024; i++ {
		b /= 1024
	}
	if i == 0 {
		return fmt.Sprintf("%.0f bytes", b)
	}
	return fmt.Sprintf("%.3g %s", b, units[i])
}
