#!/usr/bin/env bash
# Issue #7 target 1: client CPU per request of our load generator vs wrk,
# both posting the same stream.write body to the reference server (sqlite,
# --test-mode) over 10 keep-alive connections, alternated in the same run.
#
#   bench/perf/load_client_vs_wrk.sh            # 5 rounds of 5 s each
#   ROUNDS=7 DURATION=10 WRK_THREADS="1 2" bench/perf/load_client_vs_wrk.sh
#
# Client CPU is user+system time of the client process alone (GNU time's
# %U+%S, i.e. wait4's rusage: every thread, start-up included); peak RSS is
# its %M. The server's CPU is not counted. Prints one line per run and the
# medians; the ratio is ours / wrk (target <= 1.5). Needs: wrk, GNU time,
# curl, built refserver and mdbprof_perf_load_client.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-$ROOT/build/default}
ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-5}
CONNECTIONS=${CONNECTIONS:-10}
WRK_THREADS=${WRK_THREADS:-"1 2"}
SERVER=${SERVER:-$BUILD/server/refserver}
CLIENT=$BUILD/bench/perf/mdbprof_perf_load_client
LUA=$ROOT/bench/perf/stream_write.lua

for tool in wrk /usr/bin/time curl; do
  command -v "$tool" >/dev/null || { echo "load_client_vs_wrk: $tool not found" >&2; exit 2; }
done
for f in "$SERVER" "$CLIENT"; do
  [[ -x $f ]] || { echo "load_client_vs_wrk: $f not built" >&2; exit 2; }
done

WORK=$(mktemp -d /tmp/mdbprof-perf-wrk.XXXXXX)
SERVER_PID=
cleanup() {
  if [[ -n $SERVER_PID ]]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

mkdir "$WORK/data"
"$SERVER" --port 0 --test-mode --db-url sqlite://perf.db \
  --data-dir "$WORK/data" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
PORT=
for _ in $(seq 100); do
  PORT=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$WORK/server.log")
  [[ -n $PORT ]] && curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break
  PORT=
  sleep 0.1
done
[[ -n $PORT ]] || { echo "load_client_vs_wrk: server did not come up:" >&2; cat "$WORK/server.log" >&2; exit 1; }

# One measured run; appends "name ops cpu_s rss_kb" to $WORK/runs.
run_ours() {
  /usr/bin/time -f "%U %S %M" -o "$WORK/time" \
    "$CLIENT" --port="$PORT" --workers="$CONNECTIONS" --duration="$1" \
    >"$WORK/out" 2>"$WORK/err" || { cat "$WORK/out" "$WORK/err" >&2; exit 1; }
  local ops
  ops=$(sed -n 's/^ops=\([0-9]*\) .*/\1/p' "$WORK/out")
  read -r u s m <"$WORK/time"
  echo "ours $ops $(awk -v u="$u" -v s="$s" 'BEGIN{print u+s}') $m" >>"$WORK/runs"
}
run_wrk() {  # threads duration
  /usr/bin/time -f "%U %S %M" -o "$WORK/time" \
    wrk -t"$1" -c"$CONNECTIONS" -d"${2}s" -s "$LUA" "http://127.0.0.1:$PORT/rpc" \
    >"$WORK/out" 2>&1 || { cat "$WORK/out" >&2; exit 1; }
  if grep -q -e "Non-2xx" -e "Socket errors" "$WORK/out"; then
    echo "load_client_vs_wrk: wrk saw errors:" >&2; cat "$WORK/out" >&2; exit 1
  fi
  local ops
  ops=$(sed -n 's/^ *\([0-9]*\) requests in .*/\1/p' "$WORK/out")
  read -r u s m <"$WORK/time"
  echo "wrk-t$1 $ops $(awk -v u="$u" -v s="$s" 'BEGIN{print u+s}') $m" >>"$WORK/runs"
}

echo "server: $SERVER (sqlite, --test-mode) on port $PORT; $CONNECTIONS connections, ${DURATION}s per run, $ROUNDS rounds"
run_ours 1 && : >"$WORK/runs"  # warm-up (not counted)
for round in $(seq "$ROUNDS"); do
  # Alternate the order so that a drifting server favours neither client.
  if ((round % 2)); then
    run_ours "$DURATION"
    for t in $WRK_THREADS; do run_wrk "$t" "$DURATION"; done
  else
    for t in $WRK_THREADS; do run_wrk "$t" "$DURATION"; done
    run_ours "$DURATION"
  fi
done

awk -v dur="$DURATION" '
  { n[$1]++; k = $1 SUBSEP n[$1]
    us[k] = $3 * 1e6 / $2; rps[k] = $2 / dur; rss[k] = $4
    printf "run %-7s %8d req  %7.0f req/s  %6.2f us/req  peak RSS %6d kB\n", $1, $2, $2 / dur, us[k], $4 }
  function median(a, name,    i, m, v, t) {
    m = n[name]
    for (i = 1; i <= m; i++) v[i] = a[name SUBSEP i]
    for (i = 2; i <= m; i++) { t = v[i]; j = i - 1
      while (j > 0 && v[j] > t) { v[j + 1] = v[j]; j-- } v[j + 1] = t }
    return m % 2 ? v[(m + 1) / 2] : (v[m / 2] + v[m / 2 + 1]) / 2
  }
  END {
    ours = median(us, "ours")
    print ""
    printf "%-8s %12s %12s %14s %10s\n", "client", "us/req", "req/s", "peak RSS kB", "ours/peer"
    for (name in n) {
      m = median(us, name)
      printf "%-8s %12.2f %12.0f %14d %10s\n", name, m, median(rps, name), median(rss, name),
        name == "ours" ? "-" : sprintf("%.2fx", ours / m)
    }
  }' "$WORK/runs"
