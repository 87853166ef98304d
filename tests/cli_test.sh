#!/bin/sh
# cli_test.sh - the vnreader program from the outside: output formats read back, streaming,
# --normalize, and every way a run can go wrong (bad input, full disk, missing folder, Ctrl-C,
# a closed pipe): a clear "vnreader: " message, the right exit code, no partial output file and
# any previous file untouched. Audio is judged by format, length and loudness (build/sfinfo),
# never by its bytes. Nothing here plays sound: playback is only tried through the "null"
# device, or when PortAudio reports no device at all.
#   sh tests/cli_test.sh build/vnreader
VNR=${1:-build/vnreader}
SFINFO=$(dirname "$VNR")/sfinfo
NAME=cli_test
. "$(dirname "$0")/testlib.sh"
starts_vnreader() { [ -s "$1" ] && ! grep -qv '^vnreader: \|^Try ' "$1"; }
# Only the files named may be in folder $1 (no temporary ".x.wav.XXXXXX" left behind).
only_files() {
  dir=$1
  shift
  [ "$(ls -A "$dir" | sort | tr '\n' ' ')" = "$(printf '%s\n' "$@" | sort | tr '\n' ' ')" ]
}

[ -x "$VNR" ] || { echo "cli_test: no $VNR"; exit 1; }
[ -x "$SFINFO" ] || { echo "cli_test: no $SFINFO (make $SFINFO)"; exit 1; }

printf 'Ngày 23/6, tại Hà Nội, hội nghị có 21 tỉnh tham dự.\nĐồng chí Mai phát biểu kết luận hội nghị lúc 18h30.\n' >"$T/in.txt"

# --- Every file format reads back: 22050 Hz, mono, a duration plausible for two sentences. ----
mkdir "$T/fmt"
for ext in wav flac ogg mp3; do
  out="$T/fmt/out.$ext"
  "$VNR" -o "$out" "$T/in.txt" >"$T/stdout" 2>"$T/err"
  rc=$?
  check "-o out.$ext: exit $rc" [ $rc -eq 0 ]
  check "-o out.$ext: printed something: $(cat "$T/stdout" "$T/err")" [ ! -s "$T/stdout" -a ! -s "$T/err" ]
  check "out.$ext: format $(field "$out" format)" [ "$(field "$out" format)" = "$ext" ]
  check "out.$ext: rate $(field "$out" rate)" [ "$(field "$out" rate)" = 22050 ]
  check "out.$ext: channels $(field "$out" channels)" [ "$(field "$out" channels)" = 1 ]
  check "out.$ext: lasts $(field "$out" seconds) s" between "$(field "$out" seconds)" 4 20
  check "out.$ext: silent (peak $(field "$out" peak))" between "$(field "$out" peak)" 0.1 1.1
done
check "format tests left stray files: $(ls -A "$T/fmt")" only_files "$T/fmt" out.wav out.flac out.ogg out.mp3
wav_seconds=$(field "$T/fmt/out.wav" seconds)

"$VNR" -o "$T/fmt/x.dat" --format flac "$T/in.txt" 2>"$T/err"
check "--format flac over .dat: $(field "$T/fmt/x.dat" format)" [ "$(field "$T/fmt/x.dat" format)" = flac ]
"$VNR" -o "$T/fmt/a.wav" -o "$T/fmt/b.ogg" "$T/in.txt" 2>"$T/err"
check "two -o: a.wav" [ "$(field "$T/fmt/a.wav" rate)" = 22050 ]
check "two -o: b.ogg" [ "$(field "$T/fmt/b.ogg" format)" = ogg ]

# Files in a row, with a paragraph pause between them.
"$VNR" -o "$T/fmt/twice.wav" "$T/in.txt" - <"$T/in.txt" 2>"$T/err"
twice=$(field "$T/fmt/twice.wav" seconds)
check "two inputs last $twice s, one $wav_seconds s" \
  between "$twice" "$(echo "$wav_seconds" | awk '{ print 2 * $1 + 0.3 }')" \
  "$(echo "$wav_seconds" | awk '{ print 2 * $1 + 2 }')"
"$VNR" -o "$T/fmt/t.wav" -t "Xin chào." 2>"$T/err"
check "-t TEXT: lasts $(field "$T/fmt/t.wav" seconds) s" between "$(field "$T/fmt/t.wav" seconds)" 0.3 3

