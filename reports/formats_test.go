package reports

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"testing"

	"simulate/model"
)

// bandResult returns a result of 4 replications and one year whose group
// all/all has the members and cash (fen) given per replication, burden
// twice the cash, and the group sums of every replication.
func bandResult(name string, members, cash [4]int64) *model.Result {
	res := newResult([]int{2022}, 4)
	res.Scenario = name
	res.Groups = make([]model.GroupYear, model.NumGroups)
	for i := range 4 {
		row := make([]model.GroupSum, model.NumGroups)
		row[0] = model.GroupSum{Members: members[i], CashFen: cash[i], BurdenFen: 2 * cash[i]}
		res.RepGroups = append(res.RepGroups, row)
		g := &res.Groups[0]
		g.Members += members[i]
		g.CashFen += cash[i]
		g.BurdenFen += 2 * cash[i]
	}
	return res
}

func closeTo(got, want float64) bool {
	return math.Abs(got-want) <= 1e-12*math.Max(1, math.Abs(want))
}

// findGroup returns the row of rows with the given metric and stat.
func findGroup(t *testing.T, rows []GroupRow, metric, stat string) GroupRow {
	t.Helper()
	for _, r := range rows {
		if r.Metric == metric && r.Stat == stat {
			return r
		}
	}
	t.Fatalf("no row %s %s", metric, stat)
	return GroupRow{}
}

// TestGroupBands checks groups.csv's bands against a hand computation: 4
// replications of (members, cash fen) (100, 10000), (200, 30000), (100,
// 20000), (100, 10000): pooled mean M = 70000/500 = 140 fen; the ratio
// estimator's linearised values zᵢ = (Cᵢ − M·Nᵢ)/ΣN = −8, 4, 12, −8 fen,
// variance 4/3·Σz² = 384 fen², se √384 fen; the interval M ± t₃·se; the
// replications' means 1, 1.5, 2, 1 yuan, P5 1 and P95 1.925 (type 7).
// Then groups-comparison.csv against a scenario with cash 12000, 30000,
// 26000, 10000 (M 156 fen): paired z = 0.8, −6.4, 8.8, −3.2 fen, variance
// 4/3·129.28; the replications' differences 0.2, 0, 0.6, 0 yuan, P5 0 and
// P95 0.54.
func TestGroupBands(t *testing.T) {
	base := bandResult("base", [4]int64{100, 200, 100, 100}, [4]int64{10000, 30000, 20000, 10000})
	dir := t.TempDir()
	if err := WriteRun(dir, base, Summarize(base, testBands), RunMeta{}, nil, true); err != nil {
		t.Fatal(err)
	}
	rows, err := ReadGroups(filepath.Join(dir, "groups.csv"))
	if err != nil {
		t.Fatal(err)
	}
	t3 := 3.182446305284263 // Student's t, 3 degrees of freedom, 0.975
	se := math.Sqrt(384) / 100
	mean := findGroup(t, rows, "cash", "mean")
	if mean.Kind != GroupAll || mean.Group != "all" || mean.AgeBand != "all" || mean.Year != 2022 {
		t.Errorf("first row = %+v, want all/all/all in 2022", mean)
	}
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"mean", mean.Value, 1.4}, {"se", mean.SE, se}, {"lo", mean.Lo, 1.4 - t3*se}, {"hi", mean.Hi, 1.4 + t3*se},
		{"mean_p05", findGroup(t, rows, "cash", "mean_p05").Value, 1},
		{"mean_p95", findGroup(t, rows, "cash", "mean_p95").Value, 1.925},
		{"burden se", findGroup(t, rows, "burden", "mean").SE, 2 * se},
	} {
		if !closeTo(c.got, c.want) {
			t.Errorf("cash %s = %v, want %v", c.name, c.got, c.want)
		}
	}
	if p90 := findGroup(t, rows, "cash", "p90"); !math.IsNaN(p90.SE) || !math.IsNaN(p90.Lo) {
		t.Errorf("p90 row has a band: %+v", p90)
	}

	// The replications' group sums read back exactly.
	b, err := os.ReadFile(filepath.Join(dir, "groups-replications.csv"))
	if err != nil {
		t.Fatal(err)
	}
	back, err := ParseGroupReplications("groups-replications.csv", bytes.NewReader(b), base.Years, base.Reps)
	if err != nil {
		t.Fatal(err)
	}
	for i := range back {
		for g := range back[i] {
			if back[i][g] != base.RepGroups[i][g] {
				t.Fatalf("replication %d group %d reads back %+v, want %+v", i, g, back[i][g], base.RepGroups[i][g])
			}
		}
	}

	scen := bandResult("scen", [4]int64{100, 200, 100, 100}, [4]int64{12000, 30000, 26000, 10000})
	var buf bytes.Buffer
	if err := WriteGroupsComparisonCSV(&buf, true, base, scen); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "groups-comparison.csv")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	rows, err = ReadGroups(p)
	if err != nil {
		t.Fatal(err)
	}
	d := findGroup(t, rows, "cash", "mean")
	seD := math.Sqrt(4.0/3*129.28) / 100
	if d.Base != "base" || d.Scenario != "scen" {
		t.Errorf("comparison row base, scenario = %q, %q", d.Base, d.Scenario)
	}
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"mean", d.Value, 1.56 - 1.4}, {"se", d.SE, seD}, {"lo", d.Lo, 0.16 - t3*seD}, {"hi", d.Hi, 0.16 + t3*seD},
		{"mean_p05", findGroup(t, rows, "cash", "mean_p05").Value, 0},
		{"mean_p95", findGroup(t, rows, "cash", "mean_p95").Value, 0.54},
	} {
		if !closeTo(c.got, c.want) {
			t.Errorf("difference %s = %v, want %v", c.name, c.got, c.want)
		}
	}

	// Without the replications' sums (a run merged from earlier shards)
	// the means are written, with empty bands and no percentile rows.
	base.RepGroups = nil
	buf.Reset()
	if err := WriteGroupsComparisonCSV(&buf, true, base, scen); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if rows, err = ReadGroups(p); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || !math.IsNaN(rows[0].SE) || !closeTo(rows[0].Value, 0.16) {
		t.Errorf("without group sums: %+v, want two means without bands", rows)
	}
}

