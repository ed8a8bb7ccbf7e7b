package studies

import (
	"bytes"
	"encoding/json"
	"errors"
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

// readSweepFile reads and checks the sweep.json of a sweep folder: every
// count and index within its bounds, one fingerprint and one value per key
// for every point, and the spec's hash recomputed, so a hand-edited file is
// refused before any of its values is used.
func readSweepFile(f *reports.Folder) (sweepFile, error) {
	b, err := f.ReadFile("sweep.json")
	if err != nil {
		return sweepFile{}, UsageError{err}
	}
	sf, err := parseSweepFile(b)
	if err != nil {
		return sf, usagef("%s: sweep.json: %v", f.Dir, err)
	}
	return sf, nil
}

// parseSweepFile decodes a sweep.json strictly (one JSON value, no unknown
// field) and checks it.
func parseSweepFile(b []byte) (sweepFile, error) {
	var sf sweepFile
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&sf); err != nil {
		return sf, err
	}
	if dec.More() {
		return sf, errors.New("more than one JSON value")
	}
	return sf, sf.check()
}

// check validates a sweep.json.
func (f sweepFile) check() error {
	sp := f.Spec
	var errs []error
	if sp.Schema != "simulate/sweep/v1" {
		errs = append(errs, fmt.Errorf("schema %q, want simulate/sweep/v1", sp.Schema))
	}
	if len(sp.Points) == 0 || len(sp.Points) > maxSweepPoints {
		errs = append(errs, fmt.Errorf("%d points, want 1 to %d", len(sp.Points), maxSweepPoints))
	}
	for i, p := range sp.Points {
		if len(p) != len(sp.Keys) {
			errs = append(errs, fmt.Errorf("point %d has %d values for %d keys", i, len(p), len(sp.Keys)))
			break
		}
	}
	if len(f.Fingerprints) != len(sp.Points) {
		errs = append(errs, fmt.Errorf("%d fingerprints for %d points", len(f.Fingerprints), len(sp.Points)))
	}
	if sp.Replications < 1 || sp.Replications > reports.MaxReplications || sp.Members < 1 || sp.Members > reports.MaxMembers {
		errs = append(errs, fmt.Errorf("replications %d or members %d out of bounds", sp.Replications, sp.Members))
	}
	if sp.Horizon < 1 || sp.Horizon > 100 {
		errs = append(errs, fmt.Errorf("horizon %d outside 1…100", sp.Horizon))
	}
	if s := f.Shard; s != nil && (s.Count < 1 || s.Count > len(sp.Points) || s.Index < 0 || s.Index >= s.Count) {
		errs = append(errs, fmt.Errorf("shard %d/%d: the index must be from 0 to the count − 1, and the count from 1 to the points", s.Index, s.Count))
	}
	if len(errs) == 0 && f.SpecHash != sp.hash() {
		errs = append(errs, errors.New("spec_hash does not match the spec: the file was edited"))
	}
	return errors.Join(errs...)
}

// maxSweepPoints bounds a sweep's points (as --vary and --samples do).
const maxSweepPoints = 1_000_000

