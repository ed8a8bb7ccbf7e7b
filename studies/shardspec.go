package studies

import (
	"simulate/reports"
	"strconv"
	"strings"
)

// ParseShard parses --shard K/N, or --shard env with the index and count
// from the scheduler's environment (SLURM_ARRAY_TASK_ID and
// SLURM_ARRAY_TASK_COUNT; JOB_COMPLETION_INDEX with --shard-count N).
// It returns nil when the run is not sharded: nothing shards itself
// silently.
func ParseShard(spec string, count int, getenv func(string) string) (*reports.Shard, error) {
	if spec == "" {
		if count != 0 {
			return nil, usagef("--shard-count needs --shard env")
		}
		return nil, nil
	}
	var k, n int
	var err error
	switch {
	case spec == "env":
		switch {
		case getenv("SLURM_ARRAY_TASK_ID") != "":
			k, err = strconv.Atoi(getenv("SLURM_ARRAY_TASK_ID"))
			if err != nil {
				return nil, usagef("--shard env: SLURM_ARRAY_TASK_ID=%q is not a number", getenv("SLURM_ARRAY_TASK_ID"))
			}
			n, err = strconv.Atoi(getenv("SLURM_ARRAY_TASK_COUNT"))
			if err != nil {
				return nil, usagef("--shard env: SLURM_ARRAY_TASK_COUNT=%q is not a number (submit with sbatch --array=0-$((N-1)))", getenv("SLURM_ARRAY_TASK_COUNT"))
			}
			if count != 0 && count != n {
				return nil, usagef("--shard-count %d disagrees with SLURM_ARRAY_TASK_COUNT=%d", count, n)
			}
		case getenv("JOB_COMPLETION_INDEX") != "":
			k, err = strconv.Atoi(getenv("JOB_COMPLETION_INDEX"))
			if err != nil {
				return nil, usagef("--shard env: JOB_COMPLETION_INDEX=%q is not a number", getenv("JOB_COMPLETION_INDEX"))
			}
			if count < 1 {
				return nil, usagef("--shard env with JOB_COMPLETION_INDEX needs --shard-count N (the Job's completions)")
			}
			n = count
		default:
			return nil, usagef("--shard env: neither SLURM_ARRAY_TASK_ID nor JOB_COMPLETION_INDEX is set")
		}
	default:
		ks, ns, ok := strings.Cut(spec, "/")
		k, err = strconv.Atoi(ks)
		var err2 error
		n, err2 = strconv.Atoi(ns)
		if !ok || err != nil || err2 != nil {
			return nil, usagef("--shard must be K/N (e.g. 0/4) or env, got %q", spec)
		}
		if count != 0 {
			return nil, usagef("--shard-count goes with --shard env only")
		}
	}
	if n < 1 || k < 0 || k >= n {
		return nil, usagef("--shard %d/%d: K must be from 0 to N−1 and N at least 1", k, n)
	}
	return &reports.Shard{Index: k, Count: n}, nil
}
