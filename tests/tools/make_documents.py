#!/usr/bin/env python3
"""make_documents.py - the small documents tests/documents_test.sh reads: EPUB 2 and 3, DOCX,
ODT and PDF, each with headings, lists, tables, notes and the traps of its format, plus broken
and encrypted ones. Written from the formats' specifications, part by part (zip + XML).
    python3 tests/tools/make_documents.py OUTDIR"""
import os
import sys
import zipfile

OUT = sys.argv[1]
os.makedirs(OUT, exist_ok=True)


def write_zip(name, parts, mimetype=None):
    """parts: (path, text) in order; an EPUB/ODF mimetype goes first, stored uncompressed."""
    with zipfile.ZipFile(os.path.join(OUT, name), "w", zipfile.ZIP_DEFLATED) as z:
        if mimetype:
            z.writestr(zipfile.ZipInfo("mimetype"), mimetype, compress_type=zipfile.ZIP_STORED)
        for path, text in parts:
            z.writestr(path, text)


# --- EPUB 3: a nav document (not read), three chapters in spine order (not file order), the
# --- second without a heading of its own (named by the nav), a non-linear note page (skipped).
def xhtml(title, body):
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n'
            '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">'
            '<head><title>%s</title><link rel="stylesheet" href="../style.css"/></head><body>%s</body></html>'
            % (title, body))


CONTAINER = ('<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
             '<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>')

OPF3 = """<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Truyện mẫu</dc:title><dc:language>vi</dc:language><dc:identifier id="id">vnreader-test</dc:identifier></metadata>
<manifest>
<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
<item id="c1" href="Text/chuong%201.xhtml" media-type="application/xhtml+xml"/>
<item id="c2" href="Text/chuong2.xhtml" media-type="application/xhtml+xml"/>
<item id="c3" href="Text/chuong3.xhtml" media-type="application/xhtml+xml"/>
<item id="notes" href="Text/notes.xhtml" media-type="application/xhtml+xml"/>
<item id="css" href="style.css" media-type="text/css"/>
</manifest>
<spine><itemref idref="nav" linear="no"/><itemref idref="c1"/><itemref idref="c2"/><itemref idref="notes" linear="no"/><itemref idref="c3"/></spine>
</package>"""

NAV = xhtml("Mục lục", '<nav epub:type="toc"><h1>Mục lục</h1><ol>'
            '<li><a href="Text/chuong%201.xhtml">Chương một: Làng quê</a></li>'
            '<li><a href="Text/chuong2.xhtml#start">Chương hai: Ra phố</a></li>'
            '<li><a href="Text/chuong3.xhtml">Chương ba: Trở về</a></li></ol></nav>')

CH1 = xhtml("Chương 1", '<section epub:type="chapter"><h1>Chương một: Làng quê</h1>'
            '<p>Làng tôi nằm bên dòng sông nhỏ, quanh năm cây trái xanh tươi.</p>'
            '<p>Mỗi sáng, mẹ tôi dậy sớm nấu cơm<a epub:type="noteref" href="notes.xhtml#n1">1</a> rồi ra đồng.</p></section>')
CH2 = xhtml("Chương 2", '<p id="start">Năm mười tám tuổi, tôi lên thành phố học đại học.</p>'
            '<h2>Những ngày đầu</h2><p>Phố xá đông đúc, tiếng xe ồn ào suốt đêm.</p>')
CH3 = xhtml("Chương 3", '<h1>Chương ba: Trở về</h1><p>Tết năm ấy, tôi về quê.</p>'
            '<blockquote><p>Quê hương là chùm khế ngọt.</p></blockquote>')
NOTES = xhtml("Ghi chú", '<aside epub:type="footnote" id="n1"><p>Cơm nấu bằng bếp rơm.</p></aside>')

write_zip("book.epub", [("META-INF/container.xml", CONTAINER), ("OEBPS/content.opf", OPF3),
                        ("OEBPS/nav.xhtml", NAV), ("OEBPS/Text/chuong 1.xhtml", CH1),
                        ("OEBPS/Text/chuong3.xhtml", CH3), ("OEBPS/Text/chuong2.xhtml", CH2),
                        ("OEBPS/Text/notes.xhtml", NOTES), ("OEBPS/style.css", "p { margin: 0 }")],
          mimetype="application/epub+zip")

# EPUB 2: an NCX table of contents; the chapter without a heading takes its label. No mimetype
# entry first (a sloppy packer): recognised by META-INF/container.xml.
OPF2 = """<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="2.0" unique-identifier="id">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Sách cũ</dc:title></metadata>
<manifest><item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>
<item id="a" href="a.html" media-type="application/xhtml+xml"/></manifest>
<spine toc="ncx"><itemref idref="a"/></spine></package>"""
NCX = """<?xml version="1.0" encoding="UTF-8"?>
<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1"><navMap>
<navPoint id="p1" playOrder="1"><navLabel><text>Lời nói đầu</text></navLabel><content src="a.html"/></navPoint>
</navMap></ncx>"""
write_zip("old.epub", [("META-INF/container.xml", CONTAINER), ("OEBPS/content.opf", OPF2),
                       ("OEBPS/toc.ncx", NCX),
                       ("OEBPS/a.html", xhtml("A", "<p>Cuốn sách này viết cho thiếu nhi.</p>"))])

