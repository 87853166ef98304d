#!/bin/sh
# sd_test.sh - the speech-dispatcher output module: a scripted protocol session (tests/sd_test.py:
# every reply, event, mark and 705 audio event, STOP/PAUSE, malformed input, EOF), then, when
# speech-dispatcher and spd-say are installed, one message through the real server with audio
# to ALSA's "null" device (never sound hardware). `make test` installs speech-dispatcher
# (TEST_DEBS); without it the end-to-end half prints "SKIP: reason", and fails under CI=true.
#   sh tests/sd_test.sh build/sd_vnreader
MOD=${1:-build/sd_vnreader}
DIR=$(cd "$(dirname "$0")/.." && pwd)
python3 "$DIR/tests/sd_test.py" "$MOD" || exit 1
skip() {
  echo "SKIP: sd_test: $*"
  if [ "${CI:-}" = true ]; then
    echo "sd_test: FAIL: under CI=true a skipped test is a failure"
    exit 1
  fi
  exit 0
}

if ! command -v speech-dispatcher >/dev/null 2>&1 || ! command -v spd-say >/dev/null 2>&1; then
  skip "speech-dispatcher is not installed (make test-deps): no end-to-end test"
fi
T=$(mktemp -d /tmp/vnr-sd.XXXXXX)
cleanup() {
  [ -s "$T/pid" ] && kill "$(cat "$T/pid")" 2>/dev/null
  rm -rf "$T"
}
trap cleanup EXIT
mkdir -p "$T/conf/modules" "$T/log"
ABS_MOD=$(cd "$(dirname "$MOD")" && pwd)/$(basename "$MOD")
cat >"$T/conf/speechd.conf" <<CONF
LogLevel 5
AudioOutputMethod "alsa"
AudioALSADevice "null"
AddModule "vnreader" "$ABS_MOD" "$T/conf/modules/sd_vnreader.conf"
DefaultModule vnreader
CONF
printf 'VnreaderDataDir "%s"\n' "$DIR/voices" >"$T/conf/modules/sd_vnreader.conf"
XDG_RUNTIME_DIR=$T HOME=$T timeout 60 speech-dispatcher -s -C "$T/conf" -L "$T/log" \
  -c unix_socket -S "$T/sock" -t 5 -P "$T/pid" >"$T/server.err" 2>&1 &
i=0
while [ ! -S "$T/sock" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
if [ ! -S "$T/sock" ]; then
  skip "speech-dispatcher did not start here: no end-to-end test: $(tail -n 3 "$T/server.err" | tr '\n' ' ')"
fi
SPEECHD_ADDRESS=unix_socket:$T/sock HOME=$T timeout 30 spd-say -w -o vnreader "Ngày 23/6 trời mưa."
rc=$?
log=$T/log/speech-dispatcher.log
fail=0
[ $rc -eq 0 ] || { echo "sd_test: FAIL: spd-say -w through the server: exit $rc"; fail=1; }
grep -q "Got audio: " "$log" || { echo "sd_test: FAIL: the server got no 705 audio"; fail=1; }
grep -q "got end" "$log" || { echo "sd_test: FAIL: the server got no 702 END"; fail=1; }
if grep -q "bogus\|Audio event but server audio not set up" "$log"; then
  echo "sd_test: FAIL: the server rejected our audio: $(grep -m1 'bogus' "$log")"
  fail=1
fi
[ $fail -eq 0 ] && echo "sd_test: end-to-end through $(speech-dispatcher -v 2>/dev/null | head -1): ok"
exit $fail
