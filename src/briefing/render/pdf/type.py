"""Type for the PDF: the brand's fonts, Latin and CJK runs, escaped markup and the paragraph styles."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from xml.sax.saxutils import escape, unescape

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ...errors import BrandError, Problem
from ...models import Brand
from .wrap import Para, wide

ROLES = ("regular", "bold", "italic", "cjk")


@dataclass(frozen=True)
class Fonts:
    """The registered names of the brand's four faces and the characters each one can draw."""

    regular: str
    bold: str
    italic: str
    cjk: str
    latin_chars: frozenset[int]
    cjk_chars: frozenset[int]

    @cached_property
    def ascii_latin(self) -> bool:
        """Whether the Latin face draws every printable ASCII character."""
        return _ASCII <= self.latin_chars

    def face(self, role: str) -> str:
        return getattr(self, role)


_ASCII = frozenset(range(0x20, 0x7F))
_REGISTERED: dict[tuple[str, Path], tuple[str, frozenset[int]]] = {}


def _register(role: str, path: Path) -> tuple[str, frozenset[int]]:
    """Register a TrueType file once per process; the name derives from the path, so it is stable."""
    key = (role, path)
    if key not in _REGISTERED:
        name = f"Briefing-{role}-{hashlib.sha256(str(path).encode()).hexdigest()[:10]}"
        font = TTFont(name, str(path))  # subset and embedded by reportlab on use
        pdfmetrics.registerFont(font)
        _REGISTERED[key] = (name, frozenset(font.face.charToGlyph))
    return _REGISTERED[key]


def register_fonts(brand: Brand) -> Fonts:
    names = {}
    for role in ROLES:
        try:
            names[role] = _register(role, brand.fonts[role])
        except Exception as exc:  # reportlab raises assorted errors for a damaged font file
            raise BrandError([Problem(brand.source, f"fonts.{role}", f"{brand.fonts[role].name}: is a damaged "
                                                                     f"TrueType font ({exc})")]) from None
    regular, bold, italic, cjk = (names[r][0] for r in ROLES)
    # <b> and <i> in markup map to the brand's faces; the CJK face has one weight only.
    pdfmetrics.registerFontFamily(regular, normal=regular, bold=bold, italic=italic, boldItalic=bold)
    pdfmetrics.registerFontFamily(bold, normal=bold, bold=bold, italic=bold, boldItalic=bold)
    pdfmetrics.registerFontFamily(italic, normal=italic, bold=bold, italic=italic, boldItalic=bold)
    pdfmetrics.registerFontFamily(cjk, normal=cjk, bold=cjk, italic=cjk, boldItalic=cjk)
    return Fonts(regular, bold, italic, cjk, names["regular"][1], names["cjk"][1])


def _neutral(char: str) -> bool:
    """Spaces and punctuation that either face can carry: they join the run they sit in."""
    return unicodedata.category(char)[0] in "ZP" and ord(char) < 0x2E80


# Stand-ins for characters neither face draws (the bundled Noto Sans has no U+2212 minus sign).
STAND_INS = {"\u2212": "\u2013"}
SUBSTITUTE = "\ufffd"  # for any other character in no face (emoji, Devanagari, Thai, Arabic...): visible
INVISIBLE = "Cf"  # format characters (joiners, bidi marks) a face lacks are dropped: they draw nothing anyway


def _drawable(char: str, fonts: Fonts) -> str:
    """`char` itself if a face has it, else its stand-in ("" for a mark on a substitute or an invisible)."""
    code = ord(char)
    if code in fonts.latin_chars or code in fonts.cjk_chars:
        return char
    if char in STAND_INS:
        return STAND_INS[char]
    category = unicodedata.category(char)
    if char in "\t\n\r\v\f" or category in ("Zs", "Zl", "Zp"):
        return " "
    if category == INVISIBLE:
        return ""
    return SUBSTITUTE if ord(SUBSTITUTE) in fonts.latin_chars else "?"


