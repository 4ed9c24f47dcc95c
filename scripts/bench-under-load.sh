#!/usr/bin/env bash
# The network's CPU latency idle and beside other work: `lsms bench model`
# alone, then with two CPU-bound processes on the side (a stand-in for a
# 2-job build on this 2-core machine), and the ratio.
#   scripts/bench-under-load.sh [BUILD_DIR] [LOAD_PROCESSES]
set -euo pipefail
build="${1:-build}"
load="${2:-2}"
lsms="$build/app/lsms"
[ -x "$lsms" ] || { echo "no $lsms: build first" >&2; exit 2; }

latency() {  # batch-8 latency in ms per slice
  "$lsms" bench model --skip-volume --repeats 3 | awk '/latency batch 8/ {print $4}'
}

idle=$(latency)
pids=()
for _ in $(seq "$load"); do sha256sum /dev/zero >/dev/null & pids+=($!); done
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
loaded=$(latency)
kill "${pids[@]}" 2>/dev/null || true
echo "idle:   $idle ms per slice (batch 8)"
echo "loaded: $loaded ms per slice with $load CPU-bound processes beside it"
awk -v a="$idle" -v b="$loaded" 'BEGIN { printf "ratio:  %.2f\n", b / a }'
