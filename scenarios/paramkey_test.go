package scenarios

import (
	"strings"
	"testing"

	"simulate/model"
)

// TestParamKeyGrammar checks that a scenario file and a key path read the
// keys below a rule parameter's name by one grammar: for every chain of up
// to three keys, the loader accepts outpatient: {cap: {K1: {K2: {K3: N}}}}
// exactly when model.ParseParamPath accepts outpatient.cap.K1.K2.K3, and
// what it accepts, Get reads and CheckKey passes. A mapping by status or
// level gets the siblings a file must give (active and retired; every
// level), as plain numbers.
func TestParamKeyGrammar(t *testing.T) {
	words := []string{"2000", "999", "02000", "active", "retired", "primary", "tertiary", "x"}
	var chains [][]string
	var grow func(c []string)
	grow = func(c []string) {
		if len(c) > 0 {
			chains = append(chains, c)
		}
		if len(c) == 3 {
			return
		}
		for _, w := range words {
			grow(append(append([]string(nil), c...), w))
		}
	}
	grow(nil)
	accepted := 0
	for _, c := range chains {
		yaml := "1000"
		for i := len(c) - 1; i >= 0; i-- {
			yaml = "{" + c[i] + ": " + yaml + siblings(c[i]) + "}"
		}
		_, _, err := load(t, "outpatient: {cap: "+yaml+"}\n")
		loaderOK := err == nil
		_, perr := model.ParseParamPath(c)
		if loaderOK != (perr == nil) {
			t.Errorf("keys %v: the loader says %v, ParseParamPath says %v", c, err, perr)
			continue
		}
		if err != nil || perr != nil {
			continue
		}
		accepted++
		s, _, _ := load(t, "outpatient: {cap: "+yaml+"}\n")
		path := "outpatient.cap." + strings.Join(c, ".")
		if x, gerr := s.Get(path); gerr != nil || x != 1000 {
			t.Errorf("Get(%s) = %v, %v after loading %s, want 1000", path, x, gerr, yaml)
		}
		if _, cerr := s.CheckKey(path); cerr != nil {
			t.Errorf("CheckKey(%s): %v after loading %s", path, cerr, yaml)
		}
	}
	if accepted == 0 {
		t.Fatal("no chain of keys was accepted")
	}
	t.Logf("%d chains, %d accepted by both", len(chains), accepted)
}

// siblings returns the keys a file must give beside key in one mapping, as
// ", K: 500" each: the other required statuses, the other levels.
func siblings(key string) string {
	var out string
	var names []string
	if _, ok := model.ParseStatus(key); ok {
		names = []string{"active", "retired"}
	}
	if _, ok := model.ParseLevel(key); ok {
		names = model.LevelNames[:]
	}
	for _, n := range names {
		if n != key {
			out += ", " + n + ": 500"
		}
	}
	return out
}
