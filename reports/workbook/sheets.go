package workbook

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"simulate/model"
)

// Summary sheet columns: A holds labels, B…F figures.
var summaryWidths = []float64{50, 16, 16, 16, 16, 22}

func (b *builder) summarySheet(name string) error {
	sum := b.in.sum
	if len(sum.Years) == 0 {
		return fmt.Errorf("summary.json has no years")
	}
	t, st := b.t, b.st
	s := b.sheet(name)
	total := 0.0
	for _, w := range summaryWidths {
		total += w
	}
	h := len(sum.Years) - 1
	last := sum.Years[h]
	pct := func(v []float64) any {
		if h < len(v) && defined(v[h]) {
			return v[h]
		}
		return nil
	}

	// Column widths first: excelize anchors a chart to the cells its size
	// covers at the time it is added.
	for i, w := range summaryWidths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := b.f.SetColWidth(name, col, col, w); err != nil {
			return err
		}
	}
	s.sentence(1, 6, 1, t.f("summary.title", sum.Scenario), st.title, total)
	row := 2
	if desc, ok := lookup(b.in.yamlRoot, "description"); ok && desc != "" {
		s.sentence(1, 6, row, desc, st.subtitle, total)
		row++
	}
	row++
	info := []struct {
		label string
		v     any
		style int
	}{
		{"summary.scenario", sum.Scenario, st.text},
		{"summary.period", fmt.Sprintf("%d–%d", sum.Years[0], last), st.text},
		{"summary.replications", sum.Replications, st.number},
		{"summary.members", sum.Members, st.count},
		{"summary.population", sum.Population, st.count},
		{"summary.weight", sum.Weight, st.count},
		{"summary.amounts", t.s("unitlong." + b.unit), st.text},
	}
	for _, x := range info {
		s.set(1, row, t.s(x.label), st.labelBold)
		s.setWide(2, row, x.v, x.style)
		row++
	}
	row++

	// The headline, in words.
	sv := &sum.Solvency
	s.setWide(1, row, t.s("summary.headline"), st.section)
	s.merge(1, 6, row)
	row++
	var lines []string
	if pd := pct(sv.PDepleted); pd == nil || pd.(float64) == 0 {
		lines = append(lines, t.f("summary.notdepleted", last))
	} else {
		lines = append(lines, t.f("summary.depleted", last, formatPct(pd.(float64))))
	}
	anyDeficit := false
	for _, p := range sv.PDeficit {
		if p > 0 {
			anyDeficit = true
		}
	}
	switch {
	case sv.FirstDeficitYear.P50 != 0:
		lines = append(lines, t.f("summary.deficit", sv.FirstDeficitYear.P50))
	case anyDeficit:
		lines = append(lines, t.f("summary.deficitlater", last))
	default:
		lines = append(lines, t.f("summary.nodeficit", last))
	}
	var months *[3]float64
	if m := sum.Metric("pool_months"); m != nil && h < len(m.P50) {
		months = &[3]float64{m.P05[h], m.P50[h], m.P95[h]}
		lines = append(lines, t.f("summary.monthsline", last, formatNum(months[1], 1), t.s("band."+band(months[1], b.in.bands))))
	}
	for _, l := range lines {
		s.sentence(1, 6, row, l, st.wrap, total)
		row++
	}
	if sum.Weight > 1 {
		s.sentence(1, 6, row, t.f("summary.weightwarning", formatNum(sum.Weight, 0)), st.warning, total)
		row++
	}
	if n := len(sum.Warnings); n > 0 {
		s.sentence(1, 6, row, t.f("summary.seewarnings", n), st.note, total)
		row++
	}
	row++

	// Months of payment against the bands, with traffic lights: on the
	// first page, under the headline.
	if months != nil {
		s.setWide(1, row, t.s("summary.monthstitle"), st.section)
		s.merge(1, 6, row)
		row++
		s.set(1, row, t.f("summary.monthsyear", last), st.headerLeft)
		for i, id := range []string{"stat.p05", "stat.p50", "stat.p95"} {
			s.set(2+i, row, t.s(id), st.header)
		}
		row++
		s.set(1, row, t.s("summary.monthsvalue"), st.label)
		for i, v := range months {
			s.set(2+i, row, b.metricValue(v, false), st.bands[band(v, b.in.bands)])
		}
		row++
		s.set(1, row, t.s("summary.band"), st.label)
		for i, v := range months {
			s.set(2+i, row, t.s("band."+band(v, b.in.bands)), st.center)
		}
		row++
		if bd := b.in.bands; bd != nil {
			// The bands in one row: each band's name over its range.
			s.set(1, row, t.s("summary.bands"), st.label)
			for i, x := range []struct{ id, rng string }{
				{"insufficient", "< " + formatNum(bd.Insufficient, -1)},
				{"warning", formatNum(bd.Insufficient, -1) + " – " + formatNum(bd.Warning, -1)},
				{"reasonable", formatNum(bd.Warning, -1) + " – " + formatNum(bd.ReasonableMax, -1)},
				{"more", formatNum(bd.ReasonableMax, -1) + " – " + formatNum(bd.Excess, -1)},
				{"excess", "> " + formatNum(bd.Excess, -1)},
			} {
				s.setWide(2+i, row, t.f("summary.bandcell", t.s("band."+x.id), x.rng), st.bands[x.id])
			}
			if s.err == nil {
				s.err = b.f.SetRowHeight(name, row, 32)
			}
			row++
		}
		row++
	}

	// The headline, in figures.
	s.setWide(1, row, t.f("summary.indicators", last), st.section)
	s.merge(1, 6, row)
	row++
	s.set(1, row, t.s("summary.indicator"), st.headerLeft)
	s.set(2, row, t.s("summary.value"), st.header)
	row++
	for _, ind := range []struct {
		id string
		v  []float64
	}{{"p_deficit", sv.PDeficit}, {"p_depleted", sv.PDepleted}, {"p_insufficient", sv.PInsufficient}, {"p_below_warning", sv.PBelowWarning}, {"p_excess", sv.PExcess}} {
		s.set(1, row, t.s("solv."+ind.id), st.label)
		s.set(2, row, pct(ind.v), st.pct)
		row++
	}
	row++

	s.setWide(1, row, t.s("summary.eventyears"), st.section)
	s.merge(1, 6, row)
	row++
	s.set(1, row, t.s("summary.event"), st.headerLeft)
	for i, id := range []string{"stat.p05", "stat.p50", "stat.p95"} {
		s.set(2+i, row, t.s(id), st.header)
	}
	row++
	for _, ev := range []struct {
		id string
		y  [3]int
	}{
		{"summary.firstdeficit", [3]int{sv.FirstDeficitYear.P05, sv.FirstDeficitYear.P50, sv.FirstDeficitYear.P95}},
		{"summary.depletionyear", [3]int{sv.DepletionYear.P05, sv.DepletionYear.P50, sv.DepletionYear.P95}},
	} {
		s.set(1, row, t.s(ev.id), st.label)
		for i, y := range ev.y {
			if y == 0 {
				s.set(2+i, row, t.f("summary.beyond", last), st.center)
			} else {
				s.set(2+i, row, y, st.year)
			}
		}
		row++
	}
	row++

	// Key figures at the horizon, on a page of their own with the charts.
	s.pageBreak(row)
	s.setWide(1, row, t.f("summary.keyfigures", last), st.section)
	s.merge(1, 6, row)
	row++
	s.set(1, row, t.s("summary.item"), st.headerLeft)
	for i, id := range []string{"summary.unit", "stat.mean", "stat.p05", "stat.p50", "stat.p95"} {
		s.set(2+i, row, t.s(id), st.header)
	}
	row++
	for _, name := range []string{"pool_income", "pool_expenditure", "pool_surplus", "pool_balance", "pool_months", "account_balance", "member_burden"} {
		m := sum.Metric(name)
		if m == nil {
			continue
		}
		style, unitLabel, scaled := b.metricFormat(name, m.Unit)
		s.set(1, row, t.s("metric."+name), st.label)
		s.set(2, row, unitLabel, st.text)
		for i, v := range [][]float64{m.Mean, m.P05, m.P50, m.P95} {
			x := math.NaN()
			if h < len(v) {
				x = v[h]
			}
			s.set(3+i, row, b.metricValue(x, scaled), style)
		}
		row++
	}
	row++

	// Widen a figure column its numbers need (amounts in yuan), before
	// the charts are anchored to the columns.
	widths := slices.Clone(summaryWidths)
	for i := 1; i < len(widths); i++ {
		if w := s.widths[i+1] + 1; w > widths[i] {
			widths[i] = w
			col, _ := excelize.ColumnNumberToName(i + 1)
			if err := b.f.SetColWidth(name, col, col, w); err != nil {
				return err
			}
		}
	}
	// Charts, drawn from the Fund sheet.
	if b.fundRows != nil {
		s.setWide(1, row, t.s("summary.charts"), st.section)
		s.merge(1, 6, row)
		row++
		if _, err := b.charts(name, row, widths); err != nil {
			return err
		}
	}

	if s.err != nil {
		return s.err
	}
	return b.pageSetup(name)
}

