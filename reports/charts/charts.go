// Package charts draws the charts of a run, comparison, sweep or
// sensitivity directory with gonum.org/v1/plot: each chart as
// charts/KIND.png (1600 × 1000 pixels), KIND.svg and KIND.pdf.
//
// The kinds, and the files they are drawn from:
//
//	pool-balance   summary.json     fan chart of the pool balance: P5–P95, P25–P75, median, zero line
//	pool-months    summary.json     fan chart of months of payment over the bands of
//	                                fund.bands in scenario.yaml (docs/model.md section 5)
//	expenditure    summary.json     mean pooled expenditure by category, stacked, against pooled income
//	accounts       summary.json     account balance; account credits against spending
//	impact-pool    comparison.csv   difference of the pool balance to the counterfactual, with bands
//	impact-burden  groups-comparison.csv
//	                                difference of burden (cash + account) per member by age band,
//	                                status and base quintile, the cash part marked
//	sweep          sweep.csv        two keys: the decision chart, the figure of Options.Metric
//	                                (months of payment P5 by default; SweepMetrics) in each cell in
//	                                the fixed colour of its band, the target frontier, the current
//	                                policy of scenario.yaml and the undecided points; one key:
//	                                months of payment (P5, median) over the bands
//	tornado        tornado.csv      effects of each key's low and high value on the horizon pool balance
//
// Fans are opaque shades of one hue, deeper to the centre, so that every
// colour drawn is one of the legend's; the bands of months of payment are
// light tints behind the data with their edges drawn over it. Axis titles
// of scenario keys come from Options.KeyTitle (the parameter reference).
//
// Amounts are drawn in the unit of Options.Unit (亿元 by default) and every
// chart carries a caption with the scenario, seed, replications and weight.
// Chinese labels need a CJK font: one is looked for in the usual font
// directories (Debian's fonts-noto-cjk), or given by Options.Font; without
// one the charts fall back to English with a warning. gonum/plot's PDF
// canvas cannot draw CJK text, so such PDFs are converted from the SVG by
// rsvg-convert (Debian's librsvg2-bin) or, failing that, hold the PNG.
//
// charts draws from a reports.Saved held in memory (Draw) and reads no file
// of the output folder itself: DrawDir opens the folder with reports.Open.
// It never imports simulate/scenarios: the month bands come from the
// resolved scenario.yaml the Saved holds.
package charts

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"simulate/reports"
)

// Options control how charts are drawn.
type Options struct {
	// Lang is the language of the labels: "en" (the default when empty)
	// or "zh".
	Lang string
	// Unit is the unit of amounts of money on the axes: "yuan", "wan"
	// (万元) or "yi" (亿元, the default when empty). Amounts per member
	// are always in yuan.
	Unit string
	// Font is the path of a TrueType or OpenType font file (or
	// collection) for all text; empty: Liberation Sans for English, a CJK
	// font found on the system for Chinese.
	Font string
	// Out is the folder whose charts/ Draw writes into; empty means the
	// folder the Saved was read from.
	Out string
	// Metric is the figure of a sweep's decision chart, one of
	// SweepMetrics; empty means the first, months of payment P5.
	Metric string
	// KeyTitle returns the title, in lang, of a scenario key path (a
	// sweep's axes) with its unit, from the parameter reference; ok false
	// or a nil KeyTitle: the axis is titled by the key path.
	KeyTitle func(path, lang string) (title string, ok bool)
}

// check validates o and fills in the defaults.
func (o *Options) check() error {
	var errs []error
	switch o.Lang {
	case "":
		o.Lang = "en"
	case "en", "zh":
	default:
		errs = append(errs, fmt.Errorf("charts: language %q: want en or zh", o.Lang))
	}
	switch o.Unit {
	case "":
		o.Unit = "yi"
	case "yuan", "wan", "yi":
	default:
		errs = append(errs, fmt.Errorf("charts: unit %q: want yuan, wan or yi", o.Unit))
	}
	if o.Metric != "" && !slices.Contains(SweepMetrics, o.Metric) {
		errs = append(errs, fmt.Errorf("charts: metric %q: want one of %s", o.Metric, strings.Join(SweepMetrics, ", ")))
	}
	return errors.Join(errs...)
}

