#!/usr/bin/env bash
# Makes the Go pprof test vectors in tests/testdata/go/ and the expected
# `go tool pprof` outputs derived from them.
#
#   regenerate.sh                 build and run govectors (new *.prof), derive
#   regenerate.sh --derive-only   keep the committed *.prof, re-derive the
#                                 expected outputs (byte-for-byte reproducible)
#
# Every expected output is listed in expected.tsv as
#   <output file> TAB <arguments after `go tool pprof -symbolize=none`>
# and is produced with TZ=UTC. After deriving, the script checks the shapes
# README.md promises (ratios, exact allocation counts) and fails if one is off.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=$(cd "$here/../testdata/go" && pwd)

export TZ=UTC LC_ALL=C GOFLAGS=-mod=mod GOPROXY=off GOWORK=off CGO_ENABLED=0

# Profiles in a fixed order; expected.tsv follows it.
profiles=(cpu labels heap allocs allocs-before allocs-after allocs-http
  heap-default allocs-default goroutine)
max_file_bytes=$((200 * 1024))
max_total_bytes=$((2 * 1024 * 1024))

die() {
  echo "regenerate.sh: $*" >&2
  exit 1
}

# Builds govectors and runs both modes into a scratch dir, then moves the
# profiles into $out.
generate() {
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  (cd "$here" && go build -trimpath -buildvcs=false -o "$tmp/govectors" .)
  mkdir "$tmp/prof"
  "$tmp/govectors" -mode=full -out "$tmp/prof"
  "$tmp/govectors" -mode=memdefault -out "$tmp/prof"
  local p
  for p in "${profiles[@]}"; do
    [[ -s $tmp/prof/$p.prof ]] || die "govectors wrote no $p.prof"
  done
  rm -f "$out"/*.prof
  for p in "${profiles[@]}"; do
    mv "$tmp/prof/$p.prof" "$out/$p.prof"
  done
}

# pprof ARGS...: runs go tool pprof in $out; stdout to stdout, fails loudly.
pprof() {
  local err
  err=$(mktemp)
  if ! (cd "$out" && go tool pprof -symbolize=none "$@") 2>"$err"; then
    cat "$err" >&2
    rm -f "$err"
    die "go tool pprof $* failed"
  fi
  rm -f "$err"
}

# emit FILE ARGS...: writes `pprof ARGS` to FILE and records it in expected.tsv.
emit() {
  local file=$1
  shift
  pprof "$@" >"$out/$file"
  printf '%s\t%s\n' "$file" "$*" >>"$out/expected.tsv"
}

# sample_types PROFILE: the profile's sample type names, in order. (awk reads
# all input: exiting early would kill pprof with SIGPIPE.)
sample_types() {
  pprof -raw "$1.prof" | awk '
    done { next }
    /^Samples:/ { getline; for (i = 1; i <= NF; i++) { sub(/\/.*/, "", $i); print $i }; done = 1 }'
}

