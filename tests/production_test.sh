#!/bin/sh
# production_test.sh - issue 6 from the outside: captions (SRT and WebVTT parsed here), the
# transcript, a bulletin (intro, three items, outro: its length is the parts plus the gaps),
# batches with --jobs 2 (a bad input reported, the rest done, a re-run skips what is up to date)
# and GNU parallel (-j2) making the same files. Audio is judged by format and length
# (build/sfinfo), never by its bytes.
#   sh tests/production_test.sh build/vnreader
VNR=${1:-build/vnreader}
SFINFO=$(dirname "$VNR")/sfinfo
NAME=production_test
. "$(dirname "$0")/testlib.sh"

[ -x "$VNR" ] || { echo "production_test: no $VNR"; exit 1; }
[ -x "$SFINFO" ] || { echo "production_test: no $SFINFO"; exit 1; }

# --- Captions: parsed, one cue per sentence, ordered, the text as written, ending with the audio.
# check_captions FILE.srt|FILE.vtt AUDIO SENTENCES [TAIL]: SENTENCES holds the expected texts, one
# a line; the audio goes on TAIL seconds after the last sentence (an outro), 0 by default.
check_captions() {
  python3 - "$1" "$(field "$2" seconds)" "$3" "${4:-0}" <<'EOF'
import re, sys
path, seconds, want_path = sys.argv[1], float(sys.argv[2] or 0), sys.argv[3]
seconds -= float(sys.argv[4])
text = open(path, encoding="utf-8").read()
want = [l for l in open(want_path, encoding="utf-8").read().split("\n") if l]
vtt = path.endswith(".vtt")
problems = []
if vtt:
    if not text.startswith("WEBVTT\n\n"):
        problems.append("no WEBVTT header")
    text = text[len("WEBVTT\n\n"):]
sep = r"\." if vtt else ","
stamp = r"(\d\d):(\d\d):(\d\d)%s(\d\d\d)" % sep
blocks = text.split("\n\n")
if blocks[-1] != "":
    problems.append("the file does not end with a blank line")
cues = []
for i, block in enumerate(blocks[:-1], 1):
    lines = block.split("\n")
    if not vtt:
        if lines[0] != str(i):
            problems.append("cue %d: index line %r" % (i, lines[0]))
        lines = lines[1:]
    m = re.fullmatch(stamp + " --> " + stamp, lines[0])
    if not m:
        problems.append("cue %d: timing line %r" % (i, lines[0]))
        continue
    g = [int(x) for x in m.groups()]
    start = g[0] * 3600 + g[1] * 60 + g[2] + g[3] / 1000
    end = g[4] * 3600 + g[5] * 60 + g[6] + g[7] / 1000
    if not 1 <= len(lines) - 1 <= 2:
        problems.append("cue %d: %d text lines" % (i, len(lines) - 1))
    if any(len(l) > 42 for l in lines[1:]):
        problems.append("cue %d: a line over 42 characters" % i)
    cues.append((start, end, " ".join(lines[1:])))
if len(cues) != len(want):
    problems.append("%d cues for %d sentences" % (len(cues), len(want)))
for i, (start, end, t) in enumerate(cues):
    if end <= start:
        problems.append("cue %d ends before it starts" % (i + 1))
    if i and start < cues[i - 1][1]:
        problems.append("cue %d overlaps the one before" % (i + 1))
    if i < len(want) and t != want[i]:
        problems.append("cue %d: %r, want %r" % (i + 1, t, want[i]))
if cues and abs(cues[-1][1] - seconds) > 0.5:
    problems.append("last cue ends at %.3f s, the speech at %.3f s" % (cues[-1][1], seconds))
for p in problems:
    print("   ", path + ":", p)
sys.exit(1 if problems else 0)
EOF
}

cat >"$T/article.txt" <<'EOF'
Sáng 15/8/2024, UBND TP.HCM họp lúc 8h30.
Giá xăng tăng 1.032 đồng mỗi lít.

Đồng chí Mai phát biểu kết luận hội nghị lúc 18h30.
Có 21 tỉnh tham dự!
EOF
printf '%s\n' 'Sáng 15/8/2024, UBND TP.HCM họp lúc 8h30.' 'Giá xăng tăng 1.032 đồng mỗi lít.' \
  'Đồng chí Mai phát biểu kết luận hội nghị lúc 18h30.' 'Có 21 tỉnh tham dự!' >"$T/sentences"

