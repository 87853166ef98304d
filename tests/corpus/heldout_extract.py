#!/usr/bin/env python3
"""heldout_extract.py - how the sentences of heldout_dantri.tsv were chosen (the readings were
then written by hand, see README.md).

Input all.txt: every file of resources/CP_Vietnamese-UNC/datasets/CP_Vietnamese-UNC/ in
github.com/undertheseanlp/resources (commit cbdb3c3, dantri.com.vn articles of 2020-2021),
concatenated with `git show`. Output heldout_picked.tsv: sentence<TAB>category, 30-120
characters, ending in . ! or ?, each in the first category whose pattern it matches, sampled
per category with random.seed(2021).
With --fresh (after the first run): a second, smaller sample of other sentences with
random.seed(2022) into fresh_picked.tsv (the f-lines, scored before any fix was made for them).
"""
import re, random, unicodedata, collections, sys
args = [a for a in sys.argv[1:] if a != '--fresh']
fresh = '--fresh' in sys.argv
raw = open(args[0] if args else 'all.txt', encoding='utf-8').read()
sents = []
for line in raw.split('\n'):
    if line.startswith('#'):
        continue
    line = unicodedata.normalize('NFC', line)
    for s in re.split(r'(?<=[.!?])\s+(?=[A-ZĐÀ-Ỹ"“])', line):
        s = ' '.join(s.split())
        if 30 <= len(s) <= 120 and s[-1] in '.!?':
            sents.append(s)
sents = list(dict.fromkeys(sents))
CAT = [
    ('roman', r'\b(thế kỷ|khóa|khoá|Đại hội|chương|phần|mục|khoản|quý|lần thứ|kỳ)\s+[IVXLCDM]+\b|\b[IVX]{2,}\b'),
    ('phone', r'\b(0\d{2,3}[ .]?\d{3}[ .]?\d{3,4}|1900\s?\d{4}|1800\s?\d{4}|\+84)'),
    ('time', r'\b\d{1,2}(h|g|:)\d{0,2}\b|\b\d+p\d*\b|\b\d{1,2}\s?giờ\b'),
    ('date', r'\b\d{1,2}[/.-]\d{1,2}([/.-]\d{4})?\b'),
    ('money', r'\d\s?(đ|đồng|USD|VNĐ|VND|\$|k|tr|triệu đồng|tỷ đồng|nghìn đồng|euro|EUR)\b|\$\d'),
    ('percent', r'\d\s?%'),
    ('unit', r'\d\s?(km|m|cm|mm|kg|g|tấn|ha|m2|m3|km2|lít|ml|MW|kW|GB|inch|km/h|°C|độ C|mg|mAh|hp|mã lực|Nm|cc)\b'),
    ('score', r'\b\d{1,2}\s?-\s?\d{1,2}\b'),
    ('year', r'\b(19|20)\d{2}\b'),
    ('code', r'\b[A-Z]+\d+[A-Z\d]*\b|\b\d+[A-Z]+\b'),
    ('number', r'\d'),
    ('abbr', r'\b[A-ZĐ]{2,}\b'),
    ('symbol', r'[&+=~±≥≤≈×÷@#]'),
    ('foreign', r'\b[A-Z][a-z]+[A-Z]\w*|\b[a-z]*[fjwz][a-z]*\b'),
]
by = collections.defaultdict(list)
for s in sents:
    for cat, rx in CAT:
        if re.search(rx, s):
            by[cat].append(s)
            break
random.seed(2022 if fresh else 2021)
quota = {"roman": 20, "phone": 6, "time": 35, "date": 45, "money": 40, "percent": 30, "unit": 40,
         "score": 15, "year": 30, "code": 30, "number": 45, "abbr": 40, "symbol": 15, "foreign": 30}
if fresh:
    quota = {"roman": 8, "phone": 1, "time": 14, "date": 18, "money": 16, "percent": 10, "unit": 16,
             "score": 6, "year": 10, "code": 14, "number": 14, "abbr": 14, "symbol": 8, "foreign": 10}
    used = {line.split('\t')[0] for line in open('heldout_picked.tsv', encoding='utf-8')}
    by = {c: [s for s in l if s not in used] for c, l in by.items()}
out = []
for cat, q in quota.items():
    l = by[cat]
    random.shuffle(l)
    out += [(cat, s) for s in l[:q]]
print({c: len(by[c]) for c in by}, len(out), file=sys.stderr)
with open('fresh_picked.tsv' if fresh else 'heldout_picked.tsv', 'w') as f:
    for cat, s in out:
        f.write(s + '\t' + cat + '\n')
