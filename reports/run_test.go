package reports

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"simulate/model"
)

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return recs
}

// groupsResult is solvencyResult with shard replication indices 4–7 and
// two groups with members in 2022: everyone, and retirees aged 60–69.
func groupsResult() *model.Result {
	res := solvencyResult()
	res.Replications = 8
	res.Reps = []int{4, 5, 6, 7}
	res.Groups = make([]model.GroupYear, len(res.Years)*model.NumGroups)
	all := &res.Groups[0]
	all.Members = 4
	all.CashFen = 123456 // 308.64 yuan per member
	all.BurdenFen = 400000
	all.CashHist[0] = 4 // every member paid nothing in cash: p90 = 0
	all.BurdenHist[histBin(1000)] = 4
	retired6069 := &res.Groups[0*model.NumGroups+3*model.NumAgeBands+7]
	retired6069.Members = 1
	retired6069.CashFen = 5
	retired6069.CashHist[histBin(0.05)] = 1
	return res
}

func TestWriteRun(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	res := groupsResult()
	sum := Summarize(res, testBands)
	sum.Version = "test-1"
	sum.Fingerprint = Fingerprint([]byte("name: x\n"), res.Seed, res.Replications, res.Members, len(res.Years), res.Design, sum.Version)
	meta := RunMeta{
		CommandLine: []string{"simulate", "run", "-o", dir},
		Output:      dir,
		Workers:     4,
		Shard:       &Shard{Index: 1, Count: 2},
		Start:       time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC),
		End:         time.Date(2025, 1, 2, 3, 4, 9, 0, time.UTC),
		Version:     "test-1",
		Seed:        res.Seed,
		Fingerprint: sum.Fingerprint,
	}
	if err := WriteRun(dir, res, sum, meta, []byte("name: x\n"), true); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	want := []string{"groups.csv", "replications.csv", "run.json", "scenario.yaml", "solvency-events.csv", "solvency.csv", "summary.json", "years.csv"}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("files = %v, want %v", names, want)
	}
	for _, name := range names {
		data, _ := os.ReadFile(filepath.Join(dir, name))
		for _, bad := range []string{"NaN", "Inf"} {
			if strings.Contains(string(data), bad) {
				t.Errorf("%s contains %q", name, bad)
			}
		}
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "scenario.yaml")); string(got) != "name: x\n" {
		t.Errorf("scenario.yaml = %q, want the given bytes", got)
	}

	t.Run("years.csv", func(t *testing.T) {
		recs := readCSV(t, filepath.Join(dir, "years.csv"))
		if want := []string{"scenario", "year", "metric", "unit", "mean", "sd", "se", "p05", "p25", "p50", "p75", "p95",
			"p05_lo", "p05_hi", "p25_lo", "p25_hi", "p50_lo", "p50_hi", "p75_lo", "p75_hi", "p95_lo", "p95_hi"}; !reflect.DeepEqual(recs[0], want) {
			t.Errorf("header = %v, want %v", recs[0], want)
		}
		if got, want := len(recs), 1+int(model.NumMetrics)*3; got != want {
			t.Fatalf("%d records, want %d", got, want)
		}
		if got := recs[1][:4]; !reflect.DeepEqual(got, []string{"test-scenario", "2022", "pool_income", "yuan"}) {
			t.Errorf("first row = %v", got)
		}
		pm := 1 + int(model.PoolMonths)*3
		// 2022: defined 2, 5, 20: mean 9, sd √93, p05 2.3, p25 3.5, p50 5, p75 12.5, p95 18.5.
		// The 95% intervals from 3 values, B ~ Binomial(3, p), α = 0.025 a side:
		// p05: P(B ≥ 2) = 0.00725 ≤ α, so up to x(2) = 5, no lower bound (P(B = 0) = 0.857);
		// p25: P(B ≥ 3) = 0.0156, up to x(3) = 20; p50: P(B = 0) = P(B = 3) = 0.125, unbounded;
		// p75: P(B ≤ 0) = 0.0156, from x(1) = 2; p95: P(B ≤ 1) = 0.00725, from x(2) = 5.
		if got, want := recs[pm], []string{"test-scenario", "2022", "pool_months", "months", "9", "9.643650760992955", "5.567764362830022", "2.3", "3.5", "5", "12.5", "18.5",
			"", "5", "", "20", "", "", "2", "", "5", ""}; !reflect.DeepEqual(got, want) {
			t.Errorf("pool_months 2022 = %v, want %v", got, want)
		}
		if got, want := recs[pm+2], []string{"test-scenario", "2024", "pool_months", "months", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", ""}; !reflect.DeepEqual(got, want) {
			t.Errorf("pool_months 2024 (all undefined) = %v, want %v", got, want)
		}
	})

	t.Run("solvency.csv", func(t *testing.T) {
		recs := readCSV(t, filepath.Join(dir, "solvency.csv"))
		if got, want := len(recs), 1+5*3; got != want {
			t.Fatalf("%d records, want %d", got, want)
		}
		wantRows := map[int][]string{
			0: {"scenario", "year", "indicator", "value", "lo", "hi"},
			// 1 of 4: Wilson centre (1 + z²/2)/(4 + z²) = 0.372474, half-width
			// z·√(3/4 + z²/4)/(4 + z²) = 0.326886, z = 1.959964.
			1: {"test-scenario", "2022", "p_deficit", "0.25", "0.0455872608097006", "0.699358157417598"},
			// 2 of 4: centre ½, half-width z·√(1 + z²/4)/(4 + z²) = 0.349961.
			6: {"test-scenario", "2024", "p_depleted", "0.5", "0.15003898915214958", "0.8499610108478504"},
		}
		for i, want := range wantRows {
			if !reflect.DeepEqual(recs[i], want) {
				t.Errorf("row %d = %v, want %v", i, recs[i], want)
			}
		}
	})

	t.Run("solvency-events.csv", func(t *testing.T) {
		recs := readCSV(t, filepath.Join(dir, "solvency-events.csv"))
		if got, want := len(recs), 1+6; got != want {
			t.Fatalf("%d records, want %d", got, want)
		}
		wantRows := map[int][]string{
			0: {"scenario", "event", "stat", "year", "lo", "hi", "beyond_horizon", "lo_beyond_horizon", "hi_beyond_horizon"},
			// Event years 2022, 2023, 2024 and beyond (4 replications). Their
			// intervals by the binomial order statistics of n = 4: P5 ∈
			// [base year (no lower order statistic), x₍₂₎ = 2023] (P(B ≥ 2) =
			// 0.014 ≤ 0.025 for B ~ Bin(4, 0.05)); P50 ∈ [2022, beyond] (no
			// order statistic bounds a median of 4 at 95%); P95 ∈ [x₍₃₎ =
			// 2024, beyond] (P(B ≤ 2) = 0.014 for B ~ Bin(4, 0.95)).
			1: {"test-scenario", "first_deficit_year", "p05", "2022", "2022", "2023", "FALSE", "FALSE", "FALSE"},
			2: {"test-scenario", "first_deficit_year", "p50", "2023", "2022", "", "FALSE", "FALSE", "TRUE"},
			3: {"test-scenario", "first_deficit_year", "p95", "", "2024", "", "TRUE", "FALSE", "TRUE"},
			6: {"test-scenario", "depletion_year", "p95", "", "", "", "TRUE", "TRUE", "TRUE"},
		}
		for i, want := range wantRows {
			if !reflect.DeepEqual(recs[i], want) {
				t.Errorf("row %d = %v, want %v", i, recs[i], want)
			}
		}
	})

	t.Run("groups.csv", func(t *testing.T) {
		recs := readCSV(t, filepath.Join(dir, "groups.csv"))
		k := histBin(1000)
		want := [][]string{
			{"scenario", "year", "group_kind", "group", "age_band", "metric", "stat", "value", "se", "lo", "hi"},
			{"test-scenario", "2022", "all", "all", "all", "cash", "mean", "308.64", "", "", ""},
			{"test-scenario", "2022", "all", "all", "all", "cash", "p90", "0", "", "", ""},
			{"test-scenario", "2022", "all", "all", "all", "burden", "mean", "1000", "", "", ""},
			{"test-scenario", "2022", "all", "all", "all", "burden", "p90", formatNumber(histQuantile(&res.Groups[0].BurdenHist, 0.9)), "", "", ""},
			{"test-scenario", "2022", "status", "retired", "60-69", "cash", "mean", "0.05", "", "", ""},
			{"test-scenario", "2022", "status", "retired", "60-69", "cash", "p90", formatNumber(histQuantile(&res.Groups[3*model.NumAgeBands+7].CashHist, 0.9)), "", "", ""},
			{"test-scenario", "2022", "status", "retired", "60-69", "burden", "mean", "0", "", "", ""},
			{"test-scenario", "2022", "status", "retired", "60-69", "burden", "p90", "", "", "", ""}, // empty histogram
		}
		if !reflect.DeepEqual(recs, want) {
			t.Errorf("groups.csv =\n%v\nwant\n%v", recs, want)
		}
		p90, _ := strconv.ParseFloat(recs[4][7], 64)
		if p90 < histLower(k) || p90 > histUpper(k) {
			t.Errorf("burden p90 %v outside the bin [%v, %v] of 1000", p90, histLower(k), histUpper(k))
		}
	})

	t.Run("replications.csv", func(t *testing.T) {
		recs := readCSV(t, filepath.Join(dir, "replications.csv"))
		if got, want := len(recs), 1+4*3*int(model.NumMetrics); got != want {
			t.Fatalf("%d records, want %d", got, want)
		}
		if want := []string{"scenario", "replication", "year", "metric", "value"}; !reflect.DeepEqual(recs[0], want) {
			t.Errorf("header = %v, want %v", recs[0], want)
		}
		if want := []string{"test-scenario", "4", "2022", "pool_income", "10"}; !reflect.DeepEqual(recs[1], want) {
			t.Errorf("first row = %v, want %v", recs[1], want)
		}
		// Replication 7 (index 3) has an undefined pool_months in 2022.
		row := 1 + 3*3*int(model.NumMetrics) + int(model.PoolMonths)
		if want := []string{"test-scenario", "7", "2022", "pool_months", ""}; !reflect.DeepEqual(recs[row], want) {
			t.Errorf("row %d = %v, want %v", row, recs[row], want)
		}
	})

	t.Run("run.json", func(t *testing.T) {
		data, _ := os.ReadFile(filepath.Join(dir, "run.json"))
		var got map[string]any
		if err := json.Unmarshal(data, &got); err != nil {
			t.Fatal(err)
		}
		for key, want := range map[string]any{
			"schema":     RunSchema,
			"workers":    4.0,
			"shard":      map[string]any{"index": 1.0, "count": 2.0},
			"start":      "2025-01-02T03:04:05Z",
			"version":    "test-1",
			"goarch":     runtime.GOARCH,
			"go_version": runtime.Version(),
		} {
			if !reflect.DeepEqual(got[key], want) {
				t.Errorf("run.json %s = %v, want %v", key, got[key], want)
			}
		}
	})

	t.Run("summary.json", func(t *testing.T) {
		back, err := ReadSummary(filepath.Join(dir, "summary.json"))
		if err != nil {
			t.Fatal(err)
		}
		if back.Fingerprint != sum.Fingerprint || back.Replications != 4 {
			t.Errorf("summary.json fingerprint, replications = %s, %d, want %s, 4", back.Fingerprint, back.Replications, sum.Fingerprint)
		}
	})
}

