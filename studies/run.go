package studies

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/pprof"
	"time"

	"simulate/model"
	"simulate/reports"
	"simulate/scenarios"
)

// loadScenario resolves the scenario of o with the command-line overrides
// applied and validated (with its warnings, the sources of its values for
// the saved scenario.yaml, and the files it was read from); its errors are
// usage errors.
func loadScenario(o *Options) (*scenarios.Resolved, error) {
	r, err := scenarios.Resolve(o.Scenario)
	if err != nil {
		return nil, UsageError{err}
	}
	if o.Horizon != 0 {
		r.Scenario.Horizon = o.Horizon
		w, err := scenarios.Validate(r.Scenario)
		if err != nil {
			return nil, UsageError{fmt.Errorf("%s with --horizon %d: %w", o.Scenario, o.Horizon, err)}
		}
		r.Warnings = w
	}
	return r, nil
}

// Run simulates the scenario of o (or, with o.Shard, its slice of the
// replications) and writes summary.json, years.csv, solvency.csv,
// groups.csv, scenario.yaml, run.json and, unless sharded, the workbook
// and charts into o.Out; it prints the warnings and the results table.
func Run(ctx context.Context, o *Options, env Env) error {
	stdout, stderr := env.Stdout, env.Stderr
	shard := o.Shard
	var reps []int
	if shard != nil {
		if shard.Count > o.Replications {
			return usagef("--shard %d/%d: more shards than the %d replications", shard.Index, shard.Count, o.Replications)
		}
		reps = model.ShardReps(o.Replications, shard.Index, shard.Count)
		o.KeepReplications = true // merge needs every replication's values
	}
	r, err := loadScenario(o)
	if err != nil {
		return err
	}
	s, warnings, sources := r.Scenario, r.Warnings, r.Sources
	prec, err := parsePrecision(o, s, stderr)
	if err != nil {
		return err
	}
	est, err := checkSize(s, o, o.Workers)
	if o.DryRun {
		printEstimate(stdout, s, o, est)
		return err
	}
	if err != nil {
		return err
	}
	started := time.Now()
	canonical := scenarios.Canonical(s)
	fingerprint := reports.Fingerprint(canonical, o.Seed, o.Replications, o.Members, s.Horizon, o.Design, model.Version)
	request := requestFingerprint(canonical, o, s.Horizon)
	id := runID(request, shard)
	out, stage, err := env.openStage(o, "run", id, r.Files)
	if err != nil {
		return err
	}
	defer out.Close()
	// Progress in replication-years, so that a run of one large
	// replication (a national population) shows it too.
	prog := env.progress("replication-years")
	if o.CPUProfile != "" {
		f, err := os.Create(o.CPUProfile)
		if err != nil {
			return usagef("--cpuprofile: %v", unwrapPath(err))
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	runStart := time.Now()
	res, err := model.Run(ctx, s, model.Options{
		Seed:         o.Seed,
		Replications: o.Replications,
		Reps:         reps,
		Members:      o.Members,
		Workers:      o.Workers,
		Design:       o.Design,
		More:         prec.moreFunc(),
		Progress:     testHooks().ReplicationsDone,
		Years:        prog.Update,
	})
	if res != nil {
		res.Seconds = time.Since(runStart).Seconds() // perf: set-up and replications
	}
	prog.Done()
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return err
	}
	if res.Replications != o.Replications {
		o.Replications = res.Replications
		fingerprint = reports.Fingerprint(canonical, o.Seed, res.Replications, o.Members, s.Horizon, o.Design, model.Version)
	}
	sum := reports.Summarize(res, s.Fund.Bands)
	sum.Warnings = o.say(warnings, res.Warnings)
	sum.Version = model.Version
	sum.Fingerprint = fingerprint
	if err := prec.finishSummary(res, sum, request); err != nil {
		return err
	}
	meta := reports.RunMeta{
		CommandLine:  append([]string{"simulate", o.Command}, o.Args...),
		Output:       o.Out,
		Workers:      o.Workers,
		Shard:        shard,
		Start:        started.UTC(),
		End:          time.Now().UTC(),
		Version:      model.Version,
		Seed:         o.Seed,
		Replications: o.Replications,
		Members:      o.Members,
		Horizon:      s.Horizon,
		Scenario:     s.Name,
		Fingerprint:  fingerprint,
		Design:       o.Design.String(),
	}
	if shard != nil {
		if err := reports.WriteGroupsAcc(filepath.Join(stage, reports.GroupsAccFile), res.Groups); err != nil {
			return err
		}
	}
	run, err := reports.WriteRun(stage, res, sum, meta, scenarios.Annotated(s, sources), o.KeepReplications)
	if err != nil {
		return err
	}
	if shard == nil {
		if err := Present(run, stage, o, stderr); err != nil {
			return err
		}
	}
	if err := out.Commit(stage, reports.Commit{Reset: true, Kind: "run", ID: id}); err != nil {
		return err
	}
	return writeRunResults(stdout, stderr, o, o.Workers, s, sum)
}

// writeRunResults prints what a run (or a merge of its shards) prints: its
// warnings on stderr, its results table on stdout unless quiet.
func writeRunResults(stdout, stderr io.Writer, o *Options, workers int, s *model.Scenario, sum *reports.Summary) error {
	log := newWarningLog("run", o, workers)
	log.addRun(s.Name, s, sum)
	log.write(stderr)
	results := unlessQuiet(o.Quiet, stdout)
	if err := reports.WriteText(results, sum, o.Out); err != nil {
		return err
	}
	writePrecisionText(results, sum)
	return nil
}

// runID is the identity of a run's output folder: its fingerprint, and
// the shard it holds.
func runID(fingerprint string, shard *reports.Shard) string {
	if shard == nil {
		return fingerprint
	}
	return fmt.Sprintf("%s|shard %d/%d", fingerprint, shard.Index, shard.Count)
}
