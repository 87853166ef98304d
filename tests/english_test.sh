#!/bin/sh
# english_test.sh BUILD - every sample, once normalized, must stay in Vietnamese for eSpeak NG:
# no "(en)" language switch except for the names in tests/english_allowlist.txt.
set -u
build=$1
tmp=$(mktemp -d /tmp/vnr-en.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
n=0
for f in samples/*.txt; do
    [ -f "$f" ] || continue
    out="$tmp/$(basename "$f")"
    "$build/vnreader" --normalize "$f" >"$out" || { echo "english_test: $f: normalize failed"; exit 1; }
    n=$((n + 1))
done
[ "$n" -gt 0 ] || { echo "english_test: no samples/*.txt"; exit 1; }
# Every reading in the lexicon too (the same check as tests/check_lexicon_espeak.sh, in-process).
# context.tsv holds no readings: its second column is words as written in the text ("hotline").
grep -hv '^#' $(ls voices/vi/*.tsv | grep -v '/context.tsv$') | cut -f2 | grep . >"$tmp/readings.lexicon"
"$build/en_switch" tests/english_allowlist.txt "$tmp"/*.txt "$tmp/readings.lexicon" || exit 1
echo "english_test: $n samples and $(wc -l <"$tmp/readings.lexicon") lexicon readings stay Vietnamese"
