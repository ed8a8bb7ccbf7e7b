package reports

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"simulate/model"
)

var testBands = model.MonthBands{Insufficient: 3, Warning: 6, ReasonableMax: 9, Excess: 15}

// newResult returns a hand-made Result over years with reps replications.
// Every metric m of replication i in year index y is 1000·m + 10·y + i
// unless set otherwise; Groups are empty.
func newResult(years []int, reps int) *model.Result {
	nm := int(model.NumMetrics)
	res := &model.Result{
		Scenario:     "test-scenario",
		Seed:         7,
		Replications: reps,
		Members:      1000,
		Population:   5000,
		Weight:       5,
		Years:        years,
		MemberYears:  float64(1000 * len(years) * reps),
		Seconds:      2,
		Warnings:     []model.Warning{{Kind: model.Weighted, Weight: 5, Insured: 5000}},
	}
	for i := range reps {
		res.Reps = append(res.Reps, i)
		row := make([]float64, len(years)*nm)
		for y := range years {
			for m := range nm {
				row[y*nm+m] = float64(1000*m + 10*y + i)
			}
		}
		res.Values = append(res.Values, row)
	}
	return res
}

func set(res *model.Result, i, y int, m model.Metric, v float64) {
	res.Values[i][y*int(model.NumMetrics)+int(m)] = v
}

// solvencyResult is the Result of TestSolvency: years 2022–2024, four
// replications:
//
//	rep 0: no deficit, balance stays positive;
//	rep 1: deficits in 2023 and 2024, balance −1 in 2023 and back to 5 in 2024;
//	rep 2: deficit in 2022 only;
//	rep 3: deficit in 2024, balance −5 in 2024.
func solvencyResult() *model.Result {
	res := newResult([]int{2022, 2023, 2024}, 4)
	nan := math.NaN()
	income := [4][3]float64{{10, 10, 10}, {10, 5, 5}, {5, 10, 10}, {10, 10, 5}}
	balance := [4][3]float64{{100, 90, 80}, {10, -1, 5}, {50, 50, 50}, {20, 10, -5}}
	months := [4][3]float64{
		{2, 3, nan},   // insufficient; on the insufficient bound (so only below warning)
		{5, 6, nan},   // below warning; on the warning bound (neither)
		{20, 15, nan}, // excess; on the excess bound (not excess)
		{nan, 15.0001, nan},
	}
	for i := range 4 {
		for y := range 3 {
			set(res, i, y, model.PoolIncome, income[i][y])
			set(res, i, y, model.PoolExpenditure, 8)
			set(res, i, y, model.PoolBalance, balance[i][y])
			set(res, i, y, model.PoolMonths, months[i][y])
		}
	}
	return res
}

func TestSolvency(t *testing.T) {
	sum := Summarize(solvencyResult(), testBands)
	sv := sum.Solvency
	tests := []struct {
		name      string
		got, want []float64
	}{
		{"p_deficit", sv.PDeficit, []float64{0.25, 0.25, 0.5}},
		{"p_depleted", sv.PDepleted, []float64{0, 0.25, 0.5}}, // rep 1 stays depleted in 2024
		{"p_insufficient", sv.PInsufficient, []float64{0.25, 0, 0}},
		{"p_below_warning", sv.PBelowWarning, []float64{0.5, 0.25, 0}},
		{"p_excess", sv.PExcess, []float64{0.25, 0.25, 0}},
	}
	for _, tt := range tests {
		if !reflect.DeepEqual(tt.got, tt.want) {
			t.Errorf("%s = %v, want %v", tt.name, tt.got, tt.want)
		}
	}
	// First deficit years sorted: 2022, 2023, 2024, beyond; depletion
	// years: 2023, 2024, beyond, beyond. The ⌈qR⌉-th smallest with R = 4:
	// p05 the 1st, p50 the 2nd, p95 the 4th.
	if want := (YearPercentiles{2022, 2023, 0}); sv.FirstDeficitYear != want {
		t.Errorf("first_deficit_year = %+v, want %+v", sv.FirstDeficitYear, want)
	}
	if want := (YearPercentiles{2023, 2024, 0}); sv.DepletionYear != want {
		t.Errorf("depletion_year = %+v, want %+v", sv.DepletionYear, want)
	}
}

func TestSolvencyNoEvents(t *testing.T) {
	res := newResult([]int{2030}, 3) // all balances positive (filler values)
	for i := range 3 {
		set(res, i, 0, model.PoolIncome, 1)
		set(res, i, 0, model.PoolExpenditure, 1)
	}
	sv := Summarize(res, testBands).Solvency
	if (sv.FirstDeficitYear != YearPercentiles{}) || (sv.DepletionYear != YearPercentiles{}) {
		t.Errorf("year percentiles without events = %+v, %+v, want all undefined", sv.FirstDeficitYear, sv.DepletionYear)
	}
	if sv.PDeficit[0] != 0 {
		t.Errorf("p_deficit with income = expenditure = %v, want 0", sv.PDeficit[0])
	}
}

