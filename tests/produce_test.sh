#!/bin/sh
# produce_test.sh - produced files from the outside: presets, sample rates, bit depths, Opus,
# loudness and true peak measured here with libebur128 (build/loudness, not the library's own
# meter), and the Broadcast WAV "bext" chunk parsed from the file's bytes.
#   sh tests/produce_test.sh build/vnreader
VNR=${1:-build/vnreader}
LOUD=$(dirname "$VNR")/loudness
NAME=produce_test
. "$(dirname "$0")/testlib.sh"
# get FILE KEY: one value of `loudness FILE`; bext FILE KEY: one field of the bext chunk.
get() { "$LOUD" "$1" 2>/dev/null | sed -n "s/^$2=//p"; }
bext() { "$LOUD" --bext "$1" 2>/dev/null | sed -n "s/^$2=//p"; }
near() { awk -v x="$1" -v want="$2" -v tol="$3" 'BEGIN { d = x - want; exit !(x != "" && x != "-inf" && d <= tol && d >= -tol) }'; }
at_most() { awk -v x="$1" -v hi="$2" 'BEGIN { exit !(x != "" && (x == "-inf" || x + 0 <= hi + 0)) }'; }

[ -x "$VNR" ] || { echo "produce_test: no $VNR"; exit 1; }
[ -x "$LOUD" ] || { echo "produce_test: no $LOUD (make $LOUD)"; exit 1; }

printf 'Ngày 23/6, tại Hà Nội, hội nghị có 21 tỉnh tham dự.\nĐồng chí Mai phát biểu kết luận hội nghị lúc 18h30.\n' >"$T/in.txt"

# --- Broadcast: 48 kHz 24-bit Broadcast WAV at -23 LUFS, -1 dBTP (EBU R128). ------------------
b=$T/tin.wav
"$VNR" --preset broadcast --title "Bản tin thời sự Đà Nẵng" --originator "Đài PT-TH" -o "$b" \
  "$T/in.txt" 2>"$T/err"
rc=$?
check "broadcast: exit $rc ($(cat "$T/err"))" [ -s "$b" ]
check "broadcast: rate $(get "$b" rate)" [ "$(get "$b" rate)" = 48000 ]
check "broadcast: bits $(get "$b" bits)" [ "$(get "$b" bits)" = 24 ]
check "broadcast: channels $(get "$b" channels)" [ "$(get "$b" channels)" = 1 ]
check "broadcast: integrated $(get "$b" integrated) LUFS, want -23 +-0.5" near "$(get "$b" integrated)" -23 0.5
check "broadcast: true peak $(get "$b" true_peak) dBTP > -1" at_most "$(get "$b" true_peak)" -1
check "broadcast: lasts $(get "$b" frames) frames" [ "$(get "$b" frames)" -gt 48000 ]

# The bext chunk, from the bytes.
check "bext: no chunk" sh -c "'$LOUD' --bext '$b' >/dev/null"
check "bext: description '$(bext "$b" description)'" [ "$(bext "$b" description)" = "Ban tin thoi su Da Nang" ]
check "bext: a field is not printable ASCII" sh -c "! '$LOUD' --bext '$b' | LC_ALL=C grep -q '[^ -~]'"
check "bext: originator '$(bext "$b" originator)'" [ "$(bext "$b" originator)" = "Dai PT-TH" ]
check "bext: date '$(bext "$b" date)'" sh -c "echo '$(bext "$b" date)' | grep -qx '[0-9]\{4\}-[01][0-9]-[0-3][0-9]'"
check "bext: time '$(bext "$b" time)'" sh -c "echo '$(bext "$b" time)' | grep -qx '[0-2][0-9]:[0-5][0-9]:[0-5][0-9]'"
check "bext: version $(bext "$b" version)" [ "$(bext "$b" version)" = 2 ]
# The synthesis (eSpeak NG's 22 050 Hz 16-bit), then the file libsndfile wrote (issue 14).
check "bext: coding history '$(bext "$b" coding_history)'" \
  sh -c "echo '$(bext "$b" coding_history)' | grep -q '^A=PCM,F=22050,W=16,M=mono,T=vnreader.*||A=PCM,F=48000,W=24,M=mono,'"
# The loudness fields are the final file's, as measured here (x100, within rounding and the
# 24-bit quantization): not the target copied in.
lv=$(bext "$b" loudness_value)
check "bext: loudness_value $lv, measured $(get "$b" integrated)" \
  near "$(awk -v v="$lv" 'BEGIN { print v / 100 }')" "$(get "$b" integrated)" 0.05
tp=$(bext "$b" max_true_peak_level)
check "bext: max_true_peak_level $tp, measured $(get "$b" true_peak)" \
  near "$(awk -v v="$tp" 'BEGIN { print v / 100 }')" "$(get "$b" true_peak)" 0.1
lr=$(bext "$b" loudness_range)
check "bext: loudness_range $lr, measured $(get "$b" range)" \
  near "$(awk -v v="$lr" 'BEGIN { print v / 100 }')" "$(get "$b" range)" 0.2
