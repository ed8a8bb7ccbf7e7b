package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
)

// The tests of this file inject file-system faults — a full disk, a
// read-only mount, a path through a regular file, a kill during a write —
// and check that a run fails with a clear message and never leaves an
// earlier run's files truncated. They mount tmpfs file systems, so they need
// root (CI runs them as root, where file permissions deny nothing); without
// root they skip, except under CI=true, where they fail.

// needMount skips (or, under CI=true, fails) a test that cannot mount.
func needMount(t *testing.T, format string, args ...any) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf(format, args...)
	}
	t.Skipf(format, args...)
}

// mountTmpfs mounts a tmpfs of the given size (mount's size=, e.g. "1m")
// on a new directory and unmounts it when the test ends.
func mountTmpfs(t *testing.T, size string) string {
	t.Helper()
	if os.Geteuid() != 0 {
		needMount(t, "mounting a tmpfs needs root")
	}
	dir := filepath.Join(t.TempDir(), "mnt")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput(); err != nil {
		needMount(t, "mount -t tmpfs: %v: %s", err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v: %s", dir, err, out)
		}
	})
	return dir
}

// snapshot returns the contents of every regular file under dir, by path
// relative to dir.
func snapshot(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		files[rel] = b
		return err
	})
	if err != nil {
		t.Fatalf("snapshot %s: %v", dir, err)
	}
	return files
}

// checkIntact checks that dir still holds exactly the files of before.
func checkIntact(t *testing.T, dir string, before map[string][]byte) {
	t.Helper()
	after := snapshot(t, dir)
	for name, b := range before {
		if a, ok := after[name]; !ok {
			t.Errorf("%s: lost", filepath.Join(dir, name))
		} else if !bytes.Equal(a, b) {
			t.Errorf("%s: changed (%d bytes, was %d)", filepath.Join(dir, name), len(a), len(b))
		}
	}
	for name := range after {
		if _, ok := before[name]; !ok {
			t.Errorf("%s: a new file", filepath.Join(dir, name))
		}
	}
}

// checkNoTemp checks that no temporary file of an atomic write is left in
// dir.
func checkNoTemp(t *testing.T, dir string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("%s: a temporary file was left behind", filepath.Join(dir, e.Name()))
		}
	}
}

// validJSON checks that the file at path is a complete JSON document.
func validJSON(t *testing.T, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Errorf("%s: %v", path, err)
		return
	}
	var v map[string]any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Errorf("%s: not a complete JSON document (%d bytes): %v", path, len(b), err)
	}
}

// tinyRun and bigRun are run flags whose outputs fit in 1 MiB and exceed
// it (replications.csv alone is 40 × 30 × 39 rows).
var (
	tinyRun = []string{"-r", "2", "-n", "200", "--horizon", "2", "--workers", "1", "--quiet", "--no-charts"}
	bigRun  = []string{"-r", "40", "-n", "300", "--horizon", "30", "--workers", "2", "--quiet", "--no-charts", "--keep-replications"}
)

// noSpace matches the message of a run that filled its disk: the file it
// was writing, and the system's words.
var noSpace = regexp.MustCompile(`^simulate run: .*write [^ ]+/(scenario\.yaml|summary\.json|years\.csv|solvency\.csv|groups\.csv|replications\.csv|run\.json|report\.xlsx)\b.*: no space left on device\n$`)

// TestFullDisk runs into a 1 MiB tmpfs: a run whose outputs do not fit
// exits 1 naming the file and "no space left on device", leaves no
// temporary file, and leaves an earlier complete run in a sibling directory
// — or in its own directory, when it overwrites it — intact and readable.
func TestFullDisk(t *testing.T) {
	mnt := mountTmpfs(t, "1m")
	first, second := filepath.Join(mnt, "first"), filepath.Join(mnt, "second")
	if code, _, stderr := simulate(t, append([]string{"run", "-o", first}, tinyRun...)...); code != 0 {
		t.Fatalf("a tiny run into 1 MiB: exit %d: %s", code, stderr)
	}
	before := snapshot(t, first)

	t.Run("sibling", func(t *testing.T) {
		code, _, stderr := simulate(t, append([]string{"run", "-o", second}, bigRun...)...)
		t.Logf("exit %d, stderr: %q", code, stderr)
		if code != exitFailure || !noSpace.MatchString(stderr) {
			t.Errorf("a run filling the disk: exit %d, stderr %q; want 1 and a message naming the file and \"no space left on device\"", code, stderr)
		}
		checkNoTemp(t, second)
		checkIntact(t, first, before)
	})

	t.Run("overwrite", func(t *testing.T) {
		os.RemoveAll(second) // room for the first files of the run
		code, _, stderr := simulate(t, append([]string{"run", "-o", first, "--force"}, bigRun...)...)
		t.Logf("exit %d, stderr: %q", code, stderr)
		if code != exitFailure || !noSpace.MatchString(stderr) {
			t.Errorf("a run filling the disk over an earlier run: exit %d, stderr %q; want 1 naming the file and \"no space left on device\"", code, stderr)
		}
		checkNoTemp(t, first)
		// The new run's files are written to a stage and moved in only
		// when all are complete: the earlier run is whole, file for file.
		checkIntact(t, first, before)
		validJSON(t, filepath.Join(first, "summary.json"))
	})
}

