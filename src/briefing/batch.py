"""`briefing batch`: many profiles, one edition and brand, rendered in parallel worker processes.

Every profile is validated in the parent first, so refusals and file-name clashes are known
before anything is written; workers only render and write. Two clients whose names make the same
file name get a short hash each; the same client twice is refused. A profile whose inputs and files
are unchanged since the last run into the folder is skipped (see `delivery.manifest`). The manifest
lists the files in name order and the profiles in the order given, so the results are the same
whatever the number of workers or their timing.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import warnings
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from . import resources
from .analysis import Analysis, compute_analysis
from .brand import load_brand
from .delivery import manifest as records
from .delivery.fields import delivery_warnings
from .delivery.manifest import MANIFEST
from .edition import load_edition
from .errors import BriefingError, BriefingWarning, InputError, Problem, ProblemsError
from .models import Brand, Edition
from .naming import client_slug, disambiguated
from .pipeline import named_files, output_files, output_langs
from .profile import load_profile


@dataclass(frozen=True)
class Outcome:
    """What happened to one profile of a batch."""

    profile: str
    status: str  # "ok", "unchanged" (skipped), "refused" (bad input) or "failed" (the run itself)
    client: str | None = None
    employer_type: str | None = None
    files: tuple[dict, ...] = ()  # the manifest entries of its files
    headline: dict | None = None
    error: str | None = None


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
    ready: list[tuple[int, Path, _Job]] = field(default_factory=list)
    done: dict[int, Outcome] = field(default_factory=dict)


@dataclass(frozen=True)
class _Job:
    """What the parent decided for one profile: its file names' client part and the hashes of its inputs."""

    slug: str
    inputs: dict


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
          lang: tuple[str, ...] | None, *, brand: Brand, paper: str = "A4", email: bool = False,
          manifest: records.Manifest | None = None, force: bool = False, out_dir: Path | None = None) -> _Plan:
    edition = load_edition(data_dir, edition_id)
    plan = _Plan(edition)
    good: list[tuple[int, Path, str, str, tuple[str, ...], dict]] = []  # index, path, slug, name, langs, inputs
    edition_key, brand_key = records.edition_digest(edition), records.brand_digest(brand)
    for i, path in enumerate(profiles):
        try:
            analysis = compute_analysis(edition, load_profile(path, edition, today))
            langs = output_langs(analysis, lang)
            profile = analysis.profile
            inputs = records.inputs(profile, records.profile_bytes(path, profile), edition=edition_key,
                                    brand=brand_key, paper=paper)
        except InputError as exc:
            plan.done[i] = Outcome(profile=str(path), status="refused", error=str(exc))
            continue
        except Exception as exc:  # a bug met by one profile: record it, carry on with the others
            plan.done[i] = Outcome(profile=str(path), status="failed", error=f"{type(exc).__name__}: {exc}")
            continue
        for message in delivery_warnings(profile, brand, langs, email):
            warnings.warn(BriefingWarning(message), stacklevel=2)
        client = profile.client
        good.append((i, path, client_slug(client.short_name or client.name), client.name, langs, inputs))
    slugs = _slugs([(str(path), slug, name) for _, path, slug, name, _, _ in good], edition.id)
    for (i, path, _, name, langs, inputs), slug in zip(good, slugs, strict=True):
        job = _Job(slug, inputs)
        names = list(named_files(slug, edition.id, langs, email=email))
        kept = (None if force or manifest is None or out_dir is None
                else records.unchanged(manifest, names, inputs, out_dir))
        if kept is not None:
            plan.done[i] = Outcome(profile=str(path), status="unchanged", client=name, files=tuple(kept),
                                   employer_type=kept[0]["totals"]["employer_type"])
        else:
            plan.ready.append((i, path, job))
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
                clashes.append(Problem(source, "", f"would write the same files ({slug}_{edition_id}.pdf, "
                                                   f"{slug}_{edition_id}.xlsx) as {first[name]}: both are "
                                                   f"{name!r}; give each client once, or tell them apart with "
                                                   "client.short_name"))
            first.setdefault(name, source)
    taken: dict[str, str] = {}
    for n, slug in enumerate(result):  # a hashed slug that meets another client's own: refuse, never overwrite
        if slug in taken and not clashes:
            clashes.append(Problem(clients[n][0], "", f"would write the same files ({slug}_{edition_id}.pdf) as "
                                                      f"{taken[slug]}; give one client a distinct short_name"))
        taken.setdefault(slug, clients[n][0])
    if clashes:
        raise ProblemsError(clashes)
    return result


