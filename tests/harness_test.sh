#!/bin/sh
# harness_test.sh - the test tools themselves must be able to fail, and the library must export
# only its public API:
#   - a VNR_TEST filter that matches no unit test fails the run (a typo is not a pass);
#   - an unknown golden directive ("#@profile sout") fails its file;
#   - every symbol `nm -D --defined-only` finds in libvnreader.so is declared in
#     include/vnreader.h (the library is built with -fvisibility=hidden; VNR_API marks exports);
#   - libcurl and poppler-glib are not linked (src/core/dl.h opens them at their first use, so
#     that a run that reads no URL and no PDF does not load sixty libraries before its first word).
#   sh tests/harness_test.sh build
BUILD=${1:-build}
NAME=harness_test
. "$(dirname "$0")/testlib.sh"
UNIT="$BUILD/unit-tests"
LIB="$BUILD/libvnreader.so"
HEADER="$(dirname "$0")/../include/vnreader.h"
[ -x "$UNIT" ] && [ -f "$LIB" ] || { echo "$NAME: no $UNIT or $LIB (make $UNIT $LIB)"; exit 1; }
command -v nm >/dev/null || { echo "$NAME: nm is missing (apt-get install binutils)"; exit 1; }

VNR_TEST=no_such_test_anywhere "$UNIT" >"$T/out" 2>"$T/err"
rc=$?
check "VNR_TEST matching nothing: exit $rc, want 1" [ $rc -eq 1 ]
check "VNR_TEST matching nothing: no message: $(cat "$T/err")" grep -q 'matches no test' "$T/err"

mkdir "$T/golden"
printf '#@profile sout\n1\tmột\n' >"$T/golden/typo.tsv"
env -u VNR_TEST "$UNIT" "$T/golden" >"$T/out" 2>"$T/err"
rc=$?
check "unknown golden directive: exit $rc, want 1" [ $rc -eq 1 ]
check "unknown golden directive: no file:line message: $(cat "$T/err")" \
  grep -q "typo.tsv:1: unknown golden directive '#@profile sout'" "$T/err"
printf '#@profile south\n1000\tmột ngàn\n' >"$T/golden/typo.tsv"
env -u VNR_TEST "$UNIT" "$T/golden" >"$T/out" 2>"$T/err"
rc=$?
check "a good golden directive failed: exit $rc: $(cat "$T/err")" [ $rc -eq 0 ]

nm -D --defined-only "$LIB" | awk '$2 ~ /^[TDBRVW]$/ {print $3}' | sort -u >"$T/exported"
check "nm -D found no exported symbol in $LIB" [ -s "$T/exported" ]
while read -r sym; do
  grep -qw -- "$sym" "$HEADER" || echo "$sym"
done <"$T/exported" >"$T/undeclared"
check "$LIB exports $(wc -l <"$T/undeclared") names vnreader.h does not declare: $(head -n 5 "$T/undeclared" | tr '\n' ' ')" \
  [ ! -s "$T/undeclared" ]
check "exported names without the vnr_ prefix: $(grep -v '^vnr_' "$T/exported" | head -n 5 | tr '\n' ' ')" \
  sh -c "! grep -qv '^vnr_' '$T/exported'"

for bin in "$LIB" "$BUILD/vnreader" "$BUILD/sd_vnreader"; do
  needed=$(objdump -p "$bin" 2>/dev/null | awk '/NEEDED/ { print $2 }')
  check "$bin: no NEEDED entries (objdump missing?)" [ -n "$needed" ]
  check "$bin links $(echo "$needed" | grep -E 'curl|poppler|glib' | tr '\n' ' ')" \
    sh -c "! echo '$needed' | grep -qE 'curl|poppler|glib'"
done

if [ "$failures" -gt 0 ]; then
  echo "$NAME: $failures of $checks checks failed"
  exit 1
fi
echo "$NAME: $checks checks passed"
