package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"simulate/reports"
)

// The tests of this file check the promises of an output folder (docs/
// outputs.md, "Who owns an output folder"): the tool deletes and replaces
// only the files its manifest lists, never through a symbolic link and
// never an input; it refuses an earlier output without --force on every
// command, and a folder another command holds; merge and resume trust only
// files that match their manifest; hand-edited metadata is refused before
// use. Each test is named after its class.

// ownRun are run flags for a short run without charts or workbook.
var ownRun = []string{"-r", "2", "-n", "300", "--horizon", "2", "--workers", "1", "--quiet", "--no-report"}

func mustRun(t *testing.T, args ...string) {
	t.Helper()
	if code, _, stderr := simulate(t, args...); code != 0 {
		t.Fatalf("simulate %v: exit %d: %s", args, code, stderr)
	}
}

// wantRefused checks exit 2 with every want in stderr, and the whole
// message against its golden file testdata/messages/TEST-WHAT.err (temporary
// folders written $TMP, the lock holder's pid and time PID and TIME);
// -update rewrites the golden files.
func wantRefused(t *testing.T, what string, code int, stderr string, want ...string) {
	t.Helper()
	if code != exitUsage {
		t.Errorf("%s: exit %d, want 2; stderr: %s", what, code, stderr)
	}
	for _, w := range want {
		if !strings.Contains(stderr, w) {
			t.Errorf("%s: stderr lacks %q:\n%s", what, w, stderr)
		}
	}
	got := tmpPath.ReplaceAllString(stderr, "$$TMP")
	got = holderPid.ReplaceAllString(got, "(pid PID, since TIME)")
	name := strings.Trim(nonName.ReplaceAllString(strings.ToLower(strings.TrimPrefix(t.Name(), "TestOwnership")+"-"+what), "-"), "-")
	path := filepath.Join("testdata", "messages", name+".err")
	if *update {
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Errorf("%s: no golden message (run go test -run %s -update): %v", what, t.Name(), err)
		return
	}
	if string(b) != got {
		t.Errorf("%s: message\n%s\nwant (%s)\n%s", what, got, path, b)
	}
}

var (
	tmpPath   = regexp.MustCompile(regexp.QuoteMeta(os.TempDir()) + `/[^/\s]+/\d{3}`)
	holderPid = regexp.MustCompile(`\(pid \d+, since [0-9T:Z-]+\)`)
	nonName   = regexp.MustCompile(`[^a-z0-9]+`)
)

// edit rewrites the file rel of an output folder and records the new
// content in its manifest through the folder's own commit, as someone who
// edits the metadata and the manifest together would: the files then
// match their manifest, and only the checks of the content remain.
func edit(t *testing.T, dir, rel string, change func([]byte) []byte) {
	t.Helper()
	f, err := reports.OpenFolder(dir, "test")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, err := os.ReadFile(filepath.Join(dir, rel))
	if err != nil {
		t.Fatal(err)
	}
	stage, _ := f.Stage()
	p := filepath.Join(stage, rel)
	os.MkdirAll(filepath.Dir(p), 0o755)
	if err := os.WriteFile(p, change(b), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := f.Commit(stage, reports.Commit{Replace: []string{rel}}); err != nil {
		t.Fatal(err)
	}
}

// TestOwnershipNoChartsKeepsForeignFiles: --no-charts and --force remove
// the earlier run's charts and nothing else: a file of the user's in
// charts/ stays.
func TestOwnershipNoChartsKeepsForeignFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	mustRun(t, append([]string{"run", "-o", dir}, ownRun...)...)
	mine := filepath.Join(dir, "charts", "mine.png")
	os.WriteFile(mine, []byte("my chart"), 0o644)
	mustRun(t, append([]string{"run", "-o", dir, "--force", "--no-charts", "--seed", "2"}, ownRun...)...)
	if b, err := os.ReadFile(mine); err != nil || string(b) != "my chart" {
		t.Errorf("--no-charts --force removed or changed the user's chart: %q, %v", b, err)
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "charts", "pool-*")); len(m) != 0 {
		t.Errorf("the earlier run's charts are left: %v", m)
	}
}

