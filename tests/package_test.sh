#!/bin/sh
# package_test.sh - the Debian packages build, hold what they should, pass lintian without errors,
# and the program they carry reads a sample from a root they are unpacked into (dpkg -x), with
# no source tree and no installation. The build runs on a clone of the committed tree in a
# temporary folder, so dpkg-buildpackage leaves nothing in this one (and what is packaged is
# what is committed).
#   sh tests/package_test.sh                 build, check, remove everything
#   sh tests/package_test.sh --build-only DIR  build and copy the .deb files to DIR (make deb)
ROOT=$(pwd)
NAME=package_test
. "$(dirname "$0")/testlib.sh"
out_dir=
[ "${1:-}" = --build-only ] && out_dir=${2:?usage: package_test.sh --build-only DIR}
for tool in dpkg-buildpackage dh git; do
  if ! command -v $tool >/dev/null; then
    echo "SKIP: $NAME: no $tool (make deb installs dpkg-dev and debhelper)"
    [ "${CI:-}" = true ] && exit 1
    exit 0
  fi
done
git clone -q "$ROOT" "$T/src" || { echo "$NAME: FAIL: git clone"; exit 1; }
(cd "$T/src" && DEB_BUILD_OPTIONS="nocheck parallel=2" timeout 900 dpkg-buildpackage -us -uc -b \
  >"$T/build.log" 2>&1)
rc=$?
check "dpkg-buildpackage failed (exit $rc): $(tail -5 "$T/build.log" | tr '\n' ' ')" [ $rc -eq 0 ]
[ $rc -eq 0 ] || exit 1
deb() { ls "$T"/"$1"_*.deb 2>/dev/null | head -1; }
for p in vnreader libvnreader1 libvnreader-dev; do
  check "no $p package: $(ls "$T" | tr '\n' ' ')" [ -n "$(deb $p)" ]
done
if [ -n "$out_dir" ]; then
  mkdir -p "$out_dir" && cp "$T"/*.deb "$T"/*.changes "$out_dir"/ && ls "$out_dir"
  exit $((failures > 0))
fi
for p in vnreader libvnreader1 libvnreader-dev; do dpkg -c "$(deb $p)" >"$T/$p.list"; done
has() { grep -q -- "$2" "$T/$1.list"; }
for f in /usr/bin/vnreader /usr/share/vnreader/voices/north.voice /usr/share/vnreader/voices/vi/units.tsv \
  /usr/share/man/man1/vnreader.1 /usr/share/man/man8/sd_vnreader.8 speech-dispatcher-modules/sd_vnreader \
  /etc/speech-dispatcher/modules/sd_vnreader.conf; do
  check "vnreader package lacks $f" has vnreader "$f"
done
check "libvnreader1 lacks libvnreader.so.1" has libvnreader1 "libvnreader.so.1"
for f in /usr/include/vnreader.h "libvnreader.so " "libvnreader.so ->" pkgconfig/vnreader.pc; do
  check "libvnreader-dev lacks $f" has libvnreader-dev "$f"
done
check "the package carries the make-uninstall record" sh -c "! grep -q created-folders '$T/vnreader.list'"
check "the sd module's config does not name /usr/share/vnreader/voices" \
  sh -c "dpkg-deb --fsys-tarfile '$(deb vnreader)' | tar -xO ./etc/speech-dispatcher/modules/sd_vnreader.conf | grep -q '/usr/share/vnreader/voices'"

# The unpacked root: the program reads a sample with the packaged data and library only.
for p in "$T"/*.deb; do dpkg -x "$p" "$T/root"; done
libdir=$(dirname "$(find "$T/root" -name 'libvnreader.so.1' | head -1)")
printf 'Ngày 23/6, tại Hà Nội, hội nghị có 21 tỉnh tham dự.\n' >"$T/sample.txt"
LD_LIBRARY_PATH=$libdir VNREADER_DATA="$T/root/usr/share/vnreader" \
  "$T/root/usr/bin/vnreader" -q -o "$T/deb.wav" "$T/sample.txt" 2>"$T/err"
rc=$?
check "the packaged vnreader failed (exit $rc): $(cat "$T/err")" [ $rc -eq 0 ]
check "the packaged vnreader made no audio" [ "$(stat -c %s "$T/deb.wav" 2>/dev/null || echo 0)" -gt 10000 ]
spoken=$(VNREADER_DATA="$T/root/usr/share/vnreader" "$T/root/usr/bin/vnreader" --normalize "$T/sample.txt")
check "the packaged vnreader does not read with the packaged lexicon: $spoken" \
  sh -c "echo '$spoken' | grep -qi 'ngày hai mươi ba tháng sáu'"
check "the packaged program knows a source tree's voices" sh -c "! grep -q '/src/voices' '$T/root/usr/bin/vnreader'"
page=$(find "$T/root/usr/share/man/man1" -name 'vnreader.1*' | head -1)
man -l "$page" 2>/dev/null | grep -q SYNOPSIS
check "vnreader(1) does not render: $page" [ $? -eq 0 ]

# lintian: no errors (warnings are reported, not failed).
if command -v lintian >/dev/null; then
  lintian --fail-on error "$T"/*.changes >"$T/lintian.log" 2>&1
  rc=$?
  grep -E '^[EW]:' "$T/lintian.log" | head -20
  check "lintian found errors: $(grep '^E:' "$T/lintian.log" | head -5 | tr '\n' ' ')" [ $rc -eq 0 ]
else
  echo "SKIP: $NAME: no lintian"
  [ "${CI:-}" = true ] && fail "lintian skipped under CI"
fi
echo "$NAME: $checks checks, $failures failed"
[ $failures -eq 0 ]
