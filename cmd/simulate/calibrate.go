package main

import (
	"context"
	"io"

	"simulate/studies"
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

func cmdCalibrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o runOptions
	fs := newFlagSet("calibrate", calibrateHelp, stdout, stderr)
	o.addFlags(fs, false)
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
	so, err := o.study("calibrate", args)
	if err != nil {
		return err
	}
	return studies.Calibrate(ctx, so, *targetsFile, newEnv(stdout, stderr, &o))
}
