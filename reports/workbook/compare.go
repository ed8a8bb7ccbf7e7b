package workbook

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
	"go.yaml.in/yaml/v3"

	"simulate/model"
	"simulate/reports"
)

// comparison is what the workbook of a comparison directory reads: every
// compared run (runs/K-NAME/, the base first) and the paired differences of
// comparison.csv and groups-comparison.csv.
type comparison struct {
	runs []*comparedRun // runs[0] is the base
	// diffs holds comparison.csv: scenario → metric → the mean difference
	// scenario − base by year with its 95% interval.
	diffs map[string]map[string]*diffSeries
	// groups holds groups-comparison.csv: scenario → "year/status/age_band/
	// metric" → the change of the group's mean per member.
	groups map[string]map[string]float64
	years  []int
}

// comparedRun is one run of a comparison.
type comparedRun struct {
	name   string
	sum    *reports.Summary
	params []param
	root   *yaml.Node
	groups map[string]float64 // groups.csv means: "year/status/age_band/metric" → yuan per member
}

// diffSeries is one metric's paired difference by year.
type diffSeries struct {
	unit          string
	mean, lo, hi  []float64 // by year of comparison.years; NaN where absent
	p05, p50, p95 []float64
}

// readComparison reads the runs and the differences of the comparison
// directory dir.
func readComparison(dir string) (*comparison, error) {
	runs, _ := filepath.Glob(filepath.Join(dir, "runs", "*", "summary.json"))
	sort.Slice(runs, func(i, j int) bool { return runIndex(runs[i]) < runIndex(runs[j]) })
	if len(runs) < 2 {
		return nil, fmt.Errorf("workbook: %s: comparison.csv with %d runs in runs/, want the base and a scenario", dir, len(runs))
	}
	c := &comparison{diffs: map[string]map[string]*diffSeries{}, groups: map[string]map[string]float64{}}
	for _, p := range runs {
		rd := filepath.Dir(p)
		s, err := reports.ReadSummary(p)
		if err != nil {
			return nil, fmt.Errorf("workbook: read summary: %w", err)
		}
		r := &comparedRun{name: s.Scenario, sum: s, groups: map[string]float64{}}
		if data, err := os.ReadFile(filepath.Join(rd, "scenario.yaml")); err == nil {
			ps, root, err := parseParams(data)
			if err != nil {
				return nil, fmt.Errorf("workbook: %s: %w", filepath.Join(rd, "scenario.yaml"), err)
			}
			r.params, r.root = ps, root
		}
		if _, err := os.Stat(filepath.Join(rd, "groups.csv")); err == nil {
			rows, err := reports.ReadGroups(filepath.Join(rd, "groups.csv"))
			if err != nil {
				return nil, fmt.Errorf("workbook: %w", err)
			}
			for _, g := range rows {
				if g.Stat == "mean" && !math.IsNaN(g.Value) {
					r.groups[groupKey(g)] = g.Value
				}
			}
		}
		c.runs = append(c.runs, r)
	}
	c.years = c.runs[0].sum.Years

	rows, err := readCSV(filepath.Join(dir, "comparison.csv"), nil)
	if err != nil {
		return nil, err
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	for _, need := range []string{"scenario", "year", "metric", "unit", "mean", "mean_lo", "mean_hi", "p05", "p50", "p95"} {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("workbook: %s: no column %s", filepath.Join(dir, "comparison.csv"), need)
		}
	}
	num := func(rec []string, c string) float64 {
		v, err := strconv.ParseFloat(rec[col[c]], 64)
		if err != nil {
			return math.NaN()
		}
		return v
	}
	for _, rec := range rows[1:] {
		if len(rec) != len(rows[0]) {
			continue
		}
		y, err := strconv.Atoi(rec[col["year"]])
		i := slices.Index(c.years, y)
		if err != nil || i < 0 {
			continue
		}
		scen, metric := rec[col["scenario"]], rec[col["metric"]]
		if c.diffs[scen] == nil {
			c.diffs[scen] = map[string]*diffSeries{}
		}
		d := c.diffs[scen][metric]
		if d == nil {
			n := len(c.years)
			d = &diffSeries{unit: rec[col["unit"]], mean: nans(n), lo: nans(n), hi: nans(n), p05: nans(n), p50: nans(n), p95: nans(n)}
			c.diffs[scen][metric] = d
		}
		d.mean[i], d.lo[i], d.hi[i] = num(rec, "mean"), num(rec, "mean_lo"), num(rec, "mean_hi")
		d.p05[i], d.p50[i], d.p95[i] = num(rec, "p05"), num(rec, "p50"), num(rec, "p95")
	}

	if p := filepath.Join(dir, "groups-comparison.csv"); fileExists(p) {
		rows, err := reports.ReadGroups(p)
		if err != nil {
			return nil, fmt.Errorf("workbook: %w", err)
		}
		for _, g := range rows {
			if g.Stat != "mean" || math.IsNaN(g.Value) {
				continue
			}
			if c.groups[g.Scenario] == nil {
				c.groups[g.Scenario] = map[string]float64{}
			}
			c.groups[g.Scenario][groupKey(g)] = g.Value
		}
	}
	return c, nil
}

