"""The one pipeline: load (edition, brand, profile) -> compute (Analysis) -> render (PDF, workbook) -> write.

Loading and computing are driven by the public library (`api.py`); this module renders a briefing's two
files in memory and writes them as one briefing folder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .analysis import Analysis
from .atomic import Workspace, owner_record
from .errors import RunError
from .models import Brand, Edition, Profile
from .naming import output_stem


@dataclass(frozen=True)
class Loaded:
    edition: Edition
    profile: Profile


def output_lang(analysis: Analysis, lang: str | None) -> str:
    """The deliverables' language: `--lang` when given, else the profile's `briefing.lang`."""
    return lang or analysis.profile.briefing.lang


def briefing_stem(analysis: Analysis, lang: str | None) -> str:
    """`<client-slug>_<edition>[_zh]`: the name of a briefing's folder, PDF and workbook."""
    client = analysis.profile.client
    return output_stem(client.name, analysis.edition.id, output_lang(analysis, lang), client.short_name)


def render(analysis: Analysis, brand: Brand, *, paper: str = "A4", lang: str | None = None) -> dict[str, bytes]:
    """Both deliverables in memory, by file name: `<client-slug>_<edition>[_zh].pdf` and `.xlsx`."""
    from .render.pdf import render_pdf  # heavy: imported once the inputs are known to be good
    from .render.xlsx import render_xlsx

    stem, lang = briefing_stem(analysis, lang), output_lang(analysis, lang)
    return {f"{stem}.pdf": render_pdf(analysis, brand, paper=paper, lang=lang),
            f"{stem}.xlsx": render_xlsx(analysis, brand, lang=lang, paper=paper)}


def owner(analysis: Analysis, files: dict[str, bytes]) -> bytes:
    """The `.briefing.json` of a briefing folder: whose it is, the edition, each file's SHA-256."""
    return owner_record(analysis.profile.client.name, files, edition=analysis.edition.id)


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


def write_outputs(out_dir: Path, analysis: Analysis, files: dict[str, bytes], *, force: bool = False) -> list[Path]:
    """Write one briefing's files as the folder `<out_dir>/<stem>/`, switched in in one step (see `atomic`).

    Returns the files' paths. Another client's folder of that name is an `OwnerClash` (unless `force`);
    a failure of the run is a `RunError`.
    """
    stem = Path(next(iter(files))).stem
    prepare_out_dir(out_dir)
    try:
        with Workspace(out_dir) as work:
            folder = work.write_briefing(stem, files, owner(analysis, files), analysis.profile.client.name,
                                         force=force)
    except OSError as exc:
        raise RunError(f"{out_dir}: cannot write the output: {exc.strerror or exc}") from None
    return [folder / name for name in files]
