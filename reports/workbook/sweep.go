package workbook

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"simulate/model"
)

// The fixed columns of sweep.csv after the varied keys (docs/model.md section 7).
var sweepFixed = []string{"p_depleted_by_horizon", "first_deficit_year_p50", "depletion_year_p50", "pool_months_p05", "pool_months_p50"}

// sweepColumn says how one column of sweep.csv is shown.
type sweepColumn struct {
	label  string
	style  int
	scaled bool // amounts divided by the money unit
	width  float64
	skip   bool // not a column of the sheet (the target, the same on every row, is in the title)
}

// sweepSheet writes sweep.csv, one row per point, through the streaming
// writer: the file is read twice (once to count the rows for the colour
// scales, once to write them), one record at a time, so memory stays
// bounded whatever the number of points.
func (b *builder) sweepSheet(name string) error {
	path := b.in.sweep
	header, n, target, err := scanSweep(path)
	if err != nil {
		return err
	}
	cols := b.sweepColumns(header)
	firstRow, lastRow := 3, 2+n
	// pos[i] is the sheet column of sweep.csv's column i (0: skipped).
	pos := make([]int, len(cols))
	shown := 0
	for i, c := range cols {
		if !c.skip {
			shown++
			pos[i] = shown
		}
	}

	// Conditional formats go on the sheet before the stream writer takes
	// it over; the writer keeps them. They colour each figure by the fixed
	// bands every sheet uses — the months of payment by fund.bands (the
	// traffic light of the Summary), a depletion probability by the 5% of
	// the default target — never by a scale of the column's own values, on
	// which the best point of a bad sweep would look good.
	if n > 0 {
		if i := slices.Index(header, "p_depleted_by_horizon"); i >= 0 {
			if err := b.f.SetConditionalFormat(name, colRange(pos[i], firstRow, lastRow), []excelize.ConditionalFormatOptions{
				{Type: "cell", Criteria: "<=", Format: &b.st.cfBands[2], Value: "0.05", StopIfTrue: true},
				{Type: "cell", Criteria: ">", Format: &b.st.cfBands[0], Value: "0.05", StopIfTrue: true},
			}); err != nil {
				return err
			}
		}
		for _, c := range []string{"pool_months_p05", "pool_months_p50"} {
			i := slices.Index(header, c)
			if i < 0 || b.in.bands == nil {
				continue
			}
			bd := b.in.bands
			num := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
			if err := b.f.SetConditionalFormat(name, colRange(pos[i], firstRow, lastRow), []excelize.ConditionalFormatOptions{
				{Type: "cell", Criteria: "<", Format: &b.st.cfBands[0], Value: num(bd.Insufficient), StopIfTrue: true},
				{Type: "cell", Criteria: "<", Format: &b.st.cfBands[1], Value: num(bd.Warning), StopIfTrue: true},
				{Type: "cell", Criteria: "<=", Format: &b.st.cfBands[2], Value: num(bd.ReasonableMax), StopIfTrue: true},
				{Type: "cell", Criteria: "<=", Format: &b.st.cfBands[3], Value: num(bd.Excess), StopIfTrue: true},
				{Type: "cell", Criteria: ">", Format: &b.st.cfBands[4], Value: num(bd.Excess), StopIfTrue: true},
			}); err != nil {
				return err
			}
		}
	}
	if err := b.pageSetup(name); err != nil {
		return err
	}
	if err := b.printTitles(name, 2, 2); err != nil {
		return err
	}

	sw, err := b.f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	for i, c := range cols {
		if c.skip {
			continue
		}
		if err := sw.SetColWidth(pos[i], pos[i], c.width); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, XSplit: 1, YSplit: 2, TopLeftCell: "B3", ActivePane: "bottomRight"}); err != nil {
		return err
	}
	title := b.t.s("sweep.title")
	if target != "" {
		title = b.t.f("sweep.titlewith", target)
	}
	if err := sw.SetRow("A1", []any{excelize.Cell{StyleID: b.st.title, Value: title}}); err != nil {
		return err
	}
	hdr := make([]any, 0, shown)
	for _, c := range cols {
		if !c.skip {
			hdr = append(hdr, excelize.Cell{StyleID: b.st.header, Value: c.label})
		}
	}
	if err := sw.SetRow("A2", hdr, excelize.RowOpts{Height: 60}); err != nil {
		return err
	}

	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("%w", err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.ReuseRecord = true
	if _, err := r.Read(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	vals := make([]any, shown)
	for row := firstRow; ; row++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		for i := range cols {
			if cols[i].skip {
				continue
			}
			j := pos[i] - 1
			var v any
			if i < len(rec) {
				v = parseCell(rec[i])
			}
			if x, ok := v.(float64); ok {
				if cols[i].scaled {
					x /= b.scale
				}
				v = round15(x)
			}
			if v == nil {
				vals[j] = nil
				continue
			}
			if s, ok := v.(string); ok && i < len(header) && header[i] == "verdict" {
				v = b.t.s("verdict." + s)
			}
			vals[j] = excelize.Cell{StyleID: cols[i].style, Value: v}
		}
		cell, _ := excelize.CoordinatesToCellName(1, row)
		if err := sw.SetRow(cell, vals); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// sweepChartSheet shows the sweep's decision chart (charts/sweep.png) on
// one printed page, under a line that says how to read it.
func (b *builder) sweepChartSheet(name string) error {
	s := b.sheet(name)
	s.setWide(1, 1, b.t.s("sweepchart.title"), b.st.title)
	// The note wraps over the width of the image (about 14 default columns).
	s.sentence(1, 14, 2, b.t.s("sweepchart.note"), b.st.wrap, 14*9)
	if s.err != nil {
		return s.err
	}
	// 1600 × 1000 pixels, shown at about 1000 pixels wide.
	if err := b.f.AddPictureFromBytes(name, "A4", &excelize.Picture{
		Extension: ".png", File: b.chartImage("sweep"),
		Format: &excelize.GraphicOptions{ScaleX: 0.62, ScaleY: 0.62, AltText: "sweep", LockAspectRatio: true, Positioning: "oneCell"},
	}); err != nil {
		return err
	}
	return b.pageSetup(name)
}

// scanSweep reads the header of sweep.csv, counts its points and returns
// the target of the first ("" without one).
func scanSweep(path string) (header []string, n int, target string, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, "", err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.ReuseRecord = true
	header, err = r.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, 0, "", fmt.Errorf("%s: empty file, want a header", path)
		}
		return nil, 0, "", fmt.Errorf("%s: %w", path, err)
	}
	header = slices.Clone(header)
	if len(header) == 0 || header[0] != "point" {
		return nil, 0, "", fmt.Errorf("%s: header starts with %q, want point", path, strings.Join(header[:min(1, len(header))], ""))
	}
	tc := slices.Index(header, "target")
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, 0, "", fmt.Errorf("%s: %w", path, err)
		}
		if n == 0 && tc >= 0 && tc < len(rec) {
			target = rec[tc]
		}
		n++
	}
	return header, n, target, nil
}