// charts draws the three charts of the Summary sheet from row on, one under
// the other, and returns the next free row.
func (b *builder) charts(sheet string, row int, widths []float64) (int, error) {
	fund := b.fundName
	ny := len(b.in.sum.Years)
	years := ref(fund, 4, 3, 3+ny, 3)
	series := func(metric, stat, color string, width float64, dash excelize.LineDashType) excelize.ChartSeries {
		r := b.fundRows[metric][stat]
		return excelize.ChartSeries{
			Name:       ref(fund, 3, r, 3, r),
			Categories: years,
			Values:     ref(fund, 4, r, 3+ny, r),
			Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}},
			Line:       excelize.LineOptions{Width: width, Dash: dash},
			Marker:     excelize.ChartMarker{Symbol: "none"},
		}
	}
	title := func(text string) excelize.ChartTitle {
		return excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: text, Font: &excelize.Font{Bold: true, Size: 11}}}}
	}
	axisFont := excelize.Font{Color: "404040", Size: 9}
	amountAxis := excelize.ChartAxis{MajorGridLines: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "#,##0"}, Font: axisFont}
	// At most about 10 year labels on a half-width chart (Excel skips
	// labels; LibreOffice ignores the skip, so long horizons are also
	// written upright).
	xAxis := excelize.ChartAxis{Font: axisFont, TickLabelSkip: max(1, (ny+9)/10)}
	halfX, halfLegend := xAxis, excelize.ChartLegend{Position: "bottom"}
	if ny > 12 {
		// The legend at the top leaves the upright labels their room.
		halfX.Alignment = excelize.Alignment{TextRotation: -90}
		halfLegend.Position = "top"
	}
	// Two half-width charts side by side (balance, months), the stacked
	// expenditure below at full width: one printed page.
	// excelize anchors a chart to the cells its size covers at 8 pixels
	// per character of column width: these sizes end on column edges.
	px := func(cols []float64) uint {
		w := 0.0
		for _, c := range cols {
			w += c * 8
		}
		return uint(w) - 6
	}
	// Two rows of charts of 13 rows each fit the printed page under the
	// key figures.
	half := excelize.ChartDimension{Width: px(widths[:2]), Height: 256}
	right := excelize.ChartDimension{Width: px(widths[2:]), Height: 256}
	full := excelize.ChartDimension{Width: px(widths), Height: 256}
	const rowsPerChart = 13
	var balance, expenditure, monthsChart *excelize.Chart
	unitLabel := b.t.s("unit." + b.unit)

	if rs := b.fundRows["pool_balance"]; rs != nil {
		balance = &excelize.Chart{
			Type: excelize.Line,
			Series: []excelize.ChartSeries{
				series("pool_balance", "p95", "8EA9DB", 1.25, excelize.LineDashDash),
				series("pool_balance", "p50", "1F4E79", 2.5, excelize.LineDashSolid),
				series("pool_balance", "p05", "8EA9DB", 1.25, excelize.LineDashDash),
			},
			Title:     title(b.t.f("chart.balance", unitLabel)),
			Legend:    halfLegend,
			XAxis:     halfX,
			YAxis:     amountAxis,
			Dimension: half,
		}
	}
	var exp []excelize.ChartSeries
	colors := []string{"4472C4", "ED7D31", "A5A5A5", "FFC000", "5B9BD5", "70AD47"}
	for i, m := range b.expenditureParts() {
		if rs := b.fundRows[m]; rs != nil {
			r := rs["mean"]
			exp = append(exp, excelize.ChartSeries{
				Name:       ref(fund, 1, r, 1, r),
				Categories: years,
				Values:     ref(fund, 4, r, 3+ny, r),
				Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colors[i%len(colors)]}},
			})
		}
	}
	if len(exp) > 0 {
		gap := uint(60)
		expenditure = &excelize.Chart{
			Type:      excelize.ColStacked,
			Series:    exp,
			Title:     title(b.t.f("chart.expenditure", unitLabel)),
			Legend:    excelize.ChartLegend{Position: "bottom"},
			XAxis:     xAxis,
			YAxis:     amountAxis,
			Dimension: full,
			GapWidth:  &gap,
		}
	}
	if rs := b.fundRows["pool_months"]; rs != nil {
		ms := []excelize.ChartSeries{
			series("pool_months", "p95", "A9D18E", 1.25, excelize.LineDashDash),
			series("pool_months", "p50", "375623", 2.5, excelize.LineDashSolid),
			series("pool_months", "p05", "A9D18E", 1.25, excelize.LineDashDash),
		}
		if b.warnRow != 0 {
			ms = append(ms, excelize.ChartSeries{
				Name:       ref(fund, 1, b.warnRow, 1, b.warnRow),
				Categories: years,
				Values:     ref(fund, 4, b.warnRow, 3+ny, b.warnRow),
				Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"C00000"}},
				Line:       excelize.LineOptions{Width: 1.75, Dash: excelize.LineDashSysDash},
				Marker:     excelize.ChartMarker{Symbol: "none"},
			})
		}
		monthsChart = &excelize.Chart{
			Type:      excelize.Line,
			Series:    ms,
			Title:     title(b.t.s("chart.months")),
			Legend:    halfLegend,
			XAxis:     halfX,
			YAxis:     excelize.ChartAxis{MajorGridLines: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0"}, Font: axisFont},
			Dimension: half,
		}
	}
	cell := func() string { c, _ := excelize.CoordinatesToCellName(1, row); return c }
	if balance != nil || monthsChart != nil {
		if balance != nil {
			if err := b.f.AddChart(sheet, cell(), balance); err != nil {
				return row, err
			}
		}
		if monthsChart != nil {
			at := cell()
			if balance != nil {
				monthsChart.Dimension = right
				at, _ = excelize.CoordinatesToCellName(3, row)
			}
			if err := b.f.AddChart(sheet, at, monthsChart); err != nil {
				return row, err
			}
		}
		row += rowsPerChart
	}
	if expenditure != nil {
		if err := b.f.AddChart(sheet, cell(), expenditure); err != nil {
			return row, err
		}
		row += rowsPerChart
	}
	return row, nil
}