# --- the worker side: one edition and brand per process, then one briefing per task ------------------


@dataclass(frozen=True)
class _Setup:
    edition: Edition
    brand: Brand
    today: dt.date
    paper: str
    lang: tuple[str, ...] | None
    email: bool = False


_SETUP: _Setup | None = None


def _init_worker(setup: _Setup) -> None:
    global _SETUP
    _SETUP = setup


def _render_one(index: int, path: Path, job: _Job, out_dir: Path) -> tuple[int, Outcome]:
    from .pipeline import render, write_outputs

    setup, shown = _SETUP, str(path)
    assert setup is not None, "_init_worker runs first"
    try:  # validated by the parent already; a file changed since then is refused here
        analysis = compute_analysis(setup.edition, load_profile(path, setup.edition, setup.today))
    except InputError as exc:
        return index, Outcome(profile=shown, status="refused", error=str(exc))
    client = analysis.profile.client
    try:
        langs = output_langs(analysis, setup.lang)
        files = render(analysis, setup.brand, paper=setup.paper, lang=langs, slug=job.slug, email=setup.email)
        written = records.entries(analysis, files, output_files(analysis, langs, slug=job.slug, email=setup.email),
                                  client_id=job.slug, profile=shown, inputs=job.inputs)
        write_outputs(out_dir, files)
    except BriefingError as exc:
        return index, Outcome(profile=shown, status="failed", client=client.name,
                              employer_type=client.employer_type, error=str(exc))
    except Exception as exc:  # keep the batch going; the manifest records what broke
        return index, Outcome(profile=shown, status="failed", client=client.name,
                              employer_type=client.employer_type, error=f"{type(exc).__name__}: {exc}")
    return index, Outcome(profile=shown, status="ok", client=client.name, employer_type=client.employer_type,
                          files=tuple(written), headline=_headline(analysis))


def run_batch(profiles: list[Path], out_dir: Path, *, today: dt.date, jobs: int | None = None,
              data_dir: Path | None = None, edition_id: str | None = None, brand_path: Path | None = None,
              paper: str = "A4", lang: tuple[str, ...] | None = None, email: bool = False, force: bool = False,
              progress: Callable[[Outcome], None] | None = None) -> BatchResult:
    """Render every profile (from `collect_profiles`); the manifest and the overview are written last."""
    from .delivery.portfolio import overview
    from .pipeline import prepare_out_dir, write_outputs

    brand = load_brand(brand_path or resources.default_brand())
    known = records.read_manifest(out_dir)  # a damaged manifest is refused before anything is written
    plan = _plan(profiles, today, data_dir or resources.data_dir(), edition_id, lang, brand=brand, paper=paper,
                 email=email, manifest=known, force=force, out_dir=out_dir)
    setup = _Setup(plan.edition, brand, today, paper, lang, email)
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
    run = [{k: v for k, v in {
        "profile": o.profile, "status": o.status, "client": o.client, "employer_type": o.employer_type,
        "files": [f["file"] for f in o.files], "headline": o.headline, "error": o.error}.items() if v is not None}
        for o in outcomes]
    written = [entry for o in outcomes if o.status == "ok" for entry in o.files]
    text = records.updated(known, written, out_dir, run)
    files = {MANIFEST: text, **overview(records.Manifest(known.path, {e["file"]: e for e in json.loads(text)["files"]}),
                                        brand, (lang or ("en",))[0])}
    path = write_outputs(out_dir, files)[0]
    return BatchResult(outcomes=outcomes, manifest=path, edition=plan.edition.id)
