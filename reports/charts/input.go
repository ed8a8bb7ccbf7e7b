package charts

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"strconv"
	"strings"
	"syscall"

	"go.yaml.in/yaml/v3"

	"simulate/reports"
)

// table is a CSV file read whole: its header and rows, with the line of
// each row for messages.
type table struct {
	path   string
	header []string
	col    map[string]int
	rows   [][]string
	lines  []int
}

// newTable checks that the CSV file t has the columns named in required
// and indexes them.
func newTable(t *reports.Table, required ...string) (*table, error) {
	if t.Header == nil {
		return nil, fmt.Errorf("%s: empty file, want a header with %s", t.Path, strings.Join(required, ","))
	}
	tb := &table{path: t.Path, header: t.Header, col: map[string]int{}, rows: t.Rows, lines: t.Lines}
	for i, h := range t.Header {
		tb.col[strings.TrimSpace(h)] = i
	}
	var missing []string
	for _, c := range required {
		if _, ok := tb.col[c]; !ok {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("%s:1: missing column %s (header: %s)", t.Path, strings.Join(missing, ", "), strings.Join(t.Header, ","))
	}
	return tb, nil
}

// str returns column c of row i ("" when the table has no such column).
func (t *table) str(i int, c string) string {
	j, ok := t.col[c]
	if !ok {
		return ""
	}
	return strings.TrimSpace(t.rows[i][j])
}

// num returns column c of row i as a number; an empty cell is NaN (an
// undefined value, docs/model.md section 5).
func (t *table) num(i int, c string) (float64, error) {
	s := t.str(i, c)
	if s == "" {
		return math.NaN(), nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, fmt.Errorf("%s:%d: %s: %q is not a number", t.path, t.lines[i], c, s)
	}
	return v, nil
}

// year returns column c of row i as a whole year.
func (t *table) year(i int, c string) (int, error) {
	s := t.str(i, c)
	y, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("%s:%d: %s: %q is not a year", t.path, t.lines[i], c, s)
	}
	return y, nil
}

// bands are the month-of-payment thresholds of fund.bands in
// scenario.yaml (docs/model.md section 6).
type bands struct {
	Insufficient  float64 `yaml:"insufficient"`
	Warning       float64 `yaml:"warning"`
	ReasonableMax float64 `yaml:"reasonable_max"`
	Excess        float64 `yaml:"excess"`
}

// readBands reads fund.bands from the resolved scenario data of the file
// at path; data nil: the folder has no such file.
func readBands(path string, data []byte) (*bands, error) {
	if data == nil {
		return nil, &fs.PathError{Op: "open", Path: path, Err: syscall.ENOENT}
	}
	var doc struct {
		Fund struct {
			Bands *bands `yaml:"bands"`
		} `yaml:"fund"`
	}
	// Only fund.bands is read: the file was written and validated by
	// simulate, so unknown keys elsewhere are expected.
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	b := doc.Fund.Bands
	if b == nil {
		return nil, fmt.Errorf("%s: no fund.bands", path)
	}
	if !(0 <= b.Insufficient && b.Insufficient <= b.Warning && b.Warning <= b.ReasonableMax && b.ReasonableMax <= b.Excess) {
		return nil, fmt.Errorf("%s: fund.bands %g, %g, %g, %g are not increasing", path, b.Insufficient, b.Warning, b.ReasonableMax, b.Excess)
	}
	return b, nil
}

// errNoData is returned when a directory holds nothing to chart.
var errNoData = errors.New("nothing to chart: no summary.json, comparison.csv, sweep.csv or tornado.csv")
