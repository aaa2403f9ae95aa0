package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/nlssl/nlssl/sim"
)

const trainUsage = `usage: nlssl train [flags]

One training run of the model of docs/model.md sections 2-6. The dataset
and the initial point are drawn from --seed, or read from --data and
--init-file (JSON, formats nlssl/dataset and nlssl/init), so that another
implementation can be checked on identical inputs. The run (config, status, trajectory, final state with its feature
metrics) is written as JSON (format nlssl/run) to --out or stdout; a
one-line summary and progress go to stderr.

Exit status: 0 on success, 1 if the run diverged (the JSON is still
written, with status non-finite or exploded, the error naming the number
that overflowed, the step and the parameter), 2 on bad input, 130 when
interrupted (SIGINT; nothing is written then).

flags:
`

func runTrain(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("train", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(fs.Output(), trainUsage); fs.PrintDefaults() }
	p := newTrainFlags(fs)
	dataPath := fs.String("data", "", "read the dataset from this JSON file (fixes d and n)")
	initPath := fs.String("init-file", "", "read the initial point from this JSON file")
	out := fs.String("out", "-", `write the run JSON here ("-": stdout)`)
	writeData := fs.String("write-data", "", "also write the dataset used to this JSON file")
	writeInit := fs.String("write-init", "", "also write the initial point used to this JSON file")
	quiet := fs.Bool("quiet", false, "no progress or summary on stderr")
	if code, done := parseFlags(fs, args, false, stderr); done {
		return code
	}

	if p.config != "" {
		if err := checkFileSize(p.config, memoryBudget()); err != nil {
			return badInput(stderr, "train", fmt.Errorf("--config: %w", err))
		}
	}
	var data *sim.Dataset
	if *dataPath != "" {
		var err error
		if data, err = readFile(*dataPath, sim.ReadDataset); err != nil {
			return badInput(stderr, "train", fmt.Errorf("--data: %w", err))
		}
	}
	c, err := p.resolve(data)
	if err != nil {
		return badInput(stderr, "train", err)
	}
	if err := sim.CheckRecorded(c.Steps, c.RecordEvery, c.Dim()); err != nil {
		return badInput(stderr, "train", err)
	}
	if err := trainPlan(c, data == nil).fits(memoryBudget()); err != nil {
		return badInput(stderr, "train", err)
	}
	var init *sim.InitialPoint
	if *initPath != "" {
		if init, err = readFile(*initPath, sim.ReadInitialPoint); err != nil {
			return badInput(stderr, "train", fmt.Errorf("--init-file: %w", err))
		}
	} else if init, err = sim.Initialise(c.Init, c.D, c.Tau, c.Seed); err != nil {
		return badInput(stderr, "train", err)
	}
	if data == nil && (c.Model == sim.SL || c.Fidelity != sim.Population) {
		if data, err = c.Distribution().Sample(c.N, c.Seed); err != nil {
			return badInput(stderr, "train", err)
		}
	}
	if *writeData != "" {
		if data == nil {
			return badInput(stderr, "train", errors.New("--write-data: the population fidelity uses no dataset"))
		}
		if err := writeFile(*writeData, func(w io.Writer) error { return sim.WriteDataset(w, data) }); err != nil {
			return badInput(stderr, "train", err)
		}
	}
	if *writeInit != "" {
		if err := writeFile(*writeInit, func(w io.Writer) error { return sim.WriteInitialPoint(w, init) }); err != nil {
			return badInput(stderr, "train", err)
		}
	}

	label := fmt.Sprintf("train %v", c.Model)
	if c.Model == sim.SSL {
		label += " " + c.Fidelity.String()
	}
	prog := newProgress(stderr, label, *quiet)
	pending.begin("train", func() string {
		done, total := prog.counts()
		note := fmt.Sprintf("stopped after %d of %d steps; the run JSON (%s) was not written: it is written when the run ends", done, total, outName(*out))
		for _, f := range []string{*writeData, *writeInit} {
			if f != "" {
				note += "; already written: " + f
			}
		}
		return note + "; run the same command again to start over"
	})
	rec, runErr := sim.Run(c, data, init, prog.update)
	if rec == nil {
		return badInput(stderr, "train", runErr)
	}
	if err := writeOut(*out, stdout, func(w io.Writer) error { return sim.WriteRun(w, rec) }); err != nil {
		return badInput(stderr, "train", err)
	}
	if !*quiet {
		f := rec.Final.Features
		fmt.Fprintf(stderr, "%s d=%d n=%d seed=%d: %v after %d steps; value %.6g, |grad| %.3g; ||P e1|| %.4f, ||P e2|| %.4f\n",
			label, c.D, c.N, c.Seed, rec.Status, rec.Steps, rec.Final.Value, rec.Final.GradNorm, f.ProjE1, f.ProjE2)
	}
	if runErr != nil {
		fmt.Fprintf(stderr, "nlssl train: %v\n", runErr)
		return exitFailed
	}
	return exitOK
}

// badInput reports err for a command and returns exit code 2.
func badInput(stderr io.Writer, cmd string, err error) int {
	fmt.Fprintf(stderr, "nlssl %s: %v\n", cmd, err)
	return exitBadInput
}

// readFile opens path and decodes it with read, unless the file is too
// large to decode within the memory budget.
func readFile[T any](path string, read func(io.Reader) (T, error)) (T, error) {
	var zero T
	if err := checkFileSize(path, memoryBudget()); err != nil {
		return zero, err
	}
	f, err := os.Open(path)
	if err != nil {
		return zero, err
	}
	defer f.Close()
	return read(f)
}

// outName names an output for a message: the file, or stdout.
func outName(path string) string {
	if path == "" || path == "-" {
		return "stdout"
	}
	return path
}

// writeOut writes to stdout when path is "-" or empty, else to the file.
func writeOut(path string, stdout io.Writer, write func(io.Writer) error) error {
	if path == "" || path == "-" {
		return write(stdout)
	}
	return writeFile(path, write)
}
