#!/usr/bin/env python3
"""sd_vnreader against a hostile server side (issue 15): values it echoes carry no control
characters, and an endless input line does not take endless memory.
usage: sd_hostile.py MODULE ; prints ok or FAIL: lines, exit status 1 on any failure."""
import resource, subprocess, sys, threading

MODULE = sys.argv[1]
failures = []


def session(script, wait_for=(b"702", b"703", b"704")):
    """Send script, collect output lines until an end event (or EOF); QUIT; return the lines."""
    p = subprocess.Popen([MODULE], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL)
    lines, done = [], threading.Event()

    def reader():
        for raw in iter(p.stdout.readline, b""):
            lines.append(raw.rstrip(b"\n"))
            if raw.startswith(wait_for):
                done.set()
        done.set()

    threading.Thread(target=reader, daemon=True).start()
    p.stdin.write(script)
    p.stdin.flush()
    done.wait(30)
    try:
        p.stdin.write(b"QUIT\n")
        p.stdin.flush()
        p.wait(10)
    except (BrokenPipeError, subprocess.TimeoutExpired):
        p.kill()
        p.wait()
    return lines


INIT = b"INIT\nAUDIO\naudio_output_method=server\n.\nSET\nlanguage=vi\n.\n"
# A mark name with a raw control character, a carriage return and an entity newline.
out = session(INIT + b'SPEAK\n<speak><mark name="x\x01&#13;&#10;702 END"/>Xin.</speak>\n.\n')
marks = [l for l in out if l.startswith(b"700-")]
if not marks or any(c < 0x20 or c == 0x7f for l in marks for c in l):
    failures.append("mark name echoed with control characters: %r" % marks)
if sum(1 for l in out if l.startswith(b"702")) > 1:
    failures.append("a forged 702 END line (%d END lines)" % sum(l.startswith(b"702") for l in out))
# A sound icon name with a control character comes back clean in its 706 event.
out = session(INIT + b"SOUND_ICON\nbell\x1b[2Jx\n.\n")
icons = [l for l in out if l.startswith(b"706-")]
if any(c < 0x20 for l in icons for c in l):
    failures.append("icon name echoed with control characters: %r" % icons)

# A 200 MB line: memory stays near the 8 MB cap, the module still answers afterwards.
before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
p = subprocess.Popen([MODULE], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                     stderr=subprocess.DEVNULL)
got = []
reader = threading.Thread(target=lambda: got.extend(p.stdout.read().splitlines()), daemon=True)
reader.start()
chunk = b"a" * (1 << 20)
for _ in range(200):
    p.stdin.write(chunk)
p.stdin.write(b"\nQUIT\n")
p.stdin.close()
p.wait(120)
reader.join(30)  # the module may have ended before this thread read its last lines
peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
if peak_kb > 64 * 1024 and peak_kb > before:
    failures.append("a 200 MB input line took %d MB of memory" % (peak_kb // 1024))
if not any(l.startswith(b"210") for l in got):
    failures.append("no answer to QUIT after a 200 MB line: %r" % got[-3:])

for f in failures:
    print("FAIL: sd_vnreader: " + f)
print("ok: sd_vnreader echoes no control characters; a 200 MB line stays under 64 MB" if not failures else "")
sys.exit(1 if failures else 0)
