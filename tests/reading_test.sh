#!/bin/sh
# reading_test.sh - the reading options from the command line: --sentence-gap measured in the
# audio (build/sfinfo), --punctuation / --spell / --capitals through --normalize and speech,
# and their usage errors.
#   sh tests/reading_test.sh build/vnreader
VNR=${1:-build/vnreader}
SFINFO=$(dirname "$VNR")/sfinfo
NAME=reading_test
. "$(dirname "$0")/testlib.sh"
seconds() { "$SFINFO" "$1" 2>/dev/null | tr ' ' '\n' | sed -n 's/^seconds=//p'; }

[ -x "$VNR" ] && [ -x "$SFINFO" ] || { echo "reading_test: no $VNR or $SFINFO"; exit 1; }

# --- --sentence-gap: three sentences, two gaps. 0 ms against 2000 ms: 4 s longer. -------------
text="Hôm nay trời đẹp. Chúng tôi đi chơi. Buổi chiều về nhà."
"$VNR" --sentence-gap 0 -o "$T/g0.wav" -t "$text" 2>"$T/err"
rc=$?
check "--sentence-gap 0: exit $rc: $(cat "$T/err")" [ $rc -eq 0 ]
"$VNR" --sentence-gap 2000 -o "$T/g2000.wav" -t "$text" 2>"$T/err"
rc=$?
check "--sentence-gap 2000: exit $rc: $(cat "$T/err")" [ $rc -eq 0 ]
"$VNR" -o "$T/gdefault.wav" -t "$text" 2>"$T/err"
short=$(seconds "$T/g0.wav")
long=$(seconds "$T/g2000.wav")
default=$(seconds "$T/gdefault.wav")
diff=$(awk -v a="$long" -v b="$short" 'BEGIN { print a - b }')
check "--sentence-gap: 2000 ms lasts $long s, 0 ms $short s: +$diff s, want 4" between "$diff" 3.9 4.1
check "--sentence-gap: the default ($default s) lies between" between "$default" "$short" "$long"

# --- --punctuation, --spell, --capitals reach --normalize. ------------------------------------
out=$("$VNR" --normalize --punctuation some -t "Thật không?")
check "--punctuation some: '$out'" [ "$out" = "Thật không chấm hỏi?" ]
out=$("$VNR" --normalize --punctuation all -t "Ừ, được.")
check "--punctuation all: '$out'" [ "$out" = "Ừ phẩy, được chấm." ]
out=$("$VNR" --normalize --punctuation none -t "Ừ, được.")
check "--punctuation none: '$out'" [ "$out" = "Ừ, được." ]
out=$("$VNR" --normalize --spell -t "Bộ 5")
check "--spell: '$out'" [ "$out" = "bê ô nặng, năm" ]
out=$("$VNR" --normalize --spell --capitals -t "Bộ")
check "--spell --capitals: '$out'" [ "$out" = "hoa bê ô nặng" ]
printf 'Một?\n\nHai!\n' | "$VNR" --normalize --punctuation some >"$T/lines"
check "--punctuation keeps the lines: $(wc -l <"$T/lines")" [ "$(wc -l <"$T/lines")" -eq 3 ]

# --- ... and speech: spelled text is longer than read text; capitals still speak. -------------
"$VNR" -o "$T/read.wav" -t "Hà Nội" 2>"$T/err"
"$VNR" --spell -o "$T/spell.wav" -t "Hà Nội" 2>"$T/err"
rc=$?
check "--spell: exit $rc: $(cat "$T/err")" [ $rc -eq 0 ]
check "--spell: $(seconds "$T/spell.wav") s, read $(seconds "$T/read.wav") s" \
  awk -v s="$(seconds "$T/spell.wav")" -v r="$(seconds "$T/read.wav")" 'BEGIN { exit !(s > 2 * r) }'
"$VNR" --capitals -o "$T/caps.wav" -t "Ông Nam ở Hà Nội." 2>"$T/err"
rc=$?
check "--capitals: exit $rc: $(cat "$T/err")" [ $rc -eq 0 ]
check "--capitals: lasts $(seconds "$T/caps.wav") s" between "$(seconds "$T/caps.wav")" 0.8 5
"$VNR" --punctuation all -o "$T/punct.wav" -t "Ừ, được." 2>"$T/err"
check "--punctuation all: $(seconds "$T/punct.wav") s" between "$(seconds "$T/punct.wav")" 0.8 5

# --- Usage errors: exit 2 and a message. ---------------------------------------------------------
for args in "--punctuation most" "--punctuation" "--sentence-gap -1" "--sentence-gap x" \
  "--sentence-gap 70000" "--spell=yes"; do
  # shellcheck disable=SC2086
  "$VNR" --normalize -t "a" $args >/dev/null 2>"$T/err"
  rc=$?
  check "'$args': exit $rc, want 2" [ $rc -eq 2 ]
  check "'$args': message '$(cat "$T/err")'" grep -q "^vnreader: " "$T/err"
done

# --- --earcons reach a file as they reach the device: two paragraphs, two ticks, the end sound. -
# Without pauses (--sentence-gap 0) the file is longer by 2 ticks (30-60 ms of sound and a short
# silence, at most 150 ms each) and the end sound (about 250 ms and a short silence, at most
# 450 ms). The file starts with a tick and ends with the end sound, both at -20 dBFS (sox: peak
# 0.089-0.112); the voice peaks far higher.
peak() { sox "$1" -n trim "$2" "$3" stat 2>&1 | sed -n 's/^Maximum amplitude: *//p'; }
two="Một hai ba.

Bốn năm sáu."
"$VNR" --sentence-gap 0 -o "$T/e0.wav" -t "$two" 2>"$T/err"
"$VNR" --sentence-gap 0 --earcons -o "$T/e1.wav" -t "$two" 2>"$T/err"
rc=$?
check "--earcons: exit $rc: $(cat "$T/err")" [ $rc -eq 0 ]
diff=$(awk -v a="$(seconds "$T/e1.wav")" -v b="$(seconds "$T/e0.wav")" 'BEGIN { print a - b }')
check "--earcons: the file is $diff s longer, want 2 ticks + the end sound (0.36-0.75 s)" \
  between "$diff" 0.36 0.75
check "--earcons: the first 0.1 s peaks at $(peak "$T/e1.wav" 0 0.1), want a tick at -20 dBFS" \
  between "$(peak "$T/e1.wav" 0 0.1)" 0.089 0.112
check "--earcons: the last 0.35 s peak at $(peak "$T/e1.wav" -0.35 0.35), want the end sound" \
  between "$(peak "$T/e1.wav" -0.35 0.35)" 0.089 0.112
check "without --earcons the last 0.35 s are quiet too ($(peak "$T/e0.wav" -0.35 0.35)): no voice?" \
  between "$(peak "$T/e0.wav" -0.35 0.35)" 0.2 1

if [ $failures -ne 0 ]; then
  echo "reading_test: $failures of $checks checks failed"
  exit 1
fi
echo "reading_test: $checks checks passed"
