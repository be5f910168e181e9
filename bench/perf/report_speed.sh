#!/usr/bin/env bash
# Issue #7 target 3: `mdbprof report` (budget evaluation + gather:
# COMPARISON.md, comparison.json, chart.svg) over a run directory of four
# backends x 3 repetitions must take under 1 s.
#
#   bench/perf/report_speed.sh [SOURCE_RUN_DIR]
#
# SOURCE_RUN_DIR holds one backend with 3 repetitions (default: makes one
# with `MDBPROF_DURATION=3 MDBPROF_WARMUP=1 MDBPROF_REPETITIONS=3
# MDBPROF_BACKENDS=sqlite ctest -L profile`). Its backend directory is
# copied under the four backend names (sqlite, postgres, timescale, pebble;
# "backend" in each load-test-results.json renamed), then `mdbprof report`
# runs RUNS times (default 7): median wall-clock and peak RSS.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-$ROOT/build/default}
RUNS=${RUNS:-7}
MDBPROF=$BUILD/tools/mdbprof
[[ -x $MDBPROF ]] || { echo "report_speed: $MDBPROF not built" >&2; exit 2; }

WORK=$(mktemp -d /tmp/mdbprof-perf-report.XXXXXX)
trap 'rm -rf "$WORK"' EXIT INT TERM

SRC=${1:-}
if [[ -z $SRC ]]; then
  echo "making a sqlite run (3 repetitions of 3 s) ..."
  MDBPROF_OUT=$WORK/out MDBPROF_DURATION=3 MDBPROF_WARMUP=1 \
    MDBPROF_REPETITIONS=3 MDBPROF_BACKENDS=sqlite \
    ctest --test-dir "$BUILD" -L profile -R 'profile\.(init|sqlite)$' >"$WORK/ctest.log" 2>&1 ||
    { tail -30 "$WORK/ctest.log" >&2; exit 1; }
  SRC=$WORK/out/latest
fi
SRC_BACKEND=$(cd "$SRC" && for d in */; do [[ -f $d/load-test-results.json ]] && echo "${d%/}" && break; done)
[[ -n $SRC_BACKEND ]] || { echo "report_speed: no backend directory in $SRC" >&2; exit 2; }
REPS=$(ls -d "$SRC/$SRC_BACKEND"/repetitions/*/ 2>/dev/null | wc -l)

RUN=$WORK/run
mkdir -p "$RUN"
for b in sqlite postgres timescale pebble; do
  cp -r "$SRC/$SRC_BACKEND" "$RUN/$b"
  find "$RUN/$b" -name load-test-results.json -exec \
    sed -i "s/\"backend\": \"$SRC_BACKEND\"/\"backend\": \"$b\"/" {} +
done
echo "run dir: 4 backends x $REPS repetitions (copies of $SRC/$SRC_BACKEND)"

: >"$WORK/runs"
for i in $(seq "$RUNS"); do
  /usr/bin/time -f "%e %M" -o "$WORK/time" "$MDBPROF" report "$RUN" >"$WORK/out.txt" 2>&1 ||
    { cat "$WORK/out.txt" >&2; exit 1; }
  cat "$WORK/time" >>"$WORK/runs"
  printf "run %d: %s s, peak RSS %s kB\n" "$i" $(cat "$WORK/time")
done
for f in COMPARISON.md comparison.json chart.svg; do
  [[ -s $RUN/$f ]] || { echo "report_speed: $f not written" >&2; exit 1; }
done
sort -n "$WORK/runs" | awk '{ t[NR] = $1; m[NR] = $2 }
  END { k = int((NR + 1) / 2)
        printf "mdbprof report, 4 backends x '"$REPS"' repetitions: median %.3f s (min %.3f, max %.3f), peak RSS ~%d kB; target < 1 s\n", t[k], t[1], t[NR], m[k] }'
