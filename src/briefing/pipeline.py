"""The one pipeline: load (edition, brand, profile) -> compute (Analysis) -> render (PDF, workbook)."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from . import resources
from .analysis import Analysis, compute_analysis
from .atomic import Workspace, check_owner, owner_record
from .brand import load_brand
from .edition import load_edition
from .errors import RunError
from .models import Brand, Edition, Profile
from .naming import output_stem
from .profile import load_profile


@dataclass(frozen=True)
class Loaded:
    edition: Edition
    profile: Profile


@dataclass(frozen=True)
class Written:
    analysis: Analysis
    pdf: Path
    xlsx: Path


def load(profile_path: Path, *, today: dt.date, data_dir: Path | None = None, edition_id: str | None = None,
         brand_path: Path | None = None) -> Loaded:
    """The edition and the validated profile; raises `InputError` with every problem.

    The brand's folder (given, else the house style's) is where a logo outside the profile's folder may be.
    """
    edition = load_edition(data_dir or resources.data_dir(), edition_id)
    roots = ((brand_path or resources.default_brand()).parent,)
    return Loaded(edition, load_profile(profile_path, edition, today, logo_roots=roots))


def analyze(profile_path: Path, *, today: dt.date, data_dir: Path | None = None,
            edition_id: str | None = None, brand_path: Path | None = None) -> Analysis:
    loaded = load(profile_path, today=today, data_dir=data_dir, edition_id=edition_id, brand_path=brand_path)
    return compute_analysis(loaded.edition, loaded.profile)


def generate(profile_path: Path, out_dir: Path, *, today: dt.date, data_dir: Path | None = None,
             edition_id: str | None = None, brand_path: Path | None = None, paper: str = "A4",
             lang: str | None = None, force: bool = False) -> Written:
    """Validate everything, render both deliverables in memory, then switch them into place in one step."""
    brand = load_brand(brand_path or resources.default_brand())
    analysis = analyze(profile_path, today=today, data_dir=data_dir, edition_id=edition_id, brand_path=brand_path)
    stem = briefing_stem(analysis, lang)
    check_out_dir(out_dir)
    check_owner(out_dir, stem, analysis.profile.client.name, force=force)  # refused before the slow part
    files = render(analysis, brand, paper=paper, lang=lang)  # in memory: a failure here creates nothing
    folder = write_outputs(out_dir, analysis, files, lang=lang, force=force)
    return Written(analysis, folder / f"{stem}.pdf", folder / f"{stem}.xlsx")


def output_lang(analysis: Analysis, lang: str | None) -> str:
    """The deliverables' language: `--lang` when given, else the profile's `briefing.lang`."""
    return lang or analysis.profile.briefing.lang


def briefing_stem(analysis: Analysis, lang: str | None) -> str:
    """`<client-slug>_<edition>[_zh]`: the name of a briefing's folder, PDF and workbook."""
    return output_stem(analysis.profile.client.name, analysis.edition.id, output_lang(analysis, lang))


def render(analysis: Analysis, brand: Brand, *, paper: str = "A4", lang: str | None = None) -> dict[str, bytes]:
    """Both deliverables in memory, by file name: `<client-slug>_<edition>[_zh].pdf` and `.xlsx`."""
    from .render.pdf import render_pdf  # heavy: imported once the inputs are known to be good
    from .render.xlsx import render_xlsx

    stem, lang = briefing_stem(analysis, lang), output_lang(analysis, lang)
    return {f"{stem}.pdf": render_pdf(analysis, brand, paper=paper, lang=lang),
            f"{stem}.xlsx": render_xlsx(analysis, brand, lang=lang)}


def owner(analysis: Analysis, files: dict[str, bytes], lang: str | None) -> bytes:
    """The `.briefing.json` of a briefing folder: whose it is, edition, language, each file's SHA-256."""
    return owner_record(analysis.profile.client.name, files, edition=analysis.edition.id,
                        lang=output_lang(analysis, lang))


def check_out_dir(out_dir: Path) -> None:
    """A clear `RunError` for an output path that cannot become a folder (a dangling link, a file)."""
    if out_dir.is_symlink() and not out_dir.exists():
        raise RunError(f"{out_dir}: is a symbolic link to {os.readlink(out_dir)}, which does not exist; "
                       "create that folder or choose another --out")
    if out_dir.exists() and not out_dir.is_dir():
        raise RunError(f"{out_dir}: is a file, not a folder; choose another --out")


def prepare_out_dir(out_dir: Path) -> None:
    check_out_dir(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RunError(f"{out_dir}: cannot create the output folder: {exc.strerror or exc}") from None


def write_outputs(out_dir: Path, analysis: Analysis, files: dict[str, bytes], *, lang: str | None = None,
                  force: bool = False) -> Path:
    """Write one briefing's folder into `out_dir` in one switch (see `atomic`); its path. Failure: `RunError`."""
    prepare_out_dir(out_dir)
    try:
        with Workspace(out_dir) as work:
            return work.write_briefing(briefing_stem(analysis, lang), files, owner(analysis, files, lang),
                                       analysis.profile.client.name, force=force)
    except OSError as exc:
        raise RunError(f"{out_dir}: cannot write the output: {exc.strerror or exc}") from None
