#!/usr/bin/env python3
"""score.py - how many corpus sentences the normalizer reads exactly as written down.

usage: score.py CORPUS.tsv VNREADER [--misses]
The corpus has a header line, then id<TAB>category<TAB>input<TAB>expected. Expected readings may
hold {a|b} (either) and [x] (optional) where a news reader could say either. Words are compared
case-insensitively, punctuation and hyphens count as spaces, and the two placements of a tone
mark (hoà/hòa, thuỷ/thủy) are the same word. Prints one line per category, "category<TAB>hits
<TAB>total<TAB>percent", then "all<TAB>...". With --misses, each miss before that on stderr.
"""
import subprocess
import sys
import unicodedata

TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def words(text):
    """Comparable words: NFC, lowercase, marks as spaces, the tone mark moved to the end."""
    text = unicodedata.normalize("NFC", text).lower()
    text = "".join(" " if unicodedata.category(ch)[0] in "PSZC" else ch for ch in text)
    out = []
    for w in text.split():
        d = unicodedata.normalize("NFD", w)
        tone = "".join(ch for ch in d if ch in TONE_MARKS)
        base = unicodedata.normalize("NFC", "".join(ch for ch in d if ch not in TONE_MARKS))
        out.append(base + tone)
    return out


def readings(expected, limit=4096):
    """Every reading an expected text allows: "{a|b} c [d]" -> "a c d", "a c", "b c d", "b c"."""
    choices, i = [], 0
    while i < len(expected):
        ch = expected[i]
        if ch in "{[":
            close = expected.index("}" if ch == "{" else "]", i)
            inner = expected[i + 1:close]
            choices.append(inner.split("|") if ch == "{" else [inner, ""])
            i = close + 1
        else:
            j = i
            while j < len(expected) and expected[j] not in "{[":
                j += 1
            choices.append([expected[i:j]])
            i = j
    texts = [""]
    for options in choices:
        texts = [t + o for t in texts for o in options][:limit]
    return texts


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    corpus, program = sys.argv[1], sys.argv[2]
    show = "--misses" in sys.argv[3:]
    with open(corpus, encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t") for line in f][1:]
    bad = [n + 2 for n, r in enumerate(rows) if len(r) != 4]
    if bad:
        sys.exit(f"{corpus}:{bad[0]}: not id<TAB>category<TAB>input<TAB>expected")
    run = subprocess.run([program, "--normalize"], input="".join(r[2] + "\n" for r in rows),
                         capture_output=True, text=True, check=False)
    if run.returncode != 0:
        sys.exit(f"{program} --normalize failed ({run.returncode}): {run.stderr[:200]}")
    got = run.stdout.split("\n")
    if len(got) < len(rows):
        sys.exit(f"{program} gave {len(got)} lines for {len(rows)} inputs")
    per = {}
    for (rid, cat, text, expected), out in zip(rows, got):
        hit = any(words(r) == words(out) for r in readings(expected))
        hit = hit and unicodedata.is_normalized("NFC", out)
        per.setdefault(cat, [0, 0])
        per[cat][0] += hit
        per[cat][1] += 1
        if show and not hit:
            print(f"{rid} [{cat}] {text}\n  want: {expected}\n  got:  {out}", file=sys.stderr)
    total = [sum(v[0] for v in per.values()), sum(v[1] for v in per.values())]
    for cat, (h, n) in sorted(per.items()) + [("all", total)]:
        print(f"{cat}\t{h}\t{n}\t{100 * h / n:.1f}")


main()