mkdir "$T/cap"
"$VNR" -o "$T/cap/a.wav" --captions "$T/cap/a.srt" --transcript "$T/cap/a.txt" "$T/article.txt" 2>"$T/err"
rc=$?
check "captions: exit $rc: $(cat "$T/err")" [ $rc -eq 0 ]
check "SRT captions" check_captions "$T/cap/a.srt" "$T/cap/a.wav" "$T/sentences"
check "transcript differs from the sentences: $(cat "$T/cap/a.txt")" cmp -s "$T/cap/a.txt" "$T/sentences"
"$VNR" -o "$T/cap/a.flac" --captions "$T/cap/a.vtt" "$T/article.txt" 2>"$T/err"
check "WebVTT captions" check_captions "$T/cap/a.vtt" "$T/cap/a.flac" "$T/sentences"
check "captions left stray files: $(ls -A "$T/cap" | tr '\n' ' ')" \
  [ "$(ls -A "$T/cap" | tr '\n' ' ')" = "a.flac a.srt a.txt a.vtt a.wav " ]
# 48 kHz output, when this build resamples (--sample-rate): the cues still end with the audio.
if "$VNR" --help | grep -q -- --sample-rate; then
  "$VNR" -o "$T/cap/b.wav" --sample-rate 48000 --captions "$T/cap/b.srt" "$T/article.txt" 2>"$T/err"
  check "48 kHz: rate $(field "$T/cap/b.wav" rate)" [ "$(field "$T/cap/b.wav" rate)" = 48000 ]
  check "48 kHz SRT captions" check_captions "$T/cap/b.srt" "$T/cap/b.wav" "$T/sentences"
else
  fail "no --sample-rate in this build: captions untested at 48 kHz"
fi
# A bad captions name: a usage problem found before any audio is made, no file left.
mkdir "$T/cap2"
"$VNR" -o "$T/cap2/a.wav" --captions "$T/cap2/a.ass" "$T/article.txt" 2>"$T/err"
rc=$?
check "--captions a.ass: exit $rc" [ $rc -ne 0 ]
check "--captions a.ass: message '$(cat "$T/err")'" grep -q "^vnreader: .*a.ass: .*srt" "$T/err"
check "--captions a.ass: left files: $(ls -A "$T/cap2")" [ -z "$(ls -A "$T/cap2")" ]

# --- A bulletin: intro (44.1 kHz stereo), three items (one with a heading), outro (48 kHz). ----
mkdir "$T/bul"
python3 - "$T/bul" <<'EOF'
import math, struct, sys, wave
def tone(path, rate, channels, seconds, hz):
    w = wave.open(path, "wb")
    w.setnchannels(channels)
    w.setsampwidth(2)
    w.setframerate(rate)
    frames = (struct.pack("<h", int(8000 * math.sin(2 * math.pi * hz * i / rate))) * channels
              for i in range(int(rate * seconds)))
    w.writeframes(b"".join(frames))
    w.close()
tone(sys.argv[1] + "/intro.wav", 44100, 2, 1.5, 440)
tone(sys.argv[1] + "/outro.wav", 48000, 1, 0.75, 660)
EOF
printf 'Tin thứ nhất: trời mưa to ở Hà Nội.\n' >"$T/bul/one.txt"
printf 'Đội tuyển thắng 2-1.\n' >"$T/bul/two.txt"
printf 'Giá vàng giảm 200.000 đồng.\n' >"$T/bul/three.txt"
cat >"$T/bul/news.bulletin" <<'EOF'
# Bản tin thử
intro = intro.wav
gap = 0.75
item = one.txt
item = two.txt | heading = Tin thể thao
item = three.txt
outro = outro.wav
EOF
"$VNR" --bulletin "$T/bul/news.bulletin" -o "$T/bul/news.wav" --captions "$T/bul/news.srt" 2>"$T/err"
rc=$?
check "bulletin: exit $rc: $(cat "$T/err")" [ $rc -eq 0 ]
for part in one two three; do
  "$VNR" -o "$T/bul/$part.wav" "$T/bul/$part.txt"
done
"$VNR" -o "$T/bul/heading.wav" -t "Tin thể thao"
# intro + outro + the items alone + the heading + the paragraph pause after the heading (the
# voice's paragraph_pause_ms) + four gaps.
pause=$(sed -n 's/^paragraph_pause_ms *= *//p' "${VNREADER_DATA:-voices}/north.voice")
want=$(echo "$(field "$T/bul/one.wav" seconds) $(field "$T/bul/two.wav" seconds) \
  $(field "$T/bul/three.wav" seconds) $(field "$T/bul/heading.wav" seconds) ${pause:-0}" |
  awk '{ print 1.5 + 0.75 + $1 + $2 + $3 + $4 + $5 / 1000 + 4 * 0.75 }')
