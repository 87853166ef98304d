#!/bin/sh
# sd_test.sh - the speech-dispatcher output module: a scripted protocol session (tests/sd_test.py:
# every reply, event, mark and 705 audio event, STOP/PAUSE, malformed input, EOF), then a real
# speech-dispatcher server (audio to ALSA's "null" device, never sound hardware) with two
# modules: sd_vnreader, and the fallback data/speech-dispatcher/vnreader-generic.conf through
# sd_generic, its vnreader on the null device. `make test` installs speech-dispatcher (TEST_DEBS);
# without it the end-to-end part prints SKIP, and under CI=true a skip fails.
#   sh tests/sd_test.sh build/sd_vnreader
MOD=${1:-build/sd_vnreader}
DIR=$(cd "$(dirname "$0")/.." && pwd)
python3 "$DIR/tests/sd_test.py" "$MOD" || exit 1

skip() {
  echo "SKIP: sd_test: $*"
  [ "${CI:-}" = true ] && { echo "sd_test: FAIL: nothing may be skipped under CI=true"; exit 1; }
  exit 0
}
if ! command -v speech-dispatcher >/dev/null 2>&1 || ! command -v spd-say >/dev/null 2>&1; then
  skip "speech-dispatcher is not installed (make test-deps installs it): no end-to-end test"
fi
T=$(mktemp -d /tmp/vnr-sd.XXXXXX)
cleanup() {
  [ -s "$T/pid" ] && kill "$(cat "$T/pid")" 2>/dev/null
  rm -rf "$T"
}
trap cleanup EXIT
mkdir -p "$T/conf/modules" "$T/log" "$T/bin"
ABS_MOD=$(cd "$(dirname "$MOD")" && pwd)/$(basename "$MOD")
CLI=$(dirname "$ABS_MOD")/vnreader
cat >"$T/conf/speechd.conf" <<CONF
LogLevel 5
AudioOutputMethod "alsa"
AudioALSADevice "null"
AddModule "vnreader" "$ABS_MOD" "$T/conf/modules/sd_vnreader.conf"
AddModule "vnreader-generic" "sd_generic" "$T/conf/modules/vnreader-generic.conf"
DefaultModule vnreader
CONF
printf 'VnreaderDataDir "%s"\n' "$DIR/voices" >"$T/conf/modules/sd_vnreader.conf"
# The fallback as installed (make install's substitution), its vnreader on the null device: a
# wrapper keeps what sd_generic hands it (the text must arrive as UTF-8) and its exit status.
sed "s|@BINDIR@|$T/bin|" "$DIR/data/speech-dispatcher/vnreader-generic.conf" \
  >"$T/conf/modules/vnreader-generic.conf"
cat >"$T/bin/vnreader" <<WRAP
#!/bin/sh
tee "$T/generic.in" | "$CLI" --device null --speed-factor 4 "\$@"
echo \$? >"$T/generic.rc"
WRAP
chmod +x "$T/bin/vnreader"
PATH=$T/bin:$PATH XDG_RUNTIME_DIR=$T HOME=$T timeout 60 speech-dispatcher -s -C "$T/conf" \
  -L "$T/log" -c unix_socket -S "$T/sock" -t 5 -P "$T/pid" >"$T/server.err" 2>&1 &
i=0
while [ ! -S "$T/sock" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
[ -S "$T/sock" ] || skip "speech-dispatcher did not start here: $(tail -2 "$T/server.err")"
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
# The fallback: sd_generic runs the configured command line, which must work with only what the
# package installs (vnreader-generic.conf once played through aplay: "aplay: not found").
SPEECHD_ADDRESS=unix_socket:$T/sock HOME=$T timeout 30 spd-say -w -o vnreader-generic -l vi \
  "Hôm nay trời mưa."
rc=$?
[ $rc -eq 0 ] || { echo "sd_test: FAIL: spd-say -w -o vnreader-generic: exit $rc"; fail=1; }
i=0
while [ ! -s "$T/generic.rc" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
grep -q "Hôm nay trời mưa" "$T/generic.in" 2>/dev/null ||
  { echo "sd_test: FAIL: vnreader-generic: vnreader got '$(cat "$T/generic.in" 2>/dev/null)', not the UTF-8 text"; fail=1; }
[ "$(cat "$T/generic.rc" 2>/dev/null)" = 0 ] ||
  { echo "sd_test: FAIL: vnreader-generic: vnreader exit '$(cat "$T/generic.rc" 2>/dev/null)'"; fail=1; }
# sd_generic logs the command's standard error: "aplay: not found" there once passed silently.
if grep -i "not found\|error\|failed" "$T/log/vnreader-generic.log" 2>/dev/null | grep -q .; then
  echo "sd_test: FAIL: vnreader-generic: $(grep -i -m2 'not found\|error\|failed' "$T/log/vnreader-generic.log" | tr '\n' ' ')"
  fail=1
fi
[ $fail -eq 0 ] && echo "sd_test: end-to-end through $(speech-dispatcher -v 2>/dev/null | head -1), sd_vnreader and vnreader-generic: ok"
exit $fail
