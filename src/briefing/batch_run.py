"""`briefing batch`: many profiles, one edition and brand, rendered in parallel worker processes.

Every profile is validated in the parent first, so refusals and file-name clashes are known before
anything is written. Two clients whose names make the same file name get a short hash each; the same
client twice is refused. A profile whose inputs and files are unchanged since the last run into the folder
is skipped (see `delivery.manifest`); one whose folder holds another client's briefing is refused (unless
`force`). Workers only render and stage each briefing's folders in the run's work folder; the parent
switches them into place, one profile at a time under the output folder's lock, so the manifest lists what
is there. The manifest lists the files in name order and the profiles in the order given, so the results
are the same whatever the number of workers or their timing.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import threading
import warnings
from collections.abc import Callable, Generator
from contextlib import closing
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

from . import resources
from .analysis import Analysis, compute_analysis
from .atomic import Workspace, check_owner
from .brand import load_brand
from .delivery import manifest as records
from .delivery.fields import delivery_warnings
from .delivery.manifest import MANIFEST
from .edition import load_edition, load_history
from .errors import BriefingWarning, InputError, OwnerClash, Problem, ProblemsError, RunError
from .models import Brand, Edition, History
from .naming import client_slug, disambiguated, in_folder
from .pipeline import named_files, output_files, output_langs, prepare, stems
from .profile import load_profile
from .workers import run_tasks


@dataclass(frozen=True)
class Outcome:
    """What happened to one profile of a batch."""

    # "ok", "unchanged" (skipped), "refused" (bad input, or another client's folder), "failed" (the run
    # itself) or "interrupted" (not done: the batch was stopped)
    profile: str
    status: str
    client: str | None = None
    employer_type: str | None = None
    files: tuple[dict, ...] = ()  # the manifest entries of its files
    headline: dict | None = None
    error: str | None = None
    warnings: tuple[str, ...] = ()  # the analysis's (a stale edition, aging far out...)


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


@dataclass(frozen=True)
class _Job:
    """What the parent decided for one profile: its file names' client part and the hashes of its inputs."""

    slug: str
    inputs: dict


@dataclass
class _Plan:
    """Profiles found good (index, path, job) and the outcomes already known (refusals, skips), by index.

    Only paths are kept, not analyses: a batch of thousands holds no per-briefing state while it runs.
    """

    edition: Edition
    history: History
    ready: list[tuple[int, Path, _Job]] = field(default_factory=list)
    done: dict[int, Outcome] = field(default_factory=dict)


class _Stop:
    """While entered (in the main thread): the first Ctrl-C (SIGINT) or SIGTERM asks the batch to stop."""

    def __init__(self) -> None:
        self.signal: int | None = None
        self._old: dict[int, Any] = {}  # what signal.signal gave back, to put back

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


@dataclass(frozen=True)
class _Options:
    """What every profile of a batch shares."""

    today: dt.date
    lang: tuple[str, ...] | None
    brand: Brand
    logo_roots: tuple[Path, ...]
    paper: str = "A4"
    email: bool = False
    force: bool = False
    allow_stale: bool = False


def _plan(
    profiles: list[Path],
    data_dir: Path,
    edition_id: str | None,
    options: _Options,
    out_dir: Path,
    known: records.Manifest,
    stop: _Stop,
) -> _Plan:
    edition = load_edition(data_dir, edition_id)
    plan = _Plan(edition, load_history(edition))
    good: list[tuple[int, Path, str, str, tuple[str, ...], dict]] = []  # index, path, slug, name, langs, inputs
    edition_key, brand_key = records.edition_digest(edition), records.brand_digest(options.brand)
    for i, path in enumerate(profiles):
        if stop():
            break
        try:
            profile = load_profile(
                path, edition, options.today, logo_roots=options.logo_roots, allow_stale=options.allow_stale
            )
            analysis = compute_analysis(edition, profile, plan.history)
            langs = output_langs(analysis, options.lang)
            inputs = records.inputs(
                profile, records.profile_bytes(path, profile), edition=edition_key, brand=brand_key, paper=options.paper
            )
        except InputError as exc:
            plan.done[i] = Outcome(profile=str(path), status="refused", error=str(exc))
            continue
        except Exception as exc:  # a bug met by one profile: record it, carry on with the others
            plan.done[i] = Outcome(profile=str(path), status="failed", error=f"{type(exc).__name__}: {exc}")
            continue
        for message in delivery_warnings(profile, options.brand, langs, options.email):
            warnings.warn(BriefingWarning(message), stacklevel=2)
        client = profile.client
        good.append((i, path, client_slug(client.short_name or client.name), client.name, langs, inputs))
    slugs = _slugs([(str(path), slug, name) for _, path, slug, name, _, _ in good], edition.id)
    for (i, path, _, name, langs, inputs), slug in zip(good, slugs, strict=True):
        paths = [in_folder(n) for n in named_files(slug, edition.id, langs, email=options.email)]
        kept = None if options.force else records.unchanged(known, paths, inputs, out_dir, name)
        if kept is not None:
            plan.done[i] = Outcome(
                profile=str(path),
                status="unchanged",
                client=name,
                files=tuple(kept),
                employer_type=kept[0]["totals"]["employer_type"],
            )
            continue
        try:  # another client's folder is refused before the slow part; checked again at the switch
            for stem in stems(slug, edition.id, langs):
                check_owner(out_dir, stem, name, force=options.force)
        except OwnerClash as exc:
            plan.done[i] = Outcome(profile=str(path), status="refused", client=name, error=str(exc))
            continue
        plan.ready.append((i, path, _Job(slug, inputs)))
    return plan