# DRM: the chapters are listed as encrypted.
ENC = ('<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" xmlns:enc="http://www.w3.org/2001/04/xmlenc#">'
       '<enc:EncryptedData><enc:CipherData><enc:CipherReference URI="OEBPS/Text/chuong2.xhtml"/></enc:CipherData></enc:EncryptedData></encryption>')
write_zip("drm.epub", [("META-INF/container.xml", CONTAINER), ("META-INF/encryption.xml", ENC),
                       ("OEBPS/content.opf", OPF3), ("OEBPS/Text/chuong2.xhtml", "\x00\x01binary")],
          mimetype="application/epub+zip")

# --- DOCX: a title, a table of contents (not read), headings by localized style id and by
# --- outline level, numbered and bulleted lists, a table, a footnote (read at the end), a
# --- deleted revision (not read), a tab and a line break, a page header (not read).
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def wp(text="", style=None, num=None, outline=None, runs=None):
    ppr = ""
    if style or num or outline is not None:
        ppr = "<w:pPr>"
        if style:
            ppr += '<w:pStyle w:val="%s"/>' % style
        if num:
            ppr += '<w:numPr><w:ilvl w:val="%d"/><w:numId w:val="%d"/></w:numPr>' % (num[1], num[0])
        if outline is not None:
            ppr += '<w:outlineLvl w:val="%d"/>' % outline
        ppr += "</w:pPr>"
    body = runs if runs is not None else '<w:r><w:t xml:space="preserve">%s</w:t></w:r>' % text
    return "<w:p>%s%s</w:p>" % (ppr, body)


def cell(text):
    return "<w:tc><w:tcPr/>%s</w:tc>" % wp(text)


DOCUMENT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document %s><w:body>' % W
            + wp("BÁO CÁO TỔNG KẾT NĂM 2025", style="Title")
            + '<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/></w:docPartObj></w:sdtPr><w:sdtContent>'
            + wp("Mục lục") + wp("I. Kết quả đạt được 1") + wp("II. Phương hướng 2") + "</w:sdtContent></w:sdt>"
            + wp("I. Kết quả đạt được", style="u1")
            + wp(runs='<w:r><w:t xml:space="preserve">Năm 2025, đơn vị </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>hoàn thành</w:t></w:r>'
                 '<w:r><w:t xml:space="preserve"> 12 chỉ tiêu</w:t></w:r><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="1"/></w:r><w:r><w:t>.</w:t></w:r>')
            + wp("Tăng doanh thu 15%;", num=(1, 0)) + wp("Giảm chi phí 8%.", num=(1, 0))
            + wp("Mở thêm hai chi nhánh.", num=(3, 0))
            + wp("Đào tạo 200 lượt cán bộ.", num=(2, 0))
            + wp("Số liệu chi tiết", style="Heading2")
            + "<w:tbl><w:tblPr/><w:tr>" + cell("Chỉ tiêu") + cell("Kế hoạch") + cell("Thực hiện") + "</w:tr>"
            + "<w:tr>" + cell("Doanh thu") + cell("100 tỷ") + cell("115 tỷ") + "</w:tr></w:tbl>"
            + wp(runs='<w:r><w:t>Địa chỉ:</w:t><w:tab/><w:t xml:space="preserve">số 1 Tràng Tiền</w:t></w:r>'
                 '<w:del w:id="9" w:author="A"><w:r><w:delText> cũ</w:delText></w:r></w:del>'
                 '<w:r><w:br/><w:t>Hà Nội</w:t></w:r>')
            + wp("II. Phương hướng", outline=0)
            + wp("Tiếp tục tăng trưởng bền vững.")
            + '<w:sectPr><w:headerReference w:type="default" r:id="rIdH"/></w:sectPr></w:body></w:document>')

STYLES = ('<?xml version="1.0" encoding="UTF-8"?><w:styles %s>' % W
          + '<w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
          + '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>'
          + '<w:style w:type="paragraph" w:styleId="u1"><w:name w:val="heading 1"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>'
          + '<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/></w:style></w:styles>')

NUMBERING = ('<?xml version="1.0" encoding="UTF-8"?><w:numbering %s>' % W
             + '<w:abstractNum w:abstractNumId="10"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
             + '<w:abstractNum w:abstractNumId="20"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl></w:abstractNum>'
             + '<w:abstractNum w:abstractNumId="30"><w:lvl w:ilvl="0"><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1)"/></w:lvl></w:abstractNum>'
             + '<w:num w:numId="1"><w:abstractNumId w:val="10"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="20"/></w:num>'
             + '<w:num w:numId="3"><w:abstractNumId w:val="30"/></w:num></w:numbering>')

