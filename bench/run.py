"""Time whole processes, paired and interleaved (bench/paired.py), and print each goal of issue 19 beside its figure.

    python bench/run.py                  # the standard run (about 10 minutes on 2 shared cores)
    python bench/run.py --rounds 3 --batch 20 --people 0    # a quicker look
    python bench/run.py --soak 1000      # also: time and memory across a batch of 1,000 briefings

Figures are medians over the rounds, with the spread (lowest-highest) in brackets; a ratio is taken within
each round. The goals are judged on CPU time (the process's and its workers'): on a machine shared with
other work, wall time measures the other work as much as this one; wall figures are printed beside. The
floor is bench/floor.py, a straight-line script writing a comparable briefing. Needs only the installed
`briefing` and the Python that runs this script.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from paired import Rounds, Spread, rounds  # bench/ is not a package: its folder is put on the path above

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
FLOOR = Path(__file__).resolve().parent / "floor.py"
DATE = ["--date", "2026-12-01"]


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


def clear(folder: Path):
    """A `before` hook: the output folder removed, so a batch renders everything again (no "unchanged" skips)."""
    return lambda: shutil.rmtree(folder, ignore_errors=True)


class Report:
    """Rows of figures, and the goals with pass or miss."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str]] = []
        self.goals: list[tuple[str, str, str, str]] = []

    def row(self, what: str, figure: str, note: str = "") -> None:
        self.rows.append((what, figure, note))

    def goal(self, what: str, value: Spread, limit: float, unit: str = "x") -> None:
        self.goals.append((what, value.show(unit), f"<= {limit:g}{unit}", "pass" if value.median <= limit else "MISS"))

    def print(self, header: str) -> None:
        print(f"\n{header}\n")
        width = max(len(r[0]) for r in self.rows)
        for what, figure, note in self.rows:
            print(f"{what:<{width}}  {figure:<28}  {note}")
        if self.goals:
            print("\nGoals (issue 19)\n")
            width = max(len(g[0]) for g in self.goals)
            for what, value, limit, verdict in self.goals:
                print(f"{what:<{width}}  {value:<24}  {limit:<8}  {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5, help="rounds of paired runs (medians over them)")
    parser.add_argument("--batch", type=int, default=40, help="profiles in the batch figures")
    parser.add_argument("--lines", default="100,1000,2000", help="role-line rosters to time (0: none)")
    parser.add_argument("--people", type=int, default=20_000, help="people in the roster-of-people figure (0: none)")
    parser.add_argument("--soak", type=int, default=0, help="also run a batch this large once: time and memory")
    args = parser.parse_args()
    # the script beside this Python first (a venv not on PATH), then PATH
    briefing = shutil.which("briefing", path=str(Path(sys.executable).parent)) or shutil.which("briefing")
    if not briefing:
        sys.exit("briefing is not installed: pip install .")
    py = sys.executable
    work = Path(tempfile.mkdtemp(prefix="briefing-bench-"))
    report = Report()

    def say(text: str) -> None:
        print(f"  {text}", file=sys.stderr, flush=True)

    try:
        start = rounds(
            {"import click": [py, "-c", "import click"], "briefing --help": [briefing, "--help"]},
            args.rounds * 2,
            progress=say,
        )
        report.row("briefing --help", start.figure("briefing --help").show(" s", 3), "wall")
        report.row("  ratio to python -c 'import click'", start.ratio("briefing --help", "import click").show("x"))

        profile = str(SAMPLES / "foreign.yaml")
        single = rounds(
            {
                "floor": [py, str(FLOOR), "--out", str(work / "floor1")],
                "en": [briefing, "generate", "--profile", profile, "--out", str(work / "gen-en"), "--lang", "en"],
                "zh": [briefing, "generate", "--profile", profile, "--out", str(work / "gen-zh"), "--lang", "zh"],
            },
            args.rounds,
            before={"en": clear(work / "gen-en"), "zh": clear(work / "gen-zh")},
            progress=say,
        )
        _single(report, single)

        n = args.batch
        profiles = work / "profiles"
        make_profiles(profiles, n)
        commands = {"floor": [py, str(FLOOR), "--out", str(work / "floorN"), "--count", str(n)]}
        before = {}
        for lang in ("en", "zh"):
            for jobs in (1, 2):
                out = work / f"b-{lang}-{jobs}"
                commands[f"{lang} {jobs}"] = [briefing, "batch", str(profiles), "--out", str(out), "--jobs", str(jobs)]
                commands[f"{lang} {jobs}"] += ["--lang", lang, *DATE]
                before[f"{lang} {jobs}"] = clear(out)
        _batch(report, rounds(commands, args.rounds, before=before, progress=say), n)

        lines = [int(x) for x in args.lines.split(",") if int(x)]
        if lines:
            _rosters(report, work, lines, args.rounds, briefing, [py, str(FLOOR), "--out", str(work / "floorL")], say)
        if args.people:
            _people(report, work, args.people, max(1, args.rounds // 2), briefing, say)
        if args.soak:
            soak = work / "soak"
            make_profiles(soak, args.soak)
            cmd = [briefing, "batch", str(soak), "--out", str(work / "soak-out"), "--jobs", "1", *DATE]
            result = rounds({"soak": cmd}, 1, progress=say)
            report.row(
                f"batch of {args.soak:,} --jobs 1",
                result.figure("soak", per=args.soak).show(" s", 3),
                f"per briefing; peak {result.peak('soak'):.0f} MB",
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    report.print(
        f"{os.cpu_count()} CPUs (load {load:.1f} at the end), Python {sys.version.split()[0]}; medians of "
        f"{args.rounds} paired rounds (spread in brackets); wall time unless CPU is said"
    )


def _single(report: Report, single: Rounds) -> None:
    report.row(
        "floor: one briefing", single.figure("floor").show(" s"), f"CPU {single.figure('floor', what='cpu').show(' s')}"
    )
    for lang in ("en", "zh"):
        ratio = single.ratio(lang, "floor")
        report.row(
            f"generate, foreign sample, {lang}",
            single.figure(lang).show(" s"),
            f"{ratio.show('x')} floor; CPU {single.ratio(lang, 'floor', what='cpu').show('x')}",
        )
        report.goal(f"single generate {lang} / floor (CPU)", single.ratio(lang, "floor", what="cpu"), 1.1)


def _batch(report: Report, batch: Rounds, n: int) -> None:
    report.row(f"floor: {n} briefings in one process", batch.figure("floor", per=n).show(" s", 3), "per briefing")
    for lang in ("en", "zh"):
        for jobs in (1, 2):
            name = f"{lang} {jobs}"
            ratio = batch.ratio(name, "floor", per=n, base_per=n)
            report.row(
                f"batch of {n}, {lang}, --jobs {jobs}",
                batch.figure(name, per=n).show(" s", 3),
                f"per briefing = {ratio.show('x')} floor; peak {batch.peak(name):.0f} MB",
            )
        report.row(f"  {lang}: speed-up of 2 jobs over 1", batch.ratio(f"{lang} 1", f"{lang} 2").show("x"))
        report.row(f"  {lang}, --jobs 1: CPU per briefing", batch.figure(f"{lang} 1", per=n, what="cpu").show(" s", 3))
        report.goal(
            f"batch {lang} per briefing / floor (--jobs 1, CPU)",
            batch.ratio(f"{lang} 1", "floor", per=n, base_per=n, what="cpu"),
            0.6 if lang == "en" else 0.7,
        )
    report.goal("batch zh / en per briefing (--jobs 1, CPU)", batch.ratio("zh 1", "en 1", what="cpu"), 1.15)
    report.row("  zh / en, --jobs 2", batch.ratio("zh 2", "en 2").show("x"))


def _rosters(report: Report, work: Path, lines: list[int], count: int, briefing: str, floor: list[str], say) -> None:
    """`generate` for profiles of `lines` role lines each (as bench/roster.py writes them), with the floor in
    the same rounds: the goal is in seconds, and the floor's figure shows how fast the machine was meanwhile."""
    from roster import profile

    commands, before = {"floor": floor}, {}
    for n in lines:
        folder = work / f"lines-{n}"
        folder.mkdir()
        out = work / f"lines-{n}-out"
        commands[f"{n}"] = [briefing, "generate", "--profile", str(profile(folder, None, n)), "--out", str(out), *DATE]
        before[f"{n}"] = clear(out)
    result = rounds(commands, count, before=before, progress=say)
    for n in lines:
        report.row(
            f"generate, {n:,} role lines",
            result.figure(f"{n}").show(" s"),
            f"CPU {result.figure(f'{n}', what='cpu').show(' s')}; peak {result.peak(f'{n}'):.0f} MB",
        )
    report.row("  the floor, in these rounds", result.figure("floor", what="cpu").show(" s"), "CPU")
    largest = max(lines)
    report.row(
        f"  {largest:,} role lines / the floor",
        result.ratio(f"{largest}", "floor", what="cpu").show("x"),
        "CPU, within each round",
    )
    report.goal(
        f"generate, {largest:,} role lines (CPU; 2,000 is the most accepted)",
        result.figure(f"{largest}", what="cpu"),
        5,
        " s",
    )


def _people(report: Report, work: Path, count: int, rounds_: int, briefing: str, say) -> None:
    """`generate` for a roster of `count` people in 6 roles (as bench/people.py writes it)."""
    from people import workday_people

    roster = work / "all-workers.xlsx"
    workday_people(roster, count)
    profile = work / "people.yaml"
    profile.write_text(
        "client: {name: Bench Client, employer_type: foreign}\nbriefing: {date: 2026-12-01}\n"
        "roster: all-workers.xlsx\nroles:\n  - {role: LLM Training Engineer, planned_hires: 5}\n",
        encoding="utf-8",
    )
    out = work / "people-out"
    cmd = [briefing, "generate", "--profile", str(profile), "--out", str(out)]
    result = rounds({"people": cmd}, rounds_, before={"people": clear(out)}, progress=say)
    report.row(
        f"generate, roster of {count:,} people (.xlsx)",
        result.figure("people").show(" s"),
        f"CPU {result.figure('people', what='cpu').show(' s')}; peak {result.peak('people'):.0f} MB",
    )


if __name__ == "__main__":
    main()
