package main

import (
	"bytes"
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
	"syscall"
	"text/tabwriter"
	"time"

	"go.yaml.in/yaml/v3"

	"simulate/model"
	"simulate/reports"
	"simulate/scenarios"
	"simulate/sweeps"
)

const sweepHelp = `simulate sweep: run a scenario at many points of its parameters, on common
random numbers, so that differences between points are the policy, not noise.
Each point writes points/NNNN/{summary.json,years.csv,solvency.csv,
solvency-events.csv}; sweep.csv
has one row per point. A rerun into the same directory resumes: finished points
are kept, not recomputed.

Usage:
  simulate sweep -s BASE --vary KEY=SPEC [--vary KEY=SPEC ...] [--zip]
                 [--samples N] [--metrics a,b] -o DIR [run flags]

SPEC is a list V1,V2,..., a range LOW:HIGH:STEP, or with --samples an interval
LOW:HIGH (Latin hypercube). KEY is a key path into any number, e.g.
outpatient.ratio.primary, outpatient.cap.retired, outpatient.ratio.2025.primary.
Axes cross unless --zip pairs them. A scenario file may hold the same in a
sweep: section ({vary: {KEY: SPEC}, zip, samples, metrics}).

Every point is judged against --target (default p_depleted@horizon <= 0.05):
sweep.csv gives the target's figure with its 95% interval and the verdict,
met, not met or undecided (the interval straddles the value); with
--precision each point runs until its estimates are that precise.

The chart of two keys is the decision chart of --metric: pool_months_p05
(months of payment at the horizon, P5; the default), p_below_warning,
p_insufficient or p_depleted, each point in the fixed colour of its band,
with the frontier, the base's values framed and the undecided points ringed
(simulate chart DIR --metric M redraws it for another).

Examples:
  simulate sweep -s qiannan-2022 --vary outpatient.ratio.primary=0.6:0.9:0.05 \
      --vary outpatient.cap=1500,2000,3000 -r 200 -o out/ratio-cap
  simulate sweep -s qiannan-2022 --vary contributions.employer_rate=0.05:0.09 --samples 40 -o out/lhs

The results table lists the points (the first 20; sweep.csv has all) with
the target's figure, its 95% interval and the verdict, and counts the
verdicts.
` + outputHelp + `
Exit codes: 0 success, 1 run-time failure, 2 bad flag, spec or scenario,
130/143 after SIGINT/SIGTERM (finished points are kept).
`

// defaultSweepTarget is the target a sweep judges its points against
// unless --target says otherwise: the 5% contour of the sweep chart.
const defaultSweepTarget = "p_depleted@horizon <= 0.05"

// sweepSection is a scenario file's sweep: section.
type sweepSection struct {
	Vary    yaml.Node `yaml:"vary"`
	Zip     bool      `yaml:"zip"`
	Samples int       `yaml:"samples"`
	Metrics []string  `yaml:"metrics"`
}

// sweepSpec is what identifies a sweep: a rerun with the same spec resumes.
type sweepSpec struct {
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

func (s sweepSpec) hash() string {
	b, _ := json.Marshal(s)
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// varyFromSection turns a sweep: section's vary mapping into --vary args.
func varyFromSection(n *yaml.Node) ([]string, error) {
	if n.Kind == 0 {
		return nil, nil
	}
	if n.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("line %d: sweep.vary: want a mapping of KEY: SPEC", n.Line)
	}
	var out []string
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if v.Kind != yaml.ScalarNode {
			return nil, fmt.Errorf("line %d: sweep.vary.%s: want a SPEC such as 0.5:0.8:0.1 or 1000,2000", v.Line, k.Value)
		}
		out = append(out, k.Value+"="+v.Value)
	}
	return out, nil
}

// sweepFile is sweep.json: the sweep's spec and identity, the shard a
// directory holds (nil: all points) and each point's fingerprint.
type sweepFile struct {
	Spec         sweepSpec      `json:"spec"`
	Hash         string         `json:"hash"`
	SpecHash     string         `json:"spec_hash"`
	Shard        *reports.Shard `json:"shard"`
	Fingerprints []string       `json:"fingerprints"`
}

