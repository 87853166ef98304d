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
for text in "# Hà Nội mưa lớn" "## Giao thông ùn tắc" "Cắt tỉa cây xanh" "25/6"; do
  check "news_page: '$text' is missing" grep -q "$text" "$DIR/news_page.txt"
done
# Picture captions: skipped unless asked for.
check "news_page: a caption was extracted" sh -c "! grep -q 'Ảnh: Minh Anh' '$DIR/news_page.txt'"
"$VNR" --extract --captions-of-images "$DIR/news_page.html" >"$T/captions" 2>"$T/err"
rc=$?
check "--captions-of-images: exit $rc: $(cat "$T/err")" [ $rc -eq 0 ]
check "--captions-of-images: no caption" grep -qx "Phố Nguyễn Trãi ngập sâu chiều 23/6. Ảnh: Minh Anh" "$T/captions"
check "--captions-of-images: more than the caption changed" \
  [ "$(grep -v "Ảnh: Minh Anh" "$T/captions" | grep -c .)" -eq "$(grep -c . "$DIR/news_page.txt")" ]

# --- Spoken: the article becomes audio of a plausible length. ---------------------------------
if [ -x "$SFINFO" ]; then
  "$VNR" -o "$T/page.wav" "$DIR/news_page.html" 2>"$T/err"
  secs=$("$SFINFO" "$T/page.wav" 2>/dev/null | tr ' ' '\n' | sed -n 's/^seconds=//p')
  check "news_page.html spoken: $secs s: $(cat "$T/err")" \
    awk -v s="$secs" 'BEGIN { exit !(s != "" && s > 20 && s < 150) }'
fi

# --- Layouts beyond the golden set. ----------------------------------------------------------
# The headline inside the site's <header> (outside any article): still the headline.
"$VNR" --html --extract -t '<html><head><title>Mưa lớn ở miền Trung gây ngập nặng</title></head><body><header class="top"><h1>Mưa lớn ở miền Trung gây ngập nặng</h1><nav><a href="/">Trang chủ</a></nav></header><div class="c"><p>Mưa lớn kéo dài từ đêm qua khiến nhiều tuyến đường ở Quảng Ngãi, Bình Định ngập sâu.</p><p>Chính quyền đã sơ tán hàng trăm hộ dân đến nơi an toàn.</p></div></body></html>' >"$T/out" 2>"$T/err"
check "headline in a site header: $(head -3 "$T/out" "$T/err")" [ "$(head -1 "$T/out")" = "# Mưa lớn ở miền Trung gây ngập nặng" ]
# An AMP page: the ad and the sidebar menu are not read.
"$VNR" --html --extract -t '<html><body><amp-sidebar id="s"><ul><li>Thời sự</li><li>Thế giới</li></ul></amp-sidebar><article><h1>Giá lúa tăng</h1><p>Giá lúa tại Đồng bằng sông Cửu Long tăng 300 đồng mỗi kg, nông dân phấn khởi.</p><amp-ad type="adsense"><div fallback>Quảng cáo</div></amp-ad><p>Thương lái thu mua mạnh để xuất khẩu sang Philippines, Indonesia.</p></article></body></html>' >"$T/out" 2>"$T/err"
check "AMP page: $(cat "$T/out" "$T/err")" [ "$(cat "$T/out")" = "$(printf '# Giá lúa tăng\n\nGiá lúa tại Đồng bằng sông Cửu Long tăng 300 đồng mỗi kg, nông dân phấn khởi.\n\nThương lái thu mua mạnh để xuất khẩu sang Philippines, Indonesia.')" ]

