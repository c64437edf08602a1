"""Type for the PDF: the brand's fonts, Latin and CJK runs, escaped markup and the paragraph styles."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache
from html import escape as _html_escape
from pathlib import Path

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ...errors import BrandError, Problem
from ...models import Brand
from .tags import Node, Text
from .wrap import wide


# Markup escaping as xml.sax.saxutils does it (&, < and >; quotes left alone), without importing that module:
# it imports urllib.request and http.client, 18 ms of a briefing's start that nothing else needs. html is
# imported by reportlab's paragraph parser anyway; its unescape knows every HTML entity, so the three are undone
# here (the same results as saxutils' on 200,000 random strings of &, <, >, quotes and entity names).
def escape(text: str) -> str:
    return _html_escape(text, quote=False)


def unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


ROLES = ("regular", "bold", "italic", "cjk", "cjk_bold")
LATIN, CJK, FALLBACK = "latin", "cjk", "fallback"  # the kinds of run, by the face that draws them
Run = tuple[str, str]  # (face, text): a piece of a line in one face
# Characters outside the CJK faces (the bundled ones hold GB2312 and the punctuation briefings use) are drawn by
# Droid Sans Fallback, which covers all of Unicode's common CJK: a rare character in a client's name, Japanese kana.
FALLBACK_FONT = "DroidSansFallbackFull.ttf"


@dataclass(frozen=True)
class Fonts:
    """The registered names of the brand's faces (and the fallback face) and the characters each one can draw."""

    regular: str
    bold: str
    italic: str
    cjk: str
    cjk_bold: str
    fallback: str
    latin_chars: frozenset[int]
    cjk_chars: frozenset[int]
    cjk_bold_chars: frozenset[int]

    @cached_property
    def fallback_chars(self) -> frozenset[int]:
        """The fallback face's characters, registering it on first use: parsing its 4 MB costs a sixth of a
        second, and most briefings never need it (only a character outside the brand's faces does)."""
        return _register("fallback", fallback_path())[1]

    @cached_property
    def runs_of(self) -> dict[tuple[str, bool], tuple[tuple[str, str], ...]]:
        """runs() of the text (and weight) it was asked for, remembered: a briefing asks for the same labels'
        runs again and again (to measure them, to draw them), and a batch asks in every briefing."""
        return {}

    @cached_property
    def ascii_latin(self) -> bool:
        """Whether the Latin face draws every printable ASCII character."""
        return self.latin_chars >= _ASCII

    @cached_property
    def drawable(self) -> frozenset[int]:
        """The characters the brand's faces draw (the fallback face's are asked for only beyond them)."""
        return self.latin_chars | self.cjk_chars | self.cjk_bold_chars

    def run_face(self, kind: str, face: str) -> str:
        """The face that draws a run of `kind` in text set in `face`: bold text takes the bold CJK face."""
        if kind == LATIN:
            return face
        if kind == CJK:
            return self.cjk_bold if face == self.bold else self.cjk
        return self.fallback

    @property
    def cjk_faces(self) -> tuple[str, str, str]:
        return self.cjk, self.cjk_bold, self.fallback


_ASCII = frozenset(range(0x20, 0x7F))
_REGISTERED: dict[tuple[str, Path], tuple[str, frozenset[int]]] = {}


def _register(role: str, path: Path) -> tuple[str, frozenset[int]]:
    """Register a TrueType file once per process; the name derives from the path, so it is stable."""
    key = (role, path)
    if key not in _REGISTERED:
        name = _name(role, path)
        font = TTFont(name, str(path))  # subset and embedded by reportlab on use
        pdfmetrics.registerFont(font)
        _REGISTERED[key] = (name, frozenset(font.face.charToGlyph))
    return _REGISTERED[key]


def _name(role: str, path: Path) -> str:
    return f"Briefing-{role}-{hashlib.sha256(str(path).encode()).hexdigest()[:10]}"


def fallback_path() -> Path:
    from ... import resources

    return resources.assets_dir() / "fonts" / FALLBACK_FONT


