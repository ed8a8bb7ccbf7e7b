package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"simulate/model"
	"simulate/reports"
	"simulate/scenarios"
	"simulate/sweeps"
)

const solveHelp = `simulate solve: find, by bisection on common random numbers, the largest
(--maximize, the default) or smallest (--minimize) value of one key in
[LOW, HIGH] that meets a target, assuming the target moves one way with the
key. It reports the value, the target's figure there, the value's 95%
interval (from where the target is met for sure to where it is still not
ruled out, by the interval of the figure at each evaluation) and every point
it evaluated (solve.csv). With --precision each evaluation runs until its
estimate is that precise.

Usage:
  simulate solve -s BASE --free KEY=LOW:HIGH --target EXPR [--maximize|--minimize]
                 [--tol 0.005] -o DIR [run flags]

A target is METRIC[.mean|.pNN][@YEAR|@all|@horizon] OP VALUE, OP one of >=, >,
<=, <; solvency indicators (p_deficit, p_depleted, p_insufficient,
p_below_warning, p_excess) are metrics too. "At 95% confidence months of
payment never below 6" is pool_months.p05@all >= 6.

Examples:
  simulate solve -s qiannan-2022 --free outpatient.ratio.primary=0.5:0.95 \
      --target 'pool_months.p05@all >= 6' -r 200 -o out/max-ratio
  simulate solve -s qiannan-2022 --free contributions.employer_rate=0.04:0.12 \
      --target 'pool_surplus.mean@all >= 0' --minimize -o out/breakeven

The results table is the value, its 95% interval and where solve.csv is;
each evaluation is a note on stderr.
` + outputHelp + `
Exit codes: 0 success (also when no value meets the target: it says so),
1 run-time failure, 2 bad flag, target or scenario, 130/143 after a signal.
`