func TestWriteRunWithoutReplications(t *testing.T) {
	dir := t.TempDir()
	res := newResult([]int{2022}, 2)
	if err := WriteRun(dir, res, Summarize(res, testBands), RunMeta{}, nil, false); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "replications.csv")); !os.IsNotExist(err) {
		t.Errorf("replications.csv written without keepReplications")
	}
	// No groups in the result: groups.csv has its header only.
	if recs := readCSV(t, filepath.Join(dir, "groups.csv")); len(recs) != 1 {
		t.Errorf("groups.csv has %d records, want the header only", len(recs))
	}
}

func TestWriteRunRejects(t *testing.T) {
	tests := []struct {
		name   string
		modify func(*model.Result)
		want   string
	}{
		{"groups", func(r *model.Result) { r.Groups = make([]model.GroupYear, 3) }, "group accumulators"},
		{"reps", func(r *model.Result) { r.Reps = r.Reps[:1] }, "replication indices"},
		{"values", func(r *model.Result) { r.Values[1] = r.Values[1][:5] }, "replication 1 has 5 values"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := newResult([]int{2022}, 2)
			sum := Summarize(res, testBands)
			tt.modify(res)
			dir := filepath.Join(t.TempDir(), "out")
			err := WriteRun(dir, res, sum, RunMeta{}, nil, true)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), dir) {
				t.Errorf("WriteRun error = %v, want one naming %s and containing %q", err, dir, tt.want)
			}
		})
	}
}

