package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"os/signal"
	"simulate/internal/suggest"
	"simulate/studies"
	"slices"
	"syscall"
)

// Exit codes (docs/model.md section 9).
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
	exitSIGINT  = 130
	exitSIGTERM = 143
)

// usageError is a bad flag, argument or scenario: exit code 2.
type usageError = studies.UsageError

func usagef(format string, args ...any) error {
	return usageError{Err: fmt.Errorf(format, args...)}
}

func main() {
	ctx, cause := signalContext()
	os.Exit(run(ctx, cause, os.Args[1:], os.Stdout, os.Stderr))
}

// signalContext returns a context cancelled by SIGINT or SIGTERM, and a
// function telling which signal cancelled it.
func signalContext() (context.Context, func() os.Signal) {
	ctx, cancel := context.WithCancel(context.Background())
	ch := make(chan os.Signal, 2)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	var got os.Signal
	done := make(chan struct{})
	go func() {
		got = <-ch
		close(done)
		cancel()
	}()
	return ctx, func() os.Signal {
		select {
		case <-done:
			return got
		default:
			return nil
		}
	}
}

// commands maps each subcommand to its function.
var commands = map[string]func(ctx context.Context, args []string, stdout, stderr io.Writer) error{
	"run":         cmdRun,
	"list":        cmdList,
	"show":        cmdShow,
	"validate":    cmdValidate,
	"version":     cmdVersion,
	"merge":       cmdMerge,
	"sweep":       cmdSweep,
	"compare":     cmdCompare,
	"solve":       cmdSolve,
	"sensitivity": cmdSensitivity,
	"chart":       cmdChart,
	"report":      cmdReport,
	"bench":       cmdBench,
	"init":        cmdInit,
	"calibrate":   cmdCalibrate,
}

// run executes the command line args and returns the exit code.
func run(ctx context.Context, signalled func() os.Signal, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	name := args[0]
	switch name {
	case "-h", "--help":
		fmt.Fprint(stdout, usage)
		return exitOK
	case "-v", "--version":
		name = "version"
	}
	cmd, ok := commands[name]
	if name == "help" {
		cmd, ok = cmdHelp, true
	}
	if !ok {
		if near := nearestCommand(name); near != "" {
			fmt.Fprintf(stderr, "simulate: unknown command %q; did you mean %q?\nRun \"simulate help\" for every command.\n", name, near)
		} else {
			fmt.Fprintf(stderr, "simulate: unknown command %q\n\n%s", name, usage)
		}
		return exitUsage
	}
	err := cmd(ctx, args[1:], stdout, stderr)
	if signalled != nil {
		switch signalled() {
		case os.Interrupt:
			fmt.Fprintln(stderr, "simulate: interrupted; finished outputs are kept")
			return exitSIGINT
		case syscall.SIGTERM:
			fmt.Fprintln(stderr, "simulate: terminated; finished outputs are kept")
			return exitSIGTERM
		}
	}
	if err == nil {
		return exitOK
	}
	if errors.Is(err, errHelp) {
		return exitOK
	}
	fmt.Fprintf(stderr, "simulate %s: %v\n", name, err)
	var ue usageError
	if errors.As(err, &ue) {
		return exitUsage
	}
	return exitFailure
}

const usage = `simulate: Monte Carlo projections of China's Employee Basic Medical Insurance
pooling fund and personal accounts, under any set of reform parameters.

Usage:
  simulate run [flags]            simulate a scenario and write its outputs
  simulate list                   list the built-in scenarios
  simulate show NAME|FILE         print the fully resolved scenario as YAML
  simulate validate FILE...       check scenario files, reporting every problem
  simulate init NAME --from B     write NAME.yaml, a commented copy of a built-in
  simulate sweep --vary KEY=SPEC  run a scenario at many points of its parameters
  simulate compare -s A -s B      paired differences between scenarios
  simulate solve --free KEY=LO:HI --target EXPR   the most a key can be and meet a target
  simulate sensitivity            which assumptions matter most (tornado, Morris)
  simulate calibrate --targets F  fit a local scenario to a city's fund statements
  simulate chart DIR              redraw the charts of saved results
  simulate report DIR             rebuild report.xlsx from saved results
  simulate merge DIR... -o OUT    combine the shards of a run (run --shard K/N)
  simulate bench [--floor PATH]   measure the engine on bench-v1
  simulate version                print the program version
  simulate help [COMMAND|TOPIC]   print help; topics: scenarios, targets, exit-codes

Run "simulate COMMAND --help" for a command's flags.
Every command prints its results table on stdout, and progress, warnings and
errors on stderr; --quiet leaves out the progress and the table, never a
warning or an error.
Exit codes: 0 success, 1 run-time failure, 2 bad flag or invalid scenario,
130/143 after SIGINT/SIGTERM.
`

// nearestCommand returns the command within two edits of name, the
// closest first, or "" when none is.
func nearestCommand(name string) string {
	return suggest.Nearest(name, slices.Sorted(maps.Keys(commands)), 2)
}