FOOTNOTES = ('<?xml version="1.0" encoding="UTF-8"?><w:footnotes %s>' % W
             + '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
             + '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
             + '<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> Theo Nghị quyết số 01/NQ-HĐQT.</w:t></w:r></w:p></w:footnote></w:footnotes>')

HEADER = '<?xml version="1.0"?><w:hdr %s>%s</w:hdr>' % (W, wp("CÔNG TY ABC - TÀI LIỆU NỘI BỘ"))

CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                 '<Default Extension="xml" ContentType="application/xml"/>'
                 '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
RELS = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')

DOCX_PARTS = [("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", RELS),
              ("word/document.xml", DOCUMENT), ("word/styles.xml", STYLES),
              ("word/numbering.xml", NUMBERING), ("word/footnotes.xml", FOOTNOTES),
              ("word/header1.xml", HEADER)]
write_zip("report.docx", DOCX_PARTS)
write_zip("report-docx.bin", DOCX_PARTS)  # recognised by content, whatever its name

# --- ODT: a heading, a table of contents (not read), spans and spaces, a footnote, a numbered
# --- list (an item of two paragraphs), a bulleted list, a table, a comment and a tracked
# --- deletion (not read).
O = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
     'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
     'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
     'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
     'xmlns:dc="http://purl.org/dc/elements/1.1/"')
ODT_CONTENT = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content %s office:version="1.3">' % O
               + '<office:automatic-styles><text:list-style style:name="L1"><text:list-level-style-number text:level="1" style:num-suffix="." style:num-format="1"/></text:list-style>'
               + '<text:list-style style:name="L2"><text:list-level-style-bullet text:level="1" text:bullet-char="•"/></text:list-style></office:automatic-styles>'
               + '<office:body><office:text>'
               + '<text:tracked-changes><text:changed-region text:id="c1"><text:deletion><text:p>Câu đã xóa.</text:p></text:deletion></text:changed-region></text:tracked-changes>'
               + '<text:h text:outline-level="1">Thông báo tuyển sinh</text:h>'
               + '<text:table-of-content text:name="Mục lục"><text:index-body><text:p>Thông báo tuyển sinh 1</text:p><text:p>Học phí 2</text:p></text:index-body></text:table-of-content>'
               + '<text:p>Trường <text:span text:style-name="T1">Đại học Mẫu</text:span> tuyển<text:s text:c="2"/>500 chỉ tiêu<text:note text:id="n1" text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>Áp dụng cho hệ chính quy.</text:p></text:note-body></text:note> năm 2025.<office:annotation><dc:creator>A</dc:creator><text:p>Kiểm tra lại số này</text:p></office:annotation></text:p>'
               + '<text:list text:style-name="L1"><text:list-item><text:p>Nộp hồ sơ trước 30/9.</text:p></text:list-item>'
               + '<text:list-item><text:p>Phỏng vấn ngày 5/10.</text:p><text:p>Mang theo bản gốc.</text:p></text:list-item></text:list>'
               + '<text:list text:style-name="L2"><text:list-item><text:p>Mang theo CCCD.</text:p></text:list-item></text:list>'
               + '<text:h text:outline-level="2">Học phí</text:h>'
               + '<table:table table:name="T1"><table:table-column table:number-columns-repeated="2"/>'
               + '<table:table-header-rows><table:table-row><table:table-cell><text:p>Ngành</text:p></table:table-cell><table:table-cell><text:p>Học phí</text:p></table:table-cell></table:table-row></table:table-header-rows>'
               + '<table:table-row><table:table-cell><text:p>Tin học</text:p></table:table-cell><table:table-cell><text:p>15 triệu</text:p></table:table-cell></table:table-row></table:table>'
               + '<text:p>Liên hệ:<text:line-break/>Phòng Đào tạo</text:p>'
               + '</office:text></office:body></office:document-content>')
ODT_MANIFEST = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
                '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>')
write_zip("notice.odt", [("content.xml", ODT_CONTENT), ("META-INF/manifest.xml", ODT_MANIFEST)],
          mimetype="application/vnd.oasis.opendocument.text")
ENC_MANIFEST = ODT_MANIFEST.replace('manifest:media-type="text/xml"/>',
                                    'manifest:media-type="text/xml"><manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="x"/></manifest:file-entry>')
write_zip("locked.odt", [("content.xml", "\x8b\x01\x02binary"), ("META-INF/manifest.xml", ENC_MANIFEST)],
          mimetype="application/vnd.oasis.opendocument.text")

# Broken: a zip cut in half; a zip of something else; an OLE file (an encrypted .docx).
with open(os.path.join(OUT, "report.docx"), "rb") as f:
    whole = f.read()
with open(os.path.join(OUT, "cut.docx"), "wb") as f:
    f.write(whole[:len(whole) // 2])
write_zip("photos.zip", [("a.txt", "không phải tài liệu")])
with open(os.path.join(OUT, "locked.docx"), "wb") as f:
    f.write(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + b"\0" * 504)
