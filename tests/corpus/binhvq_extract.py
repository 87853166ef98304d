#!/usr/bin/env python3
"""binhvq_extract.py - how the sentences of heldout_binhvq.tsv were chosen (the readings were then
written by hand, see README.md).

Input: sample/demo-full.txt and sample/demo-title.txt of github.com/binhvq/news-corpus (commit
1458a6e, articles of December 2017 to February 2018 from Thanh Niên, Pháp Luật TP.HCM, Tuổi Trẻ
and other papers aggregated by baomoi.com). Output binhvq_picked.tsv: sentence<TAB>category,
30-200 characters, each in the first category whose pattern it matches, sampled per category with
random.seed(2018) (the sample is small: time, score, roman, phone, web and symbol take all there
are). With --fresh (after the first fixes): 105 other sentences with random.seed(2019) into
binhvq_fresh.tsv (the f-lines, scored before any fix was made for them). Sentences already in baomoi_news.tsv or heldout_dantri.tsv are skipped.
"""
import collections
import os
import random
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
fresh = '--fresh' in sys.argv
files = [a for a in sys.argv[1:] if a != '--fresh'] or ['demo-full.txt', 'demo-title.txt']
sents = []
for name in files:
    for line in open(name, encoding='utf-8'):
        line = unicodedata.normalize('NFC', line.strip())
        for s in re.split(r'(?<=[.!?])\s+(?=[A-ZĐÀ-Ỹ"“])', line):
            s = ' '.join(s.split())
            if s.endswith('?.') or s.endswith('!.'):
                s = s[:-1]  # the titles file adds a full stop after every title
            if 30 <= len(s) <= 200 and s[-1] in '.!?':
                sents.append(s)
seen = set()
for old in ('baomoi_news.tsv', 'heldout_dantri.tsv'):
    for line in open(os.path.join(HERE, old), encoding='utf-8'):
        seen.add(line.split('\t')[2] if line.count('\t') >= 3 else '')
sents = [s for s in dict.fromkeys(sents) if s not in seen]
CAT = [
    ('web', r'\bwww\.|https?://|@\w+\.\w|\.(vn|com|net|org)\b'),
    ('roman', r'\b(thế kỷ|khóa|khoá|Đại hội|chương|phần|mục|khoản|quý|lần thứ|kỳ)\s+[IVXLCDM]+\b'
              r'|\b[IVX]{2,}\b'),
    ('phone', r'\b(0\d{2,3}[ .]?\d{3}[ .]?\d{3,4}|1900\s?\d{4}|1800\s?\d{4}|\+84)'),
    ('time', r'\b\d{1,2}(h|g|:)\d{0,2}\b|\b\d+p\d*\b|\b\d{1,2}\s?giờ\b'),
    ('date', r'\b\d{1,2}[/.-]\d{1,2}([/.-]\d{4})?\b'),
    ('money', r'\d\s?(đ|đồng|USD|VNĐ|VND|\$|k|tr|triệu|tỷ|tỉ|nghìn|ngàn|euro|EUR)\b|\$\d'),
    ('percent', r'\d\s?%'),
    ('unit', r'\d\s?(km|m|cm|mm|kg|g|tấn|ha|m2|m3|km2|lít|ml|MW|kW|GB|inch|km/h|°C|độ C|mg|mAh'
             r'|hp|mã lực|Nm|cc)\b'),
    ('score', r'\b\d{1,2}\s?[-–]\s?\d{1,2}\b'),
    ('year', r'\b(19|20)\d{2}\b'),
    ('code', r'\b[A-Z]+\d+[A-Z\d]*\b|\b\d+[A-Z]+\b'),
    ('number', r'\d'),
    ('abbr', r'\b[A-ZĐ]{2,}\b'),
    ('symbol', r'[&+=~±≥≤≈×÷@#]'),
    ('foreign', r'\b[A-Z][a-z]+[A-Z]\w*|\b[a-z]*[fjwz][a-z]*\b|\b[A-Z][a-z]*[fjwz]'),
]
by = collections.defaultdict(list)
for s in sents:
    for cat, rx in CAT:
        if re.search(rx, s):
            by[cat].append(s)
            break
random.seed(2019 if fresh else 2018)
quota = {"web": 8, "roman": 15, "phone": 6, "time": 30, "date": 50, "money": 60, "percent": 25,
         "unit": 30, "score": 20, "year": 40, "code": 35, "number": 70, "abbr": 70, "symbol": 10,
         "foreign": 30}
if fresh:
    quota = {"date": 10, "money": 20, "year": 15, "code": 10, "number": 25, "abbr": 25}
    used = {line.split('\t')[0] for line in open('binhvq_picked.tsv', encoding='utf-8')}
    by = {c: [s for s in pool if s not in used] for c, pool in by.items()}
out = []
for cat, q in quota.items():
    pool = by[cat]
    random.shuffle(pool)
    out += [(cat, s) for s in pool[:q]]
print({c: len(by[c]) for c in by}, len(out), file=sys.stderr)
with open('binhvq_fresh.tsv' if fresh else 'binhvq_picked.tsv', 'w', encoding='utf-8') as f:
    for cat, s in out:
        f.write(s + '\t' + cat + '\n')
