#!/usr/bin/env bash
# `npm run test:under-load [-- RUNS]`: the whole suite (`npm test`, CI=true: no skip allowed) RUNS
# times in a row (default 5) while a CPU-bound busy loop runs beside it, as on a busy CI machine.
# Stops at the first failing run. Prints one line per run: exit code, start and end (UTC), wall
# time, the suite's own "tests: N passed, N failed, N skipped" line; each run's output goes to
# $UNDER_LOAD_LOGS/run-N.log (default: a new temporary directory).
set -u
runs=${1:-5}
logs=${UNDER_LOAD_LOGS:-$(mktemp -d -t suite-under-load-XXXXXX)}
mkdir -p "$logs"
cd "$(dirname "$0")/.."

timeout 36000 sh -c 'while :; do :; done' &
busy=$!
trap 'kill $busy 2>/dev/null' EXIT
echo "commit $(git rev-parse --short HEAD), $(nproc) CPUs, busy loop pid $busy, logs in $logs"

for i in $(seq 1 "$runs"); do
  start=$(date +%s)
  CI=true npm test >"$logs/run-$i.log" 2>&1
  rc=$?
  end=$(date +%s)
  wall=$((end - start))
  counts=$(grep -E '^tests: ' "$logs/run-$i.log" | tail -1)
  alive=$(kill -0 "$busy" 2>/dev/null && echo yes || echo no)
  echo "run $i/$runs: exit $rc, $(date -u -d "@$start" +%T)-$(date -u -d "@$end" +%T) UTC," \
    "$((wall / 60)) min $((wall % 60)) s, ${counts:-no summary line}, busy loop alive: $alive"
  [ "$rc" -eq 0 ] || exit "$rc"
done
