"""Paired, interleaved timings of whole processes, for a machine whose other users come and go.

Each round runs every command once, in an order that rotates from round to round, so a burst of load from
elsewhere falls on all of them alike. A ratio between two commands is taken within each round and the
median of those per-round ratios reported with its spread (lowest, highest); a figure alone is the median
of its rounds with the same spread. Every command first runs once untimed, and every run may write Python's
bytecode cache: processes are timed as an installed package runs (`pip install` compiles the bytecode), not
recompiling each module at every start as an editable install does under PYTHONDONTWRITEBYTECODE (about
0.13 s of a 0.8 s `generate` on this machine: the compiler's time, not briefing's). Used by run.py (and
usable alone: `python bench/paired.py -- CMD...`).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Run:
    """One whole process: wall seconds, CPU seconds (its own and its children's), peak RSS in MB."""

    wall: float
    cpu: float
    peak_mb: float


@dataclass(frozen=True)
class Spread:
    """The median of some figures, with the lowest and the highest."""

    median: float
    low: float
    high: float

    def show(self, unit: str = "", digits: int = 2) -> str:
        return f"{self.median:.{digits}f}{unit} ({self.low:.{digits}f}-{self.high:.{digits}f})"


def spread(values: Sequence[float]) -> Spread:
    return Spread(statistics.median(values), min(values), max(values))


def run(cmd: Sequence[str], cwd: Path | None = None, before: Callable[[], None] | None = None) -> Run:
    """Run `cmd` to its end (after `before`, untimed: clearing an output folder) and measure it; exit 0 or stop."""
    if before:
        before()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # see the module's docstring
    start = time.perf_counter()
    proc = subprocess.Popen(list(cmd), cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = proc.stderr.read() if proc.stderr else b""
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"failed ({code}): {' '.join(cmd)}\n{err.decode(errors='replace')[-2000:]}")
    # ru_maxrss of a waited-for child: the largest of it and the descendants it waited for (batch workers)
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


@dataclass
class Rounds:
    """The runs of each named command, round by round (the same index is the same round)."""

    runs: dict[str, list[Run]]

    def figure(self, name: str, per: float = 1, what: str = "wall") -> Spread:
        """Seconds of `name` (divided by `per`: per briefing), median over the rounds."""
        return spread([getattr(r, what) / per for r in self.runs[name]])

    def peak(self, name: str) -> float:
        return max(r.peak_mb for r in self.runs[name])

    def ratio(self, name: str, base: str, per: float = 1, base_per: float = 1, what: str = "wall") -> Spread:
        """(name / per) / (base / base_per), taken round by round."""
        pairs = zip(self.runs[name], self.runs[base], strict=True)
        return spread([(getattr(a, what) / per) / (getattr(b, what) / base_per) for a, b in pairs])


def rounds(
    commands: dict[str, Sequence[str]],
    count: int,
    before: dict[str, Callable[[], None]] | None = None,
    progress: Callable[[str], None] | None = None,
) -> Rounds:
    """`count` rounds of every command, interleaved: round i starts at the i-th command and wraps around;
    after one untimed run of each (bytecode compiled, files cached)."""
    names = list(commands)
    out: dict[str, list[Run]] = {name: [] for name in names}
    for name in names:
        if progress:
            progress(f"warm-up: {name}")
        run(commands[name], before=(before or {}).get(name))
    for i in range(count):
        for name in names[i % len(names) :] + names[: i % len(names)]:
            if progress:
                progress(f"round {i + 1}/{count}: {name}")
            out[name].append(run(commands[name], before=(before or {}).get(name)))
    return Rounds(out)


def main() -> None:
    """`python bench/paired.py [--rounds N] -- CMD_A... -- CMD_B...`: each command's median, B/A per round."""
    args = sys.argv[1:]
    count = 5
    if args[:1] == ["--rounds"]:
        count, args = int(args[1]), args[2:]
    commands: list[list[str]] = []
    for arg in args:
        if arg == "--":
            commands.append([])
        elif commands:
            commands[-1].append(arg)
    if not commands or not all(commands):
        sys.exit("usage: python bench/paired.py [--rounds N] -- CMD_A... [-- CMD_B...]")
    named = {f"{chr(65 + i)}: {' '.join(c)}": c for i, c in enumerate(commands)}
    result = rounds(named, count)
    first = next(iter(named))
    for name in named:
        line = f"{name}\n  wall {result.figure(name).show(' s')}  CPU {result.figure(name, what='cpu').show(' s')}"
        if name != first:
            line += f"  ratio to A {result.ratio(name, first).show('x')}"
        print(line)


if __name__ == "__main__":
    main()
