#!/usr/bin/env bash
# The test command: install what is missing, build, run every test (unit,
# integration, faults, ...) and a short profile run of every backend.
#
#   scripts/test.sh
#
# MDBPROF_CI_DURATION sets the profile run's load seconds (default 3).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

scripts/setup.sh
cmake --preset default >/dev/null
cmake --build --preset default

ctest --preset default

# A short profile run: proves the main job end to end without taking long.
export MDBPROF_OUT="${MDBPROF_OUT:-$root/build/default/ci-profiles}"
export MDBPROF_DURATION="${MDBPROF_CI_DURATION:-3}"
export MDBPROF_WARMUP="${MDBPROF_WARMUP:-1}"
ctest --preset profile
