package workbook

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/xuri/excelize/v2"

	"simulate/model"
	"simulate/reports"
)

// builder writes the sheets of one workbook.
type builder struct {
	f     *excelize.File
	t     tr
	unit  string  // yuan, wan or yi
	scale float64 // divisor of aggregate amounts
	in    *input
	st    styles
	// rows locates the rows of the Fund sheet's table, for the charts:
	// metric → stat → row.
	fundRows map[string]map[string]int
	fundName string
	warnRow  int // row of the warning threshold on the Fund sheet, 0 if none
	sheets   []string
	out      string                                 // the folder report.xlsx goes into ("": in.dir)
	titles   func(path, lang string) (string, bool) // Options.KeyTitle
}

// keyTitle returns the title of a scenario key path with its unit in the
// workbook's language, or the path itself without one.
func (b *builder) keyTitle(path string) string {
	if b.titles != nil {
		if t, ok := b.titles(path, Languages[b.t.lang]); ok {
			return t
		}
	}
	return path
}

// styles holds the style ids of the workbook.
type styles struct {
	title, subtitle, section, header, headerLeft, label, labelBold, indent int
	text, center, wrap, warning, note                                      int
	amount, yuan, count, months, pct, pct2, ratio, ratio3, year, number    int
	gains, loses, paramValue, centerWrap, textTop                          int
	bands                                                                  map[string]int
	// cfBands are the conditional formats of the bands insufficient,
	// warning, reasonable, more than reasonable and excess: the colours of
	// bands.
	cfBands [5]int
	// dec holds the decimals each number style shows.
	dec map[int]int
}

func (b *builder) build() error {
	if err := b.makeStyles(); err != nil {
		return err
	}
	type step struct {
		sheet string
		write func(name string) error
		when  bool
	}
	in := b.in
	run := in.sum != nil && in.cmp == nil
	var steps []step
	if in.cmp != nil {
		// A comparison: what is compared and the differences first; each
		// run's own workbook is that of its run folder.
		steps = []step{
			{"sheet.summary", b.cmpSummarySheet, true},
			{"sheet.comparison", b.cmpYearsSheet, true},
			{"sheet.groupscmp", b.cmpGroupsSheet, len(in.cmp.groups) > 0},
			{"sheet.cmprules", b.cmpRulesSheet, true},
		}
		for _, x := range in.extras {
			if x.name == "breakdown.csv" {
				steps = append(steps, step{x.sheet, func(name string) error { return b.cmpBreakdownSheet(name, x) }, true})
			}
		}
		steps = append(steps,
			step{"sheet.warnings", b.cmpWarningsSheet, true},
			step{"sheet.about", b.aboutSheet, true},
		)
	} else {
		steps = []step{
			{"sheet.summary", b.summarySheet, run},
			{"sheet.fund", b.fundSheet, run},
			{"sheet.accounts", b.accountsSheet, run},
			{"sheet.members", b.membersSheet, run},
			{"sheet.groups", b.groupsSheet, run && len(in.groups) > 0},
		}
		for _, x := range in.extras {
			steps = append(steps, step{x.sheet, func(name string) error { return b.csvSheet(name, x) }, true})
		}
		steps = append(steps,
			step{"sheet.sweepchart", b.sweepChartSheet, in.sweep != "" && b.chartImage("sweep") != nil},
			step{"sheet.sweep", b.sweepSheet, in.sweep != ""},
			step{"sheet.precision", b.precisionSheet, run},
			step{"sheet.parameters", b.paramsSheet, in.params != nil},
			step{"sheet.warnings", b.warningsSheet, run},
			step{"sheet.about", b.aboutSheet, run || in.meta != nil},
		)
	}
	// The Fund sheet must exist before the Summary's charts refer to it:
	// create every sheet first, then fill them.
	var todo []step
	for _, s := range steps {
		if !s.when {
			continue
		}
		name := b.t.s(s.sheet)
		if len(b.sheets) == 0 {
			if err := b.f.SetSheetName("Sheet1", name); err != nil {
				return err
			}
		} else if _, err := b.f.NewSheet(name); err != nil {
			return err
		}
		b.sheets = append(b.sheets, name)
		todo = append(todo, s)
	}
	// Fill the Fund sheet before the Summary (the charts need its rows).
	order := make([]int, 0, len(todo))
	for i, s := range todo {
		if s.sheet == "sheet.fund" {
			order = append([]int{i}, order...)
		} else {
			order = append(order, i)
		}
	}
	for _, i := range order {
		s := todo[i]
		if err := s.write(b.sheets[i]); err != nil {
			return fmt.Errorf("sheet %s: %w", b.sheets[i], err)
		}
	}
	// The first sheet, renamed from Sheet1, is already the active one;
	// SetActiveSheet would read every worksheet back into memory, the
	// streamed Sweep sheet included.
	return nil
}

