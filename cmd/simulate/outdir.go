package main

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"simulate/reports"
	"simulate/studies"
)

// openOut opens the output folder dir of a command for writing (docs/model.md
// section 7, as superseded by the ownership rules of docs/outputs.md): it
// is created when missing and locked against other commands. A folder
// holding files this program did not write, or an earlier output, is
// refused unless force; force replaces only the files the folder's
// manifest lists and never deletes another. A sweep into a folder holding
// the same sweep (kind and id alike) resumes it: resume is true.
func openOut(dir string, force bool, command, kind, id string) (*reports.Folder, bool, error) {
	if dir == "" {
		return nil, false, usagef("--out must name a folder")
	}
	f, err := reports.OpenFolder(dir, "simulate "+command)
	if err != nil {
		if errors.Is(err, reports.ErrLocked) {
			return nil, false, usageError{Err: fmt.Errorf("--out %w", err)}
		}
		return nil, false, usagef("--out %v", unwrapPath(err))
	}
	resume, err := checkOut(f, force, kind, id)
	if err != nil {
		f.Close()
		return nil, false, err
	}
	return f, resume, nil
}

// checkOut applies openOut's rules to the opened folder f.
func checkOut(f *reports.Folder, force bool, kind, id string) (bool, error) {
	dir := f.Dir
	if f.Legacy() {
		return false, usagef("--out %s: holds the output of an earlier version of this program, which kept no %s: its files cannot be told from yours; choose another folder (nothing there is changed)", dir, reports.ManifestName)
	}
	foreign, err := f.Foreign(6)
	if err != nil {
		return false, usagef("--out %s: %v", dir, unwrapPath(err))
	}
	if len(foreign) > 0 && !force {
		if len(foreign) > 5 {
			foreign = append(foreign[:5], "…")
		}
		return false, usagef("--out %s: the folder holds files this program did not write (%s); choose another folder or pass --force (which never deletes or replaces them)", dir, strings.Join(foreign, ", "))
	}
	if f.Empty() {
		return false, nil
	}
	if kind == "sweep" && f.Kind == kind && f.ID == id {
		return true, nil
	}
	if !force {
		what := "an earlier " + f.Kind
		if f.Kind == kind && f.ID == id {
			what = "this same " + kind + ", already finished"
		}
		return false, usagef("--out %s: holds %s; choose another folder or pass --force to replace it", dir, what)
	}
	return false, nil
}

// unwrapPath drops the path an *os.PathError repeats.
func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return fmt.Errorf("%s: %w", pe.Op, pe.Err)
	}
	return err
}

// protect records the inputs of a command in f — files such as its
// scenario and parents, and those its flags name (--font, --cpuprofile) —
// and refuses, as a usage error, an input that the output would replace.
func protect(f *reports.Folder, o *studies.Options, inputs []string) error {
	f.Protect("input", inputs...)
	f.Protect("--font file", o.Font)
	f.Protect("--cpuprofile file", o.CPUProfile)
	if err := f.CheckInputs(); err != nil {
		return usagef("--out %v", err)
	}
	return nil
}
