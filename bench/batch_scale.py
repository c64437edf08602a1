"""A batch at scale: generated profiles (varied clients, English and Chinese mixed), time per briefing and
peak memory, and a stop midway followed by a rerun that resumes.

    python bench/batch_scale.py --profiles 2000              # ~5 min on 2 shared cores
    python bench/batch_scale.py --profiles 20000             # ~40 min: run it in the background
    python bench/batch_scale.py --profiles 2000 --interrupt  # Ctrl-C at half way, then the rerun

Memory is read from /proc (Linux): each process's own peak (VmHWM), the batch's and its workers', sampled
every 0.2 s while it runs (the workers are ended with SIGKILL at the end, so they cannot report it
themselves), and the largest sum of the process group's RSS seen at one sample. Issue 19's goal: the peak
RSS of a 20,000-profile batch within 10% of a 2,000-profile one's, and under 200 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROLES = [
    ("LLM Training Engineer", 950_000),
    ("AI Inference Engineer", 720_000),
    ("AI Product Manager (LLM)", 680_000),
    ("AI Chip Designer (HiSilicon)", 850_000),
    ("Compiler/Kernel Engineer", 780_000),
    ("AI Research Scientist (PhD/Top Conf.)", 1_200_000),
]
WORDS = ["Nord", "Licht", "Hua", "Xin", "Tian", "Bright", "Deep", "Quant", "Aurora", "Peak", "Lumen", "Jade"]
HAN = ["深算", "华信", "天启", "智谱", "星河", "云帆", "海纳", "远航"]
FORMS = ["Co., Ltd.", "GmbH", "AG", "Inc.", "有限公司", "Technology Ltd."]


def make_profiles(folder: Path, count: int, seed: int = 19) -> None:
    """`count` profiles: every client distinct, foreign and domestic, 1-6 role lines, English, Chinese or both."""
    from briefing import resources

    rng = random.Random(seed)
    folder.mkdir(parents=True)
    for logo in resources.sample_profile("foreign").parent.glob("*.png"):
        shutil.copy(logo, folder / logo.name)
    logos = [None, "nordlicht-logo.png", "shensuan-logo.png"]
    for i in range(count):
        han = i % 3 == 1
        stem = f"{rng.choice(HAN)}{rng.choice(HAN)} Lab" if han else f"{rng.choice(WORDS)}{rng.choice(WORDS).lower()}"
        name = f"{stem} {i:06d} {rng.choice(FORMS)}"  # the number keeps every client's file name its own
        lang = ["en", "zh"][i % 2] if i % 50 else "[en, zh]"  # both, one profile in 50
        lines = [
            f"  - {{role: {role}, headcount: {rng.randint(1, 30)}, planned_hires: {rng.randint(0, 8)}, "
            f"current_pay: {int(pay * rng.uniform(0.7, 1.2)) // 1000 * 1000}}}"
            for role, pay in rng.sample(ROLES, rng.randint(1, 6))
        ]
        logo = logos[i % 3]
        (folder / f"client-{i:06d}.yaml").write_text(
            f'client:\n  name: "{name}"\n  employer_type: {"domestic" if han else "foreign"}\n'
            + (f"  logo: {logo}\n" if logo else "")
            + f"briefing:\n  date: 2026-12-01\n  lang: {lang}\n"
            + ("  currency: CNY\n" if han else "  currency: USD\n  usd_cny: 7.10\n")
            + "roles:\n"
            + "\n".join(lines)
            + "\n",
            encoding="utf-8",
        )


def _peaks(group: int, seen: dict[int, int]) -> int:
    """Each living process of `group`: its VmHWM into `seen` (KB, by pid); the sum of their RSS now (KB)."""
    total = 0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as fh:
                if fh.read().rsplit(")", 1)[1].split()[2] != str(group):
                    continue
            with open(f"/proc/{pid}/status") as fh:
                fields = dict(line.split(":", 1) for line in fh if ":" in line)
        except (OSError, IndexError):
            continue
        if "VmHWM" in fields:
            seen[int(pid)] = max(seen.get(int(pid), 0), int(fields["VmHWM"].split()[0]))
            total += int(fields["VmRSS"].split()[0])
    return total


def run_batch(
    profiles: Path, out: Path, jobs: int, stop_after: int | None = None, deadline: float | None = None
) -> dict:
    """One `briefing batch` in a session of its own; with `stop_after`, a SIGINT once the stream has that
    many lines. Returns the wall time, the outcome counts and the memory peaks."""
    command = [sys.executable, "-c", "from briefing.cli import main; main()", "batch", str(profiles)]
    command += ["--out", str(out), "--jobs", str(jobs)]
    start = time.monotonic()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    seen: dict[int, int] = {}
    tree = 0
    stream = out / "manifest.jsonl"
    sent = False
    while proc.poll() is None:
        tree = max(tree, _peaks(proc.pid, seen))
        if deadline and not sent and time.time() > deadline:  # out of time: stop it, report what it gave
            proc.send_signal(signal.SIGINT)
            sent = True
        if stop_after and not sent and stream.exists():
            with stream.open("rb") as fh:
                if sum(1 for _ in fh) >= stop_after:
                    proc.send_signal(signal.SIGINT)
                    sent = True
        time.sleep(0.2)
    wall = time.monotonic() - start
    stdout, stderr = proc.communicate()
    counts: dict[str, int] = {}
    with stream.open("rb") as fh:
        for line in fh:
            status = json.loads(line)["status"]
            counts[status] = counts.get(status, 0) + 1
    parent = seen.pop(proc.pid, 0)
    return {
        "exit": proc.returncode,
        "wall_s": round(wall, 1),
        "counts": counts,
        "peak_parent_mb": round(parent / 1024, 1),
        "peak_worker_mb": round(max(seen.values(), default=0) / 1024, 1),
        "peak_tree_rss_mb": round(tree / 1024, 1),
        "summary": stdout.decode().strip().splitlines()[-1:],
        "stderr_tail": stderr.decode().strip().splitlines()[-3:],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--profiles", type=int, default=2000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--interrupt", action="store_true", help="Ctrl-C at half way, then rerun to resume")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (else a temporary one)")
    parser.add_argument("--stop-at", type=float, help="Ctrl-C the batch at this time (seconds since the epoch)")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="batch-scale-"))
    try:
        profiles, out = work / "profiles", work / "out"
        if not profiles.exists():
            make_profiles(profiles, args.profiles)
        if args.interrupt:
            first = run_batch(profiles, out, args.jobs, stop_after=args.profiles // 2)
            print(json.dumps({"stopped": first}, indent=2), flush=True)
            stamps = {p: p.stat().st_mtime_ns for p in out.rglob("*.pdf")}
            second = run_batch(profiles, out, args.jobs)
            rewritten = sum(1 for p, t in stamps.items() if p.stat().st_mtime_ns != t)
            print(json.dumps({"rerun": second, "finished_pdfs_rewritten": rewritten}, indent=2), flush=True)
            return
        result = run_batch(profiles, out, args.jobs, deadline=args.stop_at)
        done = sum(result["counts"].values())
        result["per_profile_ms"] = round(result["wall_s"] * 1000 / max(done, 1), 1)
        result["pdfs"] = sum(1 for _ in out.rglob("*.pdf"))
        result["per_pdf_ms"] = round(result["wall_s"] * 1000 / max(result["pdfs"], 1), 1)
        result["profiles"] = args.profiles
        result["jobs"] = args.jobs
        print(json.dumps(result, indent=2), flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
