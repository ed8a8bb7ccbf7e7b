package studies

import (
	"context"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"time"

	"simulate/model"
	"simulate/reports"
	"simulate/scenarios"
)

// Solve is a solve (docs/model.md section 7): the largest value (the
// smallest with spec.Minimize) of one key in its interval that meets a
// target, by bisection on common random numbers, with the value's
// interval; it writes solve.csv (every evaluation) and solve.json.
func Solve(ctx context.Context, o *Options, spec SolveSpec, env Env) error {
	stdout, stderr := env.Stdout, env.Stderr
	axis, err := ParseVary(spec.Free, true)
	if err != nil {
		return UsageError{fmt.Errorf("--free: %w", err)}
	}
	target, err := ParseTarget(spec.Target)
	if err != nil {
		return UsageError{err}
	}
	if !(spec.Tol > 0) {
		return usagef("--tol must be above 0, got %v", spec.Tol)
	}
	started := time.Now()
	resolved, err := scenarios.Resolve(o.Scenario)
	if err != nil {
		return UsageError{err}
	}
	base, warnings := resolved.Scenario, resolved.Warnings
	w2, err := applyOverrides(base, o, o.Scenario)
	if err != nil {
		return err
	}
	warnings = append(warnings, w2...)
	at := func(x float64) (*model.Scenario, error) {
		s := base.Clone()
		if err := s.Set(axis.Key, x); err != nil {
			return nil, err
		}
		if _, err := scenarios.Validate(s); err != nil {
			return nil, err
		}
		return s, nil
	}
	for _, x := range []float64{axis.Low, axis.High} {
		if _, err := at(x); err != nil {
			return UsageError{fmt.Errorf("--free: %w", err)}
		}
	}
	if target.Year != 0 && (target.Year < base.BaseYear || target.Year > base.LastYear()) {
		return usagef("--target: year %d is outside the run's %d–%d", target.Year, base.BaseYear, base.LastYear())
	}
	if _, ok := model.MetricByName(target.Metric); !ok && !IsShare(target.Metric) {
		return usagef("--target: unknown metric %q", target.Metric)
	}
	id := fmt.Sprintf("%s|%s|%s|%v|%v|%d|%d|%d|%d", o.Scenario, spec.Free, spec.Target, spec.Minimize, spec.Tol, o.Seed, o.Replications, o.Members, base.Horizon)
	// Both ends, then one evaluation per halving of the interval for each
	// of the three edges (the value and the two ends of its interval),
	// which share their evaluations until they part.
	evaluations := 2 + 3*int(math.Ceil(math.Log2(math.Max(1, (axis.High-axis.Low)/spec.Tol))))
	est, err := estimateJob(repeated(base, evaluations), o, 1, o.Workers)
	if o.DryRun {
		printJobEstimate(stdout, fmt.Sprintf("solve of %s over %s: at most %d evaluations", base.Name, axis.Key, evaluations), o, base.Horizon, est)
		return err
	}
	if err != nil {
		return err
	}
	folder, stage, err := env.openStage(o, "solve", id, resolved.Files)
	if err != nil {
		return err
	}
	defer folder.Close()
	var evals []solveEval
	log := newWarningLog("evaluation", o, o.Workers)
	notes := unlessQuiet(o.Quiet, stderr)
	evaluate := func(x float64) (solveEval, error) {
		for _, e := range evals {
			if e.x == x {
				return e, nil
			}
		}
		s, err := at(x)
		if err != nil {
			return solveEval{}, err
		}
		out, err := simulateScenario(ctx, s, warnings, o, o.Workers, nil)
		if err != nil {
			return solveEval{}, err
		}
		fig, lo, hi, verdict, err := target.Judge(out.sum)
		if err != nil {
			return solveEval{}, UsageError{err}
		}
		e := solveEval{x: x, figure: fig, lo: lo, hi: hi, holds: target.Holds(fig), verdict: verdict, replications: out.sum.Replications}
		evals = append(evals, e)
		log.addRun(fmt.Sprintf("%s=%s", axis.Key, strconv.FormatFloat(x, 'g', -1, 64)), s, out.sum)
		fmt.Fprintf(notes, "%s = %.6g: %s is %.6g [%.6g, %.6g] (%s; %d replications)\n", axis.Key, x, target.Text, fig, lo, hi, verdict, e.replications)
		return e, nil
	}
	sv := solver{lo: axis.Low, hi: axis.High, tol: spec.Tol, minimize: spec.Minimize, evaluate: evaluate}
	// The value: the target's figure as estimated. Its interval: the
	// values whose target is not rejected at CILevel (the verdict is not
	// "not met") run up to the far end; the values where the target is
	// surely met up to the near end.
	answer, feasible, err := sv.edge(func(e solveEval) bool { return e.holds })
	if err != nil {
		return err
	}
	far, possible, err := sv.edge(func(e solveEval) bool { return e.verdict != NotMet })
	if err != nil {
		return err
	}
	near, sure, err := sv.edge(func(e solveEval) bool { return e.verdict == Met })
	if err != nil {
		return err
	}
	ans := solveAnswer{value: answer, figure: math.NaN(), feasible: feasible, near: near, sure: sure, far: far, possible: possible, evals: evals}
	for _, e := range evals {
		if e.x == answer {
			ans.figure = e.figure
		}
	}
	if err := writeCSV(filepath.Join(stage, "solve.csv"), ans.rows(axis.Key)); err != nil {
		return err
	}
	if err := writeJSON(filepath.Join(stage, "solve.json"), ans.result(id, axis, target, spec)); err != nil {
		return err
	}
	if err := writeMeta(stage, studyMeta(o, started, base.Name, "", base.Horizon)); err != nil {
		return err
	}
	if err := folder.Commit(stage, reports.Commit{Reset: true, Kind: "solve", ID: id}); err != nil {
		return err
	}
	log.write(stderr)
	ans.writeText(unlessQuiet(o.Quiet, stdout), axis, target, spec, filepath.Join(o.Out, "solve.csv"))
	return nil
}