// groupKey is the key of a group's mean in comparedRun.groups and
// comparison.groups: "year/status/age_band/metric", status a label of
// model.GroupStatuses.
func groupKey(g reports.GroupRow) string {
	return strconv.Itoa(g.Year) + "/" + g.Label() + "/" + g.AgeBand + "/" + g.Metric
}

// nans returns n NaNs.
func nans(n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = math.NaN()
	}
	return out
}

// fileExists reports whether path names a file.
func fileExists(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && !fi.IsDir()
}

// Comparison front page columns: A labels, B unit, C…G figures.
var cmpWidths = []float64{52, 15, 14, 14, 14, 13, 13}

// at returns v[i], NaN when out of range.
func at(v []float64, i int) float64 {
	if i >= 0 && i < len(v) {
		return v[i]
	}
	return math.NaN()
}

// cmpSummarySheet writes the first sheet of a comparison: what is compared,
// the headline differences at the horizon in words, each with its paired
// 95% interval and sign, the table of key figures of the base and each
// scenario with their differences, and the impact charts.
func (b *builder) cmpSummarySheet(name string) error {
	c := b.in.cmp
	t, st := b.t, b.st
	s := b.sheet(name)
	total := 0.0
	for i, w := range cmpWidths {
		total += w
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := b.f.SetColWidth(name, col, col, w); err != nil {
			return err
		}
	}
	last := len(cmpWidths)
	base := c.runs[0]
	h := len(c.years) - 1
	year := c.years[h]
	var names []string
	for _, r := range c.runs[1:] {
		names = append(names, r.name)
	}
	s.sentence(1, last, 1, t.f("cmp.title", strings.Join(names, ", "), base.name), st.title, total)
	s.sentence(1, last, 2, t.f("cmp.subtitle", base.sum.Replications, c.years[0], year, t.s("unitlong."+b.unit)), st.subtitle, total)
	row := 4

	s.setWide(1, row, t.s("cmp.what"), st.section)
	s.merge(1, last, row)
	row++
	describe := func(id string, r *comparedRun) {
		desc, _ := lookup(r.root, "description")
		text := t.f(id, r.name)
		if desc != "" {
			text += t.s("cmp.dash") + desc
		}
		s.sentence(1, last, row, text, st.wrap, total)
		row++
	}
	describe("cmp.base", base)
	for _, r := range c.runs[1:] {
		describe("cmp.scenario", r)
		changed := changedKeys(base.params, r.params)
		var titles []string
		for i, k := range changed {
			if i == 6 {
				titles = append(titles, "…")
				break
			}
			titles = append(titles, b.keyTitle(k.Key))
		}
		if len(changed) > 0 {
			s.sentence(1, last, row, t.f("cmp.changed", r.name, len(changed), strings.Join(titles, t.s("cmp.listsep"))), st.wrap, total)
			row++
		}
	}
	s.sentence(1, last, row, t.s("cmp.crn"), st.note, total)
	row++

	for _, r := range c.runs[1:] {
		d := c.diffs[r.name]
		s.setWide(1, row, t.f("cmp.headline", r.name, year), st.section)
		s.merge(1, last, row)
		row++
		for _, l := range b.cmpSentences(base, r, d, h) {
			s.sentence(1, last, row, l, st.wrap, total)
			row++
		}
		// The table of key figures.
		for i, id := range []string{"summary.item", "summary.unit"} {
			style := st.header
			if i == 0 {
				style = st.headerLeft
			}
			s.set(1+i, row, t.s(id), style)
		}
		s.setWide(3, row, base.name, st.header)
		s.setWide(4, row, r.name, st.header)
		for i, id := range []string{"cmp.diff", "cmp.lo", "cmp.hi"} {
			s.set(5+i, row, t.s(id), st.header)
		}
		if s.err == nil {
			s.err = b.f.SetRowHeight(name, row, 32)
		}
		row++
		for _, m := range cmpHeadline {
			bm, sm, dm := base.sum.Metric(m), r.sum.Metric(m), d[m]
			if bm == nil || sm == nil || dm == nil {
				continue
			}
			style, unitLabel, scaled := b.metricFormat(m, bm.Unit)
			s.set(1, row, t.s("metric."+m), st.label)
			s.set(2, row, unitLabel, st.text)
			for i, v := range []float64{at(bm.Mean, h), at(sm.Mean, h), at(dm.mean, h), at(dm.lo, h), at(dm.hi, h)} {
				s.set(3+i, row, b.metricValue(v, scaled), style)
			}
			row++
		}
		// Burden per member, from groups.csv and groups-comparison.csv.
		key := fmt.Sprintf("%d/all/all/burden", year)
		if bv, ok := base.groups[key]; ok {
			s.set(1, row, t.s("cmp.burdenpm"), st.label)
			s.set(2, row, t.s("unit.yuan_pm"), st.text)
			s.set(3, row, bv, st.yuan)
			if v, ok := r.groups[key]; ok {
				s.set(4, row, v, st.yuan)
			}
			if v, ok := c.groups[r.name][key]; ok {
				s.set(5, row, v, st.yuan)
			}
			row++
		}
		// Solvency shares and the band of the median months of payment.
		for _, ind := range []struct {
			id   string
			get  func(*reports.Solvency) []float64
			name string
		}{
			{"p_depleted", func(v *reports.Solvency) []float64 { return v.PDepleted }, "solv.p_depleted"},
			{"p_below_warning", func(v *reports.Solvency) []float64 { return v.PBelowWarning }, "solv.p_below_warning"},
		} {
			s.set(1, row, t.s(ind.name), st.label)
			s.set(2, row, t.s("unit.percent"), st.text)
			bv, sv := at(ind.get(&base.sum.Solvency), h), at(ind.get(&r.sum.Solvency), h)
			s.set(3, row, bv, st.pct)
			s.set(4, row, sv, st.pct)
			s.set(5, row, sv-bv, st.pct)
			row++
		}
		if bm, sm := base.sum.Metric("pool_months"), r.sum.Metric("pool_months"); bm != nil && sm != nil && b.in.bands != nil {
			bp, sp := at(bm.P50, h), at(sm.P50, h)
			s.set(1, row, t.s("cmp.monthsband"), st.label)
			s.set(2, row, t.s("unit.months"), st.text)
			s.set(3, row, b.metricValue(bp, false), st.bands[band(bp, b.in.bands)])
			s.set(4, row, b.metricValue(sp, false), st.bands[band(sp, b.in.bands)])
			row++
			s.set(3, row, t.s("band."+band(bp, b.in.bands)), st.centerWrap)
			s.set(4, row, t.s("band."+band(sp, b.in.bands)), st.centerWrap)
			if s.err == nil {
				s.err = b.f.SetRowHeight(name, row, 30)
			}
			row++
		}
		s.sentence(1, last, row, t.s("cmp.tablenote"), st.note, total)
		row += 2
	}

	// The impact charts, drawn by the charts package, each on a page.
	for _, kind := range []string{"impact-pool", "impact-burden"} {
		img := b.chartImage(kind)
		if img == nil {
			continue
		}
		s.pageBreak(row)
		if s.err != nil {
			return s.err
		}
		// 1600 × 1000 pixels scaled to the width of the columns (excelize
		// counts about 8 pixels per character of width).
		scale := total * 7.4 / 1600
		if err := b.f.AddPictureFromBytes(name, cellAt(1, row), &excelize.Picture{
			Extension: ".png", File: img,
			Format: &excelize.GraphicOptions{ScaleX: scale, ScaleY: scale, AltText: kind, LockAspectRatio: true, Positioning: "oneCell"},
		}); err != nil {
			return err
		}
		row += int(math.Ceil(1000*scale/20)) + 1
	}
	if s.err != nil {
		return s.err
	}
	return b.pageSetup(name)
}

