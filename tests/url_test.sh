#!/bin/sh
# url_test.sh - vnreader URL: pages fetched with libcurl from a local server this test starts on
# 127.0.0.1 (tests/tools/http_server.py; no internet needed): redirects, gzip, the charset from
# the HTTP header, the User-Agent, and clear errors for 404, too many redirects, a host that does
# not resolve, a refused connection, a timeout, an oversized body and a page without an article.
#   sh tests/url_test.sh build/vnreader
VNR=${1:-build/vnreader}
NAME=url_test
. "$(dirname "$0")/testlib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)

[ -x "$VNR" ] || { echo "url_test: no $VNR"; exit 1; }
if ! command -v python3 >/dev/null; then
  echo "url_test: SKIP: python3 not installed"
  [ "$CI" = true ] && exit 1
  exit 0
fi

mkdir -p "$T/www"
cp "$HERE/html/vnexpress.html" "$HERE/html/nav_only.page" "$T/www/"
python3 "$HERE/tools/http_server.py" "$T/port" "$T/www" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$T"' EXIT
i=0
while [ ! -s "$T/port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
[ -s "$T/port" ] || { echo "url_test: FAIL: the test server did not start"; exit 1; }
URL=http://127.0.0.1:$(cat "$T/port")

# extract PATH [OPTIONS...]: vnreader --extract on URL/PATH into $T/out and $T/err, $rc.
extract() {
  p=$1
  shift
  "$VNR" --extract "$@" "$URL$p" >"$T/out" 2>"$T/err"
  rc=$?
}

want_article='# Tin trên mạng

Đây là bài báo lấy về qua HTTP, đọc bằng tiếng Việt có dấu.'
extract /article.html
check "article: exit $rc: $(cat "$T/err")" [ $rc -eq 0 ]
check "article: got '$(cat "$T/out")'" [ "$(cat "$T/out")" = "$want_article" ]
extract /redirect
check "redirect: exit $rc: $(cat "$T/err")" [ $rc -eq 0 ]
check "redirect: got '$(cat "$T/out")'" [ "$(cat "$T/out")" = "$want_article" ]
extract /gzip
check "gzip: exit $rc: $(cat "$T/err")" [ $rc -eq 0 ]
check "gzip: got '$(cat "$T/out")'" [ "$(cat "$T/out")" = "$want_article" ]
extract /cp1258
check "windows-1258 from the header: exit $rc: $(cat "$T/err")" [ $rc -eq 0 ]
check "windows-1258 from the header: got '$(cat "$T/out")'" \
  grep -qx "Hà Nội, Đà Nẵng và Huế đón khách du lịch." "$T/out"
extract /bogus-charset
check "unknown charset in the header: exit $rc: $(cat "$T/err")" [ $rc -eq 0 ]
check "unknown charset in the header: got '$(cat "$T/out")'" [ "$(cat "$T/out")" = "$want_article" ]
extract /user-agent
check "User-Agent: got '$(cat "$T/out")'" grep -q "tự xưng là vnreader/[0-9]" "$T/out"
# A real page layout over HTTP extracts exactly as from the file.
extract /vnexpress.html
check "vnexpress.html over HTTP: exit $rc: $(cat "$T/err")" [ $rc -eq 0 ]
check "vnexpress.html over HTTP differs from the golden text" cmp -s "$T/out" "$HERE/html/vnexpress.txt"

# A document by URL: recognised by its bytes, not by the Content-Type.
python3 "$HERE/tools/make_documents.py" "$T/docs" >/dev/null && cp "$T/docs/report.docx" "$T/www/"
extract /report.docx
check "report.docx over HTTP: exit $rc: $(cat "$T/err")" [ $rc -eq 0 ]
check "report.docx over HTTP: $(head -3 "$T/out")" [ "$(sed -n '3p' "$T/out")" = "# I. Kết quả đạt được" ]

# Errors: exit 1, one line naming the URL.
extract /missing
check "404: exit $rc, want 1" [ $rc -eq 1 ]
check "404: message '$(cat "$T/err")'" grep -qx "vnreader: $URL/missing: HTTP 404" "$T/err"
check "404: printed '$(cat "$T/out")'" [ ! -s "$T/out" ]
extract /redirect-loop
check "redirect loop: exit $rc, want 1" [ $rc -eq 1 ]
check "redirect loop: message '$(cat "$T/err")'" grep -qx "vnreader: $URL/redirect-loop: more than 10 redirects" "$T/err"
extract /nav_only.page
check "nav-only page: exit $rc, want 1" [ $rc -eq 1 ]
check "nav-only page: message '$(cat "$T/err")'" grep -qx "vnreader: $URL/nav_only.page: no article text found" "$T/err"
extract /slow --timeout 1
check "slow server: exit $rc, want 1" [ $rc -eq 1 ]
check "slow server: message '$(cat "$T/err")'" grep -qx "vnreader: $URL/slow: timed out after 1 s" "$T/err"
extract /huge
check "78 MB body: exit $rc, want 1" [ $rc -eq 1 ]
check "78 MB body: message '$(cat "$T/err")'" grep -qx "vnreader: $URL/huge: larger than 64 MB, not read" "$T/err"
"$VNR" --extract http://vnreader-test.invalid/bai.html >"$T/out" 2>"$T/err"
rc=$?
check "unknown host: exit $rc, want 1" [ $rc -eq 1 ]
check "unknown host: message '$(cat "$T/err")'" \
  grep -qx "vnreader: http://vnreader-test.invalid/bai.html: could not resolve the host (DNS)" "$T/err"
"$VNR" --extract http://127.0.0.1:1/bai.html >"$T/out" 2>"$T/err"
rc=$?
check "refused connection: exit $rc, want 1" [ $rc -eq 1 ]
check "refused connection: message '$(cat "$T/err")'" grep -qx "vnreader: http://127.0.0.1:1/bai.html: could not connect" "$T/err"
"$VNR" --extract --timeout 0 "$URL/article.html" >"$T/out" 2>"$T/err"
rc=$?
check "--timeout 0: exit $rc, want 2 (usage)" [ $rc -eq 2 ]

# Spoken: a URL read to a file; a failed URL leaves no file.
"$VNR" -o "$T/url.wav" "$URL/article.html" 2>"$T/err"
rc=$?
check "URL to a WAV: exit $rc: $(cat "$T/err")" [ $rc -eq 0 ]
check "URL to a WAV: no file" [ -s "$T/url.wav" ]
"$VNR" -o "$T/missing.wav" "$URL/missing" 2>"$T/err"
rc=$?
check "404 to a WAV: exit $rc, want 1" [ $rc -eq 1 ]
check "404 to a WAV: a file was made" [ ! -e "$T/missing.wav" ]

if [ $failures -ne 0 ]; then
  echo "url_test: $failures of $checks checks failed"
  exit 1
fi
echo "url_test: $checks checks passed"
