"""Output file names people can read: short, ASCII, safe on every system, the same on every run.

"Nordlicht Automation (上海) Co., Ltd." -> "nordlicht-automation"; "深算科技有限公司" -> "shensuan-keji";
"Müller GmbH" -> "muller". A profile's `client.short_name`, when given, is used instead of the name.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from pathlib import Path

MAX_SLUG = 48  # the stem adds the edition and language: a file name stays well under 80 characters
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
# Legal-form words say nothing about which client a file is for. Longest first, so 股份有限公司 goes whole.
_LEGAL_ZH = ("股份有限公司", "有限责任公司", "有限公司", "股份公司", "公司")
_LEGAL_LATIN = {
    "co",
    "ltd",
    "limited",
    "inc",
    "incorporated",
    "corp",
    "corporation",
    "llc",
    "plc",
    "gmbh",
    "ag",
    "kg",
    "se",
    "sa",
    "sas",
    "sarl",
    "spa",
    "srl",
    "bv",
    "nv",
    "pte",
    "pty",
    "kk",
    "oy",
    "ab",
    "as",
}
_BRACKETS = re.compile(r"[(（\[【][^)）\]】]*[)）\]】]")  # "(上海)", "（北京）": a site, not the name
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def _latin_words(text: str) -> list[str]:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.findall(r"[a-z0-9]+", ascii_text.replace(".", ""))  # "S.A." -> "sa", "Co.," -> "co"


def _pinyin_words(text: str) -> list[str]:
    """Chinese characters in pinyin, two syllables a word (深算科技 -> shensuan keji), without legal forms."""
    for form in _LEGAL_ZH:
        text = text.replace(form, " ")
    words: list[str] = []
    runs = _HAN.findall(text)
    if not runs:
        return words
    from pypinyin import lazy_pinyin  # a dictionary of ~40,000 characters: loaded only for Chinese names

    for run in runs:
        syllables = [s for s in lazy_pinyin(run, errors="ignore") if s.isascii() and s.isalpha()]
        pairs = [syllables[i : i + 2] for i in range(0, len(syllables), 2)]
        if len(pairs) > 1 and len(pairs[-1]) == 1:  # 智谱华章科 -> zhipu huazhangke, never a lone syllable
            pairs[-2] += pairs.pop()
        words += ["".join(p) for p in pairs]
    return words


def client_slug(name: str) -> str:
    """ASCII letters, digits and hyphens only, at most MAX_SLUG characters; deterministic.

    The Latin words of a name are used where it has any (a Chinese site or translation beside them is left
    out); a name in Chinese characters only is written in pinyin. Legal forms and bracketed sites are left
    out. Where nothing usable is left (a name in another script), or the result is a reserved device name on
    Windows, "client-" and 8 hex digits of the name's SHA-256 stand in.
    """
    core = _BRACKETS.sub(" ", name).strip() or name
    latin = _latin_words(core)
    words = [w for w in latin if w not in _LEGAL_LATIN]
    if not any(w.isalpha() for w in words):  # "深算科技 Co., Ltd.": the name is the Chinese part
        words = _pinyin_words(core) or words or latin
    slug = "-".join(words)
    if len(slug) > MAX_SLUG:
        slug = slug[:MAX_SLUG].rsplit("-", 1)[0] or slug[:MAX_SLUG]
    if not slug or slug in _RESERVED:
        slug = f"client-{hashlib.sha256(name.encode('utf-8', 'surrogatepass')).hexdigest()[:8]}"
    return slug


def disambiguated(slug: str, name: str) -> str:
    """`slug` with 8 hex digits of the full name's SHA-256: for two clients of one run that share a slug."""
    digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return slug if slug.endswith(digest) else f"{slug}-{digest}"


def output_stem(
    client_name: str, edition_id: str, lang: str = "en", short_name: str | None = None, *, slug: str | None = None
) -> str:
    """`<client-slug>_<edition>` (plus `_zh` for Chinese): the name shared by a briefing's PDF and workbook.

    `slug`, when given, stands for the client's part (a batch's `disambiguated` one).
    """
    edition = re.sub(r"[^A-Za-z0-9.-]+", "-", edition_id).strip("-.") or "edition"
    suffix = "" if lang == "en" else f"_{re.sub(r'[^a-z]', '', lang)}"
    return f"{slug or client_slug(short_name or client_name)}_{edition}{suffix}"


def in_folder(name: str) -> str:
    """A briefing file's path relative to the output folder: each briefing is a folder named by its stem,
    so `acme_2026-q2.pdf` is `acme_2026-q2/acme_2026-q2.pdf` (see `atomic`)."""
    return f"{name.rsplit('.', 1)[0]}/{name}"


# --- where a briefing's folders go: flat (`<out>/<stem>/`) or sharded (`<out>/<bucket>/<stem>/`) ------------------

SHARD_ABOVE = 2_000  # profiles listed: above this, a new output folder of a batch is sharded
LAYOUTS = ("auto", "flat", "sharded")
_BUCKET = re.compile(r"[0-9a-f]{2}")


def bucket_of(slug: str) -> str:
    """A client's bucket folder in a sharded layout: 256 of them, so 100,000 clients make ~400 each."""
    return hashlib.sha256(slug.encode("ascii")).hexdigest()[:2]


def is_sharded(out_dir: Path) -> bool:
    """Whether the output folder `out_dir` already holds bucket folders (a sharded batch wrote there)."""
    if not out_dir.is_dir():
        return False
    with os.scandir(out_dir) as entries:
        return any(_BUCKET.fullmatch(e.name) and e.is_dir(follow_symlinks=False) for e in entries)


def choose_layout(out_dir: Path, layout: str, listed: int) -> str:
    """`flat` or `sharded`: as asked; for "auto", as the folder already is, else sharded above SHARD_ABOVE."""
    if layout != "auto":
        return layout
    return "sharded" if is_sharded(out_dir) or listed > SHARD_ABOVE else "flat"
