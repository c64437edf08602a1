"""Cell formats, words, widths, page set-up, cross-sheet lookups and chart style shared by the workbook's sheets.

Every colour comes from the brand, every word and currency format from the language's catalogue.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from xlsxwriter.utility import quote_sheetname, xl_col_to_name
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from ... import contrast, fmt
from ...i18n import Catalogue
from ...models import EditionText

# Number formats that read the same in every language; money and dates come from the catalogue
# (xlsx.format.*): "CNY #,##0" in English, 万元 in Chinese, never the ambiguous yen sign.
NUMBER_FORMATS = {
    "text": None,
    "wrap": None,
    "int": "#,##0",
    "num": "General",
    "pct": "0.0%",
    "pct0": "0%",
    "factor": "0.0000",
    "rate": "0.00##",
    "dec0": "#,##0",  # a column of published figures at one precision (fmt.places)
    "dec1": "#,##0.0",
    "dec2": "#,##0.00",
    "ratio": "0.00",  # a compa-ratio or a scarcity, as the PDF prints it (1.16, not 116%)
}
LOCAL_FORMATS = ("cny", "usd", "date", "month")
# "unknown" aligns with the numbers
RIGHT = {"int", "cny", "usd", "pct", "pct0", "factor", "rate", "num", "date", "ratio", "month", "dec0", "dec1", "dec2"}

TITLE_ROW, NOTE_ROW, HEADER_ROW, FIRST_ROW = 0, 1, 3, 4  # 0-based; every table sheet shares this frame
HEADER_HEIGHT = 32  # two lines of header text
LINE_HEIGHT = 15
# Protected without a password against overwriting a formula by accident; an analyst may still add rows,
# sort and filter (the spare shaded rows of a table are the way to add a line with its formulas).
PROTECT_OPTIONS = {
    "format_columns": True,
    "format_rows": True,
    "select_locked_cells": True,
    "select_unlocked_cells": True,
    "insert_rows": True,
    "sort": True,
    "autofilter": True,
}
PAPER = {"A4": 9, "letter": 1}  # Excel's paper codes
# Column-width units one landscape page holds with every character at 8 pt or more: LibreOffice prints about
# 7.4 pt per unit at 100%, and a US Letter page (the narrower one) has 734 pt inside 0.4-inch margins.
PRINT_WIDTH = 128
SPARE_ROWS = 10  # formatted, formula-ready rows under a table of role lines, for lines an analyst adds


@dataclass(frozen=True)
class Words:
    """The workbook's language: its catalogue (keys `xlsx.*`, `common.*`) and the edition's names in it."""

    catalogue: Catalogue
    edition: EditionText

    @property
    def lang(self) -> str:
        return self.catalogue.lang

    def __call__(self, key: str, **values: object) -> str:
        """The workbook message under `key` (a missing key raises: no fallback to another language)."""
        return self.catalogue(f"xlsx.{key}", **values)

    def plural(self, key: str, n: int, /, **values: object) -> str:
        """The workbook message under `key` in its plural form for the count `n` (key.one / key.other)."""
        return self.catalogue.plural(f"xlsx.{key}", n, **values)

    def common(self, key: str) -> str:
        return self.catalogue(f"common.{key}")

    def sheet(self, key: str) -> str:
        return self(f"sheet.{key}")

    def col(self, key: str) -> str:
        return self(f"col.{key}")

    def name(self, english: str) -> str:
        """A role, driver, specialization or dimension name of the edition, in this language."""
        return self.edition.name(english)

    def label(self, role: str, title: str | None) -> str:
        """A client role line as a reader knows it: the client's own title as typed, else the role's name."""
        return title or self.name(role)

    def date(self, value: dt.date) -> str:
        return fmt.date(value, self.lang)

    def month(self, value: dt.date) -> str:
        """'March 2027' / '2027年3月'."""
        return fmt.month(value, self.lang)

    def money_text(self, value: float, currency: str = "CNY") -> str:
        """Roughly what a money cell displays, to size its column."""
        if self.lang == "zh":
            return f"{value:,.0f}美元" if currency == "USD" else f"{value / 10_000:.1f}万元"
        return f"{currency} {value:,.0f}"


class Styles:
    """The workbook's formats, made once from the brand's colours and reused by every sheet."""

    def __init__(self, workbook: Workbook, colors: dict[str, str], words: Words, paper: str = "A4"):
        self.workbook = workbook
        self.colors = colors
        self.words = words
        self.paper = paper
        self.formats = NUMBER_FORMATS | {kind: words(f"format.{kind}") for kind in LOCAL_FORMATS}
        self._cache: dict[tuple, object] = {}
        self.notes: list[Note] = []  # written last, by place_notes
        c = colors
        self.title = workbook.add_format({"bold": True, "font_size": 14, "font_color": c["primary"]})
        self.section = workbook.add_format(
            {"bold": True, "font_size": 12, "font_color": c["primary"], "bottom": 2, "bottom_color": c["accent"]}
        )
        self.note = workbook.add_format({"italic": True, "font_color": c["muted"]})
        self.label = workbook.add_format({"bold": True, "font_color": c["text"], "valign": "top"})
        self.header = workbook.add_format(
            {
                "bold": True,
                "font_color": c["band"],
                "bg_color": c["primary"],
                "text_wrap": True,
                "valign": "top",
                "border": 1,
                "border_color": c["rule"],
            }
        )
        self.below_target = workbook.add_format({"font_color": c["negative"], "bold": True})
        self.at_target = workbook.add_format({"font_color": c["positive"]})
        self.base_case = workbook.add_format(
            {"bold": True, "bg_color": c["band"], "border": 2, "border_color": c["accent"]}
        )
        self.header_date = workbook.add_format(
            {
                "bold": True,
                "font_color": c["band"],
                "bg_color": c["primary"],
                "valign": "top",
                "align": "right",
                "border": 1,
                "border_color": c["rule"],
                "num_format": words("format.month"),
            }
        )

    def cell(self, kind: str, *, input: bool = False, total: bool = False, muted: bool = False):
        """A table cell format: `kind` picks the number format; inputs are unlocked and shaded."""
        key = (kind, input, total, muted)
        if key not in self._cache:
            c = self.colors
            spec: dict[str, object] = {"font_color": c["text"], "valign": "top", "border": 1, "border_color": c["rule"]}
            if self.formats[kind]:
                spec["num_format"] = self.formats[kind]
            if kind in RIGHT:
                spec["align"] = "right"
            if kind in ("text", "wrap"):
                spec.update(align="left", indent=1)  # clear of a right-aligned number in the column before
            if kind == "wrap":
                spec["text_wrap"] = True
            if input:  # in the secondary colour where it reads on the band (WCAG AA), else a legible brand ink
                ink = c[contrast.ink(c, "secondary", "band")]
                spec.update(locked=False, bg_color=c["band"], font_color=ink, bold=True)
            if muted:
                spec["font_color"] = c["muted"]
            if total:
                spec.update(bold=True, top=2, top_color=c["primary"])
            self._cache[key] = self.workbook.add_format(spec)
        return self._cache[key]


def text_width(text: str) -> float:
    """Width in character cells: CJK and other wide characters take two."""
    return fmt.display_width(text)


def _wrap_width(text: str) -> float:
    """Like `text_width`, for wrapping: Latin text averages a little narrower than the digit a width unit is."""
    return fmt.display_width(text, narrow=0.92)


def fit_width(texts: Iterable[str], minimum: float = 8, maximum: float = 60) -> float:
    """A column width that shows the longest text (CJK-aware), within bounds."""
    return max(minimum, min(maximum, max((_cell_width(t) for t in texts), default=0) + 2))


def money_width(words: Words, values: Iterable[float | None], currency: str = "CNY", minimum: float = 11) -> float:
    """A column width that shows every amount in `values` with room to grow (bold totals are wider)."""
    texts = [words.money_text(abs(v), currency) for v in values if v is not None]
    return max(minimum, max((_cell_width(t) for t in texts), default=0) + 3)


def _cell_width(text: str) -> float:
    """Like `text_width`, for sizing: a CJK glyph (bold in totals) is a little wider than two digits."""
    return fmt.display_width(text, wide=2.3)


def header_width(header: str, lines: int = 2) -> float:
    """The narrowest column that shows a header in the `lines` lines of the header row.

    Latin headers wrap between words, so a column must hold the longest word; CJK text wraps anywhere,
    so it needs its width divided by the lines.
    """
    if text_width(header) == len(header):
        return max((_wrap_width(word) for word in header.split()), default=0) + 1.5
    return math.ceil(_cell_width(header) / lines) + 2


def wrapped_lines(text: str, width: float) -> int:
    """How many lines `text` takes wrapped in a column `width` characters wide (a generous estimate)."""
    usable = max(1.0, width - 2)
    return sum(max(1, math.ceil(_wrap_width(part) / usable)) for part in text.split("\n"))


def col_range(sheet: str | None, col: int, first: int, last: int) -> str:
    """An absolute A1 range down one column, on `sheet` or the current sheet."""
    name = xl_col_to_name(col)
    cells = f"${name}${first + 1}:${name}${last + 1}"
    return f"{quote_sheetname(sheet)}!{cells}" if sheet else cells


def a1(row: int, col: int) -> str:
    """A relative A1 reference on the current sheet."""
    return f"{xl_col_to_name(col)}{row + 1}"


def footer_text(firm: str, pages: str) -> str:
    """The page footer: the firm on the left, page numbers on the right ('&' escaped for Excel).

    Excel caps a footer at 255 characters; a longer firm name is cut with an ellipsis.
    """
    room = 255 - len(f"&L&R{pages}")
    name = firm.replace("&", "&&")
    if len(name) > room:
        name = name[: room - 1].rstrip("&") + "\u2026"
    return f"&L{name}&R{pages}"


def table_sheet(
    workbook: Workbook,
    styles: Styles,
    name: str,
    title: str,
    note: str,
    headers: list[str],
    widths: list[float],
    firm: str,
    worksheet_class: type[Worksheet] | None = None,
    header_lines: int = 2,
) -> Worksheet:
    """A sheet framed like every table sheet: title, note, one header row frozen and repeated on print.

    The sheet's `widths` attribute holds the column widths as set (a header may widen its column).
    `worksheet_class`: XlsxWriter's Worksheet or a subclass of it (the People sheet's fast rows).
    """
    ws = workbook.add_worksheet(name, worksheet_class=worksheet_class)
    ws.write_string(TITLE_ROW, 0, title, styles.title)
    if note:
        ws.write_string(NOTE_ROW, 0, note, styles.note)
    set_widths: list[float] = []
    for col, (header, width) in enumerate(zip(headers, widths, strict=True)):
        ws.write_string(HEADER_ROW, col, header, styles.header)
        set_widths.append(max(width, header_width(header, header_lines)))
        ws.set_column(col, col, set_widths[-1])
    ws.widths = set_widths
    ws.set_row(HEADER_ROW, header_height(header_lines))
    ws.freeze_panes(FIRST_ROW, 1)
    page_setup(ws, styles, firm, repeat_row=HEADER_ROW)
    return ws


def header_height(lines: int) -> float:
    return HEADER_HEIGHT + LINE_HEIGHT * (lines - 2)


def page_setup(ws: Worksheet, styles: Styles, firm: str, *, repeat_row: int | None) -> None:
    """Landscape on the briefing's paper, fit to one page wide, header row repeated, firm in the footer,
    protected without a password."""
    ws.set_landscape()
    ws.set_paper(PAPER[styles.paper])
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.7)
    if repeat_row is not None:
        ws.repeat_rows(repeat_row)
    ws.set_header("&L&A")  # the sheet's name on every page: a wide table's later pages have no title
    ws.set_footer(footer_text(firm, styles.words("footer_pages")))
    ws.hide_gridlines(2)
    ws.protect("", PROTECT_OPTIONS)


def pack(widths: list[float], groups: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Column groups (from column B on, in order) packed into print blocks that fit PRINT_WIDTH with column A."""
    blocks: list[tuple[int, int]] = []
    for first, last in groups:
        if blocks and widths[0] + sum(widths[blocks[-1][0] : last + 1]) <= PRINT_WIDTH:
            blocks[-1] = (blocks[-1][0], last)
        else:
            blocks.append((first, last))
    return blocks


