#!/usr/bin/env python3
"""sd_chars_test.py - every character and key a screen reader sends is heard, by its one name.

Drives sd_vnreader at the protocol level (server audio) with CHAR for every printable ASCII
character, the space, and every Vietnamese letter in both cases with all five tones, and with
KEY for every SSIP key name (`info ssip 'Key Names'`) and some combinations. Fails on silence.
Audio is judged by its length, never its bytes: a CHAR must last as long as SPEAK of the words
the CLI's --spell --capitals gives for that character (the same spelling function; 2 % for
eSpeak NG's jitter), a capital must be longer than its small letter ("hoa"), a toned letter
longer than its bare letter (the tone is spelled), a key as long as its keys.tsv reading.
    python3 tests/sd_chars_test.py build/sd_vnreader build/vnreader
"""
import os
import subprocess
import sys

import sdproto
from sdproto import unescape

MODULE = sys.argv[1] if len(sys.argv) > 1 else "build/sd_vnreader"
CLI = sys.argv[2] if len(sys.argv) > 2 else "build/vnreader"
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
VOICES = os.environ.get("VNREADER_DATA", os.path.join(ROOT, "voices"))
check = sdproto.Checks("sd_chars_test")


class Module(sdproto.ModuleProcess):
    def __init__(self):
        super().__init__([MODULE])

    def command(self, s, replies=1):
        self.send(s)
        for _ in range(replies):
            m = self.get()
            while m is not None and m[-1][:1] == b"7":
                m = self.get()

    def seconds(self, kind, data):
        """Seconds of audio for one message; None if it never ended."""
        if data.startswith("."):
            data = "." + data
        self.send(f"{kind}\n{data}\n.\n")
        samples, rate = 0, 22050
        while True:
            m = self.get()
            if m is None:
                return None
            code = m[-1][:3]
            if code == b"705":
                for line in m[:-1]:
                    if line.startswith(b"705-AUDIO\0"):
                        samples += len(unescape(line[10:])) // 2
                    elif line.startswith(b"705-sample_rate="):
                        rate = int(line.split(b"=")[1])
            elif code in (b"702", b"703", b"704"):
                return samples / rate


def table(name):
    """KEY<TAB>reading rows of voices/vi/NAME."""
    rows = {}
    with open(os.path.join(VOICES, "vi", name), encoding="utf-8") as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                cols = line.rstrip("\n").split("\t")
                rows[cols[0]] = cols[1]
    return rows


LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
TONED = "aáàảãạăắằẳẵặâấầẩẫậeéèẻẽẹêếềểễệiíìỉĩịoóòỏõọôốồổỗộơớờởỡợuúùủũụưứừửữựyýỳỷỹỵ"
SSIP_KEYS = ("space underscore double-quote alt control hyper meta shift super backspace break "
             "delete down end enter escape home insert kp-* kp-+ kp-- kp-. kp-/ kp-enter left "
             "menu next num-lock pause print prior return right scroll-lock tab up window").split()
SSIP_KEYS += [f"f{i}" for i in range(1, 25)] + [f"kp-{i}" for i in range(10)]
COMBOS = ["a", "A", "ắ", "$", "shift_a", "shift_A", "control_c", "alt_f4", "control_alt_delete",
          "shift_kp-enter", "control_shift_underscore", "super_space", "control_double-quote"]

chars = list(dict.fromkeys([chr(c) for c in range(33, 127)] + list(LETTERS + LETTERS.upper())
                           + list(TONED + TONED.upper())))
spelled = subprocess.run([CLI, "--normalize", "--spell", "--capitals", "-"], input="\n".join(chars),
                         capture_output=True, text=True, check=True).stdout.split("\n")
spelled = dict(zip(chars, spelled))

m = Module()
m.command("INIT\n")
m.command("AUDIO\naudio_output_method=server\n.\n", 2)
m.command("SET\nlanguage=vi\npunctuation_mode=none\nspelling_mode=off\ncap_let_recogn=spell\n.\n", 2)

said = {}
for ch in chars:
    d = said[ch] = m.seconds("CHAR", ch) or 0
    check(d > 0.05, f"CHAR {ch!r}: silent ({d:.3f} s)")
    words = spelled.get(ch, "")
    check(words.strip() != "", f"--spell gives no words for {ch!r}")
    if words.strip():
        want = m.seconds("SPEAK", words) or 0
        check(abs(d - want) <= 0.02 * want + 0.002,
              f"CHAR {ch!r} ({d:.3f} s) is not --spell's {words!r} ({want:.3f} s)")
d = m.seconds("CHAR", "space") or 0
check(d > 0.05, f"CHAR space: silent ({d:.3f} s)")
for ch in LETTERS + TONED:
    check(said[ch.upper()] > said[ch] + 0.1,
          f"CHAR {ch.upper()!r} ({said[ch.upper()]:.2f} s) is not {ch!r} ({said[ch]:.2f} s) with 'hoa'")
for i in range(0, len(TONED), 6):  # each run of six: the bare letter, then its five tones
    for ch in TONED[i + 1:i + 6]:
        check(said[ch] > said[TONED[i]] + 0.1,
              f"CHAR {ch!r} ({said[ch]:.2f} s) not spelled with its tone: {TONED[i]!r} is {said[TONED[i]]:.2f} s")

keys = table("keys.tsv")
for k in SSIP_KEYS + COMBOS:
    d = m.seconds("KEY", k) or 0
    check(d > 0.05, f"KEY {k!r}: silent ({d:.3f} s)")
    if k in keys:
        want = m.seconds("SPEAK", keys[k]) or 0
        check(abs(d - want) <= 0.02 * want + 0.002,
              f"KEY {k!r} ({d:.3f} s) is not keys.tsv's {keys[k]!r} ({want:.3f} s)")
d, want = m.seconds("KEY", "control_c") or 0, m.seconds("SPEAK", keys["control"] + " xê") or 0
check(abs(d - want) <= 0.02 * want + 0.002, f"KEY control_c ({d:.3f} s) is not 'control' + 'c'")
# Capital recognition off: no "hoa", a capital sounds as its small letter.
m.command("SET\ncap_let_recogn=none\n.\n", 2)
for ch in "ađơắ":
    low, up = m.seconds("CHAR", ch) or 0, m.seconds("CHAR", ch.upper()) or 0
    check(low > 0.05 and abs(up - low) <= 0.02 * low + 0.002,
          f"cap_let_recogn=none: CHAR {ch.upper()!r} ({up:.3f} s) is not {ch!r} ({low:.3f} s)")
m.send("QUIT\n")
try:
    m.p.wait(10)
except subprocess.TimeoutExpired:
    m.p.kill()
print(f"sd_chars_test: {check.count} checks, {len(check.failures)} failed")
sys.exit(1 if check.failures else 0)
