package studies

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"go.yaml.in/yaml/v3"

	"simulate/internal/inputfile"
	"simulate/model"
	"simulate/reports"
	"simulate/scenarios"
)

// breakdownFile is the --breakdown file.
type breakdownFile struct {
	Groups []struct {
		Name string   `yaml:"name"`
		Keys []string `yaml:"keys"`
	} `yaml:"groups"`
}

// Compare runs names[0] (the base) and the others on common random
// numbers and writes the comparison into the folder o.Out: each run, the
// paired differences (comparison.csv, groups-comparison.csv) and, with a
// breakdown file, each group's step (breakdown.csv).
func Compare(ctx context.Context, o *Options, names []string, breakdown string, env Env) error {
	stdout, stderr := env.Stdout, env.Stderr
	started := time.Now()
	var scs []*model.Scenario
	var warns [][]string
	var sources []map[string]string
	var inputs []string
	for _, n := range names {
		r, err := scenarios.Resolve(n)
		if err != nil {
			return UsageError{err}
		}
		s, w := r.Scenario, r.Warnings
		sources = append(sources, r.Sources)
		inputs = append(inputs, r.Files...)
		w2, err := applyOverrides(s, o, n)
		if err != nil {
			return err
		}
		scs = append(scs, s)
		warns = append(warns, append(w, w2...))
	}
	for i, s := range scs[1:] {
		if s.BaseYear != scs[0].BaseYear || s.Horizon != scs[0].Horizon {
			return usagef("%s runs %d–%d but the base %s runs %d–%d: compared scenarios need the same years",
				names[i+1], s.BaseYear, s.LastYear(), names[0], scs[0].BaseYear, scs[0].LastYear())
		}
	}
	var groups breakdownFile
	if breakdown != "" {
		if len(scs) != 2 {
			return usagef("--breakdown compares exactly two scenarios, got %d", len(scs))
		}
		b, err := inputfile.ReadFile(breakdown, maxBreakdownSize, "a breakdown file")
		if err != nil {
			return usagef("--breakdown: %v", unwrapPath(err))
		}
		dec := yaml.NewDecoder(bytes.NewReader(b))
		dec.KnownFields(true)
		if err := dec.Decode(&groups); err != nil {
			return usagef("--breakdown %s: %v", breakdown, err)
		}
		for _, g := range groups.Groups {
			for _, k := range g.Keys {
				if err := scs[0].Clone().CopyKey(scs[1], k); err != nil {
					return usagef("--breakdown %s: group %q: %v", breakdown, g.Name, err)
				}
			}
		}
	}
	// The breakdown runs one scenario the size of the base per group but
	// the last.
	est, err := estimateJob(append(append([]*model.Scenario(nil), scs...), repeated(scs[0], len(groups.Groups))...), o, 1, o.Workers)
	if o.DryRun {
		printJobEstimate(stdout, fmt.Sprintf("comparison of %s: %d scenarios and %d breakdown steps", strings.Join(names, ", "), len(scs), len(groups.Groups)), o, scs[0].Horizon, est)
		return err
	}
	if err != nil {
		return err
	}
	id := fmt.Sprintf("%v|%s|%d|%d|%d|%d", names, breakdown, o.Seed, o.Replications, o.Members, scs[0].Horizon)
	folder, stage, err := env.openStage(o, "compare", id, append(inputs, breakdown))
	if err != nil {
		return err
	}
	defer folder.Close()
	if err := writeJSON(filepath.Join(stage, reports.CompareFile), map[string]any{"scenarios": names, "breakdown": breakdown, "hash": id}); err != nil {
		return err
	}
	prog := env.progress("scenarios")
	outs, cmpPrecision, err := comparePaired(ctx, scs, warns, o, stderr)
	if err != nil {
		return err
	}
	runs := make([]*reports.Saved, len(scs))
	for i, s := range scs {
		out := outs[i]
		dir := filepath.Join(stage, filepath.FromSlash(reports.RunDir(i, safeName(s.Name))))
		meta := studyMeta(o, started, s.Name, out.fingerprint, s.Horizon)
		if runs[i], err = reports.WriteRun(dir, out.res, out.sum, meta, scenarios.Annotated(s, sources[i]), false); err != nil {
			return err
		}
		prog.Update(i+1, len(scs))
	}
	var cmp, grp bytes.Buffer
	var diffs []*reports.Summary // scenario − base, of every scenario but the base
	for i, out := range outs[1:] {
		diff, err := reports.Paired(outs[0].res, out.res)
		if err != nil {
			return err
		}
		ds := reports.Summarize(diff, out.s.Fund.Bands)
		diffs = append(diffs, ds)
		if err := reports.WriteComparisonCSV(&cmp, i == 0, outs[0].s.Name, out.s.Name, ds); err != nil {
			return err
		}
		if err := reports.WriteGroupsComparisonCSV(&grp, i == 0, outs[0].res, out.res); err != nil {
			return err
		}
	}
	if err := writeBytes(filepath.Join(stage, reports.ComparisonFile), cmp.Bytes()); err != nil {
		return err
	}
	if err := writeBytes(filepath.Join(stage, reports.GroupsComparisonFile), grp.Bytes()); err != nil {
		return err
	}
	if cmpPrecision != nil {
		if err := writeJSON(filepath.Join(stage, reports.CompareFile), map[string]any{"scenarios": names, "breakdown": breakdown, "hash": id,
			"replications": o.Replications, "precision": cmpPrecision}); err != nil {
			return err
		}
	}
	log := newWarningLog("run", o, o.Workers)
	for _, out := range outs {
		log.addRun(out.s.Name, out.s, out.sum)
	}
	if cmpPrecision != nil && !cmpPrecision.Met {
		log.add("comparison", []string{notReached(cmpPrecision)})
	}
	var steps []byte // breakdown.csv
	if breakdown != "" {
		fixed := *o // the breakdown's steps run the replications the comparison took
		fixed.Precision = nil
		if steps, err = writeBreakdown(ctx, &fixed, stage, outs[0], outs[1], groups, log); err != nil {
			return err
		}
	}
	prog.Done()
	meta := studyMeta(o, started, scs[0].Name, outs[0].fingerprint, scs[0].Horizon)
	if err := writeMeta(stage, meta); err != nil {
		return err
	}
	saved, err := reports.NewComparison(stage, meta, runs, cmp.Bytes(), grp.Bytes(), steps)
	if err != nil {
		return err
	}
	if err := Present(saved, stage, o, stderr); err != nil {
		return err
	}
	if err := folder.Commit(stage, reports.Commit{Reset: true, Kind: "compare", ID: id}); err != nil {
		return err
	}
	log.write(stderr)
	results := unlessQuiet(o.Quiet, stdout)
	writeComparisonText(results, outs, diffs, o.Out)
	writePrecisionText(results, &reports.Summary{Replications: outs[0].sum.Replications, Precision: cmpPrecision})
	return nil
}