// mergeSweep combines the folders of a sweep's shards (sweep --shard K/N)
// into out: every point, sweep.csv, sweep.json, the base scenario and the
// workbook and charts — what one unsharded sweep would have written. Every
// shard's files are checked against its manifest and every point against
// its fingerprint before anything is written.
func mergeSweep(dirs []string, mo *Options, env Env) error {
	out, stdout, stderr := mo.Out, env.Stdout, env.Stderr
	started := time.Now()
	files := make([]sweepFile, len(dirs))
	folders := make([]*reports.Folder, len(dirs))
	for i, d := range dirs {
		sh, err := openShard(d, "sweep")
		if err != nil {
			return err
		}
		f, err := readSweepFile(sh)
		if err != nil {
			return err
		}
		if f.Shard == nil {
			return usagef("%s: not a shard (its sweep.json has no shard)", d)
		}
		if sh.ID != f.Hash || f.Hash != fmt.Sprintf("%s|shard %d/%d", f.SpecHash, f.Shard.Index, f.Shard.Count) {
			return usagef("%s: sweep.json does not belong to the sweep its %s records", d, reports.ManifestName)
		}
		if i > 0 && f.SpecHash != files[0].SpecHash {
			return usagef("%s: a different sweep from %s (keys, points, scenario or run flags differ)", d, dirs[0])
		}
		if same, err := sameFolder(d, out); err != nil || same {
			return usagef("-o %s is one of the shards it merges (%s); choose another folder", out, d)
		}
		files[i], folders[i] = f, sh
	}
	first := files[0]
	if first.Spec.Version != model.Version {
		return usagef("%s: made by version %s; this program is version %s", dirs[0], first.Spec.Version, model.Version)
	}
	n := first.Shard.Count
	byIndex := make([]int, n)
	for k := range byIndex {
		byIndex[k] = -1
	}
	for i, f := range files {
		if f.Shard.Count != n {
			return usagef("%s: shard count %d differs from %d in %s", dirs[i], f.Shard.Count, n, dirs[0])
		}
		if j := byIndex[f.Shard.Index]; j >= 0 {
			return usagef("%s: shard %d/%d is given twice (also %s)", dirs[i], f.Shard.Index, n, dirs[j])
		}
		byIndex[f.Shard.Index] = i
	}
	var missing []string
	for k, i := range byIndex {
		if i < 0 {
			missing = append(missing, fmt.Sprintf("%d/%d", k, n))
		}
	}
	if len(missing) > 0 {
		return usagef("shards %s are missing: the sweep is incomplete", strings.Join(missing, ", "))
	}
	spec := first.Spec
	o := Options{Command: mo.Command, Args: mo.Args, Out: out, Force: mo.Force, Seed: spec.Seed, Replications: spec.Replications, Members: spec.Members, Lang: "en", Unit: "yi", Quiet: mo.Quiet, MemoryLimit: mo.MemoryLimit}
	folder, stage, err := env.openStage(&o, "sweep", first.SpecHash, nil)
	if err != nil {
		return err
	}
	defer folder.Close()
	for k, i := range byIndex {
		sh, d := folders[i], dirs[i]
		for _, p := range model.ShardReps(len(spec.Points), k, n) {
			rel := pointDir(p)
			if !pointFinished(sh, p, first.Fingerprints[p]) {
				return usagef("%s: point %s is missing or unfinished (rerun the shard: it resumes)", d, filepath.Base(rel))
			}
			dst := filepath.Join(stage, filepath.FromSlash(rel))
			if err := os.MkdirAll(dst, 0o755); err != nil {
				return err
			}
			for _, name := range reports.PointFiles {
				if name == "solvency-events.csv" && !sh.Has(rel+"/"+name) {
					continue // a point of an earlier version: its solvency.csv holds the event years
				}
				b, err := sh.ReadFile(rel + "/" + name)
				if err != nil {
					return UsageError{err}
				}
				if err := writeBytes(filepath.Join(dst, name), b); err != nil {
					return err
				}
			}
		}
	}
	whole := first
	whole.Shard, whole.Hash = nil, first.SpecHash
	if err := writeJSON(filepath.Join(stage, "sweep.json"), whole); err != nil {
		return err
	}
	scenario, err := folders[byIndex[0]].ReadFile("scenario.yaml")
	if err != nil {
		return UsageError{err}
	}
	if err := writeBytes(filepath.Join(stage, "scenario.yaml"), scenario); err != nil {
		return err
	}
	base, _, err := scenarios.LoadBytes(filepath.Join(dirs[byIndex[0]], "scenario.yaml"), scenario)
	if err != nil {
		return usagef("%s: %v", dirs[byIndex[0]], err)
	}
	rows, err := sweepRows(stage, spec, nil)
	if err != nil {
		return err
	}
	if err := writeSweepCSV(stage, spec, rows); err != nil {
		return err
	}
	if err := writeMeta(stage, studyMeta(&o, started, spec.Base, spec.BaseFingerprint, spec.Horizon)); err != nil {
		return err
	}
	if err := Present(stage, stage, &o, stderr); err != nil {
		return err
	}
	if err := folder.Commit(stage, reports.Commit{Reset: true, Kind: "sweep", ID: first.SpecHash}); err != nil {
		return err
	}
	writeSweepResults(stdout, stderr, &o, runtime.NumCPU(), base, spec, rows,
		fmt.Sprintf("merged %d shards of the sweep of %s", n, spec.Base), fmt.Sprintf("output: %s (sweep.csv, points/)", out))
	return nil
}