# --- Streaming to stdout. ---------------------------------------------------------------------
"$VNR" -o - --format raw "$T/in.txt" 2>"$T/err" | cat >"$T/out.raw"
raw_bytes=$(wc -c <"$T/out.raw")
raw_seconds=$(awk -v b="$raw_bytes" 'BEGIN { print b / 44100 }')
check "raw stdout: $raw_bytes bytes, odd" [ $((raw_bytes % 2)) -eq 0 ]
check "raw stdout: $raw_seconds s against $wav_seconds s in the WAV" \
  between "$raw_seconds" "$(echo "$wav_seconds" | awk '{ print $1 - 0.5 }')" \
  "$(echo "$wav_seconds" | awk '{ print $1 + 0.5 }')"
"$VNR" -o - --format wav "$T/in.txt" 2>"$T/err" | cat >"$T/pipe.wav"
check "WAV through a pipe: $(field "$T/pipe.wav" seconds) s" between "$(field "$T/pipe.wav" seconds)" 4 20
"$VNR" -o - "$T/in.txt" 2>"$T/err" >"$T/stdout.wav"
check "-o - to a file: WAV with its length: $(field "$T/stdout.wav" seconds) s" \
  between "$(field "$T/stdout.wav" seconds)" 4 20
for ext in flac ogg mp3; do
  "$VNR" -o - --format $ext "$T/in.txt" 2>"$T/err" | cat >"$T/pipe.$ext"
  check "$ext through a pipe: $(field "$T/pipe.$ext" seconds) s" between "$(field "$T/pipe.$ext" seconds)" 4 20
done

# The reader of the pipe leaves early: a normal end, quietly.
# (POSIX sh has no PIPESTATUS: the exit code goes through a file.)
{ "$VNR" -o - --format raw -t "$(printf 'Câu số %d. ' $(seq 1 200))" 2>"$T/err"; echo $? >"$T/rc"; } | head -c 1000 >/dev/null
check "closed pipe: exit $(cat "$T/rc")" [ "$(cat "$T/rc")" = 0 ]
check "closed pipe: printed $(cat "$T/err")" [ ! -s "$T/err" ]

# --- --normalize: one output line per input line, empty lines kept, no digits left. -----------
printf 'a 1\n\nb 2\nc 3\n' | "$VNR" --normalize >"$T/norm" 2>"$T/err"
rc=$?
check "--normalize: exit $rc" [ $rc -eq 0 ]
check "--normalize turned 4 lines into $(wc -l <"$T/norm")" [ "$(wc -l <"$T/norm")" -eq 4 ]
check "--normalize: line 2 not empty" [ -z "$(sed -n 2p "$T/norm")" ]
"$VNR" --normalize "$T/in.txt" >"$T/norm" 2>"$T/err"
check "--normalize left digits: $(cat "$T/norm")" sh -c "! grep -q '[0-9]' '$T/norm'"
check "--normalize: $(wc -l <"$T/norm") lines for 2" [ "$(wc -l <"$T/norm")" -eq 2 ]
check "--voice south: not 'ngàn': $("$VNR" --voice south --normalize -t 'Có 1000 người.')" \
  sh -c "'$VNR' --voice south --normalize -t 'Có 1000 người.' | grep -q ngàn"

# --- Invalid UTF-8: a warning with file:line, and the rest is read. ---------------------------
printf 'Xin ch\340o \377\376 5 ng\306\260\341\273\235i\n' >"$T/bad.txt"
"$VNR" --normalize "$T/bad.txt" >"$T/norm" 2>"$T/err"
rc=$?
check "invalid UTF-8: exit $rc" [ $rc -eq 0 ]
check "invalid UTF-8: message '$(cat "$T/err")'" grep -q "^vnreader: $T/bad.txt:1: invalid UTF-8" "$T/err"
check "invalid UTF-8: the rest not read: $(cat "$T/norm")" grep -q "năm người" "$T/norm"
"$VNR" -q --normalize "$T/bad.txt" >/dev/null 2>"$T/err"
check "-q still warned: $(cat "$T/err")" [ ! -s "$T/err" ]

# --- Inputs that cannot be read: message, exit 1, no output file, the old one untouched. -------
mkdir "$T/o"
echo keep >"$T/o/old.wav"
printf 'abc\000def\n' >"$T/binary.bin"
mkdir "$T/adir"
# Root ignores file permissions, so "unreadable" is a file that opens but fails to read:
# /proc/self/mem reads fail with EIO at offset 0. As another user, a mode-000 file too.
unreadable="/proc/self/mem"
if [ "$(id -u)" != 0 ]; then
  echo secret >"$T/noperm.txt"
  chmod 000 "$T/noperm.txt"
  unreadable="$unreadable $T/noperm.txt"
