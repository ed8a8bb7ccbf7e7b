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
// charts reads files and never imports simulate/scenarios: the month
// bands come from the resolved scenario.yaml of the directory.
package charts

import (
	"errors"
	"fmt"
	"os"
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
	// Out is the folder whose charts/ DrawDir writes into; empty means the
	// folder it reads.
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

// DrawDir draws the charts of the saved files in dir into dir/charts/,
// each as KIND.png, KIND.svg and KIND.pdf written atomically: the run
// charts when dir holds summary.json, impact-pool (and impact-burden with
// groups-comparison.csv) for comparison.csv, sweep for sweep.csv and
// tornado for tornado.csv. It returns warnings (a missing CJK font or
// scenario.yaml, a PDF made from the image) and an error naming each file
// that is missing or bad; charts that can be drawn are drawn even when
// others fail. It never panics.
func DrawDir(dir string, opt Options) (warnings []string, err error) {
	if err := opt.check(); err != nil {
		return nil, err
	}
	fi, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("charts: %w", err)
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("charts: %s is not a directory", dir)
	}
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
		w, err := writeChart(out, kind, st, build)
		warnings = append(warnings, w...)
		if err != nil {
			errs = append(errs, err)
		}
	}
	path := func(name string) string { return filepath.Join(dir, name) }

	var sum *reports.Summary
	switch {
	case fileExists(path("summary.json")):
		s, err := reports.ReadSummary(path("summary.json"))
		if err != nil {
			errs = append(errs, fmt.Errorf("charts: %w", err))
			drew = true
			break
		}
		sum = s
		d := &runData{sum: s, path: path("summary.json")}
		if b, err := readBands(path("scenario.yaml")); err != nil {
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
	case fileExists(path("years.csv")):
		errs = append(errs, fmt.Errorf("charts: %s has years.csv but no summary.json", dir))
		drew = true
	}
	if sum == nil {
		sum = findSummary(dir)
	}

	if p := path("comparison.csv"); fileExists(p) {
		var ss []*series
		draw("impact-pool", func() (*chart, error) {
			ch, err := impactPoolChart(p, sum, st)
			if err == nil {
				ss, _ = readComparison(p, "pool_balance")
			}
			return ch, err
		})
		if g := path("groups-comparison.csv"); fileExists(g) {
			draw("impact-burden", func() (*chart, error) { return impactBurdenChart(g, ss, sum, st) })
		} else {
			warnings = append(warnings, fmt.Sprintf("charts: %s has comparison.csv but no groups-comparison.csv: no impact-burden chart", dir))
		}
	}
	if p := path("sweep.csv"); fileExists(p) {
		b, _ := readBands(path("scenario.yaml"))
		if b == nil {
			b, _ = readBands(filepath.Join(dir, "points", "0000", "scenario.yaml"))
		}
		base := readBase(path("scenario.yaml"))
		once := false
		draw("sweep", func() (*chart, error) {
			ch, w, err := sweepChart(p, sum, b, base, st)
			if !once {
				warnings = append(warnings, w...)
				once = true
			}
			return ch, err
		})
	}
	if p := path("tornado.csv"); fileExists(p) {
		draw("tornado", func() (*chart, error) { return tornadoChart(p, sum, st) })
	}
	if !drew {
		return warnings, fmt.Errorf("charts: %s: %w", dir, errNoData)
	}
	return warnings, errors.Join(errs...)
}
