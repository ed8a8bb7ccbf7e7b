// Package workbook writes report.xlsx, the Excel report of a run or sweep
// directory (docs/model.md sections 5 and 7), from the files saved there:
//
//	summary.json, scenario.yaml, groups.csv, run.json
//	[comparison.csv, groups-comparison.csv, breakdown.csv, sweep.csv]
//	   ──WriteDir──► report.xlsx
//
// Sheets of a run, Summary first: Summary (on its first printed page the
// solvency headline in words and months of payment at the horizon against
// the bands of fund.bands with a traffic light, then solvency indicators and
// event years; on the next, key figures and native charts of the pool
// balance with its P5–P95 band, months of payment with the warning line and
// expenditure by category), Fund, Accounts, Members (per year: mean, P5,
// P50, P95), Member groups (burden by group from groups.csv), Precision,
// Parameters (every key of scenario.yaml with its value, the unit tag of the
// model.Scenario field at that key path and the source comment), Warnings
// and About.
//
// A comparison directory (comparison.csv and runs/K-NAME/) gets its own
// workbook: Summary (what is compared — the base, each scenario and the keys
// it changes — and at the horizon the pool balance, months of payment and
// members' burden of each with the mean paired difference, its sign and 95%
// interval, in words and in a table, then the impact charts of charts/),
// Comparison (the mean difference of every metric by year — beyond 12
// years the first, the last and evenly spaced years between — named in the
// language with its unit, leaving out those that show zero in every year),
// Groups (who gains and who loses: burden per member by group, its change
// and the parts paid in cash and from the account), Rules compared,
// Breakdown when breakdown.csv exists, Warnings of every run and About.
//
// A sweep directory gets a workbook that starts with the decision chart of
// charts/sweep.png and Sweep (one row per point, written through excelize's
// streaming writer, varied keys titled from the parameter reference, months
// of payment and depletion coloured by the fixed bands).
//
// Every sheet prints landscape, one page wide, its table header repeated on
// every page; number columns are as wide as their numbers in the unit.
//
// Every number is one of the saved files': aggregate amounts are divided
// by the unit of Options (yuan, 万元 or 亿元) and nothing is recomputed.
// Cells hold the shortest round-trip decimal of that number, except on the
// streamed Sweep sheet, where excelize keeps Excel's 15 significant digits
// (the value is rounded to them first). Every sheet name, header, label
// and sentence comes from one translation table (Labels), in English or
// Chinese.
//
// workbook imports model (units, metric names, the Scenario field tags),
// reports (ReadSummary, RunMeta, WriteFileAtomic), excelize and YAML; it
// never imports scenarios.
package workbook
