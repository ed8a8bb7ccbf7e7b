package studies

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"simulate/model"
	"simulate/reports"
	"simulate/scenarios"
)

// DefaultSweepTarget is the target a sweep judges its points against
// unless --target says otherwise: the 5% contour of the sweep chart.
const DefaultSweepTarget = "p_depleted@horizon <= 0.05"

// sweepID is what identifies a sweep: a rerun with the same spec resumes.
type sweepID struct {
	Schema          string      `json:"schema"`
	Base            string      `json:"base"`
	BaseFingerprint string      `json:"base_fingerprint"`
	Keys            []string    `json:"keys"`
	Points          [][]float64 `json:"points"`
	Metrics         []string    `json:"metrics"`
	Seed            uint64      `json:"seed"`
	Replications    int         `json:"replications"`
	Members         int         `json:"members"`
	Horizon         int         `json:"horizon"`
	Version         string      `json:"version"`
	Design          string      `json:"design"`
	// Precision and MaxReplications are the points' --precision targets
	// and maximum; Target the condition each point is judged against.
	Precision       []string `json:"precision,omitempty"`
	MaxReplications int      `json:"max_replications,omitempty"`
	Target          string   `json:"target"`
}

func (s sweepID) hash() string {
	b, _ := json.Marshal(s)
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// sweepFile is sweep.json: the sweep's spec and identity, the shard a
// directory holds (nil: all points) and each point's fingerprint.
type sweepFile struct {
	Spec         sweepID        `json:"spec"`
	Hash         string         `json:"hash"`
	SpecHash     string         `json:"spec_hash"`
	Shard        *reports.Shard `json:"shard"`
	Fingerprints []string       `json:"fingerprints"`
}

// sweepRows reads the saved summaries of the sweep's points in the folder
// dir, those marked in mine (nil: every point), and judges each against the
// sweep's target.
func sweepRows(dir string, spec sweepID, mine []bool) ([]reports.SweepRow, error) {
	text := spec.Target
	if text == "" {
		text = DefaultSweepTarget
	}
	target, err := ParseTarget(text)
	if err != nil {
		return nil, usagef("sweep.json: %v", err)
	}
	var rows []reports.SweepRow
	for i, values := range spec.Points {
		if mine != nil && !mine[i] {
			continue
		}
		sum, err := reports.ReadSummary(filepath.Join(dir, reports.PointDir(i), reports.SummaryFile))
		if err != nil {
			return nil, err
		}
		fig, lo, hi, verdict, err := target.Judge(sum)
		if err != nil {
			return nil, usagef("--target: %v", err)
		}
		rows = append(rows, reports.SweepRow{Point: i, Values: values, Sum: sum, Figure: fig, Lo: lo, Hi: hi, Verdict: string(verdict)})
	}
	return rows, nil
}

// writeSweepCSV writes out/sweep.csv of the rows of every point.
func writeSweepCSV(out string, spec sweepID, rows []reports.SweepRow) error {
	return reports.WriteSweepCSV(filepath.Join(out, reports.SweepFile), spec.Keys, spec.Metrics, spec.Target, rows)
}

// sweepTableRows is the most points the results table of a sweep lists;
// sweep.csv has every one.
const sweepTableRows = 20

// writeSweepResults prints what a sweep (or a merge of its shards) prints:
// the warnings of its points (rows) on stderr, and unless quiet its results
// table on stdout: what was run (what: "sweep of NAME"), each point's
// values, target figure with its 95% interval and verdict, the verdicts
// counted, and where the files are (tail). base is the sweep's base
// scenario, from which each point's is made for the advice of its warnings.
func writeSweepResults(stdout, stderr io.Writer, o *Options, workers int, base *model.Scenario, spec sweepID, rows []reports.SweepRow, what, tail string) {
	log := newWarningLog("point", o, workers)
	for _, r := range rows {
		s := base.Clone()
		for j, k := range spec.Keys {
			if s.Set(k, r.Values[j]) != nil {
				s = base
				break
			}
		}
		log.addRun(fmt.Sprintf("point %d (%s)", r.Point, pointLabel(spec.Keys, r.Values)), s, r.Sum)
	}
	log.write(stderr)
	w := unlessQuiet(o.Quiet, stdout)
	target := spec.Target
	if target == "" {
		target = DefaultSweepTarget
	}
	reps := fmt.Sprintf("%d replications", spec.Replications)
	if len(spec.Precision) > 0 {
		reps = fmt.Sprintf("%d or more replications (--precision)", spec.Replications)
	}
	fmt.Fprintf(w, "%s: %d points × %s × %d members, each judged against %s\n", what, len(rows), reps, spec.Members, target)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "point\t%s\tfigure [95%% interval]\tverdict\treplications\n", strings.Join(spec.Keys, "\t"))
	count := map[string]int{}
	for i, r := range rows {
		count[r.Verdict]++
		if i >= sweepTableRows {
			continue
		}
		values := make([]string, len(r.Values))
		for j, v := range r.Values {
			values[j] = strconv.FormatFloat(v, 'g', -1, 64)
		}
		fmt.Fprintf(tw, "%d\t%s\t%.4g [%.4g, %.4g]\t%s\t%d\n", r.Point, strings.Join(values, "\t"), r.Figure, r.Lo, r.Hi, r.Verdict, r.Sum.Replications)
	}
	tw.Flush()
	if len(rows) > sweepTableRows {
		fmt.Fprintf(w, "… and %d more points (sweep.csv has every one)\n", len(rows)-sweepTableRows)
	}
	fmt.Fprintf(w, "%d points: %d met, %d not met, %d undecided\n%s\n", len(rows),
		count[string(Met)], count[string(NotMet)], count[string(Undecided)], tail)
}

