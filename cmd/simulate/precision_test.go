package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"simulate/model"
	"simulate/studies"
)

// precisionOf reads summary.json's replications and precision section.
func precisionOf(t *testing.T, dir string) (int, map[string]any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	var s struct {
		Replications int            `json:"replications"`
		Precision    map[string]any `json:"precision"`
	}
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	return s.Replications, s.Precision
}

// withoutPrecision is withoutPerf without the precision section.
func withoutPrecision(t *testing.T, dir string) string {
	s := withoutPerf(t, dir)
	return regexp.MustCompile(`(?s)  "precision": \{.*?\n  \]\},\n`).ReplaceAllString(s, "")
}

// TestRunToPrecision checks --precision on run: the run adds whole blocks
// of replications until the half-width is reached and records it; the
// same seed gives the same bytes whatever the workers, and the same bytes
// (but the precision section) as a plain run of the count it stopped at;
// --max-replications stops it with a warning; bad targets are refused.
func TestRunToPrecision(t *testing.T) {
	tmp := t.TempDir()
	flags := []string{"-n", "300", "--horizon", "3", "--no-charts", "--no-report",
		"--precision", "pool_months.p50=±0.9", "--precision", "p_deficit@2022=±4%"}
	var first string
	var reps int
	for i, workers := range []string{"1", "2"} {
		dir := filepath.Join(tmp, "w"+workers)
		code, stdout, stderr := simulate(t, append([]string{"run", "-o", dir, "--workers", workers}, flags...)...)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		n, pr := precisionOf(t, dir)
		if pr == nil || pr["met"] != true {
			t.Fatalf("precision %v, want met", pr)
		}
		if n <= studies.PrecisionStart || n%model.DesignBlock != 0 {
			t.Errorf("stopped at %d replications, want more than the first %d, in whole blocks of %d", n, studies.PrecisionStart, model.DesignBlock)
		}
		for _, tg := range pr["targets"].([]any) {
			tg := tg.(map[string]any)
			if h, w := tg["half_width"].(float64), tg["want_half_width"].(float64); !(h <= w) {
				t.Errorf("%v: half-width %v above %v", tg["target"], h, w)
			}
		}
		if !strings.Contains(stdout, "every target met") {
			t.Errorf("stdout does not say the targets were met:\n%s", stdout)
		}
		if i == 0 {
			first, reps = withoutPerf(t, dir), n
		} else if withoutPerf(t, dir) != first {
			t.Errorf("workers %s: summary.json differs from 1 worker's", workers)
		}
	}
	plain := filepath.Join(tmp, "plain")
	if code, _, stderr := simulate(t, "run", "-o", plain, "-n", "300", "--horizon", "3", "--quiet", "--no-charts", "--no-report", "-r", itoa(reps)); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if got := withoutPrecision(t, filepath.Join(tmp, "w1")); got != withoutPerf(t, plain) {
		t.Errorf("the run to a precision differs from a plain run of its %d replications", reps)
	}

	capped := filepath.Join(tmp, "capped")
	code, stdout, stderr := simulate(t, append([]string{"run", "-o", capped, "--max-replications", "220"}, flags...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if n, pr := precisionOf(t, capped); n != 220 || pr["met"] != false {
		t.Errorf("--max-replications 220: %d replications, met %v; want 220, false", n, pr["met"])
	}
	if !strings.Contains(stdout, "NOT met") || !strings.Contains(stderr, "warning: national-2021: --precision not reached within --max-replications 220") {
		t.Errorf("a run stopped by --max-replications does not say so (table on stdout, warning on stderr):\n%s\n%s", stdout, stderr)
	}

	code, stdout, _ = simulate(t, append([]string{"run", "-o", filepath.Join(tmp, "dry"), "--dry-run"}, flags...)...)
	if code != 0 || !strings.Contains(stdout, "with --precision: the estimate is of the first batch of 200 replications; the run may grow to --max-replications 10000") {
		t.Errorf("--dry-run with --precision: exit %d, stdout %q; want it to say the run may grow", code, stdout)
	}

	for _, c := range []struct{ args, want string }{
		{"--precision pool_months.p07@2023=±1", `statistic "p07" is not one of`},
		{"--precision pool_months.p05@2031=±1", "year 2031 is outside the run's 2021–2023"},
		{"--precision pool_monthz.p05=±1", `unknown metric "pool_monthz"`},
		{"--precision pool_months.p05=0", "the half-width after = must be a positive number"},
		{"--precision p_deficit.p05=±0.1", "takes no statistic"},
		{"--precision pool_months=±1 --shard 0/2", "--precision cannot be sharded"},
		{"--precision pool_months=±1 -r 300 --max-replications 200", "--max-replications 200 is below the first batch of 300"},
		{"--max-replications 200", "--max-replications bounds a run with --precision"},
	} {
		args := append([]string{"run", "-o", filepath.Join(tmp, "bad"), "-n", "300", "--horizon", "3", "--quiet"}, strings.Fields(c.args)...)
		code, _, stderr := simulate(t, args...)
		if code != 2 || !strings.Contains(stderr, c.want) {
			t.Errorf("%s: exit %d, stderr %q; want 2 and %q", c.args, code, stderr, c.want)
		}
	}
	if code, _, stderr := simulate(t, "sensitivity", "-o", filepath.Join(tmp, "bad"), "--precision", "pool_months=±1"); code != 2 || !strings.Contains(stderr, "--precision is not available for sensitivity") {
		t.Errorf("sensitivity --precision: exit %d, stderr %q; want it refused", code, stderr)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// readFile returns a file's content.
func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestCompareToPrecision checks --precision on compare: the target is the
// paired difference's, replications are added to both scenarios alike, and
// comparison.csv is that of a plain comparison of the count reached.
func TestCompareToPrecision(t *testing.T) {
	tmp := t.TempDir()
	flags := []string{"compare", "-s", "status-quo", "-s", "national-2021", "-n", "300", "--horizon", "3", "--no-charts", "--no-report"}
	dir := filepath.Join(tmp, "prec")
	code, stdout, stderr := simulate(t, append(flags, "-o", dir, "--precision", "pool_months.mean@2023=±0.15")...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var cj struct {
		Replications int
		Precision    struct {
			Met     bool
			Targets []struct {
				Target    string
				HalfWidth float64 `json:"HalfWidth"`
			}
		}
	}
	if err := json.Unmarshal([]byte(readFile(t, filepath.Join(dir, "compare.json"))), &cj); err != nil {
		t.Fatal(err)
	}
	if !cj.Precision.Met || cj.Replications <= studies.PrecisionStart || len(cj.Precision.Targets) != 1 ||
		!strings.HasPrefix(cj.Precision.Targets[0].Target, "national-2021 − status-quo: ") || !(cj.Precision.Targets[0].HalfWidth <= 0.15) {
		t.Fatalf("compare.json: %+v; want the paired target met after more than %d replications", cj, studies.PrecisionStart)
	}
	if !strings.Contains(stdout, "every target met") {
		t.Errorf("stdout does not say the target was met:\n%s", stdout)
	}
	plain := filepath.Join(tmp, "plain")
	if code, _, stderr := simulate(t, append(flags, "-o", plain, "--quiet", "-r", itoa(cj.Replications))...); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, f := range []string{"comparison.csv", "groups-comparison.csv"} {
		if readFile(t, filepath.Join(dir, f)) != readFile(t, filepath.Join(plain, f)) {
			t.Errorf("%s of the comparison to a precision differs from a plain comparison of its %d replications", f, cj.Replications)
		}
	}
}

// TestSweepVerdicts checks sweep.csv's verdicts against the sweep's target:
// met when the interval is on the target's side, not met when it is all
// across, undecided when it straddles; with --precision every point runs to
// it, and a rerun resumes every point.
func TestSweepVerdicts(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "sw")
	args := []string{"sweep", "-o", dir, "-n", "300", "--horizon", "3", "--quiet", "--no-charts", "--no-report",
		"--vary", "outpatient.ratio.primary=0.5,0.9", "--target", "pool_months.p50 >= 27",
		"--precision", "pool_months.p50=±1.5", "-r", "40"}
	if code, _, stderr := simulate(t, args...); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, r := range readRows(t, filepath.Join(dir, "sweep.csv")) {
		lo, _ := strconv.ParseFloat(r["target_lo"], 64)
		hi, _ := strconv.ParseFloat(r["target_hi"], 64)
		want := "undecided"
		switch {
		case lo >= 27:
			want = "met"
		case hi < 27:
			want = "not met"
		}
		if r["target"] != "pool_months.p50 >= 27" || r["verdict"] != want {
			t.Errorf("point %s: target %q, interval [%v, %v], verdict %q; want %q", r["point"], r["target"], lo, hi, r["verdict"], want)
		}
		if n, _ := strconv.Atoi(r["replications"]); n < 40 || n%model.DesignBlock != 0 {
			t.Errorf("point %s: %d replications, want at least 40, in whole blocks", r["point"], n)
		}
		if r["pool_months_p50"] != r["target_figure"] {
			t.Errorf("point %s: target figure %s, want the P50 %s", r["point"], r["target_figure"], r["pool_months_p50"])
		}
	}
	code, _, stderr := simulate(t, append(args[:len(args):len(args)], "--quiet=false")...)
	if code != 0 || !strings.Contains(stderr, "resuming: 2 of 2 points already finished") {
		t.Errorf("rerun: exit %d, stderr %q; want every point resumed", code, stderr)
	}
}
