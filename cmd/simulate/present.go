package main

import (
	"context"
	"io"

	"simulate/studies"
)

const chartHelp = `simulate chart: redraw the charts of a run, comparison, sweep or sensitivity
directory from its saved files, without simulating again.

Usage:
  simulate chart DIR [--lang en|zh] [--unit yuan|wan|yi] [--font FILE] [--metric M]

--metric chooses the figure of a sweep's decision chart: ` + metricHelp + `.

Examples:
  simulate chart out/first
  simulate chart out/reform --lang zh
  simulate chart out/sweep --metric p_below_warning

Output: the path written on stdout (not with --quiet); warnings and errors on
stderr.

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
		fs.StringVar(&o.Metric, "metric", "", "figure of a sweep's decision chart: `pool_months_p05|p_below_warning|p_insufficient|p_depleted`")
	}
	fs.BoolVar(&o.Quiet, "quiet", false, "no results line; warnings and errors are still printed on stderr")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("want one directory, got %d arguments", fs.NArg())
	}
	o.Replications, o.Members, o.Workers, o.Out = 1, 1, 1, fs.Arg(0)
	o.NoReport, o.NoCharts = what != "report", what != "chart"
	so, err := o.study(what, args)
	if err != nil {
		return err
	}
	return studies.Redraw(what, so, newEnv(stdout, stderr, &o))
}

const reportHelp = `simulate report: rebuild report.xlsx of a run, comparison, sweep or
sensitivity directory from its saved files, without simulating again.

Usage:
  simulate report DIR [--lang en|zh] [--unit yuan|wan|yi]

Examples:
  simulate report out/first
  simulate report out/qiannan --lang zh --unit wan

Output: the path written on stdout (not with --quiet); warnings and errors on
stderr.

Exit codes: 0 success, 1 the workbook could not be written, 2 bad flag.
`

func cmdReport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return redraw("report", reportHelp, args, stdout, stderr)
}
