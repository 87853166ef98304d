#!/bin/sh
# broadcast_test.sh - issue 14, items 1-3, from the outside: exact loudness and true peak as
# ffmpeg's ebur128 filter (and libebur128, build/loudness) measure them, also under heavy
# limiting; Ctrl-C during the loudness/writing pass; the pass progress on a terminal only; a
# 48 kHz jingle kept at 48 kHz; TPDF dither in 16-bit silence; the coding history.
#   sh tests/broadcast_test.sh build/vnreader
VNR=${1:-build/vnreader}
LOUD=$(dirname "$VNR")/loudness
NAME=broadcast_test
. "$(dirname "$0")/testlib.sh"

[ -x "$VNR" ] || { echo "$NAME: no $VNR"; exit 1; }
[ -x "$LOUD" ] || { echo "$NAME: no $LOUD (make $LOUD)"; exit 1; }
for tool in ffmpeg sox script; do
  command -v $tool >/dev/null || { fail "$tool is not installed (make test-deps)"; exit 1; }
done

# ffmpeg FILE -> "I TP": integrated loudness and true peak as ffmpeg's ebur128 filter says.
ff() {
  ffmpeg -nostats -hide_banner -i "$1" -af ebur128=peak=true -f null - 2>&1 |
    awk '/Integrated loudness/{f=1} f&&/I:/{i=$2} /True peak/{p=1} p&&/Peak:/{tp=$2} END{print i, tp}'
}
get() { "$LOUD" "$1" 2>/dev/null | sed -n "s/^$2=//p"; }
at_most() { awk -v x="$1" -v hi="$2" 'BEGIN { exit !(x != "" && x + 0 <= hi + 0) }'; }

