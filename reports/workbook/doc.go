// Package workbook writes report.xlsx, the Excel report of a run or sweep
// directory (docs/model.md sections 5 and 7), from the files saved there:
//
//	summary.json, scenario.yaml, groups.csv, run.json
//	[comparison.csv, groups-comparison.csv, breakdown.csv, sweep.csv]
//	   ──WriteDir──► report.xlsx
//
// Sheets, Summary first: Summary (the solvency headline in words and
// figures, event years, months of payment at the horizon against the bands
// of fund.bands with a traffic light, key figures, native charts of the
// pool balance with its P5–P95 band, expenditure by category and months of
// payment with the warning line), Fund, Accounts, Members (per year: mean,
// P5, P50, P95; burden by group from groups.csv), Comparison, Groups
// comparison and Breakdown when those files exist, Sweep (one row per
// point, written through excelize's streaming writer), Parameters (every
// key of scenario.yaml with its value, the unit tag of the model.Scenario
// field at that key path and the source comment), Warnings and About. A
// sweep directory without summary.json gets a workbook that starts with
// Sweep.
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