fi
for input in "$T/no-such-file.txt" "$T/adir" "$T/binary.bin" $unreadable; do
  for out in "$T/o/new.wav" "$T/o/old.wav"; do
    "$VNR" -o "$out" "$input" >/dev/null 2>"$T/err"
    rc=$?
    check "input $input: exit $rc, want 1" [ $rc -eq 1 ]
    check "input $input: message '$(cat "$T/err")'" starts_vnreader "$T/err"
    check "input $input: left files: $(ls -A "$T/o")" only_files "$T/o" old.wav
    check "input $input: the previous output changed" [ "$(cat "$T/o/old.wav")" = keep ]
  done
done
"$VNR" -o "$T/o/new.wav" "$T/adir" 2>"$T/err"
check "directory: message '$(cat "$T/err")'" grep -q "directory" "$T/err"

# --- Outputs that cannot be written. ------------------------------------------------------------
"$VNR" -o /dev/full --format wav "$T/in.txt" >/dev/null 2>"$T/err"
rc=$?
check "/dev/full: exit $rc" [ $rc -eq 1 ]
check "/dev/full: message '$(cat "$T/err")'" grep -q "^vnreader: /dev/full: .*No space left" "$T/err"
check "/dev/full is no longer a device" [ -c /dev/full ]
"$VNR" -o /dev/full --format mp3 "$T/in.txt" >/dev/null 2>"$T/err"
rc=$?
check "/dev/full mp3: exit $rc" [ $rc -eq 1 ]
"$VNR" -o "$T/nodir/x.wav" -t "xin chào" >/dev/null 2>"$T/err"
rc=$?
check "missing folder: exit $rc" [ $rc -eq 1 ]
check "missing folder: message '$(cat "$T/err")'" grep -q "^vnreader: $T/nodir/x.wav: .*nodir" "$T/err"
check "missing folder: created" [ ! -e "$T/nodir" ]
"$VNR" -o /proc/vnr-cli-test.wav -t "xin chào" >/dev/null 2>"$T/err"
rc=$?
check "/proc: exit $rc" [ $rc -eq 1 ]
check "/proc: message '$(cat "$T/err")'" starts_vnreader "$T/err"
"$VNR" -o "$T/o" -t "xin chào" >/dev/null 2>"$T/err"
rc=$?
check "output is a directory: exit $rc" [ $rc -eq 1 ]
check "output is a directory: message '$(cat "$T/err")'" grep -q "directory" "$T/err"

# --- Signals: stop at once, remove the temporary file, keep the old output. --------------------
long_text=$(printf 'Câu số %d. ' $(seq 1 3000))
for sig in INT TERM; do
  "$VNR" -o "$T/o/old.wav" -t "$long_text" >/dev/null 2>"$T/err" &
  pid=$!
  sleep 0.5
  start=$(date +%s%N)
  kill -$sig $pid
  wait $pid
  rc=$?
  ms=$((($(date +%s%N) - start) / 1000000))
  want=130
  [ $sig = TERM ] && want=143
  check "SIG$sig: exit $rc, want $want" [ $rc -eq $want ]
  check "SIG$sig: took $ms ms to stop" [ $ms -lt 500 ]
  check "SIG$sig: left files: $(ls -A "$T/o")" only_files "$T/o" old.wav
  check "SIG$sig: the previous output changed" [ "$(cat "$T/o/old.wav")" = keep ]
  check "SIG$sig: printed '$(cat "$T/err")'" [ ! -s "$T/err" ]
done

# --- Usage. -----------------------------------------------------------------------------------
for args in "--bogus" "-x" "--rate 10" "--rate fast" "--pitch 101" "--format aiff" "-o" "--play=yes"; do
  # shellcheck disable=SC2086
  "$VNR" -t "xin chào" $args >/dev/null 2>"$T/err"
  rc=$?
  check "'$args': exit $rc, want 2" [ $rc -eq 2 ]
  check "'$args': message '$(cat "$T/err")'" starts_vnreader "$T/err"
done
"$VNR" --voice klingon -t "xin chào" -o "$T/o/k.wav" >/dev/null 2>"$T/err"
rc=$?
check "--voice klingon: exit $rc" [ $rc -eq 1 ]
check "--voice klingon: message '$(cat "$T/err")'" grep -q "^vnreader: no voice 'klingon'" "$T/err"
check "--help" sh -c "'$VNR' --help | grep -q '^Usage: vnreader'"
check "--version" sh -c "'$VNR' --version | grep -q '^vnreader [0-9]'"
"$VNR" --list-voices >"$T/voices" 2>"$T/err"
for v in north central south; do
  check "--list-voices: no $v: $(cat "$T/voices" "$T/err")" grep -q "^$v " "$T/voices"