// DrawDir draws the charts of the output folder dir (reports.Open) into
// dir/charts/ (or opt.Out's), as Draw does.
func DrawDir(dir string, opt Options) (warnings []string, err error) {
	if err := opt.check(); err != nil {
		return nil, err
	}
	s, err := reports.Open(dir)
	if err != nil {
		return nil, fmt.Errorf("charts: %w", err)
	}
	return Draw(s, opt)
}

// Draw draws the charts of the saved output s into opt.Out's charts/ (s.Dir's
// when empty), each as KIND.png, KIND.svg and KIND.pdf written atomically:
// the run charts when s has a summary, impact-pool (and impact-burden with
// groups-comparison.csv) for comparison.csv, sweep for sweep.csv and
// tornado for tornado.csv. It reads no file, and records the PNG of each
// chart it writes in s.Charts (for the workbook). It returns warnings (a missing
// CJK font or scenario.yaml, a PDF made from the image) and an error naming
// each file that is bad; charts that can be drawn are drawn even when
// others fail. It never panics.
func Draw(s *reports.Saved, opt Options) (warnings []string, err error) {
	if err := opt.check(); err != nil {
		return nil, err
	}
	dir := s.Dir
	tf, lang, warnings := chooseFont(opt.Lang, opt.Font)
	st := &style{labels: labels{lang}, tf: tf, unit: moneyUnits[opt.Unit], hdlr: tf.handler(), metric: opt.Metric, titles: opt.KeyTitle}

	var errs []error
	drew := false
	draw := func(kind string, build func() (*chart, error)) {
		drew = true
		out := opt.Out
		if out == "" {
			out = dir
		}
		png, w, err := writeChart(out, kind, st, build)
		if png != nil {
			if s.Charts == nil {
				s.Charts = map[string][]byte{}
			}
			s.Charts[kind] = png
		}
		warnings = append(warnings, w...)
		if err != nil {
			errs = append(errs, err)
		}
	}
	path := func(name string) string { return filepath.Join(dir, name) }

	switch {
	case s.Summary != nil:
		d := &runData{sum: s.Summary, path: path(reports.SummaryFile)}
		if b, err := readBands(path(reports.ScenarioFile), s.Scenario); err != nil {
			warnings = append(warnings, fmt.Sprintf("charts: months of payment without bands: %v", err))
		} else {
			d.bands = b
		}
		for _, k := range []struct {
			kind string
			fn   func(*runData, *style) (*chart, error)
		}{
			{"pool-balance", poolBalanceChart},
			{"pool-months", poolMonthsChart},
			{"expenditure", expenditureChart},
			{"accounts", accountsChart},
		} {
			draw(k.kind, func() (*chart, error) { return k.fn(d, st) })
		}
	case s.Years != nil:
		errs = append(errs, fmt.Errorf("charts: %s has %s but no %s", dir, reports.YearsFile, reports.SummaryFile))
		drew = true
	}
	sum := s.Caption()

	if t := s.Comparison; t != nil {
		var ss []*series
		draw("impact-pool", func() (*chart, error) {
			ch, err := impactPoolChart(t, sum, st)
			if err == nil {
				ss, _ = readComparison(t, "pool_balance")
			}
			return ch, err
		})
		if g := s.GroupsComparison; g != nil {
			draw("impact-burden", func() (*chart, error) { return impactBurdenChart(g, ss, sum, st) })
		} else {
			warnings = append(warnings, fmt.Sprintf("charts: %s has %s but no %s: no impact-burden chart", dir, reports.ComparisonFile, reports.GroupsComparisonFile))
		}
	}
	if t := s.Sweep; t != nil {
		b, _ := readBands(path(reports.ScenarioFile), s.Scenario)
		if b == nil && len(s.Points) > 0 && s.Points[0].Index == 0 {
			b, _ = readBands(filepath.Join(dir, filepath.FromSlash(reports.PointDir(0)), reports.ScenarioFile), s.Points[0].Scenario)
		}
		base := readBase(s.Scenario)
		once := false
		draw("sweep", func() (*chart, error) {
			ch, w, err := sweepChart(t, s, sum, b, base, st)
			if !once {
				warnings = append(warnings, w...)
				once = true
			}
			return ch, err
		})
	}
	if t := s.Tornado; t != nil {
		draw("tornado", func() (*chart, error) { return tornadoChart(t, sum, st) })
	}
	if !drew {
		return warnings, fmt.Errorf("charts: %s: %w", dir, errNoData)
	}
	return warnings, errors.Join(errs...)
}
