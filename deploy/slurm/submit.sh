#!/usr/bin/env bash
# Submit a sharded run to Slurm: an N-task job array of shards and a dependent
# merge job; with --wait, wait for both and exit non-zero if the merge failed.
#
#   deploy/slurm/submit.sh [--wait] N OUTDIR [run flags...]
#
# SIMULATE names the simulate binary (default: simulate on PATH); it must be
# reachable from the compute nodes, as must OUTDIR.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
wait=""
if [ "${1:-}" = "--wait" ]; then wait=1; shift; fi
n=${1:?usage: submit.sh [--wait] N OUTDIR [run flags...]}
out=${2:?usage: submit.sh [--wait] N OUTDIR [run flags...]}
shift 2
mkdir -p "$out"
array=$(sbatch --parsable --array=0-$((n - 1)) --chdir="$out" "$here/simulate-array.sbatch" "$out" "$@")
echo "shards: job $array (tasks 0-$((n - 1)))" >&2
merge_args=(--parsable --dependency=afterany:"$array" --chdir="$out")
[ -n "$wait" ] && merge_args+=(--wait)
merge=$(sbatch "${merge_args[@]}" "$here/simulate-merge.sbatch" "$out" "$n")
echo "merge: job $merge -> $out/merged" >&2
echo "$merge"
