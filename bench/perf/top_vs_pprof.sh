#!/usr/bin/env bash
# Issue #7 target 2: `mdbprof top` vs `go tool pprof -top` on a large
# profile: wall-clock and peak RSS (GNU time), alternated, medians; checks
# that both print the same table; then the decode rate of our library.
#
#   bench/perf/top_vs_pprof.sh              # generates the profile (~17 MB)
#   RUNS=7 bench/perf/top_vs_pprof.sh FILE  # any profile
#
# The default profile comes from mdbprof_perf_gen_profile (seed 1): 200k
# samples, 20k functions, 60k locations (a quarter with inlined frames),
# recursion in a third of the stacks. Targets: >= 10x faster, <= 1/4 of the
# peak memory.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-$ROOT/build/default}
RUNS=${RUNS:-5}
MDBPROF=$BUILD/tools/mdbprof
GEN=$BUILD/bench/perf/mdbprof_perf_gen_profile
DECODE=$BUILD/bench/perf/mdbprof_perf_decode

for f in "$MDBPROF" "$GEN" "$DECODE"; do
  [[ -x $f ]] || { echo "top_vs_pprof: $f not built" >&2; exit 2; }
done
command -v go >/dev/null || { echo "top_vs_pprof: go not found" >&2; exit 2; }

WORK=$(mktemp -d /tmp/mdbprof-perf-top.XXXXXX)
trap 'rm -rf "$WORK"' EXIT INT TERM

FILE=${1:-}
if [[ -z $FILE ]]; then
  FILE=$WORK/large.pb.gz
  "$GEN" "$FILE"
fi
echo "profile: $FILE ($(stat -c %s "$FILE") bytes)"

: >"$WORK/runs"
measure() {  # name command...
  local name=$1
  shift
  /usr/bin/time -f "%e %M" -o "$WORK/time" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" || {
    echo "top_vs_pprof: $name failed:" >&2
    cat "$WORK/$name.err" >&2
    exit 1
  }
  read -r secs kb <"$WORK/time"
  echo "$name $secs $kb" >>"$WORK/runs"
  printf "run %-8s %7.2f s  peak RSS %8d kB\n" "$name" "$secs" "$kb"
}
go tool pprof -top "$FILE" >/dev/null 2>&1 || true  # builds/caches the tool
for run in $(seq "$RUNS"); do
  if ((run % 2)); then
    measure mdbprof "$MDBPROF" top "$FILE"
    measure pprof go tool pprof -top "$FILE"
  else
    measure pprof go tool pprof -top "$FILE"
    measure mdbprof "$MDBPROF" top "$FILE"
  fi
done
if cmp -s "$WORK/mdbprof.out" "$WORK/pprof.out"; then
  echo "outputs: identical ($(wc -l <"$WORK/mdbprof.out") lines)"
else
  echo "outputs: DIFFER (diff mdbprof pprof):"
  diff "$WORK/mdbprof.out" "$WORK/pprof.out" | head -20
fi

awk '
  { n[$1]++; t[$1, n[$1]] = $2; m[$1, n[$1]] = $3 }
  function median(a, name,    i, k, v, x, j) {
    k = n[name]
    for (i = 1; i <= k; i++) v[i] = a[name, i]
    for (i = 2; i <= k; i++) { x = v[i]; j = i - 1
      while (j > 0 && v[j] > x) { v[j + 1] = v[j]; j-- } v[j + 1] = x }
    return k % 2 ? v[(k + 1) / 2] : (v[k / 2] + v[k / 2 + 1]) / 2
  }
  END {
    ts = median(t, "mdbprof"); tp = median(t, "pprof")
    ms = median(m, "mdbprof"); mp = median(m, "pprof")
    print ""
    printf "%-22s %10s %14s\n", "", "wall s", "peak RSS kB"
    printf "%-22s %10.2f %14d\n", "mdbprof top", ts, ms
    printf "%-22s %10.2f %14d\n", "go tool pprof -top", tp, mp
    printf "%-22s %9.1fx %13.2fx   (targets: >= 10x faster, <= 0.25x memory)\n",
      "pprof / mdbprof", tp / ts, ms / mp
  }' "$WORK/runs"
echo
"$DECODE" "$FILE" --runs="$RUNS"
