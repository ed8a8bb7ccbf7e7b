package main

import (
	"strings"
	"testing"

	"simulate/model"
	"simulate/studies"
)

// TestFlagWords: the command words the model's warnings in its own terms.
// A summary's weight warning advises --members at weight 1; on the
// terminal the advice says what fits this machine.
func TestFlagWords(t *testing.T) {
	weighted := model.Warning{Kind: model.Weighted, Weight: 10, Insured: 519999.6}
	few := model.Warning{Kind: model.FewReplications, Replications: 4}
	var f flagWords
	if got, want := f.Word(weighted, nil), weighted.Condition()+"; run with --members 520000 (weight 1) for solvency figures"; got != want {
		t.Errorf("saved weight warning %q, want %q", got, want)
	}
	for _, a := range []*studies.MemberAdvice{nil, {Fits: true}} {
		if got := f.Word(few, a); got != few.Error() {
			t.Errorf("another warning %q, want the model's %q", got, few.Error())
		}
	}
	gib := int64(1 << 30)
	tests := []struct {
		name string
		a    studies.MemberAdvice
		want []string
		not  []string
	}{
		{"weight 1 fits", studies.MemberAdvice{Full: 520000, Fits: true, Workers: 2, Limit: 16 * gib,
			Estimate: model.Estimate{Bytes: 2 * gib, Seconds: 600}},
			[]string{"; run with --members 520000 (weight 1) for solvency figures: about 2.0 GiB of memory and 10 min on 2 workers here"}, []string{"would need"}},
		{"too long", studies.MemberAdvice{Full: 350000000, Workers: 2, Limit: 16 * gib, Members: 100000, Largest: 2400000, Weight: 145.8,
			Estimate: model.Estimate{Bytes: 8 * gib, Seconds: 76 * 3600}},
			[]string{"; weight 1 (--members 350000000) would need about 8.0 GiB of memory and 76.0 h on 2 workers (this advice allows 8.0 h), more than this machine allows",
				"; the largest run that fits is about --members 2400000 (weight 146)", "; or shard the weight-1 run over several machines (--shard K/N"},
			[]string{"the limit is"}},
		{"too large", studies.MemberAdvice{Full: 350000000, Workers: 2, Limit: 16 * gib, Members: 100000, Largest: 100000,
			Estimate: model.Estimate{Bytes: 28 * gib, Seconds: 3600}},
			[]string{"28.0 GiB of memory (the limit is 16.0 GiB)", "; this run is already about the largest that fits"},
			[]string{"shard", "advice allows"}},
	}
	for _, tt := range tests {
		got := f.Word(weighted, &tt.a)
		if !strings.HasPrefix(got, weighted.Condition()+"; ") {
			t.Errorf("%s: %q does not start with the condition", tt.name, got)
		}
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: %q lacks %q", tt.name, got, w)
			}
		}
		for _, w := range tt.not {
			if strings.Contains(got, w) {
				t.Errorf("%s: %q has %q", tt.name, got, w)
			}
		}
	}
}
