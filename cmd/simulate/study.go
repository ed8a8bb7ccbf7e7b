package main

import (
	"context"
	"io"
	"os"

	"simulate/reports"
	"simulate/studies"
)

// study returns the settings of a study of command (run with args) from
// the run flags of o, checked first.
func (o *runOptions) study(command string, args []string) (*studies.Options, error) {
	if err := o.check(); err != nil {
		return nil, err
	}
	return &studies.Options{
		Command: command, Args: args, Scenario: o.Scenario, Out: o.Out, Force: o.Force,
		Replications: int(o.Replications), Members: int(o.Members), Seed: o.Seed, Horizon: o.Horizon,
		Workers: o.Workers, Design: o.Design, Precision: o.Precision, MaxReplications: int(o.MaxReplications),
		MemoryLimit: o.memoryLimit(), KeepReplications: o.KeepReplications, DryRun: o.DryRun, Quiet: o.Quiet,
		Lang: o.Lang, Unit: o.Unit, Font: o.Font, NoReport: o.NoReport, NoCharts: o.NoCharts, Metric: o.Metric, CPUProfile: o.CPUProfile,
		Words: flagWords{},
	}, nil
}

// memoryLimit returns --max-memory, or 90% of the available memory.
func (o *runOptions) memoryLimit() int64 {
	return studies.MemoryLimit(int64(o.MaxMemory))
}

// sharded is study for a command that may be sharded (run, sweep): with
// the shard of --shard.
func (o *runOptions) sharded(command string, args []string) (*studies.Options, error) {
	so, err := o.study(command, args)
	if err != nil {
		return nil, err
	}
	so.Shard, err = studies.ParseShard(o.Shard, o.ShardCount, os.Getenv)
	return so, err
}

// newEnv returns what a study of the flags o gets from the command: stdout
// and stderr, the output folder (openOut) and progress on stderr unless
// quiet.
func newEnv(stdout, stderr io.Writer, o *runOptions) studies.Env {
	return studies.Env{
		Stdout: stdout,
		Stderr: stderr,
		Open: func(so *studies.Options, kind, id string, inputs []string) (*reports.Folder, bool, error) {
			f, resume, err := openOut(so.Out, so.Force, so.Command, kind, id)
			if err != nil {
				return nil, false, err
			}
			if err := protect(f, so, inputs); err != nil {
				f.Close()
				return nil, false, err
			}
			return f, resume, nil
		},
		Progress: func(what string) studies.Progress { return newProgress(stderr, o.Quiet, what) },
	}
}

// compare runs names[0] (the base) and the others on common random numbers
// (compare, run --against) into the folder of o.
func compare(ctx context.Context, o *runOptions, names []string, breakdown, command string, args []string, stdout, stderr io.Writer) error {
	so, err := o.study(command, args)
	if err != nil {
		return err
	}
	return studies.Compare(ctx, so, names, breakdown, newEnv(stdout, stderr, o))
}
