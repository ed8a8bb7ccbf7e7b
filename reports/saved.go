package reports

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// The kinds of output folder Open tells apart, named as in the header of
// manifest.json.
const (
	KindRun         = "run"
	KindComparison  = "compare"
	KindSweep       = "sweep"
	KindSensitivity = "sensitivity"
)

// Saved is an output folder: everything the workbook and the charts are
// made from, so that they read no file of their own. A run and a
// comparison hand it over in memory as they write their files (WriteRun,
// NewComparison); a sweep, a sensitivity, a merge and "report DIR" or
// "chart DIR" read it back (Open). Both give the same value. A field is nil
// (or empty) when the folder has no such file.
type Saved struct {
	// Dir is the folder it was read from; file paths in messages are
	// inside it.
	Dir string
	// Kind is KindRun (summary.json), KindComparison (comparison.csv and
	// runs/), KindSweep (sweep.csv) or KindSensitivity (tornado.csv or
	// morris.csv); empty for a folder that holds none of these.
	Kind string

	// Summary is summary.json: a run's results (either schema).
	Summary *Summary
	// Meta is run.json, decoded as it is (the workbook's About sheet).
	Meta *RunMeta
	// Scenario is scenario.yaml: the resolved scenario as written, which
	// the workbook lists and whose fund.bands the charts draw.
	Scenario []byte
	// Groups is groups.csv (ReadGroups: either format).
	Groups []GroupRow
	// Years is years.csv.
	Years *Table

	// Runs are a comparison's runs (runs/K-NAME/ with a summary.json), by
	// K: the base first. Each holds Dir, Summary, Meta, Scenario, Groups.
	Runs []*Saved
	// Comparison, GroupsComparison and Breakdown are comparison.csv,
	// groups-comparison.csv and breakdown.csv.
	Comparison, GroupsComparison, Breakdown *Table

	// Sweep is sweep.csv.
	Sweep *Table
	// Points are a sweep's points (points/NNNN/), by index: each point's
	// solvency.csv; the first point with a readable summary.json has its
	// Summary too (for a caption: the others' figures are in sweep.csv),
	// and its Scenario if it has one.
	Points []Point

	// Tornado and Morris are a sensitivity's tornado.csv and morris.csv.
	Tornado, Morris *Table

	// Charts holds the image of each chart drawn, by kind: the PNGs of
	// charts/ that Open finds, replaced by those a drawing of the charts
	// makes (the workbook shows them).
	Charts map[string][]byte
}

// Point is one point of a sweep as Saved holds it.
type Point struct {
	Index    int
	Solvency *Table // solvency.csv; nil without one
	Summary  *Summary
	Scenario []byte
}

// Table is a CSV file read whole: its header and rows (every row with as
// many fields as the header), with the line of each row for messages. The
// columns are left to the reader to check; an empty file has no header.
type Table struct {
	Path   string // the file, for messages
	Header []string
	Rows   [][]string
	Lines  []int // Lines[i] is the line of Rows[i] in the file
}

// Records returns the header and the rows as one list, header first; nil
// for an empty file.
func (t *Table) Records() [][]string {
	if t.Header == nil {
		return nil
	}
	return append([][]string{t.Header}, t.Rows...)
}

// ParseTable reads a CSV file (named path in messages) from r into a
// Table.
func ParseTable(path string, r io.Reader) (*Table, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = 0
	t := &Table{Path: path}
	header, err := cr.Read()
	if err == io.EOF {
		return t, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	t.Header = header
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return t, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		line, _ := cr.FieldPos(0)
		t.Rows = append(t.Rows, rec)
		t.Lines = append(t.Lines, line)
	}
}

// Point returns the sweep point of index i, nil if the folder has none.
func (s *Saved) Point(i int) *Point {
	k, ok := slices.BinarySearchFunc(s.Points, i, func(p Point, i int) int { return p.Index - i })
	if !ok {
		return nil
	}
	return &s.Points[k]
}

// Caption returns the summary that describes the folder in a caption: its
// own, else its base run's, else its first point's; nil if none.
func (s *Saved) Caption() *Summary {
	if s.Summary != nil {
		return s.Summary
	}
	for _, r := range s.Runs {
		if r.Summary != nil {
			return r.Summary
		}
	}
	for _, p := range s.Points {
		if p.Summary != nil {
			return p.Summary
		}
	}
	return nil
}