// TestOwnershipSymlinkNotFollowed: a charts/ that is a symbolic link to a
// folder outside is never followed, neither to delete nor to write.
func TestOwnershipSymlinkNotFollowed(t *testing.T) {
	tmp := t.TempDir()
	dir, outside := filepath.Join(tmp, "out"), filepath.Join(tmp, "elsewhere")
	mustRun(t, append([]string{"run", "-o", dir}, ownRun...)...)
	os.MkdirAll(outside, 0o755)
	os.WriteFile(filepath.Join(outside, "pool-balance.png"), []byte("keep"), 0o644)
	os.RemoveAll(filepath.Join(dir, "charts"))
	os.Symlink(outside, filepath.Join(dir, "charts"))
	// Without charts: the deletion of charts/*.png does not go through.
	mustRun(t, append([]string{"run", "-o", dir, "--force", "--no-charts", "--seed", "2"}, ownRun...)...)
	// With charts: refused, naming the link.
	code, _, stderr := simulate(t, append([]string{"run", "-o", dir, "--force", "--seed", "3"}, ownRun...)...)
	if code == 0 || !strings.Contains(stderr, "symbolic link") {
		t.Errorf("a run writing charts through a link: exit %d: %s", code, stderr)
	}
	entries, _ := os.ReadDir(outside)
	if len(entries) != 1 {
		t.Errorf("the folder outside changed: %v", entries)
	}
	if b, _ := os.ReadFile(filepath.Join(outside, "pool-balance.png")); string(b) != "keep" {
		t.Errorf("a file outside the folder was changed: %q", b)
	}
}

// TestOwnershipInputsProtected: --force never writes over the command's
// own input, here the scenario.yaml of the earlier run given as -s.
func TestOwnershipInputsProtected(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	mustRun(t, append([]string{"run", "-o", dir}, ownRun...)...)
	input := filepath.Join(dir, "scenario.yaml")
	before, _ := os.ReadFile(input)
	code, _, stderr := simulate(t, append([]string{"run", "-s", input, "-o", dir, "--force", "--seed", "2"}, ownRun...)...)
	wantRefused(t, "-s DIR/scenario.yaml -o DIR --force", code, stderr, "--out "+dir+": the input "+input+" is a file of the earlier output")
	if after, _ := os.ReadFile(input); !bytes.Equal(after, before) {
		t.Errorf("the input scenario was changed")
	}
	// A scenario file of the user's in the folder is foreign: it is kept.
	mine := filepath.Join(dir, "mine.yaml")
	os.WriteFile(mine, before, 0o644)
	mustRun(t, append([]string{"run", "-s", mine, "-o", dir, "--force", "--seed", "2"}, ownRun...)...)
	if after, _ := os.ReadFile(mine); !bytes.Equal(after, before) {
		t.Errorf("the user's scenario file in the folder was changed")
	}
}

// TestOwnershipEarlierOutputRefused: every command refuses, without
// --force, a folder that holds an earlier output, naming the folder, and
// leaves it as it was.
func TestOwnershipEarlierOutputRefused(t *testing.T) {
	tmp := t.TempDir()
	dir := filepath.Join(tmp, "out")
	mustRun(t, append([]string{"run", "-o", dir}, ownRun...)...)
	var shards []string
	for k := range 2 {
		d := filepath.Join(tmp, fmt.Sprintf("shard%d", k))
		mustRun(t, append([]string{"run", "-o", d, "--shard", fmt.Sprintf("%d/2", k)}, ownRun...)...)
		shards = append(shards, d)
	}
	before := snapshot(t, dir)
	small := []string{"-r", "2", "-n", "300", "--horizon", "2", "--quiet", "--no-report", "--no-charts"}
	for _, args := range [][]string{
		append([]string{"run", "--seed", "2"}, small...),
		append([]string{"compare", "-s", "status-quo", "-s", "national-2021"}, small...),
		append([]string{"sweep", "--vary", "outpatient.cap=1000,2000"}, small...),
		append([]string{"solve", "--free", "outpatient.ratio.primary=0.5:0.9", "--target", "pool_months.p05@all >= 6", "--tol", "0.2"}, small...),
		append([]string{"sensitivity", "--keys", "outpatient.cap"}, small...),
		append([]string{"merge"}, shards...),
	} {
		args = append(args, "-o", dir)
		code, _, stderr := simulate(t, args...)
		wantRefused(t, args[0], code, stderr, "--out "+dir+": holds ", " run", "--force")
	}
	checkIntact(t, dir, before)
}

