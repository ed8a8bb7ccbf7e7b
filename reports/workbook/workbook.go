package workbook

import (
	"fmt"
	"io"
	"math"
	"path/filepath"
	"sort"

	"github.com/xuri/excelize/v2"
	"go.yaml.in/yaml/v3"

	"simulate/model"
	"simulate/reports"
)

// Options chooses the language and the money unit of the workbook.
type Options struct {
	// Lang is en or zh; empty means en.
	Lang string
	// Unit is the unit of aggregate amounts: yuan, wan (10,000 yuan, 万元)
	// or yi (100 million yuan, 亿元); empty means yi. Amounts per member or
	// per admission stay in yuan.
	Unit string
	// Out is the folder Write writes report.xlsx into; empty means the
	// folder the Saved was read from.
	Out string
	// KeyTitle returns the title, in lang, of a scenario key path (a
	// sweep's varied keys, a comparison's changed keys) with its unit,
	// from the parameter reference; ok false or a nil KeyTitle: the path.
	KeyTitle func(path, lang string) (title string, ok bool)
}

// unitScale returns the divisor of the unit.
func unitScale(unit string) (float64, error) {
	switch unit {
	case "yuan":
		return 1, nil
	case "wan":
		return 1e4, nil
	case "yi":
		return 1e8, nil
	}
	return 0, fmt.Errorf("unit %q: want yuan, wan or yi", unit)
}

// input is what the workbook is made from, taken from a reports.Saved.
type input struct {
	dir      string
	sum      *reports.Summary // nil in a sweep directory without summary.json
	meta     *reports.RunMeta // nil without run.json
	params   []param          // nil without scenario.yaml
	yamlRoot *yaml.Node
	bands    *model.MonthBands  // nil when scenario.yaml has no fund.bands
	groups   []reports.GroupRow // groups.csv's rows (either format); nil when absent
	extras   []extraCSV         // comparison.csv, groups-comparison.csv, breakdown.csv
	sweep    *reports.Table     // sweep.csv, or nil
	cmp      *comparison        // a comparison directory's runs and differences, or nil
	charts   map[string][]byte  // the PNG of each chart drawn, by kind
}

type extraCSV struct {
	sheet string // label id of the sheet name
	name  string // file name
	rows  [][]string
}

// WriteDir reads the output folder dir (reports.Open) and writes its
// workbook, as Write does; the charts it shows are those of dir's charts/.
func WriteDir(dir string, opt Options) error {
	s, err := reports.Open(dir)
	if err != nil {
		return fmt.Errorf("workbook: %w", err)
	}
	return Write(s, opt)
}

// Write writes the workbook of the saved output s — its summary,
// scenario.yaml, groups.csv, run.json and, when present, comparison.csv,
// groups-comparison.csv, breakdown.csv, sweep.csv and the charts' images —
// atomically as report.xlsx in opt.Out (s.Dir when empty). It reads no
// file. A sweep directory (sweep.csv without summary.json) gets a workbook
// that starts with the Sweep sheet. Every number in the workbook is one of
// the saved files', amounts divided by the unit of opt and nothing else. An
// error names the file that is missing or bad.
func Write(s *reports.Saved, opt Options) (err error) {
	dir := s.Dir
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("workbook %s: internal error: %v", dir, r)
		}
	}()
	if opt.Lang == "" {
		opt.Lang = "en"
	}
	if opt.Unit == "" {
		opt.Unit = "yi"
	}
	lang, err := langIndex(opt.Lang)
	if err != nil {
		return fmt.Errorf("workbook: %w", err)
	}
	scale, err := unitScale(opt.Unit)
	if err != nil {
		return fmt.Errorf("workbook: %w", err)
	}
	in, err := inputOf(s)
	if err != nil {
		return err
	}
	f := excelize.NewFile()
	defer f.Close()
	b := &builder{f: f, t: tr{lang}, unit: opt.Unit, scale: scale, in: in, titles: opt.KeyTitle}
	if err := b.build(); err != nil {
		return fmt.Errorf("workbook %s: %w", dir, err)
	}
	// excelize adds the image types of a picture in map order: sort them,
	// so that the same files always give the same bytes.
	if ct := f.ContentTypes; ct != nil {
		sort.SliceStable(ct.Defaults, func(i, j int) bool { return ct.Defaults[i].Extension < ct.Defaults[j].Extension })
	}
	out := opt.Out
	if out == "" {
		out = dir
	}
	return reports.WriteFileAtomic(filepath.Join(out, reports.WorkbookFile), func(w io.Writer) error {
		_, err := f.WriteTo(w)
		return err
	})
}

// inputOf takes the inputs of the workbook from s.
func inputOf(s *reports.Saved) (*input, error) {
	dir := s.Dir
	in := &input{dir: dir, sweep: s.Sweep, meta: s.Meta, charts: s.Charts}
	// A comparison directory keeps its runs in runs/K-NAME/: the workbook
	// reports the last scenario compared, with the comparison sheets.
	run := s
	if s.Summary == nil && s.Comparison != nil {
		if len(s.Runs) > 0 {
			run = s.Runs[len(s.Runs)-1]
		}
		if len(s.Runs) > 1 {
			c, err := comparisonOf(s)
			if err != nil {
				return nil, err
			}
			in.cmp = c
		}
	}
	in.sum = run.Summary
	if in.sum == nil && in.sweep == nil {
		return nil, fmt.Errorf("workbook: %s has neither %s nor %s: not a run or sweep directory", dir, reports.SummaryFile, reports.SweepFile)
	}

	if run.Scenario != nil {
		ps, root, err := parseParams(run.Scenario)
		if err != nil {
			return nil, fmt.Errorf("workbook: %s: %w", filepath.Join(run.Dir, reports.ScenarioFile), err)
		}
		in.params, in.yamlRoot = ps, root
		var mb model.MonthBands
		ok := true
		for _, b := range []struct {
			key string
			v   *float64
		}{{"insufficient", &mb.Insufficient}, {"warning", &mb.Warning}, {"reasonable_max", &mb.ReasonableMax}, {"excess", &mb.Excess}} {
			v, found := lookupFloat(root, "fund", "bands", b.key)
			if !found {
				ok = false
				break
			}
			*b.v = v
		}
		if ok {
			in.bands = &mb
		}
	}
	if in.sum != nil {
		in.groups = run.Groups
	}
	for _, x := range []struct {
		sheet string
		t     *reports.Table
	}{
		{"sheet.comparison", s.Comparison},
		{"sheet.groupscmp", s.GroupsComparison},
		{"sheet.breakdown", s.Breakdown},
	} {
		if x.t == nil {
			continue
		}
		rows, err := records(x.t)
		if err != nil {
			return nil, err
		}
		in.extras = append(in.extras, extraCSV{sheet: x.sheet, name: filepath.Base(x.t.Path), rows: rows})
	}
	return in, nil
}

// records returns the header and rows of the CSV file t, which must have
// a header.
func records(t *reports.Table) ([][]string, error) {
	if t.Header == nil {
		return nil, fmt.Errorf("workbook: %s: empty file, want a header", t.Path)
	}
	return t.Records(), nil
}

// defined reports whether v is a number (not an undefined value).
func defined(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
