package scenarios

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// TestParameterReference checks that docs/parameters.md is what
// ParameterReference generates (-update rewrites it, as go run ./cmd/docs does).
func TestParameterReference(t *testing.T) {
	const file = "../docs/parameters.md"
	got := ParameterReference()
	if *update {
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v: run `go run ./cmd/docs` from the module root to generate it", err)
	}
	if !bytes.Equal(got, want) {
		line := 1
		for i := range min(len(got), len(want)) {
			if got[i] != want[i] {
				break
			}
			if got[i] == '\n' {
				line++
			}
		}
		t.Errorf("docs/parameters.md is out of date (first difference at line %d): run `go run ./cmd/docs` from the module root", line)
	}
	for _, key := range []string{"`horizon`", "`extends`", "`population.retirement.schedule`", "`outpatient.ratio`", "`outpatient.legacy.cap`",
		"`accounts.family.start_month`", "`chronic.conditions.NAME.prevalence`", "`inpatient.serious_illness.financing`", "`fund.bands.excess`", "`uncertainty`"} {
		if !bytes.Contains(got, []byte("| "+key+" |")) {
			t.Errorf("the reference has no row for %s", key)
		}
	}
	if n := strings.Count(string(got), "\n| `"); n < 100 {
		t.Errorf("the reference has %d rows, want every key (over 100)", n)
	}
}