def _slugs(clients: list[tuple[str, str, str]], edition_id: str) -> list[str]:
    """Each client's part of its file names: its slug, or, where two clients of the run share one, the
    slug and a short hash of each one's full name. The same client name twice is refused, naming both profiles."""
    by_slug: dict[str, list[int]] = {}
    for n, (_, slug, _) in enumerate(clients):
        by_slug.setdefault(slug, []).append(n)
    result = [slug for _, slug, _ in clients]
    clashes: list[Problem] = []
    for slug, members in by_slug.items():
        if len(members) < 2:
            continue
        first: dict[str, str] = {}
        for n in members:
            source, _, name = clients[n]
            result[n] = disambiguated(slug, name)
            if name in first:
                clashes.append(
                    Problem(
                        source,
                        "",
                        f"would write the same files ({slug}_{edition_id}.pdf, "
                        f"{slug}_{edition_id}.xlsx) as {first[name]}: both are "
                        f"{name!r}; give each client once, or tell them apart with "
                        "client.short_name",
                    )
                )
            first.setdefault(name, source)
    taken: dict[str, str] = {}
    for n, slug in enumerate(result):  # a hashed slug that meets another client's own: refuse, never overwrite
        if slug in taken and not clashes:
            clashes.append(
                Problem(
                    clients[n][0],
                    "",
                    f"would write the same files ({slug}_{edition_id}.pdf) as "
                    f"{taken[slug]}; give one client a distinct short_name",
                )
            )
        taken.setdefault(slug, clients[n][0])
    if clashes:
        raise ProblemsError(clashes)
    return result


# --- the worker side: one edition and brand per process, then one briefing per task ------------------


@dataclass(frozen=True)
class _Setup:
    edition: Edition
    history: History
    options: _Options


_SETUP: _Setup | None = None


def _init_worker(setup: _Setup) -> None:
    global _SETUP  # noqa: PLW0603 - the pool initializer: each worker process keeps its setup here
    _SETUP = setup


def _stage_one(index: int, path: Path, job: _Job, work: Path) -> tuple[int, Outcome, list[Path]]:
    """Render one briefing (every language) and stage its folders in the run's work folder; the parent
    switches them in."""
    from .pipeline import render, stage_folders

    setup, shown = _SETUP, str(path)
    assert setup is not None, "_init_worker runs first"
    options = setup.options
    try:  # validated by the parent already; a file changed since then is refused here
        profile = load_profile(
            path, setup.edition, options.today, logo_roots=options.logo_roots, allow_stale=options.allow_stale
        )
        analysis = compute_analysis(setup.edition, profile, setup.history)
        langs = output_langs(analysis, options.lang)
    except InputError as exc:
        return index, Outcome(profile=shown, status="refused", error=str(exc)), []
    client = analysis.profile.client
    failed = partial(Outcome, profile=shown, status="failed", client=client.name, employer_type=client.employer_type)
    try:
        files = render(analysis, options.brand, paper=options.paper, lang=langs, slug=job.slug, email=options.email)
        entries = records.entries(
            analysis,
            files,
            output_files(analysis, langs, slug=job.slug, email=options.email),
            client_id=job.slug,
            profile=shown,
            inputs=job.inputs,
        )
        staged = stage_folders(work, analysis, files, entries)
    except OSError as exc:
        return index, failed(error=f"cannot write the output: {exc.strerror or exc}"), []
    except Exception as exc:  # keep the batch going; the manifest records what broke
        return index, failed(error=f"{type(exc).__name__}: {exc}"), []
    return (
        index,
        Outcome(
            profile=shown,
            status="ok",
            client=client.name,
            employer_type=client.employer_type,
            files=tuple(entries),
            headline=_headline(analysis),
            warnings=analysis.warnings,
        ),
        staged,
    )


def _lost(task: tuple, exit_code: int | None) -> tuple[int, Outcome, list[Path]]:
    index, path, _, _ = task
    return (
        index,
        Outcome(
            profile=str(path),
            status="failed",
            error=f"the worker process died while rendering it (exit code {exit_code})",
        ),
        [],
    )


