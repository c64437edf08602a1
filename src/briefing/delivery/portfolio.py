"""The portfolio overview of an output folder: `portfolio.xlsx` (one row per client and language) and
`index.html` (one page, see `index_page`), both read from the folder's manifest.

So the overview shows every briefing the folder holds, those of earlier runs included, with the figures
recorded when each was written. Money is CNY per year for every client, whatever a briefing's currency,
so the rows can be compared, sorted and added up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from .. import fmt
from ..i18n import LANGS, catalogue
from ..models import Brand
from .manifest import Manifest, safe_path

PORTFOLIO, INDEX = "portfolio.xlsx", "index.html"
KINDS = ("pdf", "xlsx", "eml")


@dataclass(frozen=True)
class Row:
    """One briefing (a client in one language): its figures as recorded and its files by kind."""

    client: str
    client_id: str
    language: str
    edition: str
    written: str
    profile_sha: str
    totals: dict
    files: dict[str, str]  # kind -> file name


def group_rows(entries: Iterable[dict]) -> Iterator[Row]:
    """Entries sorted by file name grouped by briefing (the files that share a stem sit side by side)."""
    stem: str | None = None
    by_kind: dict[str, dict] = {}
    for entry in entries:
        here = entry["file"].rsplit(".", 1)[0]
        if here != stem and by_kind:
            yield _row(by_kind)
            by_kind = {}
        stem = here
        by_kind[entry["kind"]] = entry
    if by_kind:
        yield _row(by_kind)


def _row(by_kind: dict[str, dict]) -> Row:
    first = by_kind.get("pdf") or next(iter(by_kind.values()))
    return Row(
        client=first["client"],
        client_id=first["client_id"],
        language=first["language"],
        edition=first["edition"],
        written=first["written"],
        profile_sha=str(first["inputs"].get("profile")),
        totals=first["totals"],
        files={kind: by_kind[kind]["file"] for kind in KINDS if kind in by_kind},
    )


def rows(manifest: Manifest) -> list[Row]:
    """The manifest's entries grouped by briefing (the files that share a stem), by client then language."""
    found = list(group_rows(manifest.files[name] for name in sorted(manifest.files)))
    order = {lang: i for i, lang in enumerate(LANGS)}
    return sorted(
        found,
        key=lambda r: (
            r.client.casefold(),
            r.client_id,
            r.edition,
            order.get(r.language, len(order)),
            r.files.get("pdf", ""),
        ),
    )


def overview(manifest: Manifest, brand: Brand, lang: str = "en") -> dict[str, bytes]:
    """Both overview files by name, in `lang`."""
    from .index_page import render_index

    found = rows(manifest)
    return {PORTFOLIO: render_portfolio(found, brand, lang), INDEX: render_index(found, brand, lang)}


MAX_ROWS = 1_048_575  # a worksheet's rows, less the header: beyond them, a note says where the rest are


# --- the workbook -------------------------------------------------------------------------------------

COLUMNS = (
    "client",
    "language",
    "edition",
    "date",
    "employer",
    "roles",
    "headcount",
    "hires",
    "close",
    "hiring",
    "total",
    "reskill_low",
    "reskill_high",
    "gap",
    "gap_pct",
    "hardest",
    "difficulty",
    "pdf",
    "xlsx",
    "eml",
)


_LINK_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./")


def hyperlink(target: str, label: str) -> str | None:
    """A HYPERLINK formula to `target`, a briefing file's path from the output folder (Excel and LibreOffice
    resolve it from the workbook's folder, so the links work wherever the folder is copied).

    A formula, not a cell hyperlink: XlsxWriter keeps every cell hyperlink in memory until the workbook is
    closed, even streaming (about 0.75 KB each: 30 MB for the 40,000 links of 20,000 clients), where a formula
    goes to disk with its row. The target is made of file names briefing chose (`naming`), never client text:
    a path the manifest would not accept (`safe_path`), or one with a character those names never hold (a
    manifest edited by hand), gets no link (None), so nothing in a target can end the formula's string.
    """
    if not (safe_path(target) and set(target) <= _LINK_CHARS):
        return None
    quoted = label.replace('"', '""')  # a catalogue's label, its quotes doubled as a formula's string needs
    return f'=HYPERLINK("{target}","{quoted}")'


def render_portfolio(found: list[Row], brand: Brand, lang: str = "en") -> bytes:
    """One row per briefing, an autofilter and a frozen header; client text stays text, links are relative."""
    from xlsxwriter.workbook import Workbook

    from ..render.xlsx.workbook import WORKBOOK_OPTIONS

    out = BytesIO()
    _fill(Workbook(out, WORKBOOK_OPTIONS), found, brand, lang, max((r.written for r in found), default=None))
    return out.getvalue()


