package studies

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"simulate/model"
	"simulate/reports"
	"simulate/scenarios"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Sensitivity ranks the keys of spec (default: those of the scenario's
// uncertainty: section) by their one-at-a-time effect on the pool balance
// at the horizon (tornado.csv), and with an uncertainty: section gives
// their Morris elementary effects (morris.csv).
func Sensitivity(ctx context.Context, o *Options, spec SensitivitySpec, env Env) error {
	stdout, stderr := env.Stdout, env.Stderr
	if len(o.Precision) > 0 {
		return usagef("--precision is not available for sensitivity: its effects are differences between runs of one size on common random numbers; set --replications")
	}
	if !(spec.Step > 0 && spec.Step < 1) {
		return usagef("--step must be between 0 and 1, got %v", spec.Step)
	}
	if spec.Trajectories < 0 {
		return usagef("--trajectories must be at least 0, got %d", spec.Trajectories)
	}
	started := time.Now()
	resolved, err := scenarios.Resolve(o.Scenario)
	if err != nil {
		return UsageError{err}
	}
	base, warnings := resolved.Scenario, resolved.Warnings
	if _, err := applyOverrides(base, o, o.Scenario); err != nil {
		return err
	}
	// The draws of the uncertainty: section, but those that change nothing
	// (a year of a parameter the scenario made undated; the loader warned).
	var uncertain []model.Uncertain
	for _, u := range base.Uncertainty {
		if _, err := base.CheckKey(u.Key); !errors.Is(err, model.ErrUndated) {
			uncertain = append(uncertain, u)
		}
	}
	base.Uncertainty = nil // keys are moved deterministically here
	var keys []string
	if spec.Keys != "" {
		keys = strings.Split(spec.Keys, ",")
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
		if _, err := scenarios.CheckKey(base, k); err != nil {
			return usagef("--keys %s: %v", k, err)
		}
		values[i], _ = base.Get(k)
	}
	id := fmt.Sprintf("%s|%v|%v|%d|%d|%d|%d|%d", o.Scenario, keys, spec.Step, spec.Trajectories, o.Seed, o.Replications, o.Members, base.Horizon)
	total := 1 + 2*len(keys)
	if len(uncertain) > 0 && spec.Keys == "" {
		total += spec.Trajectories * (len(keys) + 1)
	}
	est, err := estimateJob(repeated(base, total), o, 1, o.Workers)
	if o.DryRun {
		printJobEstimate(stdout, fmt.Sprintf("sensitivity of %s: %d runs for %d keys", base.Name, total, len(keys)), o, base.Horizon, est)
		return err
	}
	if err != nil {
		return err
	}
	folder, stage, err := env.openStage(o, "sensitivity", id, resolved.Files)
	if err != nil {
		return err
	}
	defer folder.Close()
	sr := &sensitivityRun{ctx: ctx, o: o, base: base, warnings: warnings, log: newWarningLog("run", o, o.Workers),
		prog: env.progress("runs"), total: total}
	b0, err := sr.horizonBalance(base, base.Name)
	if err != nil {
		return err
	}
	bars, err := sr.tornado(keys, values, b0, spec.Step)
	if err != nil {
		return err
	}
	f := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	tornado := [][]string{{"key", "base_value", "low_value", "high_value", "low_effect", "high_effect", "low_se", "high_se"}}
	for _, b := range bars {
		tornado = append(tornado, []string{b.key, f(b.base), f(b.low), f(b.high), f(b.effLo), f(b.effHi), f(b.seLo), f(b.seHi)})
	}
	if err := writeCSV(filepath.Join(stage, reports.TornadoFile), tornado); err != nil {
		return err
	}
	if len(uncertain) > 0 && spec.Keys == "" && spec.Trajectories > 0 {
		morris, err := morrisEffects(uncertain, spec.Trajectories, o.Seed, sr.morrisRun(uncertain))
		if err != nil {
			return err
		}
		if err := writeCSV(filepath.Join(stage, reports.MorrisFile), morris); err != nil {
			return err
		}
	}
	log, prog := sr.log, sr.prog
	prog.Done()
	if err := writeJSON(filepath.Join(stage, reports.SensitivityFile), map[string]any{"hash": id, "keys": keys, "step": spec.Step}); err != nil {
		return err
	}
	if err := writeMeta(stage, studyMeta(o, started, base.Name, "", base.Horizon)); err != nil {
		return err
	}
	o.NoReport = true // the workbook has no sensitivity sheet yet; the tornado chart shows it
	if err := PresentDir(stage, stage, o, stderr); err != nil {
		return err
	}
	if err := folder.Commit(stage, reports.Commit{Reset: true, Kind: "sensitivity", ID: id}); err != nil {
		return err
	}
	log.write(stderr)
	stdout = unlessQuiet(o.Quiet, stdout)
	fmt.Fprintf(stdout, "effect on the pool balance at %d (亿 yuan), key moved by ±%g:\n", base.LastYear(), spec.Step)
	for _, b := range bars {
		fmt.Fprintf(stdout, "  %-45s %10.2f %10.2f\n", b.key, b.effLo/1e8, b.effHi/1e8)
	}
	fmt.Fprintf(stdout, "output: %s\n", o.Out)
	return nil
}

// sensitivityRun is what the runs of a sensitivity share: the base
// scenario and its warnings, the log of the runs' warnings and the
// progress, counted in runs.
type sensitivityRun struct {
	ctx         context.Context
	o           *Options
	base        *model.Scenario
	warnings    []string
	log         *warningLog
	prog        Progress
	done, total int
}

// horizonBalance runs s (the run source) and returns each replication's
// pool balance at the horizon; the run's warnings go to the log.
func (sr *sensitivityRun) horizonBalance(s *model.Scenario, source string) ([]float64, error) {
	if _, err := scenarios.Validate(s); err != nil {
		return nil, UsageError{err}
	}
	out, err := simulateScenario(sr.ctx, s, sr.warnings, sr.o, sr.o.Workers, nil)
	if err != nil {
		return nil, err
	}
	sr.log.addRun(source, s, out.sum)
	y := len(out.res.Years) - 1
	v := make([]float64, len(out.res.Values))
	for i := range v {
		v[i] = out.res.Value(i, y, model.PoolBalance)
	}
	sr.done++
	sr.prog.Update(sr.done, sr.total)
	return v, nil
}

// bar is a key's row of the tornado: its value, the values it is moved
// to, and the paired effects of the moves on the pool balance at the
// horizon with their standard errors.
type bar struct {
	key                                       string
	base, low, high, effLo, effHi, seLo, seHi float64
}

// tornado moves each key down and up by step (a share of its value
// values[i], clamped to its range) and returns its effects against the
// base run's balances b0, the largest effect first.
func (sr *sensitivityRun) tornado(keys []string, values, b0 []float64, step float64) ([]bar, error) {
	var bars []bar
	for i, k := range keys {
		x := values[i]
		d := math.Abs(x) * step
		if x == 0 {
			d = step
		}
		b := bar{key: k, base: x, low: sr.base.Clamp(k, x-d), high: sr.base.Clamp(k, x+d)}
		for j, v := range []float64{b.low, b.high} {
			s := sr.base.Clone()
			if err := s.Set(k, v); err != nil {
				return nil, UsageError{err}
			}
			r, err := sr.horizonBalance(s, fmt.Sprintf("%s=%s", k, strconv.FormatFloat(v, 'g', -1, 64)))
			if err != nil {
				return nil, err
			}
			m, se := pairedDiff(b0, r)
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
	return bars, nil
}

// morrisRun returns the function Morris evaluates at a point of the
// uncertain parameters: the mean pool balance at the horizon of the base
// with those values (each clamped to its key's range).
func (sr *sensitivityRun) morrisRun(uncertain []model.Uncertain) func([]float64) (float64, error) {
	runs := 0
	return func(point []float64) (float64, error) {
		runs++
		s := sr.base.Clone()
		for i, u := range uncertain {
			if err := s.Set(u.Key, s.Clamp(u.Key, point[i])); err != nil {
				return 0, UsageError{err}
			}
		}
		r, err := sr.horizonBalance(s, fmt.Sprintf("Morris run %d", runs))
		if err != nil {
			return 0, err
		}
		var m float64
		for _, x := range r {
			m += x / float64(len(r))
		}
		return m, nil
	}
}

// pairedDiff returns the mean of the paired differences b − a and its
// standard error.
func pairedDiff(a, b []float64) (mean, se float64) {
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

// morrisEffects computes Morris elementary effects (Morris 1991; the
// radial-free trajectory design of Campolongo et al. 2007 without
// optimisation) of f over the ranges of the uncertain parameters: r
// trajectories on a 4-level grid, Δ = 2/3 of each range. It returns
// morris.csv: per key the mean effect μ, the mean absolute effect μ*, the
// standard deviation σ, and the standard error of μ*, as its rows.
func morrisEffects(us []model.Uncertain, r int, seed uint64, f func([]float64) (float64, error)) ([][]string, error) {
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
			return nil, err
		}
		for _, i := range rng.Perm(k) {
			u[i] += delta
			y, err := f(at(u))
			if err != nil {
				return nil, err
			}
			ee[i] = append(ee[i], (y-prev)/delta)
			prev = y
		}
	}
	fmtf := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	out := [][]string{{"key", "low", "high", "mu", "mu_star", "sigma", "mu_star_se", "trajectories"}}
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
		out = append(out, []string{u.Key, fmtf(lo[i]), fmtf(hi[i]), fmtf(mu), fmtf(muStar), fmtf(sigma), fmtf(se), strconv.Itoa(len(ee[i]))})
	}
	return out, nil
}

// SensitivitySpec is what a sensitivity moves.
type SensitivitySpec struct {
	// Keys are the keys to move, comma-separated ("": those of the
	// scenario's uncertainty: section).
	Keys string
	// Step is each key's move down and up, a share of its value in (0, 1).
	Step float64
	// Trajectories is the number of Morris trajectories (0: none).
	Trajectories int
}