// cmpHeadline are the metrics of the comparison's table of key figures.
var cmpHeadline = []string{"pool_income", "pool_expenditure", "pool_surplus", "pool_balance", "pool_months", "account_balance", "member_burden", "member_cash"}

// cmpSentences says at the horizon (year index h) how the scenario r
// differs from the base in the pool balance, months of payment and
// members' burden: the levels of both, the mean paired difference with its
// sign and 95% interval, and when the interval includes zero, that no
// difference is shown.
func (b *builder) cmpSentences(base, r *comparedRun, d map[string]*diffSeries, h int) []string {
	t := b.t
	year := base.sum.Years[h]
	var out []string
	for _, m := range []string{"pool_balance", "pool_months", "member_burden"} {
		bm, sm, dm := base.sum.Metric(m), r.sum.Metric(m), d[m]
		if bm == nil || sm == nil || dm == nil {
			continue
		}
		_, unitLabel, scaled := b.metricFormat(m, bm.Unit)
		prec := 2
		if !scaled || b.unit != "yi" {
			prec = 0
		}
		if m == "pool_months" {
			prec = 1
		}
		div := 1.0
		if scaled {
			div = b.scale
		}
		f := func(v float64) string { return formatNum(v/div, prec) }
		diff, lo, hi := at(dm.mean, h), at(dm.lo, h), at(dm.hi, h)
		dir := "more"
		if diff < 0 {
			dir = "less"
		}
		word := t.s("cmp." + m + "." + dir)
		interval := t.f("cmp.interval", f(lo), f(hi))
		if !defined(lo) || !defined(hi) {
			interval = t.s("cmp.nointerval")
		} else if lo <= 0 && hi >= 0 {
			interval = t.f("cmp.straddles", f(lo), f(hi))
		}
		levels := t.f("cmp.levels", r.name, f(at(sm.Mean, h)), base.name, f(at(bm.Mean, h)))
		if m == "pool_months" && b.in.bands != nil {
			bp, sp := at(bm.P50, h), at(sm.P50, h)
			levels = t.f("cmp.monthslevels", r.name, f(sp), t.s("band."+band(sp, b.in.bands)), base.name, f(bp), t.s("band."+band(bp, b.in.bands)))
			unitLabel = t.s("unit.months")
		}
		when := t.f("cmp.atend", year)
		if m == "member_burden" {
			when = t.f("cmp.inyear", year)
		}
		out = append(out, t.f("cmp.sentence", when, t.s("cmp.name."+m), levels, word, f(math.Abs(diff)), unitLabel, interval))
	}
	return out
}

