// Command nlssl checks, by machine, the claims of "Understanding
// Representation Learnability of Nonlinear Self-Supervised Learning" (Yang,
// Li, Jiang, Li; AAAI 2023): it trains the paper's models, and (in later
// subcommands) checks claims and reproduces the figures.
//
// cmd/nlssl only wires packages sim and theory to flags, files and exit
// codes; it computes nothing of its own.
//
// Usage:
//
//	nlssl train [flags]   one training run; writes the run JSON
//	nlssl check [flags]   every claim at one parameter point
//	nlssl reproduce       the paper's experiments: figures and summary
//	nlssl phase [flags]   map where each claim holds over two parameters
//	nlssl merge files     join the shards of a phase sweep
//	nlssl help            this summary
//
// Exit status: 0 on success, 1 when a run fails (diverges), 2 on bad input.
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
	}
}

// run dispatches to a subcommand. It never panics on user input: every
// error becomes a message on stderr and exit code 2.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitBadInput
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		usage(stdout)
		return exitOK
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
	fmt.Fprintln(w, "\nRun 'nlssl <command> -h' for the flags of a command.")
}
