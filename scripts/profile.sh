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
# Only what the job runs: profile_bench, refserver and mdbprof (the test
# command, scripts/test.sh, builds everything).
cmake --build --preset main

export MDBPROF_OUT="${MDBPROF_OUT:-$root/profiles}"
case "$MDBPROF_OUT" in /*) ;; *) MDBPROF_OUT="$root/$MDBPROF_OUT" ;; esac
export MDBPROF_BACKENDS="${MDBPROF_BACKENDS:-sqlite}"

# The server chain for the selected backends only (profile.init validates
# MDBPROF_BACKENDS and names the known ones), not the Go subject's chain:
# no "Skipped" line for a backend nobody asked for.
selected=$(printf '%s' "$MDBPROF_BACKENDS" | tr -d ' ' | tr ',' '|' |
  sed 's/[^A-Za-z0-9_|-]//g')
status=0
ctest --preset profile -R "^profile\.(init|gather|${selected})\$" ||
  status=$?

run_dir=$(readlink -f "$MDBPROF_OUT/latest" 2>/dev/null || true)
if [ -n "$run_dir" ] && [ -d "$run_dir" ]; then
  report="$run_dir/COMPARISON.md"
  [ -f "$report" ] || report="$run_dir"
  echo
  echo "mdbprof: run directory: $run_dir"
  echo "mdbprof: report:        $report"
fi
exit "$status"
