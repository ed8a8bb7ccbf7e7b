package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"simulate/model"
	"simulate/reports"
	"simulate/scenarios"
)

// shardSpec parses --shard K/N, or --shard env with the index and count
// from the scheduler's environment (SLURM_ARRAY_TASK_ID and
// SLURM_ARRAY_TASK_COUNT; JOB_COMPLETION_INDEX with --shard-count N).
// It returns nil when the run is not sharded: nothing shards itself
// silently.
func shardSpec(spec string, count int, getenv func(string) string) (*reports.Shard, error) {
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

// shardDir is a shard's output folder, checked against its manifest, and
// its run.json.
type shardDir struct {
	dir    string
	folder *reports.Folder
	meta   reports.RunMeta
}

// openShard reads the output folder dir of a shard (of a run, kind "run",
// or of a sweep, kind "sweep") and checks every file against its manifest.
func openShard(dir, kind string) (*reports.Folder, error) {
	f, err := reports.ReadFolder(dir)
	if err != nil {
		return nil, usageError{err}
	}
	if f.Empty() {
		return nil, usagef("%s: no %s: not the output of a run of this version", dir, reports.ManifestName)
	}
	if f.Kind != kind {
		return nil, usagef("%s: holds a %s, not a %s", dir, f.Kind, kind)
	}
	if err := f.Verify(""); err != nil {
		return nil, usagef("%s: its files are not those this program wrote (altered, damaged or copied from another run):\n%v", dir, err)
	}
	return f, nil
}

// readRunMeta reads and checks the run.json of a shard folder.
func readRunMeta(f *reports.Folder) (reports.RunMeta, error) {
	b, err := f.ReadFile("run.json")
	if err != nil {
		return reports.RunMeta{}, usageError{err}
	}
	m, err := reports.ParseRunMeta(b)
	if err != nil {
		return reports.RunMeta{}, usagef("%s: %v", f.Dir, err)
	}
	return m, nil
}

// checkShards checks that the shards form one complete run and returns
// them in shard order.
func checkShards(dirs []string) ([]shardDir, error) {
	var shards []shardDir
	for _, d := range dirs {
		f, err := openShard(d, "run")
		if err != nil {
			return nil, err
		}
		m, err := readRunMeta(f)
		if err != nil {
			return nil, err
		}
		if m.Shard == nil {
			return nil, usagef("%s: not a shard (its run.json has no shard)", d)
		}
		if f.ID != runID(m.Fingerprint, m.Shard) {
			return nil, usagef("%s: run.json does not belong to the run its %s records", d, reports.ManifestName)
		}
		shards = append(shards, shardDir{d, f, m})
	}
	first := shards[0]
	for _, s := range shards[1:] {
		a, b := first.meta, s.meta
		diff := func(what string, x, y any) error {
			return usagef("%s: %s %v differs from %v in %s", s.dir, what, y, x, first.dir)
		}
		switch {
		case a.Scenario != b.Scenario:
			return nil, diff("scenario", a.Scenario, b.Scenario)
		case a.Seed != b.Seed:
			return nil, diff("seed", a.Seed, b.Seed)
		case a.Version != b.Version:
			return nil, diff("version", a.Version, b.Version)
		case a.GOARCH != b.GOARCH:
			return nil, diff("architecture", a.GOARCH, b.GOARCH)
		case a.Fingerprint != b.Fingerprint:
			return nil, diff("fingerprint", a.Fingerprint, b.Fingerprint)
		case a.Shard.Count != b.Shard.Count:
			return nil, diff("shard count", a.Shard.Count, b.Shard.Count)
		}
	}
	if first.meta.Version != model.Version {
		return nil, usagef("%s: made by version %s; this program is version %s", first.dir, first.meta.Version, model.Version)
	}
	n := first.meta.Shard.Count
	byIndex := make([]*shardDir, n)
	for i := range shards {
		s := &shards[i]
		k := s.meta.Shard.Index
		if k < 0 || k >= n {
			return nil, usagef("%s: shard %d of %d is out of range", s.dir, k, n)
		}
		if byIndex[k] != nil {
			return nil, usagef("%s: shard %d/%d is given twice (also %s)", s.dir, k, n, byIndex[k].dir)
		}
		byIndex[k] = s
	}
	var missing []string
	for k, s := range byIndex {
		if s == nil {
			missing = append(missing, fmt.Sprintf("%d/%d", k, n))
		}
	}
	if len(missing) > 0 {
		return nil, usagef("shards %s are missing: the run is incomplete (a scheduler's exit status can miss a failed task)", strings.Join(missing, ", "))
	}
	out := make([]shardDir, n)
	for k, s := range byIndex {
		out[k] = *s
	}
	return out, nil
}

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
	if f, err := reports.ReadFolder(fs.Arg(0)); err == nil && f.Kind == "sweep" {
		return mergeSweep(fs.Args(), *out, *force, *quiet, args, stdout, stderr)
	}
	started := time.Now()
	shards, err := checkShards(fs.Args())
	if err != nil {
		return err
	}
	first := shards[0]
	m := first.meta
	design, err := model.ParseDesign(m.Design)
	if err != nil {
		return usagef("%s: run.json: %v", first.dir, err)
	}
	var s *model.Scenario
	var warnings []string
	var saved []byte
	for _, sh := range shards {
		// Every shard's scenario must give the run's fingerprint: the
		// shards are slices of one run, not files put side by side.
		b, err := sh.folder.ReadFile("scenario.yaml")
		if err != nil {
			return usageError{err}
		}
		sc, w, err := scenarios.LoadBytes(filepath.Join(sh.dir, "scenario.yaml"), b)
		if err != nil {
			return usagef("%s: %v", sh.dir, err)
		}
		design, err := model.ParseDesign(sh.meta.Design)
		if err != nil {
			return usagef("%s: run.json: %v", sh.dir, err)
		}
		if fp := reports.Fingerprint(scenarios.Canonical(sc), sh.meta.Seed, sh.meta.Replications, sh.meta.Members, sh.meta.Horizon, design, model.Version); fp != sh.meta.Fingerprint {
			return usagef("%s: scenario.yaml does not match the run's fingerprint", sh.dir)
		}
		if sh.dir == first.dir {
			s, warnings, saved = sc, w, b
		}
	}
	for _, sh := range shards {
		if same, err := sameFolder(sh.dir, *out); err != nil || same {
			return usagef("-o %s is one of the shards it merges (%s); choose another folder", *out, sh.dir)
		}
	}
	folder, stage, err := openStage(&runOptions{Out: *out, Force: *force}, "merge", "run", m.Fingerprint, nil)
	if err != nil {
		return err
	}
	defer folder.Close()
	years := make([]int, s.Horizon)
	for y := range years {
		years[y] = s.BaseYear + y
	}
	res := &model.Result{
		Scenario: s.Name, Seed: m.Seed, Replications: m.Replications, Design: design, Members: m.Members,
		Population: s.Population.Insured, Weight: s.Population.Insured / float64(m.Members), Years: years,
		Groups: make([]model.GroupYear, s.Horizon*model.NumGroups),
	}
	withGroupReps := true
	for _, sh := range shards {
		reps, values, err := reports.ReadReplications(filepath.Join(sh.dir, "replications.csv"), years)
		if err != nil {
			return fmt.Errorf("%s: %w", sh.dir, err)
		}
		want := model.ShardReps(m.Replications, sh.meta.Shard.Index, sh.meta.Shard.Count)
		if fmt.Sprint(reps) != fmt.Sprint(want) {
			return usagef("%s: holds replications %v, want %v for shard %d/%d", sh.dir, reps, want, sh.meta.Shard.Index, sh.meta.Shard.Count)
		}
		res.Reps = append(res.Reps, reps...)
		res.Values = append(res.Values, values...)
		// The replications' group sums give the merged group means their
		// intervals; a shard of an earlier version has none, and then
		// the merged run's group means have none either.
		if !sh.folder.Has("groups-replications.csv") {
			withGroupReps, res.RepGroups = false, nil
		} else if withGroupReps {
			b, err := sh.folder.ReadFile("groups-replications.csv")
			if err != nil {
				return usageError{err}
			}
			rows, err := reports.ParseGroupReplications(filepath.Join(sh.dir, "groups-replications.csv"), bytes.NewReader(b), years, reps)
			if err != nil {
				return fmt.Errorf("%s: %w", sh.dir, err)
			}
			res.RepGroups = append(res.RepGroups, rows...)
		}
		if err := reports.AddGroupsAcc(filepath.Join(sh.dir, "groups-acc.json"), res.Groups); err != nil {
			return fmt.Errorf("%s: %w", sh.dir, err)
		}
		sum, err := reports.ReadSummary(filepath.Join(sh.dir, "summary.json"))
		if err != nil {
			return usagef("%s: %v", sh.dir, err)
		}
		if sum.Fingerprint != m.Fingerprint {
			return usagef("%s: summary.json is of another run (fingerprint %.12s…, want %.12s…)", sh.dir, sum.Fingerprint, m.Fingerprint)
		}
		res.MemberYears += sum.Perf.MemberYears
		res.Seconds += sum.Perf.Seconds
	}
	if err := checkGroupSums(res); err != nil {
		return usageError{err}
	}
	res.Warnings = append(append([]string(nil), warnings...), model.Warnings(s, m.Replications, m.Members)...)
	sum := reports.Summarize(res, s.Fund.Bands)
	sum.Version = model.Version
	sum.Fingerprint = m.Fingerprint
	meta := m
	meta.Shard = nil
	meta.CommandLine = append([]string{"simulate", "merge"}, args...)
	meta.Output = *out
	meta.Start, meta.End = started.UTC(), time.Now().UTC()
	meta.Host, meta.GoVersion, meta.VCSRevision = "", "", ""
	if err := reports.WriteRun(stage, res, sum, meta, saved, true); err != nil {
		return err
	}
	po := runOptions{Lang: "en", Unit: "yi", Quiet: *quiet}
	if err := present(stage, stage, &po, stderr); err != nil {
		return err
	}
	if err := folder.Commit(stage, reports.Commit{Reset: true, Kind: "run", ID: m.Fingerprint}); err != nil {
		return err
	}
	po.Out = *out
	fmt.Fprintf(unlessQuiet(*quiet, stdout), "merged %d shards of %s (%d replications)\n", len(shards), s.Name, m.Replications)
	return writeRunResults(stdout, stderr, &po, runtime.NumCPU(), s, sum)
}

// sameFolder reports whether the folders a and b are one (b may not exist
// yet).
func sameFolder(a, b string) (bool, error) {
	fa, err := os.Stat(a)
	if err != nil {
		return false, err
	}
	fb, err := os.Stat(b)
	if err != nil {
		return false, nil
	}
	return os.SameFile(fa, fb), nil
}

// checkGroupSums reports whether the replications' group sums of a merged
// result (read from the shards' groups-replications.csv) add up to its
// group accumulators (from their groups-acc.json), as they do in any run.
func checkGroupSums(res *model.Result) error {
	if res.RepGroups == nil {
		return nil
	}
	for g := range res.Groups {
		var sum model.GroupSum
		for _, row := range res.RepGroups {
			sum.Members += row[g].Members
			sum.CashFen += row[g].CashFen
			sum.BurdenFen += row[g].BurdenFen
		}
		a := &res.Groups[g]
		if sum != (model.GroupSum{Members: a.Members, CashFen: a.CashFen, BurdenFen: a.BurdenFen}) {
			return fmt.Errorf("merge: the shards' groups-replications.csv do not add up to their groups-acc.json (group %d of year %d)", g%model.NumGroups, res.Years[g/model.NumGroups])
		}
	}
	return nil
}
