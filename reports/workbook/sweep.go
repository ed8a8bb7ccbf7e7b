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
}

// sweepSheet writes sweep.csv, one row per point, through the streaming
// writer: the file is read twice (once to count the rows for the colour
// scales, once to write them), one record at a time, so memory stays
// bounded whatever the number of points.
func (b *builder) sweepSheet(name string) error {
	path := b.in.sweep
	header, n, err := scanSweep(path)
	if err != nil {
		return err
	}
	cols := b.sweepColumns(header)
	firstRow, lastRow := 3, 2+n

	// Conditional formats go on the sheet before the stream writer takes
	// it over; the writer keeps them.
	if n > 0 {
		if i := slices.Index(header, "p_depleted_by_horizon"); i >= 0 {
			rng := colRange(i+1, firstRow, lastRow)
			if err := b.f.SetConditionalFormat(name, rng, []excelize.ConditionalFormatOptions{{
				Type: "2_color_scale", Criteria: "=",
				MinType: "num", MinValue: "0", MinColor: "#63BE7B",
				MaxType: "num", MaxValue: "1", MaxColor: "#F8696B",
			}}); err != nil {
				return err
			}
		}
		for _, c := range []string{"pool_months_p05", "pool_months_p50"} {
			i := slices.Index(header, c)
			if i < 0 {
				continue
			}
			cf := excelize.ConditionalFormatOptions{
				Type: "3_color_scale", Criteria: "=",
				MinType: "min", MinColor: "#F8696B",
				MidType: "percentile", MidValue: "50", MidColor: "#FFEB84",
				MaxType: "max", MaxColor: "#63BE7B",
			}
			if bd := b.in.bands; bd != nil {
				cf.MinType, cf.MinValue = "num", strconv.FormatFloat(bd.Insufficient, 'g', -1, 64)
				cf.MidType, cf.MidValue = "num", strconv.FormatFloat(bd.Warning, 'g', -1, 64)
				cf.MaxType, cf.MaxValue = "num", strconv.FormatFloat(bd.ReasonableMax, 'g', -1, 64)
			}
			if err := b.f.SetConditionalFormat(name, colRange(i+1, firstRow, lastRow), []excelize.ConditionalFormatOptions{cf}); err != nil {
				return err
			}
		}
	}
	if err := b.pageSetup(name); err != nil {
		return err
	}

	sw, err := b.f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	for i, c := range cols {
		if err := sw.SetColWidth(i+1, i+1, c.width); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, XSplit: 1, YSplit: 2, TopLeftCell: "B3", ActivePane: "bottomRight"}); err != nil {
		return err
	}
	if err := sw.SetRow("A1", []any{excelize.Cell{StyleID: b.st.title, Value: b.t.s("sweep.title")}}); err != nil {
		return err
	}
	hdr := make([]any, len(cols))
	for i, c := range cols {
		hdr[i] = excelize.Cell{StyleID: b.st.header, Value: c.label}
	}
	if err := sw.SetRow("A2", hdr, excelize.RowOpts{Height: 45}); err != nil {
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
	vals := make([]any, len(cols))
	for row := firstRow; ; row++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		for i := range vals {
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
				vals[i] = nil
				continue
			}
			if s, ok := v.(string); ok && i < len(header) && header[i] == "verdict" {
				v = b.t.s("verdict." + s)
			}
			vals[i] = excelize.Cell{StyleID: cols[i].style, Value: v}
		}
		cell, _ := excelize.CoordinatesToCellName(1, row)
		if err := sw.SetRow(cell, vals); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// scanSweep reads the header of sweep.csv and counts its points.
func scanSweep(path string) ([]string, int, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.ReuseRecord = true
	header, err := r.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, 0, fmt.Errorf("%s: empty file, want a header", path)
		}
		return nil, 0, fmt.Errorf("%s: %w", path, err)
	}
	header = slices.Clone(header)
	if len(header) == 0 || header[0] != "point" {
		return nil, 0, fmt.Errorf("%s: header starts with %q, want point", path, strings.Join(header[:min(1, len(header))], ""))
	}
	n := 0
	for {
		_, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, 0, fmt.Errorf("%s: %w", path, err)
		}
		n++
	}
	return header, n, nil
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
			// a varied key: its path is the header, its values as saved
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
		case h == "replications", h == "target", h == "verdict":
			c.label = t.s("sweep." + h)
			if h != "replications" {
				c.style = st.text
			}
		case h == "target_figure", h == "target_lo", h == "target_hi":
			c.label = t.s("sweep." + h)
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
		c.width = max(10, min(40, displayWidth(c.label)/2+2))
		if i > 0 && i < fixedAt {
			c.width = max(12, min(40, displayWidth(h)+2))
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
