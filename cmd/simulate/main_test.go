package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// simulate runs the command line args in-process and returns the exit code,
// stdout and stderr.
func simulate(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), nil, args, &stdout, &stderr)
	if strings.Contains(stderr.String(), "goroutine ") || strings.Contains(stderr.String(), "panic") {
		t.Fatalf("simulate %v: a stack trace reached the user:\n%s", args, stderr.String())
	}
	return code, stdout.String(), stderr.String()
}

// small are run flags that keep a run short.
var small = []string{"-r", "3", "-n", "3000", "--horizon", "4", "--quiet"}

func TestRunWritesEveryFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "x")
	code, stdout, stderr := simulate(t, append([]string{"run", "-o", dir, "--keep-replications"}, append(small, "--quiet=false")...)...)
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	for _, f := range []string{"summary.json", "years.csv", "solvency.csv", "solvency-events.csv", "groups.csv", "replications.csv", "groups-replications.csv", "scenario.yaml", "run.json",
		"charts/pool-balance.png", "charts/pool-months.svg", "charts/expenditure.pdf", "charts/accounts.png"} {
		if fi, err := os.Stat(filepath.Join(dir, f)); err != nil || fi.Size() == 0 {
			t.Errorf("%s missing or empty: %v", f, err)
		}
	}
	if !strings.Contains(stdout, dir) {
		t.Errorf("stdout does not say where the files are:\n%s", stdout)
	}
	var sum struct {
		Schema  string `json:"schema"`
		Years   []int  `json:"years"`
		Metrics map[string]struct {
			Unit string     `json:"unit"`
			Mean []*float64 `json:"mean"`
			SD   []*float64 `json:"sd"`
			P95  []*float64 `json:"p95"`
		} `json:"metrics"`
	}
	b, _ := os.ReadFile(filepath.Join(dir, "summary.json"))
	if err := json.Unmarshal(b, &sum); err != nil {
		t.Fatalf("summary.json: %v", err)
	}
	if sum.Schema != "simulate/summary/v2" || len(sum.Years) != 4 {
		t.Fatalf("schema %q, years %v", sum.Schema, sum.Years)
	}
	for _, name := range []string{"pool_income", "pool_contributions", "pool_other_income", "pool_interest", "pool_expenditure",
		"pool_outpatient_general", "pool_outpatient_chronic", "pool_inpatient", "pool_maternity", "pool_epidemic",
		"pool_serious_illness", "pool_retiree_credit", "pool_surplus", "pool_surplus_rate", "pool_balance", "pool_months",
		"fund_income_total", "fund_expenditure_total", "account_credit", "account_interest", "account_spending",
		"account_outflow", "account_balance", "member_cash", "member_burden", "members_active", "members_flexible",
		"members_retired", "dependency_ratio", "contribution_base_total", "breakeven_employer_rate", "visits_outpatient",
		"admissions", "inpatient_rate", "cost_per_admission", "inpatient_cost_total"} {
		m, ok := sum.Metrics[name]
		if !ok {
			t.Errorf("summary.json lacks metric %s", name)
			continue
		}
		if len(m.Mean) != 4 || len(m.SD) != 4 || len(m.P95) != 4 || m.Unit == "" {
			t.Errorf("%s: unit %q, %d means, %d sds; want one per year", name, m.Unit, len(m.Mean), len(m.SD))
		}
	}
}

func TestRunOneReplication(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "x")
	code, _, stderr := simulate(t, "run", "-o", dir, "-r", "1", "-n", "2000", "--horizon", "2", "--quiet")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var sum struct {
		Metrics map[string]struct {
			SD []*float64 `json:"sd"`
			SE []*float64 `json:"se"`
		} `json:"metrics"`
	}
	b, _ := os.ReadFile(filepath.Join(dir, "summary.json"))
	if err := json.Unmarshal(b, &sum); err != nil {
		t.Fatal(err)
	}
	for name, m := range sum.Metrics {
		for y := range m.SD {
			if m.SD[y] != nil && *m.SD[y] != 0 || m.SE[y] != nil && *m.SE[y] != 0 {
				t.Errorf("%s year %d: sd %v se %v with one replication, want 0", name, y, *m.SD[y], *m.SE[y])
			}
		}
	}
}

