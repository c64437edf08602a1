"""The one pipeline: load (edition, brand, profile) -> compute (Analysis) -> render (PDF, workbook)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from . import resources
from .analysis import Analysis, compute_analysis
from .atomic import write_files
from .brand import load_brand
from .edition import load_edition
from .errors import InputError, RunError
from .i18n import LangProblem, parse_langs
from .models import Brand, Edition, Profile
from .naming import client_slug, output_stem
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


def output_langs(analysis: Analysis, lang: str | Sequence[str] | None) -> tuple[str, ...]:
    """The deliverables' languages: `lang` when given ('zh', 'en,zh' or a list), else the profile's `briefing.lang`."""
    if lang is None:
        return analysis.profile.briefing.lang
    try:
        return parse_langs(lang)
    except LangProblem as exc:
        raise InputError(f"lang: {exc}") from None


def output_files(analysis: Analysis, langs: tuple[str, ...], *, slug: str | None = None,
                 email: bool = False) -> dict[str, tuple[str, str]]:
    """The names of a briefing's files, in the order they are made, each with its (language, kind)."""
    client = analysis.profile.client
    return named_files(slug or client_slug(client.short_name or client.name), analysis.edition.id, langs, email=email)


def named_files(slug: str, edition_id: str, langs: tuple[str, ...], *,
                email: bool = False) -> dict[str, tuple[str, str]]:
    """`output_files` for a client whose file names' client part is `slug`."""
    names: dict[str, tuple[str, str]] = {}
    for lang in langs:
        stem = output_stem("", edition_id, lang, slug=slug)
        for kind in ("pdf", "xlsx", "eml") if email else ("pdf", "xlsx"):
            names[f"{stem}.{kind}"] = (lang, kind)
    return names


def render(analysis: Analysis, brand: Brand, *, paper: str = "A4", lang: str | Sequence[str] | None = None,
           slug: str | None = None, email: bool = False) -> dict[str, bytes]:
    """Every deliverable in memory, by file name: `<client-slug>_<edition>[_zh].pdf` and `.xlsx` per language,
    from the one analysis, and with `email` a cover e-mail draft (`.eml`) carrying both."""
    from .render.pdf import render_pdf  # heavy: imported once the inputs are known to be good
    from .render.xlsx import render_xlsx

    files: dict[str, bytes] = {}
    for name, (code, kind) in output_files(analysis, output_langs(analysis, lang), slug=slug, email=email).items():
        if kind == "pdf":
            files[name] = render_pdf(analysis, brand, paper=paper, lang=code)
        elif kind == "xlsx":
            files[name] = render_xlsx(analysis, brand, lang=code)
        else:  # the draft attaches the PDF and the workbook of its language, made just before it
            from .delivery.email import render_eml

            stem = name.removesuffix(".eml")
            files[name] = render_eml(analysis, brand, code, {n: files[n] for n in (f"{stem}.pdf", f"{stem}.xlsx")})
    return files


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