// expenditureParts lists the parts of pool expenditure: the benefit lines,
// and serious illness when the scenario finances it from the pool.
func (b *builder) expenditureParts() []string {
	parts := []string{"pool_outpatient_general", "pool_outpatient_chronic", "pool_inpatient", "pool_maternity", "pool_epidemic"}
	if v, ok := lookup(b.in.yamlRoot, "inpatient", "serious_illness", "financing"); ok && v == "pool" {
		parts = append(parts, "pool_serious_illness")
	}
	return parts
}

func (b *builder) fundSheet(name string) error {
	s := b.sheet(name)
	s.setWide(1, 1, b.t.f("fund.title", b.t.s("unitlong."+b.unit)), b.st.title)
	metrics := []string{
		"pool_income", "pool_contributions", "pool_other_income", "pool_interest",
		"pool_expenditure", "pool_outpatient_general", "pool_outpatient_chronic", "pool_inpatient", "pool_maternity", "pool_epidemic",
		"pool_serious_illness", "pool_retiree_credit",
		"pool_surplus", "pool_surplus_rate", "pool_balance", "pool_months",
	}
	indented := map[string]bool{
		"pool_contributions": true, "pool_other_income": true, "pool_interest": true,
		"pool_outpatient_general": true, "pool_outpatient_chronic": true, "pool_inpatient": true, "pool_maternity": true, "pool_epidemic": true,
	}
	rows, row := b.yearTable(s, 3, metrics, indented)
	b.fundRows, b.fundName = rows, name
	if bd := b.in.bands; bd != nil && rows["pool_months"] != nil {
		b.warnRow = row
		s.set(1, row, b.t.s("fund.warningline"), b.st.labelBold)
		s.set(2, row, b.t.s("unit.months"), b.st.text)
		for i := range b.in.sum.Years {
			s.set(4+i, row, bd.Warning, b.st.months)
		}
	}
	return b.finishTable(s, 9, 48, "D4", 3)
}

