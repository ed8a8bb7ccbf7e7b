package charts

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"simulate/model"
	"simulate/reports"
)

// series is one metric of one compared scenario over the years: the
// statistics over replications of the difference scenario − base.
type series struct {
	base, scenario                string
	years                         []float64
	mean, p05, p25, p50, p75, p95 []float64
}

// readComparison reads the rows of metric from comparison.csv (columns
// base,scenario,year,metric,unit,mean,sd,se,p05,p50,p95,p25,p75), one
// series per (base, scenario) pair in the order of the file, by year.
func readComparison(path, metric string) ([]*series, error) {
	t, err := readTable(path, "base", "scenario", "year", "metric", "mean", "p05", "p25", "p50", "p75", "p95")
	if err != nil {
		return nil, err
	}
	type row struct {
		year float64
		v    [6]float64
	}
	var order []string
	byKey := map[string]*series{}
	rows := map[string][]row{}
	for i := range t.rows {
		if t.str(i, "metric") != metric {
			continue
		}
		y, err := t.year(i, "year")
		if err != nil {
			return nil, err
		}
		var r row
		r.year = float64(y)
		for k, c := range []string{"mean", "p05", "p25", "p50", "p75", "p95"} {
			if r.v[k], err = t.num(i, c); err != nil {
				return nil, err
			}
		}
		key := t.str(i, "base") + "\x00" + t.str(i, "scenario")
		if _, ok := byKey[key]; !ok {
			order = append(order, key)
			byKey[key] = &series{base: t.str(i, "base"), scenario: t.str(i, "scenario")}
		}
		rows[key] = append(rows[key], r)
	}
	if len(order) == 0 {
		return nil, fmt.Errorf("%s: no rows for metric %s", path, metric)
	}
	var out []*series
	for _, key := range order {
		s := byKey[key]
		rs := rows[key]
		slices.SortStableFunc(rs, func(a, b row) int { return int(a.year - b.year) })
		for _, r := range rs {
			s.years = append(s.years, r.year)
			s.mean = append(s.mean, r.v[0])
			s.p05 = append(s.p05, r.v[1])
			s.p25 = append(s.p25, r.v[2])
			s.p50 = append(s.p50, r.v[3])
			s.p75 = append(s.p75, r.v[4])
			s.p95 = append(s.p95, r.v[5])
		}
		out = append(out, s)
	}
	return out, nil
}

// comparisonCaption is the caption of a comparison chart: the compared
// scenarios and, from a summary.json found in the directory, the seed,
// replications and weight.
func comparisonCaption(st *style, ss []*series, sum *reports.Summary) string {
	var names []string
	for _, s := range ss {
		names = append(names, s.scenario)
	}
	name := fmt.Sprintf("%s %s %s", strings.Join(names, ", "), st.t("vs"), ss[0].base)
	if sum == nil {
		return name
	}
	return st.caption(name, sum.Seed, sum.Replications, sum.Weight)
}

// impactPoolChart draws the difference of the pool balance to the
// counterfactual, with its bands (kind impact-pool).
func impactPoolChart(path string, sum *reports.Summary, st *style) (*chart, error) {
	ss, err := readComparison(path, "pool_balance")
	if err != nil {
		return nil, err
	}
	u := st.unit.scale
	p := yearPlot(st, st.money("Difference in pool balance"))
	var leg []legendEntry
	for k, s := range ss {
		c := colSeries[k%len(colSeries)]
		if len(ss) == 1 {
			c = color.NRGBA{R: 70, G: 130, B: 180, A: 255}
		}
		c90, c50 := withAlpha(c, 55), withAlpha(c, 110)
		med := lineStyle(c, vg.Points(2.5), false)
		if len(ss) == 1 {
			med = medianLine
		}
		p.Add(band(s.years, scaled(s.p05, u), scaled(s.p95, u), c90)...)
		p.Add(band(s.years, scaled(s.p25, u), scaled(s.p75, u), c50)...)
		p.Add(lines(s.years, scaled(s.mean, u), med)...)
		if len(ss) == 1 {
			leg = append(leg,
				legendEntry{st.t("Mean difference"), []plot.Thumbnailer{lineThumb{med}}},
				legendEntry{st.t("P25–P75"), []plot.Thumbnailer{bandThumb{c50}}},
				legendEntry{st.t("P5–P95"), []plot.Thumbnailer{bandThumb{c90}}})
		} else {
			leg = append(leg, legendEntry{s.scenario, []plot.Thumbnailer{bandThumb{c90}, lineThumb{med}}})
		}
	}
	p.Add(hline{0, zeroLine})
	padRange(&p.Y, 0.04, 0)
	leg = append(leg, legendEntry{st.t("Zero"), []plot.Thumbnailer{lineThumb{zeroLine}}})
	ch := &chart{
		title:   st.t("Reform impact on the pool balance"),
		panels:  []*plot.Plot{p},
		legend:  leg,
		notes:   []string{st.t("Scenario − base, same random numbers")},
		caption: comparisonCaption(st, ss, sum),
	}
	if len(ss) > 1 {
		ch.notes = append(ch.notes, st.t("Mean, P25–P75 and P5–P95"))
	}
	return ch, nil
}

