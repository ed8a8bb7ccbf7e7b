package model

import (
	"context"
	"testing"
)

// BenchmarkMemberYear measures the member-year step of the full test
// scenario (every mechanism on) on one worker, and reports member-years per
// second.
func BenchmarkMemberYear(b *testing.B) {
	s := testScenario()
	s.Horizon = 2
	opt := Options{Seed: 1, Replications: 1, Members: 20000, Workers: 1}
	var memberYears float64
	for b.Loop() {
		res, err := Run(context.Background(), s, opt)
		if err != nil {
			b.Fatal(err)
		}
		memberYears += res.MemberYears
	}
	b.ReportMetric(memberYears/b.Elapsed().Seconds(), "member-years/s")
}
