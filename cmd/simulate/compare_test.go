package main

import (
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"simulate/reports"
)

func readRows(t *testing.T, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var rows []map[string]string
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = r[i]
		}
		rows = append(rows, m)
	}
	return rows
}

func num(t *testing.T, s string) float64 {
	if s == "" {
		return math.NaN()
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

var compareFlags = []string{"-r", "8", "-n", "3000", "--horizon", "4", "--quiet", "--seed", "5"}

func TestCompareWithItselfIsZero(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "self")
	if code, _, stderr := simulate(t, append([]string{"compare", "-s", "national-2021", "-s", "national-2021", "-o", dir}, compareFlags...)...); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	rows := readRows(t, filepath.Join(dir, "comparison.csv"))
	if len(rows) == 0 {
		t.Fatal("no rows")
	}
	for _, r := range rows {
		for _, c := range []string{"mean", "sd", "se", "p05", "p50", "p95", "p25", "p75"} {
			if r[c] != "0" && r[c] != "" {
				t.Errorf("%s %s %s = %s, want exactly 0", r["metric"], r["year"], c, r[c])
			}
		}
	}
	for _, r := range readRows(t, filepath.Join(dir, "groups-comparison.csv")) {
		if r["value"] != "0" || r["stat"] == "mean" && (r["se"] != "0" || r["lo"] != "0" || r["hi"] != "0") {
			t.Errorf("groups %s %s %s %s %s = %s (se %s, [%s, %s]), want exactly 0", r["group_kind"], r["group"], r["age_band"], r["metric"], r["stat"], r["value"], r["se"], r["lo"], r["hi"])
		}
	}
}

// TestComparePairedBands checks that common random numbers make the paired
// differences' bands far narrower than the unpaired ones, whose sd is
// √(sd_a² + sd_b²), for the lines both scenarios share. (Expenditure
// differences also carry national-2021's uncertain induced-demand
// elasticity, which the status quo does not feel, so their bands stay wide.)
func TestComparePairedBands(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "reform")
	if code, _, stderr := simulate(t, append([]string{"compare", "-s", "status-quo", "-s", "national-2021", "-o", dir}, compareFlags...)...); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	a, err := reports.ReadSummary(filepath.Join(dir, "runs", "0-status-quo", "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := reports.ReadSummary(filepath.Join(dir, "runs", "1-national-2021", "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range readRows(t, filepath.Join(dir, "comparison.csv")) {
		switch r["metric"] {
		case "pool_income", "pool_contributions", "fund_income_total", "contribution_base_total", "members_retired":
		default:
			continue
		}
		y, _ := strconv.Atoi(r["year"])
		i := y - a.Years[0]
		sa, sb := a.Metric(r["metric"]).SD[i], b.Metric(r["metric"]).SD[i]
		unpaired := math.Sqrt(sa*sa + sb*sb)
		if paired := num(t, r["sd"]); !(paired < 0.5*unpaired) {
			t.Errorf("%s %d: paired sd %.4g not far below the unpaired %.4g", r["metric"], y, paired, unpaired)
		}
	}
}

// TestBreakdownSumsToTotal checks that the provision breakdown's increments
// add up to the total difference, metric by metric and year by year.
func TestBreakdownSumsToTotal(t *testing.T) {
	tmp := t.TempDir()
	steps := filepath.Join(tmp, "steps.yaml")
	os.WriteFile(steps, []byte("groups:\n  - {name: credits, keys: [accounts]}\n  - {name: outpatient, keys: [outpatient]}\n"), 0o644)
	dir := filepath.Join(tmp, "bd")
	if code, _, stderr := simulate(t, append([]string{"compare", "-s", "status-quo", "-s", "national-2021", "--breakdown", steps, "-o", dir}, compareFlags...)...); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	total := map[string]float64{}
	for _, r := range readRows(t, filepath.Join(dir, "comparison.csv")) {
		total[r["metric"]+"@"+r["year"]] = num(t, r["mean"])
	}
	sum := map[string]float64{}
	groups := map[string]bool{}
	for _, r := range readRows(t, filepath.Join(dir, "breakdown.csv")) {
		sum[r["metric"]+"@"+r["year"]] += num(t, r["mean"])
		groups[r["group"]] = true
	}
	if len(groups) != 3 || !groups["other"] {
		t.Errorf("groups %v, want credits, outpatient, other", groups)
	}
	for k, want := range total {
		got := sum[k]
		if math.IsNaN(want) {
			continue
		}
		if math.Abs(got-want) > 1e-9*math.Max(1, math.Abs(want)) {
			t.Errorf("%s: increments sum to %v, total %v", k, got, want)
		}
	}
}
