#!/usr/bin/env python3
"""sd_test.py - build/sd_vnreader driven through a scripted speech-dispatcher session.

Every reply code and event is checked, in order; audio must come back as 705 events whose
decoded bytes match their num_samples; STOP and PAUSE end a long message quickly; malformed
input gets an error reply; the module never hangs (every read has a timeout) and never crashes.
Audio is judged by its length and loudness, never by its bytes.
    python3 tests/sd_test.py build/sd_vnreader
"""
import os
import subprocess
import sys
import tempfile
import time

import sdproto
from sdproto import unescape

MODULE = sys.argv[1] if len(sys.argv) > 1 else "build/sd_vnreader"
WAIT = 15.0  # seconds: a generous bound on any one reply, on 2 shared cores
check = sdproto.Checks("sd_test")


class Module(sdproto.ModuleProcess):
    """The module as a child process, its output cut into Messages."""

    def __init__(self, args=()):
        self.events = []  # 7xx events read while waiting for a reply, as the server sorts them
        super().__init__([MODULE, *args], stderr=subprocess.PIPE, wrap=Message)

    def next(self, timeout=WAIT):
        if self.events:
            return self.events.pop(0)
        return self.next_raw(timeout)

    def next_raw(self, timeout=WAIT):
        return self.get(timeout)

    def reply(self):
        """The next reply (not an event): events met on the way are kept for next()."""
        while True:
            m = self.next_raw()
            if m is None or not m.code.startswith("7"):
                return m
            self.events.append(m)

    def expect(self, code, what):
        m = self.reply()
        got = m.code if m else "nothing (timeout or EOF)"
        check(m is not None and m.code == code, f"{what}: expected {code}, got {got}"
              + (f" {m.last!r}" if m else ""))
        return m

    def until_end(self, timeout=60.0):
        """Events up to and including 702/703/704; returns them (None on timeout)."""
        events, deadline = [], time.time() + timeout
        while time.time() < deadline:
            m = self.next(max(0.1, deadline - time.time()))
            if m is None:
                return None
            events.append(m)
            if m.code in ("702", "703", "704"):
                return events
        return None

    def finish(self, what):
        try:
            rc = self.p.wait(timeout=WAIT)
        except subprocess.TimeoutExpired:
            self.p.kill()
            rc = "hang"
        check(rc == 0, f"{what}: exit status {rc} (stderr: {self.p.stderr.read()[:300]!r})")


class Message:
    def __init__(self, lines):
        self.lines = lines
        self.last = lines[-1].decode(errors="replace")
        self.code = self.last[:3]
        self.audio = None
        if self.code == "705":
            self._audio()

    def _audio(self):
        params = {}
        for line in self.lines[:-1]:
            if line.startswith(b"705-AUDIO\0"):
                params["data"] = unescape(line[len(b"705-AUDIO\0"):])
            elif b"=" in line:
                k, v = line[4:].split(b"=", 1)
                params[k.decode()] = int(v)
        self.audio = params

    def text(self):
        return [l.decode(errors="replace") for l in self.lines]


def speak(m, ssml, cmd="SPEAK"):
    body = "\n".join(("." + l if l.startswith(".") else l) for l in ssml.split("\n"))
    m.send(f"{cmd}\n{body}\n.\n")
    m.expect("202", f"{cmd}: receiving")
    m.expect("200", f"{cmd}: speaking")


def audio_stats(events):
    """(sample count, peak) of the 705 events, checking each event's own consistency."""
    n, peak = 0, 0
    for e in events:
        if e.code != "705":
            continue
        a = e.audio
        ok = (a.get("bits") == 16 and a.get("num_channels") == 1
              and a.get("sample_rate") == 22050 and a.get("big_endian") == 0
              and "data" in a and len(a["data"]) == 2 * a.get("num_samples", -1))
        check(ok, f"705 event malformed: { {k: v for k, v in a.items() if k != 'data'} }, "
                  f"{len(a.get('data', b''))} data bytes")
        if ok:
            samples = memoryview(a["data"]).cast("h")
            n += len(samples)
            peak = max(peak, max((abs(s) for s in samples), default=0))
    return n, peak


def codes(events):
    return [e.code for e in events] if events else []


