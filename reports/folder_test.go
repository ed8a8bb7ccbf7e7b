package reports

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// put writes files (path relative to the folder → content) into a new
// stage of f and commits them as c says.
func put(t *testing.T, f *Folder, c Commit, files map[string]string) error {
	t.Helper()
	stage, err := f.Stage()
	if err != nil {
		t.Fatal(err)
	}
	for rel, content := range files {
		p := filepath.Join(stage, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return f.Commit(stage, c)
}

// readAll returns the regular files under dir (relative path → content),
// leaving out the lock file.
func readAll(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !d.Type().IsRegular() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if rel == LockName {
			return nil
		}
		b, _ := os.ReadFile(p)
		out[filepath.ToSlash(rel)] = string(b)
		return nil
	})
	return out
}

func open(t *testing.T, dir string) *Folder {
	t.Helper()
	f, err := OpenFolder(dir, "test")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// TestFolderManifest: a commit lists every file it moved in with its size
// and SHA-256; Verify passes on them and names a file that was changed,
// removed or replaced by a symbolic link.
func TestFolderManifest(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	f := open(t, dir)
	if err := put(t, f, Commit{Reset: true, Kind: "run", ID: "a"}, map[string]string{"summary.json": "{}", "charts/x.png": "png", "years.csv": "y"}); err != nil {
		t.Fatal(err)
	}
	got := f.Entries()
	if len(got) != 3 || got[0].Path != "charts/x.png" || got[0].Size != 3 || len(got[0].SHA256) != 64 {
		t.Fatalf("Entries() = %+v", got)
	}
	if err := f.Verify(""); err != nil {
		t.Fatalf("Verify on untouched files: %v", err)
	}
	os.WriteFile(filepath.Join(dir, "summary.json"), []byte("{ }"), 0o644)
	os.Remove(filepath.Join(dir, "years.csv"))
	os.Symlink("/etc/hostname", filepath.Join(dir, "years.csv"))
	os.WriteFile(filepath.Join(dir, "charts/x.png"), []byte("PNG"), 0o644) // same size
	err := f.Verify("")
	for _, want := range []string{"summary.json: 3 bytes, but this program wrote 2", "years.csv", "x.png: its content differs"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Verify after changes = %v, want it to name %q", err, want)
		}
	}
	// The manifest survives a reopen.
	f.Close()
	g := open(t, dir)
	if g.Kind != "run" || g.ID != "a" || len(g.Entries()) != 3 {
		t.Errorf("reopened: kind %q id %q entries %v", g.Kind, g.ID, g.Entries())
	}
}

// TestFolderKeepsForeignFiles: a reset deletes only the files the manifest
// lists; a file this program did not write is never replaced, and a
// commit that would is refused with nothing changed.
func TestFolderKeepsForeignFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	f := open(t, dir)
	if err := put(t, f, Commit{Reset: true, Kind: "run"}, map[string]string{"a.csv": "1", "charts/a.png": "2"}); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644)
	os.WriteFile(filepath.Join(dir, "charts", "mine.png"), []byte("mine"), 0o644)
	foreign, _ := f.Foreign(10)
	if strings.Join(foreign, ",") != "charts/mine.png,notes.txt" {
		t.Errorf("Foreign() = %v", foreign)
	}
	if err := put(t, f, Commit{Reset: true, Kind: "run"}, map[string]string{"b.csv": "3"}); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"b.csv": "3", "notes.txt": "mine", "charts/mine.png": "mine"}
	got := readAll(t, dir)
	delete(got, ManifestName)
	if len(got) != len(want) {
		t.Errorf("after a reset: %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("after a reset: %s = %q, want %q", k, got[k], v)
		}
	}
	before := readAll(t, dir)
	err := put(t, f, Commit{Reset: true, Kind: "run"}, map[string]string{"notes.txt": "theirs", "c.csv": "4"})
	if err == nil || !strings.Contains(err.Error(), "notes.txt: a file this program did not write") {
		t.Errorf("a commit over a foreign file: %v", err)
	}
	if after := readAll(t, dir); len(after) != len(before) || after["notes.txt"] != "mine" || after["b.csv"] != "3" {
		t.Errorf("a refused commit changed the folder: %v", after)
	}
	if m, _ := filepath.Glob(filepath.Join(dir, ".stage-*")); len(m) != 0 {
		t.Errorf("a refused commit left its stage: %v", m)
	}
}

