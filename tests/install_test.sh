#!/bin/sh
# install_test.sh - `make install PREFIX=…` after an ordinary build installs a program that reads
# its PREFIX's data and not the source tree's, a vnreader.pc naming PREFIX, the man pages; and
# `make uninstall` removes every file and every folder it made (issue 15).
#   sh tests/install_test.sh      (from the source root; builds build/installed)
ROOT=$(pwd)
NAME=install_test
. "$(dirname "$0")/testlib.sh"
P=$T/prefix/usr
make -s install PREFIX="$P" >"$T/install.log" 2>&1
rc=$?
check "make install PREFIX=$P failed: $(tail -3 "$T/install.log")" [ $rc -eq 0 ]
[ $rc -eq 0 ] || { echo "$NAME: $checks checks, $failures failed"; exit 1; }

# The installed program: no trace of this tree; the voices it lists are PREFIX's.
check "the installed program names the source tree's voices" sh -c "! grep -qF '$ROOT/voices' '$P/bin/vnreader'"
sed 's/^name *=.*/name = installed-only/' "$ROOT/voices/north.voice" >"$P/share/vnreader/voices/installed-only.voice"
voices=$(cd "$T" && env -u VNREADER_DATA "$P/bin/vnreader" --list-voices 2>&1)
check "the installed program does not read PREFIX's voices: $voices" sh -c "echo '$voices' | grep -q installed-only"
(cd "$T" && env -u VNREADER_DATA "$P/bin/vnreader" -q -o "$T/a.wav" -t "Ngày 23/6, UBND họp.") 2>"$T/err"
check "the installed program failed: $(cat "$T/err")" [ -s "$T/a.wav" ]
spoken=$(env -u VNREADER_DATA "$P/bin/vnreader" --normalize -t "UBND họp.")
check "the installed program lacks PREFIX's lexicon: $spoken" sh -c "echo '$spoken' | grep -q 'ủy ban nhân dân'"
rm "$P/share/vnreader/voices/installed-only.voice"

check "vnreader.pc does not name PREFIX: $(head -2 "$P/lib/pkgconfig/vnreader.pc" | tr '\n' ' ')" \
  grep -qx "prefix=$P" "$P/lib/pkgconfig/vnreader.pc"
check "pkg-config --cflags does not give PREFIX's include" \
  sh -c "PKG_CONFIG_PATH='$P/lib/pkgconfig' pkg-config --cflags vnreader 2>/dev/null | grep -qF -- '-I$P/include'"
for page in man1/vnreader.1 man8/sd_vnreader.8; do
  man -l "$P/share/man/$page" 2>/dev/null | grep -q SYNOPSIS
  check "$page not installed or not a man page" [ $? -eq 0 ]
done
check "the speech-dispatcher module config names another data folder" \
  grep -q "$P/share/vnreader/voices" "$P/etc/speech-dispatcher/modules/sd_vnreader.conf"

make -s uninstall PREFIX="$P" >"$T/uninstall.log" 2>&1
check "make uninstall failed: $(tail -2 "$T/uninstall.log")" [ $? -eq 0 ]
left=$(find "$T/prefix" 2>/dev/null | head -5 | tr '\n' ' ')
check "make uninstall left: $left" [ -z "$left" ]
echo "$NAME: $checks checks, $failures failed"
[ $failures -eq 0 ]
