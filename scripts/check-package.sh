#!/usr/bin/env bash
# Builds the Debian package (./quickstart.sh package), checks it with lintian,
# desktop-file-validate and appstreamcli, installs it with apt-get, runs the
# installed programs (version, a phantom segmented with the installed models,
# the viewer's headless demo), removes it and checks nothing it installed is
# left. Run as root on a Debian 12 machine where installing is allowed:
#   scripts/check-package.sh [--keep-installed]
set -euo pipefail
cd "$(dirname "$0")/.."
keep=0
[ "${1:-}" = "--keep-installed" ] && keep=1
[ "$(id -u)" -eq 0 ] || { echo "run as root: the package is installed and removed" >&2; exit 1; }

deb="$(./quickstart.sh package | tail -1)"
echo "== package: $deb"
dpkg-deb --info "$deb" | sed -n '/Depends/p'

echo "== lintian"
lintian --tag-display-limit 0 "$deb" || true

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
dpkg-deb -x "$deb" "$work/root"
echo "== desktop-file-validate"
desktop-file-validate "$work/root/usr/share/applications/lsms-viewer.desktop"
echo "== appstreamcli validate"
appstreamcli validate --no-net --pedantic "$work/root/usr/share/metainfo/"*.metainfo.xml || true
# No installed file may name the source tree it was built from.
if grep -rl --binary-files=text "$PWD/" "$work/root" >/dev/null; then
  echo "installed files name the source tree $PWD:" >&2
  grep -rl --binary-files=text "$PWD/" "$work/root" >&2
  exit 1
fi

echo "== install"
export DEBIAN_FRONTEND=noninteractive
# An installed copy of the same version would be kept as it is, not replaced.
if dpkg -s lsms-viewer >/dev/null 2>&1; then apt-get purge -y -qq lsms-viewer >/dev/null; fi
apt-get install -y -qq "./$deb" >/dev/null
dpkg -L lsms-viewer | sort > "$work/files.txt"

# The installed programs, from a folder that is not the source tree, with
# no override: they must find their models beside themselves.
cd "$work"
unset LSMS_RESOURCE_DIR LSMS_MODEL LSMS_LIVER_MODEL LSMS_VOCAB DISPLAY WAYLAND_DISPLAY
/usr/bin/lsms --version
/usr/bin/lsms-viewer --version
/usr/bin/lsms phantom --seed 3 --size 256 --out phantom >/dev/null
/usr/bin/lsms segment phantom/dicom --prompt "all lesions" --out lesions.dcm --out-sr lesions-sr.dcm --out-csv lesions.csv
test -s lesions.dcm && test -s lesions-sr.dcm && test -s lesions.csv
HOME="$work/home" /usr/bin/lsms-viewer --demo
# The window itself, on a virtual display: the demo study with a prompt run.
if command -v Xvfb >/dev/null; then
  Xvfb :97 -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb=$!
  sleep 1
  DISPLAY=:97 HOME="$work/home" XDG_RUNTIME_DIR="$work" /usr/bin/lsms-viewer --demo --prompt "all lesions" \
    --screenshot "$work/installed-viewer.png" | tail -3
  kill "$xvfb"
  test -s "$work/installed-viewer.png"
  cp "$work/installed-viewer.png" "${OLDPWD}/build/installed-viewer.png"
  echo "screenshot of the installed viewer: build/installed-viewer.png"
fi
cd - >/dev/null

if [ "$keep" -eq 1 ]; then echo "== installed (kept)"; exit 0; fi
echo "== remove"
apt-get purge -y -qq lsms-viewer >/dev/null
left=0
while read -r f; do
  # Folders the package shares with others (/usr/bin, /usr/share, ...) stay.
  if [ -e "$f" ] && [ ! -d "$f" ]; then echo "left after removal: $f" >&2; left=1; fi
done < "$work/files.txt"
[ -d /usr/share/lsms-viewer ] && { echo "left after removal: /usr/share/lsms-viewer" >&2; left=1; }
[ "$left" -eq 0 ] || exit 1
echo "package check: ok"
