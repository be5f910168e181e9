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

# Fuzz smoke (label fuzz): the fuzzers (pprof decoder, RPC handling) under
# libFuzzer with ASan+UBSan (clang), 30 s each from their seed corpora; only
# the fuzzer targets are built (the build preset lists them).
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz
ctest --preset fuzz

# Nothing of any run may be left behind: no dead run's scratch or data
# directory, no process referring to one (issue #6).
scripts/leak_check.sh
