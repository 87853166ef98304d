#!/bin/sh
# documents_test.sh - e-books, office documents and PDFs: the test writes its own small documents
# (tests/tools/make_documents.py: zip + XML parts; tests/tools/make_pdf.py: ReportLab with the
# DejaVu font) and checks what vnreader --extract finds in each, exactly: chapters and headings
# as sections ("# " marks), lists, tables, notes, running headers and page numbers dropped, the
# type recognised by content; broken and encrypted files fail with a message naming them.
#   sh tests/documents_test.sh build/vnreader
VNR=${1:-build/vnreader}
NAME=documents_test
. "$(dirname "$0")/testlib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
D=$T/docs

[ -x "$VNR" ] || { echo "documents_test: no $VNR"; exit 1; }
python3 "$HERE/tools/make_documents.py" "$D" || { echo "documents_test: FAIL: make_documents.py"; exit 1; }

# expect FILE: --extract FILE must print exactly the text on stdin.
expect() {
  cat >"$T/want"
  "$VNR" --extract "$D/$1" >"$T/got" 2>"$T/err"
  rc=$?
  check "$1: exit $rc: $(cat "$T/err")" [ $rc -eq 0 ]
  if ! cmp -s "$T/want" "$T/got"; then
    echo "documents_test: $1: extracted text differs:"
    diff "$T/want" "$T/got" | head -20
    check "$1: extracted text" false
  fi
}
# refuse FILE MESSAGE: exit 1 with "vnreader: DIR/FILE: MESSAGE", nothing on stdout, no output.
refuse() {
  "$VNR" --extract "$D/$1" >"$T/got" 2>"$T/err"
  rc=$?
  check "$1: exit $rc, want 1" [ $rc -eq 1 ]
  check "$1: message '$(cat "$T/err")', want '$2'" grep -qxF "vnreader: $D/$1: $2" "$T/err"
  check "$1: printed $(head -c 100 "$T/got")" [ ! -s "$T/got" ]
  "$VNR" -o "$T/refused.wav" "$D/$1" >/dev/null 2>&1
  rc=$?
  check "$1 spoken: exit $rc, want 1" [ $rc -eq 1 ]
  check "$1 spoken: a WAV was made" [ ! -e "$T/refused.wav" ]
}

# --- EPUB 3: spine order (chapter 3 after the skipped non-linear notes), the nav not read, a
# --- chapter without a heading named by the nav, footnote marks not read.
expect book.epub <<'X'
# Chương một: Làng quê

Làng tôi nằm bên dòng sông nhỏ, quanh năm cây trái xanh tươi.

Mỗi sáng, mẹ tôi dậy sớm nấu cơm rồi ra đồng.

# Chương hai: Ra phố

Năm mười tám tuổi, tôi lên thành phố học đại học.

## Những ngày đầu

Phố xá đông đúc, tiếng xe ồn ào suốt đêm.

# Chương ba: Trở về

Tết năm ấy, tôi về quê.

Quê hương là chùm khế ngọt.
X
# EPUB 2, no mimetype entry: the NCX names the chapter.
expect old.epub <<'X'
# Lời nói đầu

Cuốn sách này viết cho thiếu nhi.
X

# --- DOCX and ODT.
expect report.docx <<'X'
# BÁO CÁO TỔNG KẾT NĂM 2025

# I. Kết quả đạt được

Năm 2025, đơn vị hoàn thành 12 chỉ tiêu.

1. Tăng doanh thu 15%;

2. Giảm chi phí 8%.

a) Mở thêm hai chi nhánh.

Đào tạo 200 lượt cán bộ.

## Số liệu chi tiết

Chỉ tiêu
Kế hoạch
Thực hiện

Doanh thu
100 tỷ
115 tỷ

Địa chỉ: số 1 Tràng Tiền
Hà Nội

# II. Phương hướng

Tiếp tục tăng trưởng bền vững.

1. Theo Nghị quyết số 01/NQ-HĐQT.
X
cp "$T/want" "$T/report.want"
expect notice.odt <<'X'
# Thông báo tuyển sinh

Trường Đại học Mẫu tuyển 500 chỉ tiêu năm 2025.

1. Nộp hồ sơ trước 30/9.

2. Phỏng vấn ngày 5/10.

Mang theo bản gốc.

Mang theo CCCD.

## Học phí

Ngành
Học phí

Tin học
15 triệu

Liên hệ:
Phòng Đào tạo

