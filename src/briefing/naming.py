"""Safe, deterministic output file names derived from a client's name."""

from __future__ import annotations

import hashlib
import re
import unicodedata

MAX_SLUG = 48
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


def client_slug(name: str) -> str:
    """ASCII letters, digits and hyphens only; a short hash stands in when nothing ASCII is left.

    "Müller GmbH" -> "muller-gmbh"; "Nordlicht Automation (上海) Co., Ltd." -> "nordlicht-automation-co-ltd-<hash>",
    where <hash> is 8 hex digits of the name's SHA-256; "深算科技" -> "client-<hash>".
    """
    decomposed = unicodedata.normalize("NFKD", name)
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > MAX_SLUG:
        slug = slug[:MAX_SLUG].rsplit("-", 1)[0] or slug[:MAX_SLUG]
    # Letters that have no ASCII form (上海, 深算) are dropped from the slug; the hash keeps names apart
    # that differ only there ("深算科技 Co., Ltd." and "智谱 Co., Ltd." would both be "co-ltd").
    dropped = any(not c.isascii() and unicodedata.category(c).startswith(("L", "N")) for c in decomposed)
    if not slug or slug in _RESERVED or dropped:
        digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
        slug = f"client-{digest}" if not slug else f"{slug}-{digest}"
    return slug


def output_stem(client_name: str, edition_id: str, lang: str = "en") -> str:
    """`<client-slug>_<edition>` (plus `_zh` for Chinese): the name shared by a briefing's PDF and workbook."""
    edition = re.sub(r"[^A-Za-z0-9.-]+", "-", edition_id).strip("-.") or "edition"
    suffix = "" if lang == "en" else f"_{re.sub(r'[^a-z]', '', lang)}"
    return f"{client_slug(client_name)}_{edition}{suffix}"