// TestFolderNeverFollowsLinks: when charts/ has become a symbolic link to
// a folder outside, neither a deletion nor a write goes through it.
func TestFolderNeverFollowsLinks(t *testing.T) {
	tmp := t.TempDir()
	dir, outside := filepath.Join(tmp, "out"), filepath.Join(tmp, "outside")
	f := open(t, dir)
	if err := put(t, f, Commit{Reset: true, Kind: "run"}, map[string]string{"charts/a.png": "2", "s.json": "1"}); err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(outside, 0o755)
	os.WriteFile(filepath.Join(outside, "a.png"), []byte("2"), 0o644) // same name, same bytes
	os.RemoveAll(filepath.Join(dir, "charts"))
	os.Symlink(outside, filepath.Join(dir, "charts"))
	// A reset that deletes charts/a.png leaves the file outside alone.
	if err := put(t, f, Commit{Reset: true, Kind: "run"}, map[string]string{"s.json": "2"}); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(outside, "a.png")); err != nil || string(b) != "2" {
		t.Errorf("a deletion went through the link: %q, %v", b, err)
	}
	// A write under charts/ is refused.
	err := put(t, f, Commit{Reset: true, Kind: "run"}, map[string]string{"charts/b.png": "3"})
	if err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Errorf("a write through the link: %v", err)
	}
	if _, err := os.Lstat(filepath.Join(outside, "b.png")); err == nil {
		t.Errorf("a file was written through the link")
	}
}

// TestFolderProtectsInputs: a commit that would replace or delete an input
// of the command is refused.
func TestFolderProtectsInputs(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	f := open(t, dir)
	if err := put(t, f, Commit{Reset: true, Kind: "run"}, map[string]string{"scenario.yaml": "old"}); err != nil {
		t.Fatal(err)
	}
	f.Protect("scenario file", filepath.Join(dir, "scenario.yaml"))
	for _, files := range []map[string]string{{"scenario.yaml": "new"}, {"other.yaml": "x"}} {
		err := put(t, f, Commit{Reset: true, Kind: "run"}, files)
		if err == nil || !strings.Contains(err.Error(), "the scenario file") {
			t.Errorf("commit %v over the input: %v", files, err)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "scenario.yaml")); string(b) != "old" {
		t.Errorf("the input changed: %q", b)
	}
}

// TestFolderLock: a second opener fails at once, naming the holder; once
// the first closes, the folder opens again.
func TestFolderLock(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	f, err := OpenFolder(dir, "simulate sweep")
	if err != nil {
		t.Fatal(err)
	}
	_, err = OpenFolder(dir, "simulate run")
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), "simulate sweep (pid ") {
		t.Errorf("second open: %v, want ErrLocked naming simulate sweep and its pid", err)
	}
	f.Close()
	g, err := OpenFolder(dir, "simulate run")
	if err != nil {
		t.Fatalf("open after close: %v", err)
	}
	g.Close()
	if _, err := os.Lstat(filepath.Join(dir, LockName)); err == nil {
		t.Errorf("Close left the lock file")
	}
}

// TestFolderCrashRecovery: a crash after a transaction is recorded but
// before (or while) its files move leaves the folder to the next opener,
// which finishes it: the new output whole. A crash before it is recorded
// (a stage without a record, a record cut short) leaves the old output
// whole.
func TestFolderCrashRecovery(t *testing.T) {
	newFolder := func(t *testing.T) (string, *Folder) {
		dir := filepath.Join(t.TempDir(), "out")
		f := open(t, dir)
		if err := put(t, f, Commit{Reset: true, Kind: "run", ID: "old"}, map[string]string{"a.csv": "old a", "b.csv": "old b", "old.csv": "gone"}); err != nil {
			t.Fatal(err)
		}
		return dir, f
	}
	// stageNew writes the new output's files into a stage and returns its
	// transaction, as Commit would record it.
	stageNew := func(t *testing.T, f *Folder) record {
		stage, _ := f.Stage()
		os.WriteFile(filepath.Join(stage, "a.csv"), []byte("new a"), 0o644)
		os.WriteFile(filepath.Join(stage, "b.csv"), []byte("new b"), 0o644)
		puts, err := stagedFiles(stage)
		if err != nil {
			t.Fatal(err)
		}
		return record{Stage: filepath.Base(stage), Put: puts, Del: []string{"old.csv"}}
	}
	wantNew := map[string]string{"a.csv": "new a", "b.csv": "new b"}
	wantOld := map[string]string{"a.csv": "old a", "b.csv": "old b", "old.csv": "gone"}
	check := func(t *testing.T, dir string, want map[string]string) {
		t.Helper()
		f := open(t, dir)
		defer f.Close()
		got := readAll(t, dir)
		delete(got, ManifestName)
		if len(got) != len(want) {
			t.Errorf("after recovery: %v, want %v", got, want)
		}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("after recovery: %s = %q, want %q", k, got[k], v)
			}
		}
		if err := f.Verify(""); err != nil || len(f.Entries()) != len(want) {
			t.Errorf("after recovery the manifest does not match: %v, %v", f.Entries(), err)
		}
		if m, _ := filepath.Glob(filepath.Join(dir, ".stage-*")); len(m) != 0 {
			t.Errorf("stages left: %v", m)
		}
	}
	t.Run("recorded, nothing moved", func(t *testing.T) {
		dir, f := newFolder(t)
		rec := stageNew(t, f)
		if err := f.writeManifest(record{Schema: ManifestSchema, Kind: "run", ID: "new"}, rec); err != nil {
			t.Fatal(err)
		}
		crash(f)
		check(t, dir, wantNew)
	})
	t.Run("recorded, half moved", func(t *testing.T) {
		dir, f := newFolder(t)
		rec := stageNew(t, f)
		if err := f.appendManifest(rec); err != nil {
			t.Fatal(err)
		}
		os.Rename(filepath.Join(dir, rec.Stage, "a.csv"), filepath.Join(dir, "a.csv"))
		crash(f)
		check(t, dir, wantNew)
	})
	t.Run("staged, not recorded", func(t *testing.T) {
		dir, f := newFolder(t)
		stageNew(t, f)
		crash(f)
		check(t, dir, wantOld)
	})
	t.Run("record cut short", func(t *testing.T) {
		dir, f := newFolder(t)
		stageNew(t, f)
		mf, _ := os.OpenFile(filepath.Join(dir, ManifestName), os.O_WRONLY|os.O_APPEND, 0)
		mf.WriteString(`{"stage":".stage-1","put":[{"path":"a.csv"`)
		mf.Close()
		crash(f)
		check(t, dir, wantOld)
		// The cut line is gone, so a later commit's line parses.
		g := open(t, dir)
		if err := put(t, g, Commit{Replace: []string{"b.csv"}}, map[string]string{"b.csv": "later"}); err != nil {
			t.Fatal(err)
		}
		g.Close()
		check(t, dir, map[string]string{"a.csv": "old a", "b.csv": "later", "old.csv": "gone"})
	})
}