// withoutPerf returns summary.json with its perf member removed.
func withoutPerf(t *testing.T, dir string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	i := strings.Index(s, `"perf"`)
	if i < 0 {
		t.Fatalf("summary.json has no perf")
	}
	return s[:i]
}

func TestRunDeterminism(t *testing.T) {
	tmp := t.TempDir()
	var got []string
	for i, workers := range []string{"1", "2", "2"} {
		dir := filepath.Join(tmp, "run"+string(rune('a'+i)))
		code, _, stderr := simulate(t, append([]string{"run", "-o", dir, "--workers", workers, "--seed", "42"}, small...)...)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		got = append(got, withoutPerf(t, dir))
	}
	for i := 1; i < len(got); i++ {
		if got[i] != got[0] {
			t.Errorf("summary.json of run %d differs from run 0 (same seed)", i)
		}
	}
	dir := filepath.Join(tmp, "other-seed")
	if code, _, stderr := simulate(t, append([]string{"run", "-o", dir, "--seed", "43"}, small...)...); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if withoutPerf(t, dir) == got[0] {
		t.Errorf("a different seed gave the same summary.json")
	}
}

func TestBadInput(t *testing.T) {
	tmp := t.TempDir()
	bad := filepath.Join(tmp, "bad.yaml")
	os.WriteFile(bad, []byte("name: bad\nextends: national-2021\noutpatient:\n  deductable: 150\n"), 0o644)
	file := filepath.Join(tmp, "file")
	os.WriteFile(file, []byte("x"), 0o644)
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"unknown scenario lists the built-ins", []string{"run", "-s", "nowhere", "-o", filepath.Join(tmp, "a")}, []string{"nowhere", "national-2021", "status-quo", "bench-v1"}},
		{"malformed file names file, line and key", []string{"run", "-s", bad, "-o", filepath.Join(tmp, "b")}, []string{"bad.yaml:4", "outpatient.deductable"}},
		{"unwritable out", []string{"run", "-o", filepath.Join(file, "sub"), "-r", "1", "-n", "10"}, []string{"--out", "file/sub"}},
		{"bad flag value", []string{"run", "-r", "many"}, []string{"replications", "many"}},
		{"zero replications", []string{"run", "-r", "0"}, []string{"--replications must be at least 1"}},
		{"bad language", []string{"run", "--lang", "fr"}, []string{"--lang must be en or zh"}},
		{"horizon out of range", []string{"run", "--horizon", "101"}, []string{"--horizon must be from 1 to 100"}},
		{"horizon zero", []string{"run", "--horizon", "0"}, []string{"--horizon must be from 1 to 100, got 0"}},
		{"unknown command", []string{"frobnicate"}, []string{"unknown command"}},
		{"validate a bad file", []string{"validate", bad}, []string{"bad.yaml:4"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := simulate(t, tt.args...)
			if code != 2 {
				t.Errorf("exit %d, want 2; stderr:\n%s", code, stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr)
				}
			}
		})
	}
}

