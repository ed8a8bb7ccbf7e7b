// Package deploy holds the files that run simulate on a cluster scheduler
// (slurm/ for Slurm job arrays, kubernetes/ for Indexed Jobs) and the tests
// that check them; it has no code of its own.
package deploy