// TestReadOnlyOut runs into a read-only mount holding an earlier run: the
// run stops at the --out check (exit 2) with a clear message, and the
// earlier files are intact.
func TestReadOnlyOut(t *testing.T) {
	mnt := mountTmpfs(t, "4m")
	dir := filepath.Join(mnt, "run")
	if code, _, stderr := simulate(t, append([]string{"run", "-o", dir}, tinyRun...)...); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	before := snapshot(t, dir)
	if out, err := exec.Command("mount", "-o", "remount,ro", mnt).CombinedOutput(); err != nil {
		needMount(t, "mount -o remount,ro: %v: %s", err, out)
	}
	for _, tt := range []struct {
		name, out string
		want      string
	}{
		{"over the earlier run", dir, "--out " + dir + ": cannot write there: read-only file system"},
		{"a new directory", filepath.Join(mnt, "new"), "--out " + filepath.Join(mnt, "new") + ": cannot create the folder: read-only file system"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := simulate(t, append([]string{"run", "-o", tt.out}, tinyRun...)...)
			t.Logf("exit %d, stderr: %q", code, stderr)
			if code != exitUsage || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want 2 with %q", code, stderr, tt.want)
			}
		})
	}
	checkIntact(t, dir, before)
}

// TestOutThroughFile gives --out a path through a regular file (ENOTDIR)
// and the file itself: exit 2 naming --out, and the file is untouched.
func TestOutThroughFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ out, want string }{
		{filepath.Join(file, "sub"), "--out " + filepath.Join(file, "sub") + ": cannot create the folder: not a directory"},
		{file, "--out " + file + ": cannot create the folder: not a directory"},
	} {
		code, _, stderr := simulate(t, append([]string{"run", "-o", tt.out}, tinyRun...)...)
		t.Logf("exit %d, stderr: %q", code, stderr)
		if code != exitUsage || !strings.Contains(stderr, tt.want) {
			t.Errorf("--out %s: exit %d, stderr %q; want 2 with %q", tt.out, code, stderr, tt.want)
		}
	}
	if b, _ := os.ReadFile(file); string(b) != "mine" {
		t.Errorf("the file was changed: %q", b)
	}
}

// killHook names the file during whose write reports.WriteFileAtomic kills
// its own process with SIGKILL, after writing half of it to the temporary
// file (a test hook).
const killHook = "SIMULATE_TEST_KILL_WRITING"

// TestKillDuringWrite kills the program (SIGKILL, through killHook) while
// it writes report.xlsx and summary.json of a run replacing an earlier
// complete run (--force): the earlier run is then whole, every file as it
// was, for the new files were still in the stage; and a rerun into the
// folder succeeds and removes the stage the killed run left.
func TestKillDuringWrite(t *testing.T) {
	bin := buildSimulate(t)
	args := []string{"run", "-r", "2", "-n", "300", "--horizon", "3", "--workers", "1", "--quiet", "--no-charts"}
	for _, name := range []string{"report.xlsx", "summary.json"} {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			if out, err := exec.Command(bin, append(args, "-o", dir)...).CombinedOutput(); err != nil {
				t.Fatalf("first run: %v\n%s", err, out)
			}
			before := snapshot(t, dir)
			cmd := exec.Command(bin, append(args, "-o", dir, "--seed", "2", "--force")...)
			cmd.Env = append(os.Environ(), killHook+"="+name)
			out, err := cmd.CombinedOutput()
			if err == nil {
				t.Fatalf("%s=%s had no effect (the run exited 0): the binary lacks the test hooks (-tags testhooks)", killHook, name)
			}
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
				t.Fatalf("the run with the kill hook: %v, want death by SIGKILL\n%s", err, out)
			}
			after := snapshot(t, dir)
			for name, b := range before {
				if !bytes.Equal(after[name], b) {
					t.Errorf("%s changed although the run was killed before it committed", name)
				}
			}
			// A rerun into the folder of the killed run works and leaves
			// no stage behind.
			if out, err := exec.Command(bin, append(args, "-o", dir, "--force")...).CombinedOutput(); err != nil {
				t.Errorf("rerun after the kill: %v\n%s", err, out)
			}
			validXLSX(t, filepath.Join(dir, "report.xlsx"))
			validJSON(t, filepath.Join(dir, "summary.json"))
			if m, _ := filepath.Glob(filepath.Join(dir, ".stage-*")); len(m) > 0 {
				t.Errorf("the killed run's stage is still there: %v", m)
			}
		})
	}
}

// validXLSX checks that the workbook at path is a complete zip archive
// whose every member reads without error.
func validXLSX(t *testing.T, path string) {
	t.Helper()
	r, err := zip.OpenReader(path)
	if err != nil {
		t.Errorf("%s: not a complete zip archive: %v", path, err)
		return
	}
	defer r.Close()
	for _, f := range r.File {
		rc, err := f.Open()
		if err == nil {
			_, err = io.Copy(io.Discard, rc)
			rc.Close()
		}
		if err != nil {
			t.Errorf("%s: member %s: %v", path, f.Name, err)
		}
	}
}

// TestRerunOverLeftoverTemp reruns into a complete run's folder holding
// the stage that a run killed before its commit leaves behind
// (.stage-RANDOM with a half-written file): the stage is this program's,
// not a foreign file, so the run (with --force) replaces the earlier one
// and removes the stage.
func TestRerunOverLeftoverTemp(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	if code, _, stderr := simulate(t, append([]string{"run", "-o", dir}, tinyRun...)...); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	stage := filepath.Join(dir, ".stage-123456789")
	if err := os.Mkdir(stage, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(stage, ".report.xlsx.tmp-1"), []byte("PK\x03\x04half"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := simulate(t, append([]string{"run", "-o", dir, "--force"}, tinyRun...)...)
	if _, err := os.Lstat(stage); err == nil {
		t.Errorf("the leftover stage is still there")
	}
	if code != 0 {
		t.Errorf("rerun over a leftover temporary file: exit %d: %s", code, stderr)
	}
}
