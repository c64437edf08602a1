"""Time whole processes and print medians, peak memory (RSS) and ratios to a straight-line floor.

    python bench/run.py                 # the standard run (about 3 minutes on 2 cores)
    python bench/run.py --soak 1000     # also: memory across a batch of 1,000 briefings

Needs only the installed `briefing` and the Python that runs this script.
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

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
FLOOR = Path(__file__).resolve().parent / "floor.py"


def measure(cmd: list[str], runs: int, cwd: Path | None = None) -> tuple[float, float]:
    """(median wall seconds, max peak RSS in MB) over `runs` runs of a whole process."""
    times, peaks = [], []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        times.append(time.perf_counter() - start)
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode not in (0,):
            sys.exit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr.read().decode()}")
        peaks.append(usage.ru_maxrss / 1024)
    return statistics.median(times), max(peaks)


def batch_peak_per_process(cmd: list[str]) -> tuple[float, float]:
    """Wall time and the largest RSS of any process in the tree (workers included), via /proc polling."""
    import threading

    peak = [0.0]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    done = threading.Event()

    def poll() -> None:
        while not done.is_set():
            for pid in _tree(proc.pid):
                try:
                    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                        if line.startswith("VmHWM:"):
                            peak[0] = max(peak[0], int(line.split()[1]) / 1024)
                except OSError:
                    pass
            done.wait(0.05)

    thread = threading.Thread(target=poll)
    start = time.perf_counter()
    thread.start()
    proc.wait()
    elapsed = time.perf_counter() - start
    done.set()
    thread.join()
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr.read().decode()}")
    return elapsed, peak[0]


def _tree(pid: int) -> list[int]:
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return pids
    for child in children:
        pids.extend(_tree(int(child)))
    return pids


def make_profiles(folder: Path, count: int) -> None:
    """`count` distinct clients, alternating the foreign and domestic samples (logos copied alongside)."""
    folder.mkdir(parents=True, exist_ok=True)
    for logo in SAMPLES.glob("*.png"):
        shutil.copy(logo, folder / logo.name)
    texts = {kind: (SAMPLES / f"{kind}.yaml").read_text(encoding="utf-8") for kind in ("foreign", "domestic")}
    for i in range(count):
        kind = ("foreign", "domestic")[i % 2]
        text = texts[kind].replace('name: "Nordlicht Automation', f'name: "Client {i:04d} Nordlicht Automation')
        text = text.replace('name: "深算科技 Shensuan Technology', f'name: "深算科技 Shensuan Technology {i:04d}')
        (folder / f"client-{i:04d}.yaml").write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="runs per single-process figure (median)")
    parser.add_argument("--batch", type=int, default=100, help="profiles in the batch figures")
    parser.add_argument("--soak", type=int, default=0, help="also run a batch this large and report memory")
    args = parser.parse_args()
    briefing = shutil.which("briefing")
    if not briefing:
        sys.exit("briefing is not installed: pip install .")
    py = sys.executable
    work = Path(tempfile.mkdtemp(prefix="briefing-bench-"))
    rows: list[tuple[str, float, float, str]] = []
    try:
        click_t, click_m = measure([py, "-c", "import click"], args.runs * 3)
        help_t, help_m = measure([briefing, "--help"], args.runs * 3)
        rows.append(("python -c 'import click'", click_t, click_m, "1.00 (baseline)"))
        rows.append(("briefing --help", help_t, help_m, f"{help_t / click_t:.2f} x import click"))

        profile = SAMPLES / "foreign.yaml"
        floor_t, floor_m = measure([py, str(FLOOR), "--out", str(work / "floor1")], args.runs)
        gen_t, gen_m = measure([briefing, "generate", "--profile", str(profile), "--out", str(work / "gen")], args.runs)
        rows.append(("floor: one briefing", floor_t, floor_m, "1.00 (baseline)"))
        rows.append(("briefing generate (foreign sample)", gen_t, gen_m, f"{gen_t / floor_t:.2f} x floor"))

        profiles = work / "profiles"
        make_profiles(profiles, args.batch)
        n = args.batch
        fb_t, fb_m = measure([py, str(FLOOR), "--out", str(work / "floorN"), "--count", str(n)], 1)
        rows.append((f"floor: {n} briefings in one process", fb_t, fb_m, f"{fb_t / n * 1000:.0f} ms per briefing"))
        results = {}
        for jobs in (1, 2):
            t, m = batch_peak_per_process(
                [briefing, "batch", str(profiles), "--out", str(work / f"b{jobs}"), "--jobs", str(jobs)]
            )
            results[jobs] = t
            rows.append(
                (
                    f"briefing batch {n} --jobs {jobs}",
                    t,
                    m,
                    f"{t / n * 1000:.0f} ms per briefing = {t / fb_t:.2f} x floor",
                )
            )
        rows.append(("speed-up of 2 jobs over 1", 0, 0, f"{results[1] / results[2]:.2f} x"))
        if args.soak:
            soak = work / "soak"
            make_profiles(soak, args.soak)
            t, m = batch_peak_per_process([briefing, "batch", str(soak), "--out", str(work / "soakout"), "--jobs", "1"])
            rows.append((f"briefing batch {args.soak} --jobs 1", t, m, f"{t / args.soak * 1000:.0f} ms per briefing"))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(
        f"\n{os.cpu_count()} CPUs, Python {sys.version.split()[0]}; medians of {args.runs} runs "
        f"({args.runs * 3} for start-up), peak RSS of the largest process\n"
    )
    width = max(len(r[0]) for r in rows)
    print(f"{'what':<{width}}  {'seconds':>8}  {'peak MB':>8}  ratio")
    for name, t, m, ratio in rows:
        ts = f"{t:8.3f}" if t else " " * 8
        ms = f"{m:8.1f}" if m else " " * 8
        print(f"{name:<{width}}  {ts}  {ms}  {ratio}")


if __name__ == "__main__":
    main()
