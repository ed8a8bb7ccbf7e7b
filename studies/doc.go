// Package studies is what the simulating commands do, once their flags
// are read (docs/model.md sections 7 and 9): a run (Run) and the studies
// made of runs on common random numbers — a sweep over the points of
// --vary axes, resumed from its finished points and sharded over machines
// (Sweep, Merge), a solve for the most a key can be and meet a target
// (Solve), the one-at-a-time and Morris sensitivity of the pool balance to
// each assumption (Sensitivity) and the paired comparison of scenarios
// with its breakdown by groups of keys (Compare) — the local calibration
// of a scenario to a city's figures (Calibrate, the fit itself is package
// calibration's) and the benchmark of the engine (Bench).
//
// It also holds their grammar: the sweep axes and Latin hypercube points
// (ParseVary, Points), the targets a solve or a sweep judges a summary
// against (ParseTarget, Target.Judge) and the precision targets of a run
// that adds replications until its estimates are precise enough
// (ParsePrecision).
//
// A study takes its settings as Options and what the command provides as
// an Env: stdout and stderr, the output folder it may write (the command
// chooses and locks it, docs/outputs.md) and its progress. It writes its
// files into a stage of that folder and commits them at once; it prints
// its warnings, each once naming the runs it came from, and its results
// table. Errors of the user's input are UsageError (exit code 2).
package studies
