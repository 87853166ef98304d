#!/bin/sh
# html_test.sh - HTML input from the outside: every tests/html/NAME.html must extract to exactly
# NAME.txt (vnreader --extract), the same through stdin with --html, and the extracted article
# must go on through the normalizer and the synthesizer. Pages that could crash a parser (deep
# nesting, binary data, nothing at all) end cleanly.
#   sh tests/html_test.sh build/vnreader
VNR=${1:-build/vnreader}
SFINFO=$(dirname "$VNR")/sfinfo
DIR=$(cd "$(dirname "$0")" && pwd)/html
NAME=html_test
. "$(dirname "$0")/testlib.sh"

[ -x "$VNR" ] || { echo "html_test: no $VNR"; exit 1; }

# --- Golden pages: NAME.html -> NAME.txt, byte for byte. -------------------------------------
n=0
for page in "$DIR"/*.html; do
  want=${page%.html}.txt
  name=$(basename "$page")
  "$VNR" --extract "$page" >"$T/got" 2>"$T/err"
  rc=$?
  check "$name: exit $rc: $(cat "$T/err")" [ $rc -eq 0 ]
  if ! cmp -s "$T/got" "$want"; then
    echo "html_test: $name: extracted text differs from $(basename "$want"):"
    diff "$want" "$T/got" | head -20
    check "$name: golden text" false
  fi
  "$VNR" --html --extract - <"$page" >"$T/stdin" 2>"$T/err"
  check "$name: --html on stdin differs from the file" cmp -s "$T/stdin" "$want"
  n=$((n + 1))
done
check "no pages in $DIR" [ $n -ge 4 ]

# --- The news page through the normalizer: one line per extracted line, no digits, nothing
# --- from the boxes around the article. --------------------------------------------------------
"$VNR" --normalize "$DIR/news_page.html" >"$T/norm" 2>"$T/err"
rc=$?
check "--normalize news_page.html: exit $rc: $(cat "$T/err")" [ $rc -eq 0 ]
check "--normalize: $(wc -l <"$T/norm") lines, extract has $(wc -l <"$DIR/news_page.txt")" \
  [ "$(wc -l <"$T/norm")" -eq "$(wc -l <"$DIR/news_page.txt")" ]
check "--normalize left digits" sh -c "! grep -q '[0-9]' '$T/norm'"
check "--normalize: no date read: $(head -3 "$T/norm")" grep -q "hai mươi ba tháng sáu" "$T/norm"
for junk in "Quảng cáo" "Bình luận" "bạn đọc" "Tin liên quan" "Đọc nhiều" "Chia sẻ" "Kinh doanh" \
  "dataLayer" "Giấy phép" "Tìm kiếm" "Từ khóa"; do
  check "news_page: '$junk' was extracted" sh -c "! grep -qi '$junk' '$DIR/news_page.txt' '$T/norm'"
done
for text in "Hà Nội mưa lớn" "Giao thông ùn tắc" "Ảnh: Minh Anh" "Cắt tỉa cây xanh" "25/6"; do
  check "news_page: '$text' is missing" grep -q "$text" "$DIR/news_page.txt"
done

# --- Spoken: the article becomes audio of a plausible length. ---------------------------------
if [ -x "$SFINFO" ]; then
  "$VNR" -o "$T/page.wav" "$DIR/news_page.html" 2>"$T/err"
  secs=$("$SFINFO" "$T/page.wav" 2>/dev/null | tr ' ' '\n' | sed -n 's/^seconds=//p')
  check "news_page.html spoken: $secs s: $(cat "$T/err")" \
    awk -v s="$secs" 'BEGIN { exit !(s != "" && s > 20 && s < 150) }'
fi

# --- Hostile pages. ------------------------------------------------------------------------------
awk 'BEGIN { for (i = 0; i < 20000; i++) printf "<div>"; printf "Sâu thẳm"; for (i = 0; i < 20000; i++) printf "</div>" }' >"$T/deep.html"
"$VNR" --extract "$T/deep.html" >"$T/out" 2>"$T/err"
rc=$?
check "deeply nested page: exit $rc: $(cat "$T/err")" [ $rc -eq 0 ]
printf 'abc\000def<p>x</p>' >"$T/binary.html"
"$VNR" --extract "$T/binary.html" >"$T/out" 2>"$T/err"
rc=$?
check "binary .html: exit $rc, want 1" [ $rc -eq 1 ]
check "binary .html: message '$(cat "$T/err")'" grep -q "^vnreader: .*binary.html: NUL byte" "$T/err"
: >"$T/empty.html"
"$VNR" --extract "$T/empty.html" >"$T/out" 2>"$T/err"
rc=$?
check "empty .html: exit $rc" [ $rc -eq 0 ]
check "empty .html: printed $(cat "$T/out" "$T/err")" [ ! -s "$T/out" -a ! -s "$T/err" ]
printf 'Chỉ là văn bản, không có thẻ nào.\n' >"$T/plain.htm"
check "plain text in a .htm file" sh -c "'$VNR' --extract '$T/plain.htm' | grep -q '^Chỉ là văn bản, không có thẻ nào.$'"
"$VNR" --extract "$T/missing.html" >/dev/null 2>"$T/err"
rc=$?
check "missing .html: exit $rc, want 1" [ $rc -eq 1 ]
check "missing .html: message '$(cat "$T/err")'" grep -q "^vnreader: .*missing.html: No such file" "$T/err"
check "-t with --html" sh -c "'$VNR' --html --extract -t '<p>Một</p><p>Hai &amp; ba</p>' | tr '\n' '|' | grep -q '^Một||Hai & ba|$'"

if [ $failures -ne 0 ]; then
  echo "html_test: $failures of $checks checks failed"
  exit 1
fi
echo "html_test: $checks checks passed ($n golden pages)"
