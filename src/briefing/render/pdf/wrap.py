"""Line breaking for paragraphs with CJK text: between ideographs, at spaces, never inside a Latin word,
and by the kinsoku rule: no line starts with closing punctuation (，。、；：）” ...) or ends with an opening one.

reportlab's own CJK splitter breaks after any character and only knows Japanese closing punctuation
(it lets a line start with the Chinese full-width comma "，"), so `Para` replaces it.

It uses reportlab's private names (`_handleBulletWidth`, `_FUZZ`, and the line records
`FragLine`/`ParaLines`): a paragraph's line breaking has no public hook, and the lines it makes must be
the records reportlab's own drawing code reads (the README's "For developers" lists the few others).
reportlab is pinned below the next major release for this, and CI runs the PDF tests against the newest
release the pin allows (`.ci/run`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Set as AbstractSet

from reportlab.lib.rl_accel import sameFrag
from reportlab.lib.textsplit import ALL_CANNOT_END, ALL_CANNOT_START
from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import FragLine, ParaLines, _handleBulletWidth, imgNormV, imgVRange
from reportlab.rl_config import _FUZZ

CANNOT_START = frozenset(ALL_CANNOT_START + "，。、；：？！）》」』】〕〉〗｝”’…‥・·%％‰℃°")
CANNOT_END = frozenset(ALL_CANNOT_END + "(（《「『【〔〈〖｛“‘")


def _space(char: str) -> bool:
    return unicodedata.category(char) == "Zs"


def wide(char: str) -> bool:
    """Ideographs, kana, hangul and full-width forms: a line may break before or after them."""
    return ord(char) >= 0x2E80 and unicodedata.east_asian_width(char) in ("W", "F")


def may_break(prev: str, nxt: str) -> bool:
    """Whether a line may end after `prev` and the next start with `nxt`."""
    if len(prev) != 1 or len(nxt) != 1:  # an empty fragment (a link tag, say) is no character
        return False
    if _space(nxt) or nxt in CANNOT_START or prev in CANNOT_END:
        return False
    return _space(prev) or wide(prev) or wide(nxt)


def break_points(
    chars: list[str], widths: list[float], max_widths: list[float], forced: AbstractSet[int] = frozenset()
) -> list[tuple[int, int]]:
    """Greedy lines as (start, end) index pairs, spaces at the ends left out.

    A line ends at the last permitted break that fits; where none fits (a Latin word longer than the
    line), it is cut between characters, still keeping closing punctuation on the line before.
    `forced` holds the indexes after which a line must end (<br/>).
    """
    n = len(chars)
    em = max(widths, default=0.0)  # about one em: the widest character, an ideograph where there is one
    lines: list[tuple[int, int]] = []
    start = 0
    while start < n:
        while start < n and _space(chars[start]) and start not in forced:
            start += 1
        if start >= n:
            break
        max_w = max_widths[min(len(lines), len(max_widths) - 1)]
        used, end = 0.0, start
        while end < n:
            used += widths[end]
            if end in forced:
                end += 1
                break
            if used > max_w + _FUZZ and end > start:
                break
            end += 1
        if end >= n or end - 1 in forced:
            lines.append((start, _trim(chars, start, end)))
            start = end
            continue
        # chars[start:end] fits and chars[end] does not: find the last permitted break up to end + 1
        # (end + 1 when chars[end] is a space, which may hang invisibly at the end of the line)
        cut = next(
            (
                b
                for b in range(min(end + 1, n - 1), start, -1)
                if may_break(chars[b - 1], chars[b]) and _fits(chars, widths, start, b, max_w)
            ),
            None,
        )
        if cut is None:
            cut = end
            while cut - 1 > start and chars[cut] in CANNOT_START:  # a cut word: still no "，" first
                cut -= 1
        elif max_w < NARROW * em:
            cut = _keep_aside(chars, start, cut)
        lines.append((start, _trim(chars, start, cut)))
        start = cut
    return lines


OPEN, CLOSE = "（(", "）)"
ASIDE = 10  # a bracketed aside this short moves to the next line whole rather than break: 当前薪酬 / （美元）
NARROW = 20  # ... in a measure of fewer ems than this (a table cell); in running text that would leave a gap


def _keep_aside(chars: list[str], start: int, cut: int) -> int:
    """`cut`, or the start of a short bracketed aside that `cut` would split."""
    for o in range(cut - 1, start, -1):
        if chars[o] in CLOSE:
            return cut
        if chars[o] in OPEN:
            close = next((c for c in range(cut, min(o + ASIDE, len(chars))) if chars[c] in CLOSE), None)
            return o if close is not None and may_break(chars[o - 1], chars[o]) else cut
    return cut


def _trim(chars: list[str], start: int, end: int) -> int:
    while end > start + 1 and _space(chars[end - 1]):
        end -= 1
    return end


def _fits(chars: list[str], widths: list[float], start: int, end: int, max_w: float) -> bool:
    return sum(widths[start : _trim(chars, start, end)]) <= max_w + _FUZZ


_WIDTHS: dict[tuple[str, float], dict[str, float]] = {}  # (font, size) -> character -> width, per process


def _char_widths(text: str, font: str, size: float) -> list[float]:
    """The width of each character of `text` (as reportlab's CJK splitter measures them, one by one)."""
    known = _WIDTHS.setdefault((font, size), {})
    out = []
    for char in text:
        width = known.get(char)
        if width is None:
            width = known[char] = stringWidth(char, font, size)
        out.append(width)
    return out


def _line(
    chars: list[str], owners: list, start: int, end: int, max_w: float, used: float, line_break: bool, calc_bounds: bool
) -> FragLine:
    """One line of characters as reportlab's makeCJKParaLine makes it: a word per run of like fragments.

    The same result, but fragments are compared where they change rather than at every character.
    """
    words = []
    text: list[str] = []
    current = FragLine()  # a blank fragment: no character's fragment is like it
    size = ascent = descent = 0
    seen = None
    for i in range(start, end):
        frag = owners[i]
        if frag is not seen:
            seen = frag
            cb = getattr(frag, "cbDefn", None) if calc_bounds else None
            if cb is not None and getattr(cb, "width", None):
                d, a = imgVRange(imgNormV(cb.height, frag.fontSize), cb.valign, frag.fontSize)
            else:
                a, d = getAscentDescent(frag.fontName, frag.fontSize)
            size, ascent, descent = max(size, frag.fontSize), max(ascent, a), min(descent, d)
            if frag is not current and not sameFrag(current, frag):
                word = current.clone()
                word.text = "".join(text)
                words.append(word)
                text = []
                current = frag
        text.append(chars[i])
    if text:
        word = current.clone()
        word.text = "".join(text)
        words.append(word)
    return FragLine(
        kind=1,
        extraSpace=max_w - used,
        wordCount=1,
        words=words[1:],
        fontSize=size,
        ascent=ascent,
        descent=descent,
        maxWidth=max_w,
        currentWidth=used,
        lineBreak=line_break,
    )


class Para(Paragraph):
    """A Paragraph whose CJK line breaking (style wordWrap="CJK") follows `break_points`.

    Its lines are broken once per width: tables and KeepTogether ask a paragraph for its size at the same
    width several times (to size a row, then to draw it), and the answer does not change.
    """

    _wrapped_at: float | None = None

    def wrap(self, availWidth, availHeight):
        if availWidth == self._wrapped_at and hasattr(self, "blPara"):  # (a split may drop the lines)
            return self.width, self.height
        size = super().wrap(availWidth, availHeight)
        self._wrapped_at = availWidth if availWidth >= _FUZZ else None  # below _FUZZ nothing is laid out
        return size

    def breakLinesCJK(self, maxWidths):
        if not isinstance(maxWidths, (list, tuple)):
            maxWidths = [maxWidths]
        if not self.frags or (hasattr(self, "blPara") and getattr(self, "_splitpara", False)):
            return super().breakLinesCJK(maxWidths)
        self.height = 0
        _handleBulletWidth(self.bulletText, self.style, maxWidths)
        chars: list[str] = []
        owners: list = []  # the fragment of each character
        widths: list[float] = []
        forced: set[int] = set()
        for frag in self.frags:
            text = frag.text if frag.text else ""
            if hasattr(frag, "lineBreak"):
                forced.add(len(chars) - 1 if chars else 0)
            chars.extend(text)
            owners.extend([frag] * len(text))
            widths.extend(_char_widths(text, frag.fontName, frag.fontSize))
        auto = getattr(self, "autoLeading", getattr(self.style, "autoLeading", ""))
        calc_bounds = auto not in ("", "off")
        lines = []
        for i, (start, end) in enumerate(break_points(chars, widths, list(maxWidths), forced)):
            max_w = maxWidths[min(i, len(maxWidths) - 1)]
            lines.append(
                _line(chars, owners, start, end, max_w, sum(widths[start:end]), end - 1 in forced, calc_bounds)
            )
        return ParaLines(kind=1, lines=lines)