// sweepPoint is one point to run.
type sweepPoint struct {
	Point
	s           *model.Scenario
	warnings    []string
	fingerprint string
}

// Sweep runs the scenario of o at every point of req on common random
// numbers and writes each point's files (points/NNNN/), sweep.json and
// sweep.csv, each point judged against the target. A sweep into a folder
// holding the same sweep resumes it: finished points are kept. With
// o.Shard it runs only that slice of the points.
func Sweep(ctx context.Context, o *Options, req SweepSpec, env Env) error {
	stdout, stderr := env.Stdout, env.Stderr
	shard := o.Shard
	started := time.Now()
	pl, err := planSweep(o, req)
	if err != nil {
		return err
	}
	r, base, spec, id, points, mine := pl.r, pl.base, pl.spec, pl.id, pl.points, pl.mine
	// Points run side by side when replications alone do not fill the
	// workers; each result is the same either way.
	parallel, perPoint := 1, o.Workers
	if o.Replications < o.Workers {
		parallel, perPoint = o.Workers, 1
	}
	var runs []*model.Scenario
	for i, p := range points {
		if mine[i] {
			runs = append(runs, p.s)
		}
	}
	est, err := estimateJob(runs, o, min(parallel, len(runs)), perPoint)
	if o.DryRun {
		printJobEstimate(stdout, fmt.Sprintf("sweep of %s: %d points", base.Name, len(runs)), o, base.Horizon, est)
		return err
	}
	if err != nil {
		return err
	}
	folder, resume, err := env.Open(o, "sweep", id, r.Files)
	if err != nil {
		return err
	}
	defer folder.Close()
	fingerprints := make([]string, len(points))
	for i, p := range points {
		fingerprints[i] = p.fingerprint
	}
	if err := commitFiles(folder, reports.Commit{Reset: !resume, Kind: "sweep", ID: id, Replace: []string{reports.SweepSpecFile}}, func(stage string) error {
		return writeJSON(filepath.Join(stage, reports.SweepSpecFile), sweepFile{Spec: spec, Hash: id, SpecHash: spec.hash(),
			Shard: shard, Fingerprints: fingerprints})
	}); err != nil {
		return err
	}

	// Which points are finished: their files match the manifest and their
	// summary.json carries the point's fingerprint; any other is computed
	// (again).
	var todo []int
	for i, p := range points {
		if !mine[i] {
			continue
		}
		if pointFinished(folder, i, p.fingerprint) {
			continue
		}
		todo = append(todo, i)
	}
	total := 0
	for _, m := range mine {
		if m {
			total++
		}
	}
	if len(todo) < total {
		fmt.Fprintf(unlessQuiet(o.Quiet, stderr), "resuming: %d of %d points already finished\n", total-len(todo), total)
	}
	if err := pl.runPoints(ctx, o, folder, todo, total-len(todo), total, parallel, perPoint, env); err != nil {
		return err
	}
	rows, err := sweepRows(o.Out, spec, mine)
	if err != nil {
		return err
	}
	meta := studyMeta(o, started, base.Name, spec.BaseFingerprint, base.Horizon)
	meta.Shard = shard
	if err := commitFiles(folder, reports.Commit{Replace: []string{reports.ScenarioFile, reports.SweepFile, reports.RunMetaFile}}, func(stage string) error {
		if err := writeBytes(filepath.Join(stage, reports.ScenarioFile), scenarios.Annotated(base, r.Sources)); err != nil {
			return err
		}
		if shard == nil {
			if err := writeSweepCSV(stage, spec, rows); err != nil {
				return err
			}
		}
		return writeMeta(stage, meta)
	}); err != nil {
		return err
	}
	if shard != nil {
		writeSweepResults(stdout, stderr, o, perPoint, base, spec, rows,
			fmt.Sprintf("shard %d/%d of the sweep of %s (%d points in all)", shard.Index, shard.Count, base.Name, len(points)),
			fmt.Sprintf("output: %s (points/); combine the shards with simulate merge", o.Out))
		return nil
	}
	if err := commitFiles(folder, reports.Commit{Replace: presented}, func(stage string) error {
		return PresentDir(o.Out, stage, o, stderr)
	}); err != nil {
		return err
	}
	writeSweepResults(stdout, stderr, o, perPoint, base, spec, rows, "sweep of "+base.Name, fmt.Sprintf("output: %s (sweep.csv, points/)", o.Out))
	return nil
}