def print_columns(
    ws: Worksheet,
    blocks: list[tuple[int, int]],
    last_row: int,
    *,
    first_block_last_row: int | None = None,
    table_last_row: int | None = None,
) -> None:
    """Print a wide table in `blocks` of columns, each one page wide at 8 pt or more, column A repeated.

    The first block prints from the title down to `first_block_last_row` (a chart under the table) or
    `last_row`; the others only the table, from its header row down to `table_last_row`, so that no title
    or note is cut at column A's edge (the page header names the sheet).
    """
    areas = []
    for i, (first, last) in enumerate(blocks):
        if i == 0:
            ws.print_area(0, 0, first_block_last_row or last_row, last)
        else:
            ws.print_area(HEADER_ROW, first, table_last_row or last_row, last)
        areas.append(ws.print_area_range)
    if len(blocks) > 1:
        # Excel and LibreOffice print each area of a multi-area print range on its own pages; XlsxWriter
        # writes one area per call, so the areas are joined into the one defined name it writes.
        ws.print_area_range = ",".join(areas)
        ws.repeat_columns(0)


def note(ws: Worksheet, styles: Styles, row: int, text: str, widths: list[float], last_col: int) -> None:
    """A note under (or over) a table, in lines as wide as columns A to `last_col`, one line a row in column A,
    so that it prints whole and no merged cell makes a screen reader lose its place. The lines are placed by
    `place_notes` once every sheet is written: a line goes into the next row only while that row is free."""
    width = sum(widths[: last_col + 1]) * 0.9 - 2  # italic text runs wider than the digit a width unit is
    styles.notes.append(Note(ws, row, text, max(10.0, width)))


