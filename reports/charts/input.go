package charts

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

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

// readTable reads the CSV file at path and checks that it has the columns
// named in required.
func readTable(path string, required ...string) (*table, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = 0
	header, err := r.Read()
	if err == io.EOF {
		return nil, fmt.Errorf("%s: empty file, want a header with %s", path, strings.Join(required, ","))
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	t := &table{path: path, header: header, col: map[string]int{}}
	for i, h := range header {
		t.col[strings.TrimSpace(h)] = i
	}
	var missing []string
	for _, c := range required {
		if _, ok := t.col[c]; !ok {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("%s:1: missing column %s (header: %s)", path, strings.Join(missing, ", "), strings.Join(header, ","))
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		line, _ := r.FieldPos(0)
		t.rows = append(t.rows, rec)
		t.lines = append(t.lines, line)
	}
	return t, nil
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

// readBands reads fund.bands from the resolved scenario at path.
func readBands(path string) (*bands, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
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

// findSummary returns the summary.json of dir, or else of the first
// sub-directory (or sweep point) holding one, for a caption; nil if none.
func findSummary(dir string) *reports.Summary {
	cands := []string{filepath.Join(dir, "summary.json")}
	for _, pat := range []string{"*/summary.json", "runs/*/summary.json", "points/*/summary.json"} {
		m, _ := filepath.Glob(filepath.Join(dir, pat))
		slices.Sort(m)
		cands = append(cands, m...)
	}
	for _, p := range cands {
		if s, err := reports.ReadSummary(p); err == nil {
			return s
		}
	}
	return nil
}

// fileExists reports whether path names an existing file.
func fileExists(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && !fi.IsDir()
}

// errNoData is returned when a directory holds nothing to chart.
var errNoData = errors.New("nothing to chart: no summary.json, comparison.csv, sweep.csv or tornado.csv")