// sweepPlan is a sweep made ready to run: its base scenario as resolved,
// every point built and validated, what identifies the sweep (spec, and id
// with the shard), and the points this run simulates (mine).
type sweepPlan struct {
	r      *scenarios.Resolved
	base   *model.Scenario
	spec   sweepID
	id     string
	points []sweepPoint
	mine   []bool
}

// planSweep resolves the scenario of o, reads the axes of req (or of the
// scenario's sweep: section), and builds and validates every point before
// any work starts.
func planSweep(o *Options, req SweepSpec) (*sweepPlan, error) {
	r, err := scenarios.Resolve(o.Scenario)
	if err != nil {
		return nil, UsageError{err}
	}
	base := r.Scenario
	if _, err := applyOverrides(base, o, o.Scenario); err != nil {
		return nil, err
	}
	target, err := ParseTarget(req.Target)
	if err != nil {
		return nil, UsageError{fmt.Errorf("--target: %w", err)}
	}
	if target.Year != 0 && (target.Year < base.BaseYear || target.Year > base.LastYear()) {
		return nil, usagef("--target: year %d is outside the run's %d–%d", target.Year, base.BaseYear, base.LastYear())
	}
	if _, ok := model.MetricByName(target.Metric); !ok && !IsShare(target.Metric) {
		return nil, usagef("--target: unknown metric %q", target.Metric)
	}
	var metricList []string
	if req.Metrics != "" {
		metricList = strings.Split(req.Metrics, ",")
	}
	if len(req.Vary) == 0 && r.Sweep != nil {
		// The scenario's sweep: section, checked where it was read.
		req.Vary, req.Zip = r.Sweep.Vary, r.Sweep.Zip
		if req.Samples == 0 {
			req.Samples = r.Sweep.Samples
		}
		if len(metricList) == 0 {
			metricList = r.Sweep.Metrics
		}
	}
	for _, m := range metricList {
		if _, ok := model.MetricByName(m); !ok {
			return nil, usagef("--metrics: unknown metric %q", m)
		}
	}
	if req.Samples < 0 {
		return nil, usagef("--samples must be at least 1, got %d", req.Samples)
	}
	var axes []Axis
	for _, v := range req.Vary {
		a, err := ParseVary(v, req.Samples > 0)
		if err != nil {
			return nil, UsageError{err}
		}
		if _, err := scenarios.CheckKey(base, a.Key); err != nil {
			return nil, usagef("--vary %s: %v", a.Key, err)
		}
		axes = append(axes, a)
	}
	pts, err := Points(axes, req.Zip, req.Samples, o.Seed)
	if err != nil {
		return nil, UsageError{err}
	}
	keys := make([]string, len(axes))
	for i, a := range axes {
		keys[i] = a.Key
	}
	// Every point is built and validated before any work starts.
	points := make([]sweepPoint, len(pts))
	var problems []error
	for i, p := range pts {
		s := base.Clone()
		var errs []error
		for j, k := range keys {
			if err := s.Set(k, p.Values[j]); err != nil {
				errs = append(errs, err)
			}
		}
		var warnings []string
		if len(errs) == 0 {
			w, err := scenarios.Validate(s)
			warnings = w
			if err != nil {
				errs = append(errs, err)
			}
		}
		if len(errs) > 0 {
			problems = append(problems, fmt.Errorf("point %d (%s): %w", i, pointLabel(keys, p.Values), errors.Join(errs...)))
			if len(problems) >= 10 {
				break
			}
			continue
		}
		fp := requestFingerprint(scenarios.Canonical(s), o, s.Horizon)
		points[i] = sweepPoint{Point: p, s: s, warnings: warnings, fingerprint: fp}
	}
	if len(problems) > 0 {
		return nil, UsageError{errors.Join(problems...)}
	}
	spec := sweepID{Schema: "simulate/sweep/v1", Base: base.Name,
		BaseFingerprint: reports.Fingerprint(scenarios.Canonical(base), o.Seed, o.Replications, o.Members, base.Horizon, o.Design, model.Version),
		Keys:            keys, Metrics: metricList, Seed: o.Seed, Replications: o.Replications, Members: o.Members,
		Horizon: base.Horizon, Version: model.Version, Design: o.Design.String(), Target: target.Text}
	if len(o.Precision) > 0 {
		spec.Precision, spec.MaxReplications = o.Precision, o.MaxReplications
	}
	for _, p := range pts {
		spec.Points = append(spec.Points, p.Values)
	}
	// A shard runs the K-th of N contiguous slices of the points; merge
	// puts the slices together.
	mine := make([]bool, len(points))
	for _, i := range model.ShardReps(len(points), 0, 1) {
		mine[i] = true
	}
	id := spec.hash()
	if shard := o.Shard; shard != nil {
		if shard.Count > len(points) {
			return nil, usagef("--shard %d/%d: more shards than the sweep's %d points", shard.Index, shard.Count, len(points))
		}
		clear(mine)
		for _, i := range model.ShardReps(len(points), shard.Index, shard.Count) {
			mine[i] = true
		}
		id = fmt.Sprintf("%s|shard %d/%d", id, shard.Index, shard.Count)
	}
	return &sweepPlan{r: r, base: base, spec: spec, id: id, points: points, mine: mine}, nil
}

