package main

import (
	"context"
	"io"
)

const compareHelp = `simulate compare: run scenarios on common random numbers and report the
paired difference scenario − base per replication: comparison.csv for every
metric and year, groups-comparison.csv for members' burden by status, age band
and base quintile (who gains, who loses). Each run is kept in runs/K-NAME/.
With --breakdown, the changed keys are applied one group at a time and
breakdown.csv gives each step's increment; the increments sum to the total.

Usage:
  simulate compare -s BASE -s SCENARIO [-s ...] -o DIR [--breakdown FILE] [run flags]

The breakdown file lists ordered groups of key paths; keys not named form a
last group, "other":
  groups:
    - {name: credits, keys: [accounts.active_credit_rate, accounts.retiree_quota, accounts.reform_year]}
    - {name: outpatient pooling, keys: [outpatient]}

Examples:
  simulate compare -s status-quo -s national-2021 -r 200 -o out/reform
  simulate compare -s status-quo -s national-2021 --breakdown steps.yaml -o out/steps

The results table gives, at the horizon, each scenario's paired difference
from the base in the headline metrics: the mean with its 95% interval, and
the P5 to P95 of the replications' differences.
` + outputHelp + `
Exit codes: 0 success, 1 run-time failure, 2 bad flag or invalid scenario,
130/143 after SIGINT/SIGTERM.
`

func cmdCompare(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o runOptions
	fs := newFlagSet("compare", compareHelp, stdout, stderr)
	o.addFlags(fs, true)
	breakdown := fs.String("breakdown", "", "apply the changed keys in the ordered groups of `FILE` and report each step")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	if len(o.Scenarios) < 2 {
		return usagef("compare needs at least two -s (the first is the base), got %d", len(o.Scenarios))
	}
	return compare(ctx, &o, o.Scenarios, *breakdown, "compare", args, stdout, stderr)
}
