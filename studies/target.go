package studies

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"simulate/internal/numform"
	"simulate/reports"
)

// Target is a condition on a run's summary: METRIC[.STAT][@WHEN] OP VALUE,
// with STAT mean (default) or pNN (p05, p25, p50, p75, p95), WHEN a year,
// all (every year) or horizon (default), OP one of >=, >, <=, <. Solvency
// indicators (p_deficit, p_depleted, p_insufficient, p_below_warning,
// p_excess) are metrics too. E.g. "at 95% confidence months of payment
// never below 6" is pool_months.p05@all >= 6.
type Target struct {
	Text   string
	Metric string
	Stat   string // mean, p05, p25, p50, p75, p95
	Year   int    // 0: horizon
	All    bool
	Op     string
	Value  float64
}

// Stats are the statistics a target may name.
var Stats = []string{"mean", "p05", "p25", "p50", "p75", "p95"}

// parseYear reads the year of @YEAR, a plain decimal integer.
func parseYear(when string) (int, bool) {
	y, err := strconv.Atoi(when)
	return y, err == nil && numform.Plain(when)
}

// statAlias returns the statistic a short spelling names (p5 for p05),
// or stat itself.
func statAlias(stat string) string {
	if stat == "p5" {
		return "p05"
	}
	return stat
}

// ParseTarget parses a target expression.
func ParseTarget(s string) (Target, error) {
	t := Target{Text: s, Stat: "mean"}
	var lhs, rhs string
	for _, op := range []string{">=", "<=", ">", "<"} {
		if i := strings.Index(s, op); i >= 0 {
			t.Op, lhs, rhs = op, s[:i], s[i+len(op):]
			break
		}
	}
	if t.Op == "" {
		return t, fmt.Errorf("target %q: want METRIC[.STAT][@YEAR|@all|@horizon] OP VALUE with OP one of >=, >, <=, <", s)
	}
	v, err := parseNumber(rhs)
	if err != nil {
		return t, fmt.Errorf("target %q: %v", s, err)
	}
	t.Value = v
	lhs = strings.TrimSpace(lhs)
	if name, when, ok := strings.Cut(lhs, "@"); ok {
		lhs = name
		switch when {
		case "all":
			t.All = true
		case "horizon", "":
		default:
			y, ok := parseYear(when)
			if !ok {
				return t, fmt.Errorf("target %q: @%s is not a year, all or horizon", s, when)
			}
			t.Year = y
		}
	}
	lhs = strings.TrimSpace(lhs)
	if name, stat, ok := strings.Cut(lhs, "."); ok {
		lhs = name
		stat = statAlias(strings.TrimSpace(stat))
		if !slices.Contains(Stats, stat) {
			return t, fmt.Errorf("target %q: statistic %q is not one of %s", s, stat, strings.Join(Stats, ", "))
		}
		t.Stat = stat
	}
	if lhs == "" {
		return t, fmt.Errorf("target %q: no metric", s)
	}
	t.Metric = strings.TrimSpace(lhs)
	if strings.ContainsAny(t.Metric, " \t") {
		return t, fmt.Errorf("target %q: %q is not a metric name", s, t.Metric)
	}
	return t, nil
}

// Holds reports whether x meets the target's comparison.
func (t Target) Holds(x float64) bool {
	if math.IsNaN(x) {
		return false
	}
	switch t.Op {
	case ">=":
		return x >= t.Value
	case ">":
		return x > t.Value
	case "<=":
		return x <= t.Value
	default:
		return x < t.Value
	}
}

// figure is the per-year figure a metric and statistic name in a summary,
// with the ends of its intervals at reports.CILevel (nil in a summary
// without intervals; NaN where unbounded).
type figure struct {
	est, lo, hi []float64
}

// figureOf returns the figure of metric (a metric of summary.json or a
// solvency share, which takes no statistic) and stat (mean, p05 … p95).
func figureOf(sum *reports.Summary, metric, stat string) (figure, error) {
	for _, f := range sum.Solvency.Shares() {
		if f.Name == metric {
			return figure{f.Share, f.CI.Lo, f.CI.Hi}, nil
		}
	}
	m := sum.Metric(metric)
	if m == nil {
		return figure{}, fmt.Errorf("unknown metric %q", metric)
	}
	if stat == "mean" || stat == "" {
		f := figure{est: m.Mean, lo: make([]float64, len(m.Mean)), hi: make([]float64, len(m.Mean))}
		for y := range m.Mean {
			f.lo[y], f.hi[y] = sum.MeanInterval(m, y)
		}
		return f, nil
	}
	for k, name := range reports.PercentileNames {
		if name == stat {
			ci := m.Interval(k)
			return figure{m.Percentile(k), ci.Lo, ci.Hi}, nil
		}
	}
	return figure{}, fmt.Errorf("statistic %q is not one of %s", stat, strings.Join(Stats, ", "))
}

