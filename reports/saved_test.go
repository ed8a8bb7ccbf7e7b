package reports

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"simulate/model"
)

// writeTestFile writes text into dir/name, creating the folders on the way.
func writeTestFile(t *testing.T, dir, name, text string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// writeTestRun writes a run of WriteRun into dir with the resolved
// scenario yaml.
func writeTestRun(t *testing.T, dir, name, yaml string) *Summary {
	t.Helper()
	res := groupsResult()
	res.Scenario = name
	sum := Summarize(res, testBands)
	if _, err := WriteRun(dir, res, sum, RunMeta{Schema: RunSchema, Scenario: name, Seed: 7}, []byte(yaml), false); err != nil {
		t.Fatal(err)
	}
	return sum
}

// TestOpen reads back a folder of each kind: what every file holds, and
// the kind told by its files.
func TestOpen(t *testing.T) {
	t.Run("run", func(t *testing.T) {
		dir := t.TempDir()
		want := writeTestRun(t, dir, "qiannan", "name: qiannan\n")
		s, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		if s.Kind != KindRun || s.Dir != dir {
			t.Errorf("Kind, Dir = %q, %q, want %q, %q", s.Kind, s.Dir, KindRun, dir)
		}
		if s.Summary == nil || s.Summary.Scenario != "qiannan" || len(s.Summary.Metrics) != len(want.Metrics) {
			t.Errorf("Summary = %+v, want the run's", s.Summary)
		}
		if s.Meta == nil || s.Meta.Scenario != "qiannan" || s.Meta.Seed != 7 {
			t.Errorf("Meta = %+v, want run.json's", s.Meta)
		}
		if string(s.Scenario) != "name: qiannan\n" {
			t.Errorf("Scenario = %q, want scenario.yaml's", s.Scenario)
		}
		groups, err := ReadGroups(filepath.Join(dir, GroupsFile))
		if err != nil {
			t.Fatal(err)
		}
		if len(s.Groups) == 0 || len(s.Groups) != len(groups) {
			t.Errorf("%d group rows, want groups.csv's %d", len(s.Groups), len(groups))
		}
		if s.Years == nil || !slices.Equal(s.Years.Header, yearsColumnsForTest(t, dir)) || len(s.Years.Rows) == 0 || s.Years.Lines[0] != 2 {
			t.Errorf("Years = %+v, want years.csv with its lines", s.Years)
		}
		if s.Caption() != s.Summary {
			t.Error("Caption() is not the run's summary")
		}
		if s.Comparison != nil || s.Sweep != nil || s.Runs != nil || s.Points != nil || s.Tornado != nil {
			t.Error("a run with a comparison's, sweep's or sensitivity's files")
		}
	})
	t.Run("comparison", func(t *testing.T) {
		dir := t.TempDir()
		// Ordered by K, not by name: 10 after 2.
		for _, r := range []struct {
			k    int
			name string
		}{{10, "c"}, {0, "base"}, {2, "b"}} {
			writeTestRun(t, filepath.Join(dir, filepath.FromSlash(RunDir(r.k, r.name))), r.name, "name: "+r.name+"\n")
		}
		writeTestFile(t, dir, ComparisonFile, "base,scenario,year,metric\nbase,b,2022,pool_balance\nbase,c,2022,pool_balance\n")
		writeTestFile(t, dir, GroupsComparisonFile, "base,scenario\n")
		s, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		if s.Kind != KindComparison || s.Summary != nil {
			t.Errorf("Kind = %q, Summary %v, want %q without a summary", s.Kind, s.Summary, KindComparison)
		}
		var names []string
		for _, r := range s.Runs {
			names = append(names, r.Summary.Scenario+":"+strings.TrimSpace(string(r.Scenario)))
		}
		if got, want := strings.Join(names, " "), "base:name: base b:name: b c:name: c"; got != want {
			t.Errorf("runs %q, want %q", got, want)
		}
		if s.Caption() != s.Runs[0].Summary {
			t.Error("Caption() is not the base run's summary")
		}
		if c := s.Comparison; c == nil || len(c.Rows) != 2 || c.Rows[1][1] != "c" || c.Lines[1] != 3 {
			t.Errorf("Comparison = %+v", c)
		}
		if g := s.GroupsComparison; g == nil || len(g.Header) != 2 || len(g.Rows) != 0 {
			t.Errorf("GroupsComparison = %+v, want a header only", g)
		}
		if s.Breakdown != nil {
			t.Error("a breakdown without breakdown.csv")
		}
	})
	t.Run("sweep", func(t *testing.T) {
		dir := t.TempDir()
		writeTestFile(t, dir, SweepFile, "point,outpatient.cap\n0,1000\n1,2000\n")
		writeTestFile(t, dir, ScenarioFile, "name: base\n")
		for i := range 2 {
			pd := filepath.Join(dir, filepath.FromSlash(PointDir(i)))
			writeTestRun(t, pd, "base", "")
			os.Remove(filepath.Join(pd, ScenarioFile))
		}
		s, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		if s.Kind != KindSweep || s.Summary != nil || string(s.Scenario) != "name: base\n" {
			t.Errorf("Kind = %q, Summary %v, Scenario %q", s.Kind, s.Summary, s.Scenario)
		}
		if len(s.Points) != 2 || s.Point(1) == nil || s.Point(1).Solvency == nil || s.Point(2) != nil {
			t.Fatalf("Points = %+v, want 0 and 1 with their solvency.csv", s.Points)
		}
		if s.Points[0].Summary == nil || s.Points[1].Summary != nil || s.Caption() != s.Points[0].Summary {
			t.Error("want the summary of the first point only, as the caption")
		}
		if h := s.Point(0).Solvency.Header; !slices.Equal(h, []string{"scenario", "year", "indicator", "value", "lo", "hi"}) {
			t.Errorf("point 0's solvency.csv header %v", h)
		}
	})
	t.Run("sensitivity", func(t *testing.T) {
		dir := t.TempDir()
		writeTestFile(t, dir, TornadoFile, "key,low_value\nx,1\n")
		writeTestFile(t, dir, MorrisFile, "")
		s, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		if s.Kind != KindSensitivity || s.Tornado == nil || len(s.Tornado.Rows) != 1 || s.Morris == nil || s.Morris.Header != nil {
			t.Errorf("Kind = %q, Tornado %+v, Morris %+v", s.Kind, s.Tornado, s.Morris)
		}
		if s.Caption() != nil {
			t.Error("a caption without any summary")
		}
	})
	t.Run("earlier format", func(t *testing.T) {
		// groups.csv with one status column, a summary of schema v1, a
		// solvency.csv holding the event years.
		dir := t.TempDir()
		writeTestFile(t, dir, GroupsFile, "scenario,year,status,age_band,metric,stat,value\ns,2022,base_q3,all,burden,mean,12\n")
		writeTestFile(t, dir, SummaryFile, `{"schema":"simulate/summary/v1","scenario":"s","years":[2022],"metrics":{},"solvency":{"p_deficit":[0],"p_depleted":[0],"p_insufficient":[0],"p_below_warning":[0],"p_excess":[0]}}`)
		writeTestFile(t, dir, SolvencyFile, "scenario,year,indicator,value,lo,hi\ns,2022,p_deficit,0.25,,\ns,,depletion_year_p95,,,\n")
		s, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		if s.Kind != KindRun || s.Summary.Scenario != "s" || len(s.Groups) != 1 || s.Groups[0].Label() != "base_q3" || s.Groups[0].Value != 12 {
			t.Errorf("Kind %q, Summary %+v, Groups %+v", s.Kind, s.Summary, s.Groups)
		}
	})
	t.Run("empty", func(t *testing.T) {
		s, err := Open(t.TempDir())
		if err != nil || s.Kind != "" {
			t.Errorf("Open(empty) = %+v, %v, want no kind and no error", s, err)
		}
	})
}

// TestOpenErrors checks that a file that cannot be read is named.
func TestOpenErrors(t *testing.T) {
	for _, tc := range []struct{ name, file, text, want string }{
		{"bad summary", SummaryFile, "{not json", SummaryFile},
		{"bad run.json", RunMetaFile, "[", RunMetaFile},
		{"bad groups", GroupsFile, "scenario,year,kind\n", GroupsFile + ":1: header"},
		{"ragged csv", ComparisonFile, "a,b\n1\n", "line 2: wrong number of fields"},
		{"bad quote", SweepFile, "point\n\"0\n", SweepFile},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeTestFile(t, dir, tc.file, tc.text)
			if _, err := Open(dir); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Open error = %v, want one naming %q", err, tc.want)
			}
		})
	}
	if _, err := Open(filepath.Join(t.TempDir(), "missing")); !os.IsNotExist(err) {
		t.Errorf("Open(missing) error = %v, want not exist", err)
	}
	f := filepath.Join(t.TempDir(), "file")
	writeTestFile(t, filepath.Dir(f), "file", "x")
	if _, err := Open(f); err == nil || !strings.Contains(err.Error(), "not a directory") {
		t.Errorf("Open(file) error = %v, want not a directory", err)
	}
}

