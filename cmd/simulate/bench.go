package main

import (
	"context"
	"io"
	"simulate/internal/flagvalue"
	"simulate/studies"
)

const benchHelp = `simulate bench: measure the engine on the benchmark scenario bench-v1:
member-years per second, visits per second and resident bytes per member
beyond a fixed overhead. Given the path of the random-number floor program,
it runs the floor and the engine in one interleaved series (floor, engine,
floor, engine, …) and reports their ratios, since the machine's speed drifts.

Usage:
  simulate bench [-n N] [--workers W] [--rounds K] [--floor PATH] [--scaling]

Examples:
  simulate bench
  simulate bench -n 1e6 --workers 2 --rounds 5 --floor /tmp/floor --scaling

Exit codes: 0 success, 1 a run failed, 2 bad flag.
`

func cmdBench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("bench", benchHelp, stdout, stderr)
	members := flagvalue.Count(1000000)
	fs.VarP(&members, "members", "n", "synthetic members `N`")
	workers := flagvalue.IntVar(fs, "workers", 2, "worker goroutines (and floor threads) `W`")
	rounds := flagvalue.IntVar(fs, "rounds", 3, "interleaved rounds `K`")
	horizon := flagvalue.IntVar(fs, "horizon", 10, "simulated `YEARS`")
	floor := fs.String("floor", "", "`PATH` of the random-number floor program, to report ratios")
	scaling := fs.Bool("scaling", false, "also measure 1 worker, and report the 2-worker/1-worker ratio against the floor's")
	if err := parse(fs, args); err != nil {
		return err
	}
	spec := studies.BenchSpec{Members: int(members), Workers: *workers, Rounds: *rounds, Horizon: *horizon, Floor: *floor, Scaling: *scaling}
	return studies.Bench(ctx, spec, studies.Env{Stdout: stdout, Stderr: stderr})
}
