// Command nlssl checks, by machine, the claims of "Understanding
// Representation Learnability of Nonlinear Self-Supervised Learning" (Yang,
// Li, Jiang, Li; AAAI 2023): it trains the paper's models, and (in later
// subcommands) checks claims and reproduces the figures. The model and the
// claims as this project states them are docs/model.md.
//
// cmd/nlssl only wires the packages (sim, theory, experiment, phase) to
// flags, files, progress and exit codes, and owns what a process needs
// around them: the memory plan of each command, checked against the
// process's limits before anything is allocated (memory.go, plans.go), and
// interrupts: outputs written whole or not at all, a note on what was
// written (interrupt.go). It computes no model of its own.
//
// Usage:
//
//	nlssl train [flags]   one training run; writes the run JSON
//	nlssl check [flags]   every claim at one parameter point
//	nlssl reproduce       the paper's experiments: figures and summary
//	nlssl phase [flags]   map where each claim holds over two parameters
//	nlssl merge files     join the shards of a phase sweep
//	nlssl version         the release and the build (also --version)
//	nlssl help            this summary
//
// Exit status: 0 on success, 1 when a run fails (diverges) or a claim
// fails, 2 on bad input, 130 when interrupted (SIGINT; 143 for SIGTERM):
// the command then says on stderr what it wrote and how to continue.
package main

import (
	"fmt"
	"io"
	"os"
)

// Exit codes.
const (
	exitOK       = 0
	exitFailed   = 1 // the computation ran and failed (a run diverged, a claim failed)
	exitBadInput = 2 // flags, files or parameters out of range
)

func main() {
	handleSignals()
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// command is one subcommand: it gets its arguments and the two streams and
// returns the exit code.
type command struct {
	name, summary string
	run           func(args []string, stdout, stderr io.Writer) int
}

func commands() []command {
	return []command{
		{"train", "one training run from flags or a JSON config; writes the run JSON", runTrain},
		{"check", "every claim C1-C6 at one parameter point: verdicts with their evidence", runCheck},
		{"reproduce", "the paper's reference experiment: figures, summary, trajectories, verdicts", runReproduce},
		{"phase", "sweep two parameters and map where each claim holds, fails or does not apply", runPhase},
		{"merge", "join the shards of a phase sweep", runMerge},
		{"prove", "prove C1 and C2 for every starting point of a box (population objective)", runProve},
		{"version", "the release and the build of this binary (also --version)", runVersion},
	}
}

// run dispatches to a subcommand. It never panics on user input: every
// error becomes a message on stderr and exit code 2.
func run(args []string, stdout, stderr io.Writer) int {
	pending.reset()
	if len(args) == 0 {
		usage(stderr)
		return exitBadInput
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		usage(stdout)
		return exitOK
	case "-version", "--version":
		return runVersion(args[1:], stdout, stderr)
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(args[1:], stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "nlssl: unknown command %q\n", args[0])
	usage(stderr)
	return exitBadInput
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: nlssl <command> [flags]\n\ncommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'nlssl <command> -h' for the flags of a command. The model and the claims:\ndocs/model.md in the repository.")
}