// groupDiff is the difference in a group's burden or cash per member.
type groupDiff struct {
	mean, p05, p95 float64 // p05 and p95 NaN when absent
}

// readGroupsComparison reads the horizon year's difference in metric (cash
// or burden) per member by group from groups-comparison.csv, of this
// version or an earlier one (reports.ReadGroups): stat mean, and the P5 and
// P95 over replications of the differences (mean_p05, mean_p95; p05, p95 in
// a hand-made file) when present. Metric cash is also read as member_cash,
// burden as member_burden. It returns the scenarios in file order, the year
// and the differences by scenario and group "status/age_band", status a
// label of model.GroupStatuses.
func readGroupsComparison(path, metric string) (scenarios []string, year int, diffs map[string]map[string]*groupDiff, err error) {
	rows, err := reports.ReadGroups(path)
	if err != nil {
		return nil, 0, nil, err
	}
	var keep []reports.GroupRow
	for _, r := range rows {
		if r.Metric != metric && r.Metric != "member_"+metric {
			continue
		}
		year = max(year, r.Year)
		keep = append(keep, r)
	}
	if len(keep) == 0 {
		return nil, 0, nil, fmt.Errorf("%s: no rows for metric %s", path, metric)
	}
	diffs = map[string]map[string]*groupDiff{}
	for _, r := range keep {
		if r.Year != year {
			continue
		}
		if diffs[r.Scenario] == nil {
			diffs[r.Scenario] = map[string]*groupDiff{}
			scenarios = append(scenarios, r.Scenario)
		}
		key := r.Label() + "/" + r.AgeBand
		g := diffs[r.Scenario][key]
		if g == nil {
			g = &groupDiff{math.NaN(), math.NaN(), math.NaN()}
			diffs[r.Scenario][key] = g
		}
		switch r.Stat {
		case "mean":
			g.mean = r.Value
		case "mean_p05", "p05":
			g.p05 = r.Value
		case "mean_p95", "p95":
			g.p95 = r.Value
		}
	}
	return scenarios, year, diffs, nil
}

