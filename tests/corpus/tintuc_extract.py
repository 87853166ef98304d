#!/usr/bin/env python3
"""tintuc_extract.py - how the sentences of heldout_tintuc.tsv were chosen (the readings were then
written by hand, see README.md).

Input: the daily files data/news/YYYY-MM-DD.json of github.com/mnngoisaoxanh/tintuchangngay
(August 2025 to August 2026; each file lists the RSS titles and summaries of VnExpress, Thanh
Niên, Tuổi Trẻ and Dân Trí of one day; every path's last stored version, commit 7abff6d).
Output tintuc_picked.tsv: sentence<TAB>category, 30-160 characters, each in the first category
whose pattern it matches, sampled per category with random.seed(2026). The quotas lean on what
the earlier sets were thin in: times, hotlines, scores, Roman numerals, web addresses, symbols,
units, codes and foreign names. Sentences already in the other three sets are skipped. With
--fresh (after the first fixes): 100 other sentences with random.seed(2027) into tintuc_fresh.tsv
(the f-lines, read by hand and scored before any fix was made for them).
"""
import collections
import glob
import json
import os
import random
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
fresh = '--fresh' in sys.argv
args = [a for a in sys.argv[1:] if a != '--fresh']
src = args[0] if args else 'data/news'
sents = []
for name in sorted(glob.glob(os.path.join(src, '*.json'))):
    data = json.load(open(name, encoding='utf-8'))
    arts = data['articles'] if isinstance(data, dict) else data
    for a in arts:
        for field in ('title', 'summary'):
            text = unicodedata.normalize('NFC', (a.get(field) or '').strip())
            for s in re.split(r'(?<=[.!?])\s+(?=[A-ZĐÀ-Ỹ"“])', text):
                s = ' '.join(s.split())
                if 30 <= len(s) <= 160:
                    sents.append(s)
seen = set()
for old in ('baomoi_news.tsv', 'heldout_dantri.tsv', 'heldout_binhvq.tsv'):
    for line in open(os.path.join(HERE, old), encoding='utf-8'):
        seen.add(line.split('\t')[2] if line.count('\t') >= 3 else '')
sents = sorted(s for s in set(sents) if s not in seen)
CAT = [
    ('web', r'\bwww\.|https?://|@\w+\.\w|\.(vn|com|net|org)\b'),
    ('phone', r'\b(0\d{2,3}[ .]?\d{3}[ .]?\d{3,4}|1900\s?\d{4}|1800\s?\d{4}|\+84)|hotline|đường dây nóng'),
    ('time', r'\b\d{1,2}(h|g|:)\d{0,2}\b|\b\d+p\d*\b|\b\d{1,2}\s?giờ\b'),
    ('score', r'\b\d{1,2}\s?[-–]\s?\d{1,2}\b'),
    ('roman', r'\b(thế kỷ|khóa|khoá|Đại hội|chương|phần|mục|khoản|quý|lần thứ|kỳ|mùa)\s+[IVXLCDM]+\b'
              r'|\b[IVX]{2,}\b'),
    ('symbol', r'[&+=~±≥≤≈×÷@#°]'),
    ('unit', r'\d\s?(km|m|cm|mm|kg|g|tấn|ha|m2|m3|km2|lít|ml|MW|kW|GB|TB|inch|km/h|°C|độ C|mg|mAh'
             r'|hp|mã lực|Nm|cc|MB|GHz|Hz|W|kWh|mm|nm)\b'),
    ('code', r'\b[A-Z]+\d+[A-Z\d]*\b|\b\d+[A-Z]+\b'),
    ('date', r'\b\d{1,2}[/.-]\d{1,2}([/.-]\d{4})?\b'),
    ('money', r'\d\s?(đ|đồng|USD|VNĐ|VND|\$|k|tr|triệu|tỷ|tỉ|nghìn|ngàn|euro|EUR)\b|\$\d'),
    ('percent', r'\d\s?%'),
    ('year', r'\b(19|20)\d{2}\b'),
    ('number', r'\d'),
    ('foreign', r'\b[A-Z][a-z]+[A-Z]\w*|\b[a-z]*[fjwz][a-z]*\b|\b[A-Z][a-z]*[fjwz]'),
    ('abbr', r'\b[A-ZĐ]{2,}\b'),
]
by = collections.defaultdict(list)
for s in sents:
    for cat, rx in CAT:
        if re.search(rx, s):
            by[cat].append(s)
            break
random.seed(2027 if fresh else 2026)
quota = {"web": 12, "phone": 12, "time": 35, "score": 30, "roman": 20, "symbol": 20, "unit": 30,
         "code": 30, "date": 15, "money": 15, "percent": 12, "year": 8, "number": 12,
         "foreign": 20, "abbr": 15}
if fresh:
    quota = {"web": 6, "phone": 6, "time": 15, "score": 15, "roman": 8, "symbol": 10, "unit": 12,
             "code": 12, "date": 6, "money": 5, "percent": 3, "number": 2}
    used = {line.split('\t')[0] for line in open('tintuc_picked.tsv', encoding='utf-8')}
    by = {c: [s for s in pool if s not in used] for c, pool in by.items()}
out = []
for cat, q in quota.items():
    pool = by[cat]
    random.shuffle(pool)
    out += [(cat, s) for s in pool[:q]]
print({c: len(by[c]) for c in by}, len(out), file=sys.stderr)
with open('tintuc_fresh.tsv' if fresh else 'tintuc_picked.tsv', 'w', encoding='utf-8') as f:
    for cat, s in out:
        f.write(s + '\t' + cat + '\n')