func (b *builder) accountsSheet(name string) error {
	s := b.sheet(name)
	s.setWide(1, 1, b.t.f("accounts.title", b.t.s("unitlong."+b.unit)), b.st.title)
	b.yearTable(s, 3, []string{
		"account_credit", "account_interest", "account_spending", "account_spending_family", "account_outflow", "account_balance",
		"fund_income_total", "fund_expenditure_total",
	}, map[string]bool{"account_spending_family": true})
	return b.finishTable(s, 9, 48, "D4", 3)
}

func (b *builder) membersSheet(name string) error {
	s := b.sheet(name)
	t, st := b.t, b.st
	s.setWide(1, 1, t.f("members.title", t.s("unitlong."+b.unit)), st.title)
	b.yearTable(s, 3, []string{
		"members_active", "members_flexible", "members_retired", "dependency_ratio",
		"contribution_base_total", "breakeven_employer_rate",
		"visits_outpatient", "admissions", "inpatient_rate", "cost_per_admission", "inpatient_cost_total",
		"member_cash", "member_burden",
	}, nil)
	return b.finishTable(s, 9, 48, "D4", 3)
}

// groupsSheet writes the burden per member by group of groups.csv: one row
// per year, group and age band, with the mean and P90 of cash and of
// burden, its header repeated on every printed page.
func (b *builder) groupsSheet(name string) error {
	s := b.sheet(name)
	t, st := b.t, b.st
	s.setWide(1, 1, t.s("members.groups"), st.title)
	row := 3
	for i, id := range []string{"members.year", "members.status", "members.ageband", "members.cashmean", "members.cashp90", "members.burdenmean", "members.burdenp90"} {
		style := st.header
		if i == 0 {
			style = st.headerLeft
		}
		s.set(1+i, row, t.s(id), style)
	}
	row++
	// groups.csv (reports.ReadGroups, either format): one row here per
	// (year, group, age band), in the file's order.
	type key struct {
		year         int
		status, band string
	}
	col := map[[2]string]int{{"cash", "mean"}: 4, {"cash", "p90"}: 5, {"burden", "mean"}: 6, {"burden", "p90"}: 7}
	var cur key
	for i, rec := range b.in.groups {
		k := key{rec.Year, rec.Label(), rec.AgeBand}
		if i == 0 || k != cur {
			if i > 0 {
				row++
			}
			cur = k
			s.set(1, row, k.year, st.year)
			s.set(2, row, b.statusLabel(k.status), st.text)
			band := k.band
			if band == "all" {
				band = t.s("ageband.all")
			}
			s.set(3, row, band, st.text)
		}
		c, ok := col[[2]string{rec.Metric, rec.Stat}]
		if !ok {
			continue
		}
		var v any
		if defined(rec.Value) {
			v = rec.Value
		}
		s.set(c, row, v, st.yuan)
	}
	return b.finishTable(s, 9, 30, "A4", 3)
}

