package scenarios

import (
	"strings"
	"testing"
)

func TestKeyTitle(t *testing.T) {
	for _, c := range []struct {
		path, lang, want string
	}{
		{"outpatient.ratio.primary", "en", "General outpatient ratio, primary care (ratio)"},
		{"outpatient.ratio.primary", "zh", "普通门诊报销比例（一级医疗机构）（比例）"},
		{"outpatient.cap", "en", "General outpatient cap (yuan a year)"},
		{"outpatient.cap.retired", "zh", "普通门诊最高支付限额（退休）（元/年）"},
		{"outpatient.ratio.2025.primary", "en", "General outpatient ratio, from 2025, primary care (ratio)"},
		{"outpatient.legacy.cap", "en", "Annual limit on pool payments; none: no limit (yuan a year)"},
	} {
		got, ok := KeyTitle(c.path, c.lang)
		if !ok || got != c.want {
			t.Errorf("KeyTitle(%q, %q) = %q, %v, want %q", c.path, c.lang, got, ok, c.want)
		}
	}
	if got, ok := KeyTitle("outpatient.nosuch", "en"); ok {
		t.Errorf("KeyTitle(outpatient.nosuch) = %q, true, want false", got)
	}
}

// TestKeyNamesAreKeys checks that every short name names a key of the
// parameter reference.
func TestKeyNamesAreKeys(t *testing.T) {
	for k := range keyNames {
		if _, _, n := keyReference(strings.Split(k, ".")); n != len(strings.Split(k, ".")) {
			t.Errorf("keyNames has %q, which is not a key of model.Scenario", k)
		}
	}
}
