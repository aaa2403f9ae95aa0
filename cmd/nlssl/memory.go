package main

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"

	"github.com/nlssl/nlssl/sim"
)

// memBudget is the memory a command may plan to hold at its peak, and
// where that limit comes from.
type memBudget struct {
	bytes  float64
	source string
}

// defaultBudget is the budget when the machine's memory is unknown.
const defaultBudget = 8 << 30

// memoryBudget returns the smallest of the limits the process runs under:
// GOMEMLIMIT (debug.SetMemoryLimit), half the address space left under
// `ulimit -v`, half the cgroup's memory limit and half the physical memory
// (half: the garbage collector lets the heap grow to about twice what is
// live). Without any of them, 8 GiB.
func memoryBudget() memBudget {
	b := memBudget{defaultBudget, "the default when the machine's memory is unknown"}
	known := false
	lower := func(v float64, source string) {
		if v > 0 && (!known || v < b.bytes) {
			b, known = memBudget{v, source}, true
		}
	}
	if lim := debug.SetMemoryLimit(-1); lim < math.MaxInt64 {
		lower(float64(lim), "GOMEMLIMIT")
	}
	if as, ok := addressSpaceLimit(); ok {
		lower((as-procStatus("VmSize"))/2, "half the address space left under ulimit -v")
	}
	for _, path := range []string{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"} {
		if v, err := readNumberFile(path); err == nil && v < 1<<62 {
			lower(v/2, "half the cgroup's memory limit")
		}
	}
	if total := meminfo("MemTotal"); total > 0 {
		lower(total/2, "half the physical memory")
	}
	return b
}

// String writes the budget for an error message.
func (b memBudget) String() string {
	return fmt.Sprintf("%s (%s)", sim.FormatBytes(b.bytes), b.source)
}

// readNumberFile reads a file holding one integer (a cgroup limit).
func readNumberFile(path string) (float64, error) {
	s, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	return strconv.ParseFloat(strings.TrimSpace(string(s)), 64)
}

// procStatus returns a "kB" field of /proc/self/status in bytes (0 when
// unknown).
func procStatus(field string) float64 { return kBField("/proc/self/status", field) }

// meminfo returns a field of /proc/meminfo in bytes (0 when unknown).
func meminfo(field string) float64 { return kBField("/proc/meminfo", field) }

func kBField(path, field string) float64 {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, rest, ok := strings.Cut(sc.Text(), ":")
		if !ok || name != field {
			continue
		}
		v, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
		if err != nil {
			return 0
		}
		return 1024 * v
	}
	return 0
}

// A size is one flag whose value sizes a command's memory.
type size struct {
	flag  string // the parameter as the errors name it
	value int
	min   int // the smallest value the flag allows
	// max, when > 0, is the largest value allowed whatever the budget, for
	// the reason why (a limit of the library, e.g. sim.MaxRecordedBytes).
	max int
	why string
}

// A plan is what a command will hold at its peak as a function of its
// sizes; bytes must not decrease when a size grows.
type plan struct {
	what  string // "the run", "the check", ...
	sizes []size
	bytes func(v []int) float64 // v[i] is the value of sizes[i]
}

func (p plan) values() []int {
	v := make([]int, len(p.sizes))
	for i, s := range p.sizes {
		v[i] = s.value
	}
	return v
}

// fits refuses a size beyond its fixed maximum, and a plan that exceeds
// the budget: the error names the size
// that accounts for the most memory among those that could bring the plan
// within the budget alone, its value, the largest value that would, what
// the plan needs and what the process may use.
func (p plan) fits(b memBudget) error {
	for _, s := range p.sizes {
		if s.max > 0 && s.value > s.max {
			return &sim.ParamError{Param: s.flag, Value: strconv.Itoa(s.value), Allowed: fmt.Sprintf("an integer in [%d, %d]: %s", s.min, s.max, s.why)}
		}
	}
	v := p.values()
	need := p.bytes(v)
	if need <= b.bytes {
		return nil
	}
	at := func(i, x int) float64 {
		w := append([]int(nil), v...)
		w[i] = x
		return p.bytes(w)
	}
	order := make([]int, len(p.sizes))
	saved := make([]float64, len(p.sizes)) // what setting the size to its minimum saves
	for i := range order {
		order[i], saved[i] = i, need-at(i, p.sizes[i].min)
	}
	sort.SliceStable(order, func(a, c int) bool { return saved[order[a]] > saved[order[c]] })
	for _, i := range order {
		s := p.sizes[i]
		if at(i, s.min) > b.bytes {
			continue // this size alone cannot bring the plan within the budget
		}
		lo, hi := s.min, s.value // at(lo) fits, at(hi) does not
		for hi-lo > 1 {
			mid := lo + (hi-lo)/2
			if at(i, mid) <= b.bytes {
				lo = mid
			} else {
				hi = mid
			}
		}
		return &sim.ParamError{Param: s.flag, Value: strconv.Itoa(s.value), Allowed: fmt.Sprintf(
			"an integer in [%d, %d] with the other sizes as given: %s would need %s, and this process may use %s", s.min, lo, p.what, sim.FormatBytes(need), b)}
	}
	names := make([]string, len(order))
	for k, i := range order {
		names[k] = p.sizes[i].flag
	}
	return &sim.ParamError{Param: "memory", Value: sim.FormatBytes(need), Allowed: fmt.Sprintf(
		"at most %s: no one size brings %s within it; reduce %s (in that order of the memory each holds), or raise the limit (GOMEMLIMIT, ulimit -v)", b, p.what, strings.Join(names, ", "))}
}

// maxDecodeFactor bounds the memory a JSON document of this module takes
// to decode, per byte of the file: the bytes themselves, the decoder's
// copy, and the numbers (a 2-byte number "0," becomes 8 bytes and, in a
// row of its own, a 24-byte slice header).
const maxDecodeFactor = 16

// checkFileSize refuses a file too large to decode within the budget,
// before it is read (readFile calls it for every file a command reads).
func checkFileSize(path string, b memBudget) error {
	st, err := os.Stat(path)
	if err != nil || !st.Mode().IsRegular() {
		return nil // the read reports it (or reads a stream)
	}
	if need := maxDecodeFactor * float64(st.Size()); need > b.bytes {
		return &sim.ParamError{Param: "file", Value: fmt.Sprintf("%s (%s)", path, sim.FormatBytes(float64(st.Size()))), Allowed: fmt.Sprintf(
			"a file of at most %s: reading it could need %s, and this process may use %s", sim.FormatBytes(b.bytes/maxDecodeFactor), sim.FormatBytes(need), b)}
	}
	return nil
}
