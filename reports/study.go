package reports

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strconv"

	"simulate/model"
)

// PointFiles are the files of a sweep point, summary.json last: a point
// with a summary.json is finished. A point written by an earlier version
// has no solvency-events.csv (its solvency.csv holds the event years).
var PointFiles = []string{"years.csv", "solvency.csv", "solvency-events.csv", "summary.json"}

// WritePoint writes a sweep point's files into dir: years.csv, solvency.csv,
// solvency-events.csv and, last, summary.json, so that a point with a
// summary.json is finished.
func WritePoint(dir string, sum *Summary) error {
	return WriteFilesAtomic([]File{
		{filepath.Join(dir, "years.csv"), csvWriter(func(cw *csv.Writer) error { return writeYears(cw, sum) })},
		{filepath.Join(dir, "solvency.csv"), csvWriter(func(cw *csv.Writer) error { return writeSolvency(cw, sum) })},
		{filepath.Join(dir, "solvency-events.csv"), csvWriter(func(cw *csv.Writer) error { return writeSolvencyEvents(cw, sum) })},
		{filepath.Join(dir, "summary.json"), sum.WriteJSON},
	})
}

// SweepRow is one point of a sweep as written to sweep.csv.
type SweepRow struct {
	Point  int
	Values []float64 // the varied keys' values
	Sum    *Summary
	// The sweep's target at the point: its figure, the figure's interval
	// at CILevel (±Inf where unbounded) and the verdict (met, not met or
	// undecided at the point's precision).
	Figure, Lo, Hi float64
	Verdict        string
}

// SweepPrecisionColumns are the last columns of sweep.csv: the intervals
// of the fixed columns, the point's replications and its verdict against
// the sweep's target.
var SweepPrecisionColumns = []string{"p_depleted_by_horizon_lo", "p_depleted_by_horizon_hi", "pool_months_p05_lo", "pool_months_p05_hi",
	"pool_months_p50_lo", "pool_months_p50_hi", "replications", "target", "target_figure", "target_lo", "target_hi", "verdict"}

// SweepBeyondColumns are the last columns of sweep.csv: whether the median
// first deficit year and the median depletion year lie beyond the horizon
// (TRUE, their cell empty) or not (FALSE).
var SweepBeyondColumns = []string{"first_deficit_year_p50_beyond_horizon", "depletion_year_p50_beyond_horizon"}

// SweepColumns are the fixed result columns of sweep.csv (docs/model.md section 7).
var SweepColumns = []string{"p_depleted_by_horizon", "first_deficit_year_p50", "depletion_year_p50", "pool_months_p05", "pool_months_p50"}

// WriteSweepCSV writes sweep.csv: one row per point, ordered by point: the
// point, the varied keys, the solvency columns at the horizon, the mean
// at the horizon of each metric named in metrics, then
// SweepPrecisionColumns against target, then SweepBeyondColumns.
func WriteSweepCSV(path string, keys, metrics []string, target string, rows []SweepRow) error {
	return WriteFileAtomic(path, csvWriter(func(cw *csv.Writer) error {
		header := append(append(append(append(append([]string{"point"}, keys...), SweepColumns...), metrics...), SweepPrecisionColumns...), SweepBeyondColumns...)
		if err := cw.Write(header); err != nil {
			return err
		}
		for _, r := range rows {
			rec := []string{strconv.Itoa(r.Point)}
			for _, v := range r.Values {
				rec = append(rec, cell(v))
			}
			s := r.Sum
			h := len(s.Years) - 1
			months := s.Metric("pool_months")
			rec = append(rec, cell(at(s.Solvency.PDepleted, h)), yearCell(s.Solvency.FirstDeficitYear.P50),
				yearCell(s.Solvency.DepletionYear.P50), cell(at(months.P05, h)), cell(at(months.P50, h)))
			for _, m := range metrics {
				ms := s.Metric(m)
				if ms == nil {
					return fmt.Errorf("--metrics: unknown metric %q", m)
				}
				rec = append(rec, cell(at(ms.Mean, h)))
			}
			lo := func(b Bounds) string { return cell(at(b.Lo, h)) }
			hi := func(b Bounds) string { return cell(at(b.Hi, h)) }
			rec = append(rec, lo(s.Solvency.PDepletedCI), hi(s.Solvency.PDepletedCI), lo(months.P05CI), hi(months.P05CI),
				lo(months.P50CI), hi(months.P50CI), strconv.Itoa(s.Replications),
				target, cell(r.Figure), cell(r.Lo), cell(r.Hi), r.Verdict,
				boolCell(s.Solvency.FirstDeficitYear.P50 == 0), boolCell(s.Solvency.DepletionYear.P50 == 0))
			if err := cw.Write(rec); err != nil {
				return err
			}
		}
		return nil
	}))
}

func at(v []float64, i int) float64 {
	if i < 0 || i >= len(v) {
		return math.NaN()
	}
	return v[i]
}

// Paired returns the per-replication differences scenario − base of every
// metric (common random numbers make them the policy's effect), as a Result
// to summarise. The two results must hold the same replications and years.
func Paired(base, scenario *model.Result) (*model.Result, error) {
	if len(base.Values) != len(scenario.Values) || len(base.Years) != len(scenario.Years) || base.Years[0] != scenario.Years[0] {
		return nil, fmt.Errorf("compare %s with %s: different replications or years", scenario.Scenario, base.Scenario)
	}
	d := *scenario
	d.Values = make([][]float64, len(base.Values))
	for i := range base.Values {
		row := make([]float64, len(base.Values[i]))
		for k := range row {
			row[k] = scenario.Values[i][k] - base.Values[i][k]
		}
		d.Values[i] = row
	}
	d.Groups = nil
	return &d, nil
}

// WriteComparisonCSV writes comparison.csv rows (base, scenario, year,
// metric, unit, mean, sd, se, p05, p25, p50, p75, p95, then the 95%
// intervals mean_lo, mean_hi, p05_lo … p95_hi) of the paired differences
// summarised in diff; with header, the header first.
func WriteComparisonCSV(w io.Writer, header bool, base, scenario string, diff *Summary) error {
	cw := csv.NewWriter(w)
	if header {
		head := append([]string{"base", "scenario", "year", "metric", "unit", "mean", "sd", "se"}, percentileNames[:]...)
		head = append(head, "mean_lo", "mean_hi")
		for _, name := range percentileNames {
			head = append(head, name+"_lo", name+"_hi")
		}
		cw.Write(head)
	}
	for i := range diff.Metrics {
		m := &diff.Metrics[i]
		for y, year := range diff.Years {
			lo, hi := diff.MeanInterval(m, y)
			rec := []string{base, scenario, strconv.Itoa(year), m.Name, string(m.Unit),
				cell(m.Mean[y]), cell(m.SD[y]), cell(m.SE[y]), cell(m.P05[y]), cell(m.P25[y]), cell(m.P50[y]), cell(m.P75[y]), cell(m.P95[y]),
				cell(lo), cell(hi)}
			for _, ci := range m.intervals() {
				l, h := ci.cell(y)
				rec = append(rec, l, h)
			}
			cw.Write(rec)
		}
	}
	cw.Flush()
	return cw.Error()
}
