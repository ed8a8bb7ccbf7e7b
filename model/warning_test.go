package model

import (
	"strings"
	"testing"
)

// TestWarningsNameNoFlag: the model's warnings are values, worded without
// the flags of any program (the command words its advice itself).
func TestWarningsNameNoFlag(t *testing.T) {
	s := testScenario()
	s.Management.ContributionAdjustment.Enabled = false
	ws := Warnings(s, 4, 100)
	kinds := []WarningKind{Weighted, OpenLoop, FewReplications}
	if len(ws) != len(kinds) {
		t.Fatalf("Warnings = %v, want one of each kind %v", ws, kinds)
	}
	for i, w := range ws {
		if w.Kind != kinds[i] {
			t.Errorf("warning %d is of kind %d, want %d", i, w.Kind, kinds[i])
		}
		if strings.Contains(w.Error(), "--") || !strings.HasPrefix(w.Error(), w.Condition()) {
			t.Errorf("warning %d: %q names a flag, or does not begin with its condition %q", i, w.Error(), w.Condition())
		}
	}
	if got := ws[2].Error(); got != "only 4 replications: percentiles and probabilities are rough; use at least 100 for decisions" {
		t.Errorf("FewReplications: %q", got)
	}
}