func TestSummarizeMetrics(t *testing.T) {
	sum := Summarize(solvencyResult(), testBands)
	if len(sum.Metrics) != int(model.NumMetrics) {
		t.Fatalf("%d metrics, want %d", len(sum.Metrics), model.NumMetrics)
	}
	for m, ms := range sum.Metrics {
		if ms.Name != model.Metrics[m].Name || ms.Unit != model.Metrics[m].Unit {
			t.Errorf("metric %d = %s (%s), want %s (%s)", m, ms.Name, ms.Unit, model.Metrics[m].Name, model.Metrics[m].Unit)
		}
	}
	// pool_months 2022: defined values 2, 5, 20 (one NaN excluded).
	pm := sum.Metric("pool_months")
	if pm.Mean[0] != 9 || pm.P50[0] != 5 || pm.P05[0] != 2.3 {
		t.Errorf("pool_months 2022 mean, p50, p05 = %v, %v, %v, want 9, 5, 2.3", pm.Mean[0], pm.P50[0], pm.P05[0])
	}
	// pool_months 2024: all NaN, every statistic undefined.
	for _, v := range []float64{pm.Mean[2], pm.SD[2], pm.SE[2], pm.P05[2], pm.P25[2], pm.P50[2], pm.P75[2], pm.P95[2]} {
		if !math.IsNaN(v) {
			t.Errorf("pool_months 2024 statistic = %v, want NaN (undefined)", v)
		}
	}
	// A filler metric: replication i, year y, metric m is 1000m + 10y + i.
	mc := sum.Metric("member_cash")
	base := float64(1000*int(model.MemberCash) + 10)
	if want := base + 1.5; mc.Mean[1] != want {
		t.Errorf("member_cash 2023 mean = %v, want %v", mc.Mean[1], want)
	}
	if want := math.Sqrt(5.0 / 3); math.Abs(mc.SD[1]-want) > 1e-12 {
		t.Errorf("member_cash 2023 sd = %v, want %v", mc.SD[1], want)
	}
	if sum.Perf.MemberYearsPerSecond != 6000 { // 12000 member-years in 2 s
		t.Errorf("member_years_per_second = %v, want 6000", sum.Perf.MemberYearsPerSecond)
	}
}

func TestSummarizeOneReplication(t *testing.T) {
	res := newResult([]int{2022, 2023, 2024}, 1)
	set(res, 0, 0, model.PoolIncome, 1e9) // no deficit in 2022, then
	set(res, 0, 1, model.PoolIncome, 1)   // deficits from 2023
	set(res, 0, 2, model.PoolBalance, -1)
	sum := Summarize(res, testBands)
	for _, m := range sum.Metrics {
		for y := range sum.Years {
			if m.SD[y] != 0 || m.SE[y] != 0 {
				t.Errorf("%s %d: sd, se = %v, %v with R = 1, want 0, 0", m.Name, sum.Years[y], m.SD[y], m.SE[y])
			}
			v := m.Mean[y]
			if m.P05[y] != v || m.P25[y] != v || m.P50[y] != v || m.P75[y] != v || m.P95[y] != v {
				t.Errorf("%s %d: percentiles differ from the single value %v", m.Name, sum.Years[y], v)
			}
		}
	}
	if want := (YearPercentiles{2023, 2023, 2023}); sum.Solvency.FirstDeficitYear != want {
		t.Errorf("first_deficit_year = %+v, want %+v", sum.Solvency.FirstDeficitYear, want)
	}
	if want := (YearPercentiles{2024, 2024, 2024}); sum.Solvency.DepletionYear != want {
		t.Errorf("depletion_year = %+v, want %+v", sum.Solvency.DepletionYear, want)
	}
	if want := []float64{0, 1, 1}; !reflect.DeepEqual(sum.Solvency.PDeficit, want) {
		t.Errorf("p_deficit = %v, want %v", sum.Solvency.PDeficit, want)
	}
	if sum.Replications != 1 {
		t.Errorf("replications = %d, want 1", sum.Replications)
	}
	var buf bytes.Buffer
	if err := sum.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	if !json.Valid(buf.Bytes()) {
		t.Errorf("summary.json with R = 1 is not valid JSON:\n%s", buf.Bytes())
	}
}