// comparePaired runs the scenarios on common random numbers and returns
// their outcomes. With --precision the targets are those of the paired
// differences scenario − base (for every scenario but the base):
// replications are added to every scenario alike, in batches, until each
// difference is as precise as asked (or --max-replications); the state is
// returned, one target per scenario and --precision (the caller warns
// when it is not met).
func comparePaired(ctx context.Context, scs []*model.Scenario, warns [][]string, o *Options, stderr io.Writer) ([]*outcome, *reports.Precision, error) {
	plain := *o
	plain.Precision = nil
	if len(o.Precision) == 0 {
		var outs []*outcome
		for i, s := range scs {
			out, err := simulateScenario(ctx, s, warns[i], &plain, o.Workers, nil)
			if err != nil {
				return nil, nil, err
			}
			outs = append(outs, out)
		}
		return outs, nil, nil
	}
	var precs []*precisionRun
	for _, s := range scs[1:] {
		p, err := parsePrecision(o, s, nil)
		if err != nil {
			return nil, nil, err
		}
		precs = append(precs, p)
	}
	for _, s := range scs {
		if _, err := checkSize(s, o, o.Workers); err != nil {
			return nil, nil, err
		}
	}
	notes := unlessQuiet(o.Quiet, stderr)
	res := make([]*model.Result, len(scs))
	n, have := o.Replications, 0
	var st *reports.Precision
	for {
		for i, s := range scs {
			reps := make([]int, 0, n-have)
			for r := have; r < n; r++ {
				reps = append(reps, r)
			}
			runStart := time.Now()
			r, err := model.Run(ctx, s, model.Options{Seed: o.Seed, Replications: n, Reps: reps, Members: o.Members, Workers: o.Workers, Design: o.Design})
			if err != nil {
				if ctx.Err() != nil {
					return nil, nil, ctx.Err()
				}
				return nil, nil, err
			}
			r.Seconds = time.Since(runStart).Seconds()
			if res[i] == nil {
				res[i] = r
			} else if err := res[i].Append(r); err != nil {
				return nil, nil, err
			}
		}
		have = n
		st = &reports.Precision{Met: true, MaxReplications: o.MaxReplications, Targets: []reports.PrecisionTarget{}}
		for i, p := range precs {
			diff, err := reports.Paired(res[0], res[i+1])
			if err != nil {
				return nil, nil, err
			}
			ps, err := p.state(diff, reports.Summarize(diff, scs[i+1].Fund.Bands))
			if err != nil {
				return nil, nil, err
			}
			for _, t := range ps.Targets {
				t.Target = scs[i+1].Name + " − " + scs[0].Name + ": " + t.Target
				st.Targets = append(st.Targets, t)
			}
			st.Met = st.Met && ps.Met
		}
		more := precs[0].next(st, n)
		if more == 0 {
			break
		}
		fmt.Fprintf(notes, "precision: after %d replications of each scenario the paired differences are not yet precise enough; adding %d\n", n, more)
		n += more
	}
	o.Replications = n
	var outs []*outcome
	for i, s := range scs {
		r := res[i]
		canonical := scenarios.Canonical(s)
		fp := reports.Fingerprint(canonical, o.Seed, n, o.Members, s.Horizon, o.Design, model.Version)
		sum := reports.Summarize(r, s.Fund.Bands)
		sum.Warnings = o.say(warns[i], model.Warnings(s, n, o.Members))
		sum.Version, sum.Fingerprint = model.Version, fp
		outs = append(outs, &outcome{s: s, res: r, sum: sum, canonical: canonical, fingerprint: fp})
	}
	return outs, st, nil
}

