#!/usr/bin/env bash
# LSMS Viewer quick start (Debian 12, as root):
#   ./quickstart.sh demo   install what is needed, build, open the viewer on the demo phantom study
#                          (headless demo when there is no display)
#   ./quickstart.sh test   install what is needed, build, run the whole test suite
#   ./quickstart.sh package  install what is needed, build the Debian package
#                          build/lsms-viewer_<version>_amd64.deb (in its own build-package/ tree)
set -euo pipefail
cd "$(dirname "$0")"
mode="${1:-}"
case "$mode" in demo|test|package) ;; *) echo "usage: $0 demo|test|package" >&2; exit 2 ;; esac

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
if [ "$mode" = package ]; then
  # A build without tests and without any source path compiled in: its
  # programs find the models beside themselves once installed.
  cmake -S . -B build-package -G Ninja -DCMAKE_BUILD_TYPE=Release -DLSMS_PACKAGE=ON -DLSMS_BUILD_TESTS=OFF >/dev/null
  cmake --build build-package -j"$jobs"
  (cd build-package && cpack -G DEB >/dev/null)
  mkdir -p build
  deb="$(ls -t build-package/lsms-viewer_*_amd64.deb | head -1)"  # the one just built
  cp "$deb" build/
  echo "build/$(basename "$deb")"
  exit 0
fi
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$jobs"

# 3. Run.
if [ "$mode" = demo ]; then
  # Opens the viewer on the demo phantom study; with no display it runs the
  # headless demo (segments a prompt and writes the mask) instead.
  exec ./build/app/lsms-viewer --demo
fi
# GUI tests need a display: start a virtual one when there is none.
if [ -z "${DISPLAY:-}" ]; then
  for n in $(seq 90 110); do [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ] || break; done
  Xvfb ":$n" -screen 0 1600x1000x24 -nolisten tcp >/tmp/lsms-xvfb-$n.log 2>&1 &
  xvfb_pid=$!
  trap 'kill $xvfb_pid 2>/dev/null || true' EXIT
  export DISPLAY=":$n"
  sleep 1
fi
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"
cd build
ctest --output-on-failure -j"$jobs"