# for_types PROFILE: sets the global array `types` (fails the script on error).
for_types() {
  local list
  list=$(sample_types "$1")
  read -r -d '' -a types <<<"$list" || true
  ((${#types[@]} > 0)) || die "no sample types in $1.prof"
}

derive() {
  rm -f "$out"/*.txt "$out/expected.tsv"
  local p t top=(-top -nodecount=100000)
  for p in "${profiles[@]}"; do
    emit "$p.raw.txt" -raw "$p.prof"
    # No -sample_index: pprof picks default_sample_type, else the last type.
    emit "$p.default.top.txt" "${top[@]}" -nodefraction=0 "$p.prof"
    for_types "$p"
    for t in "${types[@]}"; do
      emit "$p.$t.top.txt" "${top[@]}" -sample_index="$t" "$p.prof"
      emit "$p.$t.topall.txt" "${top[@]}" -nodefraction=0 -sample_index="$t" "$p.prof"
    done
  done

  for_types cpu
  for t in "${types[@]}"; do
    emit "cpu.$t.topcum.txt" "${top[@]}" -nodefraction=0 -cum -sample_index="$t" cpu.prof
  done
  emit "goroutine.goroutine.topcum.txt" "${top[@]}" -nodefraction=0 -cum goroutine.prof

  # -base: allocs-after minus allocs-before.
  for_types allocs-after
  for t in "${types[@]}"; do
    emit "allocs-after.base.$t.top.txt" "${top[@]}" -sample_index="$t" \
      -base=allocs-before.prof allocs-after.prof
    emit "allocs-after.base.$t.topall.txt" "${top[@]}" -nodefraction=0 -sample_index="$t" \
      -base=allocs-before.prof allocs-after.prof
  done

  # Filters: "NAME PROFILE FLAG..." (words without spaces or quotes).
  local filters=(
    "focus-spinA cpu -focus=spinA"
    "focus-rotl cpu -focus=rotl"
    "focus-file cpu -focus=cpuwork\\.go"
    "ignore-ping cpu -ignore=ping"
    "focus-mix-ignore-spinB cpu -focus=mix|fib -ignore=spinB"
    "focus-allocMedium allocs -focus=allocMedium"
    "ignore-pprof allocs -ignore=runtime/pprof|compress"
    "focus-Mutex goroutine -focus=Mutex"
    "tagfocus-alpha labels -tagfocus=worker=alpha"
    "tagignore-phase labels -tagignore=phase=two"
  )
  local f words
  for f in "${filters[@]}"; do
    read -r -a words <<<"$f"
    p=${words[1]}
    for_types "$p"
    for t in "${types[@]}"; do
      emit "$p.${words[0]}.$t.top.txt" "${top[@]}" -nodefraction=0 "${words[@]:2}" \
        -sample_index="$t" "$p.prof"
    done
  done

  # -tags (label breakdown) for the profiles that carry labels.
  for p in labels goroutine; do
    for_types "$p"
    for t in "${types[@]}"; do
      emit "$p.$t.tags.txt" -tags -sample_index="$t" "$p.prof"
    done
  done
}

# value ARGS... FUNC COLUMN: the COLUMN (flat|cum) of FUNC's row in
# `pprof -top -nodefraction=0 ARGS`, a trailing "B" or "ns" unit stripped
# (pass -unit=B for exact byte counts).
value() {
  local fn=${*: -2:1} col=${*: -1}
  local args=("${@:1:$#-2}")
  pprof -top -nodefraction=0 "${args[@]}" | awk -v fn="$fn" -v col="$col" '
    !found && $6 == fn { v = (col == "flat") ? $1 : $4; sub(/(B|ns)$/, "", v); found = 1 }
    END { print found ? v : "absent" }'
}

expect_eq() { # DESCRIPTION GOT WANT
  [[ $2 == "$3" ]] || die "check failed: $1: got $2, want $3"
}

expect_ratio() { # DESCRIPTION NUM DEN LO HI
  awk -v n="$2" -v d="$3" -v lo="$4" -v hi="$5" 'BEGIN { r = n / d; exit !(r >= lo && r <= hi) }' ||
    die "check failed: $1: $2/$3 not in [$4, $5]"
}

check() {
  local c=(-sample_index=samples cpu.prof)
  expect_ratio "cpu spinA:spinB cum" "$(value "${c[@]}" main.spinA cum)" \
    "$(value "${c[@]}" main.spinB cum)" 1.6 2.5
  local fib_flat fib_cum
  fib_flat=$(value "${c[@]}" main.fib flat)
  fib_cum=$(value "${c[@]}" main.fib cum)
  ((fib_cum > fib_flat)) || die "check failed: fib cum $fib_cum <= flat $fib_flat"
  local l=(-sample_index=samples labels.prof)
  expect_ratio "labels beta:alpha" \
    "$(value -tagfocus=worker=beta "${l[@]}" main.labeledSpin cum)" \
    "$(value -tagfocus=worker=alpha "${l[@]}" main.labeledSpin cum)" 2.2 4.0

  local a=(-unit=B allocs.prof)
  # allocSmall: exactly its 1e6 x 64 B (the `bytes` label); since Go 1.26
  # runtime/pprof also charges one small runtime-internal object (112 B) to
  # the frame, so the untagged total may be one object more.
  expect_eq "allocSmall alloc_objects" "$(value -sample_index=alloc_objects -tagfocus=bytes=64B "${a[@]}" main.allocSmall flat)" 1000000
  expect_eq "allocSmall alloc_space" "$(value -sample_index=alloc_space -tagfocus=bytes=64B "${a[@]}" main.allocSmall flat)" 64000000
  expect_ratio "allocSmall alloc_objects, untagged" "$(value -sample_index=alloc_objects "${a[@]}" main.allocSmall flat)" \
    1000000 1 1.000002
  expect_eq "allocSmall inuse_objects" "$(value -sample_index=inuse_objects -tagfocus=bytes=64B "${a[@]}" main.allocSmall flat)" absent
  expect_eq "allocMedium alloc_objects" "$(value -sample_index=alloc_objects "${a[@]}" main.allocMedium flat)" 2000
  expect_eq "allocMedium alloc_space" "$(value -sample_index=alloc_space "${a[@]}" main.allocMedium flat)" 8192000
  expect_eq "allocMedium inuse_objects" "$(value -sample_index=inuse_objects "${a[@]}" main.allocMedium flat)" absent
  expect_eq "allocPhase2 alloc_objects" "$(value -sample_index=alloc_objects "${a[@]}" main.allocPhase2 flat)" 10000
  expect_eq "allocPhase2 alloc_space" "$(value -sample_index=alloc_space "${a[@]}" main.allocPhase2 flat)" 2560000
  # allocLarge: 8 x 1 MiB, 2 kept; a large allocation may add one small
  # runtime-internal object that runtime/pprof attributes to the caller.
  expect_ratio "allocLarge alloc_space" "$(value -sample_index=alloc_space "${a[@]}" main.allocLarge flat)" \
    8388608 1 1.0005
  expect_ratio "allocLarge inuse_space" "$(value -sample_index=inuse_space "${a[@]}" main.allocLarge flat)" \
    2097152 1 1.002
  # Default rate: Poisson-sampled estimates, loosely.
  local d=(-unit=B allocs-default.prof)
  expect_ratio "allocs-default allocSmall alloc_space" \
    "$(value -sample_index=alloc_space "${d[@]}" main.allocSmall flat)" 64000000 0.75 1.25
  expect_ratio "allocs-default allocMedium inuse_space" \
    "$(value -sample_index=inuse_space "${d[@]}" main.allocMedium flat)" 2048000 0.5 1.5
  local b=(-unit=B -base=allocs-before.prof allocs-after.prof)
  expect_eq "base allocMedium inuse_objects" "$(value -sample_index=inuse_objects "${b[@]}" main.allocMedium flat)" -500
  expect_eq "base allocMedium inuse_space" "$(value -sample_index=inuse_space "${b[@]}" main.allocMedium flat)" -2048000
  expect_eq "base allocPhase2 alloc_objects" "$(value -sample_index=alloc_objects "${b[@]}" main.allocPhase2 flat)" 10000
  expect_eq "base allocSmall alloc_objects" "$(value -sample_index=alloc_objects "${b[@]}" main.allocSmall flat)" absent

  local g=(goroutine.prof)
  expect_eq "goroutines in blockOnChannel" "$(value "${g[@]}" main.blockOnChannel cum)" 3
  expect_eq "goroutines in blockOnMutex" "$(value "${g[@]}" main.blockOnMutex cum)" 2
  expect_eq "goroutines in blockInSelect" "$(value "${g[@]}" main.blockInSelect cum)" 1
  expect_eq "goroutines in sleepLong" "$(value "${g[@]}" main.sleepLong cum)" 1
}

# Every file stays small enough to commit.
check_sizes() {
  local f size total=0
  for f in "$out"/*; do
    size=$(stat -c %s "$f")
    ((size < max_file_bytes)) || die "$f is $size bytes (limit $max_file_bytes)"
    total=$((total + size))
  done
  ((total < max_total_bytes)) || die "$out holds $total bytes (limit $max_total_bytes)"
}

case ${1:-} in
  "") generate ;;
  --derive-only) ;;
  *) die "usage: regenerate.sh [--derive-only]" ;;
esac
derive
check
check_sizes
echo "regenerate.sh: $(wc -l <"$out/expected.tsv") expected outputs in $out, checks passed"