// Open reads the output folder dir of any kind — a run, a comparison, a
// sweep, a sensitivity — in this version's format or the earlier one's
// (formats.go). It reads the files the workbook and the charts are made
// from, and checks that each is well formed (JSON, CSV, groups.csv's
// columns); what a chart or a sheet needs of a file's columns is left to
// it. An error names the file that cannot be read.
func Open(dir string) (*Saved, error) {
	fi, err := os.Stat(dir)
	if err != nil {
		return nil, err
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("%s is not a directory", dir)
	}
	s, err := openRun(dir)
	if err != nil {
		return nil, err
	}
	for _, t := range []struct {
		name string
		dst  **Table
	}{
		{YearsFile, &s.Years}, {ComparisonFile, &s.Comparison}, {GroupsComparisonFile, &s.GroupsComparison},
		{BreakdownFile, &s.Breakdown}, {SweepFile, &s.Sweep}, {TornadoFile, &s.Tornado}, {MorrisFile, &s.Morris},
	} {
		if *t.dst, err = readTableIf(filepath.Join(dir, t.name)); err != nil {
			return nil, err
		}
	}
	if s.Comparison != nil {
		if s.Runs, err = openRuns(dir); err != nil {
			return nil, err
		}
	}
	if s.Sweep != nil {
		if s.Points, err = openPoints(dir); err != nil {
			return nil, err
		}
	}
	if s.Charts, err = openCharts(dir); err != nil {
		return nil, err
	}
	switch {
	case s.Summary != nil:
		s.Kind = KindRun
	case s.Comparison != nil:
		s.Kind = KindComparison
	case s.Sweep != nil:
		s.Kind = KindSweep
	case s.Tornado != nil || s.Morris != nil:
		s.Kind = KindSensitivity
	}
	return s, nil
}

// openRun reads the files of a run in dir that are there: summary.json,
// run.json, scenario.yaml and groups.csv.
func openRun(dir string) (*Saved, error) {
	return runFrom(dir, func(name string) ([]byte, error) {
		p := filepath.Join(dir, name)
		if ok, err := isFile(p); !ok || err != nil {
			return nil, err
		}
		if name == SummaryFile {
			return readRegular(p, MaxSummarySize)
		}
		return os.ReadFile(p)
	})
}

