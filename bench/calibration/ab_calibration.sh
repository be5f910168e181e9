#!/usr/bin/env bash
# Calibration of the A/B gate (issue #5). A benchmark run by hand — not a
# test, not in CI: it takes TRIALS x 2 gate runs (about 2 minutes each at
# the defaults below on a 2-core machine).
#
# Runs profile_bench's A/B mode (MDBPROF_BASE_SERVER) TRIALS times with
# identical servers (A/A: base = head = the in-tree refserver) and TRIALS
# times with a known regression injected into head (the same refserver
# started through a wrapper that sets the TEST-ONLY MDBPROF_INJECT_ALLOC_BYTES
# / MDBPROF_INJECT_CPU_US, see server/api/injected_regression.h), A/A and
# injected trials interleaved so machine drift hits both alike. Reports
#   false-alarm rate = A/A gate runs that did not pass / TRIALS
#   detection rate   = injected gate runs that failed (exit 1) / TRIALS
# and, per trial, the exit code, wall time and the metrics that regressed.
#
#   bench/calibration/ab_calibration.sh [BUILD_DIR]    (default build/default)
#
# Settings (environment; defaults in brackets):
#   TRIALS=5                 trials of each kind
#   DURATION=3  WARMUP=1     measured window and warm-up per repetition, s
#   REPETITIONS=3            repetitions per side
#   WORKERS=10               load workers
#   BACKENDS=sqlite          backends
#   INJECT_ALLOC_BYTES=1024  extra bytes allocated per /rpc request in head
#   INJECT_CPU_US=0          extra CPU µs per /rpc request in head
#   MEMPROFILE_RATE=1        allocation sampling (1 = exact counts)
#   BUDGETS=<src>/budgets    budgets (limits and "min_effect") of both kinds
#   KEEP=0                   1 = keep the run directories (else removed)
set -euo pipefail

src=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$src/build/default}
bench=$build/bench/profile_bench
refserver=$build/server/refserver
for f in "$bench" "$refserver"; do
  [[ -x $f ]] || { echo "ab_calibration: $f not built" >&2; exit 2; }
done

TRIALS=${TRIALS:-5}
DURATION=${DURATION:-3}
WARMUP=${WARMUP:-1}
REPETITIONS=${REPETITIONS:-3}
WORKERS=${WORKERS:-10}
BACKENDS=${BACKENDS:-sqlite}
INJECT_ALLOC_BYTES=${INJECT_ALLOC_BYTES:-1024}
INJECT_CPU_US=${INJECT_CPU_US:-0}
MEMPROFILE_RATE=${MEMPROFILE_RATE:-1}
BUDGETS=${BUDGETS:-$src/budgets}
KEEP=${KEEP:-0}

work=$(mktemp -d /tmp/mdbprof-ab-calibration.XXXXXX)
cleanup() { [[ $KEEP == 1 ]] || rm -rf "$work"; }
trap cleanup EXIT

inject=$work/refserver-injected.sh
cat >"$inject" <<SH
#!/bin/sh
MDBPROF_INJECT_ALLOC_BYTES=$INJECT_ALLOC_BYTES MDBPROF_INJECT_CPU_US=$INJECT_CPU_US exec '$refserver' "\$@"
SH
chmod +x "$inject"

# run_gate KIND N HEAD_SERVER: one A/B gate run; prints a result line.
run_gate() {
  local kind=$1 n=$2 head=$3 out=$work/${1//\//}-$2
  mkdir -p "$out"
  local t0 t1 rc=0
  t0=$(date +%s.%N)
  env MDBPROF_OUT="$out/profiles" MDBPROF_BACKENDS="$BACKENDS" \
    MDBPROF_DURATION="$DURATION" MDBPROF_WARMUP="$WARMUP" \
    MDBPROF_WORKERS="$WORKERS" MDBPROF_REPETITIONS="$REPETITIONS" \
    MDBPROF_MEMPROFILE_RATE="$MEMPROFILE_RATE" MDBPROF_BUDGETS="$BUDGETS" \
    MDBPROF_BASE_SERVER="$refserver" MDBPROF_SERVER="$head" \
    "$bench" --benchmark_out="$out/bench.json" >"$out/stdout" \
    2>"$out/stderr" || rc=$?
  t1=$(date +%s.%N)
  local txt=$out/profiles/latest/compare.txt regressed=""
  if [[ -f $txt ]]; then
    regressed=$(awk '$0 ~ /^  [a-z_0-9]+ / && / regressed / {print $1}' \
      "$txt" | paste -sd, -)
    if grep -q '^budget exceeded in HEAD' "$txt"; then
      regressed="${regressed:+$regressed,}budget:$(grep '^budget exceeded' \
        "$txt" | awk '{print $6}' | paste -sd/ -)"
    fi
  fi
  printf '%-8s %2d  exit %d  %6.1f s  %s\n' "$kind" "$n" "$rc" \
    "$(awk -v a="$t0" -v b="$t1" 'BEGIN {print b - a}')" "${regressed:--}"
}

echo "A/B gate calibration: $TRIALS A/A + $TRIALS injected trials," \
  "backends $BACKENDS, ${DURATION}s windows (+${WARMUP}s warm-up)," \
  "$REPETITIONS repetitions a side, $WORKERS workers," \
  "MDBPROF_MEMPROFILE_RATE=$MEMPROFILE_RATE, budgets $BUDGETS;" \
  "injected: +$INJECT_ALLOC_BYTES B and +$INJECT_CPU_US us per request"
echo "kind  trial  exit  wall  regressed metrics"
results=$work/results
: >"$results"
for ((n = 1; n <= TRIALS; ++n)); do
  run_gate A/A "$n" "$refserver" | tee -a "$results"
  run_gate injected "$n" "$inject" | tee -a "$results"
done

aa_alarms=$(awk '$1 == "A/A" && $4 != 0' "$results" | wc -l)
detected=$(awk '$1 == "injected" && $4 == 1' "$results" | wc -l)
wall=$(awk '{s += $5} END {if (NR) printf "%.0f", s / NR}' "$results")
echo
echo "false-alarm rate: $aa_alarms/$TRIALS A/A runs did not pass"
echo "detection rate:   $detected/$TRIALS injected runs failed the gate"
echo "mean wall time of one gate run: ${wall} s"
[[ $KEEP == 1 ]] && echo "run directories kept in $work"
exit 0
