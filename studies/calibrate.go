package studies

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"path/filepath"
	"simulate/calibration"
	"simulate/internal/inputfile"
	"simulate/model"
	"simulate/reports"
	"simulate/scenarios"
	"slices"
	"strings"
	"time"
)

// maxTargetsSize is the largest --targets file calibrate reads, in bytes.
const maxTargetsSize = 1 << 20

// Calibrate fits the free parameters of the scenario of o to the city's
// figures in targetsFile (docs/local-calibration.md) and writes the
// calibrated scenario (calibrated.yaml, which extends: the input), the
// report (calibration.md, calibration.csv) and run.json into o.Out; with
// o.DryRun it prints which parameters the targets identify and stops.
func Calibrate(ctx context.Context, o *Options, targetsFile string, env Env) error {
	stdout, stderr := env.Stdout, env.Stderr
	started := time.Now()
	resolved, err := scenarios.Resolve(o.Scenario)
	if err != nil {
		return UsageError{err}
	}
	s := resolved.Scenario
	data, err := inputfile.ReadFile(targetsFile, maxTargetsSize, "a targets file")
	if err != nil {
		return usagef("--targets: %v", unwrapPath(err))
	}
	targets, err := calibration.ReadTargets(targetsFile, data)
	if err != nil {
		return UsageError{err}
	}
	ids, err := calibration.Identify(s, targets)
	if err != nil {
		return UsageError{fmt.Errorf("%s with %s: %w", o.Scenario, targetsFile, err)}
	}
	notes := unlessQuiet(o.Quiet, stderr)
	if o.DryRun {
		fmt.Fprintf(stdout, "calibration of %s to %s (%d targets):\n", s.Name, targetsFile, len(targets))
		for _, id := range ids {
			if id.Held {
				fmt.Fprintf(stdout, "  %-17s held: %s\n", id.Name, id.Note)
			} else {
				fmt.Fprintf(stdout, "  %-17s fitted (%s) from %d rows\n", id.Name, strings.Join(id.Keys, ", "), len(id.Rows))
			}
		}
		return nil
	}
	absOut, err := filepath.Abs(o.Out)
	if err != nil {
		return usagef("--out %v", err)
	}
	parent := o.Scenario
	if !slices.ContainsFunc(scenarios.Builtins(), func(b scenarios.Builtin) bool { return b.Name == o.Scenario }) {
		abs, err := filepath.Abs(o.Scenario)
		if err != nil {
			return usagef("-s %v", err)
		}
		if parent, err = filepath.Rel(absOut, abs); err != nil {
			parent = abs
		}
		parent = filepath.ToSlash(parent)
	}
	// The output's identity: the scenario and the targets by content, and
	// the run settings.
	id := fmt.Sprintf("%x|%x|%d|%d|%d|%s", sha256.Sum256(scenarios.Canonical(s)), sha256.Sum256(data), o.Seed, o.Replications, o.Members, o.Design)
	folder, stage, err := env.openStage(o, "calibrate", id, append(slices.Clone(resolved.Files), targetsFile))
	if err != nil {
		return err
	}
	defer folder.Close()
	fit, err := calibration.Local(ctx, s, targets, ids, calibration.FitOptions{
		Seed: o.Seed, Replications: o.Replications, Members: o.Members, Workers: o.Workers, Design: o.Design,
		Progress: func(n int, what string) { fmt.Fprintf(notes, "calibrate: evaluation %d (%s)\n", n, what) },
	})
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return UsageError{fmt.Errorf("%s with %s: %w", o.Scenario, targetsFile, err)}
	}
	// The warnings of the fit's last run, worded for the command (the
	// advice of a weight above 1 names --members).
	fit.Warnings = o.say(nil, model.Warnings(fit.Scenario, o.Replications, o.Members))
	prov := calibration.Provenance{
		Parent: parent, ParentName: s.Name, Targets: filepath.Base(targetsFile), Sources: resolved.Sources,
		Seed: o.Seed, Replications: o.Replications, Members: o.Members,
	}
	child, err := fit.ScenarioYAML(prov)
	if err != nil {
		return err
	}
	// The file must load back to the fitted scenario, or it says
	// something other than the fit.
	back, err := scenarios.ResolveBytes(filepath.Join(absOut, reports.CalibratedFile), child)
	if err != nil {
		return fmt.Errorf("the calibrated scenario does not load: %w", err)
	}
	want := fit.Scenario.Clone()
	want.Name, want.Description = back.Scenario.Name, back.Scenario.Description
	if !bytes.Equal(scenarios.Canonical(back.Scenario), scenarios.Canonical(want)) {
		return fmt.Errorf("the calibrated scenario loads to other values than the fit's")
	}
	if err := writeBytes(filepath.Join(stage, reports.CalibratedFile), child); err != nil {
		return err
	}
	if err := writeBytes(filepath.Join(stage, reports.CalibrationReportMD), []byte(fit.Report(prov, reports.CalibratedFile))); err != nil {
		return err
	}
	if err := writeBytes(filepath.Join(stage, reports.CalibrationReportCSV), fit.CSV()); err != nil {
		return err
	}
	if err := writeMeta(stage, studyMeta(o, started, s.Name, "", s.Horizon)); err != nil {
		return err
	}
	if err := folder.Commit(stage, reports.Commit{Reset: true, Kind: "calibrate", ID: id}); err != nil {
		return err
	}
	for _, n := range fit.Notes {
		fmt.Fprintf(stderr, "calibrate: note: %s\n", n)
	}
	for _, w := range fit.Warnings {
		fmt.Fprintf(stderr, "warning: %s: %s\n", s.Name, w)
	}
	results := unlessQuiet(o.Quiet, stdout)
	fmt.Fprintf(results, "calibration of %s to %s: %d Gauss–Newton steps, %d evaluations (seed %d, %d replications × %d members)\n",
		s.Name, targetsFile, fit.Iterations, fit.Evaluations, o.Seed, o.Replications, o.Members)
	fmt.Fprint(results, fit.Text())
	fmt.Fprintf(results, "wrote %s, %s and %s in %s\n", reports.CalibratedFile, reports.CalibrationReportMD, reports.CalibrationReportCSV, o.Out)
	return nil
}
