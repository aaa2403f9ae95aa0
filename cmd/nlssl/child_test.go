package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The test binary runs as nlssl when NLSSL_TEST_AS_NLSSL=1, so that tests
// can run a command in a child process: to interrupt it with a signal, to
// kill it, or to run it under a memory limit. NLSSL_TEST_BLOCK_AT=event:n
// makes the child stop at the n-th such event (testHook: "progress:3"
// after the third progress update, "commit:1" before outputs are put in
// place) and say so on stderr, so that a test signals it mid-command
// without relying on timing.
//
// With NLSSL_TEST_EXIT_WHEN_BLOCKED=1 the child reports its heap in use
// (heap=bytes) and exits 0 instead of waiting; NLSSL_TEST_VMSIZE=1 makes
// it print its address space in KiB and exit.
func TestMain(m *testing.M) {
	if os.Getenv("NLSSL_TEST_AS_NLSSL") != "1" {
		os.Exit(m.Run())
	}
	if os.Getenv("NLSSL_TEST_VMSIZE") == "1" {
		fmt.Println(int(procStatus("VmSize") / 1024))
		return
	}
	if at := os.Getenv("NLSSL_TEST_BLOCK_AT"); at != "" {
		event, count, _ := strings.Cut(at, ":")
		n, _ := strconv.Atoi(count)
		exit := os.Getenv("NLSSL_TEST_EXIT_WHEN_BLOCKED") == "1"
		testHook = func(e string, done int) {
			if e != event || done < n {
				return
			}
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			fmt.Fprintf(os.Stderr, "nlssl-test: blocked at %s %d heap=%d\n", e, done, ms.HeapInuse)
			if exit {
				os.Exit(0)
			}
			for {
				time.Sleep(time.Hour)
			}
		}
	}
	main()
}

// child is a command running in a child process.
type child struct {
	cmd    *exec.Cmd
	stderr *bufio.Reader
	errs   strings.Builder // stderr read so far
}

// startChild runs nlssl args in a child process, blocked at block
// ("event:n", or "" to run freely), with extra environment variables.
func startChild(t *testing.T, block string, env []string, args ...string) *child {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = append(append(os.Environ(), "NLSSL_TEST_AS_NLSSL=1", "NLSSL_TEST_BLOCK_AT="+block), env...)
	cmd.Stdout = io.Discard
	pipe, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &child{cmd: cmd, stderr: bufio.NewReader(pipe)}
	t.Cleanup(func() { c.cmd.Process.Kill(); c.cmd.Wait() })
	return c
}

// waitBlocked reads the child's stderr until it says it is blocked.
func (c *child) waitBlocked(t *testing.T) {
	t.Helper()
	for {
		line, err := c.stderr.ReadString('\n')
		c.errs.WriteString(line)
		if strings.HasPrefix(line, "nlssl-test: blocked") {
			return
		}
		if err != nil {
			c.cmd.Wait()
			t.Fatalf("the child ended before blocking (%v): %s", err, c.errs.String())
		}
	}
}

// wait reads the rest of stderr and returns the exit code.
func (c *child) wait(t *testing.T) (int, string) {
	t.Helper()
	rest, _ := io.ReadAll(c.stderr)
	c.errs.Write(rest)
	err := c.cmd.Wait()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return code, c.errs.String()
}

// dirFiles returns the files of dir by name (hidden ones included).
func dirFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, e := range entries {
		b, err := os.ReadFile(dir + "/" + e.Name())
		if err != nil {
			b = []byte("(a directory)")
		}
		out[e.Name()] = b
	}
	return out
}

// sameDirs fails unless two directories hold the same files, byte for byte.
func sameDirs(t *testing.T, want, got string) {
	t.Helper()
	w, g := dirFiles(t, want), dirFiles(t, got)
	if len(w) != len(g) {
		t.Fatalf("%s holds %d files, %s %d", got, len(g), want, len(w))
	}
	for name, b := range w {
		if !bytes.Equal(b, g[name]) {
			t.Fatalf("%s differs from the uninterrupted sweep's", name)
		}
	}
}
