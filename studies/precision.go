package studies

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"simulate/reports"
)

// Precision is a target of a run to a precision (--precision):
// METRIC[.STAT][@YEAR]=±X, the half-width X of the 95% interval of a
// statistic (mean, p05 … p95) of a metric in a year (default: the
// horizon), or of a solvency share (p_deficit …), whose X may be given in
// percentage points (±2%).
type Precision struct {
	Text      string
	Metric    string
	Stat      string // mean, p05, p25, p50, p75, p95; "" for a share
	Year      int    // 0: horizon
	HalfWidth float64
}

// shares are the solvency shares a target may name.
var shares = []string{"p_deficit", "p_depleted", "p_insufficient", "p_below_warning", "p_excess"}

// IsShare reports whether name is a solvency share.
func IsShare(name string) bool {
	for _, s := range shares {
		if s == name {
			return true
		}
	}
	return false
}

// ParsePrecision parses a --precision target.
func ParsePrecision(s string) (Precision, error) {
	p := Precision{Text: s}
	lhs, rhs, ok := strings.Cut(s, "=")
	if !ok {
		return p, fmt.Errorf("--precision %q: want METRIC[.STAT][@YEAR]=±X, e.g. pool_months.p05@2031=±0.5 or p_below_warning@2031=±0.02", s)
	}
	rhs = strings.TrimSpace(rhs)
	for _, sign := range []string{"±", "+-", "+/-"} {
		rhs = strings.TrimPrefix(rhs, sign)
	}
	percent := strings.HasSuffix(rhs, "%")
	rhs = strings.TrimSuffix(rhs, "%")
	x, err := parseNumber(rhs)
	if err != nil || !(x > 0) || math.IsInf(x, 0) {
		return p, fmt.Errorf("--precision %q: the half-width after = must be a positive number, e.g. ±0.5", s)
	}
	p.HalfWidth = x
	lhs = strings.TrimSpace(lhs)
	if name, when, ok := strings.Cut(lhs, "@"); ok {
		lhs = name
		switch when = strings.TrimSpace(when); when {
		case "horizon", "":
		default:
			y, ok := parseYear(when)
			if !ok {
				return p, fmt.Errorf("--precision %q: @%s is not a year or horizon", s, when)
			}
			p.Year = y
		}
	}
	name, stat, hasStat := strings.Cut(strings.TrimSpace(lhs), ".")
	p.Metric = strings.TrimSpace(name)
	if p.Metric == "" || strings.ContainsAny(p.Metric, " \t") {
		return p, fmt.Errorf("--precision %q: %q is not a metric name", s, p.Metric)
	}
	if IsShare(p.Metric) {
		if hasStat {
			return p, fmt.Errorf("--precision %q: a share such as %s takes no statistic", s, p.Metric)
		}
		if percent {
			p.HalfWidth /= 100
		}
		if p.HalfWidth >= 1 {
			return p, fmt.Errorf("--precision %q: a share's half-width must be below 1 (or 100%%)", s)
		}
		return p, nil
	}
	if percent {
		return p, fmt.Errorf("--precision %q: only a share's half-width may be in percent", s)
	}
	p.Stat = "mean"
	if hasStat {
		p.Stat = statAlias(strings.TrimSpace(stat))
		if !slices.Contains(Stats, p.Stat) {
			return p, fmt.Errorf("--precision %q: statistic %q is not one of %s", s, p.Stat, strings.Join(Stats, ", "))
		}
	}
	return p, nil
}

// Eval returns the estimate the target names in a run's summary and its
// interval at reports.CILevel (a side NaN while unbounded).
func (p Precision) Eval(sum *reports.Summary) (est, lo, hi float64, err error) {
	ny := len(sum.Years)
	if ny == 0 {
		return 0, 0, 0, fmt.Errorf("--precision %q: the run has no years", p.Text)
	}
	y := ny - 1
	if p.Year != 0 {
		y = p.Year - sum.Years[0]
		if y < 0 || y >= ny {
			return 0, 0, 0, fmt.Errorf("--precision %q: year %d is outside the run's %d–%d", p.Text, p.Year, sum.Years[0], sum.Years[ny-1])
		}
	}
	f, err := figureOf(sum, p.Metric, p.Stat)
	if err != nil {
		return 0, 0, 0, fmt.Errorf("--precision %q: %w", p.Text, err)
	}
	if len(f.lo) != ny || len(f.hi) != ny {
		return 0, 0, 0, fmt.Errorf("--precision %q: the summary has no intervals", p.Text)
	}
	return f.est[y], f.lo[y], f.hi[y], nil
}

// Reached returns the target's state in a run's summary: its estimate,
// interval, half-width (hi − lo)/2 (NaN while a side is unbounded) and
// whether it is at most the half-width wanted.
func (p Precision) Reached(sum *reports.Summary) (reports.PrecisionTarget, error) {
	est, lo, hi, err := p.Eval(sum)
	if err != nil {
		return reports.PrecisionTarget{}, err
	}
	half := (hi - lo) / 2
	return reports.PrecisionTarget{Target: p.Text, Estimate: est, Lo: lo, Hi: hi, HalfWidth: half,
		WantHalfWidth: p.HalfWidth, Met: half <= p.HalfWidth}, nil
}
