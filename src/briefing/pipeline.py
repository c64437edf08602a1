"""The one pipeline: load (edition, brand, profile) -> compute (Analysis) -> render (PDF, workbook)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from . import resources
from .analysis import Analysis, compute_analysis
from .atomic import write_files
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


def load(profile_path: Path, *, today: dt.date, data_dir: Path | None = None, edition_id: str | None = None) -> Loaded:
    """The edition and the validated profile; raises `InputError` with every problem."""
    edition = load_edition(data_dir or resources.data_dir(), edition_id)
    return Loaded(edition, load_profile(profile_path, edition, today))


def analyze(profile_path: Path, *, today: dt.date, data_dir: Path | None = None,
            edition_id: str | None = None) -> Analysis:
    loaded = load(profile_path, today=today, data_dir=data_dir, edition_id=edition_id)
    return compute_analysis(loaded.edition, loaded.profile)


def generate(profile_path: Path, out_dir: Path, *, today: dt.date, data_dir: Path | None = None,
             edition_id: str | None = None, brand_path: Path | None = None, paper: str = "A4",
             lang: str | None = None) -> Written:
    """Validate everything, render both deliverables in memory, then write them atomically."""
    brand = load_brand(brand_path or resources.default_brand())
    analysis = analyze(profile_path, today=today, data_dir=data_dir, edition_id=edition_id)
    files = render(analysis, brand, paper=paper, lang=lang)  # in memory: a failure here creates nothing
    return Written(analysis, *write_outputs(out_dir, files))


def output_lang(analysis: Analysis, lang: str | None) -> str:
    """The deliverables' language: `--lang` when given, else the profile's `briefing.lang`."""
    return lang or analysis.profile.briefing.lang


def render(analysis: Analysis, brand: Brand, *, paper: str = "A4", lang: str | None = None) -> dict[str, bytes]:
    """Both deliverables in memory, by file name: `<client-slug>_<edition>[_zh].pdf` and `.xlsx`."""
    from .render.pdf import render_pdf  # heavy: imported once the inputs are known to be good
    from .render.xlsx import render_xlsx

    lang = output_lang(analysis, lang)
    stem = output_stem(analysis.profile.client.name, analysis.edition.id, lang)
    return {f"{stem}.pdf": render_pdf(analysis, brand, paper=paper, lang=lang),
            f"{stem}.xlsx": render_xlsx(analysis, brand, lang=lang, paper=paper)}


def prepare_out_dir(out_dir: Path) -> None:
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RunError(f"{out_dir}: cannot create the output folder: {exc.strerror or exc}") from None


def write_outputs(out_dir: Path, files: dict[str, bytes]) -> list[Path]:
    """Write `files` into `out_dir` atomically (see `atomic`); a failure is a `RunError`."""
    prepare_out_dir(out_dir)
    try:
        return write_files(out_dir, files)
    except OSError as exc:
        raise RunError(f"{out_dir}: cannot write the output: {exc.strerror or exc}") from None
