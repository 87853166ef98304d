"""sdproto.py - what the Python tests share: a counted check(), and speech-dispatcher's
output-module protocol as sd_vnreader speaks it (a child process whose replies are read in a
thread, audio data unescaped). Imported by sd_test.py, sd_chars_test.py and symbols_test.py,
which run from tests/ (python3 tests/sd_test.py ...), so `import sdproto` finds this file.
"""
import queue
import subprocess
import threading


class Checks:
    """check(cond, msg): counts the check; a failure is kept and printed as "NAME: FAIL: msg".
    Returns cond, so a test can go on only when a check held."""

    def __init__(self, name):
        self.name = name
        self.failures = []
        self.count = 0

    def __call__(self, cond, msg):
        self.count += 1
        if not cond:
            self.failures.append(msg)
            print(f"{self.name}: FAIL: {msg}")
        return cond


def unescape(data):
    """705 audio data: 0x7d escapes a byte with bit 5 flipped (a newline or 0x7d itself)."""
    out, i = bytearray(), 0
    while i < len(data):
        if data[i] == 0x7D and i + 1 < len(data):
            out.append(data[i + 1] ^ 0x20)
            i += 2
        else:
            out.append(data[i])
            i += 1
    return bytes(out)


class ModuleProcess:
    """The module as a child process; a thread cuts its output into messages: the lines up to
    one whose code is followed by a space ("200 OK", "705 AUDIO"), passed through wrap. The
    queue ends with None at EOF."""

    def __init__(self, argv, stderr=subprocess.DEVNULL, wrap=lambda lines: lines):
        self.p = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=stderr)
        self.q = queue.Queue()
        self.wrap = wrap
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        lines = []
        for raw in iter(self.p.stdout.readline, b""):
            lines.append(raw.rstrip(b"\n"))
            if len(raw) < 4 or raw[3:4] == b" ":
                self.q.put(self.wrap(lines))
                lines = []
        self.q.put(None)  # EOF

    def send(self, text):
        data = text if isinstance(text, bytes) else text.encode()
        self.p.stdin.write(data)
        self.p.stdin.flush()

    def get(self, timeout=30):
        """The next message; None on timeout or after EOF."""
        try:
            return self.q.get(timeout=timeout)
        except queue.Empty:
            return None
