#!/usr/bin/env python3
"""symbols_test.py - every row of voices/vi/symbols.tsv is what the program says, on every path.

For each symbol: --spell says its NAME; standing alone ("x # y") it is read as its ALONE column,
inside a word ("x#y") as its IN_WORD column, and a silent column ('-') says nothing of it; the
punctuation marks are said from their level on (--punctuation some/all) and not before. Then a
user table in $XDG_CONFIG_HOME/vnreader/symbols.tsv overrides a name, and a malformed one stops
the program with its file:line and exit status 1.
    python3 tests/symbols_test.py build/vnreader
"""
import os
import subprocess
import sys
import tempfile

import sdproto

CLI = sys.argv[1] if len(sys.argv) > 1 else "build/vnreader"
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
TABLE = os.path.join(os.environ.get("VNREADER_DATA", os.path.join(ROOT, "voices")), "vi", "symbols.tsv")
check = sdproto.Checks("symbols_test")


def rows():
    out = []
    with open(TABLE, encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            cols = [c.strip() for c in line.rstrip("\n").split("\t")]
            cols += ["spell", "-", "-", "-"][len(cols) - 2:]
            sym = chr(int(cols[0][2:], 16)) if cols[0].startswith("U+") and len(cols[0]) > 2 else cols[0]
            name = cols[1]
            read = lambda c: name if c == "=" else "" if c == "-" else c
            out.append((sym, name, cols[2], read(cols[3]), read(cols[4])))
    return out


def normalize(lines, *opts, env=None):
    r = subprocess.run([CLI, "--normalize", *opts, "-"], input="\n".join(lines) + "\n",
                       capture_output=True, text=True, env=env)
    return r.stdout.split("\n")[:len(lines)], r


table = rows()
check(len(table) >= 50, f"{TABLE}: only {len(table)} rows")
visible = [r for r in table if not r[0].isspace()]
spelled, _ = normalize([s for s, *_ in visible], "--spell")
for (sym, name, *_), said in zip(visible, spelled):
    check(said.strip() == name, f"--spell {sym!r}: {said!r}, the table says {name!r}")

symbols = [r for r in visible if r[2] == "spell"]  # symbols, not pause marks
alone, _ = normalize([f"xe {s} ca" for s, *_ in symbols])
inside, _ = normalize([f"xe{s}ca" for s, *_ in symbols])
for (sym, name, _, a, w), got_a, got_w in zip(symbols, alone, inside):
    if a:
        check(f" {a} " in f" {got_a} ", f"'xe {sym} ca' read {got_a!r}: no {a!r} (ALONE)")
    elif name not in a and name not in w:
        check(f" {name} " not in f" {got_a} ", f"'xe {sym} ca' read {got_a!r}: ALONE is silent")
    if w:
        check(f" {w} " in f" {got_w} ", f"'xe{sym}ca' read {got_w!r}: no {w!r} (IN_WORD)")
    elif name not in a:
        check(f" {name} " not in f" {got_w} ", f"'xe{sym}ca' read {got_w!r}: IN_WORD is silent")

# A mark closes a word ("ca?"), opens one ("(nhà"), or stands between two ("ca – nhà").
marks = [r for r in visible if r[2] in ("some", "all")]
places = ("Xe ca{} nhà", "Xe ca {}nhà", "Xe ca {} nhà")
for mode, said_from in (("none", ()), ("some", ("some",)), ("all", ("some", "all"))):
    got = [normalize([p.format(s) for s, *_ in marks], "--punctuation", mode)[0] for p in places]
    for k, (sym, name, level, *_) in enumerate(marks):
        lines = [g[k] for g in got]
        says = [f" {name} " in " " + line.replace(",", " ").replace(".", " ") + " " for line in lines]
        if level in said_from:
            check(any(says), f"--punctuation {mode}: {sym!r} not said as {name!r}: {lines}")
        else:
            check(not any(says), f"--punctuation {mode}: {sym!r} said ({level}): {lines}")

with tempfile.TemporaryDirectory() as home:
    os.makedirs(os.path.join(home, "vnreader"))
    user = os.path.join(home, "vnreader", "symbols.tsv")
    env = dict(os.environ, XDG_CONFIG_HOME=home)
    with open(user, "w", encoding="utf-8") as f:
        f.write("# mine\n$\tđô\n")
    got, r = normalize(["a$b"], "--spell", env=env)
    check(r.returncode == 0 and got[0] == "a đô bê", f"a user symbols.tsv: --spell 'a$b' gave {got[0]!r}")
    with open(user, "w", encoding="utf-8") as f:
        f.write("# mine\n\n$\tđô\tsometimes\n")
    _, r = normalize(["a$b"], env=env)
    check(r.returncode == 1 and f"{user}:3:" in r.stderr,
          f"a malformed user symbols.tsv: exit {r.returncode}, {r.stderr.strip()!r}")
print(f"symbols_test: {check.count} checks, {len(check.failures)} failed")
sys.exit(1 if check.failures else 0)
