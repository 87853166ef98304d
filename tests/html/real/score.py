#!/usr/bin/env python3
"""score.py - what a listener hears of a real page, against what they should hear.

usage: score.py hand EXPECT_FILE GOT_FILE
       score.py readability EXPECTED_HTML GOT_FILE
Prints one line: "HEARD EXPECTED JUNK LINES" (numbers), then the misses and junk, indented.
  hand:        EXPECT_FILE lines "+ text" must be heard (inside some line read), "- text" must
               not begin a line read; '#' lines are comments.
  readability: every paragraph of 40+ characters of Readability's expected article must be
               heard; a line read (15+ characters) found nowhere in it is junk.
Text is compared lowercased, without punctuation and with spaces collapsed, so quotes, dashes
and line breaks do not count.
"""
import html
import re
import sys
import unicodedata
from html.parser import HTMLParser


def norm(s):
    s = unicodedata.normalize("NFC", html.unescape(s)).lower()
    s = re.sub(r"\[(\d+|[a-z]|citation needed)\]", " ", s)  # footnote marks are not read, by design
    s = re.sub(r"[^\w\s]", " ", s)
    return " ".join(s.split())


class Paragraphs(HTMLParser):
    BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td",
              "figcaption", "div", "dd", "dt", "br", "tr", "section", "article"}

    def __init__(self):
        super().__init__()
        self.paras, self.cur, self.skip = [], [], 0

    def flush(self):
        text = "".join(self.cur).strip()  # "<span>Z</span>imbabwe" is one word
        self.cur = []
        if text:
            self.paras.append(text)

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("script", "style")
        if tag in self.BLOCKS:
            self.flush()

    def handle_endtag(self, tag):
        self.skip -= tag in ("script", "style") and self.skip > 0
        if tag in self.BLOCKS:
            self.flush()

    def handle_data(self, data):
        if not self.skip:
            self.cur.append(data)


def main():
    mode, expect_file, got_file = sys.argv[1:4]
    got_lines = [l.strip() for l in open(got_file, encoding="utf-8", errors="replace") if l.strip()]
    got = [l.lstrip("#").strip() for l in got_lines]
    heard = norm(" ".join(got))
    got_norm = [norm(l) for l in got]
    misses, junk = [], []
    if mode == "hand":
        want, avoid = [], []
        for line in open(expect_file, encoding="utf-8"):
            line = line.rstrip("\n")
            if line.startswith("+ "):
                want.append(line[2:])
            elif line.startswith("- "):
                avoid.append(line[2:])
        misses = [w for w in want if norm(w) not in heard]
        junk = [a for a in avoid if any(g.startswith(norm(a)) for g in got_norm)]
        expected = len(want)
    else:
        p = Paragraphs()
        p.feed(open(expect_file, encoding="utf-8", errors="replace").read())
        p.flush()
        want = [w for w in p.paras if len(norm(w)) >= 40]
        everything = norm(" ".join(p.paras))
        misses = [w for w in want if norm(w) not in heard]
        # the headline is read by design, and Readability's article leaves it out
        body = list(zip(got, got_norm))[1:] if got and got_lines[0].startswith("# ") else zip(got, got_norm)
        junk = [g for g, n in body if len(n) >= 15 and n not in everything]
        expected = len(want)
    print(expected - len(misses), expected, len(junk), len(got))
    for m in misses:
        print("  missing:", m[:110])
    for j in junk:
        print("  junk:   ", j[:110])


if __name__ == "__main__":
    main()
