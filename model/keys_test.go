package model

import (
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// TestKeyTags: the index of the keys reads every key's tags as written —
// a range tag's sides are numbers or empty (ParseBounds would take a
// misspelt side for an open one), an enum lists words, every key but a section has a doc
// — and a key path found by SectionKeys is the one Set and Get walk.
func TestKeyTags(t *testing.T) {
	s := testScenario()
	var walk func(t reflect.Type, path string)
	n := 0
	walk = func(typ reflect.Type, path string) {
		for _, k := range SectionKeys(typ, path) {
			n++
			ft := k.Field.Type
			if ft.Kind() == reflect.Slice {
				ft = ft.Elem()
			}
			section := ft.Kind() == reflect.Struct && len(SectionKeys(ft, "")) > 0
			if k.Doc == "" && !section {
				t.Errorf("%s: no doc tag", k.Path)
			}
			if tag := k.Field.Tag.Get("range"); tag != "" {
				lo, hi, ok := strings.Cut(tag, ",")
				for _, side := range []string{lo, hi} {
					if _, err := strconv.ParseFloat(side, 64); side != "" && err != nil || !ok {
						t.Errorf("%s: range tag %q: want LO,HI with each side a number or empty", k.Path, tag)
					}
				}
			}
			for _, w := range k.Enum {
				if w == "" || strings.ContainsAny(w, " ,") {
					t.Errorf("%s: enum word %q", k.Path, w)
				}
			}
			if section {
				walk(ft, k.Path)
			}
		}
	}
	walk(reflect.TypeFor[Scenario](), "")
	if n < 100 {
		t.Errorf("%d keys, want the scenario's 100 and more", n)
	}
	for _, path := range []string{"outpatient.cap", "contributions.employer_rate", "population.insured"} {
		if _, err := s.Get(path); err != nil {
			t.Errorf("Get(%q): %v", path, err)
		}
	}
}

// TestParseBounds: the one range parser.
func TestParseBounds(t *testing.T) {
	tests := []struct {
		tag    string
		lo, hi string
	}{
		{"0,1", "0", "1"},
		{"0,", "0", "+Inf"},
		{",100", "-Inf", "100"},
		{"", "-Inf", "+Inf"},
		{" -0.5 , 1 ", "-0.5", "1"},
	}
	for _, tt := range tests {
		b := ParseBounds(tt.tag)
		if got := strconv.FormatFloat(b.Low(), 'g', -1, 64); got != tt.lo {
			t.Errorf("ParseBounds(%q).Low() = %s, want %s", tt.tag, got, tt.lo)
		}
		if got := strconv.FormatFloat(b.High(), 'g', -1, 64); got != tt.hi {
			t.Errorf("ParseBounds(%q).High() = %s, want %s", tt.tag, got, tt.hi)
		}
	}
}
