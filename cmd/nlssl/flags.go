package main

import (
	"encoding"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
)

// fieldFlags registers flags that each set one field of a T, and applies
// only the flags given on the command line: the defaults of a T depend on
// other flags (n = d^2, rho = d^-1.5), so a flag's own default is only
// shown in -h, never copied.
type fieldFlags[T any] struct {
	fs      *flag.FlagSet
	setters map[string]func(*T) error
	// excludes names, per flag, the flags it may not be given with.
	excludes map[string][]string
}

func newFieldFlags[T any](fs *flag.FlagSet) *fieldFlags[T] {
	return &fieldFlags[T]{fs: fs, setters: map[string]func(*T) error{}, excludes: map[string][]string{}}
}

// Exclusive makes name and each of others refuse to be given together.
func (f *fieldFlags[T]) Exclusive(name string, others ...string) {
	f.excludes[name] = append(f.excludes[name], others...)
}

// value is a flag.Value that keeps the text; parse checks it at Set time.
type value struct {
	text  string
	parse func(string) error
}

func (v *value) String() string     { return v.text }
func (v *value) Set(s string) error { v.text = s; return v.parse(s) }

func (f *fieldFlags[T]) add(name, def, usage string, parse func(string) error, set func(*T, string) error) {
	v := &value{text: def, parse: parse}
	f.fs.Var(v, name, usage)
	f.setters[name] = func(t *T) error { return set(t, v.text) }
}

// Float registers a float64 field.
func (f *fieldFlags[T]) Float(name, def, usage string, field func(*T) *float64) {
	parse := func(s string) error { _, err := strconv.ParseFloat(s, 64); return err }
	f.add(name, def, usage, parse, func(t *T, s string) error {
		x, err := strconv.ParseFloat(s, 64)
		*field(t) = x
		return err
	})
}

// Int registers an int field.
func (f *fieldFlags[T]) Int(name, def, usage string, field func(*T) *int) {
	parse := func(s string) error { _, err := strconv.Atoi(s); return err }
	f.add(name, def, usage, parse, func(t *T, s string) error {
		x, err := strconv.Atoi(s)
		*field(t) = x
		return err
	})
}

// Uint64 registers a uint64 field.
func (f *fieldFlags[T]) Uint64(name, def, usage string, field func(*T) *uint64) {
	parse := func(s string) error { _, err := strconv.ParseUint(s, 10, 64); return err }
	f.add(name, def, usage, parse, func(t *T, s string) error {
		x, err := strconv.ParseUint(s, 10, 64)
		*field(t) = x
		return err
	})
}

// Text registers a field parsed by its UnmarshalText (the enums); the
// error names the parameter and what is allowed.
func (f *fieldFlags[T]) Text(name, def, usage string, field func(*T) encoding.TextUnmarshaler) {
	var probe T
	parse := func(s string) error { return field(&probe).UnmarshalText([]byte(s)) }
	f.add(name, def, usage, parse, func(t *T, s string) error { return field(t).UnmarshalText([]byte(s)) })
}

// Set reports whether the named flag was given.
func (f *fieldFlags[T]) Set(name string) bool {
	set := false
	f.fs.Visit(func(fl *flag.Flag) { set = set || fl.Name == name })
	return set
}

// Apply copies every flag given on the command line into t; two flags
// declared Exclusive are an error naming both.
func (f *fieldFlags[T]) Apply(t *T) error {
	for name, others := range f.excludes {
		for _, o := range others {
			if f.Set(name) && f.Set(o) {
				return fmt.Errorf("--%s and --%s given together: --%s sets %s itself (give one or the other)", name, o, name, o)
			}
		}
	}
	var err error
	f.fs.Visit(func(fl *flag.Flag) {
		if set, ok := f.setters[fl.Name]; ok && err == nil {
			if e := set(t); e != nil {
				err = fmt.Errorf("--%s: %w", fl.Name, e)
			}
		}
	})
	return err
}

// parseFlags parses a command's arguments: -h prints the usage and exits
// 0, a flag error (already printed by the flag package) exits 2, and so
// does a positional argument unless the command takes them. done reports
// that the command should return code.
func parseFlags(fs *flag.FlagSet, args []string, positional bool, stderr io.Writer) (code int, done bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK, true
		}
		return exitBadInput, true
	}
	if !positional && fs.NArg() > 0 {
		return badInput(stderr, fs.Name(), fmt.Errorf("unexpected argument %q (flags only)", fs.Arg(0))), true
	}
	return 0, false
}