func TestOutputDirectoryRules(t *testing.T) {
	tmp := t.TempDir()
	dir := filepath.Join(tmp, "out")
	args := append([]string{"run", "-o", dir}, small...)
	if code, _, stderr := simulate(t, args...); code != 0 {
		t.Fatalf("first run: exit %d: %s", code, stderr)
	}
	if code, _, stderr := simulate(t, args...); code != 2 || !strings.Contains(stderr, "--out "+dir+": holds this same run, already finished") {
		t.Fatalf("a second run into a run's folder without --force: exit %d, want 2 naming the folder: %s", code, stderr)
	}
	if code, _, stderr := simulate(t, append(args, "--force")...); code != 0 {
		t.Fatalf("a second run into its own folder with --force must replace it: exit %d: %s", code, stderr)
	}
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644)
	if code, _, stderr := simulate(t, args...); code != 2 || !strings.Contains(stderr, "notes.txt") {
		t.Fatalf("foreign file: exit %d, want 2 naming it: %s", code, stderr)
	}
	if code, _, stderr := simulate(t, append(args, "--force")...); code != 0 {
		t.Fatalf("--force: exit %d: %s", code, stderr)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "notes.txt")); err != nil || string(b) != "mine" {
		t.Errorf("--force touched a foreign file: %q, %v", b, err)
	}
	other := filepath.Join(tmp, "other")
	os.MkdirAll(other, 0o755)
	os.WriteFile(filepath.Join(other, "data.csv"), []byte("1"), 0o644)
	if code, _, _ := simulate(t, append([]string{"run", "-o", other}, small...)...); code != 2 {
		t.Errorf("a directory of other files: exit %d, want 2", code)
	}
}

func TestHelp(t *testing.T) {
	for _, cmd := range []string{"run", "list", "show", "validate", "init", "sweep", "compare", "solve", "sensitivity", "calibrate", "chart", "report", "merge", "bench"} {
		for _, args := range [][]string{{cmd, "--help"}, {"help", cmd}} {
			code, stdout, _ := simulate(t, args...)
			if code != 0 || !strings.Contains(stdout, "Usage:") || !strings.Contains(stdout, "Examples:") || !strings.Contains(stdout, "Exit codes:") ||
				(cmd != "list" && !strings.Contains(stdout, "Flags:")) {
				t.Errorf("%v: exit %d:\n%s", args, code, stdout)
			}
			if n := strings.Count(stdout, "\nUsage:"); n != 1 {
				t.Errorf("%v: the help is printed %d times", args, n)
			}
		}
	}
	for _, topic := range []string{"scenarios", "targets", "exit-codes", "version"} {
		if code, stdout, _ := simulate(t, "help", topic); code != 0 || stdout == "" {
			t.Errorf("help %s: exit %d", topic, code)
		}
	}
	code, stdout, _ := simulate(t, "list")
	if code != 0 || !strings.Contains(stdout, "national-2021") || !strings.Contains(stdout, "qiannan-2022") || !strings.Contains(stdout, "taiyuan-2022") {
		t.Errorf("list: exit %d:\n%s", code, stdout)
	}
}

// TestVersionAndSuggestions: --version and -v print the version; a
// mistyped command is answered with the command it is nearest to, one
// without a near command with the usage.
func TestVersionAndSuggestions(t *testing.T) {
	for _, flag := range []string{"--version", "-v", "version"} {
		if code, stdout, _ := simulate(t, flag); code != 0 || !strings.HasPrefix(stdout, "simulate ") {
			t.Errorf("%s: exit %d, %q", flag, code, stdout)
		}
	}
	for typo, want := range map[string]string{"rnu": "run", "swep": "sweep", "comapre": "compare", "sovle": "solve", "chrat": "chart"} {
		code, _, stderr := simulate(t, typo)
		if code != 2 || !strings.Contains(stderr, `did you mean "`+want+`"?`) {
			t.Errorf("%s: exit %d, stderr %q; want exit 2 and a suggestion of %s", typo, code, stderr, want)
		}
	}
	if code, _, stderr := simulate(t, "xyzzy"); code != 2 || strings.Contains(stderr, "did you mean") || !strings.Contains(stderr, "Usage:") {
		t.Errorf("xyzzy: exit %d, stderr %q; want exit 2 and the usage, no suggestion", code, stderr)
	}
}