// TestParseTable checks the lines of the rows and an empty file.
func TestParseTable(t *testing.T) {
	tb, err := ParseTable("x.csv", bytes.NewReader([]byte("a,b\n1,\"2\n3\"\n4,5\n")))
	if err != nil {
		t.Fatal(err)
	}
	if len(tb.Rows) != 2 || tb.Rows[0][1] != "2\n3" || tb.Lines[0] != 2 || tb.Lines[1] != 4 {
		t.Errorf("table = %+v, want rows at lines 2 and 4", tb)
	}
	if got := tb.Records(); len(got) != 3 || got[0][0] != "a" {
		t.Errorf("Records() = %v", got)
	}
	if tb, err := ParseTable("e.csv", bytes.NewReader(nil)); err != nil || tb.Header != nil || tb.Records() != nil {
		t.Errorf("ParseTable(empty) = %+v, %v, want no header", tb, err)
	}
}

// yearsColumnsForTest returns the header of dir's years.csv.
func yearsColumnsForTest(t *testing.T, dir string) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, YearsFile))
	if err != nil {
		t.Fatal(err)
	}
	line, _, _ := strings.Cut(string(b), "\n")
	return strings.Split(line, ",")
}

// sameValue reports whether a and b are deeply equal, taking a NaN equal
// to a NaN (a summary holds NaN for what a run could not estimate).
func sameValue(a, b reflect.Value) bool {
	if a.Kind() != b.Kind() || a.Type() != b.Type() {
		return false
	}
	switch a.Kind() {
	case reflect.Float32, reflect.Float64:
		x, y := a.Float(), b.Float()
		return x == y || (math.IsNaN(x) && math.IsNaN(y))
	case reflect.Pointer, reflect.Interface:
		if a.IsNil() || b.IsNil() {
			return a.IsNil() == b.IsNil()
		}
		return sameValue(a.Elem(), b.Elem())
	case reflect.Slice:
		if a.IsNil() != b.IsNil() || a.Len() != b.Len() {
			return false
		}
		for i := range a.Len() {
			if !sameValue(a.Index(i), b.Index(i)) {
				return false
			}
		}
		return true
	case reflect.Array:
		for i := range a.Len() {
			if !sameValue(a.Index(i), b.Index(i)) {
				return false
			}
		}
		return true
	case reflect.Map:
		if a.IsNil() != b.IsNil() || a.Len() != b.Len() {
			return false
		}
		for _, k := range a.MapKeys() {
			v := b.MapIndex(k)
			if !v.IsValid() || !sameValue(a.MapIndex(k), v) {
				return false
			}
		}
		return true
	case reflect.Struct:
		for i := range a.NumField() {
			if !sameValue(a.Field(i), b.Field(i)) {
				return false
			}
		}
		return true
	default:
		if !a.CanInterface() {
			return reflect.DeepEqual(fmt.Sprint(a), fmt.Sprint(b))
		}
		return reflect.DeepEqual(a.Interface(), b.Interface())
	}
}

