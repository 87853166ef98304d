#!/bin/sh
# reliability_test.sh - the rows of issue 15 other than signals (tests/signal_test.sh): outputs
# never clobber inputs or each other; state files refuse links, FIFOs and foreign folders; the
# messages for a jingle that is not audio and a voice file with a byte order mark; sd_vnreader
# echoes no control characters and caps its input lines (tests/sd_hostile.py).
#   sh tests/reliability_test.sh build/vnreader
ROOT=$(pwd)
VNR=${1:-build/vnreader}
case $VNR in /*) ;; *) VNR=$ROOT/$VNR ;; esac
NAME=reliability_test
. "$(dirname "$0")/testlib.sh"
[ -x "$VNR" ] || { echo "$NAME: no $VNR"; exit 1; }
run() {
  secs=$1
  shift
  timeout -k 5 "$secs" "$VNR" "$@" >"$T/out" 2>"$T/err"
  rc=$?
}
says() { grep -qF -- "$1" "$T/err"; }
cd "$T" || exit 1

# --- Outputs never clobber inputs or each other (device and inode, before any work). ---------
printf 'Văn bản gốc.\n' >in.txt
cp in.txt in.bak
ln -s in.txt link.txt
ln in.txt hard.txt
echo keep >y.wav
cp y.wav y.bak
clobber() { # WHAT EXPECTED-TEXT ARGS...
  what=$1
  want=$2
  shift 2
  run 20 -q "$@"
  check "$what: exit $rc, not 2 (usage)" [ $rc -eq 2 ]
  check "$what: the input was changed" cmp -s in.txt in.bak
  check "$what: the other output was changed" cmp -s y.wav y.bak
  check "$what: message does not name both: $(cat err)" says "$want"
  cp in.bak in.txt # the next case starts from the text (old code replaced it)
  cp y.bak y.wav
}
clobber "-o INPUT" "-o in.txt is the input in.txt" -o in.txt --format wav in.txt
clobber "-o through a link" "-o link.txt is the input in.txt" -o link.txt --format wav in.txt
clobber "-o on a hard link" "-o hard.txt is the input in.txt" -o hard.txt --format wav in.txt
clobber "--captions INPUT" "--captions in.txt is the input in.txt" -o z.wav --captions in.txt in.txt
cp in.txt in.srt
clobber "--captions on an input named .srt" "--captions in.srt is the input in.srt" -o z.wav --captions in.srt in.srt
check "--captions on an input named .srt: it was changed" cmp -s in.srt in.bak
clobber "--captions on -o" "-o out.srt and --captions ./out.srt" -o out.srt --format wav --captions ./out.srt in.txt
clobber "--transcript INPUT" "--transcript in.txt is the input in.txt" -o z.wav --transcript in.txt in.txt
clobber "--transcript on -o" "-o y.wav and --transcript y.wav" -o y.wav --transcript y.wav in.txt
clobber "--captions on -o" "-o y.wav and --captions ./y.wav" -o y.wav --captions ./y.wav in.txt
clobber "-o twice, not yet made" "-o new.wav and -o ./new.wav" -o new.wav -o ./new.wav in.txt
check "-o twice: a file was made" [ ! -e new.wav ]
cp in.txt lex.tsv
clobber "-o on --lexicon" "-o lex.tsv is the --lexicon lex.tsv" --lexicon lex.tsv -o lex.tsv --format wav in.txt
run 20 -q -o ok.wav --captions ok.srt --transcript ok.txt in.txt
check "distinct outputs: exit $rc: $(cat err)" [ $rc -eq 0 ]

# --- State files: the interactive position. ---------------------------------------------------
# The first run reads a while and is stopped: its position file names the others' targets.
sentences() { awk -v n="$1" 'BEGIN { for (i = 1; i <= n; i++) printf "Câu số %d của bản tin.\n", i }'; }
sentences 400 >book.txt
export XDG_STATE_HOME="$T/state"
listen() { # SECONDS: vnreader -i on the null device, stopped by Ctrl-C after SECONDS
  timeout -k 5 20 "$VNR" -i book.txt --device null </dev/null >"$T/out" 2>"$T/err" &
  lp=$!
  sleep "$1"
  kill -INT $lp 2>/dev/null
  wait $lp
  rc=$?
}
listen 1
pos=$(ls "$T/state/vnreader/"*.pos 2>/dev/null | head -1)
check "no position file saved after Ctrl-C: $(cat err)" [ -n "$pos" ]
check "state folder is not mode 0700: $(stat -c %a state/vnreader)" [ "$(stat -c %a state/vnreader)" = 700 ]
if [ -n "$pos" ]; then
  # A link at the old predictable temporary name, and one at the position file itself.
  echo victim >victim
  ln -s "$T/victim" "$pos.tmp"
  listen 1
  check "a link at $pos.tmp: the victim was written" [ "$(cat victim)" = victim ]
  rm -f "$pos.tmp"
  rm -f "$pos"
  ln -s "$T/victim" "$pos"
  listen 1
  check "a link as the position file: the victim was written" [ "$(cat victim)" = victim ]
  check "a link as the position file: no message naming it: $(cat err)" says "$(basename "$pos")"
  # A FIFO: refused at once with a message, the reading goes on (no hang before sentence 1).
  rm -f "$pos" "$pos".??????
  mkfifo "$pos"
  listen 1.5
  check "a FIFO as the position file: exit $rc (124: hung)" [ $rc -eq 130 ]
  check "a FIFO as the position file: no message naming it: $(cat err)" says "$(basename "$pos")"
  check "a FIFO as the position file: nothing read" [ -s out ]
  rm -f "$pos"
fi
# A state folder of another user: refused with a message (root can make one, others cannot).
if [ "$(id -u)" = 0 ]; then
  chown 65534 state/vnreader
  listen 1
  check "a foreign state folder: no message naming it: $(cat err)" says "state/vnreader"
  check "a foreign state folder: a file was written in it" [ -z "$(ls -A state/vnreader)" ]
else
  echo "SKIP: a state folder of another user needs root to make"
  [ "${CI:-}" = true ] && fail "skipped under CI"
fi
unset XDG_STATE_HOME

# --- Messages. --------------------------------------------------------------------------------
echo "not audio at all" >jingle.wav
printf 'Xin chào.\n' >item.txt
printf 'intro = jingle.wav\nitem = item.txt\n' >bulletin.txt
run 20 -q --bulletin bulletin.txt -o b.wav
check "a jingle that is not audio: exit $rc" [ $rc -eq 1 ]
check "a jingle that is not audio: a stale errno: $(cat err)" sh -c "! grep -q 'No such file' '$T/err'"
check "a jingle that is not audio: not libsndfile's text: $(cat err)" says "jingle.wav: not an audio file"
# A byte order mark before the first key: the key is read, no invisible name in a warning.
printf '\357\273\277rate = 250\nname = bom\n' >bom.voice
run 20 --voice ./bom.voice -o v.wav -t "Xin chào."
check "a voice file with a BOM: exit $rc: $(cat err)" [ $rc -eq 0 ]
check "a voice file with a BOM: a warning: $(cat err)" [ ! -s err ]
printf '\357\273\277bogus = 1\n' >bom2.voice
run 20 --voice ./bom2.voice -o v.wav -t "Xin chào."
check "a voice file with a BOM: the bad key not named plainly: $(cat err)" says "unknown key 'bogus'"
printf '\357\273\277UBND\tủy ban nhân dân\n' >bom.tsv
run 20 --lexicon bom.tsv --normalize -t "UBND họp."
check "a lexicon with a BOM: first entry ignored: $(cat out)" grep -q "ủy ban nhân dân" out

# --- sd_vnreader: no forged protocol lines, bounded lines. ------------------------------------
out=$(python3 "$ROOT/tests/sd_hostile.py" "$(dirname "$VNR")/sd_vnreader" 2>&1)
check "$out" [ $? -eq 0 ]

echo "$NAME: $checks checks, $failures failed"
[ $failures -eq 0 ]
