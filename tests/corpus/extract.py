#!/usr/bin/env python3
"""extract.py - how the sentences of baomoi_news.tsv were chosen (kept to make the choice
repeatable; the readings were then reviewed by hand, see README.md).

Input raw.txt: 6,000 articles of vn_news/data/ in github.com/magizbox/scraper (commit 3387ada6),
picked with random.seed(10) from the blob list and concatenated by `git cat-file --batch`:
  git --git-dir=G ls-tree -r HEAD | grep vn_news/data/ | awk '{print $3}' | (seeded shuffle, 6000)
  | git --git-dir=G cat-file --batch > raw.txt
Output picked.tsv: sentence<TAB>category, 30-150 characters, ending in . ! or ?, each in the
first category whose pattern it matches, sampled per category with random.seed(42).
"""
import re, random, unicodedata, collections
raw=open('raw.txt',encoding='utf-8',errors='replace').read()
docs=re.split(r'^[0-9a-f]{40} blob \d+\n', raw, flags=re.M)
sents=[]
for d in docs:
    d=unicodedata.normalize('NFC',d)
    for para in d.split('\n'):
        # split into sentences at ". " followed by capital, or ?! 
        for s in re.split(r'(?<=[.!?])\s+(?=[A-ZĐÀ-Ỹ"“])', para):
            s=' '.join(s.split())
            if 30<=len(s)<=150 and s[-1] in '.!?' : sents.append(s)
sents=list(dict.fromkeys(sents))
CAT=[
 ('roman', r'\b(thế kỷ|khóa|khoá|Đại hội|chương|phần|mục|khoản|quý|lần thứ)\s+[IVXLCDM]+\b|\b[IVX]{2,}\b'),
 ('phone', r'\b(0\d{2,3}[ .]?\d{3}[ .]?\d{3,4}|1900\s?\d{4}|1800\s?\d{4}|\+84)'),
 ('time', r'\b\d{1,2}(h|g|:)\d{0,2}\b|\b\d+p\d*\b|\b\d{1,2}\s?giờ\b'),
 ('date', r'\b\d{1,2}[/.-]\d{1,2}([/.-]\d{4})?\b'),
 ('money', r'\d\s?(đ|đồng|USD|VNĐ|VND|\$|k|tr|triệu đồng|tỷ đồng|nghìn đồng|euro|EUR)\b|\$\d'),
 ('percent', r'\d\s?%'),
 ('unit', r'\d\s?(km|m|cm|mm|kg|g|tấn|ha|m2|m3|km2|lít|ml|MW|kW|GB|inch|km/h|°C|độ C|mg|mAh|hp|mã lực|Nm|cc|USD/thùng)\b'),
 ('score', r'\b\d{1,2}\s?-\s?\d{1,2}\b'),
 ('year', r'\b(19|20)\d{2}\b'),
 ('code', r'\b[A-Z]+\d+[A-Z\d]*\b|\b\d+[A-Z]+\b'),
 ('number', r'\d'),
 ('abbr', r'\b[A-ZĐ]{2,}\b'),
 ('symbol', r'[&+=~±≥≤≈×÷@#]'),
 ('foreign', r'\b[A-Z][a-z]+[A-Z]\w*|\b[a-z]*[fjwz][a-z]*\b'),
]
by=collections.defaultdict(list)
for s in sents:
    for cat,rx in CAT:
        if re.search(rx,s):
            by[cat].append(s); break
random.seed(42)
quota={"roman":110,"phone":19,"time":190,"date":250,"money":250,"percent":170,"unit":210,"score":75,"year":190,"code":150,"number":250,"abbr":190,"symbol":50,"foreign":100}
out=[]
for cat,q in quota.items():
    l=by[cat]; random.shuffle(l)
    for s in l[:q]: out.append((cat,s))
print({c:len(by[c]) for c in by}, len(out))
with open('picked.tsv','w') as f:
    for cat,s in out: f.write(s+'\t'+cat+'\n')