def _joins_substitute(char: str) -> bool:
    """A combining mark, variation selector or emoji modifier: part of the character before it."""
    return unicodedata.category(char) in ("Mn", "Mc", "Me") or 0x1F3FB <= ord(char) <= 0x1F3FF


def runs(text: str, fonts: Fonts) -> list[tuple[bool, str]]:
    """Split text into (is_cjk, chunk) runs: anything the Latin face lacks but the CJK face has is CJK.

    A character that no face draws becomes a visible stand-in, one per cluster (a letter and its marks),
    so a name in a script the brand's fonts lack prints as U+FFFD, never as an empty box.
    """
    if text.isascii() and text.isprintable() and fonts.ascii_latin:
        return [(False, text)] if text else []  # every character in the Latin face: one run
    out: list[tuple[bool, str]] = []
    substituted = False
    for original in text:
        char = _drawable(original, fonts)
        if char == SUBSTITUTE and substituted and _joins_substitute(original):
            continue
        substituted = char != original and char in (SUBSTITUTE, "?")
        if not char:
            continue
        code = ord(char)
        cjk = code not in fonts.latin_chars and code in fonts.cjk_chars
        if out and (out[-1][0] == cjk or (_neutral(char) and code in (fonts.cjk_chars if out[-1][0]
                                                                      else fonts.latin_chars))):
            out[-1] = (out[-1][0], out[-1][1] + char)
        else:
            out.append((cjk, char))
    return out


def chinese(text: str, fonts: Fonts) -> bool:
    """Whether `text` reads as Chinese: at least as many CJK characters as Latin letters and digits.

    The CJK face has one weight, so in a Chinese heading a bold Latin face would make "AI" or "P75" stand
    out from the words around them: there a bold style's Latin runs stay regular.
    """
    cjk = sum(len(chunk) for is_cjk, chunk in runs(text, fonts) if is_cjk)
    return cjk > 0 and cjk >= sum(c.isascii() and c.isalnum() for c in text)


LONG_CJK_WORD = 8  # ideographs in one space-free word: up to this many it wraps whole, like a long Latin word


def long_cjk_word(text: str) -> bool:
    """Whether `text` holds a word (between spaces) of more than LONG_CJK_WORD wide CJK characters.

    Latin text quoting a short CJK name ("Nordlicht Automation (上海) Co., Ltd.") breaks at spaces like
    any Latin text; only Chinese text, or a long run of ideographs, needs breaks between characters.
    """
    return any(sum(wide(c) for c in word) > LONG_CJK_WORD for word in text.split())


def literal(text: str, fonts: Fonts) -> str:
    """Profile or data text as Paragraph markup: escaped, with CJK runs in the CJK face."""
    return "".join(f'<font name="{fonts.cjk}">{escape(chunk)}</font>' if cjk else escape(chunk)
                   for cjk, chunk in runs(text, fonts))


_TAG = re.compile(r"(<[^>]*>)")


def fonted(markup: str, fonts: Fonts) -> str:
    """Ready markup (a catalogue message with literal pieces filled in) with every CJK run in the CJK face.

    Text already inside a CJK <font> tag (a literal() piece) is left as it is.
    """
    out: list[str] = []
    stack: list[bool] = []  # for each open <font>: whether it is the CJK face
    for i, piece in enumerate(_TAG.split(markup)):
        if i % 2:
            if piece.startswith("<font"):
                stack.append(f'name="{fonts.cjk}"' in piece)
            elif piece.startswith("</font") and stack:
                stack.pop()
            out.append(piece)
        elif piece:
            out.append(piece if any(stack) else literal(unescape(piece), fonts))
    return "".join(out)


@dataclass(frozen=True)
class Palette:
    """The brand's colours as reportlab colours, by the brand file's names."""

    primary: Color
    accent: Color
    secondary: Color
    text: Color
    muted: Color
    rule: Color
    band: Color
    positive: Color
    negative: Color