// chartImage returns the PNG of a chart kind drawn for this workbook (in the
// output folder's charts/, else in the directory's), nil if none.
func (b *builder) chartImage(kind string) []byte {
	for _, dir := range []string{b.out, b.in.dir} {
		if dir == "" {
			continue
		}
		if data, err := os.ReadFile(filepath.Join(dir, "charts", kind+".png")); err == nil {
			return data
		}
	}
	return nil
}

// cellAt returns the name of the cell at col, row.
func cellAt(col, row int) string {
	c, _ := excelize.CoordinatesToCellName(col, row)
	return c
}

// changedKeys lists the keys of the scenario whose values differ from the
// base's (or that the base lacks), in the scenario's order, then the keys
// only the base has.
func changedKeys(base, scen []param) []param {
	bv := map[string]string{}
	for _, p := range base {
		bv[p.Key] = p.Value
	}
	seen := map[string]bool{}
	var out []param
	for _, p := range scen {
		seen[p.Key] = true
		if v, ok := bv[p.Key]; !ok || v != p.Value {
			if p.Key == "name" || p.Key == "description" {
				continue
			}
			out = append(out, p)
		}
	}
	for _, p := range base {
		if !seen[p.Key] {
			out = append(out, param{Key: p.Key})
		}
	}
	return out
}

