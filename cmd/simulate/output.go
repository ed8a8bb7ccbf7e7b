package main

import "io"

// What every command prints, one behaviour (docs/outputs.md): its
// results table on stdout; progress, notes on what it is doing and the
// warnings of the runs it made (each once, naming the runs it came from) on
// stderr; errors on stderr. --quiet drops the progress, the notes and the
// results table, never a warning or an error.

// outputHelp is the paragraph of the simulating commands' help that says
// so.
const outputHelp = `
Output: the results table on stdout; progress, notes and the warnings of the
runs (each once, naming the scenario, point or run it came from) on stderr,
as are errors. --quiet drops the progress, the notes and the results
table; warnings and errors are always printed. The files are the results in
full (docs/outputs.md).
`

// unlessQuiet returns w, or a writer that drops everything when quiet: where
// a command writes its results table (w stdout) and its notes (w stderr).
func unlessQuiet(quiet bool, w io.Writer) io.Writer {
	if quiet {
		return io.Discard
	}
	return w
}
