"""A batch's progress on a terminal: one line, redrawn in place, with the count, the rate and the time left."""

from __future__ import annotations

import sys
import time
from collections import deque
from collections.abc import Callable
from typing import TextIO

WINDOW = 60.0  # seconds of recent results the rate is taken over: resumed skips early on do not skew it
EVERY = 0.25  # seconds between redraws


def _duration(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    if seconds >= 3600:
        return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min"
    if seconds >= 60:
        return f"{seconds // 60} min {seconds % 60:02d} s"
    return f"{seconds} s"


class Progress:
    """`update(status)` per profile; `close()` ends the line. Writes to `out` (stderr), nothing else."""

    def __init__(self, total: int, out: TextIO = sys.stderr, clock: Callable[[], float] = time.monotonic):
        self.total, self.out, self.clock = total, out, clock
        self.done = 0
        self.by_status: dict[str, int] = {}
        self.samples: deque[tuple[float, int]] = deque([(clock(), 0)])
        self.drawn = 0.0
        self.width = 0

    def update(self, status: str) -> None:
        self.done += 1
        self.by_status[status] = self.by_status.get(status, 0) + 1
        now = self.clock()
        if now - self.drawn >= EVERY or self.done == self.total:
            self.samples.append((now, self.done))
            while len(self.samples) > 2 and now - self.samples[1][0] > WINDOW:
                self.samples.popleft()
            self.draw(now)

    def line(self, now: float) -> str:
        share = f" ({self.done / self.total:.0%})" if self.total else ""
        parts = [f"briefings: {self.done:,} of {self.total:,}{share}"]
        parts += [f"{n:,} {status}" for status, n in sorted(self.by_status.items()) if status != "ok"]
        since, then = self.samples[0]
        if now > since and self.done > then:
            rate = (self.done - then) / (now - since)
            parts.append(f"{rate:.1f}/s")
            if self.done < self.total:
                parts.append(f"about {_duration((self.total - self.done) / rate)} left")
        return " · ".join(parts)

    def draw(self, now: float) -> None:
        self.drawn = now
        text = self.line(now)
        self.out.write("\r" + text + " " * max(0, self.width - len(text)))
        self.out.flush()
        self.width = len(text)

    def close(self) -> None:
        if self.width:
            self.out.write("\n")
            self.out.flush()
