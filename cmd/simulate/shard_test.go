package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestShardsMerge runs 4 shards and merges them: summary.json must equal
// the single run's byte for byte (ignoring perf). Merge must refuse a
// missing shard, a duplicated shard and a shard of another seed.
func TestShardsMerge(t *testing.T) {
	tmp := t.TempDir()
	flags := []string{"-r", "7", "-n", "2000", "--horizon", "3", "--quiet", "--seed", "9"}
	single := filepath.Join(tmp, "single")
	if code, _, stderr := simulate(t, append([]string{"run", "-o", single}, flags...)...); code != 0 {
		t.Fatalf("single run: exit %d: %s", code, stderr)
	}
	var shards []string
	for k := range 4 {
		dir := filepath.Join(tmp, fmt.Sprintf("shard%d", k))
		shards = append(shards, dir)
		if code, _, stderr := simulate(t, append([]string{"run", "-o", dir, "--shard", fmt.Sprintf("%d/4", k)}, flags...)...); code != 0 {
			t.Fatalf("shard %d: exit %d: %s", k, code, stderr)
		}
	}
	merged := filepath.Join(tmp, "merged")
	if code, _, stderr := simulate(t, append([]string{"merge", "-o", merged, "--quiet"}, shards...)...); code != 0 {
		t.Fatalf("merge: exit %d: %s", code, stderr)
	}
	if got, want := withoutPerf(t, merged), withoutPerf(t, single); got != want {
		t.Errorf("merged summary.json differs from the single run's")
	}
	// The group means' bands come from the shards' replications' group
	// sums, merged exactly: the CSV files are the single run's, byte for
	// byte.
	for _, f := range []string{"years.csv", "solvency.csv", "solvency-events.csv", "groups.csv"} {
		if readFile(t, filepath.Join(merged, f)) != readFile(t, filepath.Join(single, f)) {
			t.Errorf("merged %s differs from the single run's", f)
		}
	}
	if !strings.Contains(readFile(t, filepath.Join(merged, "groups.csv")), ",mean_p95,") {
		t.Errorf("merged groups.csv has no band rows")
	}

	other := filepath.Join(tmp, "other-seed")
	if code, _, stderr := simulate(t, "run", "-o", other, "--shard", "3/4", "-r", "7", "-n", "2000", "--horizon", "3", "--quiet", "--seed", "10"); code != 0 {
		t.Fatalf("other seed: exit %d: %s", code, stderr)
	}
	refuse := []struct {
		name string
		dirs []string
		want string
	}{
		{"missing shard", shards[:3], "3/4 are missing"},
		{"duplicated shard", append(append([]string{}, shards...), shards[1]), "given twice"},
		{"another seed", append(append([]string{}, shards[:3]...), other), "other-seed"},
	}
	for _, tt := range refuse {
		code, _, stderr := simulate(t, append([]string{"merge", "-o", filepath.Join(tmp, "bad"), "--quiet"}, tt.dirs...)...)
		if code != 2 || !strings.Contains(stderr, tt.want) {
			t.Errorf("%s: exit %d, want 2 with %q; stderr:\n%s", tt.name, code, tt.want, stderr)
		}
	}
}

// TestSweepShardsMerge runs a sweep as 3 shards and merges them: sweep.csv
// and every point's summary.json equal the unsharded sweep's; merge refuses
// a missing shard.
func TestSweepShardsMerge(t *testing.T) {
	tmp := t.TempDir()
	flags := []string{"sweep", "--vary", "outpatient.ratio.primary=0.5:0.8:0.1", "--vary", "outpatient.cap=1000,3000",
		"-r", "2", "-n", "800", "--horizon", "2", "--quiet", "--no-charts", "--no-report"}
	whole := filepath.Join(tmp, "whole")
	if code, _, stderr := simulate(t, append(flags, "-o", whole)...); code != 0 {
		t.Fatalf("sweep: exit %d: %s", code, stderr)
	}
	var shards []string
	for k := range 3 {
		dir := filepath.Join(tmp, fmt.Sprintf("shard%d", k))
		shards = append(shards, dir)
		if code, _, stderr := simulate(t, append(flags, "-o", dir, "--shard", fmt.Sprintf("%d/3", k))...); code != 0 {
			t.Fatalf("shard %d: exit %d: %s", k, code, stderr)
		}
	}
	merged := filepath.Join(tmp, "merged")
	if code, _, stderr := simulate(t, append([]string{"merge", "-o", merged, "--quiet"}, shards...)...); code != 0 {
		t.Fatalf("merge: exit %d: %s", code, stderr)
	}
	read := func(p string) string {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	if read(filepath.Join(merged, "sweep.csv")) != read(filepath.Join(whole, "sweep.csv")) {
		t.Errorf("merged sweep.csv differs from the unsharded one")
	}
	for i := range 8 {
		p := filepath.Join("points", fmt.Sprintf("%04d", i))
		if withoutPerf(t, filepath.Join(merged, p)) != withoutPerf(t, filepath.Join(whole, p)) {
			t.Errorf("%s/summary.json differs (perf aside)", p)
		}
		if f := filepath.Join(p, "solvency-events.csv"); read(filepath.Join(merged, f)) != read(filepath.Join(whole, f)) {
			t.Errorf("%s differs", f)
		}
	}
	code, _, stderr := simulate(t, append([]string{"merge", "-o", filepath.Join(tmp, "bad"), "--quiet"}, shards[:2]...)...)
	if code != 2 || !strings.Contains(stderr, "2/3 are missing") {
		t.Errorf("merge of 2 of 3 sweep shards: exit %d: %s", code, stderr)
	}
}