def register_fonts(brand: Brand) -> Fonts:
    names = {}
    for role in ROLES:
        try:
            names[role] = _register(role, brand.fonts[role])
        except Exception as exc:  # reportlab raises assorted errors for a damaged font file
            raise BrandError(
                [
                    Problem(
                        brand.source, f"fonts.{role}", f"{brand.fonts[role].name}: is a damaged TrueType font ({exc})"
                    )
                ]
            ) from None
    regular, bold, italic, cjk, cjk_bold = (names[r][0] for r in ROLES)
    fallback = _name("fallback", fallback_path())  # registered when a character needs it (Fonts.fallback_chars)
    # <b> and <i> in markup map to the brand's faces; CJK has a regular and a bold face, no italic
    pdfmetrics.registerFontFamily(regular, normal=regular, bold=bold, italic=italic, boldItalic=bold)
    pdfmetrics.registerFontFamily(bold, normal=bold, bold=bold, italic=bold, boldItalic=bold)
    pdfmetrics.registerFontFamily(italic, normal=italic, bold=bold, italic=italic, boldItalic=bold)
    pdfmetrics.registerFontFamily(cjk, normal=cjk, bold=cjk_bold, italic=cjk, boldItalic=cjk_bold)
    pdfmetrics.registerFontFamily(cjk_bold, normal=cjk_bold, bold=cjk_bold, italic=cjk_bold, boldItalic=cjk_bold)
    pdfmetrics.registerFontFamily(fallback, normal=fallback, bold=fallback, italic=fallback, boldItalic=fallback)
    fonts = Fonts(
        regular,
        bold,
        italic,
        cjk,
        cjk_bold,
        fallback,
        names["regular"][1],
        names["cjk"][1],
        names["cjk_bold"][1],
    )
    return _FONTS.setdefault(fonts, fonts)  # the same faces: the Fonts made before, with what it remembers


_FONTS: dict[Fonts, Fonts] = {}


def _neutral(char: str) -> bool:
    """Spaces and punctuation that either face can carry: they join the run they sit in."""
    return unicodedata.category(char)[0] in "ZP" and ord(char) < 0x2E80


# Stand-ins for characters no face draws (a brand's fonts may lack the U+2212 minus sign; the bundled CJK faces
# have it).
STAND_INS = {"\u2212": "\u2013"}
SUBSTITUTE = "\ufffd"  # for any other character in no face (emoji, Devanagari, Thai, Arabic...): visible
INVISIBLE = "Cf"  # format characters (joiners, bidi marks) a face lacks are dropped: they draw nothing anyway


def _drawable(char: str, fonts: Fonts) -> str:
    """`char` itself if a face has it, else its stand-in ("" for a mark on a substitute or an invisible)."""
    if ord(char) in fonts.drawable or ord(char) in fonts.fallback_chars:
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


def runs(text: str, fonts: Fonts, bold: bool = False) -> list[tuple[str, str]]:
    """Split text into (kind, chunk) runs by the face that draws them: LATIN (the brand's Latin face), CJK (the
    brand's CJK face, its bold one when `bold`) or FALLBACK (Droid Sans Fallback, for characters outside it).

    A character that no face draws becomes a visible stand-in, one per cluster (a letter and its marks),
    so a name in a script the brand's fonts lack prints as U+FFFD, never as an empty box.
    """
    if text.isascii() and text.isprintable() and fonts.ascii_latin:
        return [(LATIN, text)] if text else []  # every character in the Latin face: one run
    known = fonts.runs_of.get((text, bold))
    if known is None:
        known = _runs(text, fonts, bold)
        _remember(fonts.runs_of, (text, bold), known)
    return list(known)


def _runs(text: str, fonts: Fonts, bold: bool) -> tuple[tuple[str, str], ...]:
    cjk_chars = fonts.cjk_bold_chars if bold else fonts.cjk_chars

    def faces(kind: str) -> frozenset[int]:  # the fallback face's characters only once a run needs them
        return fonts.latin_chars if kind == LATIN else cjk_chars if kind == CJK else fonts.fallback_chars

    out: list[tuple[str, str]] = []
    substituted = False
    for original in text:
        char = _drawable(original, fonts)
        if char == SUBSTITUTE and substituted and _joins_substitute(original):
            continue
        substituted = char != original and char in (SUBSTITUTE, "?")
        if not char:
            continue
        code = ord(char)
        kind = LATIN if code in fonts.latin_chars else CJK if code in cjk_chars else FALLBACK
        if out and (out[-1][0] == kind or (_neutral(char) and code in faces(out[-1][0]))):
            out[-1] = (out[-1][0], out[-1][1] + char)
        elif len(out) == 1 and all(_neutral(c) for c in out[0][1]) and all(ord(c) in faces(kind) for c in out[0][1]):
            out[0] = (kind, out[0][1] + char)  # punctuation that opens the text takes the face of what follows
        else:
            out.append((kind, char))
    return tuple(out)


def chinese(text: str, fonts: Fonts) -> bool:
    """Whether `text` reads as Chinese: at least as many CJK characters as Latin letters and digits."""
    cjk = sum(len(chunk) for kind, chunk in runs(text, fonts) if kind != LATIN)
    return cjk > 0 and cjk >= sum(c.isascii() and c.isalnum() for c in text)


def other_language(text: str, fonts: Fonts, chinese_text: bool) -> str | None:
    """The language of `text` where it is not the document's: Chinese in an English briefing (a client's name
    in characters), Latin letters without a Chinese character in a Chinese one (a name in English)."""
    if chinese_text:
        latin = any(c.isascii() and c.isalpha() for c in text)
        return "en" if latin and all(kind == LATIN for kind, _ in runs(text, fonts)) else None
    return "zh-CN" if chinese(text, fonts) else None