// cmpYearsSheet writes the paired differences by year: one row per metric
// and scenario, the mean difference scenario − base in each year, named in
// the workbook's language with its unit; metrics whose differences show as
// zero in every year are left out (they are in comparison.csv).
func (b *builder) cmpYearsSheet(name string) error {
	c := b.in.cmp
	t, st := b.t, b.st
	s := b.sheet(name)
	s.setWide(1, 1, t.f("cmpyears.title", c.runs[0].name, t.s("unitlong."+b.unit)), st.title)
	shown := shownYears(len(c.years))
	hdr := 3
	s.set(1, hdr, t.s("table.item"), st.headerLeft)
	s.set(2, hdr, t.s("table.unit"), st.header)
	for i, y := range shown {
		s.set(3+i, hdr, c.years[y], st.header)
	}
	row := hdr + 1
	omitted := 0
	for _, r := range c.runs[1:] {
		d := c.diffs[r.name]
		if len(c.runs) > 2 {
			s.setWide(1, row, t.f("cmpyears.scenario", r.name, c.runs[0].name), st.section)
			row++
		}
		for _, mt := range model.Metrics {
			ds := d[mt.Name]
			if ds == nil {
				continue
			}
			style, unitLabel, scaled := b.metricFormat(mt.Name, mt.Unit)
			if b.shownZero(ds.mean, style, scaled) {
				omitted++
				continue
			}
			s.set(1, row, t.s("metric."+mt.Name), st.label)
			s.set(2, row, unitLabel, st.text)
			for i, y := range shown {
				s.set(3+i, row, b.metricValue(ds.mean[y], scaled), style)
			}
			row++
		}
	}
	row++
	cols := 2 + len(shown)
	width := 40 + 12*float64(len(shown))
	if len(shown) < len(c.years) {
		s.sentence(1, cols, row, t.f("cmpyears.someyears", len(c.years)), st.note, width)
		row++
	}
	s.sentence(1, cols, row, t.f("cmpyears.note", omitted), st.note, width)
	if err := s.finish(9, 40, "C4"); err != nil {
		return err
	}
	return b.printTitles(name, hdr, hdr)
}

// shownYears returns the indices of the years a table across the page
// shows out of n: every year up to 12, else the first, the last and
// evenly spaced years between, at most 11 in all, so that the table prints
// at a readable size.
func shownYears(n int) []int {
	if n <= 12 {
		out := make([]int, n)
		for i := range out {
			out[i] = i
		}
		return out
	}
	step := (n - 1 + 9) / 10
	var out []int
	for i := 0; i < n-1; i += step {
		out = append(out, i)
	}
	return append(out, n-1)
}

// shownZero reports whether every value of vs shows as zero (or blank) in
// the number format of style.
func (b *builder) shownZero(vs []float64, style int, scaled bool) bool {
	dec := b.decimals(style)
	for _, v := range vs {
		if !defined(v) {
			continue
		}
		if scaled {
			v /= b.scale
		}
		if math.Abs(v) >= 0.5*math.Pow(10, -float64(dec)) {
			return false
		}
	}
	return true
}

// cmpGroups are the member groups of the Groups sheet, in their order:
// status "/" age band of groups.csv.
func cmpGroups() []string {
	gs := []string{"all/all"}
	for _, s := range model.GroupStatuses {
		if s != "all" && !strings.HasPrefix(s, "base_q") {
			gs = append(gs, s+"/all")
		}
	}
	for a := 1; a < model.NumAgeBands; a++ {
		gs = append(gs, "all/"+model.AgeBandLabel(a))
	}
	for _, s := range model.GroupStatuses {
		if strings.HasPrefix(s, "base_q") {
			gs = append(gs, s+"/all")
		}
	}
	return gs
}

