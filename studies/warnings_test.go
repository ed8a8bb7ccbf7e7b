package studies

import (
	"fmt"
	"regexp"
	"simulate/internal/numform"
	"simulate/model"
	"simulate/reports"
	"simulate/scenarios"
	"strconv"
	"strings"
	"testing"
)

// TestWarningLog: a warning is printed once, naming up to three runs, all
// of them counted, or three and the number of the others.
func TestWarningLog(t *testing.T) {
	l := newWarningLog("point", &Options{MemoryLimit: 1 << 30}, 1)
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
		for _, w := range words(nil, model.Warnings(s, 100, members)) {
			if strings.HasPrefix(w, weightWarning) {
				if !strings.Contains(w, weightAdvice) {
					t.Fatalf("the command's weight warning no longer advises with %q: %q", weightAdvice, w)
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
					n, numform.Bytes(e.Bytes), formatDuration(e.Seconds), numform.Bytes(tt.limit), tt.members, formatDuration(adviceSeconds))
			}
		})
	}
	if w := "only 4 replications: rough"; adviseWeight(w, national, 4, 100, 2, 1<<30) != w {
		t.Errorf("another warning was rewritten")
	}
	// The log fits the advice to the largest run it saw.
	l := newWarningLog("run", &Options{MemoryLimit: 16 << 30}, 2)
	w := weightOf(qiannan, 52000)
	l.add("a", qiannan, &reports.Summary{Replications: 100, Members: 52000}, []string{w})
	l.add("b", qiannan, &reports.Summary{Replications: 1000, Members: 52000}, []string{w})
	var b strings.Builder
	l.write(&b)
	if e := model.EstimateRun(qiannan, 1000, 520000, 2); !strings.Contains(b.String(), "warning: a, b: ") || !strings.Contains(b.String(), formatDuration(e.Seconds)+" on 2 workers") {
		t.Errorf("want one warning of a and b with the time of 1000 replications (%s):\n%s", formatDuration(e.Seconds), b.String())
	}
}
