package scenarios

import "testing"

// TestFlow: a value's one-line form is the one Canonical writes; a section
// or an unknown key is an error.
func TestFlow(t *testing.T) {
	s, _, err := Load("qiannan-2022")
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{
		"population.insured":     "520000",
		"outpatient.cap":         "2000",
		"outpatient.ratio":       "{primary: 0.7, secondary: 0.6, tertiary: 0.5}",
		"outpatient.legacy.cap":  "none",
		"accounts.family.uptake": "{2022: 0.33}", // dated: the national fit from 2022
	} {
		if got, err := Flow(s, path); err != nil || got != want {
			t.Errorf("Flow(%s) = %q, %v; want %q", path, got, err, want)
		}
	}
	for _, path := range []string{"outpatient", "outpatient.legacy", "outpatient.nothing", "population.age_structure", ""} {
		if got, err := Flow(s, path); err == nil {
			t.Errorf("Flow(%q) = %q, want an error", path, got)
		}
	}
}
