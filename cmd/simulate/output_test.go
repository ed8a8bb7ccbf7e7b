package main

import (
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// tinyFlags keep every simulating command of the output tests short; two
// replications draw the model's "only 2 replications" warning from every
// run.
var tinyFlags = []string{"-r", "2", "-n", "300", "--horizon", "2", "--workers", "1", "--no-charts", "--no-report"}

// TestOneOutputBehaviour runs every command that prints results with and
// without --quiet: with it stdout is empty; without it stdout has the
// command's results table; either way the warnings of the runs are on
// stderr, each once, naming the runs it came from.
func TestOneOutputBehaviour(t *testing.T) {
	tmp := t.TempDir()
	// What chart, report and merge work on.
	saved := filepath.Join(tmp, "saved")
	mustRun(t, append([]string{"run", "-s", "qiannan-2022", "-o", saved, "--quiet"}, tinyFlags...)...)
	var shards []string
	for k := range 2 {
		d := filepath.Join(tmp, fmt.Sprintf("shard%d", k))
		mustRun(t, append([]string{"run", "-s", "qiannan-2022", "-o", d, "--quiet", "--shard", fmt.Sprintf("%d/2", k)}, tinyFlags...)...)
		shards = append(shards, d)
	}
	scenario := filepath.Join(tmp, "city.yaml")
	mustRun(t, "init", strings.TrimSuffix(scenario, ".yaml"), "--from", "qiannan-2022", "--quiet")

	const only = "only 2 replications"
	tests := []struct {
		name  string
		args  []string // without -o, which the test adds
		table string   // in stdout without --quiet
		warn  string   // a warning line's start in stderr, or ""
	}{
		{"run", append([]string{"run", "-s", "qiannan-2022"}, tinyFlags...), "months of payment", "warning: qiannan-2022: " + only},
		{"run --against", append([]string{"run", "-s", "national-2021", "--against", "status-quo"}, tinyFlags...), "paired differences at 2022", "warning: status-quo, national-2021: " + only},
		{"compare", append([]string{"compare", "-s", "status-quo", "-s", "national-2021"}, tinyFlags...), "pool_balance", "warning: status-quo, national-2021: " + only},
		{"sweep", append([]string{"sweep", "-s", "qiannan-2022", "--vary", "outpatient.cap=1000,2000"}, tinyFlags...), "2 points: ",
			"warning: point 0 (outpatient.cap=1000), point 1 (outpatient.cap=2000): " + only},
		{"sweep of 5", append([]string{"sweep", "-s", "qiannan-2022", "--vary", "outpatient.cap=1000:3000:500"}, tinyFlags...), "5 points: ", "warning: all 5 points: " + only},
		{"solve", append([]string{"solve", "-s", "qiannan-2022", "--free", "outpatient.ratio.primary=0.5:0.9", "--target", "pool_months.mean >= 0", "--tol", "0.2"}, tinyFlags...),
			"value of outpatient.ratio.primary", "warning: outpatient.ratio.primary=0.5, outpatient.ratio.primary=0.9: " + only},
		{"sensitivity", append([]string{"sensitivity", "-s", "qiannan-2022", "--keys", "outpatient.cap"}, tinyFlags...), "outpatient.cap",
			"warning: qiannan-2022, outpatient.cap=1800, outpatient.cap=2200: " + only},
		{"merge", append([]string{"merge"}, shards...), "months of payment", "warning: qiannan-2022: " + only},
		{"chart", []string{"chart", saved}, "chart: ", ""},
		{"report", []string{"report", saved}, "report: ", ""},
		{"validate", []string{"validate", scenario}, ": valid", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, quiet := range []bool{false, true} {
				args := slices.Clone(tt.args)
				if tt.name != "chart" && tt.name != "report" && tt.name != "validate" {
					args = append(args, "-o", filepath.Join(tmp, strings.ReplaceAll(tt.name, " ", "-"), strconv.FormatBool(quiet)))
				}
				if quiet {
					args = append(args, "--quiet")
				}
				code, stdout, stderr := simulate(t, args...)
				if code != 0 {
					t.Fatalf("%v: exit %d: %s", args, code, stderr)
				}
				if quiet && stdout != "" {
					t.Errorf("--quiet: stdout %q, want nothing", stdout)
				}
				if !quiet && !strings.Contains(stdout, tt.table) {
					t.Errorf("stdout lacks the results table (%q):\n%s", tt.table, stdout)
				}
				if strings.Contains(stdout, "warning:") {
					t.Errorf("a warning on stdout:\n%s", stdout)
				}
				if tt.warn == "" {
					continue
				}
				if !strings.Contains(stderr, tt.warn) {
					t.Errorf("quiet %v: stderr lacks %q:\n%s", quiet, tt.warn, stderr)
				}
				if n := strings.Count(stderr, only); n != 1 {
					t.Errorf("quiet %v: the warning %q is printed %d times, want once:\n%s", quiet, only, n, stderr)
				}
				if quiet && strings.Contains(stderr, "precision:") || quiet && strings.Contains(stderr, " = 0.5: ") {
					t.Errorf("--quiet: a note on stderr:\n%s", stderr)
				}
			}
		})
	}
}

// TestBadFlagEveryCommand: every command answers an unknown flag with exit
// code 2 and the flag named, nothing on stdout.
func TestBadFlagEveryCommand(t *testing.T) {
	for _, name := range append(slices.Sorted(maps.Keys(commands)), "help") {
		code, stdout, stderr := simulate(t, name, "--no-such-flag")
		if name == "help" {
			// help takes a command or topic, not flags: the same refusal.
			code, stdout, stderr = simulate(t, name, "no-such-topic")
		}
		if code != exitUsage || stdout != "" || !strings.Contains(stderr, "no-such-") {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit 2 naming the flag", name, code, stdout, stderr)
		}
	}
}

// TestHelpSaysOutput: the help of every command that simulates or merges
// says what goes to stdout and stderr and what --quiet drops.
func TestHelpSaysOutput(t *testing.T) {
	for _, name := range []string{"run", "compare", "sweep", "solve", "sensitivity", "calibrate", "merge"} {
		_, stdout, _ := simulate(t, name, "--help")
		if !strings.Contains(stdout, strings.TrimSpace(outputHelp)) || !strings.Contains(stdout, "Exit codes: 0 success") {
			t.Errorf("%s --help lacks the output paragraph or the exit codes:\n%s", name, stdout)
		}
	}
}