// statusLabel translates a member-group status of groups.csv.
func (b *builder) statusLabel(status string) string {
	if _, ok := table["status."+status]; ok {
		return b.t.s("status." + status)
	}
	return status
}

// parseCell returns a CSV field as a number when it is one, nil when empty,
// the text otherwise.
func parseCell(s string) any {
	if s == "" {
		return nil
	}
	if v, err := strconv.ParseFloat(s, 64); err == nil && defined(v) {
		return v
	}
	return s
}

// csvSheet writes a saved CSV file of a comparison (comparison.csv,
// groups-comparison.csv, breakdown.csv) as it is: known columns get
// translated headers, known words (units, statuses, statistics) translated
// values; on a row whose unit is yuan the amounts are divided by the money
// unit. Scenario names, metric keys and provision names are data.
func (b *builder) csvSheet(name string, x extraCSV) error {
	s := b.sheet(name)
	t, st := b.t, b.st
	s.setWide(1, 1, t.f("csv.title", x.name, t.s("unitlong."+b.unit)), st.subtitle)
	header := slices.Clone(x.rows[0])
	if x.name == "groups-comparison.csv" {
		// Its group column is a group of members, not breakdown.csv's
		// provision.
		if i := slices.Index(header, "group"); i >= 0 {
			header[i] = "member_group"
		}
	}
	unitCol := slices.Index(header, "unit")
	for i, h := range header {
		label := h
		if _, ok := table["col."+h]; ok {
			label = t.s("col." + h)
		}
		s.set(1+i, 2, label, st.header)
	}
	// Columns that are not amounts even on a row in yuan.
	keep := map[string]bool{"year": true, "point": true, "replication": true, "step": true}
	for r, rec := range x.rows[1:] {
		row := 3 + r
		yuan := unitCol >= 0 && unitCol < len(rec) && rec[unitCol] == string(model.Yuan)
		for i, field := range rec {
			col := ""
			if i < len(header) {
				col = header[i]
			}
			v := parseCell(field)
			style := st.number
			switch x := v.(type) {
			case float64:
				switch {
				case col == "year" || col == "step":
					style = st.year
				case yuan && !keep[col]:
					v, style = x/b.scale, st.amount
				case col == "value" || col == "mean" || col == "p05" || col == "p50" || col == "p95" || col == "p25" || col == "p75" || col == "sd" || col == "se" ||
					strings.HasSuffix(col, "_lo") || strings.HasSuffix(col, "_hi"):
					style = st.ratio
					if unitCol < 0 {
						style = st.yuan // groups-comparison: yuan per member
					}
				}
			case string:
				v, style = b.csvWord(col, x, yuan), st.text
			}
			s.set(1+i, row, v, style)
		}
	}
	if err := s.finish(8, 48, "A3"); err != nil {
		return err
	}
	if len(x.rows) > 1 {
		last, _ := excelize.CoordinatesToCellName(len(header), 2+len(x.rows)-1)
		return b.f.AutoFilter(name, "A2:"+last, nil)
	}
	return nil
}

