package reports

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"
)

// The files of an output folder that are not outputs: the manifest of what
// this program wrote there, the lock held while a command writes, and the
// stage directories a command writes into before it commits.
const (
	ManifestName   = "manifest.json"
	ManifestSchema = "simulate/manifest/v1"
	LockName       = ".simulate.lock"
	stagePrefix    = ".stage-"
)

// MaxManifestSize bounds the manifest a folder may hold (64 MB: about
// 400,000 files).
const MaxManifestSize = 64 << 20

// Entry is one file of a folder's manifest: its path relative to the
// folder (slash-separated), its size in bytes and its SHA-256 in hex.
type Entry struct {
	Path   string `json:"path"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// record is one line of manifest.json. The first line of the file is a
// header (Schema, Kind, ID); every other line is a transaction: the files
// it puts (from the stage directory Stage), the files it deletes, and with
// Reset, that it replaces every file listed before it.
type record struct {
	Schema string   `json:"schema,omitempty"`
	Kind   string   `json:"kind,omitempty"`
	ID     string   `json:"id,omitempty"`
	Stage  string   `json:"stage,omitempty"`
	Put    []Entry  `json:"put,omitempty"`
	Del    []string `json:"del,omitempty"`
	Time   string   `json:"time,omitempty"`
}

// Folder is an output folder of this program: the files its manifest lists
// are this program's, every other file is the user's and is never deleted,
// replaced or followed. An opened folder is locked against other commands
// until Close. A folder's methods may be called from several goroutines.
type Folder struct {
	// Dir is the folder as given.
	Dir string
	// Kind and ID say what the folder holds: the command that made it
	// ("run", "sweep", "compare", "solve", "sensitivity") and that output's
	// identity (a fingerprint or a study's hash); empty for a new folder.
	Kind, ID string

	mu        sync.Mutex
	lock      *os.File
	stages    map[string]bool // stages of Stage not committed yet
	files     map[string]Entry
	protected map[string]string // absolute path → what it is, for inputs
	legacy    bool
}

// ErrLocked is returned by OpenFolder when another command holds the
// folder; the error's text names the holder.
var ErrLocked = errors.New("in use by another command")

// OpenFolder opens the output folder dir for writing, creating it when it
// is missing: it takes the folder's lock (holder, e.g. "simulate run",
// is recorded in the lock file for the message a second command gets),
// finishes a transaction that a crash interrupted, removes stage
// directories that were never committed, and reads the manifest.
func OpenFolder(dir, holder string) (*Folder, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("%s: cannot create the folder: %w", dir, plain(err))
	}
	fi, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dir, plain(err))
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("%s: not a directory", dir)
	}
	lf, err := lockFolder(dir)
	if err != nil {
		return nil, err
	}
	lf.Truncate(0)
	fmt.Fprintf(lf, "%s (pid %d, since %s)\n", holder, os.Getpid(), time.Now().UTC().Format(time.RFC3339))
	f := &Folder{Dir: dir, lock: lf}
	if err := f.load(true); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// OpenFolderOf opens, as OpenFolder, the output folder that holds dir:
// dir itself or the nearest of its three closest ancestors with a manifest
// (a comparison's runs/K-NAME/ belongs to the comparison's folder). It
// returns the folder and the path of dir inside it ("" or, say,
// "runs/1-qiannan-2022/").
func OpenFolderOf(dir, holder string) (*Folder, string, error) {
	cur, err := filepath.Abs(dir)
	if err != nil {
		return nil, "", err
	}
	prefix := ""
	for range 4 {
		if fi, err := os.Lstat(filepath.Join(cur, ManifestName)); err == nil && fi.Mode().IsRegular() {
			if prefix == "" {
				f, err := OpenFolder(dir, holder)
				return f, "", err
			}
			f, err := OpenFolder(cur, holder)
			return f, prefix, err
		}
		parent := filepath.Dir(cur)
		if parent == cur {
			break
		}
		prefix = filepath.Base(cur) + "/" + prefix
		cur = parent
	}
	f, err := OpenFolder(dir, holder)
	return f, "", err
}

// lockFolder takes the lock of the folder dir: an exclusive lock on its
// lock file, which must still be the file at that name once locked (a
// command that finished may have removed it in between).
func lockFolder(dir string) (*os.File, error) {
	p := filepath.Join(dir, LockName)
	for range 10 {
		lf, err := openNoFollow(p, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, fmt.Errorf("%s: cannot write there: %w", dir, plain(err))
		}
		if err := lockFile(lf); err != nil {
			who, _ := io.ReadAll(io.LimitReader(lf, 512))
			lf.Close()
			holder := strings.TrimSpace(strings.ToValidUTF8(string(who), "?"))
			if holder == "" {
				holder = "another command"
			}
			return nil, fmt.Errorf("%s: %w: %s; wait for it to finish or choose another folder", dir, ErrLocked, holder)
		}
		fi, err1 := lf.Stat()
		cur, err2 := os.Lstat(p)
		if err1 == nil && err2 == nil && os.SameFile(fi, cur) {
			return lf, nil
		}
		lf.Close()
	}
	return nil, fmt.Errorf("%s: %w: its lock file keeps changing", dir, ErrLocked)
}

// ReadFolder reads the manifest of dir, an input of a command (a shard to
// merge), without locking or changing anything.
func ReadFolder(dir string) (*Folder, error) {
	fi, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dir, plain(err))
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("%s: not a directory", dir)
	}
	f := &Folder{Dir: dir}
	if err := f.load(false); err != nil {
		return nil, err
	}
	return f, nil
}

// Close removes the stages that were not committed, releases the folder's
// lock and removes its lock file.
func (f *Folder) Close() error {
	if f == nil || f.lock == nil {
		return nil
	}
	f.mu.Lock()
	for st := range f.stages {
		os.RemoveAll(st)
	}
	f.stages = nil
	f.mu.Unlock()
	os.Remove(filepath.Join(f.Dir, LockName))
	err := f.lock.Close()
	f.lock = nil
	return err
}

// Legacy reports whether the folder holds a run.json but no manifest: the
// output of an earlier version of this program, whose files cannot be told
// from the user's.
func (f *Folder) Legacy() bool { return f.legacy }

// Empty reports whether the manifest lists no file.
func (f *Folder) Empty() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.files) == 0
}

// Entries returns the manifest's files, by path.
func (f *Folder) Entries() []Entry {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]Entry, 0, len(f.files))
	for _, e := range f.files {
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b Entry) int { return strings.Compare(a.Path, b.Path) })
	return out
}

// Has reports whether the manifest lists the file rel.
func (f *Folder) Has(rel string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	_, ok := f.files[rel]
	return ok
}

// Protect records input files of the command (a scenario file, a font):
// a commit that would replace or delete one of them is refused.
func (f *Folder) Protect(what string, paths ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.protected == nil {
		f.protected = map[string]string{}
	}
	for _, p := range paths {
		if p == "" {
			continue
		}
		f.protected[realPath(p)] = what + " " + p
	}
}

// CheckInputs reports an input (Protect) that is one of the files the
// manifest lists, which a commit replacing the folder's output would
// replace or delete: it lets a command refuse before any work.
func (f *Folder) CheckInputs() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	for rel := range f.files {
		if what, ok := f.protected[realPath(filepath.Join(f.Dir, filepath.FromSlash(rel)))]; ok {
			return fmt.Errorf("%s: the %s is a file of the earlier output there, which this one replaces; copy it out of the folder first", f.Dir, what)
		}
	}
	return nil
}

// realPath returns the absolute path of p with its symbolic links
// resolved as far as they exist.
func realPath(p string) string {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		p = r
	} else if r, err := filepath.EvalSymlinks(filepath.Dir(p)); err == nil {
		p = filepath.Join(r, filepath.Base(p))
	}
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return filepath.Clean(p)
}

// Foreign returns the files and folders under the folder that this program
// did not write (not in the manifest), at most max of them, by path.
func (f *Folder) Foreign(max int) ([]string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	dirs := map[string]bool{".": true}
	for p := range f.files {
		for d := path.Dir(p); d != "."; d = path.Dir(d) {
			dirs[d] = true
		}
	}
	var out []string
	err := filepath.WalkDir(f.Dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(f.Dir, p)
		rel = filepath.ToSlash(rel)
		if rel == "." {
			return nil
		}
		if rel == ManifestName || rel == LockName || (strings.HasPrefix(rel, stagePrefix) && !strings.Contains(rel, "/")) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() && dirs[rel] {
			return nil
		}
		if _, ok := f.files[rel]; ok && d.Type().IsRegular() {
			return nil
		}
		out = append(out, rel)
		if len(out) >= max {
			return fs.SkipAll
		}
		if d.IsDir() {
			return fs.SkipDir
		}
		return nil
	})
	return out, err
}

// Verify checks every file of the manifest under prefix ("" for all):
// present, a regular file reached without a symbolic link, of its size and
// SHA-256. The error names every file that fails.
func (f *Folder) Verify(prefix string) error { return f.VerifyInputs(prefix, nil) }

// VerifyInputs is Verify for a command that rewrites some of the files
// from the others: entries for which derived reports true are not its
// inputs, so a user who deleted or edited one (the PDF charts, say) does
// not stop the command that redraws them.
func (f *Folder) VerifyInputs(prefix string, derived func(path string) bool) error {
	var errs []error
	for _, e := range f.Entries() {
		if !strings.HasPrefix(e.Path, prefix) || derived != nil && derived(e.Path) {
			continue
		}
		if err := f.verifyEntry(e); err != nil {
			errs = append(errs, err)
			if len(errs) == 10 {
				errs = append(errs, errors.New("…"))
				break
			}
		}
	}
	return errors.Join(errs...)
}

func (f *Folder) verifyEntry(e Entry) error {
	file, p, err := f.openListed(e)
	if err != nil {
		return err
	}
	defer file.Close()
	h := sha256.New()
	if _, err := io.Copy(h, io.LimitReader(file, e.Size+1)); err != nil {
		return fmt.Errorf("%s: %w", p, plain(err))
	}
	if hex.EncodeToString(h.Sum(nil)) != e.SHA256 {
		return fmt.Errorf("%s: its content differs from what this program wrote (SHA-256)", p)
	}
	return nil
}

// openListed opens the manifest's file e for reading: reached without a
// symbolic link, a regular file (never blocking on a named pipe) of the
// size the manifest records. It returns the file and its path.
func (f *Folder) openListed(e Entry) (*os.File, string, error) {
	p, err := f.safePath(e.Path)
	if err != nil {
		return nil, "", err
	}
	file, err := openNoFollow(p, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, p, fmt.Errorf("%s: %w", p, plain(err))
	}
	fi, err := file.Stat()
	switch {
	case err != nil:
		err = fmt.Errorf("%s: %w", p, plain(err))
	case !fi.Mode().IsRegular():
		err = fmt.Errorf("%s: not a regular file", p)
	case fi.Size() != e.Size:
		err = fmt.Errorf("%s: %d bytes, but this program wrote %d: changed since it was written", p, fi.Size(), e.Size)
	}
	if err != nil {
		file.Close()
		return nil, p, err
	}
	return file, p, nil
}

// ReadFile returns the content of the manifest's file rel after checking it
// against its size and SHA-256, so that what a command reads is what this
// program wrote.
func (f *Folder) ReadFile(rel string) ([]byte, error) {
	f.mu.Lock()
	e, ok := f.files[rel]
	f.mu.Unlock()
	if !ok {
		return nil, fmt.Errorf("%s: not among the files this program wrote there (%s)", filepath.Join(f.Dir, filepath.FromSlash(rel)), ManifestName)
	}
	file, p, err := f.openListed(e)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	b, err := io.ReadAll(io.LimitReader(file, e.Size+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p, plain(err))
	}
	sum := sha256.Sum256(b)
	if int64(len(b)) != e.Size || hex.EncodeToString(sum[:]) != e.SHA256 {
		return nil, fmt.Errorf("%s: its content differs from what this program wrote (SHA-256)", p)
	}
	return b, nil
}

// Stage returns a new, empty directory inside the folder for a command to
// write its files into, laid out as in the folder; Commit moves them in,
// and Close removes a stage that was never committed.
func (f *Folder) Stage() (string, error) {
	d, err := os.MkdirTemp(f.Dir, stagePrefix)
	if err != nil {
		return "", fmt.Errorf("%s: cannot write there: %w", f.Dir, plain(err))
	}
	f.mu.Lock()
	if f.stages == nil {
		f.stages = map[string]bool{}
	}
	f.stages[d] = true
	f.mu.Unlock()
	return d, nil
}

// Commit says what a commit of a stage replaces.
type Commit struct {
	// Reset replaces the folder's whole output: every file of the manifest
	// that the stage does not hold is deleted, and Kind and ID become the
	// folder's.
	Reset    bool
	Kind, ID string
	// Replace lists paths and folder prefixes ("charts/") whose files of
	// the manifest are deleted when the stage does not hold them.
	Replace []string
}

// Commit moves every file of stage into the folder, and deletes the files
// of the manifest that c replaces, as one transaction: the manifest records
// it before anything moves, and a crash part way is finished by the next
// OpenFolder, so the folder holds either its earlier files or the new ones.
// A commit that would replace a file this program did not write, reach a
// path through a symbolic link, or replace an input (Protect) is refused
// before anything changes. The stage is removed, unless a move failed
// after the transaction was recorded: then the next OpenFolder retries it.
func (f *Folder) Commit(stage string, c Commit) (err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	recorded := false
	defer func() {
		if err != nil && !recorded {
			os.RemoveAll(stage)
			delete(f.stages, stage)
		}
	}()
	puts, err := stagedFiles(stage)
	if err != nil {
		return err
	}
	rec := record{Stage: filepath.Base(stage), Put: puts, Time: time.Now().UTC().Format(time.RFC3339)}
	putSet := map[string]bool{}
	for _, e := range puts {
		putSet[e.Path] = true
	}
	for p := range f.files {
		if putSet[p] {
			continue
		}
		replaced := c.Reset
		for _, r := range c.Replace {
			replaced = replaced || p == r || (strings.HasSuffix(r, "/") && strings.HasPrefix(p, r))
		}
		if replaced {
			rec.Del = append(rec.Del, p)
		}
	}
	slices.Sort(rec.Del)
	// Refuse before anything changes.
	for _, e := range puts {
		dst, err := f.safePath(e.Path)
		if err != nil {
			return err
		}
		if what, ok := f.protected[realPath(dst)]; ok {
			return fmt.Errorf("%s: would replace the %s; write the output elsewhere or move the input out of %s", dst, what, f.Dir)
		}
		fi, err := os.Lstat(dst)
		switch {
		case errors.Is(err, fs.ErrNotExist):
		case err != nil:
			return fmt.Errorf("%s: %w", dst, plain(err))
		case fi.IsDir():
			return fmt.Errorf("%s: a folder stands where this program writes a file; move it away", dst)
		default:
			if _, ok := f.files[e.Path]; !ok {
				return fmt.Errorf("%s: a file this program did not write stands where it writes one; move it away (nothing was changed)", dst)
			}
		}
	}
	for _, p := range rec.Del {
		dst, err := f.safePath(p)
		if err != nil {
			continue // a path through a link: apply never follows it
		}
		if what, ok := f.protected[realPath(dst)]; ok {
			return fmt.Errorf("%s: would delete the %s; write the output elsewhere or move the input out of %s", dst, what, f.Dir)
		}
	}
	if c.Reset {
		err = f.writeManifest(record{Schema: ManifestSchema, Kind: c.Kind, ID: c.ID}, rec)
	} else {
		err = f.appendManifest(rec)
	}
	if err != nil {
		return err
	}
	// Recorded: from here the transaction is finished, now or by the next
	// OpenFolder, which finds its stage.
	recorded = true
	delete(f.stages, stage)
	if c.Reset {
		f.Kind, f.ID = c.Kind, c.ID
	}
	return f.apply(rec)
}

// stagedFiles lists the regular files under stage with their sizes and
// SHA-256s.
func stagedFiles(stage string) ([]Entry, error) {
	var out []Entry
	err := filepath.WalkDir(stage, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if !d.Type().IsRegular() {
			return fmt.Errorf("%s: not a regular file in a stage", p)
		}
		rel, _ := filepath.Rel(stage, p)
		e, err := hashFile(p)
		if err != nil {
			return err
		}
		e.Path = filepath.ToSlash(rel)
		out = append(out, e)
		return nil
	})
	return out, err
}

func hashFile(p string) (Entry, error) {
	file, err := os.Open(p)
	if err != nil {
		return Entry{}, err
	}
	defer file.Close()
	h := sha256.New()
	n, err := io.Copy(h, file)
	if err != nil {
		return Entry{}, fmt.Errorf("%s: %w", p, plain(err))
	}
	return Entry{Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// apply carries out a recorded transaction; it can be repeated after a
// crash (a put whose staged file is gone was moved already).
func (f *Folder) apply(rec record) error {
	if f.files == nil {
		f.files = map[string]Entry{}
	}
	stage := filepath.Join(f.Dir, rec.Stage)
	var errs []error
	for _, e := range rec.Put {
		dst, err := f.safePath(e.Path)
		if err == nil {
			err = f.mkdirs(path.Dir(e.Path))
		}
		if err == nil {
			err = os.Rename(filepath.Join(stage, filepath.FromSlash(e.Path)), dst)
			if errors.Is(err, fs.ErrNotExist) {
				err = nil // moved before a crash
			}
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("write %s: %w", dst, plain(err)))
			continue
		}
		f.files[e.Path] = e
	}
	dirs := map[string]bool{}
	for _, p := range rec.Del {
		delete(f.files, p)
		dst, err := f.safePath(p)
		if err != nil {
			continue // a path through a link: never followed, left alone
		}
		if fi, err := os.Lstat(dst); err == nil && fi.Mode().IsRegular() {
			if err := os.Remove(dst); err != nil {
				errs = append(errs, fmt.Errorf("remove %s: %w", dst, plain(err)))
			}
		}
		for d := path.Dir(p); d != "."; d = path.Dir(d) {
			dirs[d] = true
		}
	}
	// Folders the deletions emptied go too (deepest first); a folder that
	// holds anything else stays.
	byDepth := make([]string, 0, len(dirs))
	for d := range dirs {
		byDepth = append(byDepth, d)
	}
	slices.SortFunc(byDepth, func(a, b string) int { return strings.Count(b, "/") - strings.Count(a, "/") })
	for _, d := range byDepth {
		if p, err := f.safePath(d); err == nil {
			if fi, err := os.Lstat(p); err == nil && fi.IsDir() {
				os.Remove(p)
			}
		}
	}
	syncDir(f.Dir)
	if len(errs) > 0 {
		// The stage stays, so that the next OpenFolder finishes the moves.
		return errors.Join(errs...)
	}
	return os.RemoveAll(stage)
}

// safePath returns the path of rel in the folder after checking that rel
// is a local path and that no folder on the way is a symbolic link, so
// nothing is ever written or deleted outside the folder.
func (f *Folder) safePath(rel string) (string, error) {
	if !validRel(rel) {
		return "", fmt.Errorf("%s: %q is not a path inside the folder", filepath.Join(f.Dir, ManifestName), rel)
	}
	parts := strings.Split(rel, "/")
	p := f.Dir
	for _, part := range parts[:len(parts)-1] {
		p = filepath.Join(p, part)
		fi, err := os.Lstat(p)
		if errors.Is(err, fs.ErrNotExist) {
			break
		}
		if err != nil {
			return "", fmt.Errorf("%s: %w", p, plain(err))
		}
		if fi.Mode()&fs.ModeSymlink != 0 {
			return "", fmt.Errorf("%s: a symbolic link where this program keeps a folder; it is never followed: remove it", p)
		}
		if !fi.IsDir() {
			return "", fmt.Errorf("%s: not a folder", p)
		}
	}
	return filepath.Join(f.Dir, filepath.FromSlash(rel)), nil
}

// validRel reports whether rel may name a file of a manifest: a clean,
// slash-separated local path that is none of the folder's own files.
func validRel(rel string) bool {
	if rel == "" || len(rel) > 4096 || !fs.ValidPath(rel) || strings.Contains(rel, `\`) || strings.ContainsRune(rel, 0) {
		return false
	}
	first, _, _ := strings.Cut(rel, "/")
	return first != ManifestName && first != LockName && !strings.HasPrefix(first, stagePrefix)
}

// mkdirs creates the folder rel (and its parents) inside the folder.
func (f *Folder) mkdirs(rel string) error {
	if rel == "." {
		return nil
	}
	if _, err := f.safePath(rel + "/x"); err != nil {
		return err
	}
	return os.MkdirAll(filepath.Join(f.Dir, filepath.FromSlash(rel)), 0o755)
}

// writeManifest replaces manifest.json with a header and one transaction.
func (f *Folder) writeManifest(header, rec record) error {
	var b bytes.Buffer
	for _, r := range []record{header, rec} {
		line, err := json.Marshal(r)
		if err != nil {
			return err
		}
		b.Write(append(line, '\n'))
	}
	return WriteFileAtomic(filepath.Join(f.Dir, ManifestName), func(w io.Writer) error {
		_, err := w.Write(b.Bytes())
		return err
	})
}

// appendManifest appends a transaction to manifest.json and syncs it.
func (f *Folder) appendManifest(rec record) error {
	p := filepath.Join(f.Dir, ManifestName)
	line, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	file, err := openNoFollow(p, os.O_WRONLY|os.O_APPEND, 0)
	if errors.Is(err, fs.ErrNotExist) {
		return f.writeManifest(record{Schema: ManifestSchema, Kind: f.Kind, ID: f.ID}, rec)
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", p, plain(err))
	}
	if _, err := file.Write(append(line, '\n')); err != nil {
		file.Close()
		return fmt.Errorf("write %s: %w", p, plain(err))
	}
	if err := file.Sync(); err != nil {
		file.Close()
		return fmt.Errorf("write %s: %w", p, plain(err))
	}
	return file.Close()
}

// load reads the manifest; with recover, it finishes the transaction a
// crash interrupted and removes uncommitted stages and temporary files.
func (f *Folder) load(recover bool) error {
	f.files = map[string]Entry{}
	p := filepath.Join(f.Dir, ManifestName)
	data, err := readRegular(p, MaxManifestSize)
	if errors.Is(err, fs.ErrNotExist) {
		if _, err := os.Lstat(filepath.Join(f.Dir, RunMetaFile)); err == nil {
			f.legacy = true
		}
		if recover {
			f.removeStages(nil)
		}
		return nil
	}
	if err != nil {
		return err
	}
	recs, complete, err := parseManifest(p, data)
	if err != nil {
		return err
	}
	f.Kind, f.ID = recs[0].Kind, recs[0].ID
	pending := map[string]bool{}
	for _, r := range recs[1:] {
		for _, e := range r.Put {
			f.files[e.Path] = e
		}
		for _, d := range r.Del {
			delete(f.files, d)
		}
		pending[r.Stage] = true
	}
	if !recover {
		return nil
	}
	if complete < len(data) {
		// A transaction whose line was cut short was never committed.
		if err := os.Truncate(p, int64(complete)); err != nil {
			return fmt.Errorf("%s: %w", p, plain(err))
		}
	}
	for _, r := range recs[1:] {
		if fi, err := os.Lstat(filepath.Join(f.Dir, r.Stage)); err == nil && fi.IsDir() {
			if err := f.apply(r); err != nil {
				return fmt.Errorf("%s: finishing the write a crash interrupted: %w", f.Dir, err)
			}
		}
	}
	f.removeStages(pending)
	return nil
}

// removeStages removes the stage directories of the folder (never one
// that a recorded transaction still needs) and temporary files of atomic
// writes.
func (f *Folder) removeStages(keep map[string]bool) {
	entries, _ := os.ReadDir(f.Dir)
	for _, e := range entries {
		n := e.Name()
		switch {
		case strings.HasPrefix(n, stagePrefix) && e.IsDir() && !keep[n]:
			os.RemoveAll(filepath.Join(f.Dir, n))
		case strings.HasPrefix(n, "."+ManifestName+".tmp-") && e.Type().IsRegular():
			os.Remove(filepath.Join(f.Dir, n))
		}
	}
}

// parseManifest checks and parses the lines of a manifest; it returns the
// records and the length of the complete lines (a last line without its
// newline is a transaction a crash cut short, and is ignored).
func parseManifest(p string, data []byte) ([]record, int, error) {
	var recs []record
	complete := 0
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 1<<16), MaxManifestSize)
	line := 0
	for sc.Scan() {
		line++
		text := sc.Bytes()
		if complete+len(text) >= len(data) || data[complete+len(text)] != '\n' {
			break // cut short
		}
		var r record
		dec := json.NewDecoder(bytes.NewReader(text))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&r); err != nil {
			return nil, 0, fmt.Errorf("%s:%d: not a manifest line: %v", p, line, err)
		}
		if dec.More() {
			return nil, 0, fmt.Errorf("%s:%d: not a manifest line: more than one JSON value", p, line)
		}
		if err := r.check(line == 1); err != nil {
			return nil, 0, fmt.Errorf("%s:%d: %v", p, line, err)
		}
		recs = append(recs, r)
		complete += len(text) + 1
	}
	if len(recs) == 0 {
		return nil, 0, fmt.Errorf("%s: empty or cut short: not a manifest of this program", p)
	}
	return recs, complete, nil
}

// check validates a manifest line: the header, or a transaction whose
// paths all lie inside the folder.
func (r record) check(header bool) error {
	if header {
		if r.Schema != ManifestSchema {
			return fmt.Errorf("schema %q, want %q", r.Schema, ManifestSchema)
		}
		if len(r.Kind) > 64 || len(r.ID) > 4096 {
			return errors.New("kind or id too long")
		}
		if r.Stage != "" || r.Put != nil || r.Del != nil {
			return errors.New("a header with files")
		}
		return nil
	}
	if r.Schema != "" {
		return errors.New("a second header")
	}
	if !strings.HasPrefix(r.Stage, stagePrefix) || strings.ContainsAny(r.Stage, `/\`) || r.Stage == stagePrefix {
		return fmt.Errorf("stage %q is not one of this program's", r.Stage)
	}
	for _, e := range r.Put {
		if !validRel(e.Path) {
			return fmt.Errorf("path %q is not inside the folder", e.Path)
		}
		if e.Size < 0 || len(e.SHA256) != 64 {
			return fmt.Errorf("%s: bad size or SHA-256", e.Path)
		}
		if _, err := hex.DecodeString(e.SHA256); err != nil {
			return fmt.Errorf("%s: bad SHA-256", e.Path)
		}
	}
	for _, d := range r.Del {
		if !validRel(d) {
			return fmt.Errorf("path %q is not inside the folder", d)
		}
	}
	return nil
}

// readRegular reads the regular file p of at most limit bytes; it never
// blocks on a named pipe or follows a symbolic link at p.
func readRegular(p string, limit int64) ([]byte, error) {
	file, err := openNoFollow(p, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		if isLink(err) {
			return nil, fmt.Errorf("%s: a symbolic link; this program reads its own files only", p)
		}
		return nil, err
	}
	defer file.Close()
	fi, err := file.Stat()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p, plain(err))
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", p)
	}
	if fi.Size() > limit {
		return nil, fmt.Errorf("%s: %d bytes is more than such a file may hold (%d MB)", p, fi.Size(), limit>>20)
	}
	b, err := io.ReadAll(io.LimitReader(file, limit+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p, plain(err))
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%s: more than such a file may hold (%d MB)", p, limit>>20)
	}
	return b, nil
}

func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
