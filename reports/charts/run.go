package charts

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"simulate/reports"
)

// lineThumb is a legend thumbnail of a line.
type lineThumb struct{ draw.LineStyle }

func (t lineThumb) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(t.LineStyle, c.Min.X, y, c.Max.X, y)
}

var (
	medianLine = lineStyle(colMedian, vg.Points(2.5), false)
	zeroLine   = lineStyle(colZero, vg.Points(1.2), true)
)

// runData is what the run charts are drawn from.
type runData struct {
	sum   *reports.Summary
	bands *bands // nil: no shading of months of payment
	path  string // of summary.json, for messages
}

// metric returns the metric of the summary, or an error naming the file.
func (d *runData) metric(name string) (*reports.MetricSummary, error) {
	m := d.sum.Metric(name)
	if m == nil {
		return nil, fmt.Errorf("%s: no metric %s", d.path, name)
	}
	if len(m.P50) != len(d.sum.Years) || len(m.Mean) != len(d.sum.Years) {
		return nil, fmt.Errorf("%s: metric %s has %d values for %d years", d.path, name, len(m.P50), len(d.sum.Years))
	}
	return m, nil
}

func (d *runData) years() []float64 {
	xs := make([]float64, len(d.sum.Years))
	for i, y := range d.sum.Years {
		xs[i] = float64(y)
	}
	return xs
}

func (d *runData) caption(st *style) string {
	return st.caption(d.sum.Scenario, d.sum.Seed, d.sum.Replications, d.sum.Weight)
}

// yearPlot returns a plot with years along X.
func yearPlot(st *style, ylabel string) *plot.Plot {
	p := st.newPlot()
	p.X.Label.Text = st.t("Year")
	p.X.Tick.Marker = yearTicks{}
	p.Y.Label.Text = ylabel
	return p
}

// addFan adds the P5–P95 and P25–P75 bands and the median of m, divided
// by scale, and returns the legend entries.
func addFan(p *plot.Plot, st *style, xs []float64, m *reports.MetricSummary, scale float64, c90, c50 color.Color, med draw.LineStyle) []legendEntry {
	p.Add(band(xs, scaled(m.P05, scale), scaled(m.P95, scale), c90)...)
	p.Add(band(xs, scaled(m.P25, scale), scaled(m.P75, scale), c50)...)
	p.Add(lines(xs, scaled(m.P50, scale), med)...)
	return []legendEntry{
		{st.t("Median"), []plot.Thumbnailer{lineThumb{med}}},
		{st.t("P25–P75"), []plot.Thumbnailer{bandThumb{c50}}},
		{st.t("P5–P95"), []plot.Thumbnailer{bandThumb{c90}}},
	}
}

// poolBalanceChart is the fan chart of the pool balance (kind pool-balance).
func poolBalanceChart(d *runData, st *style) (*chart, error) {
	m, err := d.metric("pool_balance")
	if err != nil {
		return nil, err
	}
	xs := d.years()
	p := yearPlot(st, st.money("Pool balance"))
	leg := addFan(p, st, xs, m, st.unit.scale, colBand90, colBand50, medianLine)
	p.Add(hline{0, zeroLine})
	padRange(&p.Y, 0.04, 0)
	leg = append(leg, legendEntry{st.t("Zero"), []plot.Thumbnailer{lineThumb{zeroLine}}})
	return &chart{title: st.t("Pool balance"), panels: []*plot.Plot{p}, legend: leg, caption: d.caption(st)}, nil
}

