"""Time a briefing from a roster of people: 20,000 people in 6 roles, as Workday exports them.

    python bench/people.py              # a few minutes on 2 shared cores
    python bench/people.py --people 100000 --runs 1

Targets (issue 12): `generate` for 20,000 people in 6 roles under 3 s over today's `generate` (the built-in
sample, role lines), peak RSS under 300 MB, the PDF under 1 MB. Needs the installed `briefing` (and XlsxWriter,
which it depends on).
"""

from __future__ import annotations

import argparse
import math
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROLES = [
    ("LLM Training Engineer", 95),
    ("AI Inference Engineer", 72),
    ("AI Chip Designer (HiSilicon)", 85),
    ("Compiler/Kernel Engineer", 78),
    ("AI Product Manager (LLM)", 68),
    ("AI Research Scientist (PhD/Top Conf.)", 120),
]
HEADER = [
    "Employee ID",
    "Legal Name",
    "National ID",
    "Email",
    "Mobile",
    "Supervisory Organization",
    "Cost Center",
    "Job Profile",
    "Business Title",
    "Management Level",
    "Annual Base Salary (CNY)",
]
# a process's own peak (VmHWM, read as it exits): getrusage would count the forking parent's memory too
PEAK = (
    "import atexit, sys\n"
    "def peak():\n"
    "    with open('/proc/self/status') as status:\n"
    "        sys.stderr.write('\\npeak-kb ' + next(l for l in status if l.startswith('VmHWM')).split()[1])\n"
    "atexit.register(peak)\n"
    "from briefing.cli import main\n"
    "main()\n"
)


def workday_people(path: Path, count: int) -> None:
    """An "All Workers" export: one row per person with the columns that identify them (made up), a title row."""
    import xlsxwriter

    rng = random.Random(12)
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("All Workers")
    sheet.write_row(0, 0, ["All Workers - Bench Client - as of 2026-11-15"])
    sheet.write_row(2, 0, HEADER)
    for i in range(count):
        role, p50 = ROLES[i % len(ROLES)]
        pay = round(p50 * 10_000 * math.exp(rng.gauss(0.12, 0.25)), -3)
        sheet.write_row(
            i + 3,
            0,
            [
                f"E{100000 + i}",
                f"Person {i}",
                f"110105{19800101 + i % 9000:08d}{i % 1000:03d}X",
                f"person.{i}@bench.example",
                f"+86 138{i:08d}",
                "研发中心",
                f"CC-{4100 + i % 40}",
                role,
                f"Engineer {['I', 'II', 'III'][i % 3]}",
                f"P{5 + i % 4}",
                pay,
            ],
        )
    book.close()


def timed(args: list[str], runs: int) -> tuple[float, float, float]:
    """(median wall seconds, median CPU seconds, max peak MB) of `briefing ARGS` as whole processes."""
    times, cpus, peaks = [], [], []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-c", PEAK, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        err = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
        times.append(time.perf_counter() - start)
        cpus.append(usage.ru_utime + usage.ru_stime)
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(f"failed ({os.waitstatus_to_exitcode(status)}): briefing {' '.join(args)}\n{err[-2000:]}")
        peaks.append(int(err.rpartition("\npeak-kb ")[2]) / 1024)
    return statistics.median(times), statistics.median(cpus), max(peaks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not Path("/proc/self/status").exists():
        sys.exit("needs Linux (/proc) to read peak memory")
    work = Path(tempfile.mkdtemp(prefix="briefing-people-bench-"))
    rows: list[tuple[str, float, float, float, str]] = []
    try:
        roster = work / "all-workers.xlsx"
        workday_people(roster, args.people)
        profile = work / "people.yaml"
        profile.write_text(
            "client: {name: Bench Client, employer_type: foreign}\nbriefing: {date: 2026-12-01}\n"
            "roster: all-workers.xlsx\nroles:\n  - {role: LLM Training Engineer, planned_hires: 5}\n",
            encoding="utf-8",
        )
        base_t, base_cpu, base_m = timed(["generate", "--out", str(work / "sample")], args.runs)
        rows.append(("generate, the built-in sample (today's generate)", base_t, base_cpu, base_m, ""))
        t, cpu, m = timed(["generate", "--profile", str(profile), "--out", str(work / "out")], args.runs)
        name = f"generate, {args.people:,} people in {len(ROLES)} roles (.xlsx, {roster.stat().st_size / 1e6:.1f} MB)"
        rows.append(
            (
                name,
                t,
                cpu,
                m,
                f"{t - base_t:+.2f} s wall, {cpu - base_cpu:+.2f} s CPU over the sample; targets +3 s, 300 MB",
            )
        )
        t, cpu, m = timed(["analyze", str(profile), "--json"], args.runs)
        rows.append(("  analyze --json alone (read, analysis, every person in JSON)", t, cpu, m, ""))
        files = sorted((work / "out").rglob("*.pdf")) + sorted((work / "out").rglob("*.xlsx"))
        sizes = ", ".join(f"{p.suffix[1:].upper()} {p.stat().st_size / 1e6:.2f} MB" for p in files)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"\n{os.cpu_count()} CPUs (load {load:.1f}), Python {sys.version.split()[0]}; medians of {args.runs} runs, "
        "peak RSS\n"
    )
    width = max(len(r[0]) for r in rows)
    print(f"{'what':<{width}}  {'wall s':>8}  {'CPU s':>8}  {'peak MB':>8}  note")
    for name, t, cpu, m, note in rows:
        print(f"{name:<{width}}  {t:8.3f}  {cpu:8.3f}  {m:8.1f}  {note}")
    print(f"\nfiles: {sizes} (target: the PDF under 1 MB)")


if __name__ == "__main__":
    main()
