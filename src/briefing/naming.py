"""Safe, deterministic output file names derived from a client's name."""

from __future__ import annotations

import hashlib
import re
import unicodedata

MAX_SLUG = 48
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


def client_slug(name: str) -> str:
    """ASCII letters, digits and hyphens only; a short hash stands in when nothing ASCII is left.

    "Nordlicht Automation (上海) Co., Ltd." -> "nordlicht-automation-co-ltd";
    "深算科技" -> "client-<8 hex digits of its SHA-256>".
    """
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > MAX_SLUG:
        slug = slug[:MAX_SLUG].rsplit("-", 1)[0] or slug[:MAX_SLUG]
    if not slug or slug in _RESERVED:
        digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
        slug = f"client-{digest}" if not slug else f"{slug}-{digest}"
    return slug


def output_stem(client_name: str, edition_id: str, lang: str = "en") -> str:
    """`<client-slug>_<edition>` (plus `_zh` for Chinese): the name shared by a briefing's PDF and workbook."""
    edition = re.sub(r"[^A-Za-z0-9.-]+", "-", edition_id).strip("-.") or "edition"
    suffix = "" if lang == "en" else f"_{re.sub(r'[^a-z]', '', lang)}"
    return f"{client_slug(client_name)}_{edition}{suffix}"
