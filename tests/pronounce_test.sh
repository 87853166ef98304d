#!/bin/sh
# pronounce_test.sh - the pronunciation layer from the command line (issue 11): --phonemes and
# --ipa (one line per input line, --voice honoured), a user's "[[" never said as phonemes, the
# stress of every word the same with and without the layer, a bad table named with its line,
# and the syllable audit (tests/audit/audit.py --quick) under the issue's limits.
#   sh tests/pronounce_test.sh build/vnreader
VNR=${1:-build/vnreader}
NAME=pronounce_test
. "$(dirname "$0")/testlib.sh"
ROOT=$(cd "$(dirname "$0")/.." && pwd)
[ -x "$VNR" ] || { echo "pronounce_test: no $VNR"; exit 1; }

# --- --phonemes / --ipa: one output line per input line. --------------------------------------
printf 'Quốc hội họp.\n\nCứu hộ, giúp đỡ.\n' >"$T/three.txt"
for v in north central south; do
  "$VNR" --phonemes --voice "$v" "$T/three.txt" >"$T/ph" 2>"$T/err"
  check "--phonemes --voice $v: exit $?: $(cat "$T/err")" [ $? -eq 0 ]
  check "--phonemes --voice $v: $(wc -l <"$T/ph") lines for 3" [ "$(wc -l <"$T/ph")" -eq 3 ]
  check "--phonemes --voice $v: the second line is empty" [ -z "$(sed -n 2p "$T/ph")" ]
done
out=$("$VNR" --phonemes -t "Quốc hội")
check "--phonemes: quốc is kw + ô: '$out'" [ "$out" = "kw'o#3k_| h'o6j_|" ]
out=$("$VNR" --ipa -t "Quốc hội")
check "--ipa: '$out'" [ "$out" = "kwˈoɜk hˈo6j" ]
south=$("$VNR" --phonemes --voice south -t "trong")
north=$("$VNR" --phonemes --voice north -t "trong")
check "--voice south: tr is not ch: '$south'" [ "$south" = "cr'O#7N_|" ]
check "--voice north: tr is ch: '$north'" [ "$north" = "tS'O#7N_|" ]

# --- Written phonemes are text: spoken as the characters, never as "quốc". ------------------
out=$("$VNR" --phonemes -t "Chữ [[kw'o#3k]] đây")
case $out in *"kw'o#3k"* | *"o#3"*) fail "[[kw'o#3k]] said as phonemes: '$out'" ;; esac
checks=$((checks + 1))

# --- Stress and intonation: every word keeps eSpeak NG's stress, the same number of words. ----
for v in north central south; do
  sed 's/^pronunciation = .*/pronunciation = none/' "$ROOT/voices/$v.voice" >"$T/plain-$v.voice"
  cat "$ROOT"/samples/*.txt | "$VNR" --phonemes --voice "$v" >"$T/layer-$v"
  cat "$ROOT"/samples/*.txt | "$VNR" --phonemes --voice "$T/plain-$v.voice" >"$T/plain-$v"
  diffs=$(paste -d '\t' "$T/layer-$v" "$T/plain-$v" | awk -F '\t' '
    function marks(w) { gsub(/[^'"'"',]/, "", w); return w }
    { n = split($1, a, " "); m = split($2, b, " ")
      if (n != m) { bad++; next }
      for (i = 1; i <= n; i++) { words++; if (marks(a[i]) != marks(b[i])) bad++ } }
    END { print bad + 0, words + 0 }')
  bad=${diffs% *}
  words=${diffs#* }
  check "$v: $bad of $words words change stress or count with the layer" [ "$bad" -eq 0 ]
  check "$v: the samples have words" [ "$words" -gt 1000 ]
  changed=$(paste -d '\t' "$T/layer-$v" "$T/plain-$v" | awk -F '\t' '$1 != $2' | wc -l)
  check "$v: the layer changes something in the samples" [ "$changed" -gt 0 ]
done

# --- A bad table is an error naming its file and line. ---------------------------------------
mkdir -p "$T/voices/vi/pronunciation"
cp "$ROOT"/voices/vi/pronunciation/*.tsv "$T/voices/vi/pronunciation/"
cp "$ROOT/voices/north.voice" "$T/voices/"
printf 'rewrite\tonsett=qu\n' >>"$T/voices/vi/pronunciation/north.tsv"
n=$(wc -l <"$T/voices/vi/pronunciation/north.tsv")
"$VNR" --phonemes --voice "$T/voices/north.voice" -t "quốc" >/dev/null 2>"$T/err"
rc=$?
check "bad table: exit $rc, want 1" [ $rc -eq 1 ]
check "bad table: '$(cat "$T/err")' names the line" grep -q "pronunciation/north.tsv:$n:" "$T/err"
# A voice file copied alone finds its table in the data folder.
cp "$ROOT/voices/south.voice" "$T/south.voice"
out=$("$VNR" --phonemes --voice "$T/south.voice" -t "trong" 2>&1)
check "a copied south.voice: '$out'" [ "$out" = "cr'O#7N_|" ]

# --- The syllable audit (make audit prints every class). ------------------------------------
python3 "$ROOT/tests/audit/audit.py" "$VNR" --quick --root "$ROOT" \
  --limit north=0.0005 --limit central=0.005 --limit south=0.005 >"$T/audit" 2>&1
rc=$?
check "audit: exit $rc: $(cat "$T/audit")" [ $rc -eq 0 ]

echo "pronounce_test: $checks checks, $failures failed"
[ "$failures" -eq 0 ]
