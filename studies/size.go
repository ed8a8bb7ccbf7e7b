package studies

import (
	"fmt"
	"io"
	"math"

	"simulate/internal/numform"
	"simulate/model"
)

// checkSize estimates the run of s and refuses, before anything is
// allocated, one that would not fit in the memory limit.
func checkSize(s *model.Scenario, o *Options, workers int) (model.Estimate, error) {
	e := model.EstimateRun(s, o.Replications, o.Members, workers)
	if limit := o.MemoryLimit; e.Bytes > limit {
		return e, usagef("this run needs about %s of memory (%d member slots × %d replications in flight, %d replications of %d years), more than the limit of %s (--max-memory); use fewer --members, --replications or --workers, or shard it (--shard K/N)",
			numform.Bytes(e.Bytes), e.PeakMembers, e.InFlight, o.Replications, s.Horizon, numform.Bytes(limit))
	}
	return e, nil
}

// printEstimate writes the --dry-run estimate.
func printEstimate(w io.Writer, s *model.Scenario, o *Options, e model.Estimate) {
	fmt.Fprintf(w, "%s: %d replications × %d members × %d years (weight %.4g)\n", s.Name, o.Replications, o.Members, s.Horizon, s.Population.Insured/float64(o.Members))
	fmt.Fprintf(w, "memory: about %s (limit %s): %d member slots at their peak, %d replications in flight\n",
		numform.Bytes(e.Bytes), numform.Bytes(o.MemoryLimit), e.PeakMembers, e.InFlight)
	fmt.Fprintf(w, "time: about %s for %.3g member-years on %d workers (a rough figure; simulate bench measures this machine)\n",
		numform.Duration(e.Seconds), e.MemberYears, o.Workers)
	printPrecisionEstimate(w, o)
}

// printPrecisionEstimate says, with --precision, that the estimate is of
// the first batch and how far the run may grow.
func printPrecisionEstimate(w io.Writer, o *Options) {
	if len(o.Precision) > 0 {
		fmt.Fprintf(w, "with --precision: the estimate is of the first batch of %d replications; the run may grow to --max-replications %d (time in proportion)\n",
			o.Replications, o.MaxReplications)
	}
}

// jobEstimate is the estimate of a job of several simulated runs (a
// sweep's points, a comparison's scenarios, a solve's evaluations).
type jobEstimate struct {
	runs        int
	parallel    int            // runs at once
	largest     model.Estimate // of the largest run
	bytes       int64          // at the peak: the largest run's, times the runs at once
	memberYears float64
	seconds     float64
}

// estimateJob estimates a job that simulates each of runs with the run
// flags of o, parallel of them at once on workers workers each, and refuses
// it (a usage error, returned with the estimate) when its peak memory is
// above the limit.
func estimateJob(runs []*model.Scenario, o *Options, parallel, workers int) (jobEstimate, error) {
	j := jobEstimate{runs: len(runs), parallel: max(parallel, 1)}
	for _, s := range runs {
		e := model.EstimateRun(s, o.Replications, o.Members, workers)
		if e.Bytes > j.largest.Bytes {
			j.largest = e
		}
		j.memberYears += e.MemberYears
		j.seconds += e.Seconds / float64(j.parallel)
	}
	j.bytes = int64(math.Min(float64(j.largest.Bytes)*float64(j.parallel), math.MaxInt64/2))
	if limit := o.MemoryLimit; j.bytes > limit {
		return j, usagef("this job needs about %s of memory (%d runs, %d at once, the largest with %d member slots × %d replications in flight), more than the limit of %s (--max-memory); use fewer --members or --workers, or shard it (--shard K/N)",
			numform.Bytes(j.bytes), j.runs, j.parallel, j.largest.PeakMembers, j.largest.InFlight, numform.Bytes(limit))
	}
	return j, nil
}

// printJobEstimate writes the --dry-run estimate of a job: what is the
// job, in words ("sweep of qiannan-2022: 16 points").
func printJobEstimate(w io.Writer, what string, o *Options, horizon int, j jobEstimate) {
	fmt.Fprintf(w, "%s, each %d replications × %d members × %d years\n", what, o.Replications, o.Members, horizon)
	fmt.Fprintf(w, "memory: about %s (limit %s): %d runs, %d at once, the largest with %d member slots at their peak and %d replications in flight\n",
		numform.Bytes(j.bytes), numform.Bytes(o.MemoryLimit), j.runs, j.parallel, j.largest.PeakMembers, j.largest.InFlight)
	fmt.Fprintf(w, "time: about %s for %.3g member-years on %d workers (a rough figure; simulate bench measures this machine); nothing simulated or written\n",
		numform.Duration(j.seconds), j.memberYears, o.Workers)
	printPrecisionEstimate(w, o)
}

// repeated returns s n times, for a job of n runs of scenarios the size of
// s.
func repeated(s *model.Scenario, n int) []*model.Scenario {
	out := make([]*model.Scenario, n)
	for i := range out {
		out[i] = s
	}
	return out
}
