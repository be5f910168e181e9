#!/usr/bin/env bash
# The main job: install what is missing, build, profile the reference server
# on the selected backends (default: sqlite) and print where the report is.
#
#   scripts/profile.sh                       # 30 s of load on sqlite
#   MDBPROF_DURATION=10 MDBPROF_BACKENDS=sqlite scripts/profile.sh
#
# Every MDBPROF_* variable of the README applies.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

scripts/setup.sh
cmake --preset default >/dev/null
cmake --build --preset default

export MDBPROF_OUT="${MDBPROF_OUT:-$root/profiles}"
case "$MDBPROF_OUT" in /*) ;; *) MDBPROF_OUT="$root/$MDBPROF_OUT" ;; esac
export MDBPROF_BACKENDS="${MDBPROF_BACKENDS:-sqlite}"

status=0
ctest --preset profile || status=$?

run_dir=$(readlink -f "$MDBPROF_OUT/latest" 2>/dev/null || true)
if [ -n "$run_dir" ] && [ -d "$run_dir" ]; then
  report="$run_dir/COMPARISON.md"
  [ -f "$report" ] || report="$run_dir"
  echo
  echo "mdbprof: run directory: $run_dir"
  echo "mdbprof: report:        $report"
fi
exit "$status"