func cmdSolve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o runOptions
	fs := newFlagSet("solve", solveHelp, stdout, stderr)
	o.AddFlags(fs)
	free := fs.String("free", "", "the key to solve for and its interval, `KEY=LOW:HIGH`")
	targetText := fs.String("target", "", "the condition to meet, `EXPR`")
	fs.Bool("maximize", true, "find the largest value meeting the target (default)")
	minimize := fs.Bool("minimize", false, "find the smallest value meeting the target")
	tol := plainFloat(fs, "tol", 0.005, "stop when the interval is narrower than `TOL` (in the key's units)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := o.check(); err != nil {
		return err
	}
	axis, err := sweeps.ParseVary(*free, true)
	if err != nil {
		return usageError{fmt.Errorf("--free: %w", err)}
	}
	target, err := sweeps.ParseTarget(*targetText)
	if err != nil {
		return usageError{err}
	}
	if !(*tol > 0) {
		return usagef("--tol must be above 0, got %v", *tol)
	}
	started := time.Now()
	resolved, err := scenarios.Resolve(o.Scenario)
	if err != nil {
		return usageError{err}
	}
	base, warnings := resolved.Scenario, resolved.Warnings
	w2, err := applyOverrides(base, &o, o.Scenario)
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
			return usageError{fmt.Errorf("--free: %w", err)}
		}
	}
	if target.Year != 0 && (target.Year < base.BaseYear || target.Year > base.LastYear()) {
		return usagef("--target: year %d is outside the run's %d–%d", target.Year, base.BaseYear, base.LastYear())
	}
	if _, ok := model.MetricByName(target.Metric); !ok && !sweeps.IsShare(target.Metric) {
		return usagef("--target: unknown metric %q", target.Metric)
	}
	id := fmt.Sprintf("%s|%s|%s|%v|%v|%d|%d|%d|%d", o.Scenario, *free, *targetText, *minimize, *tol, o.Seed, o.Replications, o.Members, base.Horizon)
	// Both ends, then one evaluation per halving of the interval for each
	// of the three edges (the value and the two ends of its interval),
	// which share their evaluations until they part.
	evaluations := 2 + 3*int(math.Ceil(math.Log2(math.Max(1, (axis.High-axis.Low) / *tol))))
	est, err := estimateJob(repeated(base, evaluations), &o, 1, o.Workers)
	if o.DryRun {
		printJobEstimate(stdout, fmt.Sprintf("solve of %s over %s: at most %d evaluations", base.Name, axis.Key, evaluations), &o, base.Horizon, est)
		return err
	}
	if err != nil {
		return err
	}
	folder, stage, err := openStage(&o, "solve", "solve", id, resolved.Files)
	if err != nil {
		return err
	}
	defer folder.Close()
	var evals []solveEval
	log := newWarningLog("evaluation", &o, o.Workers)
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
		out, err := simulateScenario(ctx, s, warnings, &o, o.Workers, nil)
		if err != nil {
			return solveEval{}, err
		}
		fig, lo, hi, verdict, err := target.Judge(out.sum)
		if err != nil {
			return solveEval{}, usageError{err}
		}
		e := solveEval{x: x, figure: fig, lo: lo, hi: hi, holds: target.Holds(fig), verdict: verdict, replications: out.sum.Replications}
		evals = append(evals, e)
		log.addRun(fmt.Sprintf("%s=%s", axis.Key, strconv.FormatFloat(x, 'g', -1, 64)), s, out.sum)
		fmt.Fprintf(notes, "%s = %.6g: %s is %.6g [%.6g, %.6g] (%s; %d replications)\n", axis.Key, x, target.Text, fig, lo, hi, verdict, e.replications)
		return e, nil
	}
	sv := solver{lo: axis.Low, hi: axis.High, tol: *tol, minimize: *minimize, evaluate: evaluate}
	// The value: the target's figure as estimated. Its interval: the
	// values whose target is not rejected at CILevel (the verdict is not
	// "not met") run up to the far end; the values where the target is
	// surely met up to the near end.
	answer, feasible, err := sv.edge(func(e solveEval) bool { return e.holds })
	if err != nil {
		return err
	}
	far, possible, err := sv.edge(func(e solveEval) bool { return e.verdict != sweeps.NotMet })
	if err != nil {
		return err
	}
	near, sure, err := sv.edge(func(e solveEval) bool { return e.verdict == sweeps.Met })
	if err != nil {
		return err
	}
	figure := math.NaN()
	for _, e := range evals {
		if e.x == answer {
			figure = e.figure
		}
	}
	rows := "evaluation," + csvField(axis.Key) + ",figure,holds,figure_lo,figure_hi,verdict,replications\n"
	for i, e := range evals {
		rows += fmt.Sprintf("%d,%s,%s,%t,%s,%s,%s,%d\n", i, strconv.FormatFloat(e.x, 'g', -1, 64), strconv.FormatFloat(e.figure, 'g', -1, 64), e.holds,
			csvNumber(e.lo), csvNumber(e.hi), e.verdict, e.replications)
	}
	if err := writeBytes(filepath.Join(stage, "solve.csv"), []byte(rows)); err != nil {
		return err
	}
	result := map[string]any{"hash": id, "key": axis.Key, "low": axis.Low, "high": axis.High, "target": target.Text,
		"minimize": *minimize, "tol": *tol, "feasible": feasible, "evaluations": len(evals), "ci_level": reports.CILevel,
		"reachable": possible, "surely_met": sure}
	if feasible {
		result["value"], result["figure"] = answer, figure
	}
	// value_lo … value_hi: the interval of the solved value, null on a
	// side no value bounds.
	lo, hi := any(nil), any(nil)
	if *minimize {
		if possible {
			lo = far
		}
		if sure {
			hi = near
		}
	} else {
		if sure {
			lo = near
		}
		if possible {
			hi = far
		}
	}
	result["value_lo"], result["value_hi"] = lo, hi
	if err := writeJSON(filepath.Join(stage, "solve.json"), result); err != nil {
		return err
	}
	if err := writeMeta(stage, studyMeta(&o, "solve", args, started, base.Name, "", base.Horizon)); err != nil {
		return err
	}
	if err := folder.Commit(stage, reports.Commit{Reset: true, Kind: "solve", ID: id}); err != nil {
		return err
	}
	log.write(stderr)
	stdout = unlessQuiet(o.Quiet, stdout)
	dir := "largest"
	if *minimize {
		dir = "smallest"
	}
	if !possible {
		fmt.Fprintf(stdout, "no value of %s in [%v, %v] meets %s: it is not met, at %.0f%% confidence, anywhere in the range\n", axis.Key, axis.Low, axis.High, target.Text, 100*reports.CILevel)
		return nil
	}
	if feasible {
		fmt.Fprintf(stdout, "%s value of %s meeting %s: %v (within %v); %s there: %.6g\n", dir, axis.Key, target.Text, answer, *tol, target.Metric, figure)
	} else {
		fmt.Fprintf(stdout, "no value of %s in [%v, %v] meets %s as estimated, but the precision does not rule it out\n", axis.Key, axis.Low, axis.High, target.Text)
	}
	fmt.Fprintf(stdout, "%.0f%% interval of the value: %s to %s (", 100*reports.CILevel, solveEnd(lo), solveEnd(hi))
	switch {
	case !sure:
		fmt.Fprintf(stdout, "no value surely meets the target at this precision")
	case *minimize:
		fmt.Fprintf(stdout, "met for sure from %v", near)
	default:
		fmt.Fprintf(stdout, "met for sure up to %v", near)
	}
	if *minimize {
		fmt.Fprintf(stdout, ", not ruled out from %v)\n", far)
	} else {
		fmt.Fprintf(stdout, ", not ruled out up to %v)\n", far)
	}
	fmt.Fprintf(stdout, "%d evaluations in %s\n", len(evals), filepath.Join(o.Out, "solve.csv"))
	return nil
}

