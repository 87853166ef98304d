#!/bin/sh
# hostile_test.sh - vnreader against hostile and broken input and against failing outputs.
# Each case asserts the exact behaviour: exit code, the "vnreader: " message, no crash (exit
# < 128 unless a signal was sent on purpose), no hang (every run is under `timeout`), no partial
# file at the destination, any previous file untouched, no temporary file left behind.
# Then it replays tests/crash/NAME/* (inputs that once crashed a fuzz target) through the
# program and through BUILD/replay/fuzz_NAME (built by `make check`).
#   sh tests/hostile_test.sh build/vnreader
ROOT=$(pwd)
VNR=${1:-build/vnreader}
case $VNR in /*) ;; *) VNR=$ROOT/$VNR ;; esac
BUILD=$(dirname "$VNR")
SFINFO=$BUILD/sfinfo
NAME=hostile_test
. "$(dirname "$0")/testlib.sh"
# run SECONDS ARGS...: vnreader under timeout; stdout in $T/out, stderr in $T/err, exit in $rc.
run() {
  secs=$1
  shift
  timeout -k 5 "$secs" "$VNR" "$@" >"$T/out" 2>"$T/err"
  rc=$?
}
# The last run exited with $1 and was neither killed nor hung.
exited() { [ "$rc" -eq "$1" ]; }
# Every stderr line is a "vnreader: " message and the first contains $1 (fixed string).
says() { [ -s "$T/err" ] && ! grep -qv '^vnreader: ' "$T/err" && head -1 "$T/err" | grep -qF -- "$1"; }
quiet() { [ ! -s "$T/err" ]; }
lines() { [ "$(wc -l <"$T/out")" -eq "$1" ]; }
# Only the files named may be in folder $1: no ".x.wav.XXXXXX" temporary left behind.
only_files() {
  dir=$1
  shift
  [ "$(ls -A "$dir" | sort | tr '\n' ' ')" = "$(for f in "$@"; do echo "$f"; done | sort | tr '\n' ' ')" ]
}
valid_wav() { [ "$(field "$1" format)" = wav ] && [ "$(field "$1" rate)" = 22050 ]; }
has_tmp() { ls -A "$1" | grep -q "^\.$2\."; }
silent_or_vnreader() { [ ! -s "$1" ] || ! grep -qv '^vnreader: ' "$1"; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }

[ -x "$VNR" ] || { echo "hostile_test: no $VNR"; exit 1; }
[ -x "$SFINFO" ] || { echo "hostile_test: no $SFINFO (make $SFINFO)"; exit 1; }
cd "$T" || exit 1
mkdir in
say_text='Ngày 23/6, tại Hà Nội, hội nghị có 21 tỉnh tham dự.'

# --- Broken text. ----------------------------------------------------------------------------
# Invalid UTF-8: each bad line is named with a warning, the rest is read, exit 0.
printf 'Xin chào.\nM\303\264t h\377ai ba.\nB\341\272\241n \376\375kh\303\264ng.\n' >in/bad.txt
run 10 --normalize in/bad.txt
check "invalid UTF-8: exit $rc" exited 0
check "invalid UTF-8: warning: $(cat err)" says 'vnreader: in/bad.txt:2: invalid UTF-8'
check "invalid UTF-8: line 3 warned too: $(cat err)" grep -qF 'vnreader: in/bad.txt:3: invalid UTF-8' err
check "invalid UTF-8: not one line per input line: $(cat out)" lines 3
check "invalid UTF-8: line 2 not read: $(cat out)" grep -q 'hai ba' out

# NUL bytes: a binary file is refused with the line it was found on, exit 1, no output.
printf 'Xin chào.\nabc\000def\n' >in/nul.txt
run 10 --normalize in/nul.txt
check "NUL byte: exit $rc" exited 1
check "NUL byte: message: $(cat err)" says 'vnreader: in/nul.txt:2: NUL byte: this looks like a binary file'
head -c 200000 /dev/urandom >in/random.bin
run 20 --normalize in/random.bin
check "random bytes: exit $rc" exited 1
check "random bytes: message: $(cat err)" says 'vnreader: in/random.bin:'
check "random bytes: message says binary: $(cat err)" grep -qE 'binary|not UTF-8' err
run 20 -o in/random.wav in/random.bin
check "random bytes to WAV: exit $rc" exited 1
check "random bytes to WAV: left a file: $(ls -A in)" only_files in bad.txt nul.txt random.bin
# Text in another encoding (no NUL): a few stray bytes are skipped with a warning, but a line
# that is mostly undecodable is refused as not UTF-8 rather than read as noise.
awk 'BEGIN { for (i = 0; i < 40; i++) printf "caf\351 "; print "" }' >in/latin1.txt
run 10 --normalize in/latin1.txt
check "Latin-1: exit $rc" exited 0
check "Latin-1: warning: $(cat err)" says 'vnreader: in/latin1.txt:1: invalid UTF-8 (40 bytes skipped)'
awk 'BEGIN { for (i = 0; i < 40; i++) printf "Vi\352\362t "; print "" }' >in/legacy.txt
run 10 --normalize in/legacy.txt
check "legacy encoding: exit $rc" exited 1
check "legacy encoding: message: $(cat err)" says 'vnreader: in/legacy.txt:1: not UTF-8 text'

# An empty file: nothing to read, no output line, exit 0; saving it gives a valid, silent WAV.
: >in/empty.txt
run 10 --normalize in/empty.txt
check "empty file: exit $rc" exited 0
check "empty file: output: $(cat out)" [ ! -s out ]
check "empty file: stderr: $(cat err)" quiet
run 20 -o empty.wav in/empty.txt
check "empty file to WAV: exit $rc: $(cat err)" exited 0
check "empty file to WAV: not a WAV" valid_wav empty.wav
check "empty file to WAV: $(field empty.wav frames) frames" [ "$(field empty.wav frames)" = 0 ]

# Only punctuation: one output line without a letter or digit; a valid WAV.
printf '... !!! ??? ,,, ;;; --- ((( ))) \342\200\234\342\200\235 \302\253\302\273 \342\200\246 /// ***\n' >in/punct.txt
run 10 --normalize in/punct.txt
check "punctuation: exit $rc" exited 0
check "punctuation: stderr: $(cat err)" quiet
check "punctuation: lines" lines 1
check "punctuation: read as words: $(cat out)" [ -z "$(LC_ALL=C tr -d '[:punct:][:space:]\200-\377' <out)" ]
run 20 -o punct.wav in/punct.txt
check "punctuation to WAV: exit $rc: $(cat err)" exited 0
check "punctuation to WAV: not a WAV" valid_wav punct.wav

# A 1,000-digit number: read digit by digit ("chín chín ..."), no digit left in the output.
awk 'BEGIN { for (i = 0; i < 1000; i++) printf "9"; print "" }' >in/digits.txt
run 20 --normalize in/digits.txt
check "1,000 digits: exit $rc" exited 0
check "1,000 digits: digits in output: $(head -c 80 out)" [ -z "$(tr -cd 0-9 <out)" ]
check "1,000 digits: $(grep -o 'chín' out | wc -l) words 'chín'" [ "$(grep -o 'chín' out | wc -l)" -eq 1000 ]

# 100,000 nested brackets around two words: the words come through, in bounded time.
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "("; printf "xin chào"; for (i = 0; i < 100000; i++) printf ")"; print "" }' >in/brackets.txt
run 30 --normalize in/brackets.txt
check "nested brackets: exit $rc" exited 0
check "nested brackets: words lost: $(head -c 80 out)" grep -q 'xin chào' out
check "nested brackets: lines" lines 1

# A 10 MB line without a space, and a 2 MB run of dotted abbreviations ("TP.TP.TP...", which
# once overflowed the stack and took quadratic time): linear, so 10x the input must not take
# anywhere near 100x the time (the bound is loose: the cores are shared).
head -c 1000000 /dev/zero | tr '\000' a >in/long1.txt
echo >>in/long1.txt
for i in 1 2 3 4 5 6 7 8 9 10; do head -c 1000000 in/long1.txt; done >in/long10.txt
echo >>in/long10.txt
t0=$(now)
run 60 --normalize in/long1.txt
t1=$(elapsed "$t0")
check "1 MB line: exit $rc" exited 0
t0=$(now)
run 60 --normalize in/long10.txt
t10=$(elapsed "$t0")
check "10 MB line: exit $rc" exited 0
check "10 MB line: lines" lines 1
check "10 MB line: $(wc -c <out) bytes out" [ "$(wc -c <out)" -ge 10000000 ]
check "10 MB line: ${t10} s against ${t1} s for 1 MB: not linear" \
  awk -v a="$t1" -v b="$t10" 'BEGIN { exit !(b <= 30 * a + 1) }'
awk 'BEGIN { for (i = 0; i < 66667; i++) printf "TP."; print "" }' >in/tp1.txt
for i in 1 2 3 4 5 6 7 8 9 10; do tr -d '\n' <in/tp1.txt; done >in/tp10.txt
echo >>in/tp10.txt
t0=$(now)
run 60 --normalize in/tp1.txt
t1=$(elapsed "$t0")
check "200 KB of 'TP.': exit $rc" exited 0
t0=$(now)
run 60 --normalize in/tp10.txt
t10=$(elapsed "$t0")
check "2 MB of 'TP.': exit $rc (stack overflow?)" exited 0
# Sentences are cut every ~1000 bytes, which may split one "TP." in two ("tê", "phường").
check "2 MB of 'TP.': $(grep -o 'thành phố' out | wc -l) readings" [ "$(grep -o 'thành phố' out | wc -l)" -ge 660000 ]
check "2 MB of 'TP.': other words: $(tr ' ' '\n' <out | sort -u | head -8 | tr '\n' ' ')" \
  [ -z "$(tr ' ' '\n' <out | tr -d '.' | grep -v '^thành$\|^phố$\|^tê$\|^phường$\|^$')" ]
check "2 MB of 'TP.': ${t10} s against ${t1} s for 200 KB: not linear" \
  awk -v a="$t1" -v b="$t10" 'BEGIN { exit !(b <= 30 * a + 1) }'

# Extremely long words: 100 KB of Vietnamese syllables, of mixed letters and digits, of one
# repeated accented letter. Each is read (some output, one line) and nothing crashes.
awk 'BEGIN { for (i = 0; i < 10000; i++) printf "nghiêng"; print "" }' >in/word1.txt
awk 'BEGIN { for (i = 0; i < 20000; i++) printf "a1B2c"; print "" }' >in/word2.txt
awk 'BEGIN { for (i = 0; i < 50000; i++) printf "ộ"; print "" }' >in/word3.txt
for w in word1 word2 word3; do
  run 30 --normalize "in/$w.txt"
  check "long $w: exit $rc" exited 0
  check "long $w: lines" lines 1
  check "long $w: no output" [ -s out ]
done
run 60 -o word.wav in/word1.txt
check "long word to WAV: exit $rc: $(cat err)" exited 0
check "long word to WAV: not a WAV" valid_wav word.wav

# --- Broken data files. -----------------------------------------------------------------------
# A lexicon with a broken line: refused with file:line and the reason, exit 1.
printf 'UBND\tủy ban nhân dân\n# a comment\nbroken line without a tab\n' >in/bad.tsv
run 10 --lexicon in/bad.tsv --normalize -t 'xin chào'
check "broken lexicon: exit $rc" exited 1
check "broken lexicon: message: $(cat err)" says 'vnreader: in/bad.tsv:3: no tab between key and reading'
check "broken lexicon: output: $(cat out)" [ ! -s out ]
printf 'a\tb\tc\n' >in/three.tsv
run 10 --lexicon in/three.tsv --normalize -t 'xin chào'
check "three-column lexicon: exit $rc" exited 1
check "three-column lexicon: message: $(cat err)" says 'vnreader: in/three.tsv:1: more than two columns'
printf 'ok\tđược\n\000\n' >in/nul.tsv
run 10 --lexicon in/nul.tsv --normalize -t 'xin chào'
check "binary lexicon: exit $rc" exited 1
check "binary lexicon: message: $(cat err)" says 'vnreader: in/nul.tsv:2: NUL byte'
run 10 --lexicon in --normalize -t 'xin chào'
check "lexicon is a folder: exit $rc" exited 1
check "lexicon is a folder: message: $(cat err)" says 'vnreader: in: is a directory'

# A voice file with an unknown key: a warning naming it, and the voice still works.
printf 'name = test\nrate = 170\ncolour = blue\n' >in/extra.voice
run 10 --voice in/extra.voice --normalize -t 'có 21 tỉnh'
check "voice with unknown key: exit $rc" exited 0
check "voice with unknown key: warning: $(cat err)" says "vnreader: in/extra.voice:3: unknown key 'colour'"
check "voice with unknown key: output: $(cat out)" [ "$(cat out)" = 'có hai mươi mốt tỉnh' ]
run 30 --voice in/extra.voice -o extra.wav -t "$say_text"
check "voice with unknown key to WAV: exit $rc" exited 0
check "voice with unknown key to WAV: not a WAV" valid_wav extra.wav
printf 'rate = fast\n' >in/badrate.voice
run 10 --voice in/badrate.voice --normalize -t 'x'
check "voice with a bad value: exit $rc" exited 1
check "voice with a bad value: message: $(cat err)" says 'vnreader: in/badrate.voice:1: rate: not a whole number'

# --- Unusual inputs. --------------------------------------------------------------------------
run 10 --normalize in
check "folder as input: exit $rc" exited 1
check "folder as input: message: $(cat err)" says 'vnreader: in: is a directory, not a text file'
echo keep >old.wav
run 10 -o old.wav in
check "folder as input to WAV: exit $rc" exited 1
check "folder as input to WAV: previous file changed" [ "$(cat old.wav)" = keep ]

# A FIFO: read as it is written, from a background writer.
mkfifo fifo
(printf 'Có 21 tỉnh.\nHai dòng.\n' >fifo) &
run 20 --normalize fifo
wait
check "FIFO: exit $rc" exited 0
check "FIFO: output: $(cat out)" [ "$(head -1 out)" = 'Có hai mươi mốt tỉnh.' ]
check "FIFO: lines" lines 2
(printf '%s\n' "$say_text" >fifo) &
run 30 -o fifo.wav fifo
wait
check "FIFO to WAV: exit $rc" exited 0
check "FIFO to WAV: not a WAV" valid_wav fifo.wav
check "FIFO to WAV: $(field fifo.wav seconds) s" awk -v s="$(field fifo.wav seconds)" 'BEGIN { exit !(s > 1) }'

# Input deleted while it is read: POSIX keeps an open file readable, so the run completes.
# The file is removed once output shows the program is inside it, and while it still runs.
awk 'BEGIN { for (i = 0; i < 200000; i++) print "Câu số " i " có 21 tỉnh." }' >in/vanish.txt
timeout -k 5 60 "$VNR" --normalize in/vanish.txt >vanish.out 2>vanish.err &
pid=$!
n=0
while [ $n -lt 200 ] && [ ! -s vanish.out ]; do
  sleep 0.05
  n=$((n + 1))
done
rm -f in/vanish.txt
kill -0 $pid 2>/dev/null
alive=$?
wait $pid
rc=$?
check "vanishing input: the run ended before the file was deleted" [ $alive -eq 0 ]
check "vanishing input: exit $rc: $(cat vanish.err)" exited 0
check "vanishing input: $(wc -l <vanish.out) of 200000 lines" [ "$(wc -l <vanish.out)" -eq 200000 ]

# --- Output faults: a message, exit 1, nothing partial, nothing left behind. -----------------
run 20 -o /dev/full -t "$say_text"
check "/dev/full: exit $rc" exited 1
check "/dev/full: message: $(cat err)" says 'vnreader: /dev/full: write failed: No space left on device'
check "/dev/full is no longer a device" [ -c /dev/full ]
run 20 -o /dev/full --format raw -t "$say_text"
check "/dev/full raw: exit $rc" exited 1
check "/dev/full raw: message: $(cat err)" says 'vnreader: /dev/full: write failed: No space left on device'
timeout -k 5 10 "$VNR" --normalize -t "$say_text" >/dev/full 2>err
rc=$?
check "--normalize to /dev/full: exit $rc" exited 1
check "--normalize to /dev/full: message: $(cat err)" says 'vnreader: stdout: No space left on device'

mkdir out1
run 20 -o out1/nodir/x.wav -t "$say_text"
check "missing folder: exit $rc" exited 1
check "missing folder: message: $(cat err)" says "vnreader: out1/nodir/x.wav: the folder 'out1/nodir' does not exist"
check "missing folder: created something: $(ls -A out1)" only_files out1

run 20 -o /proc/vnr-hostile.wav -t "$say_text"
check "read-only /proc: exit $rc" exited 1
check "read-only /proc: message: $(cat err)" says "vnreader: /proc/vnr-hostile.wav: cannot create a file in '/proc'"
check "read-only /proc: a file appeared" [ ! -e /proc/vnr-hostile.wav ]

# A missing input: the previous output file is untouched, no temporary file.
mkdir out2
echo keep >out2/old.wav
run 20 -o out2/old.wav in/no-such-file.txt
check "missing input: exit $rc" exited 1
check "missing input: message: $(cat err)" says 'vnreader: in/no-such-file.txt: No such file or directory'
check "missing input: previous file changed" [ "$(cat out2/old.wav)" = keep ]
check "missing input: stray files: $(ls -A out2)" only_files out2 old.wav

# SIGINT and SIGTERM while the file is being written (its temporary file exists): exit
# 128+N, the previous file untouched, the temporary file removed.
long_text=$(awk 'BEGIN { for (i = 1; i <= 3000; i++) printf "Câu số %d. ", i }')
for sig in INT TERM; do
  rm -rf out3
  mkdir out3
  echo keep >out3/old.wav
  timeout -k 5 60 "$VNR" -o out3/old.wav -t "$long_text" >out 2>err &
  pid=$!
  n=0
  while [ $n -lt 100 ] && ! has_tmp out3 old.wav; do
    sleep 0.05
    n=$((n + 1))
  done
  check "SIG$sig: no temporary file appeared while writing: $(ls -A out3)" has_tmp out3 old.wav
  kill -s "$sig" $pid
  wait $pid
  rc=$?
  want=130
  [ $sig = TERM ] && want=143
  check "SIG$sig mid-write: exit $rc, want $want" exited $want
  check "SIG$sig mid-write: previous file changed" [ "$(cat out3/old.wav)" = keep ]
  check "SIG$sig mid-write: stray files: $(ls -A out3)" only_files out3 old.wav
  check "SIG$sig mid-write: stderr: $(cat err)" silent_or_vnreader err
done
# Ctrl-C with no previous file: no file at all.
rm -rf out3
mkdir out3
timeout -k 5 60 "$VNR" -o out3/new.wav -t "$long_text" >out 2>err &
pid=$!
sleep 0.5
kill -s INT $pid
wait $pid
rc=$?
check "SIGINT, new file: exit $rc" exited 130
check "SIGINT, new file: stray files: $(ls -A out3)" only_files out3

# SIGPIPE: the reader of stdout goes away; a clean exit 0 and no message (nor a core dump).
pipe_text=$(awk 'BEGIN { for (i = 1; i <= 200; i++) printf "Câu số %d. ", i }')
for fmt in raw wav; do
  rc=$( { timeout -k 5 30 "$VNR" -o - --format $fmt -t "$pipe_text" 2>err; echo $? >rc.txt; } | head -c 1000 | wc -c)
  check "SIGPIPE ($fmt): head got $rc bytes" [ "$rc" -eq 1000 ]
  rc=$(cat rc.txt)
  check "SIGPIPE ($fmt): exit $rc" exited 0
  check "SIGPIPE ($fmt): stderr: $(cat err)" quiet
done
rc=$( { timeout -k 5 30 "$VNR" --normalize in/long10.txt 2>err; echo $? >rc.txt; } | head -c 1000 | wc -c)
rc=$(cat rc.txt)
check "SIGPIPE (--normalize): exit $rc" exited 0
check "SIGPIPE (--normalize): stderr: $(cat err)" quiet

# Two runs writing the same path at once: both finish, the file is one whole WAV (as long as
# one of the two texts read alone), not a mix; no temporary file left.
mkdir out4
text_a=$(awk 'BEGIN { for (i = 1; i <= 6; i++) printf "Câu số %d. ", i }')
text_b=$(awk 'BEGIN { for (i = 1; i <= 14; i++) printf "Dòng thứ %d có 21 tỉnh. ", i }')
timeout -k 5 60 "$VNR" -o out4/same.wav -t "$text_a" 2>err.a &
pa=$!
timeout -k 5 60 "$VNR" -o out4/same.wav -t "$text_b" 2>err.b &
pb=$!
wait $pa
ra=$?
wait $pb
rb=$?
check "concurrent writers: exits $ra and $rb: $(cat err.a err.b)" [ $ra -eq 0 -a $rb -eq 0 ]
check "concurrent writers: stray files: $(ls -A out4)" only_files out4 same.wav
check "concurrent writers: not a WAV" valid_wav out4/same.wav
run 60 -o a.wav -t "$text_a"
run 60 -o b.wav -t "$text_b"
frames=$(field out4/same.wav frames)
check "concurrent writers: $frames frames, want $(field a.wav frames) or $(field b.wav frames)" \
  [ "$frames" = "$(field a.wav frames)" -o "$frames" = "$(field b.wav frames)" ]

# --- Inputs that once crashed a fuzz target (tests/crash/NAME/) replayed. -------------------
# Through the program (text inputs as files, lexicon and voice inputs as data files; any exit
# below 128 is fine, a crash or a hang is not), then through BUILD/replay/fuzz_NAME.
crash_root=$ROOT/tests/crash
for dir in "$crash_root"/*/; do
  [ -d "$dir" ] || continue
  name=$(basename "$dir")
  for f in "$dir"*; do
    [ -f "$f" ] || continue
    case $name in
    lexicon) set -- --lexicon "$f" --normalize -t 'xin chào' ;;
    voice) set -- --voice "$f" --normalize -t 'xin chào' ;;
    *) set -- --normalize "$f" ;;
    esac
    run 30 "$@"
    check "crash input $name/$(basename "$f"): exit $rc" [ "$rc" -lt 124 ]
  done
  if [ -x "$BUILD/replay/fuzz_$name" ]; then
    timeout -k 5 60 "$BUILD/replay/fuzz_$name" "$dir" >out 2>err
    rc=$?
    check "crash inputs $name/ through replay/fuzz_$name: exit $rc: $(tail -3 err)" exited 0
  else
    fail "no $BUILD/replay/fuzz_$name to replay tests/crash/$name/"
  fi
done

echo "hostile_test: $checks checks, $failures failed"
[ "$failures" -eq 0 ]