@dataclass(frozen=True)
class Note:
    ws: Worksheet
    row: int
    text: str
    width: float  # character cells


def place_notes(styles: Styles) -> None:
    """Write the notes of every sheet, each line in its own row of column A while the rows below are free (no
    cell, no chart over them); the last line holds what is left."""
    for n in styles.notes:
        lines = list(note_lines(n.text, n.width))
        taken = _chart_rows(n.ws)
        row = n.row
        while lines:
            line = lines.pop(0)
            if lines and (n.ws.table.get(row + 1) or row + 1 in taken):
                line = (" " if styles.words.lang == "en" else "").join([line, *lines])
                lines = []
            n.ws.write_string(row, 0, line, styles.note)
            row += 1


def _chart_rows(ws: Worksheet) -> set[int]:
    """The rows a chart covers (at the default row height of 20 pixels, its 288-pixel height scaled)."""
    rows: set[int] = set()
    for chart in ws.charts:
        first, y_scale = chart[0], chart[6]
        rows.update(range(first, first + math.ceil(288 * y_scale / 20) + 1))
    return rows


NO_LINE_START = frozenset("，。、；：？！）》」』】”’%％")


@lru_cache(maxsize=512)  # a batch writes the same notes (the catalogue's, the edition's) in every workbook
def note_lines(text: str, width: float) -> tuple[str, ...]:
    """`text` in lines of at most `width` character cells: at spaces, or between CJK characters."""
    lines: list[str] = []
    line = ""
    for token in _tokens(text):
        if line and _wrap_width(line + token) > width and token.strip() and token[0] not in NO_LINE_START:
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line += token
    if line.strip():
        lines.append(line.rstrip())
    return tuple(lines)


