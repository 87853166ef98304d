#!/usr/bin/env python3
"""http_server.py - a local web server for tests/url_test.sh: pages, redirects, errors, gzip,
charsets, a slow answer and an oversized body, on 127.0.0.1 at a free port.
    python3 tests/tools/http_server.py PORTFILE DIR
The port is written to PORTFILE once the server listens; files are served from DIR."""
import gzip
import http.server
import os
import sys
import time
import unicodedata

PORTFILE, ROOT = sys.argv[1], sys.argv[2]


def page(title, body):
    return ("<!DOCTYPE html><html><head><title>%s</title></head><body><article><h1>%s</h1>%s"
            "</article></body></html>" % (title, title, body))


ARTICLE = page("Tin trên mạng", "<p>Đây là bài báo lấy về qua HTTP, đọc bằng tiếng Việt có dấu.</p>")
# A page in windows-1258 whose charset only the HTTP header names: no <meta charset>.
CP1258 = page("Tiếng Việt", "<p>Hà Nội, Đà Nẵng và Huế đón khách du lịch.</p>")


def cp1258(text):
    """windows-1258 has ê, ơ, ư... but writes the tone as a combining mark after them."""
    out = b""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        d = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", d[0] + "".join(m for m in d[1:] if m not in tones))
        out += base.encode("cp1258") + "".join(m for m in d[1:] if m in tones).encode("cp1258")
    return out


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def send(self, code, body, ctype="text/html; charset=utf-8", headers=()):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        p = self.path
        if p == "/article.html":
            self.send(200, ARTICLE.encode())
        elif p == "/redirect":
            self.send(302, b"", headers=[("Location", "/article.html")])
        elif p == "/redirect-loop":
            self.send(302, b"", headers=[("Location", "/redirect-loop")])
        elif p == "/missing":
            self.send(404, page("Không tìm thấy", "<p>Trang không tồn tại.</p>").encode())
        elif p == "/gzip":
            if "gzip" not in self.headers.get("Accept-Encoding", ""):
                self.send(406, b"gzip expected")
                return
            self.send(200, gzip.compress(ARTICLE.encode()), headers=[("Content-Encoding", "gzip")])
        elif p == "/cp1258":
            self.send(200, cp1258(CP1258), ctype="text/html; charset=windows-1258")
        elif p == "/bogus-charset":  # a charset no decoder knows: read as UTF-8
            self.send(200, ARTICLE.encode(), ctype="text/html; charset=x-no-such-charset")
        elif p == "/user-agent":
            ua = self.headers.get("User-Agent", "")
            self.send(200, page("Trình duyệt", "<p>Máy khách tự xưng là %s, đúng như mong đợi.</p>" % ua).encode())
        elif p == "/slow":
            time.sleep(5)
            self.send(200, ARTICLE.encode())
        elif p == "/huge":  # no Content-Length: the cap must hold while reading
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            chunk = b"<p>" + b"x" * 65536 + b"</p>"
            try:
                for _ in range(1200):  # about 78 MB
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
        else:
            name = os.path.join(ROOT, os.path.basename(p))
            if os.path.isfile(name):
                with open(name, "rb") as f:
                    data = f.read()
                ctype = "application/pdf" if name.endswith(".pdf") else "text/html; charset=utf-8"
                self.send(200, data, ctype=ctype)
            else:
                self.send(404, b"not found")


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True


srv = Server(("127.0.0.1", 0), Handler)
with open(PORTFILE + ".tmp", "w") as f:
    f.write(str(srv.server_address[1]))
os.rename(PORTFILE + ".tmp", PORTFILE)
srv.serve_forever()