// cmpGroupsSheet writes who gains and who loses at the horizon: for every
// member group the base's burden per member (cash + account spending on own
// care), its change under each scenario in yuan and per cent, the parts of
// the change paid in cash and from the account, and the verdict: a group
// whose burden falls gains.
func (b *builder) cmpGroupsSheet(name string) error {
	c := b.in.cmp
	t, st := b.t, b.st
	s := b.sheet(name)
	year := c.years[len(c.years)-1]
	s.setWide(1, 1, t.f("cmpgroups.title", year), st.title)
	hdr := 3
	for i, id := range []string{"cmpgroups.group", "cmpgroups.base", "cmpgroups.change", "cmpgroups.pct", "cmpgroups.cash", "cmpgroups.account", "cmpgroups.verdict"} {
		style := st.header
		if i == 0 {
			style = st.headerLeft
		}
		s.set(1+i, hdr, t.s(id), style)
	}
	if s.err == nil {
		s.err = b.f.SetRowHeight(name, hdr, 45)
	}
	row := hdr + 1
	base := c.runs[0]
	for _, r := range c.runs[1:] {
		s.setWide(1, row, t.f("cmpgroups.scenario", r.name, base.name), st.section)
		row++
		g := c.groups[r.name]
		for _, grp := range cmpGroups() {
			status, ageBand, _ := strings.Cut(grp, "/")
			key := fmt.Sprintf("%d/%s/%s/", year, status, ageBand)
			change, ok := g[key+"burden"]
			if !ok {
				continue
			}
			label := b.statusLabel(status)
			if status == "all" && ageBand != "all" {
				label = t.f("cmpgroups.age", ageBand)
			}
			s.set(1, row, label, st.label)
			bb, hasBase := base.groups[key+"burden"]
			if hasBase {
				s.set(2, row, bb, st.yuan)
				if bb > 0 {
					s.set(4, row, change/bb, st.pct)
				}
			}
			s.set(3, row, change, st.yuan)
			if cash, ok := g[key+"cash"]; ok {
				s.set(5, row, cash, st.yuan)
				s.set(6, row, change-cash, st.yuan)
			}
			verdict, style := "cmpgroups.same", st.center
			switch {
			case math.Round(change) < 0:
				verdict, style = "cmpgroups.gains", st.gains
			case math.Round(change) > 0:
				verdict, style = "cmpgroups.loses", st.loses
			}
			s.set(7, row, t.s(verdict), style)
			row++
		}
		row++
	}
	s.sentence(1, 7, row, t.s("cmpgroups.note"), st.note, 30+6*14)
	// Headers wrap: the columns take the width of their figures.
	s.widths[1] = math.Min(s.widths[1], 30)
	for col := 2; col <= 7; col++ {
		s.widths[col] = 12
	}
	if err := s.finish(10, 36, "B4"); err != nil {
		return err
	}
	return b.printTitles(name, hdr, hdr)
}

// cmpRulesSheet lists the keys whose values differ between the base and
// each scenario: what is compared, key by key.
func (b *builder) cmpRulesSheet(name string) error {
	c := b.in.cmp
	t, st := b.t, b.st
	s := b.sheet(name)
	s.setWide(1, 1, t.s("cmprules.title"), st.title)
	hdr := 3
	for i, id := range []string{"cmprules.key", "cmprules.name", "cmprules.base", "cmprules.scenario"} {
		s.set(1+i, hdr, t.s(id), st.headerLeft)
	}
	row := hdr + 1
	base := c.runs[0]
	bv := map[string]string{}
	for _, p := range base.params {
		bv[p.Key] = p.Value
	}
	for _, r := range c.runs[1:] {
		s.setWide(1, row, t.f("cmpgroups.scenario", r.name, base.name), st.section)
		row++
		for _, p := range changedKeys(base.params, r.params) {
			s.set(1, row, p.Key, st.text)
			if title := b.keyTitle(p.Key); title != p.Key {
				s.set(2, row, title, st.wrap)
			}
			s.set(3, row, bv[p.Key], st.wrap)
			s.set(4, row, p.Value, st.wrap)
			row++
		}
		row++
	}
	if err := s.finish(8, 50, "A4"); err != nil {
		return err
	}
	return b.printTitles(name, hdr, hdr)
}

// cmpWarningsSheet lists the warnings of every compared run, each once,
// naming the runs it came from.
func (b *builder) cmpWarningsSheet(name string) error {
	var order []string
	from := map[string][]string{}
	for _, r := range b.in.cmp.runs {
		for _, w := range r.sum.Warnings {
			if _, ok := from[w]; !ok {
				order = append(order, w)
			}
			from[w] = append(from[w], r.name)
		}
	}
	texts := make([]string, len(order))
	for i, w := range order {
		texts[i] = strings.Join(from[w], ", ") + ": " + w
	}
	return b.warningsList(name, texts)
}

// breakdownMetrics are the columns of the comparison's Breakdown sheet.
var breakdownMetrics = []string{"pool_balance", "pool_months", "pool_income", "pool_expenditure", "member_burden", "member_cash"}

