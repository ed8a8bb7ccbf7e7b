package calibration

import (
	"fmt"
	"math"
	"strings"

	"simulate/model"
)

// The growth check compares the model's 2024 and 2025 with the latest
// official figures and its growth from 2023 to 2025 with theirs. Nothing
// in it is fitted: the calibration uses 2019–2023 (and 2024 for family
// mutual aid only, marked so), and the long-run assumptions from 2024 are
// set from sources, not from these rows.

// GrowthBase and GrowthYears are the years of the growth check.
const GrowthBase = 2023

// GrowthYears are the years compared after the base year.
var GrowthYears = []int{2024, 2025}

// GrowthItem is one line of the growth check: a Mapping's item, or, with
// Share set, the share of Item in the participants.
type GrowthItem struct {
	Item  string
	Share bool   // Item / participants (the flexible share)
	Note  string // what the line's official side is, or why it is not independent
	// Metrics and Line, when set, map an item that is not a Mapping (a
	// line with figures only after the calibrated years).
	Metrics []model.Metric
	Line    string
}

// GrowthItems are the lines of the growth check, in table order.
var GrowthItems = []GrowthItem{
	{Item: "income_pool"},
	{Item: "expenditure_pool"},
	{Item: "income"},
	{Item: "expenditure"},
	{Item: "income_accounts"},
	{Item: "expenditure_accounts"},
	{Item: "surplus_pool", Metrics: []model.Metric{model.PoolSurplus}, Line: "pooled current surplus"},
	{Item: "balance_pool"},
	{Item: "balance_accounts"},
	{Item: "participants"},
	{Item: "retirees"},
	{Item: "actives"},
	{Item: "flexible_and_other", Share: true, Note: "share of participants; 2019 and 2024 set the flexible trend, so 2024 is not independent"},
	{Item: "maternity_expenditure"},
	{Item: "family_mutual_aid_paid", Note: "2024 is the fitted target; 2025: first half 261.77 only"},
}

// GrowthRow is one line of the growth check: official and simulated values
// of GrowthBase and GrowthYears (NaN where there is no figure) and the
// growth from GrowthBase to the last year.
type GrowthRow struct {
	Item, Line, Note string
	Official         []float64 // GrowthBase, then GrowthYears
	Status           []string  // the data rows' status
	Simulated        []float64
}

// GrowthCheck computes the growth check from a run covering GrowthBase to
// the last of GrowthYears.
func GrowthCheck(res *model.Result) ([]GrowthRow, error) {
	recs, err := Records()
	if err != nil {
		return nil, err
	}
	official := func(item string, year int) (float64, string) {
		for _, r := range recs {
			if r.Item == item && r.Year == year {
				return r.Value, r.Status
			}
		}
		return math.NaN(), ""
	}
	mapping := func(item string) (Mapping, bool) {
		for _, m := range Mappings {
			if m.Item == item {
				return m, true
			}
		}
		return Mapping{}, false
	}
	yearIndex := map[int]int{}
	for i, y := range res.Years {
		yearIndex[y] = i
	}
	years := append([]int{GrowthBase}, GrowthYears...)
	participants, _ := mapping("participants")
	var out []GrowthRow
	for _, gi := range GrowthItems {
		m, ok := mapping(gi.Item)
		if len(gi.Metrics) > 0 {
			m = Mapping{Item: gi.Item, Metrics: gi.Metrics, Scale: 1e8, Line: gi.Line}
			ok = true
		}
		if gi.Share {
			m = Mapping{Item: gi.Item, Metrics: []model.Metric{model.MembersFlexible}, Scale: 1e4, Line: "flexible share"}
			ok = true
		}
		if !ok {
			return nil, fmt.Errorf("growth check: no mapping for %s", gi.Item)
		}
		row := GrowthRow{Item: gi.Item, Line: m.Name(), Note: gi.Note}
		for _, y := range years {
			o, st := official(gi.Item, y)
			if gi.Share {
				p, _ := official("participants", y)
				o = o / p
			}
			row.Official = append(row.Official, o)
			row.Status = append(row.Status, st)
			yi, ok := yearIndex[y]
			if !ok {
				row.Simulated = append(row.Simulated, math.NaN())
				continue
			}
			vals := make([]float64, len(res.Values))
			for i := range res.Values {
				vals[i] = m.value(res, i, yi)
				if gi.Share {
					vals[i] /= participants.value(res, i, yi)
				}
			}
			mean, _ := MeanSE(vals)
			row.Simulated = append(row.Simulated, mean)
		}
		out = append(out, row)
	}
	return out, nil
}

// GrowthTable formats the growth check as a Markdown table: each year's
// official and simulated values, the error of 2024 and 2025, and the
// growth from GrowthBase to each later year (share: points).
func GrowthTable(rows []GrowthRow) string {
	var b strings.Builder
	b.WriteString("| line (item) | 2023 official | model |")
	for _, y := range GrowthYears {
		fmt.Fprintf(&b, " %d official | model | error |", y)
	}
	for _, y := range GrowthYears {
		fmt.Fprintf(&b, " growth %d→%d official | model |", GrowthBase, y)
	}
	b.WriteString(" note |\n| --- | ---: | ---: |")
	for range GrowthYears {
		b.WriteString(" ---: | ---: | ---: |")
	}
	for range GrowthYears {
		b.WriteString(" ---: | ---: |")
	}
	b.WriteString(" --- |\n")
	for _, r := range rows {
		share := r.Line == "flexible share"
		cell := func(x float64) string {
			if math.IsNaN(x) {
				return "–"
			}
			if share {
				return fmt.Sprintf("%.1f%%", 100*x)
			}
			return num(x)
		}
		diff := func(a, b float64) string {
			if math.IsNaN(a) || math.IsNaN(b) || b == 0 {
				return "–"
			}
			if share {
				return fmt.Sprintf("%+.1f pt", 100*(a-b))
			}
			return fmt.Sprintf("%+.1f%%", 100*(a/b-1))
		}
		off := func(k int) string {
			o := cell(r.Official[k])
			if o != "–" && r.Status[k] != "" && r.Status[k] != "V" {
				o += " (" + r.Status[k] + ")"
			}
			return o
		}
		fmt.Fprintf(&b, "| %s (%s) | %s | %s |", r.Line, r.Item, off(0), cell(r.Simulated[0]))
		for k := 1; k < len(r.Official); k++ {
			fmt.Fprintf(&b, " %s | %s | %s |", off(k), cell(r.Simulated[k]), diff(r.Simulated[k], r.Official[k]))
		}
		for k := 1; k < len(r.Official); k++ {
			fmt.Fprintf(&b, " %s | %s |", diff(r.Official[k], r.Official[0]), diff(r.Simulated[k], r.Simulated[0]))
		}
		fmt.Fprintf(&b, " %s |\n", r.Note)
	}
	return b.String()
}