// TestOwnershipLock: a second command into a folder that a command holds
// fails at once, naming the holder; nothing is written.
func TestOwnershipLock(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	f, err := reports.OpenFolder(dir, "simulate sweep")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	code, _, stderr := simulate(t, append([]string{"run", "-o", dir}, ownRun...)...)
	wantRefused(t, "a run into a held folder", code, stderr, "--out "+dir+": in use by another command: simulate sweep (pid ")
	if _, err := os.Stat(filepath.Join(dir, "summary.json")); err == nil {
		t.Errorf("the refused run wrote summary.json")
	}
}

// TestOwnershipVerifiedMerge: merge refuses a shard whose data was altered
// or copied from another run, naming the file, and an output that is one
// of its shards; nothing is written.
func TestOwnershipVerifiedMerge(t *testing.T) {
	tmp := t.TempDir()
	shard := func(name string, k int, extra ...string) string {
		d := filepath.Join(tmp, name)
		mustRun(t, append(append([]string{"run", "-o", d, "--shard", fmt.Sprintf("%d/2", k)}, ownRun...), extra...)...)
		return d
	}
	s0, s1 := shard("s0", 0), shard("s1", 1)
	other := shard("other1", 1, "--seed", "77")
	merged := filepath.Join(tmp, "merged")
	mustRun(t, "merge", s0, s1, "-o", merged, "--quiet")

	t.Run("altered", func(t *testing.T) {
		p := filepath.Join(s1, "replications.csv")
		orig, _ := os.ReadFile(p)
		i := bytes.LastIndexAny(orig, "123456789")
		altered := bytes.Clone(orig)
		altered[i] = '1' + (altered[i]-'1'+1)%9 // one digit changed, same size
		os.WriteFile(p, altered, 0o644)
		defer os.WriteFile(p, orig, 0o644)
		out := filepath.Join(tmp, "m-altered")
		code, _, stderr := simulate(t, "merge", s0, s1, "-o", out)
		wantRefused(t, "merge of an altered shard", code, stderr, p+": its content differs from what this program wrote")
		if _, err := os.Stat(filepath.Join(out, "summary.json")); err == nil {
			t.Errorf("the refused merge wrote its output")
		}
	})
	t.Run("copied from another run", func(t *testing.T) {
		for _, name := range []string{"replications.csv", "groups-acc.json"} {
			p := filepath.Join(s1, name)
			orig, _ := os.ReadFile(p)
			foreign, _ := os.ReadFile(filepath.Join(other, name))
			os.WriteFile(p, foreign, 0o644)
			code, _, stderr := simulate(t, "merge", s0, s1, "-o", filepath.Join(tmp, "m-copied"))
			wantRefused(t, "merge with "+name+" of another run", code, stderr, p)
			os.WriteFile(p, orig, 0o644)
		}
		// A whole shard folder of another run: its fingerprint differs.
		code, _, stderr := simulate(t, "merge", s0, other, "-o", filepath.Join(tmp, "m-other"))
		wantRefused(t, "merge with a shard of another run", code, stderr, other)
	})
	t.Run("output is a shard", func(t *testing.T) {
		before := snapshot(t, s0)
		for _, force := range []bool{false, true} {
			args := []string{"merge", s0, s1, "-o", s0}
			if force {
				args = append(args, "--force")
			}
			code, _, stderr := simulate(t, args...)
			wantRefused(t, "merge -o one of its shards", code, stderr, "-o "+s0+" is one of the shards it merges")
		}
		checkIntact(t, s0, before)
	})
}

// TestOwnershipReportChecksFiles: report and chart refuse a folder whose
// files do not match its manifest, naming the file.
func TestOwnershipReportChecksFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	mustRun(t, append([]string{"run", "-o", dir, "--no-charts"}, ownRun...)...)
	p := filepath.Join(dir, "summary.json")
	b, _ := os.ReadFile(p)
	os.WriteFile(p, bytes.Replace(b, []byte(`"replications": 2`), []byte(`"replications": 9`), 1), 0o644)
	for _, cmd := range []string{"report", "chart"} {
		code, _, stderr := simulate(t, cmd, dir, "--quiet")
		wantRefused(t, cmd+" of an altered folder", code, stderr, p+": its content differs")
	}
}