// runPoints simulates the points todo of the plan, parallel at once on
// perPoint workers each, and commits each point's files into folder as it
// finishes, so that an interrupted sweep keeps them; done of total points
// were finished before.
func (pl *sweepPlan) runPoints(ctx context.Context, o *Options, folder *reports.Folder, todo []int, done, total, parallel, perPoint int, env Env) error {
	points := pl.points
	prog := env.progress("points")
	pointWritten := testHooks().PointWritten
	var mu sync.Mutex
	prog.Update(done, total)
	var firstErr error
	next := 0
	var wg sync.WaitGroup
	for range parallel {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				if next >= len(todo) || firstErr != nil || ctx.Err() != nil {
					mu.Unlock()
					return
				}
				i := todo[next]
				next++
				mu.Unlock()
				p := points[i]
				out, err := simulateScenario(ctx, p.s, p.warnings, o, perPoint, nil)
				if err == nil {
					err = commitFiles(folder, reports.Commit{Replace: []string{reports.PointDir(i) + "/"}}, func(stage string) error {
						dir := filepath.Join(stage, reports.PointDir(i))
						if err := os.MkdirAll(dir, 0o755); err != nil {
							return err
						}
						return reports.WritePoint(dir, out.sum)
					})
				}
				mu.Lock()
				if err != nil {
					if firstErr == nil {
						firstErr = err
					}
				} else {
					done++
					prog.Update(done, total)
				}
				mu.Unlock()
				if err == nil && pointWritten != nil {
					pointWritten(i) // a test hook
				}
			}
		}()
	}
	wg.Wait()
	prog.Done()
	if firstErr != nil {
		return firstErr
	}
	return ctx.Err()
}

// pointLabel names a point by its keys' values: "k=v, k2=v2".
func pointLabel(keys []string, values []float64) string {
	parts := make([]string, len(keys))
	for i := range keys {
		parts[i] = keys[i] + "=" + strconv.FormatFloat(values[i], 'g', -1, 64)
	}
	return strings.Join(parts, ", ")
}

// pointFinished reports whether sweep point i is finished in the folder:
// its files match the manifest and its summary.json carries fingerprint
// (requestFingerprint: with --precision, the run it asked for).
func pointFinished(f *reports.Folder, i int, fingerprint string) bool {
	rel := reports.PointDir(i) + "/summary.json"
	if !f.Has(rel) || f.Verify(reports.PointDir(i)+"/") != nil {
		return false
	}
	b, err := f.ReadFile(rel)
	if err != nil {
		return false
	}
	var sum reports.Summary
	if json.Unmarshal(b, &sum) != nil {
		return false
	}
	return sum.Fingerprint == fingerprint || sum.Precision != nil && sum.Precision.Request == fingerprint
}

// SweepSpec is what a sweep varies, as the flags of the sweep command
// give it; with no Vary, the scenario's sweep: section.
type SweepSpec struct {
	// Vary are the axes, each KEY=SPEC (ParseVary).
	Vary []string
	// Zip pairs the axes instead of crossing them.
	Zip bool
	// Samples, when not 0, draws that many points by Latin hypercube.
	Samples int
	// Metrics are more metrics for sweep.csv, comma-separated.
	Metrics string
	// Target is the condition every point is judged against.
	Target string
}