// The bands of months of payment (docs/model.md section 5): opaque light
// tints behind the data, so that a fan drawn over them keeps its own colours
// and matches its legend, and darker edges drawn over the data, so that the
// thresholds stay visible inside the fan.
var (
	// Light tints of the workbook's traffic light (reports/workbook), none
	// of them blue, the hue of the fan.
	colInsufficient = color.NRGBA{R: 244, G: 204, B: 204, A: 255}
	colWarning      = color.NRGBA{R: 255, G: 232, B: 176, A: 255}
	colReasonable   = color.NRGBA{R: 200, G: 235, B: 207, A: 255}
	colMoreThan     = color.NRGBA{R: 230, G: 240, B: 220, A: 255}
	colExcess       = color.NRGBA{R: 255, G: 246, B: 214, A: 255}
	edgeWarning     = lineStyle(color.NRGBA{R: 200, G: 110, B: 0, A: 255}, vg.Points(1.6), true)
	edgeOther       = lineStyle(color.NRGBA{R: 110, G: 110, B: 110, A: 255}, vg.Points(1), true)
	// The fan of months of payment: one hue, opaque, deeper to the centre.
	colMonths90  = color.NRGBA{R: 182, G: 194, B: 220, A: 255}
	colMonths50  = color.NRGBA{R: 124, G: 142, B: 184, A: 255}
	monthsMedian = lineStyle(color.NRGBA{R: 10, G: 20, B: 50, A: 255}, vg.Points(2.5), false)
)

// monthBands returns the shading of the bands of b (to add before the
// data), their edges (to add after it) and the legend entries of both.
func monthBands(st *style, b *bands) (shading, edges []plot.Plotter, leg []legendEntry) {
	inf := math.Inf(1)
	shading = []plot.Plotter{
		hband{-inf, b.Insufficient, colInsufficient},
		hband{b.Insufficient, b.Warning, colWarning},
		hband{b.Warning, b.ReasonableMax, colReasonable},
		hband{b.ReasonableMax, b.Excess, colMoreThan},
		hband{b.Excess, inf, colExcess},
	}
	edges = []plot.Plotter{
		hline{b.Insufficient, edgeOther},
		hline{b.Warning, edgeWarning},
		hline{b.ReasonableMax, edgeOther},
		hline{b.Excess, edgeOther},
	}
	r := func(lo, hi float64) string { return fmt.Sprintf(" (%s–%s)", formatValue(lo), formatValue(hi)) }
	leg = []legendEntry{
		{st.t("Excess") + " (> " + formatValue(b.Excess) + ")", []plot.Thumbnailer{bandThumb{colExcess}}},
		{st.t("More than reasonable") + r(b.ReasonableMax, b.Excess), []plot.Thumbnailer{bandThumb{colMoreThan}}},
		{st.t("Reasonable") + r(b.Warning, b.ReasonableMax), []plot.Thumbnailer{bandThumb{colReasonable}}},
		{st.t("Warning") + r(b.Insufficient, b.Warning), []plot.Thumbnailer{bandThumb{colWarning}}},
		{st.t("Insufficient") + " (< " + formatValue(b.Insufficient) + ")", []plot.Thumbnailer{bandThumb{colInsufficient}}},
		{st.t("Warning line") + " (" + formatValue(b.Warning) + ")", []plot.Thumbnailer{lineThumb{edgeWarning}}},
	}
	return shading, edges, leg
}

// poolMonthsChart is the fan chart of months of payment over the shaded
// bands of fund.bands (kind pool-months).
func poolMonthsChart(d *runData, st *style) (*chart, error) {
	m, err := d.metric("pool_months")
	if err != nil {
		return nil, err
	}
	xs := d.years()
	p := yearPlot(st, st.withUnit("Months of payment", st.t("months")))
	ch := &chart{title: st.t("Months of payment"), panels: []*plot.Plot{p}, caption: d.caption(st)}
	var edges []plot.Plotter
	if b := d.bands; b != nil {
		var shading []plot.Plotter
		shading, edges, ch.legend = monthBands(st, b)
		p.Add(shading...)
	}
	ch.legend = append(addFan(p, st, xs, m, 1, colMonths90, colMonths50, monthsMedian), ch.legend...)
	p.Add(edges...)
	p.Add(hline{0, zeroLine})
	include := []float64{0}
	if d.bands != nil {
		include = append(include, d.bands.Excess*1.15)
	}
	padRange(&p.Y, 0.03, include...)
	if lowest(m.P05) >= 0 {
		p.Y.Min = 0
	}
	return ch, nil
}

// lowest returns the smallest defined value of xs (+Inf if none).
func lowest(xs []float64) float64 {
	lo := math.Inf(1)
	for _, x := range xs {
		if defined(x) {
			lo = math.Min(lo, x)
		}
	}
	return lo
}

