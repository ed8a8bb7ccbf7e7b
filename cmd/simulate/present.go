package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"

	"simulate/reports"
	"simulate/reports/charts"
	"simulate/reports/workbook"
	"simulate/scenarios"
)

// present draws the charts and writes the workbook (report.xlsx) of the
// saved files in dir into out (a stage of the output folder), each unless
// switched off; their warnings go to stderr, --quiet or not. The charts come
// first: the workbook of a comparison or a sweep shows them. Both read only
// the saved files, so their numbers are those of the JSON and CSV outputs.
func present(dir, out string, o *runOptions, stderr io.Writer) error {
	if !o.NoCharts {
		warnings, err := charts.DrawDir(dir, charts.Options{Lang: o.Lang, Unit: o.Unit, Font: o.Font, Out: out, Metric: o.Metric, KeyTitle: scenarios.KeyTitle})
		for _, w := range warnings {
			fmt.Fprintf(stderr, "warning: charts: %s\n", w)
		}
		if err != nil {
			return fmt.Errorf("charts: %w", err)
		}
	}
	if !o.NoReport {
		if err := workbook.WriteDir(dir, workbook.Options{Lang: o.Lang, Unit: o.Unit, Out: out, KeyTitle: scenarios.KeyTitle}); err != nil {
			return fmt.Errorf("report: %w", err)
		}
	}
	return nil
}

// presented is what a commit of present's files replaces: the workbook and
// the charts, so that a folder never keeps those of an earlier output.
var presented = []string{workbook.FileName, "charts/"}

const chartHelp = `simulate chart: redraw the charts of a run, comparison, sweep or sensitivity
directory from its saved files, without simulating again.

Usage:
  simulate chart DIR [--lang en|zh] [--unit yuan|wan|yi] [--font FILE] [--metric M]

--metric chooses the figure of a sweep's decision chart: pool_months_p05
(months of payment at the horizon, P5; the default), p_below_warning,
p_insufficient (the probabilities of months below the warning and the
insufficient lines) or p_depleted (of depletion by the horizon).

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
	if err := o.check(); err != nil {
		return err
	}
	if fi, err := os.Stat(o.Out); err != nil || !fi.IsDir() {
		return usagef("%s: not a directory of saved results", o.Out)
	}
	f, prefix, err := reports.OpenFolderOf(o.Out, "simulate "+what)
	if err != nil {
		return usageError{err}
	}
	defer f.Close()
	if !f.Has(prefix+"run.json") && !f.Has(prefix+"summary.json") && !f.Has(prefix+"sweep.csv") {
		return usagef("%s: holds no output of this program (no %s lists its files)", o.Out, reports.ManifestName)
	}
	replace := []string{prefix + workbook.FileName}
	if what == "chart" {
		replace = []string{prefix + "charts/"}
	}
	// Charts and workbooks are drawn from the data files, never read: only
	// the data must be as written.
	derived := func(p string) bool {
		return path.Base(p) == workbook.FileName || strings.HasPrefix(p, "charts/") || strings.Contains(p, "/charts/")
	}
	if err := f.VerifyInputs(prefix, derived); err != nil {
		return usagef("%s: its files do not match what this program wrote; rerun the command that made them:\n%v", o.Out, err)
	}
	if err := commitFiles(f, reports.Commit{Replace: replace}, func(stage string) error {
		out := filepath.Join(stage, filepath.FromSlash(prefix))
		if err := os.MkdirAll(out, 0o755); err != nil {
			return err
		}
		return present(o.Out, out, &o, stderr)
	}); err != nil {
		return err
	}
	out := filepath.Join(o.Out, "charts")
	if what == "report" {
		out = filepath.Join(o.Out, "report.xlsx")
	}
	fmt.Fprintf(unlessQuiet(o.Quiet, stdout), "%s: %s\n", what, out)
	return nil
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