// figure returns the target's figure in a summary.
func (t Target) figure(sum *reports.Summary) (figure, error) {
	f, err := figureOf(sum, t.Metric, t.Stat)
	if err != nil {
		return figure{}, fmt.Errorf("target %q: %w", t.Text, err)
	}
	return f, nil
}

// Check validates the target against a summary's metrics and years.
func (t Target) Check(sum *reports.Summary) error {
	_, _, err := t.Eval(sum)
	return err
}

// Eval returns the target's figure in a run's summary — over every year
// with @all the least favourable one (the minimum for >= and >, the maximum
// for <= and <) — and whether the target holds. An undefined figure does
// not hold.
func (t Target) Eval(sum *reports.Summary) (float64, bool, error) {
	f, err := t.figure(sum)
	if err != nil {
		return 0, false, err
	}
	s := f.est
	if len(s) == 0 {
		return 0, false, fmt.Errorf("target %q: the run has no years", t.Text)
	}
	if !t.All {
		y := len(s) - 1
		if t.Year != 0 {
			y = t.Year - sum.Years[0]
			if y < 0 || y >= len(s) {
				return 0, false, fmt.Errorf("target %q: year %d is outside the run's %d–%d", t.Text, t.Year, sum.Years[0], sum.Years[len(sum.Years)-1])
			}
		}
		return s[y], t.Holds(s[y]), nil
	}
	worst := s[0]
	for _, x := range s {
		if math.IsNaN(x) {
			return x, false, nil
		}
		if (t.Op == ">=" || t.Op == ">") == (x < worst) {
			worst = x
		}
	}
	return worst, t.Holds(worst), nil
}

// Verdict is a target's verdict at a run's precision: met or not met when
// the whole interval of its figure is on one side, undecided when the
// interval straddles the target's value.
type Verdict string

// The verdicts.
const (
	Met       Verdict = "met"
	NotMet    Verdict = "not met"
	Undecided Verdict = "undecided"
)

// Judge returns the target's figure in a run's summary (as Eval), the
// interval of that figure at reports.CILevel and the verdict. An end the
// replications do not bound is −Inf or +Inf. Over every year (@all) the
// interval is the least favourable year's on each end — for >= the
// smallest lower and the smallest upper end — so the target is met only
// when every year is, and not met when some year surely is not.
func (t Target) Judge(sum *reports.Summary) (fig, lo, hi float64, v Verdict, err error) {
	fig, _, err = t.Eval(sum)
	if err != nil {
		return 0, 0, 0, "", err
	}
	f, err := t.figure(sum)
	if err != nil {
		return 0, 0, 0, "", err
	}
	los, his := f.lo, f.hi
	if len(los) != len(sum.Years) || len(his) != len(sum.Years) {
		return 0, 0, 0, "", fmt.Errorf("target %q: the summary has no intervals (an earlier version's)", t.Text)
	}
	end := func(x, inf float64) float64 {
		if math.IsNaN(x) {
			return inf
		}
		return x
	}
	years := []int{len(los) - 1}
	if t.Year != 0 {
		years = []int{t.Year - sum.Years[0]}
	}
	if t.All {
		years = years[:0]
		for y := range los {
			years = append(years, y)
		}
	}
	up := t.Op == ">=" || t.Op == ">"
	for i, y := range years {
		l, h := end(los[y], math.Inf(-1)), end(his[y], math.Inf(1))
		if i == 0 || up && l < lo || !up && l > lo {
			lo = l
		}
		if i == 0 || up && h < hi || !up && h > hi {
			hi = h
		}
	}
	switch okLo, okHi := t.Holds(lo), t.Holds(hi); {
	case okLo && okHi:
		v = Met
	case !okLo && !okHi:
		v = NotMet
	default:
		v = Undecided
	}
	return fig, lo, hi, v, nil
}