// TestWrittenIsOpened checks that what WriteRun and NewComparison return,
// from which a run's and a comparison's workbook and charts are made in
// memory, is the value Open reads back from the files they wrote: the
// report of a fresh output and "simulate report DIR" are made from the same
// thing.
func TestWrittenIsOpened(t *testing.T) {
	check := func(t *testing.T, written *Saved, dir string) {
		t.Helper()
		opened, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		if !sameValue(reflect.ValueOf(written), reflect.ValueOf(opened)) {
			t.Errorf("written:\n%+v\nopened:\n%+v", *written, *opened)
		}
	}
	meta := RunMeta{Schema: RunSchema, Scenario: "base", Seed: 7, Start: time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC)}
	base, scenario := groupsResult(), groupsResult()
	base.Scenario, scenario.Scenario = "base", "reform"
	t.Run("run", func(t *testing.T) {
		dir := t.TempDir()
		for _, keep := range []bool{false, true} {
			s, err := WriteRun(dir, base, Summarize(base, testBands), meta, []byte("name: base\n"), keep)
			if err != nil {
				t.Fatal(err)
			}
			check(t, s, dir)
		}
	})
	t.Run("run without a scenario", func(t *testing.T) {
		dir := t.TempDir()
		s, err := WriteRun(dir, base, Summarize(base, testBands), RunMeta{}, nil, false)
		if err != nil {
			t.Fatal(err)
		}
		check(t, s, dir)
	})
	t.Run("comparison", func(t *testing.T) {
		dir := t.TempDir()
		var runs []*Saved
		for i, res := range []*model.Result{base, scenario} {
			s, err := WriteRun(filepath.Join(dir, filepath.FromSlash(RunDir(i, res.Scenario))), res, Summarize(res, testBands), meta, []byte("name: "+res.Scenario+"\n"), false)
			if err != nil {
				t.Fatal(err)
			}
			runs = append(runs, s)
		}
		diff, err := Paired(base, scenario)
		if err != nil {
			t.Fatal(err)
		}
		var cmp, grp bytes.Buffer
		if err := WriteComparisonCSV(&cmp, true, "base", "reform", Summarize(diff, testBands)); err != nil {
			t.Fatal(err)
		}
		if err := WriteGroupsComparisonCSV(&grp, true, base, scenario); err != nil {
			t.Fatal(err)
		}
		steps := []byte("step,group,metric\n1,credits,pool_income\n")
		for name, b := range map[string][]byte{ComparisonFile: cmp.Bytes(), GroupsComparisonFile: grp.Bytes(), BreakdownFile: steps} {
			writeTestFile(t, dir, name, string(b))
		}
		if err := WriteRunMeta(filepath.Join(dir, RunMetaFile), meta); err != nil {
			t.Fatal(err)
		}
		s, err := NewComparison(dir, meta, runs, cmp.Bytes(), grp.Bytes(), steps)
		if err != nil {
			t.Fatal(err)
		}
		check(t, s, dir)
		// A difference is seen: the check can fail.
		s.Runs[1].Groups[0].Value++
		opened, _ := Open(dir)
		if sameValue(reflect.ValueOf(s), reflect.ValueOf(opened)) {
			t.Error("a changed group mean compares equal")
		}
	})
}
