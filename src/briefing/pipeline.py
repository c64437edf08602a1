"""The one pipeline: load (edition, brand, profile) -> compute (Analysis) -> render (PDF, workbook) -> write.

Loading and computing are driven by the public library (`api.py`); this module names a briefing's files,
renders them in memory and writes them as briefing folders, one per language, with the output folder's
manifest updated.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from .analysis import Analysis
from .atomic import Workspace, owner_record
from .errors import InputError, RunError
from .i18n import LangProblem, parse_langs
from .models import Brand, Edition, Profile
from .naming import bucket_of, client_slug, is_sharded, output_stem


@dataclass(frozen=True)
class Loaded:
    edition: Edition
    profile: Profile


def output_langs(analysis: Analysis, lang: str | Sequence[str] | None) -> tuple[str, ...]:
    """The deliverables' languages: `lang` when given ('zh', 'en,zh' or a list), else the profile's `briefing.lang`."""
    if lang is None:
        return analysis.profile.briefing.lang
    try:
        return parse_langs(lang)
    except LangProblem as exc:
        raise InputError(f"lang: {exc}") from None


def client_part(analysis: Analysis) -> str:
    """The client's part of its file names: from `client.short_name`, else from the name (see `naming`)."""
    client = analysis.profile.client
    return client_slug(client.short_name or client.name)


def output_files(
    analysis: Analysis, langs: tuple[str, ...], *, slug: str | None = None, email: bool = False
) -> dict[str, tuple[str, str]]:
    """The names of a briefing's files, in the order they are made, each with its (language, kind)."""
    return named_files(slug or client_part(analysis), analysis.edition.id, langs, email=email)


def named_files(
    slug: str, edition_id: str, langs: tuple[str, ...], *, email: bool = False
) -> dict[str, tuple[str, str]]:
    """`output_files` for a client whose file names' client part is `slug`."""
    names: dict[str, tuple[str, str]] = {}
    for stem, lang in stems(slug, edition_id, langs).items():
        for kind in ("pdf", "xlsx", "eml") if email else ("pdf", "xlsx"):
            names[f"{stem}.{kind}"] = (lang, kind)
    return names


def stems(slug: str, edition_id: str, langs: tuple[str, ...]) -> dict[str, str]:
    """`<slug>_<edition>[_zh]` for each language: the names of a briefing's folders (and of the files in them)."""
    return {output_stem("", edition_id, lang, slug=slug): lang for lang in langs}


def render(
    analysis: Analysis,
    brand: Brand,
    *,
    paper: str = "A4",
    lang: str | Sequence[str] | None = None,
    slug: str | None = None,
    email: bool = False,
) -> dict[str, bytes]:
    """Every deliverable in memory, by file name: `<client-slug>_<edition>[_zh].pdf` and `.xlsx` per language,
    from the one analysis, and with `email` a cover e-mail draft (`.eml`) carrying both."""
    from .render.pdf import render_pdf  # heavy: imported once the inputs are known to be good
    from .render.xlsx import render_xlsx

    files: dict[str, bytes] = {}
    for name, (code, kind) in output_files(analysis, output_langs(analysis, lang), slug=slug, email=email).items():
        if kind == "pdf":
            files[name] = render_pdf(analysis, brand, paper=paper, lang=code)
        elif kind == "xlsx":
            files[name] = render_xlsx(analysis, brand, lang=code, paper=paper)
        else:  # the draft attaches the PDF and the workbook of its language, made just before it
            from .delivery.email import render_eml

            stem = name.removesuffix(".eml")
            files[name] = render_eml(analysis, brand, code, {n: files[n] for n in (f"{stem}.pdf", f"{stem}.xlsx")})
    return files


def by_folder(files: Mapping[str, bytes]) -> dict[str, dict[str, bytes]]:
    """A briefing's files grouped by the folder each goes into (its stem: one folder per language)."""
    folders: dict[str, dict[str, bytes]] = {}
    for name, data in files.items():
        folders.setdefault(name.rsplit(".", 1)[0], {})[name] = data
    return folders


