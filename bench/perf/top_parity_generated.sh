#!/usr/bin/env bash
# CTest perf_top_parity_generated: `mdbprof top` prints exactly what
# `go tool pprof -top` prints for generated profiles large enough to take
# the code paths small test vectors do not (more than 1024 rows kept: the
# hashed edge table of pprof/function_graph.cc; deep recursive stacks with
# inlined frames), at the default node fraction and with -nodefraction=0.
#   top_parity_generated.sh MDBPROF GEN   (exit 77 = skipped: no Go)
set -euo pipefail
MDBPROF=$1
GEN=$2
command -v go >/dev/null || { echo "go not found: skipped"; exit 77; }
WORK=$(mktemp -d /tmp/mdbprof-top-parity.XXXXXX)
trap 'rm -rf "$WORK"' EXIT INT TERM
status=0
for seed in 1; do
  "$GEN" "$WORK/p.pb.gz" --samples=20000 --functions=3000 --locations=8000 --seed=$seed >/dev/null
  for flags in "" "-nodefraction=0" "-nodefraction=0 -sample_index=alloc_space"; do
    ours=${flags//-nodefraction/--nodefraction}
    ours=${ours//-sample_index/--sample_index}
    # shellcheck disable=SC2086
    "$MDBPROF" top $ours "$WORK/p.pb.gz" >"$WORK/ours.txt"
    # shellcheck disable=SC2086
    go tool pprof -top $flags "$WORK/p.pb.gz" >"$WORK/go.txt" 2>/dev/null
    if cmp -s "$WORK/ours.txt" "$WORK/go.txt"; then
      echo "seed $seed ${flags:-(defaults)}: identical ($(wc -l <"$WORK/ours.txt") lines)"
    else
      echo "seed $seed ${flags:-(defaults)}: DIFFERENT"
      diff "$WORK/ours.txt" "$WORK/go.txt" | head -10
      status=1
    fi
  done
done
exit $status