# The structure element of a paragraph of each style (a table's cell styles have none: the cell marks them).
STYLE_ROLES = {"h1": "H1", "h2": "H2", "h3": "H3", "caption": "Caption", "cover_title": "H1"}
CONTAINED = ("cell", "head", "total", "toc")


LONG_CJK_WORD = 8  # ideographs in one space-free word: up to this many it wraps whole, like a long Latin word


def long_cjk_word(text: str) -> bool:
    """Whether `text` holds a word (between spaces) of more than LONG_CJK_WORD wide CJK characters.

    Latin text quoting a short CJK name ("Nordlicht Automation (上海) Co., Ltd.") breaks at spaces like
    any Latin text; only Chinese text, or a long run of ideographs, needs breaks between characters.
    """
    return any(sum(wide(c) for c in word) > LONG_CJK_WORD for word in text.split())


def literal(text: str, fonts: Fonts, bold: bool = False) -> str:
    """Profile or data text as Paragraph markup: escaped, with CJK runs in their face (`bold`: the bold CJK face)."""
    face = fonts.bold if bold else fonts.regular
    return "".join(
        escape(chunk) if kind == LATIN else f'<font name="{fonts.run_face(kind, face)}">{escape(chunk)}</font>'
        for kind, chunk in runs(text, fonts, bold)
    )


_TAG = re.compile(r"(<[^>]*>)")
_FACE = re.compile(r'<font name="([^"]*)">')
_BOLD_TAGS = ("b", "strong")


def fonted(markup: str, fonts: Fonts, bold: bool = False) -> str:
    """Ready markup (a catalogue message with literal pieces filled in) with every CJK run in its CJK face.

    `bold`: the paragraph's style is bold. Inside <b> (or a bold style) CJK runs take the bold CJK face: a <font>
    tag naming a face sets reportlab's weight from that face, so it must name the bold one. The CJK <font> tags
    of literal() pieces are made again for the weight where the piece stands.
    """
    out: list[str] = []
    own: list[bool] = []  # for each open <font>: whether it is a CJK run's tag (dropped and made again)
    weight: list[bool] = [bold]  # bold or not, innermost last
    for i, piece in enumerate(_TAG.split(markup)):
        if i % 2:
            name = piece.strip("</>").split(" ")[0].lower()
            if name == "font" and not piece.startswith("</"):
                face = _FACE.fullmatch(piece)
                own.append(face is not None and face.group(1) in fonts.cjk_faces)
                if own[-1]:
                    continue
            elif name == "font" and own:
                if own.pop():
                    continue
            elif name in _BOLD_TAGS:
                if not piece.startswith("</"):
                    weight.append(True)
                elif len(weight) > 1:
                    weight.pop()
            out.append(piece)
        elif piece:
            out.append(literal(unescape(piece), fonts, weight[-1]))
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
        # What a paragraph's text makes, remembered for the next paragraph of the same text: a briefing repeats
        # its labels, and a batch repeats the edition's and the catalogue's words in every briefing.
        self._styles: dict[tuple, ParagraphStyle] = {}
        self._parsed: dict[tuple, tuple[str, ParagraphStyle, list]] = {}
        self._literal: dict[str, tuple[str, str | None]] = {}
        base = ParagraphStyle(
            "body",
            fontName=fonts.regular,
            bulletFontName=fonts.regular,
            fontSize=10,
            leading=14.5,
            textColor=colors.text,
            spaceAfter=6,
        )
        s = {"body": base}

        def add(name: str, parent: str = "body", **kw) -> None:
            s[name] = ParagraphStyle(name, parent=s[parent], **kw)

        add(
            "h1",
            fontName=fonts.bold,
            fontSize=20,
            leading=25,
            textColor=colors.primary,
            spaceBefore=0,
            spaceAfter=4,
            keepWithNext=1,
        )
        add(
            "h2",
            fontName=fonts.bold,
            fontSize=12.5,
            leading=16,
            textColor=colors.primary,
            spaceBefore=10,
            spaceAfter=4,
            keepWithNext=1,
        )
        add(
            "h3",
            fontName=fonts.bold,
            fontSize=10.5,
            leading=14,
            textColor=colors.text,
            spaceBefore=4,
            spaceAfter=2,
            keepWithNext=1,
        )
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
        key = (name, cjk, *sorted(kw.items()))
        made = self._styles.get(key)
        if made is None:
            made = st = self.styles[name]
            if kw:
                made = st = ParagraphStyle(f"{name}+", parent=st, **kw)
            if cjk:
                made = ParagraphStyle(f"{st.name}-cjk", parent=st, wordWrap="CJK")
            self._styles[key] = made
        return made

    def para(
        self, markup: str, style: str = "body", *, bullet: str | None = None, role: str | None = None, **kw
    ) -> Text:
        """A Paragraph of ready markup (literal pieces escaped with `lit`), CJK runs in the CJK face
        and CJK line breaking where the text needs breaks between CJK characters; tagged as `role` (by default
        its style's: H1, H2, H3, Caption or P; none for a table cell's styles, which the cell tags)."""
        key = (markup, style, *sorted(kw.items()))
        parsed = self._parsed.get(key)
        if parsed is not None:  # reportlab's Paragraph takes parsed fragments in place of markup
            text, made, frags = parsed
            para = Text(text, made, bulletText=bullet, frags=[frag.clone() for frag in frags])
        else:
            bold = kw.get("fontName", self.styles[style].fontName) == self.fonts.bold
            markup = fonted(markup, self.fonts, bold)
            wrap_cjk = False
            if any(f'name="{face}"' in markup for face in self.fonts.cjk_faces):
                plain = unescape(_TAG.sub("", markup))
                wrap_cjk = self.chinese_text or chinese(plain, self.fonts) or long_cjk_word(plain)
            para = Text(markup, self.style(style, wrap_cjk, **kw), bulletText=bullet)
            if not isinstance(para.bulletText, list):  # (a <bullet> tag's fragments would be lost)
                # copies, before line breaking marks the fragments it reads (so does each later paragraph)
                _remember(self._parsed, key, (para.text, para.style, [frag.clone() for frag in para.frags]))
        if role is None and not style.startswith(CONTAINED):
            role = STYLE_ROLES.get(style, "P")
        if role is not None:
            para.node = Node(role)
        return para

    def text(self, text: str, style: str = "body", **kw) -> Text:
        """A Paragraph that prints `text` exactly as written (its element in the language of the text)."""
        known = self._literal.get(text)
        if known is None:
            known = literal(text, self.fonts), other_language(text, self.fonts, self.chinese_text)
            _remember(self._literal, text, known)
        markup, lang = known
        para = self.para(markup, style, **kw)
        if para.node is not None:
            para.node.lang = lang
        return para

    def clipped(self, text: str, style: str, width: float, lines: int, **kw) -> Text:
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

    def one_line(self, text: str, face: str, size: float, width: float) -> tuple[tuple[Run, ...], float] | None:
        """The runs (face, text) and the width of `text` where it prints as it is, in one line of `face` within
        `width`, a character no face has standing in for none: then a table may draw it as strings in the
        paragraph style's font (the CJK face for CJK runs), and it looks as its paragraph would; else None."""
        if text != " ".join(text.split()):
            return None
        parts = runs(text, self.fonts, face == self.fonts.bold)
        if "".join(chunk for _, chunk in parts) != text:
            return None
        faced = tuple((self.fonts.run_face(kind, face), chunk) for kind, chunk in parts)
        drawn = sum(pdfmetrics.stringWidth(chunk, name, size) for name, chunk in faced)
        return (faced, drawn) if drawn <= width else None


