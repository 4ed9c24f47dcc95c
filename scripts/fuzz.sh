#!/usr/bin/env bash
# A bounded fuzzing campaign: builds the harnesses of tests/fuzz with clang,
# libFuzzer, ASan and UBSan in build-fuzz/ (core and io only: no LibTorch, no
# Qt), runs each for SECONDS (default 60) on a corpus seeded from tests/data,
# and prints per harness the executions, the coverage reached and any crash.
#   scripts/fuzz.sh [SECONDS] [HARNESS ...]
# RUNS=N stops each harness after N executions (SECONDS stays the cap);
# MAX_LEN (default 8192 bytes) bounds an input: longer ones mostly repeat
# pixel data, and at 8 KiB the DICOM harnesses run ~30 times faster than at
# 64 KiB and reach more coverage in the same time. TIMEOUT (default 20 s) is
# libFuzzer's per-input limit in wall time: raise it when the campaign runs
# niced beside other work, where a starved input is not a slow one.
# Corpora grow in build-fuzz/corpus/<harness>/ across runs; crashes land in
# build-fuzz/crashes/<harness>/ — copy each into tests/data/fuzz/<harness>/
# once fixed, where every normal build replays it (CTest fuzz.<harness>).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
all=(fuzz_dicom_file fuzz_series fuzz_seg fuzz_nifti fuzz_session fuzz_expressions fuzz_prompt)
harnesses=("${@:-${all[@]}}")
[ ${#harnesses[@]} -gt 0 ] || harnesses=("${all[@]}")
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}" CCACHE_BASEDIR="$PWD"
cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DLSMS_FUZZ=ON -DLSMS_WITH_MODELS=OFF -DLSMS_WITH_UI=OFF >/dev/null
cmake --build build-fuzz -j"${JOBS:-$(nproc)}" --target "${harnesses[@]}"

data=tests/data
seeds_for() {
  case "$1" in
    fuzz_dicom_file|fuzz_series)
      echo "$data/transfer-syntaxes $data/mr-brain-20" ;;
    fuzz_seg) echo "$data/seg" ;;
    *) echo "" ;;
  esac
}
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=0}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$PWD/tests/fuzz/lsan.supp:print_suppressions=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
printf '%-18s %12s %8s %8s %8s\n' harness executions seconds cov crashes
for h in "${harnesses[@]}"; do
  corpus=build-fuzz/corpus/$h crashes=build-fuzz/crashes/$h
  mkdir -p "$corpus" "$crashes" "$data/fuzz/$h"
  # -malloc_limit_mb above -rss_limit_mb: DCMTK allocates a value's declared
  # length (up to 4 GiB) before it finds the file too short, when it cannot
  # leave the value on disk (deflated data). The pages are never touched; real
  # memory use is still held to the RSS limit.
  # shellcheck disable=SC2046
  ./build-fuzz/tests/fuzz/$h -max_total_time="$seconds" -rss_limit_mb=2048 -malloc_limit_mb=4200 -max_len="${MAX_LEN:-8192}" -timeout="${TIMEOUT:-20}" \
    ${RUNS:+-runs="$RUNS"} \
    -print_final_stats=1 -artifact_prefix="$crashes/" "$corpus" "$data/fuzz/$h" $(seeds_for "$h") \
    >build-fuzz/$h.log 2>&1 || true
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' build-fuzz/$h.log | grep -o '[0-9]*$' || echo 0)
  cov=$(grep -o 'cov: [0-9]*' build-fuzz/$h.log | tail -1 | grep -o '[0-9]*' || echo 0)
  found=$(find "$crashes" -type f | wc -l)
  # The seconds the harness ran (libFuzzer's "Done N runs in S second(s)"), else the cap.
  took=$(grep -o 'runs in [0-9]* second' build-fuzz/$h.log | grep -o '[0-9]*' | tail -1 || true)
  printf '%-18s %12s %8s %8s %8s\n' "$h" "${runs:-0}" "${took:-$seconds}" "${cov:-0}" "$found"
done
