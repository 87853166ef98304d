#!/bin/sh
# run.sh - run each libFuzzer target for a while; fail if any finds a crash, a hang or a leak.
#   sh tests/fuzz/run.sh BUILD_DIR SECONDS TARGET...     (make fuzz FUZZ_SECONDS=N calls this)
# Seeds are copied at run time from the samples, the golden files' input column and the voice
# data into BUILD_DIR/seeds; what the fuzzer learns stays in BUILD_DIR/corpus (never committed).
# The inputs under tests/crash/NAME/ are run first, so a crash that comes back is seen at once.
# A new crash is saved as BUILD_DIR/crashes/TARGET-crash-<sha1>: fix it, then move it to
# tests/crash/NAME/ (NAME = the target without "fuzz_") so `make test` replays it.
B=$1
SECONDS_EACH=$2
shift 2
[ -n "$B" ] && [ -n "$SECONDS_EACH" ] && [ $# -gt 0 ] || {
  echo "usage: sh tests/fuzz/run.sh BUILD_DIR SECONDS TARGET..." >&2
  exit 2
}
S=$B/seeds
rm -rf "$S"
mkdir -p "$S/text" "$S/lexicon" "$S/voice" "$S/sd" "$S/bulletin" "$B/corpus" "$B/crashes" "$B/logs"

# Text seeds: whole sample articles, and each golden input (first column) as its own file.
for f in samples/*.txt; do [ -f "$f" ] && cp "$f" "$S/text/"; done
for f in tests/golden/*.tsv; do
  [ -f "$f" ] || continue
  awk -F '\t' -v out="$S/text/$(basename "$f" .tsv)" \
    '!/^#/ && NF { f = out "-" NR; printf "%s", $1 > f; close(f) }' "$f"
done
for f in voices/vi/*.tsv tests/golden/*.tsv; do [ -f "$f" ] && cp "$f" "$S/lexicon/"; done
for f in voices/*.voice; do [ -f "$f" ] && cp "$f" "$S/voice/"; done
# Never start from nothing, even before the data files exist.
printf 'Ngày 23/6/2024, TP.HCM có 1.234,5 km² (UBND).' >"$S/text/builtin"
printf 'km\tki lô mét\nTP.\tthành phố\n' >"$S/lexicon/builtin.tsv"
printf 'name = x\nrate = 170\nthousand = ngàn\n' >"$S/voice/builtin.voice"
# sd_vnreader's protocol: a session with SSML marks, entities and a dotted line.
printf 'INIT\nSET\nlanguage=vi\n.\nSPEAK\n<speak><mark name="__spd_1"/>Ngày 23/6 &amp; <mark name="a&#10;b"/>tin.</speak>\n..\n.\nSTOP\n' \
  >"$S/sd/session"
printf '<speak><p>Xin chào</p><break time="1s"/><mark name="m1"/>&#x1ea0; &lt;b&gt;</speak>' >"$S/sd/ssml"
# Bulletin files: keys, headings, gaps, comments.
printf '# Bản tin\nintro = jingle.wav\ngap = 1.5\nitem = a.txt | heading = Thời sự\noutro = o.flac\n' \
  >"$S/bulletin/full"
printf 'item = a.txt\ngap = 0\n' >"$S/bulletin/short"

seeds_for() {
  case $1 in
  fuzz_lexicon) echo "$S/lexicon" ;;
  fuzz_voice) echo "$S/voice" ;;
  fuzz_sd) echo "$S/sd" ;;
  fuzz_bulletin) echo "$S/bulletin" ;;
  *) echo "$S/text" ;;
  esac
}

failed=""
for t in "$@"; do
  name=${t#fuzz_}
  mkdir -p "$B/corpus/$t"
  crash_dir=""
  [ -d "tests/crash/$name" ] && crash_dir="tests/crash/$name"
  dict=""
  [ "$(seeds_for "$t")" = "$S/text" ] && dict="-dict=tests/fuzz/text.dict"
  # -timeout: one input taking 10 s is a hang; -rss_limit_mb: memory must stay bounded.
  # shellcheck disable=SC2086
  "$B/fuzz/$t" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 \
    -max_len=4096 -print_final_stats=1 -artifact_prefix="$B/crashes/$t-" $dict \
    "$B/corpus/$t" "$(seeds_for "$t")" $crash_dir >"$B/logs/$t.log" 2>&1
  rc=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$B/logs/$t.log")
  if [ $rc -ne 0 ]; then
    failed="$failed $t"
    echo "fuzz: $t: FAILED (exit $rc); log $B/logs/$t.log:"
    grep -E 'ERROR|invariant|SUMMARY|Test unit written|runtime error' "$B/logs/$t.log" | head -8
  else
    echo "fuzz: $t: ok, ${runs:-?} runs in ${SECONDS_EACH} s"
  fi
done
[ -z "$failed" ] || {
  echo "fuzz: crashes in:$failed (inputs in $B/crashes/)"
  exit 1
}
