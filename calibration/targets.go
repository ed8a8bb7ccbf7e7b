package calibration

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"simulate/model"
)

// LocalItems are the items a local targets file may hold: the national
// Mappings and the other items docs/model.md section 5 maps, which the
// national data do not calibrate (pooled and account expenditure, the
// total balance, admissions). Each Mapping's Scale is the unit of the
// national file; a local file states its own unit (Units).
var LocalItems = append(localMappings(), []Mapping{
	{Item: "balance_total", Metrics: []model.Metric{model.PoolBalance, model.AccountBalance}, Scale: 1e8, Tolerance: 0.03},
	{Item: "admissions", Metrics: []model.Metric{model.Admissions}, Scale: 1e4, Tolerance: 0.03},
}...)

// localMappings returns the national Mappings a local figure of one year
// can use: not the lines without data, nor the spans over several years
// (the national outpatient pooling figure "to August 2023").
func localMappings() []Mapping {
	var out []Mapping
	for _, m := range Mappings {
		if !m.NoData && m.From == 0 {
			out = append(out, m)
		}
	}
	return out
}

// LocalItem returns the mapping of item among LocalItems.
func LocalItem(item string) (Mapping, bool) {
	i := slices.IndexFunc(LocalItems, func(m Mapping) bool { return m.Item == item })
	if i < 0 {
		return Mapping{}, false
	}
	return LocalItems[i], true
}

// Unit is a unit a targets file may state: how many of the metric's unit
// (yuan, persons, …) one of it is.
type Unit struct {
	Name   string
	Metric model.Unit
	Factor float64
}

// Units are the units a targets file may state, by the unit of the metric
// they measure. "10k yuan" (万元) is the unit of most local fund
// statements, "100m yuan" (亿元) and "10k persons" (万人) those of the
// national bulletins.
var Units = []Unit{
	{"yuan", model.Yuan, 1},
	{"10k yuan", model.Yuan, 1e4},
	{"100m yuan", model.Yuan, 1e8},
	{"persons", model.Persons, 1},
	{"10k persons", model.Persons, 1e4},
	{"admissions", model.Count, 1},
	{"10k admissions", model.Count, 1e4},
	{"ratio", model.Ratio, 1},
	{"admissions per participant", model.Ratio, 1},
}

// LocalTarget is one row of a targets file: the record, its line in the
// file, the item's mapping and the factor of the row's unit.
type LocalTarget struct {
	Record
	File   string
	Line   int
	Map    Mapping
	Factor float64 // one of the row's unit in the metric's unit (1e8 for 100m yuan)
}

// Where returns "FILE:LINE" of the row.
func (t LocalTarget) Where() string { return fmt.Sprintf("%s:%d", t.File, t.Line) }

// TargetsHeader is the header line of a targets file, the project's data
// format (docs/sources/data/uebmi-national.csv).
const TargetsHeader = "year,item,value,unit,status,source,note"

// ReadTargets parses a targets file named file: lines starting with # are
// comments, then the header TargetsHeader, then one row per figure. Every
// problem is reported, each as FILE:LINE: message, joined: a row that is not
// seven fields, a year or value that is not a number, a value of 0 (errors
// are relative), an unknown item (the message lists LocalItems), a unit that
// does not measure the item (it lists the units that do) and a second row of
// the same year and item.
func ReadTargets(file string, data []byte) ([]LocalTarget, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.Comment = '#'
	r.FieldsPerRecord = -1
	var errs []error
	bad := func(line int, format string, a ...any) {
		errs = append(errs, fmt.Errorf("%s:%d: %s", file, line, fmt.Sprintf(format, a...)))
	}
	header, err := r.Read()
	if err == io.EOF {
		return nil, fmt.Errorf("%s: no header: want %s", file, TargetsHeader)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	if line, _ := r.FieldPos(0); strings.Join(header, ",") != TargetsHeader {
		return nil, fmt.Errorf("%s:%d: header %q: want %s", file, line, strings.Join(header, ","), TargetsHeader)
	}
	var out []LocalTarget
	seen := map[[2]string]int{}
	for {
		f, err := r.Read()
		if err == io.EOF {
			break
		}
		line, _ := r.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				bad(pe.Line, "%v", pe.Err)
				continue
			}
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		if len(f) != 7 {
			bad(line, "%d fields, want 7 (%s)", len(f), TargetsHeader)
			continue
		}
		t := LocalTarget{File: file, Line: line}
		t.Item, t.Unit, t.Status, t.Source, t.Note = strings.TrimSpace(f[1]), strings.TrimSpace(f[3]), f[4], f[5], f[6]
		ok := true
		if t.Year, err = strconv.Atoi(strings.TrimSpace(f[0])); err != nil {
			bad(line, "year %q is not a whole number", f[0])
			ok = false
		}
		if t.Value, err = strconv.ParseFloat(strings.TrimSpace(f[2]), 64); err != nil || math.IsInf(t.Value, 0) || math.IsNaN(t.Value) {
			bad(line, "%s: value %q is not a number", t.Item, f[2])
			ok = false
		} else if t.Value == 0 {
			bad(line, "%s: value 0: a target must not be 0 (its error is relative)", t.Item)
			ok = false
		}
		m, known := LocalItem(t.Item)
		if !known {
			bad(line, "unknown item %q: the items are %s", t.Item, itemNames())
			continue
		}
		t.Map = m
		u, fits := unitOf(m, t.Unit)
		if !fits {
			bad(line, "%s: unit %q does not measure it: use %s", t.Item, t.Unit, unitsOf(m))
			ok = false
		}
		t.Factor = u.Factor
		key := [2]string{strconv.Itoa(t.Year), t.Item}
		if first, dup := seen[key]; dup && ok {
			bad(line, "%d %s: a second row (the first is line %d)", t.Year, t.Item, first)
			ok = false
		}
		if ok {
			seen[key] = line
			out = append(out, t)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no target rows after the header", file)
	}
	return out, nil
}

// unitOf returns the unit named name if it measures m's metrics.
func unitOf(m Mapping, name string) (Unit, bool) {
	want := model.Metrics[m.Metrics[0]].Unit
	for _, u := range Units {
		if u.Name == name && u.Metric == want {
			return u, true
		}
	}
	return Unit{}, false
}

func unitsOf(m Mapping) string {
	want := model.Metrics[m.Metrics[0]].Unit
	var names []string
	for _, u := range Units {
		if u.Metric == want {
			names = append(names, strconv.Quote(u.Name))
		}
	}
	return strings.Join(names, ", ")
}

func itemNames() string {
	names := make([]string, len(LocalItems))
	for i, m := range LocalItems {
		names[i] = m.Item
	}
	return strings.Join(names, ", ")
}

// WriteTargets writes rows as a targets file: comment lines (each
// prefixed with "# "), the header and one line per row.
func WriteTargets(w io.Writer, comments []string, rows []Record) error {
	var b bytes.Buffer
	for _, c := range comments {
		b.WriteString("# " + c + "\n")
	}
	cw := csv.NewWriter(&b)
	cw.Write(strings.Split(TargetsHeader, ","))
	for _, r := range rows {
		cw.Write([]string{strconv.Itoa(r.Year), r.Item, strconv.FormatFloat(r.Value, 'g', -1, 64), r.Unit, r.Status, r.Source, r.Note})
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}
