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
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from . import resources
from .analysis import Analysis, compute_analysis
from .brand import load_brand
from .edition import load_edition, load_history
from .errors import BriefingError, InputError, Problem, ProblemsError
from .models import Brand, Edition, History
from .naming import output_stem
from .pipeline import output_lang
from .profile import load_profile

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Outcome:
    """What happened to one profile of a batch."""

    profile: str
    status: str  # "ok", "refused" (bad input) or "failed" (the run itself)
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

    @property
    def exit_code(self) -> int:
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


def _plan(profiles: list[Path], today: dt.date, data_dir: Path, edition_id: str | None,
          lang: str | None, allow_stale: bool) -> _Plan:
    edition = load_edition(data_dir, edition_id)
    plan = _Plan(edition, load_history(edition))
    stems: dict[str, str] = {}
    clashes: list[Problem] = []
    for i, path in enumerate(profiles):
        try:
            analysis = compute_analysis(edition, load_profile(path, edition, today, allow_stale=allow_stale),
                                        plan.history)
        except InputError as exc:
            plan.done[i] = Outcome(profile=str(path), status="refused", error=str(exc))
            continue
        except Exception as exc:  # a bug met by one profile: record it, carry on with the others
            plan.done[i] = Outcome(profile=str(path), status="failed", error=f"{type(exc).__name__}: {exc}")
            continue
        stem = output_stem(analysis.profile.client.name, edition.id, output_lang(analysis, lang))
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
    allow_stale: bool


_SETUP: _Setup | None = None


def _init_worker(setup: _Setup) -> None:
    global _SETUP
    _SETUP = setup


def _render_one(index: int, path: Path, out_dir: Path) -> tuple[int, Outcome]:
    from .pipeline import render, write_outputs

    setup, shown = _SETUP, str(path)
    assert setup is not None, "_init_worker runs first"
    try:  # validated by the parent already; a file changed since then is refused here
        analysis = compute_analysis(setup.edition, load_profile(path, setup.edition, setup.today,
                                                                allow_stale=setup.allow_stale), setup.history)
    except InputError as exc:
        return index, Outcome(profile=shown, status="refused", error=str(exc))
    client = analysis.profile.client
    try:
        files = render(analysis, setup.brand, paper=setup.paper, lang=setup.lang)
        write_outputs(out_dir, files)
    except BriefingError as exc:
        return index, Outcome(profile=shown, status="failed", client=client.name,
                              employer_type=client.employer_type, error=str(exc))
    except Exception as exc:  # keep the batch going; the manifest records what broke
        return index, Outcome(profile=shown, status="failed", client=client.name,
                              employer_type=client.employer_type, error=f"{type(exc).__name__}: {exc}")
    written = tuple({"name": name, "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
                    for name, data in files.items())
    return index, Outcome(profile=shown, status="ok", client=client.name, employer_type=client.employer_type,
                          files=written, headline=_headline(analysis), warnings=analysis.warnings)


def run_batch(profiles: list[Path], out_dir: Path, *, today: dt.date, jobs: int | None = None,
              data_dir: Path | None = None, edition_id: str | None = None, brand_path: Path | None = None,
              paper: str = "A4", lang: str | None = None, allow_stale: bool = False,
              progress: Callable[[Outcome], None] | None = None) -> BatchResult:
    from .pipeline import prepare_out_dir, write_outputs

    """Render every profile (from `collect_profiles`); the manifest is written last."""
    brand = load_brand(brand_path or resources.default_brand())
    plan = _plan(profiles, today, data_dir or resources.data_dir(), edition_id, lang, allow_stale)
    setup = _Setup(plan.edition, plan.history, brand, today, paper, lang, allow_stale)
    for outcome in plan.done.values():
        if progress:
            progress(outcome)
    prepare_out_dir(out_dir)
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(plan.ready) or 1))
    results = dict(plan.done)
    if jobs == 1:
        _init_worker(setup)
        for task in plan.ready:
            index, outcome = _render_one(*task, out_dir)
            results[index] = outcome
            if progress:
                progress(outcome)
    else:
        with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(setup,)) as pool:
            futures = [pool.submit(_render_one, *task, out_dir) for task in plan.ready]
            for future in as_completed(futures):
                index, outcome = future.result()
                results[index] = outcome
                if progress:
                    progress(outcome)
    outcomes = tuple(results[i] for i in sorted(results))
    manifest = {
        "edition": plan.edition.id,
        "briefings": [{k: v for k, v in {
            "profile": o.profile, "status": o.status, "client": o.client, "employer_type": o.employer_type,
            "files": list(o.files), "headline": o.headline, "warnings": list(o.warnings) or None,
            "error": o.error}.items() if v is not None}
            for o in outcomes],
    }
    text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
    (path,) = write_outputs(out_dir, {MANIFEST: text.encode("utf-8")})
    return BatchResult(outcomes=outcomes, manifest=path, edition=plan.edition.id)
