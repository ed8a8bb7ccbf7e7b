package model

import (
	"errors"
	"strconv"
	"strings"
	"testing"
)

// TestParseParamKey checks the one grammar of the keys below a rule
// parameter's name, key by key.
func TestParseParamKey(t *testing.T) {
	tests := []struct {
		key     string
		want    ParamKey
		wantErr string
	}{
		{"2025", ParamKey{Kind: YearKey, Year: 2025}, ""},
		{"1000", ParamKey{Kind: YearKey, Year: 1000}, ""},
		{"9999", ParamKey{Kind: YearKey, Year: 9999}, ""},
		{"999", ParamKey{Kind: YearKey}, "year 999 is not a four-digit year"},
		{"10000", ParamKey{Kind: YearKey}, "year 10000 is not a four-digit year"},
		{"02025", ParamKey{Kind: YearKey}, "year 02025 is not a four-digit year"},
		{"+2025", ParamKey{Kind: YearKey}, "year +2025 is not a four-digit year"},
		{"-5", ParamKey{Kind: YearKey}, "year -5 is not a four-digit year"},
		{"active", ParamKey{Kind: StatusKey, Status: Active}, ""},
		{"flexible", ParamKey{Kind: StatusKey, Status: Flexible}, ""},
		{"retired", ParamKey{Kind: StatusKey, Status: Retired}, ""},
		{"primary", ParamKey{Kind: LevelKey, Level: Primary}, ""},
		{"tertiary", ParamKey{Kind: LevelKey, Level: Tertiary}, ""},
		{"Retired", ParamKey{}, `"Retired" is not a year, status or level: expected years, statuses (active, flexible, retired) or levels (primary, secondary, tertiary)`},
		{"", ParamKey{}, "is not a year, status or level"},
		{"2025.5", ParamKey{}, "is not a year, status or level"},
	}
	for _, tt := range tests {
		got, err := ParseParamKey(tt.key)
		if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
			t.Errorf("ParseParamKey(%q) error %v, want %q", tt.key, err, tt.wantErr)
		}
		if got != tt.want {
			t.Errorf("ParseParamKey(%q) = %+v, want %+v", tt.key, got, tt.want)
		}
	}
}

// TestParseParamPath checks the nesting order year > status > level, each
// optional, and that each kind appears once.
func TestParseParamPath(t *testing.T) {
	tests := []struct {
		path    string
		want    string // year/status/level, "-" where not named
		wantErr string
	}{
		{"", "-/-/-", ""},
		{"2025", "2025/-/-", ""},
		{"retired", "-/retired/-", ""},
		{"tertiary", "-/-/tertiary", ""},
		{"2025.retired", "2025/retired/-", ""},
		{"2025.tertiary", "2025/-/tertiary", ""},
		{"retired.tertiary", "-/retired/tertiary", ""},
		{"2025.retired.tertiary", "2025/retired/tertiary", ""},
		{"retired.2025", "", "a year key is not allowed here: expected levels (primary, secondary, tertiary) (nesting order year > status > level)"},
		{"tertiary.retired", "", "a status key is not allowed here: expected no further key"},
		{"2025.2026", "", "a year key is not allowed here: expected statuses"},
		{"active.retired", "", "a status key is not allowed here"},
		{"primary.primary", "", "a level key is not allowed here"},
		{"2025.x", "", `"x" is not a year, status or level`},
	}
	for _, tt := range tests {
		var segs []string
		if tt.path != "" {
			segs = strings.Split(tt.path, ".")
		}
		p, err := ParseParamPath(segs)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ParseParamPath(%q) error %v, want %q", tt.path, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseParamPath(%q): %v", tt.path, err)
			continue
		}
		got := []string{"-", "-", "-"}
		if p.Year != nil {
			got[0] = strconv.Itoa(*p.Year)
		}
		if p.Status != nil {
			got[1] = p.Status.String()
		}
		if p.Level != nil {
			got[2] = p.Level.String()
		}
		if g := strings.Join(got, "/"); g != tt.want {
			t.Errorf("ParseParamPath(%q) = %s, want %s", tt.path, g, tt.want)
		}
	}
}

// TestCheckKey checks that CheckKey accepts exactly what Set can vary.
func TestCheckKey(t *testing.T) {
	s := testScenario()
	for _, tt := range []struct {
		path    string
		whole   bool
		wantErr string
	}{
		{"outpatient.ratio.2025.primary", false, ""},
		{"outpatient.deductible.retired", false, ""},
		{"population.age_structure.active.male.30", false, ""},
		{"accounts.reform_start_month", true, ""},
		{"outpatient.cap.2025", false, "not dated"},
		{"outpatient.ratio.2020", false, "no value in force in 2020"},
		{"outpatient", false, "names a section"},
		{"outpatient.indexation", false, "does not name a number"},
		{"outpatient.capp", false, `"capp" is not a key of outpatient`},
	} {
		whole, err := s.CheckKey(tt.path)
		if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
			t.Errorf("CheckKey(%s) error %v, want %q", tt.path, err, tt.wantErr)
			continue
		}
		if whole != tt.whole {
			t.Errorf("CheckKey(%s) whole = %v, want %v", tt.path, whole, tt.whole)
		}
		// What CheckKey accepts, Set sets (to the value Get reads).
		if err == nil {
			x, gerr := s.Get(tt.path)
			if serr := s.Clone().Set(tt.path, x); gerr != nil || serr != nil {
				t.Errorf("CheckKey(%s) accepted, but Get: %v, Set: %v", tt.path, gerr, serr)
			}
		}
	}
	if _, err := s.CheckKey("outpatient.cap.2025"); !errors.Is(err, ErrUndated) {
		t.Errorf("CheckKey(outpatient.cap.2025) = %v, want ErrUndated", err)
	}
	var u *UnknownKeyError
	if _, err := s.CheckKey("outpatient.capp"); !errors.As(err, &u) || u.Key != "capp" || u.Section != "outpatient" || len(u.Known) == 0 {
		t.Errorf("CheckKey(outpatient.capp) = %#v, want an UnknownKeyError of capp in outpatient", err)
	}
}