// sweepRows reads the saved summaries of the sweep's points in the folder
// dir, those marked in mine (nil: every point), and judges each against the
// sweep's target.
func sweepRows(dir string, spec sweepSpec, mine []bool) ([]reports.SweepRow, error) {
	text := spec.Target
	if text == "" {
		text = defaultSweepTarget
	}
	target, err := sweeps.ParseTarget(text)
	if err != nil {
		return nil, usagef("sweep.json: %v", err)
	}
	var rows []reports.SweepRow
	for i, values := range spec.Points {
		if mine != nil && !mine[i] {
			continue
		}
		sum, err := reports.ReadSummary(filepath.Join(dir, pointDir(i), "summary.json"))
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
func writeSweepCSV(out string, spec sweepSpec, rows []reports.SweepRow) error {
	return reports.WriteSweepCSV(filepath.Join(out, "sweep.csv"), spec.Keys, spec.Metrics, spec.Target, rows)
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
func writeSweepResults(stdout, stderr io.Writer, o *runOptions, workers int, base *model.Scenario, spec sweepSpec, rows []reports.SweepRow, what, tail string) {
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
		target = defaultSweepTarget
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
		count[string(sweeps.Met)], count[string(sweeps.NotMet)], count[string(sweeps.Undecided)], tail)
}

// pointDir is the folder of sweep point i, relative to the sweep's.
func pointDir(i int) string { return fmt.Sprintf("points/%04d", i) }

// sweepPoint is one point to run.
type sweepPoint struct {
	sweeps.Point
	s           *model.Scenario
	warnings    []string
	fingerprint string
}

func cmdSweep(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o runOptions
	fs := newFlagSet("sweep", sweepHelp, stdout, stderr)
	o.AddFlags(fs)
	vary := fs.StringArray("vary", nil, "vary `KEY=SPEC` (repeatable)")
	zip := fs.Bool("zip", false, "pair the axes instead of crossing them")
	samples := new(sampleCount)
	fs.Var(samples, "samples", "draw `N` points by Latin hypercube over LOW:HIGH intervals")
	metrics := fs.String("metrics", "", "also report these metrics' horizon means in sweep.csv (`a,b`)")
	fs.StringVar(&o.Metric, "metric", "", "figure of the decision chart: `pool_months_p05|p_below_warning|p_insufficient|p_depleted` (default months of payment P5)")
	targetText := fs.String("target", defaultSweepTarget, "judge every point against `EXPR` (as solve's --target): sweep.csv's verdict is met, not met or undecided at the point's precision, and the chart marks undecided points")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	if err := o.check(); err != nil {
		return err
	}
	shard, err := shardSpec(o.Shard, o.ShardCount, os.Getenv)
	if err != nil {
		return err
	}
	started := time.Now()
	r, err := scenarios.Resolve(o.Scenario)
	if err != nil {
		return usageError{err}
	}
	base := r.Scenario
	if _, err := applyOverrides(base, &o, o.Scenario); err != nil {
		return err
	}
	target, err := sweeps.ParseTarget(*targetText)
	if err != nil {
		return usageError{fmt.Errorf("--target: %w", err)}
	}
	if target.Year != 0 && (target.Year < base.BaseYear || target.Year > base.LastYear()) {
		return usagef("--target: year %d is outside the run's %d–%d", target.Year, base.BaseYear, base.LastYear())
	}
	if _, ok := model.MetricByName(target.Metric); !ok && !sweeps.IsShare(target.Metric) {
		return usagef("--target: unknown metric %q", target.Metric)
	}
	var metricList []string
	if *metrics != "" {
		metricList = strings.Split(*metrics, ",")
	}
	if len(*vary) == 0 && r.Sweep != nil {
		var sec sweepSection
		b, _ := yaml.Marshal(r.Sweep)
		dec := yaml.NewDecoder(bytes.NewReader(b))
		dec.KnownFields(true)
		if err := dec.Decode(&sec); err != nil {
			return usagef("%s: sweep: %v", o.Scenario, err)
		}
		args, err := varyFromSection(&sec.Vary)
		if err != nil {
			return usagef("%s: %v", o.Scenario, err)
		}
		*vary, *zip = args, sec.Zip
		if *samples == 0 {
			*samples = sampleCount(sec.Samples)
		}
		if len(metricList) == 0 {
			metricList = sec.Metrics
		}
	}
	for _, m := range metricList {
		if _, ok := model.MetricByName(m); !ok {
			return usagef("--metrics: unknown metric %q", m)
		}
	}
	if *samples < 0 {
		return usagef("--samples must be at least 1, got %d", *samples)
	}
	var axes []sweeps.Axis
	for _, v := range *vary {
		a, err := sweeps.ParseVary(v, *samples > 0)
		if err != nil {
			return usageError{err}
		}
		if _, err := base.Get(a.Key); err != nil {
			return usagef("--vary %s: %v", a.Key, err)
		}
		axes = append(axes, a)
	}
	pts, err := sweeps.Points(axes, *zip, int(*samples), o.Seed)
	if err != nil {
		return usageError{err}
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
		fp := requestFingerprint(scenarios.Canonical(s), &o, s.Horizon)
		points[i] = sweepPoint{Point: p, s: s, warnings: warnings, fingerprint: fp}
	}
	if len(problems) > 0 {
		return usageError{errors.Join(problems...)}
	}
	spec := sweepSpec{Schema: "simulate/sweep/v1", Base: base.Name,
		BaseFingerprint: reports.Fingerprint(scenarios.Canonical(base), o.Seed, int(o.Replications), int(o.Members), base.Horizon, o.Design, model.Version),
		Keys:            keys, Metrics: metricList, Seed: o.Seed, Replications: int(o.Replications), Members: int(o.Members),
		Horizon: base.Horizon, Version: model.Version, Design: o.Design.String(), Target: target.Text}
	if len(o.Precision) > 0 {
		spec.Precision, spec.MaxReplications = o.Precision, int(o.MaxReplications)
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
	if shard != nil {
		if shard.Count > len(points) {
			return usagef("--shard %d/%d: more shards than the sweep's %d points", shard.Index, shard.Count, len(points))
		}
		clear(mine)
		for _, i := range model.ShardReps(len(points), shard.Index, shard.Count) {
			mine[i] = true
		}
		id = fmt.Sprintf("%s|shard %d/%d", id, shard.Index, shard.Count)
	}
	// Points run side by side when replications alone do not fill the
	// workers; each result is the same either way.
	parallel, perPoint := 1, o.Workers
	if int(o.Replications) < o.Workers {
		parallel, perPoint = o.Workers, 1
	}
	var runs []*model.Scenario
	for i, p := range points {
		if mine[i] {
			runs = append(runs, p.s)
		}
	}
	est, err := estimateJob(runs, &o, min(parallel, len(runs)), perPoint)
	if o.DryRun {
		printJobEstimate(stdout, fmt.Sprintf("sweep of %s: %d points", base.Name, len(runs)), &o, base.Horizon, est)
		return err
	}
	if err != nil {
		return err
	}
	folder, resume, err := openOut(o.Out, o.Force, "sweep", "sweep", id)
	if err != nil {
		return err
	}
	defer folder.Close()
	if err := protect(folder, &o, r.Files); err != nil {
		return err
	}
	fingerprints := make([]string, len(points))
	for i, p := range points {
		fingerprints[i] = p.fingerprint
	}
	if err := commitFiles(folder, reports.Commit{Reset: !resume, Kind: "sweep", ID: id, Replace: []string{"sweep.json"}}, func(stage string) error {
		return writeJSON(filepath.Join(stage, "sweep.json"), sweepFile{Spec: spec, Hash: id, SpecHash: spec.hash(),
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
	prog := newProgress(stderr, o.Quiet, "points")
	hookPoint, hookSignal := signalHook(os.Getenv("SIMULATE_TEST_SIGNAL"))
	var mu sync.Mutex
	done := total - len(todo)
	prog.update(done, total)
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
				out, err := simulateScenario(ctx, p.s, p.warnings, &o, perPoint, nil)
				if err == nil {
					err = commitFiles(folder, reports.Commit{Replace: []string{pointDir(i) + "/"}}, func(stage string) error {
						dir := filepath.Join(stage, pointDir(i))
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
					prog.update(done, total)
				}
				mu.Unlock()
				if err == nil && i == hookPoint {
					signalSelf(hookSignal)
				}
			}
		}()
	}
	wg.Wait()
	prog.done()
	if firstErr != nil {
		return firstErr
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	rows, err := sweepRows(o.Out, spec, mine)
	if err != nil {
		return err
	}
	meta := studyMeta(&o, "sweep", args, started, base.Name, spec.BaseFingerprint, base.Horizon)
	meta.Shard = shard
	if err := commitFiles(folder, reports.Commit{Replace: []string{"scenario.yaml", "sweep.csv", "run.json"}}, func(stage string) error {
		if err := writeBytes(filepath.Join(stage, "scenario.yaml"), scenarios.Annotated(base, r.Sources)); err != nil {
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
		writeSweepResults(stdout, stderr, &o, perPoint, base, spec, rows,
			fmt.Sprintf("shard %d/%d of the sweep of %s (%d points in all)", shard.Index, shard.Count, base.Name, len(points)),
			fmt.Sprintf("output: %s (points/); combine the shards with simulate merge", o.Out))
		return nil
	}
	if err := commitFiles(folder, reports.Commit{Replace: presented}, func(stage string) error {
		return present(o.Out, stage, &o, stderr)
	}); err != nil {
		return err
	}
	writeSweepResults(stdout, stderr, &o, perPoint, base, spec, rows, "sweep of "+base.Name, fmt.Sprintf("output: %s (sweep.csv, points/)", o.Out))
	return nil
}

// signalHook parses the test hook SIMULATE_TEST_SIGNAL=K:SIG (SIG one of
// KILL, INT, TERM): the sweep sends itself the signal once point K is
// written, so that tests interrupt it at a known point without sleeping.
func signalHook(v string) (int, syscall.Signal) {
	k, name, ok := strings.Cut(v, ":")
	point, err := strconv.Atoi(k)
	if !ok || err != nil {
		return -1, 0
	}
	switch name {
	case "KILL":
		return point, syscall.SIGKILL
	case "INT":
		return point, syscall.SIGINT
	case "TERM":
		return point, syscall.SIGTERM
	}
	return -1, 0
}

func pointLabel(keys []string, values []float64) string {
	parts := make([]string, len(keys))
	for i := range keys {
		parts[i] = keys[i] + "=" + strconv.FormatFloat(values[i], 'g', -1, 64)
	}
	return strings.Join(parts, ", ")
}

func writeJSON(path string, v any) error {
	return reports.WriteFileAtomic(path, func(w io.Writer) error {
		b, err := json.MarshalIndent(v, "", "  ")
		if err != nil {
			return err
		}
		_, err = w.Write(append(b, '\n'))
		return err
	})
}

// pointFinished reports whether sweep point i is finished in the folder:
// its files match the manifest and its summary.json carries fingerprint
// (requestFingerprint: with --precision, the run it asked for).
func pointFinished(f *reports.Folder, i int, fingerprint string) bool {
	rel := pointDir(i) + "/summary.json"
	if !f.Has(rel) || f.Verify(pointDir(i)+"/") != nil {
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

// commitFiles writes files into a new stage of f with write and commits
// them as c says; on an error before the commit f is unchanged.
func commitFiles(f *reports.Folder, c reports.Commit, write func(stage string) error) error {
	stage, err := f.Stage()
	if err != nil {
		return err
	}
	if err := write(stage); err != nil {
		return err // the stage goes with f.Close
	}
	return f.Commit(stage, c)
}
