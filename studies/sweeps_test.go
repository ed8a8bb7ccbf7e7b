package studies

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"testing"
)

func TestParseVary(t *testing.T) {
	tests := []struct {
		arg     string
		sampled bool
		want    string
		wantErr string
	}{
		{"outpatient.ratio.primary=0.5,0.6,0.7", false, "[0.5 0.6 0.7]", ""},
		{"outpatient.cap=1000:3000:500", false, "[1000 1500 2000 2500 3000]", ""},
		{"outpatient.ratio.primary=0.5:0.7:0.1", false, "[0.5 0.6 0.7]", ""},
		{"x=0:1:0.3", false, "[0 0.3 0.6 0.9]", ""},
		{"x=0:1:0.4", false, "[0 0.4 0.8]", ""},
		{"x=0:1.05:0.1", false, "[0 0.1 0.2 0.3 0.4 0.5 0.6 0.7 0.8 0.9 1]", ""},
		{"x=0:0.96:0.1", false, "[0 0.1 0.2 0.3 0.4 0.5 0.6 0.7 0.8 0.9 1]", ""},
		{"x=0.5:0.7", true, "sampled", ""},
		{"x=1:0:0.1", false, "", "empty range"},
		{"x=0:1:0", false, "", "step must be above 0"},
		{"x=0:1", false, "", "needs --samples"},
		{"x=a,b", false, "", "not a number"},
		{"=1,2", false, "", "want KEY=SPEC"},
		{"x=1:1", true, "", "empty interval"},
		{"x=1,2", true, "", "interval"},
	}
	for _, tt := range tests {
		a, err := ParseVary(tt.arg, tt.sampled)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ParseVary(%q) error %v, want %q", tt.arg, err, tt.wantErr)
			}
			continue
		}
		got := fmt.Sprint(a.Values)
		if a.Sampled {
			got = "sampled"
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseVary(%q) = %s, %v; want %s", tt.arg, got, err, tt.want)
		}
	}
}

func TestPointsCrossAndZip(t *testing.T) {
	a := Axis{Key: "a", Values: []float64{1, 2}}
	b := Axis{Key: "b", Values: []float64{10, 20, 30}}
	pts, err := Points([]Axis{a, b}, false, 0, 1)
	if err != nil || len(pts) != 6 || fmt.Sprint(pts[1].Values) != "[1 20]" || fmt.Sprint(pts[3].Values) != "[2 10]" {
		t.Errorf("cross: %v, %v", pts, err)
	}
	if _, err := Points([]Axis{a, b}, true, 0, 1); err == nil {
		t.Errorf("zip of unequal axes: no error")
	}
	c := Axis{Key: "c", Values: []float64{5, 6}}
	pts, err = Points([]Axis{a, c}, true, 0, 1)
	if err != nil || len(pts) != 2 || fmt.Sprint(pts[1].Values) != "[2 6]" {
		t.Errorf("zip: %v, %v", pts, err)
	}
	if _, err := Points([]Axis{a, a}, false, 0, 1); err == nil {
		t.Errorf("a key given twice: no error")
	}
}

// TestLatinHypercube checks that each sampled axis has exactly one point in
// each of the N equal strata of its interval.
func TestLatinHypercube(t *testing.T) {
	axes := []Axis{{Key: "a", Low: 0, High: 1, Sampled: true}, {Key: "b", Low: 100, High: 200, Sampled: true}}
	const n = 50
	pts, err := Points(axes, false, n, 7)
	if err != nil || len(pts) != n {
		t.Fatalf("%d points, %v", len(pts), err)
	}
	for j, a := range axes {
		var strata []int
		for _, p := range pts {
			strata = append(strata, int(math.Floor((p.Values[j]-a.Low)/(a.High-a.Low)*n)))
		}
		sort.Ints(strata)
		for i, s := range strata {
			if s != i {
				t.Fatalf("axis %s: strata %v, want one point in each", a.Key, strata)
			}
		}
	}
}

func TestParseTarget(t *testing.T) {
	tests := []struct {
		s       string
		want    string
		wantErr string
	}{
		{"pool_months.p05@all >= 6", "pool_months p05 0 true >= 6", ""},
		{"pool_balance > 0", "pool_balance mean 0 false > 0", ""},
		{"p_depleted@2030 <= 0.05", "p_depleted mean 2030 false <= 0.05", ""},
		{"pool_months.p42 >= 6", "", "statistic"},
		{"pool_months = 6", "", "OP"},
		{"pool_months >= six", "", "not a number"},
		{"pool_months@soon >= 6", "", "not a year"},
		{">= 6", "", "no metric"},
	}
	for _, tt := range tests {
		g, err := ParseTarget(tt.s)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ParseTarget(%q) error %v, want %q", tt.s, err, tt.wantErr)
			}
			continue
		}
		got := fmt.Sprintf("%s %s %d %v %s %v", g.Metric, g.Stat, g.Year, g.All, g.Op, g.Value)
		if err != nil || got != tt.want {
			t.Errorf("ParseTarget(%q) = %s, %v; want %s", tt.s, got, err, tt.want)
		}
	}
}

// TestInputNumberForms checks that the numbers of --vary specs and targets
// are plain decimals: the forms strconv would also read (010, 0x1p-2, .5)
// are refused with a message naming the flag and the plain form to write.
func TestInputNumberForms(t *testing.T) {
	vary := []struct{ arg, want string }{
		{"x=010,20", "--vary x: 010 is not a plain decimal number (write 10)"},
		{"x=0.1:0.5:.1", "--vary x: .1 is not a plain decimal number (write 0.1)"},
		{"x=1_000:2000:500", "--vary x: 1_000 is not a plain decimal number (write 1000)"},
		{"x=0x1p-2", `--vary x: "0x1p-2" is not a number`},
		{"x=Inf", `--vary x: "Inf" is not a number`},
		{"x=1e999", `--vary x: "1e999" is not a number`},
		{"x=1e3,2.5e-3,-0.5,+2", ""},
	}
	for _, tt := range vary {
		_, err := ParseVary(tt.arg, false)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("ParseVary(%q) = %v, want no error", tt.arg, err)
		case tt.want != "" && (err == nil || err.Error() != tt.want):
			t.Errorf("ParseVary(%q) = %v, want %s", tt.arg, err, tt.want)
		}
	}
	targets := []struct{ arg, want string }{
		{"pool_months.p05@all >= 06", `target "pool_months.p05@all >= 06": 06 is not a plain decimal number (write 6)`},
		{"pool_months >= 0x6", `target "pool_months >= 0x6": 0x6 is not a plain decimal number (write 6)`},
		{"pool_months@02030 >= 6", `target "pool_months@02030 >= 6": @02030 is not a year, all or horizon`},
	}
	for _, tt := range targets {
		if _, err := ParseTarget(tt.arg); err == nil || err.Error() != tt.want {
			t.Errorf("ParseTarget(%q) = %v, want %s", tt.arg, err, tt.want)
		}
	}
	if _, err := Points([]Axis{{Key: "x", Low: 0, High: 1, Sampled: true}}, false, MaxPoints+1, 1); err == nil || err.Error() != "--samples 1000001: too many points (at most 1000000)" {
		t.Errorf("Points of MaxPoints+1 samples = %v", err)
	}
}
