package model

import (
	"math"
	"slices"
	"testing"
)

// TestNormalQuantile checks Φ⁻¹ against published values and by the round
// trip Φ(Φ⁻¹(p)) = p through math.Erfc: to 1e-11 relative in p, which in
// the far tail (x ≈ −21 at 1e-100, where dp/p ≈ |x|·dx) is an x accurate to
// about 1e-14 relative.
func TestNormalQuantile(t *testing.T) {
	for _, c := range []struct{ p, want float64 }{
		{0.5, 0},
		{0.975, 1.959963984540054},
		{0.05, -1.6448536269514722},
		{0.95, 1.6448536269514722},
		{1e-10, -6.361340902404056},
		{0.001, -3.090232306167813},
	} {
		if got := NormalQuantile(c.p); math.Abs(got-c.want) > 1e-13*max(1, math.Abs(c.want)) {
			t.Errorf("NormalQuantile(%v) = %.16g, want %.16g", c.p, got, c.want)
		}
	}
	for _, p := range []float64{1e-300, 1e-100, 1e-20, 1e-5, 0.01, 0.02425, 0.1, 0.3, 0.42, 0.5, 0.6, 0.9, 0.99} {
		x := NormalQuantile(p)
		if back := 0.5 * math.Erfc(-x/math.Sqrt2); math.Abs(back-p) > 1e-11*p {
			t.Errorf("Φ(Φ⁻¹(%g)) = %g", p, back)
		}
		if y := NormalQuantile(1 - p); p >= 1e-5 && math.Abs(x+y) > 1e-9 {
			t.Errorf("Φ⁻¹(%g) = %g but Φ⁻¹(1−p) = %g", p, x, y)
		}
	}
	if !math.IsInf(NormalQuantile(0), -1) || !math.IsInf(NormalQuantile(1), 1) {
		t.Error("NormalQuantile(0) and (1) are not -Inf and +Inf")
	}
}

// TestStrata checks the Latin hypercube: in every block, each input's
// uniforms fall once in each of the DesignBlock strata; a partial block
// still falls in distinct strata; independent leaves the uniform alone.
func TestStrata(t *testing.T) {
	st := newStrata(7, LatinHypercube)
	g := NewRand()
	for block := range 3 {
		for dim := range 5 {
			seen := make([]bool, DesignBlock)
			for j := range DesignBlock {
				st.rep = block*DesignBlock + j
				g.Reset(7, st.rep, NoMember, dim, PurposeEconomy)
				u := st.uniform(PurposeEconomy, dim, g.open())
				k := int(u * DesignBlock)
				if u <= 0 || u >= 1 || seen[k] {
					t.Fatalf("block %d input %d: replication %d's uniform %v falls in stratum %d, taken or outside", block, dim, j, u, k)
				}
				seen[k] = true
			}
		}
	}
	ind := newStrata(7, Independent)
	ind.rep = 5
	if u := ind.uniform(PurposeEconomy, 3, 0.123); u != 0.123 {
		t.Errorf("independent uniform = %v, want its own 0.123", u)
	}
}

// TestDesignThroughRun checks the design as a run draws it: an uncertain
// opening balance, uniform on [1e7, 2e7], falls once in each twentieth of
// its range in every block of DesignBlock replications (a partial block in
// distinct twentieths), and under Independent in some twentieth twice.
func TestDesignThroughRun(t *testing.T) {
	s := testScenario()
	s.Horizon = 2
	s.Uncertainty = []Uncertain{{Key: "fund.initial_balance", Kind: "uniform", Args: []float64{1e7, 2e7}}}
	strataOf := func(d Design, reps int) [][]int {
		res := run(t, s, Options{Seed: 9, Replications: reps, Members: 200, Workers: 2, Design: d})
		var blocks [][]int
		for i := range res.Reps {
			open := res.Value(i, 0, PoolBalance) - res.Value(i, 0, PoolIncome) + res.Value(i, 0, PoolExpenditure)
			if i%DesignBlock == 0 {
				blocks = append(blocks, nil)
			}
			blocks[len(blocks)-1] = append(blocks[len(blocks)-1], int((open-1e7)/1e7*DesignBlock))
		}
		return blocks
	}
	distinct := func(ks []int) bool {
		seen := map[int]bool{}
		for _, k := range ks {
			if seen[k] || k < 0 || k >= DesignBlock {
				return false
			}
			seen[k] = true
		}
		return true
	}
	for b, ks := range strataOf(LatinHypercube, 2*DesignBlock+7) {
		if !distinct(ks) {
			t.Errorf("latin hypercube block %d: strata %v, want each once", b, ks)
		}
	}
	// 20 independent uniforms all in distinct twentieths: probability
	// 20!/20²⁰ ≈ 2·10⁻⁸ per block.
	for b, ks := range strataOf(Independent, 2*DesignBlock) {
		if distinct(ks) {
			t.Errorf("independent block %d: strata %v all distinct", b, ks)
		}
	}
}

