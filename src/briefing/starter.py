"""`briefing init`: a commented starter profile for a new client."""

from __future__ import annotations

from pathlib import Path

from . import resources
from .errors import InputError, RunError


def write_starter(path: Path, employer_type: str, *, force: bool = False) -> Path:
    if path.exists() and not force:
        raise InputError(f"{path}: already exists; choose another name or pass --force to overwrite it")
    template = resources.data_dir() / "templates" / f"{employer_type}.yaml"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(template.read_text(encoding="utf-8"), encoding="utf-8")
    except OSError as exc:
        raise RunError(f"{path}: cannot write the profile: {exc.strerror or exc}") from None
    return path
