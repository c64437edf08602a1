"""Loading and validating a brand file: the firm's name, colours, fonts and logo."""

from __future__ import annotations

import os
import re
from pathlib import Path

from . import contrast, resources
from .checks import Checker
from .errors import BrandError, unreadable
from .images import ImageProblem, check_image
from .models import Brand, Sender
from .safeio import ReadProblem, check_regular
from .yamlio import load_yaml

COLORS = ("primary", "accent", "secondary", "text", "muted", "rule", "band", "positive", "negative")
FONTS = ("regular", "bold", "italic", "cjk", "cjk_bold")
# A brand file may leave out any font: the bundled one stands in (assets/fonts, the Chinese faces included).
BUNDLED_FONTS = {
    "regular": "NotoSans-Regular.ttf",
    "bold": "NotoSans-Bold.ttf",
    "italic": "NotoSans-Italic.ttf",
    "cjk": "NotoSansCJKsc-Regular.ttf",
    "cjk_bold": "NotoSansCJKsc-Bold.ttf",
}
SENDER_KEYS = ("name", "email")
_HEX = re.compile(r"#[0-9A-Fa-f]{6}")
_TRUETYPE = (b"\x00\x01\x00\x00", b"true", b"ttcf")
MAX_FONT_BYTES = 64_000_000  # a full CJK collection is 20-40 MB


def load_brand(path: Path) -> Brand:
    source = str(path)
    check = Checker(source)
    data = check.mapping("", load_yaml(path, source, BrandError))
    if data is None:
        raise BrandError(check.problems)
    check.keys("", data, ("firm", "logo", "colors", "fonts", "sender"), required=("firm", "colors"))
    firm = check.text("firm", data.get("firm"), required=True)

    colors: dict[str, str] = {}
    raw_colors = check.mapping("colors", data.get("colors", {})) or {}
    check.keys("colors", raw_colors, COLORS, required=COLORS)
    for name, value in raw_colors.items():
        if name in COLORS:
            if isinstance(value, str) and _HEX.fullmatch(value.strip()):
                colors[name] = value.strip().upper()
            else:
                check.add(f"colors.{name}", f'expected a colour written #RRGGBB (e.g. "#17324D"), got {value!r}')

    fonts: dict[str, Path] = {}
    raw_fonts = check.mapping("fonts", data.get("fonts") or {}) or {}
    check.keys("fonts", raw_fonts, FONTS)
    for name, value in raw_fonts.items():
        if name in FONTS and (file := check.text(f"fonts.{name}", value, required=True)):
            font = (path.parent / file).resolve()
            problem = _font_problem(font)
            if problem:
                check.add(f"fonts.{name}", f"{file}: {problem}")
            else:
                fonts[name] = font
    if "regular" in fonts:  # a firm's own face without its italic: the upright face, not a bundled italic
        fonts.setdefault("italic", fonts["regular"])
    bundled = resources.assets_dir() / "fonts"
    for name in FONTS:
        if name not in raw_fonts:
            fonts.setdefault(name, bundled / BUNDLED_FONTS[name])
    sender = _sender(check, data.get("sender"))

    logo = None
    if data.get("logo") is not None and (file := check.text("logo", data["logo"])):
        logo = (path.parent / file).resolve()
        try:
            check_image(logo)
        except ImageProblem as exc:
            check.add("logo", f"{file}: {exc}")
    if check.problems:
        raise BrandError(check.problems)
    return Brand(
        firm=firm or "",
        colors=colors,
        fonts=fonts,
        logo=logo,
        source=source,
        sender=sender,
        warnings=tuple(contrast.warnings(colors)),
    )


def _sender(check: Checker, value: object) -> Sender | None:
    """`sender: {name, email}`: who cover e-mails come from (and who signs the commentary by default)."""
    from .delivery.fields import check_address

    if value is None:
        return None
    if (section := check.mapping("sender", value)) is None:
        return None
    check.keys("sender", section, SENDER_KEYS, required=SENDER_KEYS)
    name = check.text("sender.name", section.get("name"), required=True) if "name" in section else None
    email = check_address(check, "sender.email", section["email"]) if "email" in section else None
    return Sender(name=name, email=email) if name and email else None


def _font_problem(path: Path) -> str | None:
    try:
        check_regular(path)
        size = os.stat(path).st_size
        if size > MAX_FONT_BYTES:  # reportlab reads the whole font; a regular file's size is known up front
            return f"the font file is {size:,} bytes; the limit is {MAX_FONT_BYTES:,}"
        with path.open("rb") as fh:
            head = fh.read(4)
    except ReadProblem as exc:
        return "font file not found" if str(exc) == "file not found" else str(exc)
    except OSError as exc:
        return unreadable(exc)
    if head == b"OTTO":
        return "is an OpenType font with CFF outlines, which the PDF renderer cannot embed; use a TrueType (.ttf) font"
    if head not in _TRUETYPE:
        return "is not a TrueType font file (.ttf or .ttc)"
    return None