// solveAnswer is what a solve found: the value meeting the target as
// estimated (feasible: some value does) and the target's figure there;
// the ends of the value's interval, near where the target is surely met
// (sure: some value is) and far where it is still not ruled out
// (possible: some value is); and every evaluation, in order.
type solveAnswer struct {
	value, figure  float64
	feasible       bool
	near, far      float64
	sure, possible bool
	evals          []solveEval
}

// interval returns the ends of the solved value's interval, nil on a side
// no value bounds.
func (a solveAnswer) interval(minimize bool) (lo, hi any) {
	if minimize {
		if a.possible {
			lo = a.far
		}
		if a.sure {
			hi = a.near
		}
		return lo, hi
	}
	if a.sure {
		lo = a.near
	}
	if a.possible {
		hi = a.far
	}
	return lo, hi
}

// rows returns solve.csv: a row per evaluation of the key.
func (a solveAnswer) rows(key string) [][]string {
	rows := [][]string{{"evaluation", key, "figure", "holds", "figure_lo", "figure_hi", "verdict", "replications"}}
	for i, e := range a.evals {
		rows = append(rows, []string{strconv.Itoa(i), strconv.FormatFloat(e.x, 'g', -1, 64), strconv.FormatFloat(e.figure, 'g', -1, 64), strconv.FormatBool(e.holds),
			csvNumber(e.lo), csvNumber(e.hi), string(e.verdict), strconv.Itoa(e.replications)})
	}
	return rows
}

// result returns solve.json: the question (id its identity) and the
// answer; value_lo … value_hi is the value's interval, null on a side no
// value bounds.
func (a solveAnswer) result(id string, axis Axis, target Target, spec SolveSpec) map[string]any {
	result := map[string]any{"hash": id, "key": axis.Key, "low": axis.Low, "high": axis.High, "target": target.Text,
		"minimize": spec.Minimize, "tol": spec.Tol, "feasible": a.feasible, "evaluations": len(a.evals), "ci_level": reports.CILevel,
		"reachable": a.possible, "surely_met": a.sure}
	if a.feasible {
		result["value"], result["figure"] = a.value, a.figure
	}
	result["value_lo"], result["value_hi"] = a.interval(spec.Minimize)
	return result
}