// TestOwnershipResumeRechecksPoints: a sweep resumed over a damaged point
// recomputes that point (and only it), and the point's files come back as
// a first run wrote them.
func TestOwnershipResumeRechecksPoints(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "sweep")
	args := []string{"sweep", "--vary", "outpatient.cap=1000,2000,3000", "-r", "2", "-n", "300", "--horizon", "2", "--no-report", "--no-charts", "-o", dir}
	mustRun(t, append(args, "--quiet")...)
	p := filepath.Join(dir, "points", "0001", "years.csv")
	good, _ := os.ReadFile(p)
	os.WriteFile(p, good[:len(good)/2], 0o644) // damaged
	code, _, stderr := simulate(t, args...)
	if code != 0 || !strings.Contains(stderr, "resuming: 2 of 3 points already finished") {
		t.Errorf("resume over a damaged point: exit %d, stderr %q; want the damaged point recomputed", code, stderr)
	}
	if b, _ := os.ReadFile(p); !bytes.Equal(b, good) {
		t.Errorf("the recomputed point differs from the first run's")
	}
}

// TestOwnershipHandEditedMetadata: run.json and sweep.json edited by hand,
// with their manifest updated to match, are refused by merge with a
// message naming the file and the value, never a panic.
func TestOwnershipHandEditedMetadata(t *testing.T) {
	tmp := t.TempDir()
	var runs, sweeps []string
	for k := range 2 {
		d := filepath.Join(tmp, fmt.Sprintf("r%d", k))
		mustRun(t, append([]string{"run", "-o", d, "--shard", fmt.Sprintf("%d/2", k)}, ownRun...)...)
		runs = append(runs, d)
		s := filepath.Join(tmp, fmt.Sprintf("w%d", k))
		mustRun(t, "sweep", "--vary", "outpatient.cap=1000,2000", "-r", "2", "-n", "300", "--horizon", "2", "--quiet", "--no-report", "--no-charts", "--shard", fmt.Sprintf("%d/2", k), "-o", s)
		sweeps = append(sweeps, s)
	}
	replace := func(from, to string) func([]byte) []byte {
		return func(b []byte) []byte { return bytes.Replace(b, []byte(from), []byte(to), 1) }
	}
	firstFingerprint := regexp.MustCompile(`("fingerprints": \[\s*)"[0-9a-f]{64}",\s*`)
	for _, tt := range []struct {
		name, dir, file string
		change          func([]byte) []byte
		want            string
		dirs            []string
	}{
		{"run.json shard index beyond its count", runs[1], "run.json", replace(`"index": 1`, `"index": 7`), "run.json: shard 7/2", runs},
		{"run.json negative replications", runs[1], "run.json", replace(`"replications": 2`, `"replications": -2`), "run.json: replications -2", runs},
		{"run.json unknown field", runs[1], "run.json", replace(`"seed"`, `"sed"`), `run.json: json: unknown field "sed"`, runs},
		{"sweep.json shard index beyond its count", sweeps[1], "sweep.json", replace(`"index": 1`, `"index": 9`), "sweep.json: shard 9/2", sweeps},
		{"sweep.json a fingerprint fewer", sweeps[1], "sweep.json", func(b []byte) []byte { return firstFingerprint.ReplaceAll(b, []byte("$1")) }, "sweep.json: 1 fingerprints for 2 points", sweeps},
		{"sweep.json unknown field", sweeps[1], "sweep.json", replace(`"fingerprints": [`, `"x": 1, "fingerprints": [`), `sweep.json: json: unknown field "x"`, sweeps},
		{"sweep.json a point edited", sweeps[1], "sweep.json", replace(`1000`, `1500`), "sweep.json: spec_hash does not match the spec", sweeps},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(tt.dir, tt.file)
			orig, _ := os.ReadFile(p)
			if bytes.Equal(tt.change(orig), orig) {
				t.Fatalf("the edit does not change %s:\n%s", p, orig)
			}
			edit(t, tt.dir, tt.file, tt.change)
			defer edit(t, tt.dir, tt.file, func([]byte) []byte { return orig })
			code, _, stderr := simulate(t, append(append([]string{"merge"}, tt.dirs...), "-o", filepath.Join(tmp, "m"))...)
			wantRefused(t, "merge", code, stderr, tt.dir, tt.want)
		})
	}
}