1. Áp dụng cho hệ chính quy.
X
# Recognised by content: a Word document named .bin, and one named .txt.
cp "$D/report.docx" "$D/bao-cao.txt"
for f in report-docx.bin bao-cao.txt; do
  "$VNR" --extract "$D/$f" >"$T/got" 2>"$T/err"
  check "$f: read as Word by its content: $(head -2 "$T/got" "$T/err")" cmp -s "$T/got" "$T/report.want"
done

# --- Broken, encrypted, not a document.
refuse cut.docx "not a valid zip archive (broken or truncated?)"
refuse photos.zip "a zip archive, but not an EPUB, DOCX or ODT document"
refuse locked.docx "a password-protected Office file or an old Word .doc: not supported"
refuse locked.odt "encrypted (password protected) document"
refuse drm.epub "encrypted EPUB (DRM): not supported"
printf 'PK\003\004' >"$D/stub.epub"
refuse stub.epub "not a valid zip archive (broken or truncated?)"

# --- Through the reader: headings and paragraphs go on to the normalizer and the synthesizer.
"$VNR" --normalize "$D/report.docx" >"$T/norm" 2>"$T/err"
rc=$?
check "--normalize report.docx: exit $rc: $(cat "$T/err")" [ $rc -eq 0 ]
check "--normalize report.docx: no heading read: $(head -3 "$T/norm")" grep -q "hai nghìn không trăm hai mươi lăm" "$T/norm"
check "--normalize report.docx: a '#' mark reached the normalizer" sh -c "! grep -q '#' '$T/norm'"
"$VNR" -o "$T/book.wav" "$D/book.epub" 2>"$T/err"
rc=$?
check "book.epub to WAV: exit $rc: $(cat "$T/err")" [ $rc -eq 0 ]
check "book.epub to WAV: no file" [ -s "$T/book.wav" ]

# A folder of documents in a batch: each to its own WAV.
mkdir -p "$T/batch"
cp "$D/report.docx" "$D/book.epub" "$D/notice.odt" "$T/batch/"
"$VNR" --batch "$T/batch" -o "$T/batch-out/" -q 2>"$T/err"
rc=$?
check "--batch of documents: exit $rc: $(cat "$T/err")" [ $rc -eq 0 ]
for f in report book notice; do
  check "--batch of documents: no $f.wav" [ -s "$T/batch-out/$f.wav" ]
done

# --- PDF: needs ReportLab (python3-reportlab) to write the test files.
PY=
for p in python3 /usr/bin/python3; do
  if command -v "$p" >/dev/null && "$p" -c 'import reportlab' 2>/dev/null; then PY=$p; break; fi
done
if [ -z "$PY" ] || [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then
  echo "documents_test: SKIP: PDF checks need python3-reportlab and fonts-dejavu-core"
  [ "$CI" = true ] && failures=$((failures + 1))
else
  "$PY" "$HERE/tools/make_pdf.py" "$D" || fail "make_pdf.py"
  # Running header and "Trang N / 3" dropped, lines joined, "block-" + "chain" joined, the
  # bigger type a heading, the paragraph across a page break... not split by it.
  expect report.pdf <<'X'
# Báo cáo chuyển đổi số năm 2025

Năm 2025, toàn tỉnh đã đưa 95% thủ tục hành chính lên môi trường mạng, tăng mạnh so với năm trước. Người dân có thể nộp hồ sơ và nhận kết quả ngay tại nhà.

Các doanh nghiệp nhỏ bắt đầu dùng hóa đơn điện tử và công nghệ blockchain để quản lý chuỗi cung ứng nông sản.

# Hạ tầng và nhân lực

Tỉnh đã phủ sóng di động đến 100% thôn, bản, kể cả các xã vùng cao khó khăn nhất, với tốc độ trung bình đạt 60 Mbps.

Hơn 3.000 cán bộ được đào tạo kỹ năng số.

Năm 2026, tỉnh đặt mục tiêu hoàn thành cơ sở dữ liệu dân cư, đất đai và doanh nghiệp, kết nối với hệ thống của các bộ, ngành trung ương.
X
  cp "$D/report.pdf" "$D/pdf-named.docx"
  "$VNR" --extract "$D/pdf-named.docx" >"$T/got" 2>"$T/err"
  check "a PDF named .docx is read as a PDF: $(head -2 "$T/got" "$T/err")" cmp -s "$T/got" "$T/want"
  refuse locked.pdf "encrypted PDF (password protected)"
  refuse cut.pdf "damaged PDF, or not a PDF"
  refuse scan.pdf "no text found (a scanned PDF has no text layer to read)"
fi

if [ $failures -ne 0 ]; then
  echo "documents_test: $failures of $checks checks failed"
  exit 1
fi
echo "documents_test: $checks checks passed"
