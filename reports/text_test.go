package reports

import (
	"strings"
	"testing"

	"simulate/model"
)

func TestWriteText(t *testing.T) {
	res := solvencyResult()
	for i := range 4 {
		for y := range 3 {
			set(res, i, y, model.PoolIncome, 1.5e9+float64(i)*1e8) // 15 亿 + i
			set(res, i, y, model.PoolExpenditure, 1.2e9)
		}
	}
	sum := Summarize(res, testBands)
	var b strings.Builder
	if err := WriteText(&b, sum, "out/qn"); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	for _, want := range []string{
		"test-scenario: 4 replications × 1000 members (weight 5), 2022–2024",
		"亿 yuan",
		"pool income", "16.50 [15.15, 17.85]", // mean 16.5 亿, p05 15.15, p95 17.85
		"pool expenditure", "12.00 [12.00, 12.00]",
		"months of payment", "n/a [n/a, n/a]", // 2024: all undefined
		"solvency in 2024: deficit 0.0%, depleted 50.0%",
		"median first deficit year: beyond 2024; median depletion year: 2024",
		"output: out/qn",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("WriteText output lacks %q:\n%s", want, got)
		}
	}
	if len(sum.Warnings) == 0 || strings.Contains(got, sum.Warnings[0]) {
		t.Errorf("WriteText output holds the warnings %q (they go to stderr), or there are none to leave out:\n%s", sum.Warnings, got)
	}
	if strings.Contains(got, "NaN") {
		t.Errorf("WriteText output contains NaN:\n%s", got)
	}
}

func TestTextColumns(t *testing.T) {
	tests := []struct {
		ny   int
		want []int
	}{
		{0, nil}, {1, []int{0}}, {2, []int{0, 1}}, {3, []int{0, 1, 2}}, {10, []int{0, 4, 9}},
	}
	for _, tt := range tests {
		got := textColumns(tt.ny)
		if len(got) != len(tt.want) {
			t.Errorf("textColumns(%d) = %v, want %v", tt.ny, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("textColumns(%d) = %v, want %v", tt.ny, got, tt.want)
			}
		}
	}
}