// cmpBreakdownSheet writes breakdown.csv at the horizon: one row per step
// (the group of keys it applies), its mean increment in each headline metric
// (the pool balance with its 95% interval), and the total, which the
// increments add up to.
func (b *builder) cmpBreakdownSheet(name string, x extraCSV) error {
	t, st := b.t, b.st
	s := b.sheet(name)
	year := b.in.cmp.years[len(b.in.cmp.years)-1]
	s.setWide(1, 1, t.f("breakdown.title", year, t.s("unitlong."+b.unit)), st.title)
	col := map[string]int{}
	for i, h := range x.rows[0] {
		col[h] = i
	}
	for _, need := range []string{"step", "group", "year", "metric", "mean", "mean_lo", "mean_hi"} {
		if _, ok := col[need]; !ok {
			return fmt.Errorf("%s: no column %s", x.name, need)
		}
	}
	type step struct {
		group string
		v     map[string][3]float64 // metric → mean, lo, hi
	}
	var steps []*step
	byNum := map[string]*step{}
	for _, rec := range x.rows[1:] {
		if len(rec) != len(x.rows[0]) || rec[col["year"]] != strconv.Itoa(year) {
			continue
		}
		k := rec[col["step"]]
		sp := byNum[k]
		if sp == nil {
			sp = &step{group: rec[col["group"]], v: map[string][3]float64{}}
			byNum[k] = sp
			steps = append(steps, sp)
		}
		var v [3]float64
		for i, c := range []string{"mean", "mean_lo", "mean_hi"} {
			f, err := strconv.ParseFloat(rec[col[c]], 64)
			if err != nil {
				f = math.NaN()
			}
			v[i] = f
		}
		sp.v[rec[col["metric"]]] = v
	}
	hdr := 3
	s.set(1, hdr, t.s("col.step"), st.headerLeft)
	s.set(2, hdr, t.s("col.group"), st.headerLeft)
	c := 3
	for _, m := range breakdownMetrics {
		mt, ok := model.MetricByName(m)
		if !ok {
			continue
		}
		_, unitLabel, _ := b.metricFormat(m, model.Metrics[mt].Unit)
		s.set(c, hdr, t.f("breakdown.col", t.s("metric."+m), unitLabel), st.header)
		c++
		if m == "pool_balance" {
			s.set(c, hdr, t.s("cmp.lo"), st.header)
			s.set(c+1, hdr, t.s("cmp.hi"), st.header)
			c += 2
		}
	}
	if s.err == nil {
		s.err = b.f.SetRowHeight(name, hdr, 45)
	}
	row := hdr + 1
	total := map[string]float64{}
	for i, sp := range steps {
		s.set(1, row, i+1, st.year)
		g := sp.group
		if g == "other" {
			g = t.s("group.other")
		}
		s.set(2, row, g, st.text)
		c := 3
		for _, m := range breakdownMetrics {
			mt, ok := model.MetricByName(m)
			if !ok {
				continue
			}
			style, _, scaled := b.metricFormat(m, model.Metrics[mt].Unit)
			v, has := sp.v[m]
			if has {
				s.set(c, row, b.metricValue(v[0], scaled), style)
				total[m] += v[0]
			}
			c++
			if m == "pool_balance" {
				if has {
					s.set(c, row, b.metricValue(v[1], scaled), style)
					s.set(c+1, row, b.metricValue(v[2], scaled), style)
				}
				c += 2
			}
		}
		row++
	}
	s.set(2, row, t.s("breakdown.total"), st.labelBold)
	c = 3
	for _, m := range breakdownMetrics {
		mt, ok := model.MetricByName(m)
		if !ok {
			continue
		}
		style, _, scaled := b.metricFormat(m, model.Metrics[mt].Unit)
		s.set(c, row, b.metricValue(total[m], scaled), style)
		c++
		if m == "pool_balance" {
			c += 2
		}
	}
	row += 2
	s.sentence(1, 10, row, t.s("breakdown.note"), st.note, 120)
	for i := 3; i <= 10; i++ {
		s.widths[i] = math.Min(s.widths[i], 14)
	}
	if err := s.finish(8, 30, "C4"); err != nil {
		return err
	}
	return b.printTitles(name, hdr, hdr)
}