func TestFingerprint(t *testing.T) {
	base := Fingerprint([]byte("a: 1\n"), 1, 100, 1000, 10, model.LatinHypercube, "v1")
	if len(base) != 64 || strings.Trim(base, "0123456789abcdef") != "" {
		t.Fatalf("Fingerprint = %q, want 64 hex digits", base)
	}
	if again := Fingerprint([]byte("a: 1\n"), 1, 100, 1000, 10, model.LatinHypercube, "v1"); again != base {
		t.Errorf("Fingerprint is not deterministic: %s, %s", base, again)
	}
	others := map[string]string{
		"scenario":     Fingerprint([]byte("a: 2\n"), 1, 100, 1000, 10, model.LatinHypercube, "v1"),
		"seed":         Fingerprint([]byte("a: 1\n"), 2, 100, 1000, 10, model.LatinHypercube, "v1"),
		"replications": Fingerprint([]byte("a: 1\n"), 1, 101, 1000, 10, model.LatinHypercube, "v1"),
		"members":      Fingerprint([]byte("a: 1\n"), 1, 100, 1001, 10, model.LatinHypercube, "v1"),
		"horizon":      Fingerprint([]byte("a: 1\n"), 1, 100, 1000, 11, model.LatinHypercube, "v1"),
		"design":       Fingerprint([]byte("a: 1\n"), 1, 100, 1000, 10, model.Independent, "v1"),
		"version":      Fingerprint([]byte("a: 1\n"), 1, 100, 1000, 10, model.LatinHypercube, "v2"),
		"swapped":      Fingerprint([]byte("a: 1\n"), 1, 1000, 100, 10, model.LatinHypercube, "v1"),
		// Bytes moved between the scenario and the version.
		"shifted": Fingerprint([]byte("a: 1\nv"), 1, 100, 1000, 10, model.LatinHypercube, "1"),
	}
	seen := map[string]string{base: "base"}
	for name, fp := range others {
		if prev, ok := seen[fp]; ok {
			t.Errorf("Fingerprint with changed %s equals that of %s", name, prev)
		}
		seen[fp] = name
	}
}