# --- Hostile pages. ------------------------------------------------------------------------------
# libxml2 stops building the tree 256 deep unless told otherwise: the text there must stay.
for depth in 255 256 1000 20000; do
  awk -v d=$depth 'BEGIN { for (i = 0; i < d; i++) printf "<div>"; printf "Sâu thẳm %d tầng.", d; for (i = 0; i < d; i++) printf "</div>" }' >"$T/deep.html"
  "$VNR" --extract "$T/deep.html" >"$T/out" 2>"$T/err"
  rc=$?
  check "page nested $depth deep: exit $rc: $(cat "$T/err")" [ $rc -eq 0 ]
  check "page nested $depth deep: text lost: $(head -c 80 "$T/out")" grep -qx "Sâu thẳm $depth tầng." "$T/out"
done
# Text at every level of 20,000 nested inline elements and headings: all of it kept (the
# extractor keeps what it needs per element instead of walking up the tree each time).
for tag in span h2 sup; do
  awk -v t=$tag 'BEGIN { for (i = 0; i < 20000; i++) printf "<%s><a href=#x>%d</a> chữ %d, thêm. ", t, i, i; for (i = 0; i < 20000; i++) printf "</%s>", t }' >"$T/nested.html"
  "$VNR" --extract "$T/nested.html" >"$T/out" 2>"$T/err"
  rc=$?
  check "20000 nested <$tag>: exit $rc: $(cat "$T/err")" [ $rc -eq 0 ]
  check "20000 nested <$tag>: text lost" grep -q "chữ 19999, thêm" "$T/out"
done
awk 'BEGIN { printf "<html><body><article><h1>Bài sâu</h1>"; for (i = 0; i < 1000; i++) printf "<div class=\"wrap\">"; printf "<p>Đoạn văn ở tầng một nghìn, vẫn phải được đọc lên, không bị mất.</p>"; for (i = 0; i < 1000; i++) printf "</div>"; printf "<p>Đoạn cuối bài ở ngoài, cũng được đọc.</p></article></body></html>" }' >"$T/deep_article.html"
"$VNR" --extract "$T/deep_article.html" >"$T/out" 2>"$T/err"
check "article nested 1000 deep: $(cat "$T/out" "$T/err" | head -5)" \
  [ "$(cat "$T/out")" = "$(printf '# Bài sâu\n\nĐoạn văn ở tầng một nghìn, vẫn phải được đọc lên, không bị mất.\n\nĐoạn cuối bài ở ngoài, cũng được đọc.')" ]
printf 'abc\000def<p>x</p>' >"$T/binary.html"
"$VNR" --extract "$T/binary.html" >"$T/out" 2>"$T/err"
rc=$?
check "binary .html: exit $rc, want 1" [ $rc -eq 1 ]
check "binary .html: message '$(cat "$T/err")'" grep -q "^vnreader: .*binary.html: NUL byte" "$T/err"
# Never silent: a page without article text is an error naming it, and makes no output file.
: >"$T/empty.html"
"$VNR" --extract "$T/empty.html" >"$T/out" 2>"$T/err"
rc=$?
check "empty .html: exit $rc, want 1" [ $rc -eq 1 ]
check "empty .html: message '$(cat "$T/err")'" grep -qx "vnreader: $T/empty.html: no article text found" "$T/err"
check "empty .html: printed $(cat "$T/out")" [ ! -s "$T/out" ]
page=$DIR/nav_only.page
"$VNR" --extract "$page" >"$T/out" 2>"$T/err"
rc=$?
check "nav_only.page: exit $rc, want 1: $(head -3 "$T/out")" [ $rc -eq 1 ]
check "nav_only.page: message '$(cat "$T/err")'" grep -qx "vnreader: $page: no article text found" "$T/err"
"$VNR" -o "$T/nav.wav" "$page" >/dev/null 2>"$T/err"
rc=$?
check "nav_only.page spoken: exit $rc, want 1" [ $rc -eq 1 ]
check "nav_only.page spoken: an output file was made" [ ! -e "$T/nav.wav" ]
check "nav_only.page spoken: message '$(cat "$T/err")'" grep -q "nav_only.page: no article text found" "$T/err"
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