def palette(brand: Brand) -> Palette:
    return Palette(**{name: HexColor(value) for name, value in brand.colors.items()})


class Type:
    """Paragraph styles and a paragraph factory that switches to CJK line breaking when needed.

    `chinese_text`: the briefing's own words are Chinese, so any CJK in a paragraph is Chinese text
    that may break between characters; in an English briefing a short CJK name wraps like a Latin word.
    """

    def __init__(self, fonts: Fonts, colors: Palette, chinese_text: bool = False):
        self.fonts = fonts
        self.colors = colors
        self.chinese_text = chinese_text
        base = ParagraphStyle("body", fontName=fonts.regular, bulletFontName=fonts.regular, fontSize=10, leading=14.5, textColor=colors.text,
                              spaceAfter=6)
        s = {"body": base}

        def add(name: str, parent: str = "body", **kw) -> None:
            s[name] = ParagraphStyle(name, parent=s[parent], **kw)

        add("h1", fontName=fonts.bold, fontSize=20, leading=25, textColor=colors.primary, spaceBefore=0,
            spaceAfter=4, keepWithNext=1)
        add("h2", fontName=fonts.bold, fontSize=12.5, leading=16, textColor=colors.primary, spaceBefore=10,
            spaceAfter=4, keepWithNext=1)
        add("h3", fontName=fonts.bold, fontSize=10.5, leading=14, textColor=colors.text, spaceBefore=4,
            spaceAfter=2, keepWithNext=1)
        add("lead", fontSize=11, leading=16, textColor=colors.text, spaceAfter=10)
        add("small", fontSize=8.5, leading=12, textColor=colors.muted, spaceAfter=4)
        add("caption", fontSize=8, leading=11, textColor=colors.muted, spaceBefore=2, spaceAfter=10)
        add("bullet", leftIndent=14, bulletIndent=2, spaceAfter=5)
        add("cell", fontSize=8.5, leading=11, spaceAfter=0)
        add("cell_r", parent="cell", alignment=TA_RIGHT)
        add("cell_c", parent="cell", alignment=TA_CENTER)
        add("head", parent="cell", fontName=fonts.bold, textColor=colors.band, leading=10.5)
        add("head_r", parent="head", alignment=TA_RIGHT)
        add("total", parent="cell", fontName=fonts.bold)
        add("total_r", parent="total", alignment=TA_RIGHT)
        add("toc", fontSize=11, leading=15, spaceAfter=0, textColor=colors.text)
        add("toc_r", parent="toc", alignment=TA_RIGHT)
        add("kpi_value", fontName=fonts.bold, fontSize=15, leading=19, textColor=colors.primary, spaceAfter=0)
        add("kpi_label", fontSize=8.5, leading=11, textColor=colors.muted, spaceAfter=0)
        add("cover_title", fontName=fonts.bold, fontSize=30, leading=36, textColor=colors.band, spaceAfter=10)
        add("cover_sub", fontSize=13, leading=18, textColor=colors.band, spaceAfter=0)
        add("cover_label", fontSize=9, leading=12, textColor=colors.muted, spaceAfter=2)
        add("cover_client", fontName=fonts.bold, fontSize=20, leading=26, textColor=colors.primary, spaceAfter=4)
        add("cover_firm", fontName=fonts.bold, fontSize=13, leading=16, textColor=colors.primary, spaceAfter=0)
        add("cover_note", fontSize=8.5, leading=12, textColor=colors.muted, spaceAfter=0)
        self.styles = s

    def style(self, name: str, cjk: bool = False, **kw) -> ParagraphStyle:
        """A named style, adjusted by `kw`, with CJK line breaking when the text holds CJK."""
        st = self.styles[name]
        if kw:
            st = ParagraphStyle(f"{name}+", parent=st, **kw)
        return ParagraphStyle(f"{st.name}-cjk", parent=st, wordWrap="CJK") if cjk else st

    def para(self, markup: str, style: str = "body", *, bullet: str | None = None, **kw) -> Para:
        """A Paragraph of ready markup (literal pieces escaped with `lit`), CJK runs in the CJK face
        and CJK line breaking where the text needs breaks between CJK characters."""
        markup = fonted(markup, self.fonts)
        wrap_cjk = False
        if f'name="{self.fonts.cjk}"' in markup:
            plain = unescape(_TAG.sub("", markup))
            is_chinese = chinese(plain, self.fonts)
            if is_chinese and self.styles[style].fontName == self.fonts.bold and "fontName" not in kw:
                kw["fontName"] = self.fonts.regular
            wrap_cjk = self.chinese_text or is_chinese or long_cjk_word(plain)
        return Para(markup, self.style(style, wrap_cjk, **kw), bulletText=bullet)

    def text(self, text: str, style: str = "body", **kw) -> Para:
        """A Paragraph that prints `text` exactly as written."""
        return self.para(literal(text, self.fonts), style, **kw)

    def clipped(self, text: str, style: str, width: float, lines: int, **kw) -> Para:
        """`text` as written, cut with an ellipsis where it would take more than `lines` lines in `width`
        (a 2,000-character client name on the cover or in a table cell)."""
        para = self.text(text, style, **kw)
        if text_width(text, self.fonts, para.style.fontName, para.style.fontSize) <= width:
            return para  # one line: no need to lay it out

        def fits(n: int) -> bool:
            candidate = self.text(text[:n].rstrip() + "\u2026", style, **kw)
            candidate.wrap(width, 1e6)
            return len(candidate.blPara.lines) <= lines

        para.wrap(width, 1e6)
        if len(para.blPara.lines) <= lines:
            return para
        low, high = 0, len(text)  # fits(low) holds; fits(high) does not
        while high - low > 1:
            mid = (low + high) // 2
            low, high = (mid, high) if fits(mid) else (low, mid)
        return self.text(text[:low].rstrip() + "\u2026", style, **kw)

    def lit(self, text: str) -> str:
        return literal(text, self.fonts)

    def one_line(self, text: str, face: str, size: float, width: float) -> bool:
        """Whether `text` prints as it is, in one line of `face` within `width`, with no markup or CJK run:
        then a table may draw it as a string in the paragraph style's font, and it looks the same."""
        return (text == " ".join(text.split()) and runs(text, self.fonts) == [(False, text)]
                and text_width(text, self.fonts, face, size) <= width)