// TestMoreBatches checks a run to a precision: replications added in
// batches by Options.More give the same bytes as one run of the final
// count, whatever the workers, and More sees the counts done.
func TestMoreBatches(t *testing.T) {
	s := testScenario()
	s.Horizon = 3
	s.Uncertainty = []Uncertain{{Key: "fund.initial_balance", Kind: "uniform", Args: []float64{1e7, 2e7}}}
	whole := run(t, s, Options{Seed: 5, Replications: 47, Members: 300, Workers: 1})
	for _, workers := range []int{1, 2, 3} {
		var seen []int
		adds := []int{20, 7, 0}
		res := run(t, s, Options{Seed: 5, Replications: 20, Members: 300, Workers: workers, More: func(r *Result) int {
			seen = append(seen, r.Replications)
			if len(r.Values) != r.Replications || r.Groups == nil {
				t.Fatalf("More sees %d values of %d replications, groups %v", len(r.Values), r.Replications, r.Groups != nil)
			}
			more := adds[0]
			adds = adds[1:]
			return more
		}})
		if !slices.Equal(seen, []int{20, 40, 47}) {
			t.Errorf("workers %d: More saw %v, want [20 40 47]", workers, seen)
		}
		if res.Replications != 47 || len(res.Reps) != 47 {
			t.Fatalf("workers %d: %d replications (%d held), want 47", workers, res.Replications, len(res.Reps))
		}
		for i := range whole.Values {
			for k := range whole.Values[i] {
				if a, b := whole.Values[i][k], res.Values[i][k]; math.Float64bits(a) != math.Float64bits(b) {
					t.Fatalf("workers %d: value %d of replication %d = %v in batches, %v at once", workers, k, i, b, a)
				}
			}
		}
		for g := range whole.Groups {
			if whole.Groups[g] != res.Groups[g] {
				t.Fatalf("workers %d: group %d differs in batches", workers, g)
			}
		}
	}
}

// TestAppend checks that slices of a run appended in order give the run.
func TestAppend(t *testing.T) {
	s := testScenario()
	s.Horizon = 2
	whole := run(t, s, Options{Seed: 2, Replications: 30, Members: 200, Workers: 2})
	acc := run(t, s, Options{Seed: 2, Replications: 12, Members: 200, Workers: 2})
	rest := run(t, s, Options{Seed: 2, Replications: 30, Reps: ShardReps(30, 1, 2), Members: 200, Workers: 1})
	part := run(t, s, Options{Seed: 2, Replications: 15, Reps: []int{12, 13, 14}, Members: 200, Workers: 1})
	for _, o := range []*Result{part, rest} {
		if err := acc.Append(o); err != nil {
			t.Fatal(err)
		}
	}
	if acc.Replications != 30 || !slices.Equal(acc.Reps, whole.Reps) {
		t.Fatalf("appended: %d replications %v, want 30 %v", acc.Replications, acc.Reps, whole.Reps)
	}
	for i := range whole.Values {
		if !slices.Equal(acc.Values[i], whole.Values[i]) {
			t.Fatalf("replication %d differs when appended", i)
		}
	}
	for g := range whole.Groups {
		if acc.Groups[g] != whole.Groups[g] {
			t.Fatalf("group %d differs when appended", g)
		}
	}
	if err := acc.Append(part); err == nil {
		t.Error("appending replications already held was accepted")
	}
}