got=$(field "$T/bul/news.wav" seconds)
check "bulletin lasts $got s, want $want s (the parts plus the gaps)" near "$got" "$want" 0.15
printf '%s\n' 'Tin thứ nhất: trời mưa to ở Hà Nội.' 'Tin thể thao' 'Đội tuyển thắng 2-1.' \
  'Giá vàng giảm 200.000 đồng.' >"$T/bul/sentences"
check "bulletin captions" check_captions "$T/bul/news.srt" "$T/bul/news.wav" "$T/bul/sentences" 1.5
first=$(sed -n 2p "$T/bul/news.srt" | cut -c1-12)
check "the first cue starts after the 1.5 s intro and the gap: $first" [ "$first" = "00:00:02,250" ]
# An HTML item is read as a page: its article text, not its markup, in the captions.
printf '<html><head><title>x</title><script>var a = 1;</script></head><body><nav>Trang chủ</nav>\n<article><h1>Tin nóng</h1><p>Trời mưa to ở Huế.</p></article></body></html>\n' \
  >"$T/bul/page.html"
printf 'gap = 0\nitem = page.html\n' >"$T/bul/page.bulletin"
"$VNR" --bulletin "$T/bul/page.bulletin" -o "$T/bul/page.wav" --transcript "$T/bul/page.txt" 2>"$T/err"
rc=$?
check "bulletin with an HTML item: exit $rc: $(cat "$T/err")" [ $rc -eq 0 ]
check "bulletin HTML item transcript: $(cat "$T/bul/page.txt")" \
  [ "$(cat "$T/bul/page.txt")" = "$(printf 'Tin nóng\nTrời mưa to ở Huế.')" ]

# Loudness is set on the whole bulletin, jingles included, when this build normalizes.
LOUDNESS=$(dirname "$VNR")/loudness
if "$VNR" --help | grep -q -- --loudness && [ -x "$LOUDNESS" ]; then
  "$VNR" --bulletin "$T/bul/news.bulletin" -o "$T/bul/loud.wav" --loudness -23 -q 2>"$T/err"
  lufs=$("$LOUDNESS" "$T/bul/loud.wav" | sed -n 's/^integrated=//p')
  check "bulletin --loudness -23: integrated $lufs LUFS" near "$lufs" -23 0.5
else
  fail "no --loudness in this build, or no $LOUDNESS (make $LOUDNESS): bulletin loudness untested"
fi
printf 'intro = intro.wav\nitem = one.txt\nitem = none.txt\n' >"$T/bul/bad.bulletin"
"$VNR" --bulletin "$T/bul/bad.bulletin" -o "$T/bul/bad.wav" 2>"$T/err"
rc=$?
check "bad bulletin: exit $rc" [ $rc -eq 1 ]
check "bad bulletin: message '$(cat "$T/err")'" grep -q "^vnreader: .*bad.bulletin:3: .*none.txt" "$T/err"
check "bad bulletin: made a file" [ ! -e "$T/bul/bad.wav" ]

# --- Batch: --jobs 2, a bad input reported, the rest done, a re-run skips. -------------------
mkdir "$T/in"
for i in 1 2 3 4 5; do
  printf 'Bản tin số %d. Hôm nay là ngày %d/6.\n' "$i" "$((i + 10))" >"$T/in/tin$i.txt"
done
printf 'abc\000def\n' >"$T/in/hong.txt"
"$VNR" --batch "$T/in" -o "$T/out" --jobs 2 2>"$T/err"
rc=$?
check "batch with a bad input: exit $rc" [ $rc -eq 1 ]
check "batch: bad input not reported: $(cat "$T/err")" grep -q "^vnreader: $T/in/hong.txt:1: .*binary" "$T/err"
check "batch: summary: $(tail -n 1 "$T/err")" \
  [ "$(tail -n 1 "$T/err")" = "vnreader: 5 done, 0 skipped (up to date), 1 failed" ]
for i in 1 2 3 4 5; do
  check "batch: out/tin$i.wav: $(field "$T/out/tin$i.wav" rate)" [ "$(field "$T/out/tin$i.wav" rate)" = 22050 ]
  check "batch: out/tin$i.wav lasts $(field "$T/out/tin$i.wav" seconds) s" \
    near "$(field "$T/out/tin$i.wav" seconds)" 3 2.5
done
check "batch: files in out: $(ls -A "$T/out" | tr '\n' ' ')" \
  [ "$(ls -A "$T/out" | tr '\n' ' ')" = "tin1.wav tin2.wav tin3.wav tin4.wav tin5.wav " ]
