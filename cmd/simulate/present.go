package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"simulate/reports/charts"
	"simulate/reports/workbook"
)

// present writes the workbook (report.xlsx) and draws the charts of the
// saved files in dir, each unless switched off; their warnings go to stderr.
// Both read only the saved files, so their numbers are those of the JSON
// and CSV outputs.
func present(dir string, o *runOptions, stderr io.Writer) error {
	if !o.NoReport {
		if err := workbook.WriteDir(dir, workbook.Options{Lang: o.Lang, Unit: o.Unit}); err != nil {
			return fmt.Errorf("report: %w", err)
		}
	}
	if o.NoCharts {
		return nil
	}
	warnings, err := charts.DrawDir(dir, charts.Options{Lang: o.Lang, Unit: o.Unit, Font: o.Font})
	if !o.Quiet {
		for _, w := range warnings {
			fmt.Fprintf(stderr, "warning: charts: %s\n", w)
		}
	}
	if err != nil {
		return fmt.Errorf("charts: %w", err)
	}
	return nil
}

// clearStale removes the outputs an earlier run left in dir that this run
// will not rewrite (the workbook with --no-report, the charts with
// --no-charts), so that a directory never mixes two runs. It removes only
// this program's files.
func clearStale(dir string, o *runOptions) error {
	var stale []string
	if o.NoReport {
		stale = append(stale, filepath.Join(dir, "report.xlsx"))
	}
	if o.NoCharts {
		for _, ext := range []string{"png", "svg", "pdf"} {
			m, _ := filepath.Glob(filepath.Join(dir, "charts", "*."+ext))
			stale = append(stale, m...)
		}
	}
	for _, f := range stale {
		if err := os.Remove(f); err != nil && !os.IsNotExist(err) {
			return err
		}
	}
	return nil
}

const chartHelp = `simulate chart: redraw the charts of a run, comparison, sweep or sensitivity
directory from its saved files, without simulating again.

Usage:
  simulate chart DIR [--lang en|zh] [--unit yuan|wan|yi] [--font FILE]

Examples:
  simulate chart out/first
  simulate chart out/reform --lang zh

Exit codes: 0 success, 1 a chart could not be drawn, 2 bad flag.
`

func cmdChart(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return redraw("chart", chartHelp, args, stdout, stderr)
}

// redraw rebuilds the charts (what "chart") or the workbook (what
// "report") of a directory of saved results.
func redraw(what, help string, args []string, stdout, stderr io.Writer) error {
	var o runOptions
	fs := newFlagSet(what, help, stdout, stderr)
	fs.StringVar(&o.Lang, "lang", "en", "language: `en|zh`")
	fs.StringVar(&o.Unit, "unit", "yi", "money unit: `yuan|wan|yi`")
	if what == "chart" {
		fs.StringVar(&o.Font, "font", "", "CJK font `FILE` for --lang zh")
	}
	fs.BoolVar(&o.Quiet, "quiet", false, "print nothing but errors")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("want one directory, got %d arguments", fs.NArg())
	}
	o.Replications, o.Members, o.Workers, o.Out = 1, 1, 1, fs.Arg(0)
	o.NoReport, o.NoCharts = what != "report", what != "chart"
	if err := o.check(); err != nil {
		return err
	}
	if fi, err := os.Stat(o.Out); err != nil || !fi.IsDir() {
		return usagef("%s: not a directory of saved results", o.Out)
	}
	if err := present(o.Out, &o, stderr); err != nil {
		return err
	}
	if !o.Quiet {
		out := filepath.Join(o.Out, "charts")
		if what == "report" {
			out = filepath.Join(o.Out, "report.xlsx")
		}
		fmt.Fprintf(stdout, "%s: %s\n", what, out)
	}
	return nil
}

const reportHelp = `simulate report: rebuild report.xlsx of a run, comparison, sweep or
sensitivity directory from its saved files, without simulating again.

Usage:
  simulate report DIR [--lang en|zh] [--unit yuan|wan|yi]

Examples:
  simulate report out/first
  simulate report out/qiannan --lang zh --unit wan

Exit codes: 0 success, 1 the workbook could not be written, 2 bad flag.
`

func cmdReport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return redraw("report", reportHelp, args, stdout, stderr)
}
