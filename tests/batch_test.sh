#!/bin/sh
# batch_test.sh - issue 14, item 5: text tracks beside each batch output, sub-folders mirrored,
# colliding outputs refused before any work, an unknown output extension refused.
#   sh tests/batch_test.sh build/vnreader
VNR=${1:-build/vnreader}
NAME=batch_test
. "$(dirname "$0")/testlib.sh"
SFINFO=$(dirname "$VNR")/sfinfo

[ -x "$VNR" ] || { echo "$NAME: no $VNR"; exit 1; }

mkdir -p "$T/in/2024/thang6" "$T/in/.an"
printf 'Tin thứ nhất. Hôm nay trời nắng.\n' >"$T/in/a.txt"
printf 'Tin thứ hai.\n' >"$T/in/2024/b.txt"
printf '<html><body><p>Tin thứ ba, từ một trang web.</p></body></html>\n' >"$T/in/2024/thang6/c.html"
printf 'Không đọc: thư mục ẩn.\n' >"$T/in/.an/d.txt"
printf 'Không đọc: không phải văn bản.\n' >"$T/in/2024/note.md"

# --- Captions and transcript beside each output, sub-folders mirrored. -------------------------
"$VNR" -q --batch "$T/in" -o "$T/out" --captions vtt --transcript txt 2>"$T/err"
check "batch: exit $? ($(cat "$T/err"))" [ -s "$T/out/a.wav" ]
for f in a 2024/b 2024/thang6/c; do
  check "$f.wav: $(cd "$T/out" 2>/dev/null && find . -type f | sort | tr '\n' ' ')" \
    [ "$(field "$T/out/$f.wav" rate)" = 22050 ]
  check "$f.vtt: $(head -c 60 "$T/out/$f.vtt" 2>&1)" sh -c "head -n 1 '$T/out/$f.vtt' | grep -qx WEBVTT"
  check "$f.vtt has a cue" grep -q -- '-->' "$T/out/$f.vtt"
done
check "transcript: '$(cat "$T/out/2024/b.txt" 2>&1)'" [ "$(cat "$T/out/2024/b.txt")" = "Tin thứ hai." ]
check "c.html's transcript is its text: '$(cat "$T/out/2024/thang6/c.txt" 2>&1)'" \
  grep -q "^Tin thứ ba, từ một trang web\.$" "$T/out/2024/thang6/c.txt"
check "hidden folders and other files skipped: $(cd "$T/out" && find . -type f | sort | tr '\n' ' ')" \
  [ "$(cd "$T/out" && find . -type f | wc -l)" -eq 9 ]
# The cues end where the audio does (to the millisecond, from samples).
end=$(grep -- '-->' "$T/out/a.vtt" | tail -n 1 | sed 's/.*--> //; s/\.//' | awk -F: '{ print ($1 * 3600 + $2 * 60) * 1000 + $3 }')
check "a.vtt ends at $end ms, audio $(field "$T/out/a.wav" seconds) s" \
  awk -v e="$end" -v s="$(field "$T/out/a.wav" seconds)" 'BEGIN { exit !(e / 1000 <= s + 0.001 && e / 1000 > s - 1.5) }'

# Run again: up to date; remove one caption file: only that job runs again.
"$VNR" --batch "$T/in" -o "$T/out" --captions vtt --transcript txt 2>"$T/err"
check "again: $(tail -n 1 "$T/err")" grep -q "^vnreader: 0 done, 3 skipped" "$T/err"
rm "$T/out/2024/b.vtt"
"$VNR" --batch "$T/in" -o "$T/out" --captions vtt --transcript txt 2>"$T/err"
check "a missing caption file is made again: $(tail -n 1 "$T/err")" grep -q "^vnreader: 1 done, 2 skipped" "$T/err"
check "b.vtt made again" [ -s "$T/out/2024/b.vtt" ]
"$VNR" -q --batch "$T/in" -o "$T/srt" --captions srt 2>"$T/err"
check "srt: $(ls "$T/srt" 2>&1 | tr '\n' ' ')" grep -q -- '-->' "$T/srt/2024/thang6/c.srt"

# A bare --transcript means the same (at the end, or before another option).
"$VNR" -q --batch "$T/in" -o "$T/bare1" --transcript 2>"$T/err"
check "bare --transcript at the end: $(cat "$T/err")" [ -s "$T/bare1/2024/b.txt" ]
"$VNR" -q --batch "$T/in" --transcript -o "$T/bare2" --captions srt 2>"$T/err"
check "bare --transcript before -o: $(cat "$T/err")" [ -s "$T/bare2/2024/b.txt" ]
check "bare --transcript before -o: captions too" [ -s "$T/bare2/2024/b.srt" ]
"$VNR" -q -o "$T/one.wav" -t "Xin chào." --transcript 2>"$T/err"
rc=$?
check "bare --transcript without --batch: exit $rc, '$(cat "$T/err")'" [ $rc -eq 2 ]

# --- Bad track kinds: usage errors. -------------------------------------------------------------
"$VNR" -q --batch "$T/in" -o "$T/bad1" --captions ass 2>"$T/err"
rc=$?
check "--captions ass: exit $rc, '$(cat "$T/err")'" [ $rc -eq 2 ]
check "--captions ass: no output folder" [ ! -e "$T/bad1" ]

# --- Two inputs, one output: refused before any work, both named. ------------------------------
printf '<p>Trùng tên.</p>\n' >"$T/in/a.html"
"$VNR" -q --batch "$T/in" -o "$T/col" 2>"$T/err"
rc=$?
check "collision: exit $rc, want 2" [ $rc -eq 2 ]
check "collision names a.txt: '$(cat "$T/err")'" grep -q "in/a.txt" "$T/err"
check "collision names a.html" grep -q "in/a.html" "$T/err"
check "collision: nothing made: $(ls -A "$T/col" 2>&1)" [ ! -e "$T/col" ]
rm "$T/in/a.html"

# --- An unknown output extension: usage error, no file. ----------------------------------------
mkdir "$T/ext"
"$VNR" -q -o "$T/ext/x.xyz" -t "Xin chào." 2>"$T/err"
rc=$?
check "-o x.xyz: exit $rc, want 2: '$(cat "$T/err")'" [ $rc -eq 2 ]
check "-o x.xyz: message" grep -q "x.xyz: unknown output extension" "$T/err"
check "-o x.xyz: left $(ls -A "$T/ext")" [ -z "$(ls -A "$T/ext")" ]
"$VNR" -q --format wav -o "$T/ext/x.xyz" -t "Xin chào." 2>"$T/err"
check "--format wav -o x.xyz: allowed ($(cat "$T/err"))" [ "$(field "$T/ext/x.xyz" rate)" = 22050 ]
"$VNR" -q -o "$T/ext/noext" -t "Xin chào." 2>"$T/err"
check "-o noext: WAV as before ($(cat "$T/err"))" [ "$(field "$T/ext/noext" rate)" = 22050 ]

echo "$NAME: $checks checks, $failures failed"
[ "$failures" -eq 0 ]