// solveEval is one evaluation of solve: the key's value, the target's
// figure there, its interval and verdict at CILevel, and the replications
// it took.
type solveEval struct {
	x, figure, lo, hi float64
	holds             bool
	verdict           sweeps.Verdict
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

const sensitivityHelp = `simulate sensitivity: which assumptions matter most. One at a time, each
key is moved down and up by --step (a share of its value, clamped to the key's
range) on common random numbers, and ranked by the effect on the pool balance at
the horizon (tornado.csv). A global method, Morris elementary effects over the
ranges of the uncertainty: section, gives each key's mean absolute effect with
its standard error (morris.csv).

Usage:
  simulate sensitivity -s BASE [--keys k1,k2] [--step 0.1] [--trajectories 10] -o DIR [run flags]

Default keys: every entry of the scenario's uncertainty: section.

Examples:
  simulate sensitivity -s national-2021 -r 100 -o out/sensitivity
  simulate sensitivity -s qiannan-2022 --keys outpatient.cap,contributions.employer_rate --step 0.2 -o out/sens

The results table gives each key's effect, down and up, ranked.
` + outputHelp + `
Exit codes: 0 success, 1 run-time failure, 2 bad flag or scenario, 130/143 after a signal.
`

func cmdSensitivity(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o runOptions
	fs := newFlagSet("sensitivity", sensitivityHelp, stdout, stderr)
	o.AddFlags(fs)
	keysFlag := fs.String("keys", "", "the keys to move, `k1,k2` (default: the uncertainty: section's)")
	step := plainFloat(fs, "step", 0.1, "relative move `STEP` of each key, down and up")
	trajectories := plainInt(fs, "trajectories", 10, "Morris trajectories `R` (0: none)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if len(o.Precision) > 0 {
		return usagef("--precision is not available for sensitivity: its effects are differences between runs of one size on common random numbers; set --replications")
	}
	if err := o.check(); err != nil {
		return err
	}
	if !(*step > 0 && *step < 1) {
		return usagef("--step must be between 0 and 1, got %v", *step)
	}
	if *trajectories < 0 {
		return usagef("--trajectories must be at least 0, got %d", *trajectories)
	}
	started := time.Now()
	resolved, err := scenarios.Resolve(o.Scenario)
	if err != nil {
		return usageError{err}
	}
	base, warnings := resolved.Scenario, resolved.Warnings
	if _, err := applyOverrides(base, &o, o.Scenario); err != nil {
		return err
	}
	uncertain := base.Uncertainty
	base.Uncertainty = nil // keys are moved deterministically here
	var keys []string
	if *keysFlag != "" {
		keys = strings.Split(*keysFlag, ",")
	} else {
		for _, u := range uncertain {
			keys = append(keys, u.Key)
		}
	}
	if len(keys) == 0 {
		return usagef("no keys: give --keys or an uncertainty: section in the scenario")
	}
	values := make([]float64, len(keys))
	for i, k := range keys {
		v, err := base.Get(k)
		if err != nil {
			return usagef("--keys: %v", err)
		}
		values[i] = v
	}
	id := fmt.Sprintf("%s|%v|%v|%d|%d|%d|%d|%d", o.Scenario, keys, *step, *trajectories, o.Seed, o.Replications, o.Members, base.Horizon)
	total := 1 + 2*len(keys)
	if len(uncertain) > 0 && *keysFlag == "" {
		total += *trajectories * (len(keys) + 1)
	}
	est, err := estimateJob(repeated(base, total), &o, 1, o.Workers)
	if o.DryRun {
		printJobEstimate(stdout, fmt.Sprintf("sensitivity of %s: %d runs for %d keys", base.Name, total, len(keys)), &o, base.Horizon, est)
		return err
	}
	if err != nil {
		return err
	}
	folder, stage, err := openStage(&o, "sensitivity", "sensitivity", id, resolved.Files)
	if err != nil {
		return err
	}
	defer folder.Close()
	// horizonBalance runs s (the run source) and returns each replication's
	// pool balance at the horizon; the run's warnings go to log.
	log := newWarningLog("run", &o, o.Workers)
	horizonBalance := func(s *model.Scenario, source string) ([]float64, error) {
		if _, err := scenarios.Validate(s); err != nil {
			return nil, usageError{err}
		}
		out, err := simulateScenario(ctx, s, warnings, &o, o.Workers, nil)
		if err != nil {
			return nil, err
		}
		log.addRun(source, s, out.sum)
		y := len(out.res.Years) - 1
		v := make([]float64, len(out.res.Values))
		for i := range v {
			v[i] = out.res.Value(i, y, model.PoolBalance)
		}
		return v, nil
	}
	paired := func(a, b []float64) (mean, se float64) {
		n := float64(len(a))
		for i := range a {
			mean += (b[i] - a[i]) / n
		}
		var ss float64
		for i := range a {
			d := b[i] - a[i] - mean
			ss += d * d
		}
		if len(a) > 1 {
			se = math.Sqrt(ss/(n-1)) / math.Sqrt(n)
		}
		return mean, se
	}
	prog := newProgress(stderr, o.Quiet, "runs")
	done := 0
	tick := func() { done++; prog.update(done, total) }
	b0, err := horizonBalance(base, base.Name)
	if err != nil {
		return err
	}
	tick()
	type bar struct {
		key                                       string
		base, low, high, effLo, effHi, seLo, seHi float64
	}
	var bars []bar
	for i, k := range keys {
		x := values[i]
		d := math.Abs(x) * *step
		if x == 0 {
			d = *step
		}
		b := bar{key: k, base: x, low: base.Clamp(k, x-d), high: base.Clamp(k, x+d)}
		for j, v := range []float64{b.low, b.high} {
			s := base.Clone()
			if err := s.Set(k, v); err != nil {
				return usageError{err}
			}
			r, err := horizonBalance(s, fmt.Sprintf("%s=%s", k, strconv.FormatFloat(v, 'g', -1, 64)))
			if err != nil {
				return err
			}
			tick()
			m, se := paired(b0, r)
			if j == 0 {
				b.effLo, b.seLo = m, se
			} else {
				b.effHi, b.seHi = m, se
			}
		}
		bars = append(bars, b)
	}
	slices.SortStableFunc(bars, func(a, b bar) int {
		ea, eb := math.Max(math.Abs(a.effLo), math.Abs(a.effHi)), math.Max(math.Abs(b.effLo), math.Abs(b.effHi))
		switch {
		case ea > eb:
			return -1
		case ea < eb:
			return 1
		}
		return 0
	})
	f := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	tornado := "key,base_value,low_value,high_value,low_effect,high_effect,low_se,high_se\n"
	for _, b := range bars {
		tornado += strings.Join([]string{csvField(b.key), f(b.base), f(b.low), f(b.high), f(b.effLo), f(b.effHi), f(b.seLo), f(b.seHi)}, ",") + "\n"
	}
	if err := writeBytes(filepath.Join(stage, "tornado.csv"), []byte(tornado)); err != nil {
		return err
	}
	if len(uncertain) > 0 && *keysFlag == "" && *trajectories > 0 {
		runs := 0
		morris, err := morrisEffects(uncertain, *trajectories, o.Seed, func(point []float64) (float64, error) {
			runs++
			s := base.Clone()
			for i, u := range uncertain {
				if err := s.Set(u.Key, s.Clamp(u.Key, point[i])); err != nil {
					return 0, usageError{err}
				}
			}
			r, err := horizonBalance(s, fmt.Sprintf("Morris run %d", runs))
			if err != nil {
				return 0, err
			}
			tick()
			var m float64
			for _, x := range r {
				m += x / float64(len(r))
			}
			return m, nil
		})
		if err != nil {
			return err
		}
		if err := writeBytes(filepath.Join(stage, "morris.csv"), []byte(morris)); err != nil {
			return err
		}
	}
	prog.done()
	if err := writeJSON(filepath.Join(stage, "sensitivity.json"), map[string]any{"hash": id, "keys": keys, "step": *step}); err != nil {
		return err
	}
	if err := writeMeta(stage, studyMeta(&o, "sensitivity", args, started, base.Name, "", base.Horizon)); err != nil {
		return err
	}
	o.NoReport = true // the workbook has no sensitivity sheet yet; the tornado chart shows it
	if err := present(stage, stage, &o, stderr); err != nil {
		return err
	}
	if err := folder.Commit(stage, reports.Commit{Reset: true, Kind: "sensitivity", ID: id}); err != nil {
		return err
	}
	log.write(stderr)
	stdout = unlessQuiet(o.Quiet, stdout)
	fmt.Fprintf(stdout, "effect on the pool balance at %d (亿 yuan), key moved by ±%g:\n", base.LastYear(), *step)
	for _, b := range bars {
		fmt.Fprintf(stdout, "  %-45s %10.2f %10.2f\n", b.key, b.effLo/1e8, b.effHi/1e8)
	}
	fmt.Fprintf(stdout, "output: %s\n", o.Out)
	return nil
}

// morrisEffects computes Morris elementary effects (Morris 1991; the
// radial-free trajectory design of Campolongo et al. 2007 without
// optimisation) of f over the ranges of the uncertain parameters: r
// trajectories on a 4-level grid, Δ = 2/3 of each range. It returns
// morris.csv: per key the mean effect μ, the mean absolute effect μ*, the
// standard deviation σ, and the standard error of μ*.
func morrisEffects(us []model.Uncertain, r int, seed uint64, f func([]float64) (float64, error)) (string, error) {
	k := len(us)
	lo, hi := make([]float64, k), make([]float64, k)
	for i, u := range us {
		a := u.Args
		switch u.Kind {
		case "uniform":
			lo[i], hi[i] = a[0], a[1]
		case "normal":
			lo[i], hi[i] = a[0]-2*a[1], a[0]+2*a[1]
		case "triangular":
			lo[i], hi[i] = a[0], a[2]
		case "lognormal":
			s := math.Sqrt(math.Log1p(a[1] * a[1]))
			lo[i], hi[i] = a[0]*math.Exp(-2*s-s*s/2), a[0]*math.Exp(2*s-s*s/2)
		}
	}
	const delta = 2.0 / 3
	rng := rand.New(rand.NewPCG(seed, 0x3011115))
	ee := make([][]float64, k)
	at := func(u []float64) []float64 {
		x := make([]float64, k)
		for i := range u {
			x[i] = lo[i] + u[i]*(hi[i]-lo[i])
		}
		return x
	}
	for range r {
		u := make([]float64, k)
		for i := range u {
			u[i] = float64(rng.IntN(2)) / 3 // 0 or 1/3, so u + Δ ≤ 1
		}
		prev, err := f(at(u))
		if err != nil {
			return "", err
		}
		for _, i := range rng.Perm(k) {
			u[i] += delta
			y, err := f(at(u))
			if err != nil {
				return "", err
			}
			ee[i] = append(ee[i], (y-prev)/delta)
			prev = y
		}
	}
	fmtf := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	out := "key,low,high,mu,mu_star,sigma,mu_star_se,trajectories\n"
	for i, u := range us {
		n := float64(len(ee[i]))
		var mu, muStar float64
		for _, e := range ee[i] {
			mu += e / n
			muStar += math.Abs(e) / n
		}
		var ss, ssAbs float64
		for _, e := range ee[i] {
			ss += (e - mu) * (e - mu)
			ssAbs += (math.Abs(e) - muStar) * (math.Abs(e) - muStar)
		}
		sigma, se := 0.0, 0.0
		if n > 1 {
			sigma = math.Sqrt(ss / (n - 1))
			se = math.Sqrt(ssAbs/(n-1)) / math.Sqrt(n)
		}
		out += strings.Join([]string{csvField(u.Key), fmtf(lo[i]), fmtf(hi[i]), fmtf(mu), fmtf(muStar), fmtf(sigma), fmtf(se), strconv.Itoa(len(ee[i]))}, ",") + "\n"
	}
	return out, nil
}