def text_width(text: str, fonts: Fonts, face: str, size: float) -> float:
    return sum(pdfmetrics.stringWidth(chunk, fonts.cjk if cjk else face, size) for cjk, chunk in runs(text, fonts))


def draw_text(canvas, x: float, y: float, text: str, fonts: Fonts, face: str, size: float,
              align: int = TA_LEFT) -> None:
    """Draw one line on a canvas run by run (page headers, footers and the cover band)."""
    if face == fonts.bold and chinese(text, fonts):
        face = fonts.regular  # see chinese()
    width = text_width(text, fonts, face, size)
    x = x - width if align == TA_RIGHT else x - width / 2 if align == TA_CENTER else x
    line = canvas.beginText(x, y)  # one text object, so the line extracts as one string
    for cjk, chunk in runs(text, fonts):
        line.setFont(fonts.cjk if cjk else face, size)
        line.textOut(chunk)
    canvas.drawText(line)


def fit(text: str, fonts: Fonts, face: str, size: float, width: float) -> str:
    """`text` cut with an ellipsis to fit `width` (for one-line running heads only)."""
    if text_width(text, fonts, face, size) <= width:
        return text
    while text and text_width(text + "\u2026", fonts, face, size) > width:
        text = text[:-1]
    return text.rstrip() + "\u2026"