func TestShowQiannan(t *testing.T) {
	code, stdout, stderr := simulate(t, "show", "qiannan-2022")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		"deductible: 150  # seed 002", "cap: 2000  # seed 002", "ratio: {primary: 0.7, secondary: 0.6, tertiary: 0.5}  # seed 002",
		"retiree_bonus: 0.05  # seed 002", "retiree_quota: 1200  # seed 002",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("show qiannan-2022 lacks %q", want)
		}
	}
}

func TestInit(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "duyun")
	if code, _, stderr := simulate(t, "init", name, "--from", "qiannan-2022"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if code, _, stderr := simulate(t, "validate", name+".yaml"); code != 0 {
		t.Errorf("the written file does not validate: %s", stderr)
	}
	if code, _, stderr := simulate(t, "init", name, "--from", "qiannan-2022"); code != 2 || !strings.Contains(stderr, "exists") {
		t.Errorf("init over an existing file: exit %d: %s", code, stderr)
	}
	if code, _, _ := simulate(t, "init", filepath.Join(dir, "x"), "--from", "nowhere"); code != 2 {
		t.Errorf("init from an unknown built-in: exit %d", code)
	}
}

func TestChartRedraw(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "x")
	if code, _, stderr := simulate(t, append([]string{"run", "-o", dir, "--no-charts"}, small...)...); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "charts")); err == nil {
		t.Errorf("--no-charts drew charts")
	}
	if code, _, stderr := simulate(t, "chart", dir, "--lang", "zh", "--quiet"); code != 0 {
		t.Fatalf("chart: exit %d: %s", code, stderr)
	}
	// A rerun without charts removes the earlier run's charts, which would
	// not match it; the workbook is rewritten.
	if code, _, stderr := simulate(t, append([]string{"run", "-o", dir, "--no-charts", "--seed", "99", "--force"}, small...)...); code != 0 {
		t.Fatalf("rerun: exit %d: %s", code, stderr)
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "charts", "*.png")); len(m) != 0 {
		t.Errorf("a run with --no-charts left the earlier run's charts: %v", m)
	}
	if code, _, stderr := simulate(t, "chart", dir, "--lang", "zh", "--quiet"); code != 0 {
		t.Fatalf("chart: exit %d: %s", code, stderr)
	}
	for _, k := range []string{"pool-balance", "pool-months", "expenditure", "accounts"} {
		for _, ext := range []string{".png", ".svg", ".pdf"} {
			if _, err := os.Stat(filepath.Join(dir, "charts", k+ext)); err != nil {
				t.Errorf("chart redraw: %v", err)
			}
		}
	}
}

// TestRedrawAfterPruning: chart and report redraw a folder whose drawings
// the user deleted (they are drawn from the data, never read), but refuse
// one whose data changed since it was written.
func TestRedrawAfterPruning(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "x")
	if code, _, stderr := simulate(t, append([]string{"run", "-o", dir}, small...)...); code != 0 {
		t.Fatalf("run: exit %d\n%s", code, stderr)
	}
	for _, f := range []string{"charts/pool-balance.pdf", "charts/pool-months.svg", "report.xlsx"} {
		if err := os.Remove(filepath.Join(dir, f)); err != nil {
			t.Fatal(err)
		}
	}
	for _, what := range []string{"chart", "report"} {
		if code, _, stderr := simulate(t, what, dir, "--quiet"); code != 0 {
			t.Fatalf("%s after deleting drawings: exit %d\n%s", what, code, stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "charts/pool-balance.pdf")); err != nil {
		t.Errorf("chart did not redraw the deleted PDF: %v", err)
	}
	if err := os.Remove(filepath.Join(dir, "years.csv")); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := simulate(t, "chart", dir, "--quiet")
	if code != 2 || !strings.Contains(stderr, "years.csv") {
		t.Errorf("chart with years.csv deleted: exit %d, stderr %q; want 2 naming years.csv", code, stderr)
	}
}