for k in max_momentary_loudness:momentary_max max_short_term_loudness:short_term_max; do
  v=$(bext "$b" "${k%%:*}")
  check "bext: ${k%%:*} $v, measured $(get "$b" "${k#*:}")" \
    near "$(awk -v v="$v" 'BEGIN { print v / 100 }')" "$(get "$b" "${k#*:}")" 0.5
done

# --- Web: MP3 44.1 kHz at -16 LUFS, -1 dBTP, measured on the decoded MP3. ---------------------
w=$T/tin.mp3
"$VNR" --preset web -o "$w" "$T/in.txt" 2>"$T/err"
check "web: exit ($(cat "$T/err"))" [ -s "$w" ]
check "web: rate $(get "$w" rate)" [ "$(get "$w" rate)" = 44100 ]
check "web: integrated $(get "$w" integrated) LUFS, want -16 +-0.5" near "$(get "$w" integrated)" -16 0.5
check "web: true peak $(get "$w" true_peak) dBTP > -1" at_most "$(get "$w" true_peak)" -1
"$VNR" --preset web -o "$T/noext" "$T/in.txt" 2>"$T/err"
check "web: a name without extension is MP3 ($(cat "$T/err"))" \
  sh -c "'$(dirname "$VNR")/sfinfo' '$T/noext' | grep -q 'format=mp3'"

# --- Options after a preset override it; before it, the preset wins. -------------------------
o=$T/over.wav
"$VNR" --preset broadcast --loudness -20 --bits 16 -o "$o" "$T/in.txt" 2>"$T/err"
check "override: bits $(get "$o" bits)" [ "$(get "$o" bits)" = 16 ]
check "override: rate $(get "$o" rate)" [ "$(get "$o" rate)" = 48000 ]
check "override: integrated $(get "$o" integrated), want -20" near "$(get "$o" integrated)" -20 0.5
"$VNR" --bits 16 --loudness -20 --preset broadcast -o "$o" "$T/in.txt" 2>"$T/err"
check "preset last: bits $(get "$o" bits)" [ "$(get "$o" bits)" = 24 ]
check "preset last: integrated $(get "$o" integrated), want -23" near "$(get "$o" integrated)" -23 0.5

# --- Rates, depths, Opus. --------------------------------------------------------------------
for combo in "wav 44100 16" "wav 48000 24" "wav 44100 24" "flac 48000 24" "flac 44100 16"; do
  set -- $combo
  f=$T/c-$2-$3.$1
  "$VNR" --sample-rate "$2" --bits "$3" -o "$f" "$T/in.txt" 2>"$T/err"
  check "$combo: rate $(get "$f" rate) ($(cat "$T/err"))" [ "$(get "$f" rate)" = "$2" ]
  check "$combo: bits $(get "$f" bits)" [ "$(get "$f" bits)" = "$3" ]
  check "$combo: channels $(get "$f" channels)" [ "$(get "$f" channels)" = 1 ]
  # Same duration as the 22 050 Hz original, to the frame (resampling keeps time).
  check "$combo: $(get "$f" frames) frames" \
    near "$(get "$f" frames)" "$(awk -v r="$2" -v n="$(get "$b" frames)" 'BEGIN { print n * r / 48000 }')" 2
done
"$VNR" -o "$T/a.opus" "$T/in.txt" 2>"$T/err"
check "opus: rate $(get "$T/a.opus" rate) ($(cat "$T/err"))" [ "$(get "$T/a.opus" rate)" = 48000 ]
check "opus: lasts $(get "$T/a.opus" frames) frames" near "$(get "$T/a.opus" frames)" "$(get "$b" frames)" 2
"$VNR" --true-peak -3 -o "$T/tp.wav" "$T/in.txt" 2>"$T/err"
check "--true-peak -3 alone: $(get "$T/tp.wav" true_peak) dBTP" at_most "$(get "$T/tp.wav" true_peak)" -3

# --- Bad combinations: a clear message, and no file. -----------------------------------------
mkdir "$T/bad"
"$VNR" --sample-rate 44100 -o "$T/bad/x.opus" "$T/in.txt" 2>"$T/err"
rc=$?
check "opus at 44100: exit $rc" [ "$rc" -ne 0 ]
check "opus at 44100: message '$(cat "$T/err")'" grep -q '^vnreader: .*Opus.*48000.*44100' "$T/err"
"$VNR" --bits 24 -o "$T/bad/x.mp3" "$T/in.txt" 2>"$T/err"
check "24-bit mp3: message '$(cat "$T/err")'" grep -q '^vnreader: .*24-bit' "$T/err"
"$VNR" --preset web -o "$T/bad/x.wav" "$T/in.txt" 2>"$T/err"
rc=$?
check "web preset into .wav: exit $rc '$(cat "$T/err")'" grep -q '^vnreader: .*preset makes mp3' "$T/err"
"$VNR" --bits 20 -o "$T/bad/x.wav" "$T/in.txt" 2>"$T/err"
check "--bits 20: usage error" grep -q '^vnreader: --bits' "$T/err"
"$VNR" --preset radio -o "$T/bad/x.wav" "$T/in.txt" 2>"$T/err"
check "--preset radio: usage error" grep -q '^vnreader: --preset' "$T/err"
check "bad combinations left files: $(ls -A "$T/bad")" [ -z "$(ls -A "$T/bad")" ]

echo "produce_test: $checks checks, $failures failed"
[ "$failures" -eq 0 ]
