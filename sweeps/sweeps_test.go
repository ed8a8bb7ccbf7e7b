package sweeps

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