// impactBurdenChart draws the difference in members' burden (cash + account
// spending on own care) by age band, status and contribution-base quintile,
// with the difference in cash alone marked on each bar (kind
// impact-burden). A bar below zero is a group that gains.
func impactBurdenChart(path string, ss []*series, sum *reports.Summary, st *style) (*chart, error) {
	scens, year, diffs, err := readGroupsComparison(path, "burden")
	if err != nil {
		return nil, err
	}
	_, _, cash, err := readGroupsComparison(path, "cash")
	if err != nil {
		cash = nil // a file without cash rows: bars only
	}
	var ages []string
	for b := 1; b < model.NumAgeBands; b++ {
		ages = append(ages, model.AgeBandLabel(b))
	}
	type panel struct {
		title  string
		groups []string // status/age_band
		names  []string
	}
	var byAge, byStatus, byQuint panel
	byAge.title = st.t("By age band")
	for _, a := range ages {
		byAge.groups = append(byAge.groups, "all/"+a)
		byAge.names = append(byAge.names, a)
	}
	byStatus.title = st.t("By status")
	byQuint.title = st.t("By base quintile")
	for _, s := range model.GroupStatuses {
		if strings.HasPrefix(s, "base_q") {
			byQuint.groups = append(byQuint.groups, s+"/all")
			byQuint.names = append(byQuint.names, "Q"+strings.TrimPrefix(s, "base_q"))
		} else {
			byStatus.groups = append(byStatus.groups, s+"/all")
			byStatus.names = append(byStatus.names, st.t(s))
		}
	}
	ylabel := st.t("yuan per member")
	cashMark := draw.GlyphStyle{Color: color.NRGBA{A: 255}, Radius: vg.Points(5), Shape: draw.PyramidGlyph{}}
	var panels []*plot.Plot
	var leg []legendEntry
	anyBand, anyCash := false, false
	for pi, pn := range []panel{byAge, byStatus, byQuint} {
		p := st.newPlot()
		p.Title.Text = pn.title
		if pi != 2 {
			p.Y.Label.Text = ylabel
		}
		n := len(scens)
		w := 0.75 / float64(n)
		for k, scen := range scens {
			c := colSeries[k%len(colSeries)]
			var mx, my []float64
			for gi, g := range pn.groups {
				d := diffs[scen][g]
				if d == nil || !defined(d.mean) {
					continue
				}
				x0 := float64(gi) - 0.375 + float64(k)*w
				p.Add(rect{X0: x0 + 0.05*w, X1: x0 + 0.95*w, Y0: 0, Y1: d.mean, Color: c})
				if defined(d.p05) && defined(d.p95) {
					anyBand = true
					p.Add(whisker{At: x0 + w/2, Lo: d.p05, Hi: d.p95, LineStyle: lineStyle(color.NRGBA{A: 255}, vg.Points(1.2), false)})
				}
				if cd := cash[scen][g]; cd != nil && defined(cd.mean) {
					mx, my = append(mx, x0+w/2), append(my, cd.mean)
				}
			}
			if len(mx) > 0 {
				anyCash = true
				p.Add(glyphs{xs: mx, ys: my, style: cashMark, single: true})
			}
			if pi == 0 {
				name := st.t("Burden: cash + account")
				if n > 1 {
					name = scen
				}
				leg = append(leg, legendEntry{name, []plot.Thumbnailer{bandThumb{c}}})
			}
		}
		al := p.X.Tick.Label
		p.X.Tick.Label = st.text(13)
		p.X.Tick.Label.XAlign, p.X.Tick.Label.YAlign = al.XAlign, al.YAlign
		p.NominalX(pn.names...)
		p.Add(hline{0, lineStyle(colZero, vg.Points(1), false)})
		p.X.Min, p.X.Max = -0.6, float64(len(pn.groups))-0.4
		include := []float64{0}
		for _, scen := range scens {
			for _, g := range pn.groups {
				if cd := cash[scen][g]; cd != nil && defined(cd.mean) {
					include = append(include, cd.mean)
				}
			}
		}
		padRange(&p.Y, 0.06, include...)
		panels = append(panels, p)
	}
	// One y range for all panels, so bars compare across them.
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, p := range panels {
		lo, hi = math.Min(lo, p.Y.Min), math.Max(hi, p.Y.Max)
	}
	for _, p := range panels {
		p.Y.Min, p.Y.Max = lo, hi
	}
	if anyCash {
		leg = append(leg, legendEntry{st.t("Cash alone"), []plot.Thumbnailer{glyphThumb{cashMark}}})
	}
	notes := []string{fmt.Sprintf(st.t("Year %d, scenario − base"), year), st.t("Below zero: the group gains")}
	if anyBand {
		notes = append(notes, st.t("Whiskers: P5–P95"))
	}
	base := ""
	if len(ss) > 0 {
		base = ss[0].base
	}
	capt := strings.Join(scens, ", ")
	if base != "" {
		capt += " " + st.t("vs") + " " + base
	}
	if sum != nil {
		capt = st.caption(capt, sum.Seed, sum.Replications, sum.Weight)
	}
	return &chart{
		title:   st.t("Reform impact on members' burden per member"),
		panels:  panels,
		rows:    []int{1, 2},
		weights: []float64{1, 4, 5},
		legend:  leg,
		notes:   notes,
		caption: capt,
	}, nil
}
