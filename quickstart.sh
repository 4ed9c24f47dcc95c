#!/usr/bin/env bash
# LSMS Viewer quick start (Debian 12, as root):
#   ./quickstart.sh demo   install what is needed, build, write the demo phantom study and show it
#   ./quickstart.sh test   install what is needed, build, run the whole test suite
set -euo pipefail
cd "$(dirname "$0")"
mode="${1:-}"
case "$mode" in demo|test) ;; *) echo "usage: $0 demo|test" >&2; exit 2 ;; esac

# 1. Packages: only what is missing, so a second run starts at once.
mapfile -t pkgs < <(grep -v -e '^#' -e '^$' packaging/debian-packages.txt)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then echo "run as root to install packages (apt-get)" >&2; exit 1; fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# 2. Build (ccache keeps rebuilds fast).
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
export CCACHE_BASEDIR="$PWD"  # relative paths: clones in other folders share the cache
jobs="$(nproc)"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$jobs"

# 3. Run.
if [ "$mode" = demo ]; then
  study=build/demo-study
  if [ ! -f "$study/truth.json" ]; then
    rm -rf "$study"
    ./build/app/lsms phantom --seed 7 --out "$study"
  fi
  ./build/app/lsms info "$study/dicom"
  echo
  echo "Demo study (synthetic phantom, not patient data): $study"
  echo "  DICOM series: $study/dicom   lesion labels: $study/labels.nii.gz   truth: $study/truth.json"
else
  cd build
  ctest --output-on-failure -j"$jobs"
fi
