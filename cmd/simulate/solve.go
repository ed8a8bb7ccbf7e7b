package main

import (
	"context"
	"io"
	"simulate/internal/flagvalue"

	"simulate/studies"
)

const solveHelp = `simulate solve: find, by bisection on common random numbers, the largest
(--maximize, the default) or smallest (--minimize) value of one key in
[LOW, HIGH] that meets a target, assuming the target moves one way with the
key. It reports the value, the target's figure there, the value's 95%
interval (from where the target is met for sure to where it is still not
ruled out, by the interval of the figure at each evaluation) and every point
it evaluated (solve.csv). With --precision each evaluation runs until its
estimate is that precise.

Usage:
  simulate solve -s BASE --free KEY=LOW:HIGH --target EXPR [--maximize|--minimize]
                 [--tol 0.005] -o DIR [run flags]

A target is METRIC[.mean|.pNN][@YEAR|@all|@horizon] OP VALUE, OP one of >=, >,
<=, <; solvency indicators (p_deficit, p_depleted, p_insufficient,
p_below_warning, p_excess) are metrics too. "At 95% confidence months of
payment never below 6" is pool_months.p05@all >= 6.

Examples:
  simulate solve -s qiannan-2022 --free outpatient.ratio.primary=0.5:0.95 \
      --target 'pool_months.p05@all >= 6' -r 200 -o out/max-ratio
  simulate solve -s qiannan-2022 --free contributions.employer_rate=0.04:0.12 \
      --target 'pool_surplus.mean@all >= 0' --minimize -o out/breakeven

The results table is the value, its 95% interval and where solve.csv is;
each evaluation is a note on stderr.
` + outputHelp + `
Exit codes: 0 success (also when no value meets the target: it says so),
1 run-time failure, 2 bad flag, target or scenario, 130/143 after a signal.
`

func cmdSolve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o runOptions
	fs := newFlagSet("solve", solveHelp, stdout, stderr)
	o.addFlags(fs, false)
	free := fs.String("free", "", "the key to solve for and its interval, `KEY=LOW:HIGH`")
	targetText := fs.String("target", "", "the condition to meet, `EXPR`")
	fs.Bool("maximize", true, "find the largest value meeting the target (default)")
	minimize := fs.Bool("minimize", false, "find the smallest value meeting the target")
	tol := flagvalue.FloatVar(fs, "tol", 0.005, "stop when the interval is narrower than `TOL` (in the key's units)")
	if err := parse(fs, args); err != nil {
		return err
	}
	so, err := o.study("solve", args)
	if err != nil {
		return err
	}
	spec := studies.SolveSpec{Free: *free, Target: *targetText, Minimize: *minimize, Tol: *tol}
	return studies.Solve(ctx, so, spec, newEnv(stdout, stderr, &o))
}

const sensitivityHelp = `simulate sensitivity: which assumptions matter most. One at a time, each
key is moved down and up by --step (a share of its value, clamped to the key's
range) on common random numbers, and ranked by the effect on the pool balance at
the horizon (tornado.csv). A global method, Morris elementary effects over the
ranges of the uncertainty: section, gives each key's mean absolute effect with
its standard error (morris.csv).

Usage:
  simulate sensitivity -s BASE [--keys k1,k2] [--step 0.1] [--trajectories 10] -o DIR [run flags]

Default keys: every entry of the scenario's uncertainty: section.

Examples:
  simulate sensitivity -s national-2021 -r 100 -o out/sensitivity
  simulate sensitivity -s qiannan-2022 --keys outpatient.cap,contributions.employer_rate --step 0.2 -o out/sens

The results table gives each key's effect, down and up, ranked.
` + outputHelp + `
Exit codes: 0 success, 1 run-time failure, 2 bad flag or scenario, 130/143 after a signal.
`

func cmdSensitivity(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o runOptions
	fs := newFlagSet("sensitivity", sensitivityHelp, stdout, stderr)
	o.addFlags(fs, false)
	keysFlag := fs.String("keys", "", "the keys to move, `k1,k2` (default: the uncertainty: section's)")
	step := flagvalue.FloatVar(fs, "step", 0.1, "relative move `STEP` of each key, down and up")
	trajectories := flagvalue.IntVar(fs, "trajectories", 10, "Morris trajectories `R` (0: none)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if len(o.Precision) > 0 {
		return usagef("--precision is not available for sensitivity: its effects are differences between runs of one size on common random numbers; set --replications")
	}
	so, err := o.study("sensitivity", args)
	if err != nil {
		return err
	}
	spec := studies.SensitivitySpec{Keys: *keysFlag, Step: *step, Trajectories: *trajectories}
	return studies.Sensitivity(ctx, so, spec, newEnv(stdout, stderr, &o))
}