def session_setup(m):
    m.send("SPEAK\n")
    m.expect("300", "SPEAK before INIT")
    m.send("INIT\n")
    init = m.expect("299", "INIT")
    check(init and init.last == "299 OK LOADED SUCCESSFULLY", f"INIT reply {init and init.text()}")
    m.send("AUDIO\naudio_output_method=alsa\n.\n")
    m.expect("207", "AUDIO alsa: receiving")
    m.expect("303", "AUDIO alsa: only server audio is offered")
    m.send("AUDIO\naudio_output_method=server\n.\n")
    m.expect("207", "AUDIO server: receiving")
    m.expect("203", "AUDIO server: initialized")
    m.send("LOGLEVEL\nlog_level=3\n.\n")
    m.expect("207", "LOGLEVEL: receiving")
    m.expect("203", "LOGLEVEL: set")


def test_settings(m):
    good = ["rate=20", "pitch=-10", "pitch_range=0", "volume=100", "punctuation_mode=some",
            "spelling_mode=off", "cap_let_recogn=spell", "voice=male1", "language=vi",
            "synthesis_voice=NULL"]
    m.send("SET\n" + "\n".join(good) + "\n.\n")
    m.expect("203", "SET: receiving")
    r = m.expect("203", "SET: every setting accepted")
    check(r and "RECEIVED" in r.last, f"SET reply {r and r.last}")
    for bad, code in [("rate=500", "303"), ("pitch=abc", "303"), ("punctuation_mode=loud", "303"),
                      ("spelling_mode=maybe", "303"), ("cap_let_recogn=x", "303"),
                      ("voice=ROBOT", "303"), ("colour=red", "303"), ("no equals sign", "302")]:
        m.send(f"SET\n{bad}\n.\n")
        m.expect("203", f"SET {bad}: receiving")
        m.expect(code, f"SET {bad}")


def test_voices(m):
    m.send("LIST VOICES\n")
    r = m.expect("200", "LIST VOICES")
    names = [l.split("\t")[0][4:] for l in (r.text()[:-1] if r else [])]
    check(names == ["north", "central", "south"], f"LIST VOICES names {names}")
    check(r and all(l.split("\t")[1] == "vi" for l in r.text()[:-1]), "LIST VOICES language vi")


def test_marks(m):
    speak(m, '<speak>Ngày 23/6 &amp; 24/6, <mark name="m1"/>trời mưa to.\n'
             '<mark name="m2"/> Hết giờ.</speak>')
    ev = m.until_end()
    c = codes(ev)
    check(ev is not None and c[0] == "701" and c[-1] == "702", f"SPEAK with marks: events {c[:3]}..{c[-2:]}")
    marks = [e.lines[0][4:].decode() for e in ev or [] if e.code == "700"]
    check(marks == ["m1", "m2"], f"SPEAK with marks: marks {marks}")
    if ev and marks == ["m1", "m2"]:
        i1, i2 = c.index("700"), len(c) - 1 - c[::-1].index("700")
        for lo, hi, part in [(0, i1, "before m1"), (i1, i2, "between m1 and m2"),
                             (i2, len(c), "after m2")]:
            check("705" in c[lo:hi], f"SPEAK with marks: no audio {part}")
    n, peak = audio_stats(ev or [])
    check(1.0 < n / 22050 < 20, f"SPEAK with marks: {n / 22050:.2f} s of audio")
    check(peak > 1000, f"SPEAK with marks: peak {peak} (silent?)")


def spoken_samples(m, text, cmd="SPEAK"):
    speak(m, text, cmd)
    ev = m.until_end()
    check(ev is not None and codes(ev)[-1] == "702", f"{cmd} {text!r}: events {codes(ev)[-3:]}")
    return audio_stats(ev or [])[0], ev


def test_normalizer(m):
    """'23/6' read through the normalizer gives the samples of its reading written out (to 1 %:
    eSpeak NG varies by a few samples); eSpeak NG alone would read it otherwise."""
    raw, _ = spoken_samples(m, "<speak>Ngày 23/6.</speak>")
    words, _ = spoken_samples(m, "<speak>Ngày hai mươi ba tháng sáu.</speak>")
    check(raw > 0 and abs(raw - words) < raw / 100, f"normalizer: '23/6' gave {raw} samples, its words {words}")


def test_char_key_icon(m):
    n, _ = spoken_samples(m, "b", "CHAR")
    check(n > 0, "CHAR b: no audio")
    n, _ = spoken_samples(m, "space", "CHAR")
    check(n > 0, "CHAR space: no audio")
    n, _ = spoken_samples(m, "shift_a", "KEY")
    check(n > 0, "KEY shift_a: no audio")
    n, ev = spoken_samples(m, "bell", "SOUND_ICON")
    check(n == 0 and "706" in codes(ev), f"SOUND_ICON: events {codes(ev)}")
    m.send("CHAR\na\nb\n.\n")
    m.expect("202", "CHAR two lines: receiving")
    m.expect("305", "CHAR two lines")