// TestReadEarlierFormats reads the files of the earlier format: groups.csv
// and groups-comparison.csv with one status column, and a solvency.csv
// with the event years among its rows.
func TestReadEarlierFormats(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	groups := write("groups.csv", "scenario,year,status,age_band,metric,stat,value\n"+
		"s,2022,all,all,cash,mean,308.64\ns,2022,retired,60-69,cash,p90,1.04\ns,2022,base_q3,all,burden,mean,\n")
	cmp := write("groups-comparison.csv", "base,scenario,year,status,age_band,metric,stat,value\nb,s,2031,flexible,20-29,burden,mean,-12.5\n")
	rows, err := ReadGroups(groups)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ kind, group, label, band, stat string }{
		{GroupAll, "all", "all", "all", "mean"}, {GroupStatus, "retired", "retired", "60-69", "p90"}, {GroupBaseQuintile, "q3", "base_q3", "all", "mean"},
	}
	if len(rows) != len(want) {
		t.Fatalf("%d rows, want %d", len(rows), len(want))
	}
	for i, w := range want {
		r := rows[i]
		if r.Kind != w.kind || r.Group != w.group || r.Label() != w.label || r.AgeBand != w.band || r.Stat != w.stat || !math.IsNaN(r.SE) {
			t.Errorf("row %d = %+v, want %v", i, r, w)
		}
	}
	if rows[0].Value != 308.64 || !math.IsNaN(rows[2].Value) {
		t.Errorf("values %v, %v, want 308.64 and NaN (empty)", rows[0].Value, rows[2].Value)
	}
	rows, err = ReadGroups(cmp)
	if err != nil {
		t.Fatal(err)
	}
	if r := rows[0]; r.Base != "b" || r.Scenario != "s" || r.Year != 2031 || r.Kind != GroupStatus || r.Group != "flexible" || r.Value != -12.5 {
		t.Errorf("comparison row = %+v", r)
	}
	write("solvency.csv", "scenario,year,indicator,value,lo,hi\n"+
		"s,2022,p_deficit,0.25,0.04,0.7\n"+
		"s,,first_deficit_year_p05,2022,2022,2023\ns,,first_deficit_year_p50,2023,2022,\ns,,depletion_year_p95,,,\n")
	yearly, events, err := ReadSolvency(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(yearly) != 1 || yearly[0].Indicator != "p_deficit" || yearly[0].Hi != 0.7 {
		t.Errorf("yearly = %+v", yearly)
	}
	wantEv := []SolvencyEvent{
		{"s", "first_deficit_year", "p05", 2022, 2022, 2023, true},
		{"s", "first_deficit_year", "p50", 2023, 2022, 0, true},
		{"s", "depletion_year", "p95", 0, 0, 0, false},
	}
	if len(events) != len(wantEv) {
		t.Fatalf("events = %+v, want %+v", events, wantEv)
	}
	for i := range wantEv {
		if events[i] != wantEv[i] {
			t.Errorf("event %d = %+v, want %+v", i, events[i], wantEv[i])
		}
	}
	for _, bad := range []string{"scenario,year,kind,value\n", "base,scenario,year,group,value\n"} {
		if _, err := ReadGroups(write("bad.csv", bad)); err == nil {
			t.Errorf("ReadGroups(%q) = nil error, want a header error", bad)
		}
	}
}