// writeText prints the results table of a solve: the value, its interval
// and where solve.csv (csvPath) is.
func (a solveAnswer) writeText(w io.Writer, axis Axis, target Target, spec SolveSpec, csvPath string) {
	dir := "largest"
	if spec.Minimize {
		dir = "smallest"
	}
	if !a.possible {
		fmt.Fprintf(w, "no value of %s in [%v, %v] meets %s: it is not met, at %.0f%% confidence, anywhere in the range\n", axis.Key, axis.Low, axis.High, target.Text, 100*reports.CILevel)
		return
	}
	if a.feasible {
		fmt.Fprintf(w, "%s value of %s meeting %s: %v (within %v); %s there: %.6g\n", dir, axis.Key, target.Text, a.value, spec.Tol, target.Metric, a.figure)
	} else {
		fmt.Fprintf(w, "no value of %s in [%v, %v] meets %s as estimated, but the precision does not rule it out\n", axis.Key, axis.Low, axis.High, target.Text)
	}
	lo, hi := a.interval(spec.Minimize)
	fmt.Fprintf(w, "%.0f%% interval of the value: %s to %s (", 100*reports.CILevel, solveEnd(lo), solveEnd(hi))
	switch {
	case !a.sure:
		fmt.Fprintf(w, "no value surely meets the target at this precision")
	case spec.Minimize:
		fmt.Fprintf(w, "met for sure from %v", a.near)
	default:
		fmt.Fprintf(w, "met for sure up to %v", a.near)
	}
	if spec.Minimize {
		fmt.Fprintf(w, ", not ruled out from %v)\n", a.far)
	} else {
		fmt.Fprintf(w, ", not ruled out up to %v)\n", a.far)
	}
	fmt.Fprintf(w, "%d evaluations in %s\n", len(a.evals), csvPath)
}

// solveEval is one evaluation of solve: the key's value, the target's
// figure there, its interval and verdict at CILevel, and the replications
// it took.
type solveEval struct {
	x, figure, lo, hi float64
	holds             bool
	verdict           Verdict
	replications      int
}

// solver finds edges by bisection over [lo, hi] to within tol, assuming
// a condition that holds below the edge and fails above it (above and
// below with minimize); evaluations are shared between edges.
type solver struct {
	lo, hi, tol float64
	minimize    bool
	evaluate    func(x float64) (solveEval, error)
}

// edge returns the largest value (smallest with minimize) at which ok
// holds, to within tol, and whether any value in the range does. Each
// edge bisects from the ends of the range, so its first midpoints are those
// of the edges before it, already evaluated, until the conditions part.
func (sv solver) edge(ok func(solveEval) bool) (float64, bool, error) {
	good, bad := sv.lo, sv.hi // the side where ok holds, the side where it fails
	if sv.minimize {
		good, bad = sv.hi, sv.lo
	}
	eg, err := sv.evaluate(good)
	if err != nil {
		return 0, false, err
	}
	if !ok(eg) {
		return math.NaN(), false, nil
	}
	eb, err := sv.evaluate(bad)
	if err != nil {
		return 0, false, err
	}
	if ok(eb) {
		return bad, true, nil
	}
	for math.Abs(bad-good) > sv.tol {
		mid := round6(good + (bad-good)/2)
		if mid == good || mid == bad {
			break
		}
		e, err := sv.evaluate(mid)
		if err != nil {
			return 0, false, err
		}
		if ok(e) {
			good = mid
		} else {
			bad = mid
		}
	}
	return good, true, nil
}

// csvNumber is a number in a CSV cell, empty when unbounded or undefined.
func csvNumber(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return ""
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}

// solveEnd prints an end of the solved value's interval.
func solveEnd(v any) string {
	if v == nil {
		return "(unbounded)"
	}
	return fmt.Sprint(v)
}

func round6(x float64) float64 { return math.Round(x*1e6) / 1e6 }

// SolveSpec is what a solve looks for.
type SolveSpec struct {
	// Free is the key and its interval, KEY=LOW:HIGH.
	Free string
	// Target is the condition to meet (ParseTarget).
	Target string
	// Minimize looks for the smallest value, not the largest.
	Minimize bool
	// Tol is the width, in the key's units, the value's bisection stops at.
	Tol float64
}