// writeBreakdown applies the changed keys of b over a one group at a time
// (then the keys not named, "other") and writes dir/breakdown.csv, whose
// content it returns: each step's increment, summarised from per-replication differences, so that the
// increments telescope to the total difference b − a. The warnings of the
// steps it runs go to log.
func writeBreakdown(ctx context.Context, o *Options, dir string, a, b *outcome, groups breakdownFile, log *warningLog) ([]byte, error) {
	var rows [][]string
	cur := a.s.Clone()
	prev := a.res
	steps := len(groups.Groups) + 1
	for k := range steps {
		name := "other"
		if k < len(groups.Groups) {
			g := groups.Groups[k]
			name = g.Name
			for _, key := range g.Keys {
				if err := cur.CopyKey(b.s, key); err != nil {
					return nil, err
				}
			}
		} else {
			cur = b.s.Clone()
		}
		cur.Name = fmt.Sprintf("%s+%s", a.s.Name, name)
		var res *model.Result
		if k == steps-1 {
			res = b.res
		} else {
			out, err := simulateScenario(ctx, cur, nil, o, o.Workers, nil)
			if err != nil {
				return nil, err
			}
			log.addRun(fmt.Sprintf("breakdown step %d (%s)", k+1, cur.Name), cur, out.sum)
			res = out.res
		}
		diff, err := reports.Paired(prev, res)
		if err != nil {
			return nil, err
		}
		ds := reports.Summarize(diff, b.s.Fund.Bands)
		var step bytes.Buffer
		if err := reports.WriteComparisonCSV(&step, true, a.s.Name, b.s.Name, ds); err != nil {
			return nil, err
		}
		recs, err := csv.NewReader(&step).ReadAll()
		if err != nil {
			return nil, err
		}
		if k == 0 {
			rows = append(rows, append([]string{"step", "group"}, recs[0]...))
		}
		for _, r := range recs[1:] {
			rows = append(rows, append([]string{strconv.Itoa(k + 1), name}, r...))
		}
		prev = res
	}
	out, err := csvBytes(rows)
	if err != nil {
		return nil, err
	}
	return out, writeBytes(filepath.Join(dir, reports.BreakdownFile), out)
}

// safeName makes a scenario name safe as a directory name.
func safeName(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r == 0 || r == ':' {
			return '_'
		}
		return r
	}, s)
}

// comparisonMetrics are the headline metrics of the comparison's results
// table.
var comparisonMetrics = []string{"pool_income", "pool_expenditure", "pool_balance", "pool_months", "account_balance", "member_cash"}

// writeComparisonText prints the results table of a comparison: at the
// horizon, each scenario's paired difference from the base (diffs, in the
// order of outs[1:]) in the headline metrics, the mean with its 95%
// interval and the P5 to P95 of the replications' differences; money in
// 亿 yuan.
func writeComparisonText(w io.Writer, outs []*outcome, diffs []*reports.Summary, dir string) {
	base := outs[0]
	h := len(base.sum.Years) - 1
	fmt.Fprintf(w, "paired differences at %d, scenario − %s (%d replications each): mean [95%% interval], and P5 to P95 of the replications; money in 亿 yuan\n",
		base.sum.Years[h], base.s.Name, base.sum.Replications)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for i, ds := range diffs {
		fmt.Fprintf(tw, "%s\n", outs[i+1].s.Name)
		for _, name := range comparisonMetrics {
			m := ds.Metric(name)
			if m == nil {
				continue
			}
			scale := 1.0
			if m.Unit == model.Yuan {
				scale = 1e8
			}
			lo, hi := ds.MeanInterval(m, h)
			f := func(x float64) string { return reports.TextNumber(x/scale, 2) }
			fmt.Fprintf(tw, "  %s\t%s [%s, %s]\t%s to %s\n", name, f(m.Mean[h]), f(lo), f(hi), f(m.P05[h]), f(m.P95[h]))
		}
	}
	tw.Flush()
	fmt.Fprintf(w, "output: %s (comparison.csv, groups-comparison.csv, runs/)\n", dir)
}