cat samples/*.txt >"$T/in.txt" 2>/dev/null || cp tests/bench/fallback.txt "$T/in.txt"

# --- 1. Exact loudness, true peak under the ceiling (ffmpeg), plain and heavily limited. -------
# target ceiling options... : the web preset and -12 LUFS need the limiter (speech peaks some
# 19 dB over its loudness), broadcast does not.
for spec in "b.wav -23 -1 --preset broadcast" "w.mp3 -16 -1 --preset web" \
  "l.wav -12 -1 --loudness -12 --true-peak -1 --sample-rate 44100" \
  "f.flac -18 -2 --loudness -18 --true-peak -2 --sample-rate 48000"; do
  set -- $spec
  f=$T/$1 want=$2 ceiling=$3
  shift 3
  "$VNR" -q "$@" -o "$f" "$T/in.txt" 2>"$T/err"
  check "$f: exit $? ($(cat "$T/err"))" [ -s "$f" ]
  read -r i tp <<EOF
$(ff "$f")
EOF
  check "$* : ffmpeg integrated $i LUFS, want $want +-0.1" near "$i" "$want" 0.1
  check "$* : ffmpeg true peak $tp dBTP, ceiling $ceiling" at_most "$tp" "$ceiling"
  check "$* : libebur128 integrated $(get "$f" integrated), want $want +-0.1" \
    near "$(get "$f" integrated)" "$want" 0.1
done

# --- The web preset's two encoders: a program over 20 s is encoded in two halves on two cores
# and joined in a pause (src/audio/mp3.h). Decoded, it must be the same program as a WAV made
# with the same gain and ceiling (-1.5 dBTP less the lossy margin = -1.6, as the MP3's), sample
# for sample: a half a frame early or late would be a 0 dB error in every window after the join.
head -n 6 "$T/in.txt" >"$T/mid.txt"
"$VNR" -q --preset web -o "$T/j.mp3" "$T/mid.txt" &&
  "$VNR" -q --sample-rate 44100 --loudness -16 --true-peak -1.5 -o "$T/j.wav" "$T/mid.txt" &&
  ffmpeg -v error -y -i "$T/j.mp3" -f s16le -ac 1 "$T/j.mp3.raw" &&
  ffmpeg -v error -y -i "$T/j.wav" -f s16le -ac 1 "$T/j.wav.raw"
check "join: the files could not be made or decoded" [ -s "$T/j.mp3.raw" ] && [ -s "$T/j.wav.raw" ]
worst=$(python3 - "$T/j.mp3.raw" "$T/j.wav.raw" <<'EOF'
import array, math, sys
a, b = (array.array("h", open(p, "rb").read()) for p in sys.argv[1:3])
if len(a) != len(b) or len(a) < 44100 * 20:
    print("lengths %d %d" % (len(a), len(b)))
    sys.exit()
worst, w = -999.0, 44100 * 2
for i in range(0, len(a) - w, w):
    e = sum((a[j] - b[j]) ** 2 for j in range(i, i + w))
    s = sum(b[j] ** 2 for j in range(i, i + w))
    if s > w * 100:  # not a window of silence
        worst = max(worst, 10 * math.log10(max(e, 1) / s))
print("%.1f" % worst)
EOF
)
check "join: the decoded MP3 against the WAV, worst 2 s window $worst dB, want < -15" \
  awk -v x="$worst" 'BEGIN { exit !(x ~ /^-?[0-9.]+$/ && x < -15) }'

# --- Ctrl-C in the writing pass: stops at once, nothing renamed into place, nothing left. ------
for i in 1 2 3 4 5 6; do cat "$T/in.txt"; done >"$T/long.txt"
mkdir "$T/stop"
"$VNR" -q --preset broadcast -o "$T/stop/x.wav" "$T/long.txt" 2>"$T/err" &
pid=$!
# The temporary output grows only in the final pass (during synthesis it holds the header).
n=0
while [ $n -lt 600 ]; do
  size=$(find "$T/stop" -name '.x.wav.*' -size +2000k 2>/dev/null | head -n 1)
  [ -n "$size" ] && break
  kill -0 $pid 2>/dev/null || break
  sleep 0.1
  n=$((n + 1))
done
check "stop: the writing pass was never seen (the test needs a longer input)" [ -n "$size" ]
t0=$(date +%s.%N)
kill -INT $pid
wait $pid
rc=$?
t1=$(date +%s.%N)
check "stop: exit $rc, want 130" [ $rc -eq 130 ]
check "stop: took $(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }') s after Ctrl-C" \
  awk -v a="$t0" -v b="$t1" 'BEGIN { exit !(b - a < 1.0) }'
check "stop: left $(ls -A "$T/stop" | tr '\n' ' ')" [ -z "$(ls -A "$T/stop")" ]

# --- 2. Progress of every pass, on a terminal only. ---------------------------------------------
head -n 4 "$T/in.txt" >"$T/short.txt"
script -qc "'$VNR' --preset web -o '$T/p.mp3' '$T/short.txt'" /dev/null >"$T/tty" 2>&1
tr '\r' '\n' <"$T/tty" >"$T/lines"
for pass in synthesis loudness encoding; do
  check "progress: no '$pass' line in $(grep -c . "$T/lines") lines: $(head -c 240 "$T/lines" | tr '\n' '|')" \
    grep -q "^\[[#.]*\] *[0-9]*%  $pass" "$T/lines"
done
script -qc "'$VNR' --preset broadcast -o '$T/p.wav' '$T/short.txt'" /dev/null >"$T/tty" 2>&1
check "progress: broadcast has a 'writing' line" sh -c "tr '\r' '\n' <'$T/tty' | grep -q '%  writing'"
"$VNR" --preset web -o "$T/p.mp3" "$T/short.txt" 2>"$T/err"
check "progress: printed when stderr is not a terminal: $(head -c 80 "$T/err")" [ ! -s "$T/err" ]

# --- 3. A 48 kHz jingle with a 15 kHz tone, in a 48 kHz bulletin: the tone is kept. -------------
mkdir "$T/bul"
sox -n -r 48000 -c 1 "$T/bul/hf.wav" synth 2 sine 15000 vol 0.5
printf 'Bản tin thử nghiệm buổi sáng.\n' >"$T/bul/a.txt"
printf 'intro = hf.wav\nitem = a.txt\n' >"$T/bul/b.bulletin"
"$VNR" -q --bulletin "$T/bul/b.bulletin" --preset broadcast -o "$T/bul/out.wav" 2>"$T/err"
check "bulletin: exit $? ($(cat "$T/err"))" [ -s "$T/bul/out.wav" ]
hf=$(sox "$T/bul/out.wav" -n trim 0 1.5 sinc 13000 stat 2>&1 | awk '/RMS +amplitude/{print $3}')
check "bulletin: RMS above 13 kHz in the jingle $hf, want > 0.01" awk -v h="${hf:-0}" 'BEGIN{exit !(h > 0.01)}'
# The speech after it is unchanged in time: the file lasts the jingle, the gap and the speech.
"$VNR" -q --bulletin "$T/bul/b.bulletin" -o "$T/bul/plain.wav" 2>"$T/err"
check "bulletin: 48 kHz lasts $(get "$T/bul/out.wav" frames) frames, 22.05 kHz $(get "$T/bul/plain.wav" frames)" \
  near "$(get "$T/bul/out.wav" frames)" "$(awk -v n="$(get "$T/bul/plain.wav" frames)" 'BEGIN { print n * 48000 / 22050 }')" 3

# --- 3. TPDF dither: 16-bit silence is +-1 step of noise, not exact zeros; 24-bit is not. -------
printf 'gap = 2\nitem = a.txt\nitem = a.txt\n' >"$T/bul/gap.bulletin"
"$VNR" -q --bulletin "$T/bul/gap.bulletin" --sample-rate 44100 --loudness -23 -o "$T/bul/d16.wav"
"$VNR" -q --bulletin "$T/bul/gap.bulletin" --sample-rate 44100 --bits 24 --loudness -23 -o "$T/bul/d24.wav"
# The middle of the 2 s gap: after the first item (its length from a single-item file).
printf 'item = a.txt\n' >"$T/bul/one.bulletin"
"$VNR" -q --bulletin "$T/bul/one.bulletin" --sample-rate 44100 -o "$T/bul/one.wav"
mid=$(awk -v n="$(get "$T/bul/one.wav" frames)" 'BEGIN { printf "%.3f", n / 44100 + 0.6 }')
st16=$(sox "$T/bul/d16.wav" -n trim "$mid" 0.8 stat 2>&1)
rms=$(echo "$st16" | awk '/RMS +amplitude/{print $3 * 32768}')
max=$(echo "$st16" | awk '/Maximum amplitude/{print $3 * 32768}')
check "dither: 16-bit silence RMS $rms steps, want 0.3..0.7 (TPDF, +-1 step)" between "$rms" 0.3 0.7
check "dither: 16-bit silence peak $max steps, want 1" between "$max" 0.9 1.1
rms24=$(sox "$T/bul/d24.wav" -n trim "$mid" 0.8 stat 2>&1 | awk '/RMS +amplitude/{print $3 * 32768}')
check "dither: 24-bit silence RMS $rms24 (in 16-bit steps), want < 0.01" between "$rms24" 0 0.01

# --- 3. Coding history: the synthesis, then the file; no line twice. ----------------------------
h=$("$LOUD" --bext "$T/b.wav" | sed -n 's/^coding_history=//p' | tr '|' '\n' | grep .)
check "history: first line '$(echo "$h" | head -n 1)'" \
  sh -c "echo '$(echo "$h" | head -n 1)' | grep -q '^A=PCM,F=22050,W=16,M=mono,T=vnreader'"
check "history: last line '$(echo "$h" | tail -n 1)'" \
  sh -c "echo '$(echo "$h" | tail -n 1)' | grep -q '^A=PCM,F=48000,W=24,M=mono,'"
check "history: a step twice: $(echo "$h" | cut -d, -f1-4 | sort | uniq -d)" \
  [ -z "$(echo "$h" | cut -d, -f1-4 | sort | uniq -d)" ]

echo "$NAME: $checks checks, $failures failed"
[ "$failures" -eq 0 ]
