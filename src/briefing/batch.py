"""`briefing batch`: many profiles, one edition and brand, rendered in parallel worker processes.

Every profile is validated in the parent first, so refusals and file-name clashes are known
before anything is written; workers only render and write. The manifest lists the profiles in
the order given, so the results are the same whatever the number of workers or their timing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import signal
import threading
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from . import resources
from .analysis import Analysis, compute_analysis
from .atomic import Workspace, check_owner, stage
from .brand import load_brand
from .edition import load_edition, load_history
from .errors import InputError, OwnerClash, Problem, ProblemsError, RunError
from .models import Brand, Edition, History
from .pipeline import briefing_stem
from .profile import load_profile
from .workers import run_tasks

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Outcome:
    """What happened to one profile of a batch."""

    profile: str
    status: str  # "ok", "refused" (bad input), "failed" (the run itself) or "interrupted" (not done: stopped)
    client: str | None = None
    employer_type: str | None = None
    files: tuple[dict, ...] = ()
    headline: dict | None = None
    error: str | None = None
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class BatchResult:
    outcomes: tuple[Outcome, ...]
    manifest: Path
    edition: str
    stopped_by: int | None = None  # the signal (SIGINT, SIGTERM) that stopped the batch early

    @property
    def exit_code(self) -> int:
        if self.stopped_by is not None:
            return 128 + self.stopped_by  # as a shell reports a process ended by that signal: 130 for Ctrl-C
        statuses = {o.status for o in self.outcomes}
        return 2 if "refused" in statuses else 1 if "failed" in statuses else 0


@dataclass
class _Plan:
    """Profiles found good (index, path) and the outcomes already known (refusals), by index.

    Only paths are kept, not analyses: a batch of thousands holds no per-briefing state while it runs.
    """

    edition: Edition
    history: History
    ready: list[tuple[int, Path]] = field(default_factory=list)
    done: dict[int, Outcome] = field(default_factory=dict)


class _Stop:
    """While entered (in the main thread): the first Ctrl-C (SIGINT) or SIGTERM asks the batch to stop."""

    def __init__(self) -> None:
        self.signal: int | None = None
        self._old: dict[int, object] = {}

    def __call__(self) -> bool:
        return self.signal is not None

    def _handle(self, signum, frame) -> None:
        self.signal = self.signal or signum

    def __enter__(self) -> _Stop:
        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGINT, signal.SIGTERM):
                self._old[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(self, *exc) -> None:
        for signum, old in self._old.items():
            signal.signal(signum, old)


def collect_profiles(args: list[Path]) -> list[Path]:
    """Profile files as given, and every *.yaml / *.yml directly inside a given folder, sorted."""
    found: list[Path] = []
    problems: list[Problem] = []
    for arg in args:
        if arg.is_dir():
            inside = sorted(p for p in arg.iterdir() if p.suffix.lower() in (".yaml", ".yml") and p.is_file())
            if not inside:
                problems.append(Problem(str(arg), "", "the folder holds no .yaml or .yml profiles"))
            found.extend(inside)
        elif arg.is_file():
            found.append(arg)
        else:
            problems.append(Problem(str(arg), "", "no such file or folder"))
    if problems:
        raise ProblemsError(problems)
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


def _headline(a: Analysis) -> dict:
    return {
        "currency": a.currency,
        "total_cost_per_year": round(a.money(a.totals.total_cny), 2),
        "total_cost_per_year_cny": round(a.totals.total_cny, 2),
        "roles_below_target": [r.label for r in a.below_target],
        "roles_with_unknown_pay": [r.label for r in a.unknown_pay],
    }


def _plan(profiles: list[Path], today: dt.date, data_dir: Path, edition_id: str | None, lang: str | None,
          out_dir: Path, force: bool, logo_roots: tuple[Path, ...], allow_stale: bool, stop: _Stop) -> _Plan:
    edition = load_edition(data_dir, edition_id)
    plan = _Plan(edition, load_history(edition))
    stems: dict[str, str] = {}
    clashes: list[Problem] = []
    for i, path in enumerate(profiles):
        if stop():
            break
        try:
            profile = load_profile(path, edition, today, logo_roots=logo_roots, allow_stale=allow_stale)
            analysis = compute_analysis(edition, profile, plan.history)
            stem = briefing_stem(analysis, lang)
            check_owner(out_dir, stem, analysis.profile.client.name, force=force)
        except InputError as exc:
            plan.done[i] = Outcome(profile=str(path), status="refused", error=str(exc))
            continue
        except Exception as exc:  # a bug met by one profile: record it, carry on with the others
            plan.done[i] = Outcome(profile=str(path), status="failed", error=f"{type(exc).__name__}: {exc}")
            continue
        if stem in stems:
            clashes.append(Problem(str(path), "", f"would write the same files ({stem}.pdf, {stem}.xlsx) as "
                                                  f"{stems[stem]}; give one client a distinct name"))
        stems[stem] = str(path)
        plan.ready.append((i, path))
    if clashes:
        raise ProblemsError(clashes)
    return plan


# --- the worker side: one edition and brand per process, then one briefing per task ------------------


@dataclass(frozen=True)
class _Setup:
    edition: Edition
    history: History
    brand: Brand
    today: dt.date
    paper: str
    lang: str | None
    logo_roots: tuple[Path, ...]
    allow_stale: bool


_SETUP: _Setup | None = None


def _init_worker(setup: _Setup) -> None:
    global _SETUP
    _SETUP = setup


def _stage_one(index: int, path: Path, work: Path) -> tuple[int, Outcome, Path | None]:
    """Render one briefing and stage its folder in the run's work folder; the parent switches it in."""
    from .pipeline import owner, render

    setup, shown = _SETUP, str(path)
    assert setup is not None, "_init_worker runs first"
    try:  # validated by the parent already; a file changed since then is refused here
        profile = load_profile(path, setup.edition, setup.today, logo_roots=setup.logo_roots,
                               allow_stale=setup.allow_stale)
        analysis = compute_analysis(setup.edition, profile, setup.history)
    except InputError as exc:
        return index, Outcome(profile=shown, status="refused", error=str(exc)), None
    client = analysis.profile.client
    failed = partial(Outcome, profile=shown, status="failed", client=client.name, employer_type=client.employer_type)
    try:
        files = render(analysis, setup.brand, paper=setup.paper, lang=setup.lang)
        staged = stage(work, briefing_stem(analysis, setup.lang), files, owner(analysis, files))
    except OSError as exc:
        return index, failed(error=f"cannot write the output: {exc.strerror or exc}"), None
    except Exception as exc:  # keep the batch going; the manifest records what broke
        return index, failed(error=f"{type(exc).__name__}: {exc}"), None
    written = tuple({"name": f"{staged.name}/{name}", "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
                    for name, data in files.items())
    return index, Outcome(profile=shown, status="ok", client=client.name, employer_type=client.employer_type,
                          files=written, headline=_headline(analysis), warnings=analysis.warnings), staged


def _lost(task: tuple, exit_code: int | None) -> tuple[int, Outcome, None]:
    index, path, _ = task
    return index, Outcome(profile=str(path), status="failed",
                          error=f"the worker process died while rendering it (exit code {exit_code})"), None


def run_batch(profiles: list[Path], out_dir: Path, *, today: dt.date, jobs: int | None = None,
              data_dir: Path | None = None, edition_id: str | None = None, brand: Brand | None = None,
              paper: str = "A4", lang: str | None = None, force: bool = False, allow_stale: bool = False,
              progress: Callable[[Outcome], None] | None = None) -> BatchResult:
    """Render every profile (from `collect_profiles`); the manifest is written last.

    The first Ctrl-C (or SIGTERM) stops the batch: nothing new is started, running workers are ended,
    and the manifest records what was finished (the rest as "interrupted"); the exit code says so.
    """
    from .pipeline import prepare_out_dir

    brand = brand or load_brand(resources.default_brand())
    roots = (Path(brand.source).parent,)  # a logo may sit in the brand's folder
    with _Stop() as stop:
        plan = _plan(profiles, today, data_dir or resources.data_dir(), edition_id, lang, out_dir, force, roots,
                     allow_stale, stop)
        setup = _Setup(plan.edition, plan.history, brand, today, paper, lang, roots, allow_stale)
        for outcome in plan.done.values():
            if progress:
                progress(outcome)
        prepare_out_dir(out_dir)
        jobs = max(1, min(jobs or os.cpu_count() or 1, len(plan.ready) or 1))
        results = dict(plan.done)
        try:
            with Workspace(out_dir) as work:
                tasks = [(i, path, work.work) for i, path in plan.ready]
                if jobs == 1:
                    _init_worker(setup)
                    staged_all = (_stage_one(*task) for task in tasks if not stop())
                else:
                    staged_all = run_tasks(_stage_one, tasks, jobs=jobs, init=_init_worker, init_arg=setup,
                                           stop=stop, lost=_lost)
                with closing(staged_all):
                    for index, outcome, staged in staged_all:
                        outcome = _switch(work, outcome, staged, force)
                        results[index] = outcome
                        if progress:
                            progress(outcome)
                outcomes = tuple(results.get(i, Outcome(profile=str(p), status="interrupted"))
                                 for i, p in enumerate(profiles))
                manifest = work.write_file(MANIFEST, _manifest(plan.edition.id, outcomes))
        except OSError as exc:
            raise RunError(f"{out_dir}: cannot write the output: {exc.strerror or exc}") from None
    return BatchResult(outcomes=outcomes, manifest=manifest, edition=plan.edition.id, stopped_by=stop.signal)


def _switch(work: Workspace, outcome: Outcome, staged: Path | None, force: bool) -> Outcome:
    """Put a staged briefing folder in place (in the parent only: what the manifest lists is what is there)."""
    if staged is None:
        return outcome
    assert outcome.client is not None
    try:
        work.switch(staged, outcome.client, force=force)
    except OwnerClash as exc:
        return replace(outcome, status="refused", files=(), headline=None, error=str(exc))
    except OSError as exc:
        return replace(outcome, status="failed", files=(), headline=None,
                       error=f"cannot write the output: {exc.strerror or exc}")
    return outcome


def _manifest(edition_id: str, outcomes: tuple[Outcome, ...]) -> bytes:
    manifest = {
        "edition": edition_id,
        "briefings": [{k: v for k, v in {
            "profile": o.profile, "status": o.status, "client": o.client, "employer_type": o.employer_type,
            "files": list(o.files), "headline": o.headline, "warnings": list(o.warnings) or None,
            "error": o.error}.items() if v is not None}
            for o in outcomes],
    }
    return (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