// expenditureChart stacks the mean pooled expenditure by category against
// the mean pooled income (kind expenditure).
func expenditureChart(d *runData, st *style) (*chart, error) {
	parts := []struct{ metric, label string }{
		{"pool_outpatient_general", "General outpatient"},
		{"pool_outpatient_chronic", "Chronic outpatient"},
		{"pool_inpatient", "Inpatient"},
		{"pool_maternity", "Maternity"},
	}
	income, err := d.metric("pool_income")
	if err != nil {
		return nil, err
	}
	total, err := d.metric("pool_expenditure")
	if err != nil {
		return nil, err
	}
	xs := d.years()
	u := st.unit.scale
	p := yearPlot(st, st.money("Pooled income and expenditure"))
	lo := make([]float64, len(xs))
	var leg []legendEntry
	for k, part := range parts {
		m, err := d.metric(part.metric)
		if err != nil {
			return nil, err
		}
		hi := make([]float64, len(xs))
		for i := range xs {
			v := m.Mean[i] / u
			if !defined(v) {
				v = 0
			}
			hi[i] = lo[i] + v
		}
		c := withAlpha(colSeries[k], 170)
		p.Add(band(xs, lo, hi, c)...)
		leg = append([]legendEntry{{st.t(part.label), []plot.Thumbnailer{bandThumb{c}}}}, leg...)
		lo = hi
	}
	totalLine := lineStyle(color.NRGBA{A: 255}, vg.Points(1.8), true)
	incomeLine := lineStyle(colIncome, vg.Points(3), false)
	p.Add(lines(xs, scaled(total.Mean, u), totalLine)...)
	p.Add(lines(xs, scaled(income.Mean, u), incomeLine)...)
	padRange(&p.Y, 0.03, 0)
	p.Y.Min = 0
	leg = append([]legendEntry{
		{st.t("Pooled income"), []plot.Thumbnailer{lineThumb{incomeLine}}},
		{st.t("Pooled expenditure (total)"), []plot.Thumbnailer{lineThumb{totalLine}}},
	}, leg...)
	return &chart{
		title:   st.t("Pooled expenditure by category and pooled income"),
		panels:  []*plot.Plot{p},
		legend:  leg,
		notes:   []string{st.t("Means over replications")},
		caption: d.caption(st),
	}, nil
}

// accountsChart shows the total account balance and the credits and
// spending per year (kind accounts).
func accountsChart(d *runData, st *style) (*chart, error) {
	bal, err := d.metric("account_balance")
	if err != nil {
		return nil, err
	}
	credit, err := d.metric("account_credit")
	if err != nil {
		return nil, err
	}
	spend, err := d.metric("account_spending")
	if err != nil {
		return nil, err
	}
	xs := d.years()
	u := st.unit.scale
	left := yearPlot(st, st.money("Account balance"))
	left.Title.Text = st.t("Account balance")
	left.X.Tick.Marker = yearTicks{6} // half-width panels
	leg := addFan(left, st, xs, bal, u, colBand90, colBand50, medianLine)
	padRange(&left.Y, 0.04, 0)

	right := yearPlot(st, st.money("Credits and spending"))
	right.Title.Text = st.t("Account credits and spending")
	right.X.Tick.Marker = yearTicks{6}
	for _, s := range []struct {
		m     *reports.MetricSummary
		label string
		c     color.NRGBA
	}{{credit, "Credits", colSeries[2]}, {spend, "Spending", colSeries[1]}} {
		ls := lineStyle(s.c, vg.Points(2.5), false)
		bc := withAlpha(s.c, 50)
		right.Add(band(xs, scaled(s.m.P05, u), scaled(s.m.P95, u), bc)...)
		right.Add(lines(xs, scaled(s.m.Mean, u), ls)...)
		leg = append(leg, legendEntry{st.t(s.label), []plot.Thumbnailer{bandThumb{bc}, lineThumb{ls}}})
	}
	padRange(&right.Y, 0.04, 0)
	return &chart{
		title:   st.t("Individual accounts"),
		panels:  []*plot.Plot{left, right},
		legend:  leg,
		notes:   []string{st.t("Balance: median and bands;"), st.t("credits, spending: mean, P5–P95")},
		caption: d.caption(st),
	}, nil
}
