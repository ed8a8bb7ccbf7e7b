package studies

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"simulate/model"
	"simulate/reports"
	"simulate/scenarios"
)

// outcome is one simulated scenario: its result, summary and identity.
type outcome struct {
	s           *model.Scenario
	res         *model.Result
	sum         *reports.Summary
	canonical   []byte
	fingerprint string
}

// simulateScenario runs s with the run flags of o and summarises it;
// warnings are the scenario's own. With --precision (sweep points, solve's
// evaluations) the run adds replications until its targets are met.
func simulateScenario(ctx context.Context, s *model.Scenario, warnings []string, o *Options, workers int, progress func(int, int)) (*outcome, error) {
	if _, err := checkSize(s, o, workers); err != nil {
		return nil, err
	}
	prec, err := parsePrecision(o, s, nil)
	if err != nil {
		return nil, err
	}
	canonical := scenarios.Canonical(s)
	runStart := time.Now()
	res, err := model.Run(ctx, s, model.Options{
		Seed:         o.Seed,
		Replications: o.Replications,
		Members:      o.Members,
		Workers:      workers,
		Design:       o.Design,
		More:         prec.moreFunc(),
		Progress:     progress,
	})
	if res != nil {
		res.Seconds = time.Since(runStart).Seconds() // perf: set-up and replications
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, err
	}
	fp := reports.Fingerprint(canonical, o.Seed, res.Replications, o.Members, s.Horizon, o.Design, model.Version)
	sum := reports.Summarize(res, s.Fund.Bands)
	sum.Warnings = o.say(warnings, res.Warnings)
	sum.Version = model.Version
	sum.Fingerprint = fp
	if err := prec.finishSummary(res, sum, requestFingerprint(canonical, o, s.Horizon)); err != nil {
		return nil, err
	}
	return &outcome{s: s, res: res, sum: sum, canonical: canonical, fingerprint: fp}, nil
}

// applyOverrides applies the command-line overrides of o to s and
// validates it.
func applyOverrides(s *model.Scenario, o *Options, name string) ([]string, error) {
	if o.Horizon == 0 {
		return scenarios.Validate(s)
	}
	s.Horizon = o.Horizon
	w, err := scenarios.Validate(s)
	if err != nil {
		return nil, UsageError{fmt.Errorf("%s with --horizon %d: %w", name, o.Horizon, err)}
	}
	return w, nil
}

// studyMeta is run.json of a study directory (sweep, compare, solve,
// sensitivity): it marks the directory as this program's.
func studyMeta(o *Options, started time.Time, scenario, fingerprint string, horizon int) reports.RunMeta {
	return reports.RunMeta{
		CommandLine:  append([]string{"simulate", o.Command}, o.Args...),
		Output:       o.Out,
		Workers:      o.Workers,
		Start:        started.UTC(),
		End:          time.Now().UTC(),
		Version:      model.Version,
		Seed:         o.Seed,
		Replications: o.Replications,
		Members:      o.Members,
		Horizon:      horizon,
		Scenario:     scenario,
		Fingerprint:  fingerprint,
		Design:       o.Design.String(),
	}
}

// writeMeta writes run.json into dir.
func writeMeta(dir string, meta reports.RunMeta) error {
	return reports.WriteRunMeta(filepath.Join(dir, reports.RunMetaFile), meta)
}

// writeBytes writes b to path under a temporary name and renames it.
func writeBytes(path string, b []byte) error {
	return reports.WriteFileAtomic(path, func(w io.Writer) error { _, err := w.Write(b); return err })
}

// writeCSV writes the rows of a CSV file (the first its header) to path,
// under a temporary name renamed into place.
func writeCSV(path string, rows [][]string) error {
	b, err := csvBytes(rows)
	if err != nil {
		return err
	}
	return writeBytes(path, b)
}

// csvBytes encodes rows (the first its header) as a CSV file.
func csvBytes(rows [][]string) ([]byte, error) {
	var b bytes.Buffer
	cw := csv.NewWriter(&b)
	if err := cw.WriteAll(rows); err != nil {
		return nil, err
	}
	return b.Bytes(), cw.Error()
}
