"""briefing: China AI talent benchmark briefings (PDF) and cost models (Excel) for one client at a time.

    >>> import briefing
    >>> result = briefing.generate("acme.yaml")          # doctest: +SKIP
    >>> result.files                                      # doctest: +SKIP

The names below are loaded on first use, so `import briefing` (and `briefing --help`) stays instant.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

__version__ = "0.1.0"

_EXPORTS = {
    "analyze": "api",
    "generate": "api",
    "validate": "api",
    "batch": "api",
    "open_edition": "api",
    "load_brand": "api",
    "Result": "api",
    "check_edition": "api",
    "diff_editions": "api",
    "Analysis": "analysis",
    "Frames": "analysis",
    "Profile": "models",
    "Edition": "models",
    "Brand": "models",
    "BriefingError": "errors",
    "InputError": "errors",
    "ProblemsError": "errors",
    "ProfileError": "errors",
    "EditionError": "errors",
    "BrandError": "errors",
    "RunError": "errors",
    "Problem": "errors",
    "BriefingWarning": "errors",
    "ManifestError": "delivery.manifest",
    "OwnerClash": "errors",
}
__all__ = ["__version__", *_EXPORTS]

if TYPE_CHECKING:
    from .analysis import Analysis, Frames
    from .api import Result, analyze, batch, check_edition, diff_editions, generate, load_brand, open_edition, validate
    from .delivery.manifest import ManifestError
    from .errors import (
        BrandError,
        BriefingError,
        BriefingWarning,
        EditionError,
        InputError,
        OwnerClash,
        Problem,
        ProblemsError,
        ProfileError,
        RunError,
    )
    from .models import Brand, Edition, Profile


def __getattr__(name: str) -> object:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'briefing' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
