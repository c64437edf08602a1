"""The public library: what a notebook, a script and the `briefing` command all call.

A profile may be given as a path (str or Path) to a YAML file, as a mapping with the YAML's
structure, or as a `Profile` already built. The briefing date is the profile's `briefing.date`
when it has one, else `today`, else the day of the call: `_today()` here is the only place below
the CLI that reads the clock, and the CLI always passes its own date.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Union

from . import resources
from .errors import Problem, ProfileError
from .models import Brand, Edition, Profile

if TYPE_CHECKING:
    from .analysis import Analysis
    from .batch import BatchResult, Outcome
    from .pipeline import Loaded

ProfileSource = Union[str, "os.PathLike[str]", Mapping[str, object], Profile]
PathLike = Union[str, "os.PathLike[str]"]


def _today() -> dt.date:
    return dt.date.today()


def _path(value: PathLike | None) -> Path | None:
    return None if value is None else Path(os.fspath(value))


def open_edition(edition: str | Edition | None = None, *, data: PathLike | None = None) -> Edition:
    """The benchmark edition `edition` (an id; default: the newest) from `data` (default: the shipped data)."""
    from .edition import load_edition

    if isinstance(edition, Edition):
        return edition
    return load_edition(_path(data) or resources.data_dir(), edition)


def validate(profile: ProfileSource, *, today: dt.date | None = None, edition: str | Edition | None = None,
             data: PathLike | None = None, base_dir: PathLike | None = None) -> Loaded:
    """The edition and the validated profile; raises `ProfileError` (with `.problems`) listing every problem.

    `base_dir` is where relative paths in a mapping (logo, roster) are found; default: the current folder.
    """
    from .pipeline import Loaded
    from .profile import load_profile, parse_profile

    ed = open_edition(edition, data=data)
    day = today or _today()
    if isinstance(profile, Profile):
        _check_names(profile, ed)
        return Loaded(ed, profile)
    if isinstance(profile, Mapping):
        folder = _path(base_dir) or Path.cwd()
        return Loaded(ed, parse_profile(profile, source="<profile>", base_dir=folder, edition=ed, today=day))
    if isinstance(profile, (str, os.PathLike)):
        return Loaded(ed, load_profile(Path(os.fspath(profile)), ed, day))
    raise TypeError(f"profile: expected a path, a mapping or a Profile, got {type(profile).__name__}")


def _check_names(profile: Profile, edition: Edition) -> None:
    """A `Profile` built in code skips parsing; its role names must still be the edition's."""
    problems = [Problem(profile.source, f"roles[{i}].role", f"{r.role!r} is not a role of edition {edition.id}")
                for i, r in enumerate(profile.roles) if edition.find_role(r.role) is None
                or edition.find_role(r.role).role != r.role]  # type: ignore[union-attr]  # None is tested first
    problems += [Problem(profile.source, f"transitions[{i}].from",
                         f"{t.from_!r} is not a traditional role of edition {edition.id}")
                 for i, t in enumerate(profile.transitions)
                 if t.from_ not in {p.traditional_role for p in edition.premiums}]
    if problems:
        raise ProfileError(problems)


def analyze(profile: ProfileSource, *, today: dt.date | None = None, edition: str | Edition | None = None,
            data: PathLike | None = None, base_dir: PathLike | None = None) -> Analysis:
    """Every figure of the client's briefing, computed once (see `Analysis`)."""
    from .analysis import compute_analysis

    loaded = validate(profile, today=today, edition=edition, data=data, base_dir=base_dir)
    return compute_analysis(loaded.edition, loaded.profile)


@dataclass(frozen=True)
class Result:
    """The deliverables of one briefing, in memory: `files` maps each file name to its bytes."""

    analysis: Analysis
    files: Mapping[str, bytes]
    paths: tuple[Path, ...] = field(default=())  # where `generate(out=...)` wrote them
    entries: tuple[dict, ...] = field(default=(), repr=False)  # their manifest entries

    def write(self, folder: PathLike) -> list[Path]:
        """Write the files into `folder` (created if needed) with its `manifest.json` updated, all at once and
        atomically, as the CLI does; returns the files' paths. A damaged manifest there raises `ManifestError`."""
        from .delivery.manifest import MANIFEST, read_manifest, updated
        from .pipeline import write_outputs

        out = Path(os.fspath(folder))
        manifest = read_manifest(out)
        run = [{"profile": self.analysis.profile.source, "status": "ok", "files": list(self.files)}]
        written = write_outputs(out, {**self.files, MANIFEST: updated(manifest, self.entries, out, run)})
        return written[:-1]

    def __repr__(self) -> str:
        return f"<Result {', '.join(self.files)}>"


