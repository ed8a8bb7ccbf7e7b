package main

import (
	"fmt"
	"maps"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"simulate/model"
	"simulate/reports"
	"simulate/scenarios"
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

// TestWarningLog: a warning is printed once, naming up to three runs, all
// of them counted, or three and the number of the others.
func TestWarningLog(t *testing.T) {
	l := newWarningLog("point", &runOptions{MaxMemory: 1 << 30}, 1)
	for i := range 5 {
		ws := []string{"every one"}
		if i < 4 {
			ws = append(ws, "four of five")
		}
		if i == 2 {
			ws = append(ws, "one", "one")
		}
		l.add(fmt.Sprintf("point %d", i), nil, nil, ws)
	}
	var b strings.Builder
	l.write(&b)
	want := "warning: all 5 points: every one\n" +
		"warning: point 0, point 1, point 2 and 1 more point: four of five\n" +
		"warning: point 2: one\n"
	if b.String() != want {
		t.Errorf("got\n%swant\n%s", b.String(), want)
	}
}

// TestWeightAdviceFitsMachine: the warning of a weight above 1 advises a
// run that fits this machine's memory and takes at most adviceSeconds:
// weight 1 where it fits (Qiannan), else the largest run that does (the
// default run of national-2021, whose weight 1 needs some 28 GiB and 76
// hours); never the weight-1 run that does not fit.
func TestWeightAdviceFitsMachine(t *testing.T) {
	load := func(name string) *model.Scenario {
		s, _, err := scenarios.Load(name)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	weightOf := func(s *model.Scenario, members int) string {
		for _, w := range model.Warnings(s, 100, members) {
			if strings.HasPrefix(w, weightWarning) {
				if !strings.Contains(w, weightAdvice) {
					t.Fatalf("the model's weight warning no longer advises with %q: %q", weightAdvice, w)
				}
				return w
			}
		}
		t.Fatalf("no weight warning (%q) from model.Warnings of %s at %d members", weightWarning, s.Name, members)
		return ""
	}
	advised := regexp.MustCompile(`about --members (\d+) \(weight`)
	national, qiannan := load("national-2021"), load("qiannan-2022")
	tests := []struct {
		name    string
		s       *model.Scenario
		members int
		limit   int64
		want    string // in the advice
		larger  bool   // advises a larger run than members, not weight 1
	}{
		{"Qiannan fits at weight 1", qiannan, 52000, 16 << 30, "run with --members 520000 (weight 1) for solvency figures", false},
		{"Qiannan in little memory", qiannan, 5000, model.FixedBytes + 40<<20, "would need about", true},
		{"the default run", national, 100000, 16 << 30, "(this advice allows 8.0 h)", true},
		{"the default run, no memory to spare", national, 100000, model.FixedBytes + 1<<20, "this run is already about the largest that fits", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := adviseWeight(weightOf(tt.s, tt.members), tt.s, 100, tt.members, 2, tt.limit)
			if !strings.Contains(w, tt.want) {
				t.Errorf("advice lacks %q:\n%s", tt.want, w)
			}
			if !strings.HasPrefix(w, weightWarning) || strings.Contains(w, weightAdvice) && !strings.Contains(w, "(weight 1) for solvency figures: about") {
				t.Errorf("advice not rewritten:\n%s", w)
			}
			m := advised.FindStringSubmatch(w)
			if tt.larger != (m != nil) {
				t.Fatalf("advises a larger run: %v, want %v:\n%s", m != nil, tt.larger, w)
			}
			if m == nil {
				return
			}
			n, _ := strconv.Atoi(m[1])
			e := model.EstimateRun(tt.s, 100, n, 2)
			if n <= tt.members || e.Bytes > tt.limit || e.Seconds > adviceSeconds {
				t.Errorf("advises --members %d: %s, %s against the limit %s; want more than %d members within the memory and %s",
					n, formatBytes(e.Bytes), formatDuration(e.Seconds), formatBytes(tt.limit), tt.members, formatDuration(adviceSeconds))
			}
		})
	}
	if w := "only 4 replications: rough"; adviseWeight(w, national, 4, 100, 2, 1<<30) != w {
		t.Errorf("another warning was rewritten")
	}
	// The log fits the advice to the largest run it saw.
	l := newWarningLog("run", &runOptions{MaxMemory: 16 << 30}, 2)
	w := weightOf(qiannan, 52000)
	l.add("a", qiannan, &reports.Summary{Replications: 100, Members: 52000}, []string{w})
	l.add("b", qiannan, &reports.Summary{Replications: 1000, Members: 52000}, []string{w})
	var b strings.Builder
	l.write(&b)
	if e := model.EstimateRun(qiannan, 1000, 520000, 2); !strings.Contains(b.String(), "warning: a, b: ") || !strings.Contains(b.String(), formatDuration(e.Seconds)+" on 2 workers") {
		t.Errorf("want one warning of a and b with the time of 1000 replications (%s):\n%s", formatDuration(e.Seconds), b.String())
	}
}