// TestReadSolvencyCurrent reads back the solvency files WriteRun writes:
// the same shares and event years as the summary.
func TestReadSolvencyCurrent(t *testing.T) {
	res := solvencyResult()
	sum := Summarize(res, testBands)
	dir := t.TempDir()
	if err := WriteRun(dir, res, sum, RunMeta{}, nil, false); err != nil {
		t.Fatal(err)
	}
	yearly, events, err := ReadSolvency(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(yearly), 5*len(res.Years); got != want {
		t.Errorf("%d yearly rows, want %d", got, want)
	}
	sv := sum.Solvency
	want := []SolvencyEvent{
		{res.Scenario, "first_deficit_year", "p05", sv.FirstDeficitYear.P05, sv.FirstDeficitYearCI.Lo[0], sv.FirstDeficitYearCI.Hi[0], true},
		{res.Scenario, "first_deficit_year", "p50", sv.FirstDeficitYear.P50, sv.FirstDeficitYearCI.Lo[1], sv.FirstDeficitYearCI.Hi[1], true},
		{res.Scenario, "first_deficit_year", "p95", sv.FirstDeficitYear.P95, sv.FirstDeficitYearCI.Lo[2], sv.FirstDeficitYearCI.Hi[2], true},
		{res.Scenario, "depletion_year", "p05", sv.DepletionYear.P05, sv.DepletionYearCI.Lo[0], sv.DepletionYearCI.Hi[0], true},
		{res.Scenario, "depletion_year", "p50", sv.DepletionYear.P50, sv.DepletionYearCI.Lo[1], sv.DepletionYearCI.Hi[1], true},
		{res.Scenario, "depletion_year", "p95", sv.DepletionYear.P95, sv.DepletionYearCI.Lo[2], sv.DepletionYearCI.Hi[2], true},
	}
	if len(events) != len(want) {
		t.Fatalf("events = %+v, want %+v", events, want)
	}
	for i := range want {
		if events[i] != want[i] {
			t.Errorf("event %d = %+v, want %+v", i, events[i], want[i])
		}
	}
}