def run_batch(
    profiles: list[Path],
    out_dir: Path,
    *,
    today: dt.date,
    jobs: int | None = None,
    data_dir: Path | None = None,
    edition_id: str | None = None,
    brand: Brand | None = None,
    paper: str = "A4",
    lang: tuple[str, ...] | None = None,
    email: bool = False,
    force: bool = False,
    allow_stale: bool = False,
    progress: Callable[[Outcome], None] | None = None,
) -> BatchResult:
    """Render every profile (from `collect_profiles`); the manifest and the overview are written last.

    The first Ctrl-C (or SIGTERM) stops the batch: nothing new is started, running workers are ended,
    and the manifest records what was finished (the rest as "interrupted"); the exit code says so.
    """
    from .pipeline import check_out_dir, prepare_out_dir

    brand = brand or load_brand(resources.default_brand())
    roots = (Path(brand.source).parent,)  # a logo may sit in the brand's folder
    options = _Options(today, lang, brand, roots, paper, email, force, allow_stale)
    check_out_dir(out_dir)
    known = records.read_manifest(out_dir)  # a damaged manifest is refused before anything is written
    with _Stop() as stop:
        plan = _plan(profiles, data_dir or resources.data_dir(), edition_id, options, out_dir, known, stop)
        for outcome in plan.done.values():
            if progress:
                progress(outcome)
        prepare_out_dir(out_dir)
        jobs = max(1, min(jobs or os.cpu_count() or 1, len(plan.ready) or 1))
        results = dict(plan.done)
        try:
            with Workspace(out_dir) as work:
                tasks = [(i, path, job, work.work) for i, path, job in plan.ready]
                setup = _Setup(plan.edition, plan.history, options)
                prepare(plan.edition, options.brand, lang)  # once, before the workers fork: they inherit it
                staged_all: Generator[tuple[int, Outcome, list[Path]], None, None]
                if jobs == 1:
                    _init_worker(setup)
                    staged_all = (_stage_one(*task) for task in tasks if not stop())
                else:
                    staged_all = run_tasks(
                        _stage_one, tasks, jobs=jobs, init=_init_worker, init_arg=setup, stop=stop, lost=_lost
                    )
                with closing(staged_all):
                    for index, outcome, staged in staged_all:
                        outcome = _switch(work, outcome, staged, force)
                        results[index] = outcome
                        if progress:
                            progress(outcome)
                outcomes = tuple(
                    results.get(i, Outcome(profile=str(p), status="interrupted")) for i, p in enumerate(profiles)
                )
                manifest = _write_index(work, out_dir, outcomes, brand, lang)
        except OSError as exc:
            raise RunError(f"{out_dir}: cannot write the output: {exc.strerror or exc}") from None
    return BatchResult(outcomes=outcomes, manifest=manifest, edition=plan.edition.id, stopped_by=stop.signal)


def _switch(work: Workspace, outcome: Outcome, staged: list[Path], force: bool) -> Outcome:
    """Put a briefing's staged folders in place (in the parent only: what the manifest lists is what is there)."""
    if not staged:
        return outcome
    assert outcome.client is not None
    try:
        with work.locked():
            work.switch(staged, outcome.client, force=force)
    except OwnerClash as exc:
        return replace(outcome, status="refused", files=(), headline=None, error=str(exc))
    except OSError as exc:
        return replace(
            outcome, status="failed", files=(), headline=None, error=f"cannot write the output: {exc.strerror or exc}"
        )
    return outcome


def _write_index(
    work: Workspace, out_dir: Path, outcomes: tuple[Outcome, ...], brand: Brand, lang: tuple[str, ...] | None
) -> Path:
    """The updated manifest and the overview it gives, under the folder's lock; the manifest's path."""
    from .delivery.portfolio import overview

    run = [
        {
            k: v
            for k, v in {
                "profile": o.profile,
                "status": o.status,
                "client": o.client,
                "employer_type": o.employer_type,
                "files": [f["file"] for f in o.files],
                "headline": o.headline,
                "warnings": list(o.warnings) or None,
                "error": o.error,
            }.items()
            if v is not None
        }
        for o in outcomes
    ]
    written = [entry for o in outcomes if o.status == "ok" for entry in o.files]
    with work.locked():
        known = records.read_manifest(out_dir)  # read again: another run may have added to it meanwhile
        text = records.updated(known, written, out_dir, run)
        entries = {e["file"]: e for e in json.loads(text)["files"]}
        for name, data in overview(records.Manifest(known.path, entries), brand, (lang or ("en",))[0]).items():
            work.replace_file(name, data)
        return work.replace_file(MANIFEST, text)  # last: what it lists is in place, the overview included