// csvWord translates a word of a comparison file where the table knows it.
func (b *builder) csvWord(col, v string, yuan bool) string {
	t := b.t
	id := ""
	switch col {
	case "unit":
		if yuan {
			return t.s("unit." + b.unit)
		}
		id = "unit." + v
	case "status":
		id = "status." + v
	case "age_band":
		id = "ageband." + v
	case "stat":
		id = "stat." + v
	case "metric":
		id = "gmetric." + v // groups-comparison's cash and burden; metric keys stay
	case "group":
		id = "group." + v
	case "group_kind":
		id = "groupkind." + v
	case "member_group":
		id = "mgroup." + v
	}
	if _, ok := table[id]; ok && id != "" {
		return t.s(id)
	}
	return v
}

func (b *builder) paramsSheet(name string) error {
	s := b.sheet(name)
	t, st := b.t, b.st
	s.setWide(1, 1, t.s("params.title"), st.title)
	for i, id := range []string{"params.key", "params.value", "params.unit", "params.source"} {
		s.set(1+i, 2, t.s(id), st.headerLeft)
	}
	for i, p := range b.in.params {
		row := 3 + i
		s.set(1, row, p.Key, st.textTop)
		var v any = p.Value
		if f, err := strconv.ParseFloat(p.Value, 64); err == nil && defined(f) && !strings.ContainsAny(p.Value, "_") {
			v = f
		}
		s.set(2, row, v, st.paramValue)
		if p.Unit != "" {
			u := p.Unit
			if _, ok := table["punit."+u]; ok {
				u = t.s("punit." + u)
			}
			s.set(3, row, u, st.textTop)
		}
		if p.Source != "" {
			s.set(4, row, p.Source, st.wrap)
		}
	}
	// Long values (flow mappings) and sources wrap within their columns,
	// so that the sheet fits the page width at a readable size.
	for col, maxW := range map[int]float64{1: 46, 2: 34, 3: 16, 4: 64} {
		s.widths[col] = math.Min(s.widths[col], maxW)
	}
	// A row is as tall as its longest wrapped cell.
	for i, p := range b.in.params {
		lines := 1.0
		for col, text := range map[int]string{2: p.Value, 4: p.Source} {
			lines = math.Max(lines, math.Ceil(displayWidth(text)*1.05/(s.widths[col]+1)))
		}
		if lines > 1 && s.err == nil {
			s.err = b.f.SetRowHeight(name, 3+i, 13*lines+2)
		}
	}
	return b.finishTable(s, 8, 64, "B3", 2)
}

func (b *builder) warningsSheet(name string) error {
	return b.warningsList(name, b.in.sum.Warnings)
}

