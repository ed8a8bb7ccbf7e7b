package studies

import (
	"encoding/json"
	"fmt"
	"io"

	"simulate/model"
	"simulate/reports"
)

// Options are the settings every study takes: what the run flags of the
// command say (docs/model.md section 9), already checked.
type Options struct {
	// Command is the command's name ("run", "sweep", …) and Args its
	// arguments, as recorded in run.json.
	Command string
	Args    []string
	// Scenario is the built-in name or file of the scenario (of every
	// study but a comparison, which takes its names apart).
	Scenario string
	// Out is the output folder; Force lets a study replace an earlier
	// output there (docs/outputs.md).
	Out   string
	Force bool
	// Replications, Members and Seed make the run; Horizon, when not 0,
	// overrides the scenario's years.
	Replications int
	Members      int
	Seed         uint64
	Horizon      int
	// Workers is the number of worker goroutines.
	Workers int
	// Design is how replication-level inputs are drawn.
	Design model.Design
	// Precision are the targets of a run to a precision and
	// MaxReplications the most replications it may take.
	Precision       []string
	MaxReplications int
	// Shard is the slice of the replications (or sweep points) to run; nil
	// runs them all.
	Shard *reports.Shard
	// MemoryLimit is the most memory, in bytes, a run may be estimated to
	// take.
	MemoryLimit int64
	// KeepReplications also writes replications.csv; DryRun prints the
	// estimate and stops; Quiet drops notes and the results table.
	KeepReplications bool
	DryRun           bool
	Quiet            bool
	// Lang, Unit and Font are those of the workbook and charts; NoReport
	// and NoCharts switch them off.
	Lang     string
	Unit     string
	Font     string
	NoReport bool
	NoCharts bool
	// Metric is the figure of a sweep's decision chart (charts.SweepMetrics);
	// empty: months of payment P5.
	Metric string
	// CPUProfile, when not empty, is the file of a run's CPU profile.
	CPUProfile string
	// Words words the model's warnings in the program's terms (the
	// command names its flags); nil: as the model does.
	Words Wording
}

// Progress is what a study reports its progress to.
type Progress interface {
	// Update says that done of total steps are finished.
	Update(done, total int)
	// Done ends the report, complete or not.
	Done()
}

// Env is what the command gives a study: where its text goes, the output
// folder it may write and its progress.
type Env struct {
	// Stdout takes the results table, Stderr progress, notes, warnings.
	Stdout, Stderr io.Writer
	// Open opens the output folder o.Out of command for an output of kind
	// and identity id, protecting the input files, and reports whether it
	// holds the same sweep to resume.
	Open func(o *Options, kind, id string, inputs []string) (f *reports.Folder, resume bool, err error)
	// Progress returns the progress of steps called what ("points").
	Progress func(what string) Progress
}

// hooks are called at points of a study a test may interrupt it at; a
// shipped binary has none (testHooks).
type hooks struct {
	// PointWritten is called once sweep point i is written.
	PointWritten func(i int)
	// ReplicationsDone is called with the replications done of a run.
	ReplicationsDone func(done, total int)
}

// UsageError is a bad flag, argument or scenario: nothing was simulated
// (exit code 2).
type UsageError struct{ Err error }

// Error returns the message of e.
func (e UsageError) Error() string { return e.Err.Error() }

// Unwrap returns the error e wraps.
func (e UsageError) Unwrap() error { return e.Err }

func usagef(format string, args ...any) error {
	return UsageError{fmt.Errorf(format, args...)}
}

// unlessQuiet returns w, or a writer that drops everything when quiet: where
// a study writes its results table (w stdout) and its notes (w stderr).
func unlessQuiet(quiet bool, w io.Writer) io.Writer {
	if quiet {
		return io.Discard
	}
	return w
}

// openStage opens the output folder of o for a study whose output
// replaces the folder's whole, protecting its inputs, and returns a stage
// to write the output into; commit it with reports.Commit{Reset: true,
// Kind: kind, ID: id}.
func (env *Env) openStage(o *Options, kind, id string, inputs []string) (*reports.Folder, string, error) {
	f, _, err := env.Open(o, kind, id, inputs)
	if err != nil {
		return nil, "", err
	}
	stage, err := f.Stage()
	if err != nil {
		f.Close()
		return nil, "", err
	}
	return f, stage, nil
}

// progress returns env's progress of steps called what; one that reports
// nothing without a Progress.
func (env *Env) progress(what string) Progress {
	if env.Progress == nil {
		return noProgress{}
	}
	return env.Progress(what)
}

type noProgress struct{}

func (noProgress) Update(done, total int) {}
func (noProgress) Done()                  {}

func writeJSON(path string, v any) error {
	return reports.WriteFileAtomic(path, func(w io.Writer) error {
		b, err := json.MarshalIndent(v, "", "  ")
		if err != nil {
			return err
		}
		_, err = w.Write(append(b, '\n'))
		return err
	})
}

// commitFiles writes files into a new stage of f with write and commits
// them as c says; on an error before the commit f is unchanged.
func commitFiles(f *reports.Folder, c reports.Commit, write func(stage string) error) error {
	stage, err := f.Stage()
	if err != nil {
		return err
	}
	if err := write(stage); err != nil {
		return err // the stage goes with f.Close
	}
	return f.Commit(stage, c)
}