def write_portfolio(path: Path, found: Iterable[Row], brand: Brand, lang: str = "en", *, latest: str | None) -> None:
    """`render_portfolio` streamed to `path`: rows go to disk as they come (XlsxWriter's constant_memory), so
    100,000 rows take the memory ten do. `latest`: the latest briefing date of the rows."""
    from xlsxwriter.workbook import Workbook

    from ..render.xlsx.workbook import WORKBOOK_OPTIONS

    options = {**WORKBOOK_OPTIONS, "in_memory": False, "constant_memory": True, "tmpdir": str(path.parent)}
    _fill(Workbook(str(path), options), found, brand, lang, latest)


def _fill(book, found: Iterable[Row], brand: Brand, lang: str, latest: str | None) -> None:
    words = catalogue(lang)

    def w(key: str, **values: object) -> str:
        return words(f"portfolio.{key}", **values)

    latest = latest or "2000-01-01"  # not the clock: the same rows, the same bytes
    book.set_properties(
        {
            "title": w("title"),
            "author": brand.firm,
            "company": brand.firm,
            "created": dt.datetime.combine(dt.date.fromisoformat(latest), dt.time()),
        }
    )
    heading = {
        "bold": True,
        "font_color": "#FFFFFF",
        "bg_color": brand.colors["primary"],
        "text_wrap": True,
        "valign": "top",
        "border": 1,
        "border_color": brand.colors["rule"],
    }
    head, head_r = book.add_format(heading), book.add_format({**heading, "align": "right"})
    text = book.add_format({"valign": "top", "align": "left", "indent": 1})  # clear of the figure to its left
    money = book.add_format({"num_format": words("xlsx.format.cny"), "valign": "top"})
    whole = book.add_format({"num_format": "#,##0", "valign": "top"})
    pct = book.add_format({"num_format": "+0.0%;\u22120.0%;0.0%", "valign": "top"})
    link = book.add_format({"font_color": brand.colors["secondary"], "underline": 1, "valign": "top", "indent": 1})
    date = book.add_format({"num_format": words("xlsx.format.date"), "valign": "top", "align": "left"})
    sheet = book.add_worksheet(w("sheet"))
    sheet.set_tab_color(brand.colors["primary"])
    titles = [w(f"col.{c}") for c in COLUMNS]
    widths = [max(8.0, min(fmt.display_width(t) + 2, 18.0)) for t in titles]
    sheet.set_row(0, 32)
    numeric = {
        "roles",
        "headcount",
        "hires",
        "close",
        "hiring",
        "total",
        "reskill_low",
        "reskill_high",
        "gap_pct",
        "difficulty",
    }
    for col, (key, title) in enumerate(zip(COLUMNS, titles, strict=True)):
        sheet.write_string(0, col, title, head_r if key in numeric else head)
    n = 0
    for n, row in enumerate(found, 1):
        if n > MAX_ROWS - 1:
            sheet.write_string(n, 0, w("more_rows", count=f"{MAX_ROWS - 1:,}"), text)
            n -= 1
            break
        t = row.totals
        gap, hardest = t.get("widest_gap"), t.get("hardest_search")
        values: list[tuple[str, object, object]] = [  # (kind, value, format)
            ("text", row.client, text),
            ("text", w(f"lang.{row.language}"), text),
            ("text", row.edition, text),
            ("date", dt.date.fromisoformat(row.written), date),
            ("text", words(f"common.employer_type_title.{t['employer_type']}"), text),
            ("num", t["roles"], whole),
            ("num", t["headcount"], whole),
            ("num", t["planned_hires"], whole),
            ("num", t["cost_to_close_cny"], money),
            ("num", t["hiring_cost_cny"], money),
            ("num", t["total_cny"], money),
            ("num", t["reskilling_low_cny"], money),
            ("num", t["reskilling_high_cny"], money),
            ("text", gap["role"] if gap else "", text),
            ("num", gap["vs_target"] if gap else None, pct),
            ("text", hardest["role"] if hardest else "", text),
            ("num", hardest["difficulty"] if hardest else None, whole),
        ]
        for col, (kind, value, style) in enumerate(values):
            if value is None or value == "":
                sheet.write_blank(n, col, None, style)
            elif kind == "text":  # client text is a string, never a formula, number or link
                sheet.write_string(n, col, str(value), style)
                widths[col] = max(widths[col], min(fmt.display_width(str(value)) + 2, 48.0))
            elif kind == "date":
                sheet.write_datetime(n, col, dt.datetime.combine(value, dt.time()), style)  # type: ignore[arg-type]  # a "date" column holds dates
                widths[col] = max(widths[col], 16.0)
            else:
                sheet.write_number(n, col, value, style)
                widths[col] = max(widths[col], 16.0 if style is money else widths[col])
        for col, kind in enumerate(KINDS, len(values)):
            if kind in row.files:  # relative: the links work wherever the folder is copied
                label = w(f"col.{kind}")
                if (formula := hyperlink(row.files[kind], label)) is not None:
                    sheet.write_formula(n, col, formula, link, label)
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    sheet.freeze_panes(1, 1)
    sheet.set_landscape()  # printed: one page wide, the header on every page
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)
    sheet.autofilter(0, 0, max(n, 1), len(COLUMNS) - 1)
    book.close()
