#!/usr/bin/env bash
# Issue #7 target 4: where the wall time of `ctest -L profile` goes.
#
#   bench/perf/profile_phases.sh                  # CI settings: 3 s load, all backends
#   MDBPROF_BACKENDS=sqlite,postgres MDBPROF_REPETITIONS=3 bench/perf/profile_phases.sh
#
# Runs `ctest -V -L profile` (MDBPROF_DURATION defaults to 3, as
# scripts/test.sh; everything else from the environment), stamps every
# output line with the time it arrived, and splits each backend's test into
# the phases profile_bench announces on stderr (one "[backend] ..." line per
# phase, see bench/backend_run.h):
#   start       process start, scratch dir (before the database comes up)
#   db-up       database bring-up (profile_bench's own "database up in Xs")
#   server-up   server start until /health answers
#   warm-up     unmeasured load
#   capture-1   heap-before, allocs-before, thread count
#   load        the measured window (the CPU profile is taken inside it)
#   capture-2   heap-after, allocs-after, goroutine + metrics + files
#   teardown    server and database stopped, scratch removed, exit
# summed over repetitions; plus profile.init and profile.gather from CTest.
# Output: one table, seconds. The run directory goes to a temp dir unless
# MDBPROF_OUT is set.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-$ROOT/build/default}
export MDBPROF_DURATION=${MDBPROF_DURATION:-3}
WORK=$(mktemp -d /tmp/mdbprof-perf-phases.XXXXXX)
trap 'rm -rf "$WORK"' EXIT INT TERM
export MDBPROF_OUT=${MDBPROF_OUT:-$WORK/out}

start=$EPOCHREALTIME
set +e
ctest --test-dir "$BUILD" -V -L profile 2>&1 |
  while IFS= read -r line; do printf '%s %s\n' "$EPOCHREALTIME" "$line"; done >"$WORK/log"
set -e
end=$EPOCHREALTIME
grep -E "Test +#[0-9]+: profile\.|Total Test time" "$WORK/log" | cut -d' ' -f2- >&2

awk -v total="$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')" '
  function add(b, phase, s) { if (s < 0) s = 0; t[b, phase] += s; seen[b] = 1 }
  function event(b, ev, now, x) {
    seg = now - last[b]
    if (ev == "db") {
      # "database up in Xs" measures the bring-up itself; the rest of the
      # segment is process start (first repetition) or the previous
      # repetition'"'"'s teardown.
      add(b, "db-up", x); add(b, prev[b] == "wrote" ? "teardown" : "start", seg - x)
    } else if (ev == "server") add(b, prev[b] == "" ? "start" : "server-up", seg)
    else if (ev == "warm") add(b, "server-up", seg)
    else if (ev == "cap1") add(b, prev[b] == "warm" ? "warm-up" : "server-up", seg)
    else if (ev == "load") add(b, "capture-1", seg)
    else if (ev == "cap2") add(b, "load", seg)
    else if (ev == "wrote") add(b, "capture-2", seg)
    else if (ev == "end") add(b, "teardown", seg)
    prev[b] = ev; last[b] = now
  }
  {
    now = $1
    if (match($0, /Start +[0-9]+: profile\.[a-z]+/)) {
      split(substr($0, RSTART, RLENGTH), a, "profile."); cur = a[2]
      last[cur] = now; prev[cur] = ""; next
    }
    if (match($0, /Test +#[0-9]+: profile\.[a-z]+ .* ([0-9.]+) sec/)) {
      n = split($0, f, " "); secs = f[n - 1]
      match($0, /profile\.[a-z]+/); name = substr($0, RSTART + 8, RLENGTH - 8)
      ctest_time[name] = secs
      if (name != "init" && name != "gather") event(name, "end", now)
      next
    }
    if (!match($0, /\[[a-z]+[] ]/)) next
    b = substr($0, RSTART + 1, RLENGTH - 2)
    if (!(b in last)) { last[b] = now; prev[b] = "" }
    if ($0 ~ /\] database up in/) {
      match($0, /up in [0-9.]+s/); x = substr($0, RSTART + 6, RLENGTH - 7); event(b, "db", now, x)
    } else if ($0 ~ /\] server up in/) event(b, "server", now)
    else if ($0 ~ /\] warm-up /) event(b, "warm", now)
    else if ($0 ~ /\] capturing heap-before/) event(b, "cap1", now)
    else if ($0 ~ /\] load [0-9.]+s,/) event(b, "load", now)
    else if ($0 ~ /\] capturing heap-after/) event(b, "cap2", now)
    else if ($0 ~ /\] wrote /) event(b, "wrote", now)
  }
  END {
    split("start db-up server-up warm-up capture-1 load capture-2 teardown", ph, " ")
    printf "\n%-10s", "backend"
    for (i = 1; i <= 8; i++) printf " %9s", ph[i]
    printf " %9s %9s\n", "sum", "ctest"
    for (b in seen) {
      printf "%-10s", b; s = 0
      for (i = 1; i <= 8; i++) { printf " %9.2f", t[b, ph[i]]; s += t[b, ph[i]] }
      printf " %9.2f %9s\n", s, ctest_time[b]
    }
    printf "profile.init %.2f s, profile.gather %.2f s; whole ctest -L profile %.2f s\n",
      ctest_time["init"], ctest_time["gather"], total
  }' "$WORK/log"