func (b *builder) makeStyles() error {
	f := b.f
	var err error
	mk := func(s *excelize.Style) int {
		if err != nil {
			return 0
		}
		var id int
		id, err = f.NewStyle(s)
		return id
	}
	numFmt := func(code string) *string { return &code }
	thin := []excelize.Border{{Type: "bottom", Color: "808080", Style: 1}}
	amountFmt := "#,##0;[Red]-#,##0"
	if b.unit == "yi" {
		amountFmt = "#,##0.00;[Red]-#,##0.00"
	}
	b.st = styles{
		title:      mk(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14, Color: "1F3864"}}),
		subtitle:   mk(&excelize.Style{Font: &excelize.Font{Italic: true, Color: "595959"}}),
		section:    mk(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 12, Color: "1F3864"}, Border: thin}),
		header:     mk(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}}, Border: thin, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}),
		headerLeft: mk(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}}, Border: thin, Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center", WrapText: true}}),
		label:      mk(&excelize.Style{}),
		labelBold:  mk(&excelize.Style{Font: &excelize.Font{Bold: true}}),
		indent:     mk(&excelize.Style{Alignment: &excelize.Alignment{Indent: 2}}),
		text:       mk(&excelize.Style{Alignment: &excelize.Alignment{Horizontal: "left"}}),
		center:     mk(&excelize.Style{Alignment: &excelize.Alignment{Horizontal: "center"}}),
		wrap:       mk(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}),
		warning:    mk(&excelize.Style{Font: &excelize.Font{Bold: true, Color: "C00000"}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}),
		note:       mk(&excelize.Style{Font: &excelize.Font{Italic: true, Color: "595959", Size: 9}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}),
		amount:     mk(&excelize.Style{CustomNumFmt: numFmt(amountFmt)}),
		yuan:       mk(&excelize.Style{CustomNumFmt: numFmt("#,##0;[Red]-#,##0")}),
		count:      mk(&excelize.Style{CustomNumFmt: numFmt("#,##0")}),
		months:     mk(&excelize.Style{CustomNumFmt: numFmt("0.0")}),
		pct:        mk(&excelize.Style{CustomNumFmt: numFmt("0.0%")}),
		pct2:       mk(&excelize.Style{CustomNumFmt: numFmt("0.00%")}),
		ratio:      mk(&excelize.Style{CustomNumFmt: numFmt("0.00")}),
		ratio3:     mk(&excelize.Style{CustomNumFmt: numFmt("0.000")}),
		year:       mk(&excelize.Style{CustomNumFmt: numFmt("0"), Alignment: &excelize.Alignment{Horizontal: "center"}}),
		number:     mk(&excelize.Style{CustomNumFmt: numFmt("General"), Alignment: &excelize.Alignment{Horizontal: "left"}}),
	}
	b.st.paramValue = mk(&excelize.Style{CustomNumFmt: numFmt("General"), Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top", WrapText: true}})
	b.st.centerWrap = mk(&excelize.Style{Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "top", WrapText: true}})
	b.st.textTop = mk(&excelize.Style{Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top"}})
	b.st.gains = mk(&excelize.Style{Font: &excelize.Font{Bold: true, Color: "00703C"}, Alignment: &excelize.Alignment{Horizontal: "center"}})
	b.st.loses = mk(&excelize.Style{Font: &excelize.Font{Bold: true, Color: "C00000"}, Alignment: &excelize.Alignment{Horizontal: "center"}})
	amountDec := 0
	if b.unit == "yi" {
		amountDec = 2
	}
	b.st.dec = map[int]int{
		b.st.amount: amountDec, b.st.yuan: 0, b.st.count: 0, b.st.months: 1,
		b.st.pct: 1, b.st.pct2: 2, b.st.ratio: 2, b.st.ratio3: 3, b.st.year: 0,
	}
	// Traffic lights of the months-of-payment bands.
	b.st.bands = map[string]int{}
	for _, c := range []struct{ band, fill, font string }{
		{"insufficient", "C00000", "FFFFFF"},
		{"warning", "FFC000", "000000"},
		{"reasonable", "00B050", "FFFFFF"},
		{"more", "C6E0B4", "000000"},
		{"excess", "FFE699", "000000"},
		{"undefined", "D9D9D9", "000000"},
	} {
		if i := slices.Index([]string{"insufficient", "warning", "reasonable", "more", "excess"}, c.band); i >= 0 && err == nil {
			b.st.cfBands[i], err = f.NewConditionalStyle(&excelize.Style{
				Font: &excelize.Font{Bold: true, Color: c.font},
				Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{c.fill}},
			})
		}
		b.st.bands[c.band] = mk(&excelize.Style{
			Font:         &excelize.Font{Bold: true, Color: c.font},
			Fill:         excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{c.fill}},
			Alignment:    &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
			CustomNumFmt: numFmt("0.0"),
		})
	}
	return err
}

