package main

import (
	"context"
	"io"
	"simulate/internal/flagvalue"

	"simulate/studies"
)

const sweepHelp = `simulate sweep: run a scenario at many points of its parameters, on common
random numbers, so that differences between points are the policy, not noise.
Each point writes points/NNNN/{summary.json,years.csv,solvency.csv,
solvency-events.csv}; sweep.csv
has one row per point. A rerun into the same directory resumes: finished points
are kept, not recomputed.

Usage:
  simulate sweep -s BASE --vary KEY=SPEC [--vary KEY=SPEC ...] [--zip]
                 [--samples N] [--metrics a,b] -o DIR [run flags]

SPEC is a list V1,V2,..., a range LOW:HIGH:STEP, or with --samples an interval
LOW:HIGH (Latin hypercube). KEY is a key path into any number, e.g.
outpatient.ratio.primary, outpatient.cap.retired, outpatient.ratio.2025.primary.
Axes cross unless --zip pairs them. A scenario file may hold the same in a
sweep: section ({vary: {KEY: SPEC}, zip, samples, metrics}).

Every point is judged against --target (default p_depleted@horizon <= 0.05):
sweep.csv gives the target's figure with its 95% interval and the verdict,
met, not met or undecided (the interval straddles the value); with
--precision each point runs until its estimates are that precise.

The chart of two keys is the decision chart of --metric: ` + metricHelp + `;
each point in the fixed colour of its band, with the frontier, the base's
values framed and the undecided points ringed (simulate chart DIR --metric M
redraws it for another).

Examples:
  simulate sweep -s qiannan-2022 --vary outpatient.ratio.primary=0.6:0.9:0.05 \
      --vary outpatient.cap=1500,2000,3000 -r 200 -o out/ratio-cap
  simulate sweep -s qiannan-2022 --vary contributions.employer_rate=0.05:0.09 --samples 40 -o out/lhs

The results table lists the points (the first 20; sweep.csv has all) with
the target's figure, its 95% interval and the verdict, and counts the
verdicts.
` + outputHelp + `
Exit codes: 0 success, 1 run-time failure, 2 bad flag, spec or scenario,
130/143 after SIGINT/SIGTERM (finished points are kept).
`

func cmdSweep(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o runOptions
	fs := newFlagSet("sweep", sweepHelp, stdout, stderr)
	o.addFlags(fs, false)
	vary := fs.StringArray("vary", nil, "vary `KEY=SPEC` (repeatable)")
	zip := fs.Bool("zip", false, "pair the axes instead of crossing them")
	samples := flagvalue.CountVar(fs, "samples", studies.MaxPoints, "draw `N` points by Latin hypercube over LOW:HIGH intervals")
	metrics := fs.String("metrics", "", "also report these metrics' horizon means in sweep.csv (`a,b`)")
	fs.StringVar(&o.Metric, "metric", "", "figure of the decision chart: `pool_months_p05|p_below_warning|p_insufficient|p_depleted` (default months of payment P5)")
	targetText := fs.String("target", studies.DefaultSweepTarget, "judge every point against `EXPR` (as solve's --target): sweep.csv's verdict is met, not met or undecided at the point's precision, and the chart marks undecided points")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	so, err := o.sharded("sweep", args)
	if err != nil {
		return err
	}
	spec := studies.SweepSpec{Vary: *vary, Zip: *zip, Samples: *samples, Metrics: *metrics, Target: *targetText}
	return studies.Sweep(ctx, so, spec, newEnv(stdout, stderr, &o))
}
