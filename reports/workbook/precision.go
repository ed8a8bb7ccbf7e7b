package workbook

import (
	"simulate/model"
	"simulate/reports"
)

// precisionMetrics are the metrics whose estimates the Precision sheet
// lists with their intervals.
var precisionMetrics = []string{"pool_balance", "pool_months", "pool_surplus", "member_cash"}

// precisionSheet lists, year by year, the headline estimates of the run —
// the mean, P5, P50 and P95 of the pool balance, months of payment,
// current surplus and members' cash, and every solvency share — each with
// its 95% Monte Carlo interval from summary.json (docs/outputs.md), and
// says how the intervals were measured.
func (b *builder) precisionSheet(name string) error {
	s := b.sheet(name)
	t, st := b.t, b.st
	sum := b.in.sum
	method := t.s("precision.iid")
	if sum.Blocks > 0 {
		method = t.f("precision.blocks", sum.Blocks, model.DesignBlock)
	}
	s.setWide(1, 1, t.f("precision.title", sum.Replications, method), st.subtitle)
	for i, id := range []string{"precision.year", "precision.metric", "precision.stat", "precision.estimate", "precision.lo", "precision.hi", "precision.halfwidth"} {
		s.set(1+i, 2, t.s(id), st.header)
	}
	row := 3
	put := func(y int, label, stat string, est, lo, hi float64, style int, scale float64) {
		s.set(1, row, sum.Years[y], st.year)
		s.set(2, row, label, st.text)
		s.set(3, row, stat, st.text)
		// An end too few replications bound says so, and so does the
		// half-width it leaves open; an undefined estimate stays blank.
		for i, v := range []float64{est, lo, hi, (hi - lo) / 2} {
			switch {
			case defined(v):
				s.set(4+i, row, v/scale, style)
			case i > 0 && defined(est):
				s.set(4+i, row, t.s("precision.unbounded"), st.text)
			}
		}
		row++
	}
	for _, m := range precisionMetrics {
		ms := sum.Metric(m)
		if ms == nil || len(ms.P05CI.Lo) != len(sum.Years) {
			continue
		}
		style, unit, scaled := b.metricFormat(m, ms.Unit)
		scale := 1.0
		if scaled {
			scale = b.scale
		}
		label := t.f("precision.metricunit", t.s("metric."+m), unit)
		for y := range sum.Years {
			lo, hi := sum.MeanInterval(ms, y)
			put(y, label, t.s("stat.mean"), ms.Mean[y], lo, hi, style, scale)
			for k, stat := range reports.PercentileNames {
				if stat != "p05" && stat != "p50" && stat != "p95" {
					continue
				}
				ci := ms.Interval(k)
				put(y, label, t.s("stat."+stat), ms.Percentile(k)[y], ci.Lo[y], ci.Hi[y], style, scale)
			}
		}
	}
	for _, f := range sum.Solvency.Shares() {
		if len(f.CI.Lo) != len(sum.Years) {
			continue
		}
		for y := range sum.Years {
			put(y, t.s("solv."+f.Name), t.s("precision.share"), f.Share[y], f.CI.Lo[y], f.CI.Hi[y], st.pct, 1)
		}
	}
	if row == 3 {
		s.set(1, 3, t.s("precision.none"), st.text)
	}
	if err := b.finishTable(s, 8, 16, "A3", 2); err != nil {
		return err
	}
	return b.f.SetColWidth(name, "B", "B", 48)
}