// band returns the band id of months of payment m (docs/model.md section 5).
func band(m float64, bands *model.MonthBands) string {
	switch {
	case bands == nil || !defined(m):
		return "undefined"
	case m < bands.Insufficient:
		return "insufficient"
	case m < bands.Warning:
		return "warning"
	case m <= bands.ReasonableMax:
		return "reasonable"
	case m <= bands.Excess:
		return "more"
	}
	return "excess"
}

// sheet writes the cells of one sheet and tracks the widths its columns
// need.
type sheet struct {
	b      *builder
	name   string
	widths map[int]float64
	err    error
}

func (b *builder) sheet(name string) *sheet {
	return &sheet{b: b, name: name, widths: map[int]float64{}}
}

// displayWidth estimates the width of s in Excel's character units (a
// wide, East Asian character counts twice).
func displayWidth(s string) float64 {
	w := 0.0
	for _, r := range s {
		if r > 0x2E80 && (unicode.Is(unicode.Han, r) || r >= 0xFF00 || (r >= 0x3000 && r < 0x3100)) {
			w += 2
		} else {
			w++
		}
	}
	return w
}

// set writes v (nil, a string, or a number: an undefined number is left
// blank) into the cell at col, row (1-based) with style.
func (s *sheet) set(col, row int, v any, style int) {
	s.put(col, row, v, style, true)
}

// setWide is set without counting the cell in the column's width (titles
// and sentences that run over several columns).
func (s *sheet) setWide(col, row int, v any, style int) {
	s.put(col, row, v, style, false)
}

func (s *sheet) put(col, row int, v any, style int, measure bool) {
	if s.err != nil {
		return
	}
	cell, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		s.err = err
		return
	}
	w := 0.0
	switch x := v.(type) {
	case nil:
	case float64:
		if !defined(x) {
			v = nil
		} else {
			w = s.b.shownWidth(x, style)
		}
	case string:
		w = displayWidth(x)
	default:
		w = 10
	}
	if x, ok := v.(float64); ok {
		// Every digit of the shortest round-trip decimal, not excelize's
		// default of Excel's 15 significant digits: the cell holds
		// exactly the saved number (divided by the unit).
		str := strconv.FormatFloat(x, 'f', -1, 64)
		decimals := 0
		if i := strings.IndexByte(str, '.'); i >= 0 {
			decimals = len(str) - i - 1
		}
		if err := s.b.f.SetCellFloat(s.name, cell, x, decimals, 64); err != nil {
			s.err = err
			return
		}
	} else if v != nil {
		if err := s.b.f.SetCellValue(s.name, cell, v); err != nil {
			s.err = err
			return
		}
	}
	if style != 0 {
		if err := s.b.f.SetCellStyle(s.name, cell, cell, style); err != nil {
			s.err = err
			return
		}
	}
	if measure && w > s.widths[col] {
		s.widths[col] = w
	}
}

// decimals returns the decimals number style shows (2 when unknown).
func (b *builder) decimals(style int) int {
	if d, ok := b.st.dec[style]; ok {
		return d
	}
	return 2
}

// shownWidth returns the width of number x as style shows it, in
// characters: the digits, separators, sign and per cent sign of its
// format, so that a column is never too narrow for its numbers (a cell too
// narrow shows ###).
func (b *builder) shownWidth(x float64, style int) float64 {
	pct := style == b.st.pct || style == b.st.pct2
	if pct {
		x *= 100
	}
	d, known := b.st.dec[style]
	str := formatNum(x, d)
	if !known {
		str = strconv.FormatFloat(x, 'g', -1, 64)
	}
	w := float64(len(str)) + 1
	if pct {
		w++
	}
	return math.Max(w, 8)
}