func TestSummaryJSON(t *testing.T) {
	res := solvencyResult()
	res.Seconds = 0 // member_years_per_second undefined
	set(res, 0, 0, model.PoolSurplusRate, math.Inf(1))
	sum := Summarize(res, testBands)
	sum.Version = "test-1"
	sum.Fingerprint = "abc"

	var a bytes.Buffer
	if err := sum.WriteJSON(&a); err != nil {
		t.Fatal(err)
	}
	data := a.Bytes()
	if !json.Valid(data) {
		t.Fatalf("summary.json is not valid JSON:\n%s", data)
	}
	for _, bad := range []string{"NaN", "Inf"} {
		if bytes.Contains(data, []byte(bad)) {
			t.Errorf("summary.json contains %q", bad)
		}
	}
	// Identical input, identical bytes.
	sum2 := Summarize(res, testBands)
	sum2.Version, sum2.Fingerprint = "test-1", "abc"
	var c bytes.Buffer
	sum2.WriteJSON(&c)
	if !bytes.Equal(data, c.Bytes()) {
		t.Errorf("two summaries of the same result differ")
	}

	// Key order: top level, metrics in table order, solvency.
	wantTop := []string{"schema", "version", "fingerprint", "scenario", "seed", "replications", "members", "population", "weight", "ci_level", "design", "blocks", "years", "metrics", "solvency", "warnings", "perf"}
	if got := objectKeys(t, data, ""); !reflect.DeepEqual(got, wantTop) {
		t.Errorf("top-level keys = %v, want %v", got, wantTop)
	}
	var wantMetrics []string
	for _, m := range model.Metrics {
		wantMetrics = append(wantMetrics, m.Name)
	}
	if got := objectKeys(t, data, "metrics"); !reflect.DeepEqual(got, wantMetrics) {
		t.Errorf("metric keys = %v, want %v", got, wantMetrics)
	}
	wantSolvency := []string{"p_deficit", "p_depleted", "p_insufficient", "p_below_warning", "p_excess",
		"p_deficit_lo", "p_deficit_hi", "p_depleted_lo", "p_depleted_hi", "p_insufficient_lo", "p_insufficient_hi",
		"p_below_warning_lo", "p_below_warning_hi", "p_excess_lo", "p_excess_hi", "first_deficit_year", "depletion_year",
		"first_deficit_year_ci", "depletion_year_ci"}
	if got := objectKeys(t, data, "solvency"); !reflect.DeepEqual(got, wantSolvency) {
		t.Errorf("solvency keys = %v, want %v", got, wantSolvency)
	}

	// Nulls where undefined.
	var generic struct {
		Metrics map[string]map[string]any `json:"metrics"`
		Perf    map[string]any            `json:"perf"`
		Solv    map[string]any            `json:"solvency"`
	}
	if err := json.Unmarshal(data, &generic); err != nil {
		t.Fatal(err)
	}
	if got := generic.Metrics["pool_months"]["mean"]; !reflect.DeepEqual(got, []any{9.0, 9.750025, nil}) {
		t.Errorf("pool_months mean = %v, want [9 9.750025 null]", got)
	}
	if got := generic.Perf["member_years_per_second"]; got != nil {
		t.Errorf("member_years_per_second with 0 seconds = %v, want null", got)
	}
	if got := generic.Solv["first_deficit_year"]; !reflect.DeepEqual(got, map[string]any{"p05": 2022.0, "p50": 2023.0, "p95": nil}) {
		t.Errorf("first_deficit_year = %v, want {2022 2023 null}", got)
	}

	// Round trip through a file.
	path := filepath.Join(t.TempDir(), "summary.json")
	if err := WriteFileAtomic(path, sum.WriteJSON); err != nil {
		t.Fatal(err)
	}
	back, err := ReadSummary(path)
	if err != nil {
		t.Fatal(err)
	}
	var d bytes.Buffer
	back.WriteJSON(&d)
	if !bytes.Equal(data, d.Bytes()) {
		t.Errorf("ReadSummary then WriteJSON changed the bytes:\n%s\nwant\n%s", d.Bytes(), data)
	}
	if back.Metric("pool_months") == nil || !math.IsNaN(back.Metric("pool_months").Mean[2]) {
		t.Errorf("ReadSummary: pool_months mean 2024 is not NaN")
	}
}

func TestReadSummaryErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, content, want string
	}{
		{"schema", `{"schema": "other/v9"}`, "schema"},
		{"length", `{"schema": "simulate/summary/v1", "years": [2022, 2023], "metrics": {"x": {"unit": "yuan", "mean": [1]}}}`, "metrics.x.mean has 1 values for 2 years"},
		{"syntax", `{"schema": `, "summary.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, "summary.json")
			os.WriteFile(path, []byte(tt.content), 0o644)
			_, err := ReadSummary(path)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ReadSummary(%s) error = %v, want one containing %q", tt.content, err, tt.want)
			}
		})
	}
}

// objectKeys returns the keys, in order, of the object at key (the top
// level when key is empty) of the JSON object data.
func objectKeys(t *testing.T, data []byte, key string) []string {
	t.Helper()
	raw := json.RawMessage(data)
	if key != "" {
		var top map[string]json.RawMessage
		if err := json.Unmarshal(data, &top); err != nil {
			t.Fatal(err)
		}
		raw = top[key]
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("%s is not an object", key)
	}
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatal(err)
		}
	}
	return keys
}
