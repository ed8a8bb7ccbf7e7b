package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"

	"simulate/model"
	"simulate/reports"
	"simulate/scenarios"
	"simulate/studies"
)

const runHelp = `simulate run: simulate a scenario for R replications of N synthetic members
and write summary.json, years.csv, solvency.csv, solvency-events.csv,
groups.csv, scenario.yaml and run.json (and replications.csv and
groups-replications.csv with --keep-replications) into --out.

Usage:
  simulate run [-s NAME|FILE] [-o DIR] [-r R] [-n N] [--seed SEED] [flags]

Examples:
  simulate run                                   # national-2021, 100 × 100,000
  simulate run -s qiannan.yaml -r 200 -n 520000 --horizon 15 -o out/qiannan
` + outputHelp + `
Exit codes: 0 success, 1 run-time failure, 2 bad flag or invalid scenario,
130/143 after SIGINT/SIGTERM.
`

func cmdRun(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o runOptions
	fs := newFlagSet("run", runHelp, stdout, stderr)
	o.addFlags(fs, false)
	against := fs.String("against", "", "also run the base scenario `NAME` and compare (as compare -s NAME -s SCENARIO)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *against != "" {
		if o.Shard != "" {
			return usagef("--against cannot be sharded")
		}
		return compare(ctx, &o, []string{*against, o.Scenario}, "", "run", args, stdout, stderr)
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q (flags start with -)", fs.Arg(0))
	}
	so, err := o.sharded("run", args)
	if err != nil {
		return err
	}
	return studies.Run(ctx, so, newEnv(stdout, stderr, &o))
}

// progress reports progress on stderr: a progress bar with an ETA on a
// terminal, a plain line every few seconds otherwise, nothing when quiet.
type progress struct {
	w     io.Writer
	quiet bool
	what  string
	start time.Time
	last  time.Time
	p     *mpb.Progress
	bar   *mpb.Bar
}

// newProgress returns the progress of steps called what on w.
func newProgress(w io.Writer, quiet bool, what string) *progress {
	pr := &progress{w: w, quiet: quiet, what: what, start: time.Now()}
	if f, ok := w.(*os.File); ok && !quiet {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			pr.p = mpb.New(mpb.WithOutput(w), mpb.WithWidth(40))
		}
	}
	return pr
}

// Update shows that done of total steps are finished.
func (p *progress) Update(done, total int) {
	if p.quiet {
		return
	}
	if p.p != nil {
		if p.bar == nil {
			p.bar = p.p.AddBar(int64(total),
				mpb.PrependDecorators(decor.Name(p.what+" "), decor.CountersNoUnit("%d/%d")),
				mpb.AppendDecorators(decor.Percentage(decor.WCSyncSpace), decor.Name(" ETA "), decor.AverageETA(decor.ET_STYLE_GO)))
		}
		p.bar.SetCurrent(int64(done))
		return
	}
	now := time.Now()
	if done < total && now.Sub(p.last) < 5*time.Second {
		return
	}
	p.last = now
	elapsed := now.Sub(p.start)
	eta := ""
	if done > 0 && done < total {
		left := time.Duration(float64(elapsed) / float64(done) * float64(total-done))
		eta = fmt.Sprintf(", about %s left", left.Round(time.Second))
	}
	if done == total && elapsed < 2*time.Second {
		return // a short run needs no progress line
	}
	fmt.Fprintf(p.w, "%s %d/%d (%s%s)\n", p.what, done, total, elapsed.Round(100*time.Millisecond), eta)
}

// Done finishes the bar (complete or not).
func (p *progress) Done() {
	if p.p == nil {
		return
	}
	if p.bar != nil && !p.bar.Completed() {
		p.bar.Abort(false)
	}
	p.p.Wait()
}

const listHelp = `simulate list: list the built-in scenarios with one-line descriptions.

Usage:
  simulate list

Examples:
  simulate list
  simulate show $(simulate list | head -1 | cut -f1)

Exit codes: 0 success, 2 bad flag.
`

func cmdList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("list", listHelp, stdout, stderr)
	if err := parse(fs, args); err != nil {
		return err
	}
	for _, b := range scenarios.Builtins() {
		fmt.Fprintf(stdout, "%s\t%s\n", b.Name, b.Description)
	}
	return nil
}

const showHelp = `simulate show: print the fully resolved scenario as YAML, every default
filled in: a file a planner can copy and edit.

Usage:
  simulate show NAME|FILE

Examples:
  simulate show national-2021
  simulate show my-city.yaml > resolved.yaml

Exit codes: 0 success, 2 unknown or invalid scenario.
`