def load_brand(brand: PathLike | Brand | None = None) -> Brand:
    """A brand file (default: the house style shipped with briefing), checked."""
    from .brand import load_brand as load

    if isinstance(brand, Brand):
        return brand
    return load(_path(brand) or resources.default_brand())


def generate(profile: ProfileSource, *, out: PathLike | None = None, lang: str | Sequence[str] | None = None,
             paper: str = "A4", brand: PathLike | Brand | None = None, today: dt.date | None = None,
             edition: str | Edition | None = None, data: PathLike | None = None, base_dir: PathLike | None = None,
             email: bool = False) -> Result:
    """The PDF briefing and the Excel model as bytes, for each language of `lang` ('zh', 'en,zh' or
    ['en', 'zh']; default: the profile's `briefing.lang`), all from one analysis; with `email`, a cover e-mail
    draft (`.eml`) per language too. Written atomically into `out` when it is given, with `out/manifest.json`
    updated.

    Everything is validated and rendered in memory first: a bad input raises before anything is written.
    What a briefing leaves out (a commentary without a language) is said as a `BriefingWarning`.
    """
    import warnings

    from .analysis import compute_analysis
    from .delivery import manifest
    from .delivery.fields import delivery_warnings
    from .errors import BriefingWarning
    from .naming import client_slug
    from .pipeline import output_files, output_langs, render

    checked_brand = load_brand(brand)
    loaded = validate(profile, today=today, edition=edition, data=data, base_dir=base_dir)
    analysis = compute_analysis(loaded.edition, loaded.profile)
    langs = output_langs(analysis, lang)
    if out is not None:
        manifest.read_manifest(Path(os.fspath(out)))  # a damaged manifest is refused before any work
    for message in delivery_warnings(loaded.profile, checked_brand, langs, email):
        warnings.warn(BriefingWarning(message), stacklevel=2)
    files = render(analysis, checked_brand, paper=paper, lang=langs, email=email)
    client = loaded.profile.client
    used = manifest.inputs(loaded.profile, manifest.profile_bytes(profile, loaded.profile),
                           edition=manifest.edition_digest(loaded.edition), brand=manifest.brand_digest(checked_brand),
                           paper=paper)
    entries = manifest.entries(analysis, files, output_files(analysis, langs, email=email),
                               client_id=client_slug(client.short_name or client.name),
                               profile=loaded.profile.source, inputs=used)
    result = Result(analysis, files, entries=tuple(entries))
    if out is not None:
        return Result(result.analysis, result.files, tuple(result.write(out)), result.entries)
    return result


def batch(profiles: list[PathLike], out: PathLike, *, today: dt.date | None = None, jobs: int | None = None,
          edition: str | None = None, data: PathLike | None = None, brand: PathLike | None = None,
          paper: str = "A4", lang: str | Sequence[str] | None = None, email: bool = False, force: bool = False,
          progress: Callable[[Outcome], None] | None = None,
          total: Callable[[int], None] | None = None) -> BatchResult:
    """Briefings for many profile files (or folders of them) in parallel, with `out/manifest.json` updated and
    the portfolio overview (`out/portfolio.xlsx`, `out/index.html`) written.

    `lang` and `email` as for `generate`. A profile whose inputs and files are unchanged since the last run
    into `out` is skipped (status "unchanged") unless `force`. `total` is told how many profiles were found
    before the work starts; `progress` each outcome as it comes.
    """
    from .batch import collect_profiles, run_batch
    from .errors import InputError
    from .i18n import LangProblem, parse_langs

    try:
        langs = parse_langs(lang) if lang is not None else None
    except LangProblem as exc:
        raise InputError(f"lang: {exc}") from None
    paths = collect_profiles([Path(os.fspath(p)) for p in profiles])
    if total is not None:
        total(len(paths))
    return run_batch(paths, Path(os.fspath(out)), today=today or _today(), jobs=jobs, data_dir=_path(data),
                     edition_id=edition, brand_path=_path(brand), paper=paper, lang=langs, email=email, force=force,
                     progress=progress)
