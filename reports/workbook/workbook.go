package workbook

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

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
	// Out is the folder WriteDir writes report.xlsx into; empty means the
	// folder it reads.
	Out string
	// KeyTitle returns the title, in lang, of a scenario key path (a
	// sweep's varied keys, a comparison's changed keys) with its unit,
	// from the parameter reference; ok false or a nil KeyTitle: the path.
	KeyTitle func(path, lang string) (title string, ok bool)
}

// FileName is the name of the workbook WriteDir writes.
const FileName = "report.xlsx"

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

// input is what WriteDir reads from a run or sweep directory.
type input struct {
	dir      string
	sum      *reports.Summary // nil in a sweep directory without summary.json
	meta     *reports.RunMeta // nil without run.json
	params   []param          // nil without scenario.yaml
	yamlRoot *yaml.Node
	bands    *model.MonthBands  // nil when scenario.yaml has no fund.bands
	groups   []reports.GroupRow // groups.csv's rows (either format); nil when absent
	extras   []extraCSV         // comparison.csv, groups-comparison.csv, breakdown.csv
	sweep    string             // path of sweep.csv, or ""
	cmp      *comparison        // a comparison directory's runs and differences, or nil
}

type extraCSV struct {
	sheet string // label id of the sheet name
	name  string // file name
	rows  [][]string
}

// WriteDir reads the saved files of the run directory dir — summary.json,
// scenario.yaml, groups.csv, run.json and, when present, comparison.csv,
// groups-comparison.csv, breakdown.csv and sweep.csv — and writes
// dir/report.xlsx atomically. A sweep directory (sweep.csv without
// summary.json) gets a workbook that starts with the Sweep sheet. Every
// number in the workbook is one of the saved files', amounts divided by the
// unit of opt and nothing else. An error names the file that is missing or
// bad.
func WriteDir(dir string, opt Options) (err error) {
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
	in, err := readDir(dir)
	if err != nil {
		return err
	}
	f := excelize.NewFile()
	defer f.Close()
	b := &builder{f: f, t: tr{lang}, unit: opt.Unit, scale: scale, in: in, out: opt.Out, titles: opt.KeyTitle}
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
	return reports.WriteFileAtomic(filepath.Join(out, FileName), func(w io.Writer) error {
		_, err := f.WriteTo(w)
		return err
	})
}

// runIndex returns K of a comparison's runs/K-NAME/summary.json.
func runIndex(p string) int {
	name := filepath.Base(filepath.Dir(p))
	k, _, _ := strings.Cut(name, "-")
	n, err := strconv.Atoi(k)
	if err != nil {
		return -1
	}
	return n
}

// readDir reads the inputs of the workbook from dir.
func readDir(dir string) (*input, error) {
	in := &input{dir: dir}
	path := func(name string) string { return filepath.Join(dir, name) }
	exists := func(name string) (bool, error) {
		_, err := os.Stat(path(name))
		if err == nil {
			return true, nil
		}
		if errors.Is(err, fs.ErrNotExist) {
			return false, nil
		}
		return false, fmt.Errorf("workbook: %w", err)
	}
	if st, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("workbook: %w", err)
	} else if !st.IsDir() {
		return nil, fmt.Errorf("workbook: %s is not a directory", dir)
	}
	hasSweep, err := exists("sweep.csv")
	if err != nil {
		return nil, err
	}
	if hasSweep {
		in.sweep = path("sweep.csv")
	}
	hasSummary, err := exists("summary.json")
	if err != nil {
		return nil, err
	}
	// A comparison directory keeps its runs in runs/K-NAME/: the workbook
	// reports the last scenario compared, with the comparison sheets.
	runPath := path
	if hasCmp, _ := exists("comparison.csv"); !hasSummary && hasCmp {
		runs, _ := filepath.Glob(filepath.Join(dir, "runs", "*", "summary.json"))
		sort.Slice(runs, func(i, j int) bool { return runIndex(runs[i]) < runIndex(runs[j]) })
		if len(runs) > 0 {
			last := filepath.Dir(runs[len(runs)-1])
			runPath = func(name string) string { return filepath.Join(last, name) }
			hasSummary = true
		}
		if len(runs) > 1 {
			c, err := readComparison(dir)
			if err != nil {
				return nil, err
			}
			in.cmp = c
		}
	}
	switch {
	case hasSummary:
		s, err := reports.ReadSummary(runPath("summary.json"))
		if err != nil {
			return nil, fmt.Errorf("workbook: read summary: %w", err)
		}
		in.sum = s
	case !hasSweep:
		return nil, fmt.Errorf("workbook: %s has neither summary.json nor sweep.csv: not a run or sweep directory", dir)
	}

	if _, err := os.Stat(runPath("scenario.yaml")); err == nil {
		data, err := os.ReadFile(runPath("scenario.yaml"))
		if err != nil {
			return nil, fmt.Errorf("workbook: %w", err)
		}
		ps, root, err := parseParams(data)
		if err != nil {
			return nil, fmt.Errorf("workbook: %s: %w", runPath("scenario.yaml"), err)
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

	if ok, err := exists("run.json"); err != nil {
		return nil, err
	} else if ok {
		data, err := os.ReadFile(path("run.json"))
		if err != nil {
			return nil, fmt.Errorf("workbook: %w", err)
		}
		var m reports.RunMeta
		if err := json.Unmarshal(data, &m); err != nil {
			return nil, fmt.Errorf("workbook: %s: %w", path("run.json"), err)
		}
		in.meta = &m
	}

	if in.sum != nil {
		if _, err := os.Stat(runPath("groups.csv")); err == nil {
			rows, err := reports.ReadGroups(runPath("groups.csv"))
			if err != nil {
				return nil, fmt.Errorf("workbook: %w", err)
			}
			in.groups = rows
		}
	}
	for _, x := range []struct{ sheet, name string }{
		{"sheet.comparison", "comparison.csv"},
		{"sheet.groupscmp", "groups-comparison.csv"},
		{"sheet.breakdown", "breakdown.csv"},
	} {
		ok, err := exists(x.name)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		rows, err := readCSV(path(x.name), nil)
		if err != nil {
			return nil, err
		}
		in.extras = append(in.extras, extraCSV{sheet: x.sheet, name: x.name, rows: rows})
	}
	return in, nil
}

// readCSV reads a whole CSV file, checking its header when want is given.
func readCSV(path string, want []string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("workbook: %w", err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = 0
	rows, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("workbook: %s: %w", path, err)
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("workbook: %s: empty file, want a header", path)
	}
	if want != nil && !slices.Equal(rows[0], want) {
		return nil, fmt.Errorf("workbook: %s: header %v, want %v", path, rows[0], want)
	}
	return rows, nil
}

// defined reports whether v is a number (not an undefined value).
func defined(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