// crash ends f as a killed process would: the lock goes with the process,
// the stages and the lock file stay.
func crash(f *Folder) {
	f.lock.Close()
	f.lock = nil
}

// TestFolderHostileManifest: a manifest edited to name paths outside the
// folder, or not a manifest at all, is refused with its file and line
// before anything is deleted.
func TestFolderHostileManifest(t *testing.T) {
	tmp := t.TempDir()
	victim := filepath.Join(tmp, "victim.txt")
	os.WriteFile(victim, []byte("keep"), 0o644)
	for _, tt := range []struct{ name, manifest, want string }{
		{"parent path", `{"schema":"simulate/manifest/v1","kind":"run"}` + "\n" + `{"stage":".stage-1","del":["../victim.txt"]}` + "\n", `manifest.json:2: path "../victim.txt" is not inside the folder`},
		{"absolute path", `{"schema":"simulate/manifest/v1","kind":"run"}` + "\n" + `{"stage":".stage-1","del":["` + victim + `"]}` + "\n", `manifest.json:2: path`},
		{"stage outside", `{"schema":"simulate/manifest/v1","kind":"run"}` + "\n" + `{"stage":"../x"}` + "\n", `manifest.json:2: stage "../x"`},
		{"wrong schema", `{"schema":"simulate/run/v1"}` + "\n", `manifest.json:1: schema "simulate/run/v1"`},
		{"not JSON", "PK\x03\x04\n", `manifest.json:1: not a manifest line`},
		{"unknown field", `{"schema":"simulate/manifest/v1","rm":"-rf"}` + "\n", `manifest.json:1: not a manifest line`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(tmp, strings.ReplaceAll(tt.name, " ", "-"))
			os.MkdirAll(dir, 0o755)
			os.WriteFile(filepath.Join(dir, ManifestName), []byte(tt.manifest), 0o644)
			f, err := OpenFolder(dir, "test")
			if err == nil {
				f.Close()
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("OpenFolder: %v, want %q", err, tt.want)
			}
			if b, _ := os.ReadFile(victim); string(b) != "keep" {
				t.Fatalf("a hostile manifest deleted a file outside the folder")
			}
		})
	}
}

// TestFolderReadFile: ReadFile returns a listed file only while it matches
// the manifest, and never a file that is not listed.
func TestFolderReadFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	f := open(t, dir)
	if err := put(t, f, Commit{Reset: true, Kind: "run"}, map[string]string{"run.json": "{}"}); err != nil {
		t.Fatal(err)
	}
	if b, err := f.ReadFile("run.json"); err != nil || string(b) != "{}" {
		t.Errorf("ReadFile = %q, %v", b, err)
	}
	os.WriteFile(filepath.Join(dir, "run.json"), []byte("[]"), 0o644)
	if _, err := f.ReadFile("run.json"); err == nil || !strings.Contains(err.Error(), "its content differs from what this program wrote") {
		t.Errorf("ReadFile of a changed file: %v", err)
	}
	os.WriteFile(filepath.Join(dir, "extra.json"), []byte("{}"), 0o644)
	if _, err := f.ReadFile("extra.json"); err == nil {
		t.Errorf("ReadFile of an unlisted file succeeded")
	}
}

// TestFolderCloseRemovesStages: a stage that was never committed (a
// command that failed or was interrupted) goes with Close.
func TestFolderCloseRemovesStages(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	f, err := OpenFolder(dir, "test")
	if err != nil {
		t.Fatal(err)
	}
	stage, _ := f.Stage()
	os.WriteFile(filepath.Join(stage, "half.csv"), []byte("1,"), 0o644)
	f.Close()
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("after Close the folder holds %v, want nothing", entries)
	}
}