// sweepColumns describes every column of sweep.csv: the point, the varied
// keys (their key paths are data), the fixed solvency columns and the
// metrics named by --metrics (METRIC or METRIC_STAT).
func (b *builder) sweepColumns(header []string) []sweepColumn {
	t, st := b.t, b.st
	fixedAt := len(header)
	for i, h := range header {
		if slices.Contains(sweepFixed, h) {
			fixedAt = i
			break
		}
	}
	cols := make([]sweepColumn, len(header))
	for i, h := range header {
		c := sweepColumn{label: h, style: st.number}
		switch {
		case i == 0:
			c.label = t.s("sweep.point")
		case i < fixedAt:
			// a varied key: its title from the parameter reference, its
			// values as saved
			c.label = b.keyTitle(h)
		case h == "p_depleted_by_horizon":
			c.label, c.style = t.s("sweep."+h), st.pct
		case h == "first_deficit_year_p50", h == "depletion_year_p50":
			c.label, c.style = t.s("sweep."+h), st.year
		case h == "pool_months_p05", h == "pool_months_p50":
			c.label, c.style = t.s("sweep."+h), st.months
		case h == "p_depleted_by_horizon_lo", h == "p_depleted_by_horizon_hi":
			c.label, c.style = t.s("sweep."+h), st.pct
		case strings.HasPrefix(h, "pool_months_p") && (strings.HasSuffix(h, "_lo") || strings.HasSuffix(h, "_hi")):
			c.label, c.style = t.s("sweep."+h), st.months
		case h == "first_deficit_year_p50_beyond_horizon", h == "depletion_year_p50_beyond_horizon":
			c.label, c.style = t.s("sweep."+h), st.text
		case h == "target":
			c.skip = true
		case h == "replications", h == "verdict":
			c.label = t.s("sweep." + h)
			if h != "replications" {
				c.style = st.text
			}
		case h == "target_figure", h == "target_lo", h == "target_hi":
			c.label, c.style = t.s("sweep."+h), st.ratio3
		default:
			metric, stat := h, ""
			for _, sfx := range []string{"_mean", "_p05", "_p50", "_p95"} {
				if m, ok := strings.CutSuffix(h, sfx); ok {
					if _, known := model.MetricByName(m); known {
						metric, stat = m, sfx[1:]
					}
				}
			}
			if m, ok := model.MetricByName(metric); ok {
				style, unitLabel, scaled := b.metricFormat(metric, model.Metrics[m].Unit)
				c.style, c.scaled = style, scaled
				if stat != "" {
					c.label = t.f("sweep.metricstat", t.s("metric."+metric), t.s("stat."+stat), unitLabel)
				} else {
					c.label = t.f("sweep.metric", t.s("metric."+metric), unitLabel)
				}
			}
		}
		c.width = max(9, min(16, displayWidth(c.label)/3+2))
		if i > 0 && i < fixedAt {
			c.width = max(12, min(18, displayWidth(c.label)/3+2))
		}
		cols[i] = c
	}
	return cols
}

// colRange is the range of column col from row1 to row2.
func colRange(col, row1, row2 int) string {
	a, _ := excelize.CoordinatesToCellName(col, row1)
	z, _ := excelize.CoordinatesToCellName(col, row2)
	return a + ":" + z
}

// round15 rounds v to 15 significant digits. The streaming writer keeps
// only Excel's 15 significant digits of a number and drops the rest
// (truncating); rounding first makes the cell the nearest 15-digit number
// to the saved one instead.
func round15(v float64) float64 {
	r, err := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 15, 64), 64)
	if err != nil {
		return v
	}
	return r
}