@lru_cache(maxsize=8)
def type_for(fonts: Fonts, colors: Palette, chinese_text: bool) -> Type:
    """The one Type of a brand's fonts and colours in a language, so that its memos serve every briefing a
    process makes (a batch's worker makes hundreds)."""
    return Type(fonts, colors, chinese_text)


REMEMBERED = 500  # entries of a memo (a few KB each), then it starts again: a batch's client names churn


def _remember(memo: dict, key, value) -> None:
    if len(memo) >= REMEMBERED:
        memo.clear()
    memo[key] = value


def text_width(text: str, fonts: Fonts, face: str, size: float) -> float:
    return sum(
        pdfmetrics.stringWidth(chunk, fonts.run_face(kind, face), size)
        for kind, chunk in runs(text, fonts, face == fonts.bold)
    )


def draw_text(
    canvas, x: float, y: float, text: str, fonts: Fonts, face: str, size: float, align: int = TA_LEFT
) -> None:
    """Draw one line on a canvas run by run (page headers, footers and the cover band)."""
    width = text_width(text, fonts, face, size)
    x = x - width if align == TA_RIGHT else x - width / 2 if align == TA_CENTER else x
    line = canvas.beginText(x, y)  # one text object, so the line extracts as one string
    for kind, chunk in runs(text, fonts, face == fonts.bold):
        line.setFont(fonts.run_face(kind, face), size)
        line.textOut(chunk)
    canvas.drawText(line)


def fit(text: str, fonts: Fonts, face: str, size: float, width: float) -> str:
    """`text` cut with an ellipsis to fit `width` (for one-line running heads only)."""
    if text_width(text, fonts, face, size) <= width:
        return text
    while text and text_width(text + "\u2026", fonts, face, size) > width:
        text = text[:-1]
    return text.rstrip() + "\u2026"
