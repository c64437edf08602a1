"""Where the shipped data edition, brand and sample profiles live.

In a wheel they sit inside the package (hatchling force-include); in a source
checkout they are the repository's own `data/` and `assets/` folders.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

_REPO = Path(__file__).resolve().parents[2]


def _shipped(name: str) -> Path:
    packaged = Path(str(files("briefing") / name))
    return packaged if packaged.is_dir() else _REPO / name


def data_dir() -> Path:
    return _shipped("data")


def assets_dir() -> Path:
    return _shipped("assets")


def default_brand() -> Path:
    return assets_dir() / "brand.yaml"


def sample_profile(employer_type: str = "foreign") -> Path:
    return data_dir() / "samples" / f"{employer_type}.yaml"
