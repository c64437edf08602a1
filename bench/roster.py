"""Time reading rosters: a 100,000-row HR export, and what a 1,000-row roster adds to `generate`.

    python bench/roster.py              # about a minute on 2 cores
    python bench/roster.py --rows 200000

Targets (issue 11): 100,000 rows read in under 3 s and under 400 MB peak RSS; a 1,000-row roster adds
under 0.3 s to `generate`. Needs the installed `briefing` (and XlsxWriter, which it depends on).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROLES = [
    "LLM Training Engineer",
    "AI Inference Engineer",
    "Compiler/Kernel Engineer",
    "AI Product Manager (LLM)",
    "AI Chip Designer (HiSilicon)",
    "AI Research Scientist (PhD/Top Conf.)",
]
HEADER = [
    "Employee ID",
    "Name",
    "Cost Center",
    "Benchmark Role",
    "Business Title",
    "Job Level",
    "部门",
    "Headcount",
    "Planned Hires",
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


def rows(count: int):
    for i in range(count):
        yield [
            f"E{100000 + i}",
            f"Person {i}",
            f"CC-{4100 + i % 40}",
            ROLES[i % len(ROLES)],
            f"Title {i:06d}",
            f"P{5 + i % 4}",
            "研发中心",
            1,
            i % 3,
            600_000 + (i * 37) % 900_000,
        ]


def workday_xlsx(path: Path, count: int) -> None:
    """An export as Workday writes it: title rows, the header on row 4, shared strings, a totals row."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Headcount Plan")
    sheet.merge_range("A1:J1", "AI Headcount & Compensation - Bench Client")
    sheet.write("A2", "As of 2026-11-15")
    sheet.write_row(3, 0, HEADER)
    for n, row in enumerate(rows(count), start=4):
        sheet.write_row(n, 0, row)
    sheet.write(count + 4, 0, "Total")
    sheet.write_formula(count + 4, 7, f"=SUM(H5:H{count + 4})", None, count)
    book.close()


def csv_file(path: Path, count: int) -> None:
    import csv

    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        writer.writerows(rows(count))


def profile(folder: Path, roster: str | None, lines: int) -> Path:
    body = "client: {name: Bench Client, employer_type: foreign}\n"
    if roster:  # one role line per row, as the YAML's (the export's Employee ID would make it a roster of people)
        body += f"roster: {{file: {roster}, rows: lines}}\n"
    else:
        body += "roles:\n" + "".join(
            f"  - {{role: {ROLES[i % len(ROLES)]}, title: Title {i:06d}, headcount: 1, "
            f"planned_hires: {i % 3}, current_pay: {600_000 + (i * 37) % 900_000}}}\n"
            for i in range(lines)
        )
    path = folder / f"{roster or 'inline'}.yaml".replace("/", "_")
    path.write_text(body, encoding="utf-8")
    return path


def timed(args: list[str], runs: int, ok: tuple[int, ...] = (0,)) -> tuple[float, float, float]:
    """(median wall seconds, median CPU seconds, max peak MB) of `briefing ARGS` as whole processes.

    CPU time is given beside wall time because this machine's two cores are shared: under load, the wall
    time of one run is not what a user's machine would take."""
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
        if os.waitstatus_to_exitcode(status) not in ok:
            sys.exit(f"failed ({os.waitstatus_to_exitcode(status)}): briefing {' '.join(args)}\n{err[-2000:]}")
        peaks.append(int(err.rpartition("\npeak-kb ")[2]) / 1024)
    return statistics.median(times), statistics.median(cpus), max(peaks)


def in_process(path: Path, runs: int) -> float:
    """Median seconds of the library's read of one roster (file -> role lines), in this process."""
    from briefing import resources
    from briefing.checks import Checker
    from briefing.edition import load_edition
    from briefing.roster import read_roster, spec_for_file

    edition = load_edition(resources.data_dir())
    read_roster(Checker("warm-up"), spec_for_file(path), edition)  # the readers' imports are not the roster's cost
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        read_roster(Checker(str(path)), spec_for_file(path), edition)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not Path("/proc/self/status").exists():
        sys.exit("needs Linux (/proc) to read peak memory")
    work = Path(tempfile.mkdtemp(prefix="briefing-roster-bench-"))
    out: list[tuple[str, float, float, float, str]] = []
    try:
        big_xlsx, big_csv = work / "big.xlsx", work / "big.csv"
        workday_xlsx(big_xlsx, args.rows)
        csv_file(big_csv, args.rows)
        for path in (big_xlsx, big_csv):
            # read as 100,000 people (an Employee ID column): exit 0, or 2 beyond the people limit (--rows)
            t, cpu, m = timed(["roster", str(path)], args.runs, ok=(0, 2))
            out.append(
                (
                    f"briefing roster, {args.rows:,} rows ({path.suffix}, {path.stat().st_size / 1e6:.1f} MB)",
                    t,
                    cpu,
                    m,
                    "target < 3 s, < 400 MB",
                )
            )
            out.append((f"  the read alone, in process ({path.suffix})", in_process(path, args.runs), 0, 0, ""))

        small = work / "roster-1000.xlsx"
        workday_xlsx(small, 1_000)
        t, cpu, m = timed(["--help"], args.runs)
        out.append(("briefing --help", t, cpu, m, ""))
        inline_t, inline_cpu, inline_m = timed(
            ["generate", "--profile", str(profile(work, None, 1_000)), "--out", str(work / "out")], args.runs
        )
        roster_t, roster_cpu, roster_m = timed(
            ["generate", "--profile", str(profile(work, small.name, 1_000)), "--out", str(work / "out")], args.runs
        )
        out.append(("generate, 1,000 role lines written in the YAML", inline_t, inline_cpu, inline_m, ""))
        out.append(
            (
                "generate, the same 1,000 lines from a roster .xlsx",
                roster_t,
                roster_cpu,
                roster_m,
                f"{roster_cpu - inline_cpu:+.3f} s CPU against the YAML",
            )
        )
        out.append(
            ("  the read alone, in process (1,000 rows)", in_process(small, args.runs * 3), 0, 0, "target < 0.3 s")
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"\n{os.cpu_count()} CPUs (load {load:.1f}), Python {sys.version.split()[0]}; medians of {args.runs} runs, "
        "peak RSS\n"
    )
    width = max(len(r[0]) for r in out)
    print(f"{'what':<{width}}  {'wall s':>8}  {'CPU s':>8}  {'peak MB':>8}  note")
    for name, t, cpu, m, note in out:
        cells = [f"{t:8.3f}", f"{cpu:8.3f}" if cpu else " " * 8, f"{m:8.1f}" if m else " " * 8]
        print(f"{name:<{width}}  {'  '.join(cells)}  {note}")


if __name__ == "__main__":
    main()