LONG = "<speak>" + " ".join(f"Câu thứ {i}, ngày {i % 28 + 1}/6, một câu khá dài để đọc." for i in range(300)) + "</speak>"


def stop_during(m, cmd, want):
    speak(m, LONG)
    first = [m.next(), m.next()]  # 701, then the first audio
    check(codes(first) == ["701", "705"], f"{cmd}: long SPEAK began with {codes(first)}")
    t0 = time.time()
    m.send(cmd + "\n")
    ev = m.until_end(timeout=WAIT)
    dt = time.time() - t0
    check(ev is not None and ev[-1].code == want, f"{cmd}: ended with {codes(ev)[-1:]} not {want}")
    check(dt < 2.0, f"{cmd}: took {dt:.2f} s to end a long message")
    check("702" not in codes(ev), f"{cmd}: 702 END after {cmd}")
    m.send("STOP\n")  # nothing is speaking: no reply, no event
    check(m.next(timeout=0.5) is None, f"STOP when idle: got a message")


def test_speak_over_speak(m):
    speak(m, LONG)
    check(m.next() and True, "SPEAK over SPEAK: 701")
    speak(m, "<speak>Xin chào.</speak>")
    ev = m.until_end()
    check(ev is not None and ev[-1].code == "703", f"SPEAK over SPEAK: first ends {codes(ev)[-1:]}")
    ev = m.until_end()
    check(ev is not None and codes(ev)[0] == "701" and ev[-1].code == "702",
          f"SPEAK over SPEAK: second {codes(ev)[:1]}..{codes(ev)[-1:]}")


def test_malformed(m):
    for line, code, what in [(b"FOO\n", "300", "unknown command"),
                             (b"\xff\xfe\x00junk\n", "300", "binary junk"),
                             (b"x" * 200000 + b"\n", "300", "a 200 kB line"),
                             (b"DEBUG MAYBE\n", "302", "DEBUG MAYBE"),
                             (b"INIT\n", "300", "a second INIT")]:
        m.send(line)
        m.expect(code, what)
    m.send("SPEAK\n.\n")
    m.expect("202", "empty SPEAK: receiving")
    m.expect("301", "empty SPEAK")
    m.send(b"SPEAK\nab\x00cd\n.\n")
    m.expect("202", "SPEAK with NUL: receiving")
    m.expect("301", "SPEAK with NUL")
    n, _ = spoken_samples(m, "<speak>Hôm nay \udcff trời <mark name=\"x\"  đẹp &bogus; &#0; <b</speak>"
                          .encode("utf-8", "surrogateescape").decode("utf-8", "replace"))
    check(n > 0, "broken SSML: no audio")
    m.send(b"SPEAK\n<speak>\xc3 invalid \xff UTF-8 h\xc3\xb4m nay</speak>\n.\n")
    m.expect("202", "invalid UTF-8: receiving")
    m.expect("200", "invalid UTF-8: speaking")
    ev = m.until_end()
    check(ev is not None and ev[-1].code == "702", f"invalid UTF-8: events {codes(ev)[-1:]}")


def main():
    if not os.access(MODULE, os.X_OK):
        print(f"sd_test: no {MODULE}")
        return 1
    m = Module()
    session_setup(m)
    test_settings(m)
    test_voices(m)
    test_marks(m)
    test_normalizer(m)
    test_char_key_icon(m)
    stop_during(m, "STOP", "703")
    stop_during(m, "PAUSE", "704")
    test_speak_over_speak(m)
    test_malformed(m)
    m.send("QUIT\n")
    m.expect("210", "QUIT")
    m.finish("QUIT")

    # EOF in the middle of a long message: the module ends cleanly, and soon.
    m = Module()
    m.send("INIT\n")
    m.expect("299", "INIT (EOF test)")
    speak(m, LONG)
    m.p.stdin.close()
    m.finish("EOF while speaking")

    # A config naming a voice that does not exist: INIT fails with 399, no crash.
    with tempfile.NamedTemporaryFile("w", suffix=".conf") as conf:
        conf.write('# test\nVnreaderVoice "nowhere"\n')
        conf.flush()
        m = Module([conf.name])
        m.send("INIT\n")
        r = m.expect("399", "INIT with an unknown voice")
        check(r and r.last == "399 ERR CANT INIT MODULE", f"INIT failure reply {r and r.text()}")
        m.p.stdin.close()
        m.finish("failed INIT")

    if check.failures:
        print(f"sd_test: {len(check.failures)} of {check.count} checks failed")
        return 1
    print(f"sd_test: all {check.count} checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
