package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"simulate/internal/numform"
	"simulate/model"
)

// maxByteSize is the largest --max-memory, 1 PiB: far above any machine's
// memory, and far below the overflow of int64.
const maxByteSize = 1 << 50

// byteSize is a memory size flag: 8G, 500M, 2048K or bytes, the number
// written as a plain decimal, at most maxByteSize.
type byteSize int64

func (b *byteSize) String() string {
	if *b == 0 {
		return "90% of available memory"
	}
	return formatBytes(int64(*b))
}
func (b *byteSize) Type() string { return "size" }

func (b *byteSize) Set(s string) error {
	t := strings.TrimSpace(strings.ToUpper(s))
	t = strings.TrimSuffix(strings.TrimSuffix(t, "B"), "I")
	mult := 1.0
	if n := len(t); n > 0 {
		switch t[n-1] {
		case 'K':
			mult, t = 1<<10, t[:n-1]
		case 'M':
			mult, t = 1<<20, t[:n-1]
		case 'G':
			mult, t = 1<<30, t[:n-1]
		case 'T':
			mult, t = 1<<40, t[:n-1]
		case 'P':
			mult, t = 1<<50, t[:n-1]
		}
	}
	if w, ok := numform.Rewrite(t); ok && !numform.Plain(t) {
		return fmt.Errorf("%s: %s is not a plain decimal number (write %s)", s, t, w)
	}
	x, err := strconv.ParseFloat(t, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) || !numform.Plain(t) || !(x*mult >= 1) {
		return fmt.Errorf("want a size such as 8G, 500M or 1048576, got %q", s)
	}
	if x*mult > maxByteSize {
		return fmt.Errorf("%s: too large (at most 1P)", s)
	}
	*b = byteSize(x * mult)
	return nil
}

func formatBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.0f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d bytes", n)
}

// procField returns a field of a /proc file given in kB (as /proc/meminfo
// and /proc/self/status give memory), in bytes; 0 when unknown.
func procField(path, field string) int64 {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), field+":"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			if err != nil {
				return 0
			}
			return kb << 10
		}
	}
	return 0
}

// memoryLimit returns --max-memory, or 90% of the available memory.
func (o *runOptions) memoryLimit() int64 {
	if o.MaxMemory > 0 {
		return int64(o.MaxMemory)
	}
	if a := availableMemory(); a > 0 {
		return a / 10 * 9
	}
	return math.MaxInt64
}

// checkSize estimates the run of s and refuses, before anything is
// allocated, one that would not fit in the memory limit.
func checkSize(s *model.Scenario, o *runOptions, workers int) (model.Estimate, error) {
	e := model.EstimateRun(s, int(o.Replications), int(o.Members), workers)
	if limit := o.memoryLimit(); e.Bytes > limit {
		return e, usagef("this run needs about %s of memory (%d member slots × %d replications in flight, %d replications of %d years), more than the limit of %s (--max-memory); use fewer --members, --replications or --workers, or shard it (--shard K/N)",
			formatBytes(e.Bytes), e.PeakMembers, e.InFlight, o.Replications, s.Horizon, formatBytes(limit))
	}
	return e, nil
}

// printEstimate writes the --dry-run estimate.
func printEstimate(w io.Writer, s *model.Scenario, o *runOptions, e model.Estimate) {
	fmt.Fprintf(w, "%s: %d replications × %d members × %d years (weight %.4g)\n", s.Name, o.Replications, o.Members, s.Horizon, s.Population.Insured/float64(o.Members))
	fmt.Fprintf(w, "memory: about %s (limit %s): %d member slots at their peak, %d replications in flight\n",
		formatBytes(e.Bytes), formatBytes(o.memoryLimit()), e.PeakMembers, e.InFlight)
	fmt.Fprintf(w, "time: about %s for %.3g member-years on %d workers (a rough figure; simulate bench measures this machine)\n",
		formatDuration(e.Seconds), e.MemberYears, o.Workers)
	printPrecisionEstimate(w, o)
}

// printPrecisionEstimate says, with --precision, that the estimate is of
// the first batch and how far the run may grow.
func printPrecisionEstimate(w io.Writer, o *runOptions) {
	if len(o.Precision) > 0 {
		fmt.Fprintf(w, "with --precision: the estimate is of the first batch of %d replications; the run may grow to --max-replications %d (time in proportion)\n",
			o.Replications, o.MaxReplications)
	}
}

func formatDuration(sec float64) string {
	switch {
	case sec < 90:
		return fmt.Sprintf("%.0f s", math.Ceil(sec))
	case sec < 5400:
		return fmt.Sprintf("%.0f min", sec/60)
	}
	return fmt.Sprintf("%.1f h", sec/3600)
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
func estimateJob(runs []*model.Scenario, o *runOptions, parallel, workers int) (jobEstimate, error) {
	j := jobEstimate{runs: len(runs), parallel: max(parallel, 1)}
	for _, s := range runs {
		e := model.EstimateRun(s, int(o.Replications), int(o.Members), workers)
		if e.Bytes > j.largest.Bytes {
			j.largest = e
		}
		j.memberYears += e.MemberYears
		j.seconds += e.Seconds / float64(j.parallel)
	}
	j.bytes = int64(math.Min(float64(j.largest.Bytes)*float64(j.parallel), math.MaxInt64/2))
	if limit := o.memoryLimit(); j.bytes > limit {
		return j, usagef("this job needs about %s of memory (%d runs, %d at once, the largest with %d member slots × %d replications in flight), more than the limit of %s (--max-memory); use fewer --members or --workers, or shard it (--shard K/N)",
			formatBytes(j.bytes), j.runs, j.parallel, j.largest.PeakMembers, j.largest.InFlight, formatBytes(limit))
	}
	return j, nil
}

// printJobEstimate writes the --dry-run estimate of a job: what is the
// job, in words ("sweep of qiannan-2022: 16 points").
func printJobEstimate(w io.Writer, what string, o *runOptions, horizon int, j jobEstimate) {
	fmt.Fprintf(w, "%s, each %d replications × %d members × %d years\n", what, o.Replications, o.Members, horizon)
	fmt.Fprintf(w, "memory: about %s (limit %s): %d runs, %d at once, the largest with %d member slots at their peak and %d replications in flight\n",
		formatBytes(j.bytes), formatBytes(o.memoryLimit()), j.runs, j.parallel, j.largest.PeakMembers, j.largest.InFlight)
	fmt.Fprintf(w, "time: about %s for %.3g member-years on %d workers (a rough figure; simulate bench measures this machine); nothing simulated or written\n",
		formatDuration(j.seconds), j.memberYears, o.Workers)
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