// runFrom makes the run in dir from the content of its summary.json,
// run.json, scenario.yaml and groups.csv as content returns them (nil for
// a file the run has not): from disk for Open, from what was just written
// for WriteRun, so that both give the same value.
func runFrom(dir string, content func(name string) ([]byte, error)) (*Saved, error) {
	s := &Saved{Dir: dir}
	p := func(name string) string { return filepath.Join(dir, name) }
	data, err := content(SummaryFile)
	if err != nil {
		return nil, err
	}
	if data != nil {
		var sum Summary
		if err := json.Unmarshal(data, &sum); err != nil {
			return nil, fmt.Errorf("%s: %w", p(SummaryFile), err)
		}
		s.Summary = &sum
	}
	if data, err = content(RunMetaFile); err != nil {
		return nil, err
	}
	if data != nil {
		// Decoded as it is, not validated as ParseRunMeta does: the
		// workbook shows what an earlier version's run.json says too.
		var m RunMeta
		if err := json.Unmarshal(data, &m); err != nil {
			return nil, fmt.Errorf("%s: %w", p(RunMetaFile), err)
		}
		s.Meta = &m
	}
	if s.Scenario, err = content(ScenarioFile); err != nil {
		return nil, err
	}
	if data, err = content(GroupsFile); err != nil {
		return nil, err
	}
	if data != nil {
		recs, err := parseAllCSV(p(GroupsFile), bytes.NewReader(data))
		if err != nil {
			return nil, err
		}
		if s.Groups, err = parseGroups(p(GroupsFile), recs); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// openRuns reads the runs of the comparison in dir: every runs/K-NAME/
// with a summary.json, by K.
func openRuns(dir string) ([]*Saved, error) {
	found, _ := filepath.Glob(filepath.Join(dir, RunsDir, "*", SummaryFile))
	sort.Slice(found, func(i, j int) bool { return runIndex(found[i]) < runIndex(found[j]) })
	runs := make([]*Saved, 0, len(found))
	for _, p := range found {
		r, err := openRun(filepath.Dir(p))
		if err != nil {
			return nil, err
		}
		runs = append(runs, r)
	}
	return runs, nil
}

// runIndex returns K of a comparison's runs/K-NAME/summary.json, -1 when
// the folder's name does not start with a number.
func runIndex(p string) int {
	name := filepath.Base(filepath.Dir(p))
	k, _, _ := strings.Cut(name, "-")
	n, err := strconv.Atoi(k)
	if err != nil {
		return -1
	}
	return n
}

// openPoints reads the points of the sweep in dir: each points/NNNN/'s
// solvency.csv, and the summary.json (and scenario.yaml) of the first
// point whose summary.json can be read.
func openPoints(dir string) ([]Point, error) {
	entries, err := os.ReadDir(filepath.Join(dir, PointsDir))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var pts []Point
	captioned := false
	for _, e := range entries { // by name: NNNN in order
		i, err := strconv.Atoi(e.Name())
		if !e.IsDir() || err != nil || i < 0 {
			continue
		}
		pd := filepath.Join(dir, PointsDir, e.Name())
		pt := Point{Index: i}
		if pt.Solvency, err = readTableIf(filepath.Join(pd, SolvencyFile)); err != nil {
			return nil, err
		}
		if !captioned {
			if sum, err := ReadSummary(filepath.Join(pd, SummaryFile)); err == nil {
				pt.Summary, captioned = sum, true
				if pt.Scenario, err = readIf(filepath.Join(pd, ScenarioFile)); err != nil {
					return nil, err
				}
			}
		}
		pts = append(pts, pt)
	}
	slices.SortFunc(pts, func(a, b Point) int { return a.Index - b.Index })
	return pts, nil
}

// openCharts reads the PNG of every chart in dir's charts/, by kind.
func openCharts(dir string) (map[string][]byte, error) {
	found, _ := filepath.Glob(filepath.Join(dir, ChartsDir, "*.png"))
	charts := map[string][]byte{}
	for _, p := range found {
		b, err := readIf(p)
		if err != nil {
			return nil, err
		}
		if b != nil {
			charts[strings.TrimSuffix(filepath.Base(p), ".png")] = b
		}
	}
	return charts, nil
}

// isFile reports whether p names a file (not a folder); an error other
// than its absence is returned.
func isFile(p string) (bool, error) {
	fi, err := os.Stat(p)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return !fi.IsDir(), nil
}

// readIf returns the content of the file p, nil when there is none.
func readIf(p string) ([]byte, error) {
	if ok, err := isFile(p); !ok || err != nil {
		return nil, err
	}
	return os.ReadFile(p)
}

// readTableIf reads the CSV file p, nil when there is none.
func readTableIf(p string) (*Table, error) {
	if ok, err := isFile(p); !ok || err != nil {
		return nil, err
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ParseTable(p, f)
}

// SavedMeta returns meta as Open reads it back from the run.json that
// WriteRunMeta writes of it.
func SavedMeta(meta RunMeta) (*RunMeta, error) {
	var b bytes.Buffer
	if err := meta.writeJSON(&b); err != nil {
		return nil, err
	}
	var m RunMeta
	if err := json.Unmarshal(b.Bytes(), &m); err != nil {
		return nil, err
	}
	return &m, nil
}

// NewComparison makes the comparison saved in dir, as Open would read it
// back, from what was written there: its runs (as WriteRun returned them,
// the base first), its run.json (meta, as WriteRunMeta wrote it) and the
// content of comparison.csv, groups-comparison.csv and breakdown.csv (nil
// without a breakdown). The runs are held as Open holds a comparison's:
// without their years.csv.
func NewComparison(dir string, meta RunMeta, runs []*Saved, comparison, groupsComparison, breakdown []byte) (*Saved, error) {
	m, err := SavedMeta(meta)
	if err != nil {
		return nil, err
	}
	s := &Saved{Dir: dir, Kind: KindComparison, Meta: m, Charts: map[string][]byte{}}
	for _, r := range runs {
		s.Runs = append(s.Runs, &Saved{Dir: r.Dir, Summary: r.Summary, Meta: r.Meta, Scenario: r.Scenario, Groups: r.Groups})
	}
	for _, t := range []struct {
		name string
		data []byte
		dst  **Table
	}{
		{ComparisonFile, comparison, &s.Comparison}, {GroupsComparisonFile, groupsComparison, &s.GroupsComparison}, {BreakdownFile, breakdown, &s.Breakdown},
	} {
		if t.data == nil {
			continue
		}
		if *t.dst, err = ParseTable(filepath.Join(dir, t.name), bytes.NewReader(t.data)); err != nil {
			return nil, err
		}
	}
	return s, nil
}
