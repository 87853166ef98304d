#!/bin/sh
# valgrind.sh - the program on every sample under Valgrind memcheck, twice: --normalize and
# synthesis to a WAV file. Fails on any memory error or any definitely lost byte; "still
# reachable" memory (eSpeak NG's and PortAudio's globals) is allowed. Known problems inside
# eSpeak NG itself, not ours, are suppressed by tests/valgrind.supp, each with its reason.
#   sh tests/valgrind.sh build/vnreader        (make valgrind)
VNR=${1:-build/vnreader}
SUPP=$(dirname "$0")/valgrind.supp
T=$(mktemp -d /tmp/vnr-valgrind.XXXXXX)
trap 'rm -rf "$T"' EXIT
command -v valgrind >/dev/null || { echo "valgrind.sh: valgrind is not installed"; exit 1; }
[ -x "$VNR" ] || { echo "valgrind.sh: no $VNR"; exit 1; }
failures=0
runs=0

# memcheck NAME EXIT ARGS...: one run that must exit with EXIT (memcheck's own errors exit 99)
# and leave an empty log: no error, no definitely lost byte.
memcheck() {
  name=$1
  want=$2
  shift 2
  runs=$((runs + 1))
  timeout -k 5 600 valgrind -q --leak-check=full --errors-for-leak-kinds=definite \
    --show-leak-kinds=definite --error-exitcode=99 --suppressions="$SUPP" \
    --log-file="$T/$name.log" "$VNR" "$@" >/dev/null 2>"$T/$name.err"
  rc=$?
  if [ $rc -ne "$want" ] || [ -s "$T/$name.log" ]; then
    echo "valgrind.sh: FAIL: $name (exit $rc, want $want)"
    cat "$T/$name.log" "$T/$name.err" | head -60
    failures=$((failures + 1))
  else
    echo "valgrind.sh: $name: no errors, no leaks"
  fi
}

samples=$(ls samples/*.txt 2>/dev/null)
[ -n "$samples" ] || { echo "valgrind.sh: no samples/*.txt"; exit 1; }
for f in $samples; do
  base=$(basename "$f" .txt)
  memcheck "$base-normalize" 0 --normalize "$f"
  memcheck "$base-wav" 0 -q -o "$T/$base.wav" "$f"
done
# The error paths free what they allocated too.
memcheck missing-input 1 -o "$T/x.wav" "$T/no-such-file.txt"
memcheck dev-full 1 -o /dev/full -t 'Xin chào các bạn.'
echo "valgrind.sh: $runs runs, $failures failed"
[ "$failures" -eq 0 ]
