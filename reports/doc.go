// Package reports turns a model.Result into the files of a run (docs/model.md
// section 5): summary.json (schema simulate/summary/v2), years.csv,
// solvency.csv, solvency-events.csv, groups.csv, replications.csv,
// groups-replications.csv, scenario.yaml and run.json, and a short human
// summary for stdout. It also reads them back, in this version's format and
// the earlier one's (formats.go: ReadGroups, ReadSolvency), for the
// workbook, the charts and the study tables.
//
// The pipeline is
//
//	model.Result ──Summarize──► Summary ──WriteRun──► files in the output directory
//	                                    └─WriteText──► stdout
//
// Numbers are written unscaled (yuan, persons, counts, ratios) as shortest
// round-trip decimals; an undefined value (NaN in a Result, a statistic over
// no defined values, a year percentile beyond the horizon) is null in JSON and
// an empty cell in CSV, where a year beyond the horizon also has its own
// TRUE/FALSE flag. No NaN or Inf ever reaches a file. Every file is
// written through WriteFileAtomic into a stage of the output folder, which
// a Folder commits as one recorded transaction and lists in the folder's
// manifest.json: a reader sees either the old output or the complete new
// one, and the program deletes or replaces only the files it lists.
//
// Apart from perf, summary.json is a function of the Result and the month
// bands only: map iteration, the clock and the host never enter it. Run
// metadata goes to run.json.
//
// reports imports model, the standard library and gonum's distributions
// (for the intervals of the percentiles); it never imports
// scenarios: what it needs from a scenario (its resolved YAML, the month
// bands) is handed over as plain data by cmd/simulate.
package reports