def owner(analysis: Analysis, files: Mapping[str, bytes], lang: str, inputs: Mapping | None = None) -> bytes:
    """The `.briefing.json` of a briefing folder: whose it is, the edition and language, each file's SHA-256
    and the hashes of its inputs."""
    return owner_record(analysis.profile.client.name, files, inputs, edition=analysis.edition.id, language=lang)


def stage_folders(work: Path, analysis: Analysis, files: Mapping[str, bytes], entries: Sequence[dict]) -> list[Path]:
    """Each language's folder of `files` written in full in the work folder `work` (see `atomic.stage`);
    `entries` (their manifest entries) give each folder's language."""
    from .atomic import stage

    about = {entry["file"].split("/")[-2]: (entry["language"], entry["inputs"]) for entry in entries}
    return [stage(work, stem, group, owner(analysis, group, *about[stem])) for stem, group in by_folder(files).items()]


def check_out_dir(out_dir: Path) -> None:
    """A clear `RunError` for an output path that cannot become a folder (a dangling link, a file)."""
    if out_dir.is_symlink() and not out_dir.exists():
        raise RunError(
            f"{out_dir}: is a symbolic link to {os.readlink(out_dir)}, which does not exist; "
            "create that folder or choose another --out"
        )
    if out_dir.exists() and not out_dir.is_dir():
        raise RunError(f"{out_dir}: is a file, not a folder; choose another --out")


def bucket(out_dir: Path, slug: str) -> str:
    """The folder under `out_dir` that a briefing of client part `slug` goes into: its bucket where a sharded
    batch wrote `out_dir` (see `naming.bucket_of`), else "" (the briefing's folders go straight in)."""
    return bucket_of(slug) if is_sharded(out_dir) else ""


def prepare_out_dir(out_dir: Path) -> None:
    check_out_dir(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RunError(f"{out_dir}: cannot create the output folder: {exc.strerror or exc}") from None


def write_outputs(
    out_dir: Path, analysis: Analysis, files: Mapping[str, bytes], entries: Sequence[dict], *, force: bool = False
) -> list[Path]:
    """Write one briefing's files as its folders `<out_dir>/<stem>/` (one per language) and update
    `<out_dir>/manifest.json` with their `entries`, all under the output folder's lock (see `atomic`).

    Every folder is staged in full first; then, under the lock, every owner is checked, the manifest read
    (a damaged one is a `ManifestError`: nothing is switched), each folder switched in one step and the
    manifest replaced. Returns the files' paths. Another client's folder of a name is an `OwnerClash`
    (unless `force`); a failure of the run is a `RunError`.
    """
    from .delivery import manifest

    prepare_out_dir(out_dir)
    under = bucket(out_dir, entries[0]["client_id"]) if entries else ""
    if under:  # a sharded batch's folder: the briefing goes into its client's bucket, as the batch put it
        entries = [{**entry, "file": f"{under}/{entry['file']}"} for entry in entries]
    run = [{"profile": analysis.profile.source, "status": "ok", "files": [e["file"] for e in entries]}]
    try:
        with Workspace(out_dir) as work:
            staged = stage_folders(work.work, analysis, files, entries)
            with work.locked():
                known = manifest.read_manifest(out_dir)
                folders = work.switch(staged, analysis.profile.client.name, force=force, under=under)
                work.replace_file(manifest.MANIFEST, manifest.updated(known, entries, out_dir, run))
    except OSError as exc:
        raise RunError(f"{out_dir}: cannot write the output: {exc.strerror or exc}") from None
    return [folder / name for folder in folders for name in by_folder(files)[folder.name]]


def prepare(edition: Edition, brand: Brand, langs: Sequence[str] | None = None) -> None:
    """Do once in this process what every briefing of `edition` and `brand` needs: import the renderers, parse
    and register the brand's fonts, read the catalogues of `langs` (default: every language).

    `briefing batch` calls it before its worker processes fork, so each worker starts with it done. What it
    builds depends on nothing else, so a briefing's bytes are the same with or without it (tested).
    """
    from .i18n import LANGS, catalogue
    from .render.pdf.type import register_fonts
    from .render.xlsx import render_xlsx  # noqa: F401  (imported for its imports: XlsxWriter and the sheets)

    register_fonts(brand)
    for lang in langs or LANGS:
        catalogue(lang)
        edition.text(lang)
