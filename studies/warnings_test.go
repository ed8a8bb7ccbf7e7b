package studies

import (
	"fmt"
	"strings"
	"testing"

	"simulate/internal/numform"
	"simulate/model"
	"simulate/reports"
	"simulate/scenarios"
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
		l.add(fmt.Sprintf("point %d", i), ws)
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

// TestMemberAdviceFitsMachine: the advice for a weight above 1 is a run
// that fits this machine's memory and takes at most AdviceSeconds: weight
// 1 where it fits (Qiannan), else the largest run that does (the default
// run of national-2021, whose weight 1 needs some 28 GiB and 76 hours);
// never a weight-1 run that does not fit.
func TestMemberAdviceFitsMachine(t *testing.T) {
	load := func(name string) *model.Scenario {
		s, _, err := scenarios.Load(name)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	national, qiannan := load("national-2021"), load("qiannan-2022")
	tests := []struct {
		name    string
		s       *model.Scenario
		members int
		limit   int64
		fits    bool
		larger  bool // advises a larger run than members, not weight 1
	}{
		{"Qiannan fits at weight 1", qiannan, 52000, 16 << 30, true, false},
		{"Qiannan in little memory", qiannan, 5000, model.FixedBytes + 40<<20, false, true},
		{"the default run", national, 100000, 16 << 30, false, true},
		{"the default run, no memory to spare", national, 100000, model.FixedBytes + 1<<20, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := adviseMembers(tt.s, 100, tt.members, 2, tt.limit)
			full := model.EstimateRun(tt.s, 100, int(tt.s.Population.Insured+0.5), 2)
			if a.Full != int(tt.s.Population.Insured+0.5) || a.Estimate != full {
				t.Errorf("advice of weight 1: %d members, %+v; want %.0f, %+v", a.Full, a.Estimate, tt.s.Population.Insured, full)
			}
			if a.Fits != tt.fits || a.Fits != (full.Bytes <= tt.limit && full.Seconds <= AdviceSeconds) {
				t.Fatalf("Fits = %v, want %v (weight 1: %s, %s)", a.Fits, tt.fits, numform.Bytes(full.Bytes), numform.Duration(full.Seconds))
			}
			if larger := !a.Fits && a.Largest > a.Members; larger != tt.larger {
				t.Fatalf("advises a larger run: %v (%d members), want %v", larger, a.Largest, tt.larger)
			}
			if a.Fits || a.Largest <= tt.members {
				return
			}
			e := model.EstimateRun(tt.s, 100, a.Largest, 2)
			if e.Bytes > tt.limit || e.Seconds > AdviceSeconds {
				t.Errorf("advises %d members: %s, %s against the limit %s; want within the memory and %s",
					a.Largest, numform.Bytes(e.Bytes), numform.Duration(e.Seconds), numform.Bytes(tt.limit), numform.Duration(AdviceSeconds))
			}
			if w := tt.s.Population.Insured / float64(a.Largest); a.Weight != w {
				t.Errorf("Weight = %v, want %v", a.Weight, w)
			}
		})
	}
}

// testWords words a warning with its advice's replications' time, to see
// which run the log fitted the advice to.
type testWords struct{}

func (testWords) Word(w model.Warning, a *MemberAdvice) string {
	if a == nil {
		return w.Error()
	}
	return "fitted: " + numform.Duration(a.Estimate.Seconds)
}

// TestWarningLogFitsAdvice: the log shows the model's warning of a weight
// above 1 in its wording, fitted to the largest run it came from, and the
// summary's texts as saved.
func TestWarningLogFitsAdvice(t *testing.T) {
	s, _, err := scenarios.Load("qiannan-2022")
	if err != nil {
		t.Fatal(err)
	}
	o := &Options{MemoryLimit: 16 << 30, Words: testWords{}}
	l := newWarningLog("run", o, 2)
	for _, run := range []struct {
		name string
		reps int
	}{{"a", 100}, {"b", 1000}, {"c", 200}} {
		sum := &reports.Summary{Replications: run.reps, Members: 52000}
		sum.Warnings = o.say([]string{"a scenario's warning"}, model.Warnings(s, run.reps, 52000))
		l.addRun(run.name, s, sum)
	}
	var b strings.Builder
	l.write(&b)
	e := model.EstimateRun(s, 1000, 520000, 2)
	want := "warning: a, b, c: a scenario's warning\nwarning: a, b, c: fitted: " + numform.Duration(e.Seconds) + "\n" +
		"warning: a, b, c: " + model.Warning{Kind: model.OpenLoop}.Error() + "\n"
	if b.String() != want {
		t.Errorf("got\n%swant\n%s", b.String(), want)
	}
}
