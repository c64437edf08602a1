"""The public library: what a notebook, a script and the `briefing` command all call.

A profile may be given as a path (str or Path) to a YAML file, as a mapping with the YAML's
structure, or as a `Profile` already built. The briefing date is the profile's `briefing.date`
when it has one, else `today`, else the day of the call: `_today()` here is the only place below
the CLI that reads the clock, and the CLI always passes its own date (`--date`, or its clock).
Benchmark pay is aged to that date unless the profile says otherwise, so give a date for figures
that do not change from one day to the next.

`allow_stale=True` lets pay be aged more than 18 months past the edition's effective date; the
analysis still warns (`Analysis.warnings`).
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
    from .batch_run import BatchResult, Outcome
    from .diff import EditionDiff
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


def check_edition(folder: PathLike) -> Edition:
    """An edition folder checked before it is published; raises `EditionError` listing every problem."""
    from .edition import check_edition as check

    return check(Path(os.fspath(folder)))


def diff_editions(old: PathLike | Edition, new: PathLike | Edition, *, data: PathLike | None = None) -> EditionDiff:
    """What moved from `old` to `new`: each an edition folder, an id in `data` (default: the shipped data), or an
    `Edition`. Editions in different units or currencies raise `EditionError` naming both values."""
    from .diff import compute_diff
    from .edition import check_edition as check

    def edition(value: PathLike | Edition) -> Edition:
        if isinstance(value, Edition):
            return value
        path = Path(os.fspath(value))
        return check(path) if path.is_dir() else open_edition(str(value), data=data)

    return compute_diff(edition(old), edition(new))


def validate(
    profile: ProfileSource,
    *,
    today: dt.date | None = None,
    edition: str | Edition | None = None,
    data: PathLike | None = None,
    base_dir: PathLike | None = None,
    brand: PathLike | Brand | None = None,
    allow_stale: bool = False,
) -> Loaded:
    """The edition and the validated profile; raises `ProfileError` (with `.problems`) listing every problem.

    `base_dir` is where relative paths in a mapping (logo, roster) are found; default: the current folder.
    A logo must be in that folder (or the profile file's) or in the folder of `brand` (default: the house style).
    """
    from .pipeline import Loaded
    from .profile import load_profile, parse_profile

    ed = open_edition(edition, data=data)
    day = today or _today()
    roots = (_brand_folder(brand),)
    if isinstance(profile, Profile):
        _check_names(profile, ed, allow_stale)
        return Loaded(ed, profile)
    if isinstance(profile, Mapping):
        folder = _path(base_dir) or Path.cwd()
        return Loaded(
            ed,
            parse_profile(
                profile,
                source="<profile>",
                base_dir=folder,
                edition=ed,
                today=day,
                logo_roots=roots,
                allow_stale=allow_stale,
            ),
        )
    if isinstance(profile, (str, os.PathLike)):
        return Loaded(ed, load_profile(Path(os.fspath(profile)), ed, day, logo_roots=roots, allow_stale=allow_stale))
    raise TypeError(f"profile: expected a path, a mapping or a Profile, got {type(profile).__name__}")


def _brand_folder(brand: PathLike | Brand | None) -> Path:
    """The folder of a brand file (given as a path or a loaded `Brand`), else of the house style."""
    if isinstance(brand, Brand):
        return Path(brand.source).parent
    return (_path(brand) or resources.default_brand()).parent


def _check_names(profile: Profile, edition: Edition, allow_stale: bool) -> None:
    """A `Profile` built in code skips parsing; its role names and aging date must still suit the edition."""
    from .profile import aging_problems

    problems = [
        Problem(profile.source, f"roles[{i}].role", f"{r.role!r} is not a role of edition {edition.id}")
        for i, r in enumerate(profile.roles)
        if edition.find_role(r.role) is None or edition.find_role(r.role).role != r.role  # type: ignore[union-attr]  # None is tested first
    ]
    roles = {r.role for r in edition.roles}
    problems += [
        Problem(profile.source, f"people[{i}].role", f"{p.role!r} is not a role of edition {edition.id}")
        for i, p in enumerate(profile.people)
        if p.role not in roles
    ][:50]
    problems += [
        Problem(
            profile.source, f"transitions[{i}].from", f"{t.from_!r} is not a traditional role of edition {edition.id}"
        )
        for i, t in enumerate(profile.transitions)
        if t.from_ not in {p.traditional_role for p in edition.premiums}
    ]
    problems += [
        Problem(profile.source, key, message)
        for key, message in aging_problems(
            profile.briefing.age_to, profile.briefing.date, edition, allow_stale, dated=profile.briefing.date_given
        )
    ]
    if problems:
        raise ProfileError(problems)


def analyze(
    profile: ProfileSource,
    *,
    today: dt.date | None = None,
    edition: str | Edition | None = None,
    data: PathLike | None = None,
    base_dir: PathLike | None = None,
    brand: PathLike | Brand | None = None,
    allow_stale: bool = False,
) -> Analysis:
    """Every figure of the client's briefing, computed once (see `Analysis`), with its warnings."""
    from .analysis import compute_analysis
    from .edition import load_history

    loaded = validate(
        profile, today=today, edition=edition, data=data, base_dir=base_dir, brand=brand, allow_stale=allow_stale
    )
    return compute_analysis(loaded.edition, loaded.profile, load_history(loaded.edition))


@dataclass(frozen=True)
class Result:
    """The deliverables of one briefing, in memory: `files` maps each file name to its bytes."""

    analysis: Analysis
    files: Mapping[str, bytes]
    paths: tuple[Path, ...] = field(default=())  # where `generate(out=...)` wrote them
    entries: tuple[dict, ...] = field(default=(), repr=False)  # their manifest entries

    def write(self, folder: PathLike, *, force: bool = False) -> list[Path]:
        """Write the files as briefing folders `folder/<stem>/` (one per language; created if needed) with
        `folder/manifest.json` updated, as the CLI does: each folder switched in in one step, so a reader sees
        the old files or the new ones. Returns the files' paths.

        A folder there holding another client's briefing is not replaced (`OwnerClash`) unless `force`;
        a damaged manifest there raises `ManifestError`.
        """
        from .pipeline import write_outputs

        return write_outputs(Path(os.fspath(folder)), self.analysis, self.files, self.entries, force=force)

    def __repr__(self) -> str:
        return f"<Result {', '.join(self.files)}>"


def load_brand(brand: PathLike | Brand | None = None) -> Brand:
    """A brand file (default: the house style shipped with briefing), checked."""
    from .brand import load_brand as load

    if isinstance(brand, Brand):
        return brand
    return load(_path(brand) or resources.default_brand())


def generate(
    profile: ProfileSource,
    *,
    out: PathLike | None = None,
    lang: str | Sequence[str] | None = None,
    paper: str = "A4",
    brand: PathLike | Brand | None = None,
    today: dt.date | None = None,
    edition: str | Edition | None = None,
    data: PathLike | None = None,
    base_dir: PathLike | None = None,
    email: bool = False,
    force: bool = False,
    allow_stale: bool = False,
) -> Result:
    """The PDF briefing and the Excel model as bytes, for each language of `lang` ('zh', 'en,zh' or
    ['en', 'zh']; default: the profile's `briefing.lang`), all from one analysis; with `email`, a cover e-mail
    draft (`.eml`) per language too. Written into `out/<stem>/` (a folder per language) when `out` is given,
    with `out/manifest.json` updated.

    Everything is validated and rendered in memory first: a bad input raises before anything is written.
    With `out`, a damaged manifest there, or a folder there of another client's briefing, is refused before
    rendering (the latter unless `force`). What a briefing leaves out (a commentary without a language) is
    said as a `BriefingWarning`.
    """
    import warnings

    from .atomic import check_owner
    from .delivery import manifest
    from .delivery.fields import delivery_warnings
    from .errors import BriefingWarning
    from .pipeline import Loaded, bucket, check_out_dir, client_part, output_files, output_langs, render, stems

    checked_brand = load_brand(brand)
    analysis = analyze(
        profile,
        today=today,
        edition=edition,
        data=data,
        base_dir=base_dir,
        brand=checked_brand,
        allow_stale=allow_stale,
    )
    loaded = Loaded(analysis.edition, analysis.profile)
    langs = output_langs(analysis, lang)
    slug = client_part(analysis)
    if out is not None:  # refused before the slow part
        folder = Path(os.fspath(out))
        check_out_dir(folder)
        manifest.read_manifest(folder)
        parent = folder / bucket(folder, slug)  # a sharded batch's folder: the client's bucket in it
        for stem in stems(slug, loaded.edition.id, langs):
            check_owner(parent, stem, loaded.profile.client.name, force=force)
    for message in delivery_warnings(loaded.profile, checked_brand, langs, email):
        warnings.warn(BriefingWarning(message), stacklevel=2)
    files = render(analysis, checked_brand, paper=paper, lang=langs, email=email)
    used = manifest.inputs(
        loaded.profile,
        manifest.profile_bytes(profile, loaded.profile),
        edition=manifest.edition_digest(loaded.edition),
        brand=manifest.brand_digest(checked_brand),
        paper=paper,
    )
    entries = manifest.entries(
        analysis,
        files,
        output_files(analysis, langs, email=email),
        client_id=slug,
        profile=loaded.profile.source,
        inputs=used,
    )
    result = Result(analysis, files, entries=tuple(entries))
    if out is not None:
        return Result(result.analysis, result.files, tuple(result.write(out, force=force)), result.entries)
    return result


def batch(
    profiles: list[PathLike],
    out: PathLike,
    *,
    today: dt.date | None = None,
    jobs: int | None = None,
    edition: str | None = None,
    data: PathLike | None = None,
    brand: PathLike | Brand | None = None,
    paper: str = "A4",
    lang: str | Sequence[str] | None = None,
    email: bool = False,
    force: bool = False,
    allow_stale: bool = False,
    shard: str | None = None,
    layout: str = "auto",
    progress: Callable[[Outcome], None] | None = None,
    total: Callable[[int], None] | None = None,
) -> BatchResult:
    """Briefings for many profile files (or folders of them) in parallel, each as folders `out/<stem>/`, with
    `out/manifest.json` updated and the portfolio overview (`out/portfolio.xlsx`, `out/index.html`) written.

    `lang` and `email` as for `generate`. A profile whose inputs and files are unchanged since the last run
    into `out` is skipped (status "unchanged") unless `force`; `force` also lets a briefing replace a folder
    of another client's (a profile meeting one is otherwise "refused"). `shard` ("3/8") renders only that
    part of the profiles, a deterministic subset (for a job split across machines); `layout` is "flat"
    (`out/<stem>/`), "sharded" (`out/<bucket>/<stem>/`) or "auto" (as `out` already is, else sharded above
    2,000 profiles). `total` is told how many profiles will be rendered before the work starts;
    `progress` each outcome as it comes. The run's results stream to `out/manifest.jsonl` (one line per
    profile); `BatchResult.outcomes()` reads them back.
    """
    from .batch_run import Part, collect_profiles, run_batch
    from .errors import InputError
    from .i18n import LangProblem, parse_langs
    from .naming import LAYOUTS

    try:
        langs = parse_langs(lang) if lang is not None else None
    except LangProblem as exc:
        raise InputError(f"lang: {exc}") from None
    part = Part.parse(shard) if shard is not None else None
    if layout not in LAYOUTS:
        raise InputError(f"layout: expected one of {', '.join(LAYOUTS)}, got {layout!r}")
    paths = collect_profiles([Path(os.fspath(p)) for p in profiles])
    if total is not None:
        total(sum(part.has(p) for p in paths) if part else len(paths))
    return run_batch(
        paths,
        Path(os.fspath(out)),
        today=today or _today(),
        jobs=jobs,
        data_dir=_path(data),
        edition_id=edition,
        brand=load_brand(brand),
        paper=paper,
        lang=langs,
        email=email,
        force=force,
        allow_stale=allow_stale,
        part=part,
        layout=layout,
        progress=progress,
    )
