package main

import (
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"simulate/model"
	"simulate/scenarios"
)

// BenchmarkBenchV1 runs the throughput benchmark's scenario (bench-v1) on
// one worker, 100,000 members over its 10 years, and reports member-years
// and visits per second: the single-thread figure behind `simulate bench`,
// for before/after comparisons with -count and a profile (-cpuprofile).
func BenchmarkBenchV1(b *testing.B) {
	s, _, err := scenarios.Load("bench-v1")
	if err != nil {
		b.Fatal(err)
	}
	opt := model.Options{Seed: 1, Replications: 1, Members: 100_000, Workers: 1}
	var memberYears, visits float64
	for b.Loop() {
		res, err := model.Run(context.Background(), s, opt)
		if err != nil {
			b.Fatal(err)
		}
		memberYears += res.MemberYears
		for y := range res.Years {
			visits += res.Value(0, y, model.VisitsOutpatient) / res.Weight
		}
	}
	b.ReportMetric(memberYears/b.Elapsed().Seconds(), "member-years/s")
	b.ReportMetric(visits/b.Elapsed().Seconds(), "visits/s")
}

// TestBenchAgainstFloor builds the benchmark's floor program (tools/floor)
// and runs `simulate bench` against it at a small size, with the scaling
// measurement: the comparison a performance claim rests on keeps working.
// It checks the report, never a speed (timings belong to benchmarks).
func TestBenchAgainstFloor(t *testing.T) {
	floor := filepath.Join(t.TempDir(), "floor")
	build := exec.Command("go", "build", "-o", floor, "./floor")
	build.Dir = filepath.Join("..", "..", "tools", "floor")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the floor: %v\n%s", err, out)
	}
	code, stdout, stderr := simulate(t, "bench", "-n", "20000", "--rounds", "1", "--floor", floor, "--scaling")
	if code != 0 {
		t.Fatalf("bench: exit %d\n%s", code, stderr)
	}
	for _, want := range []string{"member-years/s", "visits/s", "bytes/member", "floor: member-years/s", "ratio to the floor:", "scaling 2/1 workers:"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("bench output lacks %q:\n%s", want, stdout)
		}
	}
}
