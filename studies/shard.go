package studies

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"simulate/model"
	"simulate/reports"
	"simulate/scenarios"
)

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
		return nil, UsageError{err}
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
	b, err := f.ReadFile(reports.RunMetaFile)
	if err != nil {
		return reports.RunMeta{}, UsageError{err}
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

// Merge combines the output folders dirs of the shards of a run (run
// --shard K/N) or of a sweep into o.Out: exactly what one unsharded run or
// sweep would have written. Every shard's files are checked against its
// manifest and its scenario against the run's fingerprint first.
func Merge(dirs []string, o *Options, env Env) error {
	if f, err := reports.ReadFolder(dirs[0]); err == nil && f.Kind == "sweep" {
		return mergeSweep(dirs, o, env)
	}
	out, quiet, stdout, stderr := &o.Out, &o.Quiet, env.Stdout, env.Stderr
	started := time.Now()
	shards, err := checkShards(dirs)
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
		b, err := sh.folder.ReadFile(reports.ScenarioFile)
		if err != nil {
			return UsageError{err}
		}
		sc, w, err := scenarios.LoadBytes(filepath.Join(sh.dir, reports.ScenarioFile), b)
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
	folder, stage, err := env.openStage(o, "run", m.Fingerprint, nil)
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
		reps, values, err := reports.ReadReplications(filepath.Join(sh.dir, reports.ReplicationsFile), years)
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
		if !sh.folder.Has(reports.GroupReplicationsFile) {
			withGroupReps, res.RepGroups = false, nil
		} else if withGroupReps {
			b, err := sh.folder.ReadFile(reports.GroupReplicationsFile)
			if err != nil {
				return UsageError{Err: err}
			}
			rows, err := reports.ParseGroupReplications(filepath.Join(sh.dir, reports.GroupReplicationsFile), bytes.NewReader(b), years, reps)
			if err != nil {
				return fmt.Errorf("%s: %w", sh.dir, err)
			}
			res.RepGroups = append(res.RepGroups, rows...)
		}
		if err := reports.AddGroupsAcc(filepath.Join(sh.dir, reports.GroupsAccFile), res.Groups); err != nil {
			return fmt.Errorf("%s: %w", sh.dir, err)
		}
		sum, err := reports.ReadSummary(filepath.Join(sh.dir, reports.SummaryFile))
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
		return UsageError{Err: err}
	}
	sum := reports.Summarize(res, s.Fund.Bands)
	sum.Warnings = o.say(warnings, model.Warnings(s, m.Replications, m.Members)) // of the whole run
	sum.Version = model.Version
	sum.Fingerprint = m.Fingerprint
	meta := m
	meta.Shard = nil
	meta.CommandLine = append([]string{"simulate", o.Command}, o.Args...)
	meta.Output = *out
	meta.Start, meta.End = started.UTC(), time.Now().UTC()
	meta.Host, meta.GoVersion, meta.VCSRevision = "", "", ""
	run, err := reports.WriteRun(stage, res, sum, meta, saved, true)
	if err != nil {
		return err
	}
	po := Options{Lang: "en", Unit: "yi", Quiet: *quiet, MemoryLimit: o.MemoryLimit}
	if err := Present(run, stage, &po, stderr); err != nil {
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