// warningsList writes the sheet name listing the warnings ws, numbered, one
// per row, each row as high as its wrapped text.
func (b *builder) warningsList(name string, ws []string) error {
	s := b.sheet(name)
	t, st := b.t, b.st
	s.setWide(1, 1, t.s("warnings.title"), st.title)
	if len(ws) == 0 {
		s.set(1, 3, t.s("warnings.none"), st.text)
		return s.finish(8, 100, "")
	}
	s.set(1, 2, t.s("warnings.no"), st.header)
	s.set(2, 2, t.s("warnings.text"), st.headerLeft)
	for i, w := range ws {
		s.set(1, 3+i, i+1, st.textTop)
		s.setWide(2, 3+i, w, st.wrap)
		lines := math.Ceil(displayWidth(w) * 1.1 / 110)
		if s.err == nil {
			s.err = b.f.SetRowHeight(name, 3+i, 15*math.Max(1, lines)+2)
		}
	}
	if err := s.finish(6, 20, "A3"); err != nil {
		return err
	}
	return b.f.SetColWidth(name, "B", "B", 110)
}

func (b *builder) aboutSheet(name string) error {
	s := b.sheet(name)
	t, st := b.t, b.st
	s.setWide(1, 1, t.s("about.title"), st.title)
	type kv struct {
		id    string
		v     any
		style int
	}
	var rows []kv
	sum, meta := b.in.sum, b.in.meta
	switch {
	case sum != nil:
		rows = append(rows,
			kv{"about.version", sum.Version, st.text},
			kv{"about.fingerprint", sum.Fingerprint, st.text},
			kv{"about.scenario", sum.Scenario, st.text},
			kv{"about.seed", strconv.FormatUint(sum.Seed, 10), st.text},
			kv{"about.replications", sum.Replications, st.number},
			kv{"about.members", sum.Members, st.count},
			kv{"about.population", sum.Population, st.count},
			kv{"about.weight", sum.Weight, st.count},
			kv{"about.horizon", len(sum.Years), st.number},
		)
	case meta != nil:
		rows = append(rows,
			kv{"about.version", meta.Version, st.text},
			kv{"about.fingerprint", meta.Fingerprint, st.text},
			kv{"about.scenario", meta.Scenario, st.text},
			kv{"about.seed", strconv.FormatUint(meta.Seed, 10), st.text},
			kv{"about.replications", meta.Replications, st.number},
			kv{"about.members", meta.Members, st.count},
			kv{"about.horizon", meta.Horizon, st.number},
		)
	}
	if meta != nil {
		rows = append(rows,
			kv{"about.command", strings.Join(meta.CommandLine, " "), st.text},
			kv{"about.start", meta.Start.UTC().Format("2006-01-02 15:04:05"), st.text},
			kv{"about.end", meta.End.UTC().Format("2006-01-02 15:04:05"), st.text},
			kv{"about.workers", meta.Workers, st.number},
			kv{"about.host", meta.Host, st.text},
			kv{"about.goversion", meta.GoVersion, st.text},
			kv{"about.goarch", meta.GOARCH, st.text},
			kv{"about.vcs", meta.VCSRevision, st.text},
		)
	}
	if sum != nil && defined(sum.Perf.Seconds) {
		rows = append(rows, kv{"about.seconds", sum.Perf.Seconds, st.ratio})
	}
	row := 3
	for _, r := range rows {
		s.set(1, row, t.s(r.id), st.labelBold)
		if str, ok := r.v.(string); ok && str == "" {
			r.v = nil
		}
		s.set(2, row, r.v, r.style)
		row++
	}
	row++
	s.setWide(1, row, t.s("about.note"), st.note)
	return s.finish(8, 90, "")
}

// formatPct writes a share as a percentage with one decimal.
func formatPct(v float64) string {
	return strconv.FormatFloat(100*v, 'f', 1, 64) + "%"
}

// formatNum writes v with prec decimals (-1: shortest) and thousands
// separators.
func formatNum(v float64, prec int) string {
	if !defined(v) {
		return "—"
	}
	s := strconv.FormatFloat(math.Abs(v), 'f', prec, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	var out []byte
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, byte(c))
	}
	res := string(out)
	if frac != "" {
		res += "." + frac
	}
	if v < 0 {
		res = "-" + res
	}
	return res
}
