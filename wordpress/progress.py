"""A plain progress bar on stderr: items done and left. Silent when stderr is not a
terminal (a log file, cron, tests) or with -v0."""

import sys
import time


class Progress:
    def __init__(self, total, stream=None, enabled=True, label="Importing", width=30):
        self.stream = stream or sys.stderr
        isatty = getattr(self.stream, "isatty", lambda: False)
        self.enabled = enabled and isatty()
        self.total = max(total, 0)
        self.done = 0
        self.label = label
        self.width = width
        self._drawn_at = 0.0

    def advance(self, number=1):
        self.done = min(self.done + number, self.total)
        now = time.monotonic()
        if self.enabled and (now - self._drawn_at > 0.1 or self.done == self.total):
            self._drawn_at = now
            self.draw()

    def line(self):
        filled = int(self.width * self.done / self.total) if self.total else self.width
        bar = "#" * filled + "." * (self.width - filled)
        return f"{self.label} [{bar}] {self.done:,} of {self.total:,} done, {self.total - self.done:,} left"

    def draw(self):
        self.stream.write("\r" + self.line())
        self.stream.flush()

    def finish(self):
        if self.enabled:
            self.draw()
            self.stream.write("\n")
            self.stream.flush()