// finishTable finishes a sheet whose table header is row hdr: the widths
// and panes of finish, and the header repeated on every printed page.
func (b *builder) finishTable(s *sheet, minW, maxW float64, topLeft string, hdr int) error {
	if err := s.finish(minW, maxW, topLeft); err != nil {
		return err
	}
	// A table of more years than a landscape page holds at a readable size
	// prints on several pages across, its label columns (those left of
	// topLeft) repeated on each.
	labels := 0
	if topLeft != "" {
		c, _, err := excelize.CellNameToCoordinates(topLeft)
		if err != nil {
			return err
		}
		labels = c - 1
	}
	last := 0
	for col := range s.widths {
		last = max(last, col)
	}
	if across := (last - labels + yearsPerPage - 1) / yearsPerPage; labels > 0 && across > 1 {
		if err := b.pageSetupAcross(s.name, across); err != nil {
			return err
		}
		cols, _ := excelize.ColumnNumberToName(labels)
		return b.f.SetDefinedName(&excelize.DefinedName{
			Name:     "_xlnm.Print_Titles",
			RefersTo: fmt.Sprintf("'%s'!$A:$%s,'%s'!$%d:$%d", quoteSheet(s.name), cols, quoteSheet(s.name), hdr, hdr),
			Scope:    s.name,
		})
	}
	return b.printTitles(s.name, hdr, hdr)
}

// yearsPerPage is the most year columns a table prints on one landscape
// page at a readable size.
const yearsPerPage = 12

// quoteSheet escapes a sheet name for a quoted reference.
func quoteSheet(name string) string { return strings.ReplaceAll(name, "'", "''") }

// printTitles repeats rows row1…row2 of the sheet at the top of every
// printed page.
func (b *builder) printTitles(sheet string, row1, row2 int) error {
	return b.f.SetDefinedName(&excelize.DefinedName{
		Name:     "_xlnm.Print_Titles",
		RefersTo: fmt.Sprintf("'%s'!$%d:$%d", quoteSheet(sheet), row1, row2),
		Scope:    sheet,
	})
}

// merge merges a range of cells on one row.
func (s *sheet) merge(col1, col2, row int) {
	if s.err != nil {
		return
	}
	a, _ := excelize.CoordinatesToCellName(col1, row)
	z, _ := excelize.CoordinatesToCellName(col2, row)
	s.err = s.b.f.MergeCell(s.name, a, z)
}

// pageBreak starts a printed page at row.
func (s *sheet) pageBreak(row int) {
	if s.err != nil {
		return
	}
	cell, _ := excelize.CoordinatesToCellName(1, row)
	s.err = s.b.f.InsertPageBreak(s.name, cell)
}

// sentence writes text over columns col1…col2 of row, wrapped, with a row
// height that shows every line (totalWidth is the width of those columns).
func (s *sheet) sentence(col1, col2, row int, text string, style int, totalWidth float64) {
	s.setWide(col1, row, text, style)
	s.merge(col1, col2, row)
	lines := math.Ceil(displayWidth(text) * 1.1 / totalWidth)
	if lines < 1 {
		lines = 1
	}
	if s.err == nil {
		s.err = s.b.f.SetRowHeight(s.name, row, 15*lines+2)
	}
}

// finish sets the column widths that fit the content (between min and
// max characters), the page layout and the frozen panes (topLeft, or none
// when empty).
func (s *sheet) finish(minW, maxW float64, topLeft string) error {
	if s.err != nil {
		return s.err
	}
	f := s.b.f
	for col, w := range s.widths {
		w = math.Max(minW, math.Min(maxW, w+2))
		name, _ := excelize.ColumnNumberToName(col)
		if err := f.SetColWidth(s.name, name, name, w); err != nil {
			return err
		}
	}
	if topLeft != "" {
		c, r, err := excelize.CellNameToCoordinates(topLeft)
		if err != nil {
			return err
		}
		if err := f.SetPanes(s.name, &excelize.Panes{Freeze: true, XSplit: c - 1, YSplit: r - 1, TopLeftCell: topLeft, ActivePane: "bottomRight"}); err != nil {
			return err
		}
	}
	return s.b.pageSetup(s.name)
}

// pageSetup prints a sheet landscape, one page wide.
func (b *builder) pageSetup(name string) error { return b.pageSetupAcross(name, 1) }

