package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"simulate/model"
	"simulate/reports"
)

// readSweepFile reads dir/sweep.json.
func readSweepFile(dir string) (sweepFile, error) {
	var f sweepFile
	b, err := os.ReadFile(filepath.Join(dir, "sweep.json"))
	if err != nil {
		return f, usagef("%s: no sweep.json: not a sweep shard (%v)", dir, unwrapPath(err))
	}
	if err := json.Unmarshal(b, &f); err != nil {
		return f, usagef("%s: sweep.json: %v", dir, err)
	}
	return f, nil
}

// mergeSweep combines the directories of a sweep's shards (sweep --shard
// K/N) into out: every point, sweep.csv, sweep.json, the base scenario and
// the workbook and charts — what one unsharded sweep would have written.
func mergeSweep(dirs []string, out string, force, quiet bool, args []string, stdout, stderr io.Writer) error {
	started := time.Now()
	files := make([]sweepFile, len(dirs))
	for i, d := range dirs {
		f, err := readSweepFile(d)
		if err != nil {
			return err
		}
		if f.Shard == nil {
			return usagef("%s: not a shard (its sweep.json has no shard)", d)
		}
		if f.SpecHash != files[0].SpecHash && i > 0 {
			return usagef("%s: a different sweep from %s (keys, points, scenario or run flags differ)", d, dirs[0])
		}
		files[i] = f
	}
	first := files[0]
	if first.Spec.Version != model.Version {
		return usagef("%s: made by version %s; this program is version %s", dirs[0], first.Spec.Version, model.Version)
	}
	n := first.Shard.Count
	byIndex := make([]string, n)
	for i, f := range files {
		if f.Shard.Count != n {
			return usagef("%s: shard count %d differs from %d in %s", dirs[i], f.Shard.Count, n, dirs[0])
		}
		if byIndex[f.Shard.Index] != "" {
			return usagef("%s: shard %d/%d is given twice (also %s)", dirs[i], f.Shard.Index, n, byIndex[f.Shard.Index])
		}
		byIndex[f.Shard.Index] = dirs[i]
	}
	var missing []string
	for k, d := range byIndex {
		if d == "" {
			missing = append(missing, fmt.Sprintf("%d/%d", k, n))
		}
	}
	if len(missing) > 0 {
		return usagef("shards %s are missing: the sweep is incomplete", strings.Join(missing, ", "))
	}
	spec := first.Spec
	if err := prepareStudyOut(out, force, "sweep.json", first.SpecHash); err != nil {
		return err
	}
	for k, d := range byIndex {
		for _, i := range model.ShardReps(len(spec.Points), k, n) {
			name := fmt.Sprintf("%04d", i)
			src, dst := filepath.Join(d, "points", name), filepath.Join(out, "points", name)
			sum, err := reports.ReadSummary(filepath.Join(src, "summary.json"))
			if err != nil || sum.Fingerprint != first.Fingerprints[i] {
				return usagef("%s: point %s is missing or unfinished (rerun the shard: it resumes)", d, name)
			}
			if err := os.MkdirAll(dst, 0o755); err != nil {
				return err
			}
			var copies []reports.File
			for _, f := range []string{"years.csv", "solvency.csv", "summary.json"} {
				b, err := os.ReadFile(filepath.Join(src, f))
				if err != nil {
					return fmt.Errorf("%s: %w", d, err)
				}
				copies = append(copies, reports.File{Path: filepath.Join(dst, f), Write: func(w io.Writer) error { _, err := w.Write(b); return err }})
			}
			if err := reports.WriteFilesAtomic(copies); err != nil {
				return err
			}
		}
	}
	whole := first
	whole.Shard, whole.Hash = nil, first.SpecHash
	if err := writeJSON(filepath.Join(out, "sweep.json"), whole); err != nil {
		return err
	}
	scenario, err := os.ReadFile(filepath.Join(dirs[0], "scenario.yaml"))
	if err != nil {
		return fmt.Errorf("%s: %w", dirs[0], err)
	}
	if err := reports.WriteFileAtomic(filepath.Join(out, "scenario.yaml"), func(w io.Writer) error { _, err := w.Write(scenario); return err }); err != nil {
		return err
	}
	if err := writeSweepCSV(out, spec); err != nil {
		return err
	}
	o := runOptions{Out: out, Seed: spec.Seed, Replications: count(spec.Replications), Members: count(spec.Members), Lang: "en", Unit: "yi", Quiet: quiet}
	if err := writeMeta(out, studyMeta(&o, "merge", args, started, spec.Base, spec.BaseFingerprint, spec.Horizon)); err != nil {
		return err
	}
	if err := present(out, &o, stderr); err != nil {
		return err
	}
	if !quiet {
		fmt.Fprintf(stdout, "merged %d shards of the sweep of %s: %d points\noutput: %s (sweep.csv, points/)\n", n, spec.Base, len(spec.Points), out)
	}
	return nil
}