done

# --- Playback without touching hardware. --------------------------------------------------------
start=$(date +%s%N)
"$VNR" --device null -t "Xin chào." >/dev/null 2>"$T/err"
rc=$?
ms=$((($(date +%s%N) - start) / 1000000))
check "--device null: exit $rc: $(cat "$T/err")" [ $rc -eq 0 ]
check "--device null: took $ms ms, not the time of the speech" [ $ms -gt 300 ]
"$VNR" --device null -t "$long_text" >/dev/null 2>"$T/err" &
pid=$!
sleep 0.5
start=$(date +%s%N)
kill -INT $pid
wait $pid
rc=$?
ms=$((($(date +%s%N) - start) / 1000000))
check "Ctrl-C while playing: exit $rc" [ $rc -eq 130 ]
check "Ctrl-C while playing: took $ms ms to stop" [ $ms -lt 500 ]
# The null device at --speed-factor 20: a whole sample in about a twentieth of its duration, and
# with -o FILE --play the file still gets all of it.
sample=$(dirname "$0")/../samples/notice.txt
"$VNR" -q -o "$T/notice.wav" "$sample" 2>"$T/err"
audio=$(field "$T/notice.wav" seconds)
start=$(date +%s%N)
"$VNR" --device null --speed-factor 20 "$sample" >/dev/null 2>"$T/err"
rc=$?
ms=$((($(date +%s%N) - start) / 1000000))
check "--speed-factor 20: exit $rc: $(cat "$T/err")" [ $rc -eq 0 ]
check "--speed-factor 20: $ms ms for $audio s of audio" \
  between "$ms" "$(awk -v s="$audio" 'BEGIN { print s * 1000 / 20 * 0.9 }')" \
  "$(awk -v s="$audio" 'BEGIN { print s * 1000 / 20 * 3 + 2000 }')"
"$VNR" -q -o "$T/notice2.wav" --play --device null --speed-factor 20 "$sample" 2>"$T/err"
rc=$?
check "-o --play --device null: exit $rc: $(cat "$T/err")" [ $rc -eq 0 ]
check "-o --play --device null: $(field "$T/notice2.wav" seconds) s, alone $audio s" \
  between "$(field "$T/notice2.wav" seconds)" "$(awk -v s="$audio" 'BEGIN { print s - 0.3 }')" \
  "$(awk -v s="$audio" 'BEGIN { print s + 0.3 }')"
rm -f "$T/notice.wav" "$T/notice2.wav"
"$VNR" --speed-factor 20 -t "xin chào" >/dev/null 2>"$T/err"
rc=$?
check "--speed-factor without --device null: exit $rc" [ $rc -eq 2 ]
check "--speed-factor without --device null: '$(cat "$T/err")'" grep -q "^vnreader: --speed-factor" "$T/err"
# PortAudio's own path, on ALSA's "null" plugin (a software device that discards the audio):
# a private HOME holds an .asoundrc that makes it the default, so no sound card is used.
mkdir "$T/home"
echo 'pcm.!default { type null }' >"$T/home/.asoundrc"
HOME="$T/home" "$VNR" -t "Xin chào." >/dev/null 2>"$T/err"
rc=$?
check "PortAudio on ALSA null: exit $rc: $(cat "$T/err")" [ $rc -eq 0 ]
check "PortAudio on ALSA null: stderr '$(cat "$T/err")'" [ ! -s "$T/err" ]
if ! "$VNR" --list-devices >/dev/null 2>&1; then
  "$VNR" -t "xin chào" >/dev/null 2>"$T/err"
  rc=$?
  check "no sound device: exit $rc" [ $rc -eq 1 ]
  check "no sound device: not one line: $(cat "$T/err")" [ "$(wc -l <"$T/err")" -eq 1 ]
  check "no sound device: message '$(cat "$T/err")'" grep -q "^vnreader: no sound device.*-o file.wav" "$T/err"
else
  echo "cli_test: a sound device exists: the no-device message is not tested"
fi

if [ $failures -ne 0 ]; then
  echo "cli_test: $failures of $checks checks failed"
  exit 1
fi
echo "cli_test: $checks checks passed"
