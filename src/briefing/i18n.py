"""The deliverables' languages and their message catalogues (data/i18n/<lang>/<part>.yaml).

Every user-facing string of the PDF and the workbook lives in a catalogue, one per language,
under the same keys; a key missing from one language is a test failure, never a silent fallback.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from functools import cache
from pathlib import Path

LANGS = ("en", "zh")


class LangProblem(ValueError):
    """A language list that names something other than LANGS; the caller adds where it was given."""


def parse_langs(value: object) -> tuple[str, ...]:
    """'zh', 'en,zh' or ['en', 'zh'] -> the languages in the order given, each once; `LangProblem` otherwise."""
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, (list, tuple)) or not items:
        raise LangProblem(f"expected {' or '.join(LANGS)}, or both as a list (en,zh), got {value!r}")
    found: list[str] = []
    for item in items:
        lang = item.strip().casefold() if isinstance(item, str) else None
        if lang not in LANGS:
            raise LangProblem(
                f"{item!r} is not a supported language; expected {', '.join(LANGS)} or a list of them (en,zh)"
            )
        if lang not in found:
            found.append(lang)
    return tuple(found)


@dataclass(frozen=True)
class Catalogue:
    lang: str
    messages: dict[str, str]

    def __call__(self, key: str, **values: object) -> str:
        """The message under `key`, with {placeholders} filled in from `values`."""
        return self.messages[key].format(**values) if values else self.messages[key]

    def plural(self, key: str, n: int, /, **values: object) -> str:
        """The plural form of `key` for the count `n`: `key.one` for 1, `key.other` for any other count
        (English has these two forms; Chinese has one, written under both keys so the languages keep one key set)."""
        return self(f"{key}.{'one' if n == 1 else 'other'}", **values)

    def has(self, key: str) -> bool:
        return key in self.messages


def _flatten(prefix: str, value: object, out: dict[str, str], source: Path) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            _flatten(f"{prefix}.{key}" if prefix else str(key), inner, out, source)
    elif isinstance(value, str):
        out[prefix] = value
    else:
        raise ValueError(f"{source}: {prefix}: expected text, got {type(value).__name__}")


def placeholders(message: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(message) if name}


def catalogue_dir(lang: str) -> Path:
    from . import resources

    return resources.data_dir() / "i18n" / lang


@cache
def catalogue(lang: str) -> Catalogue:
    """All parts of a language's catalogue, keys prefixed by the part's file name (pdf.cover.title)."""
    import yaml

    # The catalogues are the project's own files, not a client's: read with libyaml's SafeLoader where PyYAML
    # has it (the same resolver as yaml.safe_load, ten times faster: 14 ms a language instead of 144, a tenth
    # of a briefing), not with the YAML 1.2 loader that guards what clients write.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    messages: dict[str, str] = {}
    for path in sorted(catalogue_dir(lang).glob("*.yaml")):
        _flatten(path.stem, yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}, messages, path)
    return Catalogue(lang, messages)
