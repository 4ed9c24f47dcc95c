#!/usr/bin/env bash
# The test suite under AddressSanitizer and UndefinedBehaviorSanitizer:
# core, io, editing, workflow, mesh, the fault-injection and fuzz-corpus
# tests and the command line's io commands, in build-sanitize/. LibTorch
# (Debian's build is not instrumented; the network tests take long) and the
# Qt viewer are left out. docs/reliability.md says how long it takes.
#   scripts/sanitize.sh [CTEST ARGS ...]
set -euo pipefail
cd "$(dirname "$0")/.."
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}" CCACHE_BASEDIR="$PWD"
cmake -S . -B build-sanitize -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLSMS_SANITIZE=address,undefined \
  -DLSMS_WITH_MODELS=OFF -DLSMS_WITH_UI=OFF >/dev/null
cmake --build build-sanitize -j"${JOBS:-$(nproc)}"
# verify_asan_link_order=0: the fault tests preload their failing-disk shim.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:verify_asan_link_order=0}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$PWD/tests/fuzz/lsan.supp:print_suppressions=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
cd build-sanitize
ctest --output-on-failure -j"${JOBS:-$(nproc)}" "$@"
