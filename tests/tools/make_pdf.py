#!/usr/bin/env python3
"""make_pdf.py - PDFs for tests/documents_test.sh, written with ReportLab and the DejaVu Sans
font (Vietnamese letters): a three-page report with a running header, a footer with page numbers,
paragraphs wrapped over several lines, a word hyphenated at a line end, and a heading; an
encrypted copy; a truncated one.
    python3 tests/tools/make_pdf.py OUTDIR"""
import os
import sys

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

OUT = sys.argv[1]
os.makedirs(OUT, exist_ok=True)
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
pdfmetrics.registerFont(TTFont("DejaVu", FONT))
pdfmetrics.registerFont(TTFont("DejaVuBold", FONT.replace("Sans.ttf", "Sans-Bold.ttf")))

# Each page: (kind, lines). A paragraph is given as the lines it is printed on; the last line of
# a paragraph is short, as in any justified text. "block-" ends a line: one word, hyphenated.
PAGES = [
    [("h", ["Báo cáo chuyển đổi số năm 2025"]),
     ("p", ["Năm 2025, toàn tỉnh đã đưa 95% thủ tục hành chính lên môi trường mạng, tăng",
            "mạnh so với năm trước. Người dân có thể nộp hồ sơ và nhận kết quả ngay tại nhà."]),
     ("p", ["Các doanh nghiệp nhỏ bắt đầu dùng hóa đơn điện tử và công nghệ block-",
            "chain để quản lý chuỗi cung ứng nông sản."])],
    [("h", ["Hạ tầng và nhân lực"]),
     ("p", ["Tỉnh đã phủ sóng di động đến 100% thôn, bản, kể cả các xã vùng cao khó khăn",
            "nhất, với tốc độ trung bình đạt 60 Mbps."]),
     ("p", ["Hơn 3.000 cán bộ được đào tạo kỹ năng số."])],
    [("p", ["Năm 2026, tỉnh đặt mục tiêu hoàn thành cơ sở dữ liệu dân cư, đất đai và doanh",
            "nghiệp, kết nối với hệ thống của các bộ, ngành trung ương."])],
]
HEADER = "CỔNG THÔNG TIN TỈNH MẪU - TÀI LIỆU NỘI BỘ"


def draw(path, encrypt=None):
    c = canvas.Canvas(path, pagesize=A4, encrypt=encrypt)
    width, height = A4
    for number, page in enumerate(PAGES, 1):
        c.setFont("DejaVu", 9)
        c.drawString(72, height - 40, HEADER)
        c.drawCentredString(width / 2, 30, "Trang %d / %d" % (number, len(PAGES)))
        y = height - 100
        for kind, lines in page:
            c.setFont("DejaVuBold" if kind == "h" else "DejaVu", 14 if kind == "h" else 11)
            for line in lines:
                c.drawString(72, y, line)
                y -= 16
            y -= 14  # the gap between paragraphs
        c.showPage()
    c.save()


draw(os.path.join(OUT, "report.pdf"))
# A scan: pictures only, no text layer.
c = canvas.Canvas(os.path.join(OUT, "scan.pdf"), pagesize=A4)
c.rect(72, 400, 300, 300, fill=1)
c.showPage()
c.save()
draw(os.path.join(OUT, "locked.pdf"), encrypt="mat-khau")
with open(os.path.join(OUT, "report.pdf"), "rb") as f:
    data = f.read()
with open(os.path.join(OUT, "cut.pdf"), "wb") as f:
    f.write(data[:len(data) // 3])