// pageSetupAcross prints a sheet landscape, pages wide.
func (b *builder) pageSetupAcross(name string, pages int) error {
	yes := true
	landscape := "landscape"
	zero := 0
	a4 := 9
	if err := b.f.SetSheetProps(name, &excelize.SheetPropsOptions{FitToPage: &yes}); err != nil {
		return err
	}
	return b.f.SetPageLayout(name, &excelize.PageLayoutOptions{Size: &a4, Orientation: &landscape, FitToWidth: &pages, FitToHeight: &zero})
}

// metricFormat returns how a metric is shown: its style, its unit label
// and whether its values are divided by the money unit.
func (b *builder) metricFormat(name string, unit model.Unit) (style int, unitLabel string, scaled bool) {
	switch name {
	case "pool_surplus_rate":
		return b.st.pct, b.t.s("unit.percent"), false
	case "breakeven_employer_rate":
		return b.st.pct2, b.t.s("unit.percent"), false
	case "inpatient_rate":
		return b.st.ratio3, b.t.s("unit.ratio"), false
	case "cost_per_admission":
		return b.st.yuan, b.t.s("unit.yuan_pa"), false
	}
	switch unit {
	case model.Yuan:
		return b.st.amount, b.t.s("unit." + b.unit), true
	case model.Persons:
		return b.st.count, b.t.s("unit.persons"), false
	case model.Visits:
		return b.st.count, b.t.s("unit.visits"), false
	case model.Count:
		return b.st.count, b.t.s("unit.count"), false
	case model.Months:
		return b.st.months, b.t.s("unit.months"), false
	case model.Ratio:
		return b.st.ratio, b.t.s("unit.ratio"), false
	}
	return b.st.number, string(unit), false
}

// metricValue returns value v of a metric as written to a cell: nil when
// undefined, divided by the money unit when scaled.
func (b *builder) metricValue(v float64, scaled bool) any {
	if !defined(v) {
		return nil
	}
	if scaled {
		return v / b.scale
	}
	return v
}

// statValues returns the per-year values of a statistic of a metric.
func statValues(m *reports.MetricSummary, stat string) []float64 {
	switch stat {
	case "mean":
		return m.Mean
	case "p05":
		return m.P05
	case "p50":
		return m.P50
	case "p95":
		return m.P95
	}
	return nil
}

// yearTable writes a table of metrics by year: Item, Unit, Statistic, then
// one column per year, with the statistics mean, P5, P50 and P95 of each
// metric. Metrics listed in indented are sub-items. It returns the row of
// every metric and statistic written and the next free row.
func (b *builder) yearTable(s *sheet, row int, metrics []string, indented map[string]bool) (map[string]map[string]int, int) {
	sum := b.in.sum
	st := b.st
	s.set(1, row, b.t.s("table.item"), st.headerLeft)
	s.set(2, row, b.t.s("table.unit"), st.header)
	s.set(3, row, b.t.s("table.stat"), st.header)
	for i, y := range sum.Years {
		s.set(4+i, row, y, st.header)
	}
	row++
	rows := map[string]map[string]int{}
	stats := []string{"mean", "p05", "p50", "p95"}
	for _, name := range metrics {
		m := sum.Metric(name)
		if m == nil {
			continue
		}
		style, unitLabel, scaled := b.metricFormat(name, m.Unit)
		rows[name] = map[string]int{}
		for k, stat := range stats {
			labelStyle := st.labelBold
			if indented[name] {
				labelStyle = st.indent
			}
			if k == 0 {
				s.set(1, row, b.t.s("metric."+name), labelStyle)
				s.set(2, row, unitLabel, st.text)
			}
			s.set(3, row, b.t.s("stat."+stat), st.text)
			vals := statValues(m, stat)
			for i := range sum.Years {
				var v float64 = math.NaN()
				if i < len(vals) {
					v = vals[i]
				}
				s.set(4+i, row, b.metricValue(v, scaled), style)
			}
			rows[name][stat] = row
			row++
		}
	}
	return rows, row
}

// ref returns an absolute reference to a range of the sheet.
func ref(sheet string, col1, row1, col2, row2 int) string {
	a, _ := excelize.CoordinatesToCellName(col1, row1, true)
	z, _ := excelize.CoordinatesToCellName(col2, row2, true)
	q := "'" + strings.ReplaceAll(sheet, "'", "''") + "'!"
	if a == z {
		return q + a
	}
	return q + a + ":" + z
}
