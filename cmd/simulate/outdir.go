package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// ownFiles are the names this program writes into an output directory.
var ownFiles = map[string]bool{
	"summary.json": true, "years.csv": true, "solvency.csv": true, "groups.csv": true,
	"replications.csv": true, "groups-acc.json": true, "scenario.yaml": true, "run.json": true, "report.xlsx": true,
	"charts": true,
}

// prepareOut makes dir ready for a run's outputs (MODEL.md section 7): a
// missing directory is created; an empty one, or one holding only files
// this program wrote (it finds its run.json), is used; anything else is
// refused unless force, and force never deletes files this program did not
// write. It checks that dir is writable before any simulation starts.
func prepareOut(dir string, force bool) error {
	info, err := os.Stat(dir)
	switch {
	case os.IsNotExist(err):
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return usagef("--out %s: cannot create the directory: %v", dir, unwrapPath(err))
		}
	case err != nil:
		return usagef("--out %s: %v", dir, unwrapPath(err))
	case !info.IsDir():
		return usagef("--out %s: not a directory", dir)
	default:
		entries, err := os.ReadDir(dir)
		if err != nil {
			return usagef("--out %s: %v", dir, unwrapPath(err))
		}
		var foreign []string
		for _, e := range entries {
			switch {
			case ownTemp(e.Name()):
				// Left by a run that was killed while writing: never a
				// result, so it goes.
				os.Remove(filepath.Join(dir, e.Name()))
			case !ownFiles[e.Name()] && !strings.HasPrefix(e.Name(), ".tmp-"):
				foreign = append(foreign, e.Name())
			}
		}
		if len(entries) > 0 && !force {
			if !ownRun(filepath.Join(dir, "run.json")) {
				return usagef("--out %s: the directory is not empty and holds no run of this program; choose another directory or pass --force (which never deletes other files)", dir)
			}
			if len(foreign) > 0 {
				sort.Strings(foreign)
				if len(foreign) > 5 {
					foreign = append(foreign[:5], "…")
				}
				return usagef("--out %s: the directory holds files this program did not write (%s); choose another directory or pass --force (which never deletes them)", dir, strings.Join(foreign, ", "))
			}
		}
	}
	probe, err := os.CreateTemp(dir, ".tmp-probe-*")
	if err != nil {
		return usagef("--out %s: cannot write there: %v", dir, unwrapPath(err))
	}
	name := probe.Name()
	probe.Close()
	os.Remove(name)
	return nil
}

// ownRun reports whether path is a run.json this program wrote.
func ownRun(path string) bool {
	b, err := os.ReadFile(path)
	if err != nil {
		return false
	}
	var m struct {
		Schema string `json:"schema"`
	}
	return json.Unmarshal(b, &m) == nil && strings.HasPrefix(m.Schema, "simulate/run/")
}

// unwrapPath drops the path an *os.PathError repeats.
func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return fmt.Errorf("%s: %w", pe.Op, pe.Err)
	}
	return err
}

// ownTemp reports whether name is the temporary file of one of this
// program's outputs (.NAME.tmp-NNN, see reports.WriteFilesAtomic).
func ownTemp(name string) bool {
	base, _, ok := strings.Cut(strings.TrimPrefix(name, "."), ".tmp-")
	return strings.HasPrefix(name, ".") && ok && ownFiles[base]
}