func cmdShow(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("show", showHelp, stdout, stderr)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("want one scenario name or file, got %d arguments", fs.NArg())
	}
	r, err := scenarios.Resolve(fs.Arg(0))
	if err != nil {
		return usageError{Err: err}
	}
	for _, w := range r.Warnings {
		fmt.Fprintf(stderr, "warning: %s\n", w)
	}
	_, err = stdout.Write(scenarios.Annotated(r.Scenario, r.Sources))
	return err
}

const validateHelp = `simulate validate: check scenario files and report every problem at once,
each as FILE:LINE: key.path: message. Nothing is simulated.

Usage:
  simulate validate FILE...

Examples:
  simulate validate my-city.yaml
  simulate validate scenarios/*.yaml

Output: FILE: valid on stdout (not with --quiet); warnings and problems on
stderr.

Exit codes: 0 all valid (warnings may be printed), 2 a problem was found.
`

func cmdValidate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("validate", validateHelp, stdout, stderr)
	quiet := fs.Bool("quiet", false, `no "valid" lines; warnings and problems are still printed on stderr`)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("want at least one scenario file")
	}
	bad := 0
	for _, f := range fs.Args() {
		_, warnings, err := scenarios.Load(f)
		for _, w := range warnings {
			fmt.Fprintf(stderr, "warning: %s\n", w)
		}
		if err != nil {
			bad++
			fmt.Fprintln(stderr, err)
			continue
		}
		fmt.Fprintf(unlessQuiet(*quiet, stdout), "%s: valid\n", f)
	}
	if bad > 0 {
		return usagef("%d of %d scenario files invalid", bad, fs.NArg())
	}
	return nil
}

const versionHelp = `simulate version: print the program version; results change only with it
(it is in every summary.json and run fingerprint).

Usage:
  simulate version

Examples:
  simulate version
  simulate --version

Exit codes: 0 success, 2 bad flag or argument.
`

func cmdVersion(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("version", versionHelp, stdout, stderr)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	fmt.Fprintf(stdout, "simulate %s\n", model.Version)
	return nil
}

func cmdHelp(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stdout, usage)
		return nil
	}
	topics := map[string]string{"scenarios": scenariosTopic, "targets": targetsTopic, "exit-codes": exitCodesTopic}
	if text, ok := topics[args[0]]; ok {
		fmt.Fprint(stdout, text)
		return nil
	}
	if cmd, ok := commands[args[0]]; ok {
		// The command's own --help: its text and its flags.
		return cmd(ctx, []string{"--help"}, stdout, stderr)
	}
	names := slices.Sorted(maps.Keys(commands))
	return usagef("no help on %q; commands: %s; topics: scenarios, targets, exit-codes", args[0], strings.Join(names, ", "))
}

const initHelp = `simulate init: write NAME.yaml, a copy of a built-in scenario with every
value resolved and each value's source as a comment, to edit. It never
overwrites a file.

Usage:
  simulate init NAME --from BUILTIN

Examples:
  simulate init duyun --from qiannan-2022
  simulate init my-city --from national-2021 && simulate validate my-city.yaml

Exit codes: 0 success, 1 the file could not be written, 2 bad arguments or
the file exists.
`

func cmdInit(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("init", initHelp, stdout, stderr)
	from := fs.String("from", "national-2021", "the built-in scenario `BUILTIN` to start from")
	quiet := fs.Bool("quiet", false, `no "wrote" line; errors are still printed on stderr`)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("want one scenario NAME, got %d arguments", fs.NArg())
	}
	name := strings.TrimSuffix(fs.Arg(0), ".yaml")
	if name == "" || strings.ContainsAny(filepath.Base(name), " \t") {
		return usagef("%q is not a usable scenario name", fs.Arg(0))
	}
	body, err := scenarios.Copy(*from, filepath.Base(name))
	if err != nil {
		return usagef("--from %v (see simulate list)", err)
	}
	path := name + ".yaml"
	if _, err := os.Lstat(path); err == nil {
		return usagef("%s exists; init never overwrites a file", path)
	}
	header := fmt.Sprintf("# %s: every value of the built-in scenario %s, resolved, with its source.\n# Edit the values, then check the file with: simulate validate %s\n", filepath.Base(name), *from, path)
	// Written whole, then linked into place: a crash leaves no half-written
	// file, and the link refuses an existing one.
	err = reports.WriteNewFile(path, append([]byte(header), body...))
	if errors.Is(err, os.ErrExist) {
		return usagef("%s exists; init never overwrites a file", path)
	} else if err != nil {
		return err
	}
	fmt.Fprintf(unlessQuiet(*quiet, stdout), "wrote %s\n", path)
	return nil
}