def _tokens(text: str) -> list[str]:
    """Words with the spaces after them, and each wide (CJK) character on its own."""
    tokens: list[str] = []
    for char in text:
        wide = fmt.display_width(char) > 1
        if tokens and not wide and fmt.display_width(tokens[-1][-1]) == 1 and (char == " " or tokens[-1][-1] != " "):
            tokens[-1] += char
        else:
            tokens.append(char)
    return tokens


def block_widths(widths: list[float], blocks: list[tuple[int, int]]) -> list[float]:
    """The printed width of each block: column A and the block's columns."""
    return [widths[0] + sum(widths[first : last + 1]) for first, last in blocks]


@dataclass(frozen=True)
class Lookup:
    """A lookup table on another sheet: the key column and the rows that hold data."""

    sheet: str
    key_col: int
    first: int
    last: int

    def formula(self, key_cell: str, value_col: int) -> str:
        """INDEX/MATCH (every engine knows them) of the value in `value_col` for the key in `key_cell`."""
        values = col_range(self.sheet, value_col, self.first, self.last)
        keys = col_range(self.sheet, self.key_col, self.first, self.last)
        return f"INDEX({values},MATCH({key_cell},{keys},0))"


def style_chart(chart, styles: Styles, title: str) -> None:
    """Brand colours and readable axes for a horizontal bar chart of CNY figures by role."""
    c = styles.colors
    font = {"color": c["text"], "size": 11}  # prints at 8 pt or more on a page fit to its width
    chart.set_title({"name": title, "name_font": {"color": c["primary"], "size": 13, "bold": True}})
    chart.set_x_axis(
        {
            "num_format": styles.words("format.axis"),
            "num_font": font,
            "line": {"color": c["rule"]},
            "major_gridlines": {"visible": True, "line": {"color": c["rule"]}},
        }
    )
    chart.set_y_axis({"reverse": True, "num_font": font, "line": {"color": c["rule"]}})
    chart.set_legend({"position": "bottom", "font": font})
    chart.set_chartarea({"border": {"color": c["rule"]}})


def excel_datetime(value: dt.date) -> dt.datetime:
    return dt.datetime.combine(value, dt.time())


def excel_serial(value: dt.date) -> int:
    """A date as the number a formula that returns it stores (days since 1899-12-30)."""
    return (value - dt.date(1899, 12, 30)).days