touch "$T/in/tin3.txt"
rm "$T/in/hong.txt"
"$VNR" --batch "$T/in" -o "$T/out" -j 2 2>"$T/err"
rc=$?
check "batch re-run: exit $rc" [ $rc -eq 0 ]
check "batch re-run: summary: $(cat "$T/err")" \
  [ "$(cat "$T/err")" = "vnreader: 1 done, 4 skipped (up to date), 0 failed" ]
"$VNR" --batch "$T/in/tin1.txt" "$T/in/tin2.txt" -o "$T/flac" --format flac -q 2>"$T/err"
check "batch of files to flac: $(ls -A "$T/flac" | tr '\n' ' ')" \
  [ "$(ls -A "$T/flac" | tr '\n' ' ')" = "tin1.flac tin2.flac " ]
check "batch to flac: format $(field "$T/flac/tin1.flac" format)" [ "$(field "$T/flac/tin1.flac" format)" = flac ]
for args in "--batch -o $T/x" "--batch $T/in" "--batch -t x -o $T/x" "--jobs 2 $T/in/tin1.txt" \
  "--batch --jobs 0 $T/in -o $T/x" "--batch $T/in -o $T/x --captions $T/x.srt"; do
  # shellcheck disable=SC2086
  "$VNR" $args >/dev/null 2>"$T/err"
  rc=$?
  check "'$args': exit $rc, want 2" [ $rc -eq 2 ]
done

# A batch stopped by a signal: the running jobs stop too, nothing half-written is left.
mkdir "$T/long"
for i in 1 2 3; do
  printf 'Câu số %d của bản tin dài. ' $(seq 1 1500) >"$T/long/dai$i.txt"
done
"$VNR" --batch "$T/long" -o "$T/longout" -j 2 2>"$T/err" &
pid=$!
sleep 1
kill -TERM $pid
wait $pid
rc=$?
check "batch stopped by SIGTERM: exit $rc, want 143" [ $rc -eq 143 ]
check "batch stopped: left files: $(ls -A "$T/longout" | tr '\n' ' ')" [ -z "$(ls -A "$T/longout")" ]
check "batch stopped: summary '$(tail -n 1 "$T/err")'" grep -q "^vnreader: 0 done, .* 2 stopped$" "$T/err"

# --- The progress bar, on a terminal (script(1) gives the program a pseudo-terminal). --------
if ! command -v script >/dev/null; then
  fail "script(1) is missing (Debian package bsdutils): no progress bar test"
else
  script -qc "'$VNR' -o '$T/long.wav' '$T/article.txt'" /dev/null >"$T/tty" 2>&1
  check "progress bar: $(tr '\r' '\n' <"$T/tty" | tail -n 2 | head -n 1)" \
    grep -q '\[#*\.*\] *[0-9]*%  synthesis  [0-9.]* s of audio' "$T/tty"
  script -qc "'$VNR' --batch '$T/in' -o '$T/ttyout' -j 2" /dev/null >"$T/tty" 2>&1
  check "batch progress bar: $(tr '\r' '\n' <"$T/tty" | grep files | tail -n 1)" \
    grep -q '\[#*\.*\] [0-9]/5 files  [0-9] running' "$T/tty"
  "$VNR" -o "$T/long.wav" "$T/article.txt" 2>"$T/err"
  check "no progress line when stderr is not a terminal: $(cat "$T/err")" [ ! -s "$T/err" ]
fi

# --- GNU parallel, two job slots: the same outputs as the batch. --------------------------------
if command -v parallel >/dev/null; then
  mkdir "$T/par"
  parallel --will-cite -j2 "$VNR" -q -o "$T/par/{/.}.wav" {} ::: "$T"/in/*.txt 2>"$T/err"
  rc=$?
  check "parallel: exit $rc: $(cat "$T/err")" [ $rc -eq 0 ]
  check "parallel: files: $(ls -A "$T/par" | tr '\n' ' ')" [ "$(ls -A "$T/par")" = "$(ls -A "$T/out")" ]
  for f in "$T"/out/*.wav; do
    b=$(basename "$f")
    check "parallel: $b lasts $(field "$T/par/$b" seconds) s, batch $(field "$f" seconds) s" \
      near "$(field "$T/par/$b" seconds)" "$(field "$f" seconds)" 0.1
  done
else
  fail "GNU parallel is not installed (Debian package parallel; make test-deps)"
fi

if [ $failures -ne 0 ]; then
  echo "production_test: $failures of $checks checks failed"
  exit 1
fi
echo "production_test: $checks checks passed"
