package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"simulate/reports/charts"
)

// present draws the charts (and the workbook, when it exists) of the saved
// files in dir, unless switched off; their warnings go to stderr.
func present(dir string, o *runOptions, stderr io.Writer) error {
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
	var o runOptions
	fs := newFlagSet("chart", chartHelp, stdout, stderr)
	fs.StringVar(&o.Lang, "lang", "en", "language: `en|zh`")
	fs.StringVar(&o.Unit, "unit", "yi", "money unit: `yuan|wan|yi`")
	fs.StringVar(&o.Font, "font", "", "CJK font `FILE` for --lang zh")
	fs.BoolVar(&o.Quiet, "quiet", false, "no warnings on stderr")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("want one directory, got %d arguments", fs.NArg())
	}
	o.Replications, o.Members, o.Workers, o.Out = 1, 1, 1, fs.Arg(0)
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
		fmt.Fprintf(stdout, "charts: %s/charts\n", o.Out)
	}
	return nil
}
