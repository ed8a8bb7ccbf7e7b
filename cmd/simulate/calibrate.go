package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"simulate/calibration"
	"simulate/internal/inputfile"
	"simulate/reports"
	"simulate/scenarios"
)

const calibrateHelp = `simulate calibrate: fit a local scenario's free parameters to a city's own
fund statements and write the calibrated scenario. The free parameters are
scale factors on the scenario's values: the opening population
(population.insured), the contribution base level (contributions.base_ratio),
the utilisation level (visits and admissions per member), the cost level
(costs per visit and admission) and the opening pooled and account balances.
Each is fitted when the targets identify it (participants, actives or
retirees; income; the inpatient rate or admissions, or expenditure; the cost
per admission, or expenditure beside admissions; the balances) and held
otherwise, as the report says. The fit is Gauss–Newton on common random
numbers (the same seed for every evaluation), deterministic for a seed;
each factor comes with its standard error (the fit's Monte Carlo error, by
the delta method). docs/local-calibration.md describes the method.

Usage:
  simulate calibrate -s CITY.yaml --targets FILE.csv -o DIR [-r R] [-n N] [--seed S]

The targets file is in the project's data format,
  year,item,value,unit,status,source,note
one figure per row (lines starting with # are comments). Items:
participants, actives, retirees, income, expenditure, income_pool,
expenditure_pool, income_accounts, expenditure_accounts, balance_pool,
balance_accounts, balance_total, maternity_expenditure,
family_mutual_aid_paid, inpatient_rate, admissions, cost_per_admission;
units: yuan, 10k yuan, 100m yuan, persons, 10k persons,
admissions, 10k admissions, ratio (or admissions per participant). A figure of year Y is the simulated year
Y (at year end for head counts and balances); years before the scenario's
base year are refused (opening values belong in the scenario).

Examples:
  simulate calibrate -s qiannan-2022 --targets docs/local-calibration/synthetic-qiannan.csv -r 12 -n 20000 -o out/calibrated
  simulate calibrate -s my-city.yaml --targets my-city-fund.csv -o out/my-city --dry-run

DIR receives calibrated.yaml (a scenario that extends: the input and sets
the fitted values, each with its factor, error, target rows and sources),
calibration.md (the report: parameters, every target against the fit,
notes), calibration.csv (the same as a table) and run.json. --dry-run prints
which parameters the targets identify and stops. The results table is each
factor with its standard error and the largest target error.
` + outputHelp + `
Exit codes: 0 success, 1 run-time failure, 2 bad flag, targets file or
scenario (also targets that identify no parameter), 130/143 after a signal.
`

// maxTargetsSize is the largest --targets file calibrate reads, in bytes.
const maxTargetsSize = 1 << 20

// The files calibrate writes into its output folder.
const (
	calibratedName       = "calibrated.yaml"
	calibrationReportMD  = "calibration.md"
	calibrationReportCSV = "calibration.csv"
)

func cmdCalibrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o runOptions
	fs := newFlagSet("calibrate", calibrateHelp, stdout, stderr)
	o.AddFlags(fs)
	targetsFile := fs.String("targets", "", "the city's figures, a CSV `FILE` in the data format (year,item,value,unit,status,source,note)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	for _, name := range []string{"horizon", "shard", "shard-count", "precision", "max-replications", "keep-replications", "lang", "unit", "no-report", "no-charts", "font"} {
		if fs.Changed(name) {
			return usagef("--%s is not available for calibrate (the targets' years set the horizon; it writes a scenario and a report, no workbook or charts)", name)
		}
	}
	if *targetsFile == "" {
		return usagef("--targets FILE is required: the city's figures (see --help)")
	}
	if err := o.check(); err != nil {
		return err
	}
	started := time.Now()
	resolved, err := scenarios.Resolve(o.Scenario)
	if err != nil {
		return usageError{err}
	}
	s := resolved.Scenario
	data, err := inputfile.ReadFile(*targetsFile, maxTargetsSize, "a targets file")
	if err != nil {
		return usagef("--targets: %v", unwrapPath(err))
	}
	targets, err := calibration.ReadTargets(*targetsFile, data)
	if err != nil {
		return usageError{err}
	}
	ids, err := calibration.Identify(s, targets)
	if err != nil {
		return usageError{fmt.Errorf("%s with %s: %w", o.Scenario, *targetsFile, err)}
	}
	notes := unlessQuiet(o.Quiet, stderr)
	if o.DryRun {
		fmt.Fprintf(stdout, "calibration of %s to %s (%d targets):\n", s.Name, *targetsFile, len(targets))
		for _, id := range ids {
			if id.Held {
				fmt.Fprintf(stdout, "  %-17s held: %s\n", id.Name, id.Note)
			} else {
				fmt.Fprintf(stdout, "  %-17s fitted (%s) from %d rows\n", id.Name, strings.Join(id.Keys, ", "), len(id.Rows))
			}
		}
		return nil
	}
	absOut, err := filepath.Abs(o.Out)
	if err != nil {
		return usagef("--out %v", err)
	}
	parent := o.Scenario
	if !slices.ContainsFunc(scenarios.Builtins(), func(b scenarios.Builtin) bool { return b.Name == o.Scenario }) {
		abs, err := filepath.Abs(o.Scenario)
		if err != nil {
			return usagef("-s %v", err)
		}
		if parent, err = filepath.Rel(absOut, abs); err != nil {
			parent = abs
		}
		parent = filepath.ToSlash(parent)
	}
	// The output's identity: the scenario and the targets by content, and
	// the run settings.
	id := fmt.Sprintf("%x|%x|%d|%d|%d|%s", sha256.Sum256(scenarios.Canonical(s)), sha256.Sum256(data), o.Seed, o.Replications, o.Members, o.Design)
	folder, stage, err := openStage(&o, "calibrate", "calibrate", id, append(slices.Clone(resolved.Files), *targetsFile))
	if err != nil {
		return err
	}
	defer folder.Close()
	fit, err := calibration.Local(ctx, s, targets, ids, calibration.FitOptions{
		Seed: o.Seed, Replications: int(o.Replications), Members: int(o.Members), Workers: o.Workers, Design: o.Design,
		Progress: func(n int, what string) { fmt.Fprintf(notes, "calibrate: evaluation %d (%s)\n", n, what) },
	})
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return usageError{fmt.Errorf("%s with %s: %w", o.Scenario, *targetsFile, err)}
	}
	prov := calibration.Provenance{
		Parent: parent, ParentName: s.Name, Targets: filepath.Base(*targetsFile), Sources: resolved.Sources,
		Seed: o.Seed, Replications: int(o.Replications), Members: int(o.Members),
	}
	child, err := fit.ScenarioYAML(prov)
	if err != nil {
		return err
	}
	// The file must load back to the fitted scenario, or it says
	// something other than the fit.
	back, err := scenarios.ResolveBytes(filepath.Join(absOut, calibratedName), child)
	if err != nil {
		return fmt.Errorf("the calibrated scenario does not load: %w", err)
	}
	want := fit.Scenario.Clone()
	want.Name, want.Description = back.Scenario.Name, back.Scenario.Description
	if !bytes.Equal(scenarios.Canonical(back.Scenario), scenarios.Canonical(want)) {
		return fmt.Errorf("the calibrated scenario loads to other values than the fit's")
	}
	if err := writeBytes(filepath.Join(stage, calibratedName), child); err != nil {
		return err
	}
	if err := writeBytes(filepath.Join(stage, calibrationReportMD), []byte(fit.Report(prov, calibratedName))); err != nil {
		return err
	}
	if err := writeBytes(filepath.Join(stage, calibrationReportCSV), fit.CSV()); err != nil {
		return err
	}
	if err := writeMeta(stage, studyMeta(&o, "calibrate", args, started, s.Name, "", s.Horizon)); err != nil {
		return err
	}
	if err := folder.Commit(stage, reports.Commit{Reset: true, Kind: "calibrate", ID: id}); err != nil {
		return err
	}
	for _, n := range fit.Notes {
		fmt.Fprintf(stderr, "calibrate: note: %s\n", n)
	}
	for _, w := range fit.Warnings {
		fmt.Fprintf(stderr, "warning: %s: %s\n", s.Name, w)
	}
	results := unlessQuiet(o.Quiet, stdout)
	fmt.Fprintf(results, "calibration of %s to %s: %d Gauss–Newton steps, %d evaluations (seed %d, %d replications × %d members)\n",
		s.Name, *targetsFile, fit.Iterations, fit.Evaluations, o.Seed, o.Replications, o.Members)
	fmt.Fprint(results, fit.Text())
	fmt.Fprintf(results, "wrote %s, %s and %s in %s\n", calibratedName, calibrationReportMD, calibrationReportCSV, o.Out)
	return nil
}
