package studies

import (
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

// Present draws the charts and writes the workbook (report.xlsx) of the
// saved files in dir into out (a stage of the output folder), each unless
// switched off; their warnings go to stderr, --quiet or not. The charts come
// first: the workbook of a comparison or a sweep shows them. Both read only
// the saved files, so their numbers are those of the JSON and CSV outputs.
func Present(dir, out string, o *Options, stderr io.Writer) error {
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

// Redraw rebuilds the charts (what "chart") or the workbook (what
// "report") of the directory o.Out of saved results, with the language,
// unit and font of o.
func Redraw(what string, o *Options, env Env) error {
	if fi, err := os.Stat(o.Out); err != nil || !fi.IsDir() {
		return usagef("%s: not a directory of saved results", o.Out)
	}
	f, prefix, err := reports.OpenFolderOf(o.Out, "simulate "+what)
	if err != nil {
		return UsageError{err}
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
		return Present(o.Out, out, o, env.Stderr)
	}); err != nil {
		return err
	}
	out := filepath.Join(o.Out, "charts")
	if what == "report" {
		out = filepath.Join(o.Out, "report.xlsx")
	}
	fmt.Fprintf(unlessQuiet(o.Quiet, env.Stdout), "%s: %s\n", what, out)
	return nil
}
