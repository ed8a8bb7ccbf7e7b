package main

import (
	"context"
	"io"

	"simulate/studies"
)

const mergeHelp = `simulate merge: combine the output directories of the shards of a run
(run --shard K/N) or of a sweep (sweep --shard K/N) into exactly what one
unsharded run or sweep would have produced.
It checks every shard's files against the shard's manifest.json and each
shard's scenario against the run's fingerprint, and refuses altered data, data
of another run, shards of different scenarios, fingerprints, seeds, versions or
architectures, missing or duplicated shards, and an output that is one of the
shards, naming the folder or file.

Usage:
  simulate merge DIR... -o OUT

Examples:
  simulate merge shards/0 shards/1 shards/2 shards/3 -o merged
  simulate merge shards/* -o merged --quiet
` + outputHelp + `
Exit codes: 0 success, 1 a shard could not be read, 2 the shards do not form
one complete run.
`

func cmdMerge(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("merge", mergeHelp, stdout, stderr)
	out := fs.StringP("out", "o", "", "output `DIR` of the merged run")
	quiet := fs.Bool("quiet", false, "no results table; warnings and errors are still printed on stderr")
	force := fs.Bool("force", false, "replace an earlier output in --out, and write beside files this program did not write (it never deletes or replaces those)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("want the shard directories to merge")
	}
	if *out == "" {
		return usagef("--out must name the directory of the merged run")
	}
	o := &studies.Options{Command: "merge", Args: args, Out: *out, Force: *force, Quiet: *quiet,
		MemoryLimit: (&runOptions{}).memoryLimit(), Words: flagWords{}}
	return studies.Merge(fs.Args(), o, newEnv(stdout, stderr, &runOptions{Quiet: *quiet}))
}
