#!/usr/bin/env bash
# Leak check after a test run (issue #6): fails when a run of the suite left
# something behind — a scratch or PostgreSQL data directory whose run is
# dead (its .lock is free), or a process still referring to one. Live runs
# (lock held) are not leaks and are ignored.
#
#   scripts/leak_check.sh        # exit 0: clean; 1: prints each leftover
set -uo pipefail
tmp="${TMPDIR:-/tmp}"
leaks=0
shopt -s nullglob
for dir in "$tmp"/mdbprof-[0-9]*-?????? "$tmp"/mdbprof-conformance-[0-9]*-?????? \
           /dev/shm/mdbprof-pgdata-[0-9]*-?????? \
           "${MDBPROF_PG_DATA_PARENT:-/dev/shm}"/mdbprof-pgdata-[0-9]*-??????; do
  [ -d "$dir" ] || continue
  if [ -e "$dir/.lock" ] && ! flock -n "$dir/.lock" true; then
    continue  # a live run
  fi
  echo "leak_check: leftover directory $dir"
  leaks=1
  for proc in /proc/[0-9]*; do
    if tr '\0' ' ' < "$proc/cmdline" 2>/dev/null | grep -qF "$dir" ||
       [[ "$(readlink "$proc/cwd" 2>/dev/null)" == "$dir"* ]]; then
      echo "leak_check: leftover process ${proc#/proc/}: $(tr '\0' ' ' < "$proc/cmdline" | cut -c1-160)"
    fi
  done
done
[ "$leaks" = 0 ] && echo "leak_check: nothing left behind"
exit "$leaks"
