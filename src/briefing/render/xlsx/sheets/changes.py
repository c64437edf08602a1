"""The `What Changed` sheet: every movement since the previous edition, as values (only when there is one).

Three tables, one under the other: pay by role (CNY per person per year as published, and YoY), the talent
gap by specialization, and the re-skilling premiums. A row found in one edition only says so in its status.
"""

from __future__ import annotations

from xlsxwriter.workbook import Workbook

from ....analysis import Analysis
from ....diff import Move
from ....models import CNY_10K
from ..style import (
    FIRST_ROW,
    HEADER_HEIGHT,
    NOTE_ROW,
    Styles,
    Words,
    fit_width,
    header_width,
    note,
    pack,
    print_columns,
    table_sheet,
)

ROLE_COLUMNS = [
    "role",
    "p50_old",
    "p50_new",
    "p50_change",
    "p50_change_pct",
    "p75_old",
    "p75_new",
    "p75_change",
    "p75_change_pct",
    "yoy_old",
    "yoy_new",
    "yoy_change",
    "status",
]
ROLE_KINDS = ["text", "cny", "cny", "cny", "pct", "cny", "cny", "cny", "pct", "pct", "pct", "pct", "text"]
GAP_COLUMNS = [
    "specialization",
    "headcount_low_old",
    "headcount_low_new",
    "headcount_high_old",
    "headcount_high_new",
    "gap_low_old",
    "gap_low_new",
    "gap_high_old",
    "gap_high_new",
    "difficulty_old",
    "difficulty_new",
    "status",
]
PREMIUM_COLUMNS = [
    "traditional_role",
    "premium_low_old",
    "premium_low_new",
    "premium_high_old",
    "premium_high_new",
    "status",
]  # the AI role each grows into is on the Role Premiums sheet


def _cells(move: Move) -> list[float]:
    return [move.old, move.new]


def write(workbook: Workbook, styles: Styles, a: Analysis, firm: str) -> None:
    d = a.changes
    if d is None:
        return
    w = styles.words
    name = _namer(w)
    first = (
        [name(r.role) for r in d.roles]
        + [name(n) for n in (*d.roles_added, *d.roles_removed)]
        + [name(g.specialization) for g in d.gaps]
        + [name(p.traditional_role) for p in d.premiums]
    )
    statuses = [w(f"changes.{s}") for s in ("unchanged", "added", "removed")]
    # a column's width fits the headers of all three tables above one another in it
    stacked = [
        [w.col(cols[i]) for cols in (ROLE_COLUMNS, GAP_COLUMNS, PREMIUM_COLUMNS) if i < len(cols)]
        for i in range(len(ROLE_COLUMNS))
    ]
    widths = [
        fit_width(first, 24),
        *[max(13, *map(header_width, heads)) for heads in stacked[1:-1]],
        max(fit_width(statuses, 11), *map(header_width, stacked[-1])),
    ]
    ws = table_sheet(
        workbook,
        styles,
        w.sheet("changes"),
        w("changes.title", old=d.old_id, new=d.new_id),
        "",
        [w.col(c) for c in ROLE_COLUMNS],
        widths,
        firm,
    )
    # wider than a page: printed in blocks of whole column groups (P50 and headcount; P75 and gap; YoY,
    # difficulty and status), the names in column A repeated, each block at 8 pt or more
    blocks = pack(ws.widths, [(1, 4), (5, 8), (9, 12)])
    note(
        ws,
        styles,
        NOTE_ROW,
        w(
            "changes.note",
            old=d.old_id,
            old_date=w.date(d.old_effective),
            new=d.new_id,
            new_date=w.date(d.new_effective),
        ),
        ws.widths,
        blocks[0][1],
    )  # whole on page one
    row = FIRST_ROW
    for m in d.roles:
        values = [
            name(m.role),
            *_cells(m.p50_cny),
            m.p50_cny.change,
            m.p50_cny.pct,
            *_cells(m.p75_cny),
            m.p75_cny.change,
            m.p75_cny.pct,
            *_cells(m.yoy),
            m.yoy.change,
            "" if m.moved else w("changes.unchanged"),
        ]
        _row(ws, styles, row, values, ROLE_KINDS)
        row += 1
    for names, edition, status in (
        (d.roles_added, a.edition, "added"),
        (d.roles_removed, a.history.previous, "removed"),
    ):
        for n in names:  # a role in one edition only: its figures in that edition, in the old or the new columns
            role = edition.find_role(n) if edition else None
            figures: list[float | None] = [None] * 11
            if role is not None:
                at = 1 if status == "added" else 0
                figures[at], figures[4 + at], figures[8 + at] = (
                    role.p50_cny_10k * CNY_10K,
                    role.p75_cny_10k * CNY_10K,
                    role.yoy,
                )
            _row(ws, styles, row, [name(n), *figures, w(f"changes.{status}")], ROLE_KINDS)
            row += 1

    row = _header(ws, styles, w, row + 2, "gaps_title", GAP_COLUMNS)
    for g in d.gaps:
        values = [name(g.specialization)] + [
            v
            for f in ("headcount_low", "headcount_high", "gap_low", "gap_high", "difficulty")
            for v in _cells(getattr(g, f))
        ]
        _row(ws, styles, row, [*values, "" if g.moved else w("changes.unchanged")], ["text", *["int"] * 10, "text"])
        row += 1
    row = _only(ws, styles, w, row, [name(n) for n in d.gaps_added], "added", len(GAP_COLUMNS))
    row = _only(ws, styles, w, row, [name(n) for n in d.gaps_removed], "removed", len(GAP_COLUMNS))

    row = _header(ws, styles, w, row + 2, "premiums_title", PREMIUM_COLUMNS)
    for p in d.premiums:
        values = [
            name(p.traditional_role),
            *_cells(p.premium_low),
            *_cells(p.premium_high),
            "" if p.moved else w("changes.unchanged"),
        ]
        _row(ws, styles, row, values, ["text", *["pct0"] * 4, "text"])
        row += 1
    row = _only(ws, styles, w, row, [name(n) for n in d.premiums_added], "added", len(PREMIUM_COLUMNS))
    row = _only(ws, styles, w, row, [name(n) for n in d.premiums_removed], "removed", len(PREMIUM_COLUMNS))
    print_columns(ws, blocks, row - 1, table_last_row=row - 1)


def _namer(w: Words):
    """A name in the workbook's language: the new edition's translation; a removed row's name as it was."""
    return lambda english: w.edition.names.get(english, english)


def _row(ws, styles: Styles, row: int, values: list, kinds: list[str]) -> None:
    for col, (value, kind) in enumerate(zip(values, kinds, strict=True)):
        if value is None or value == "":
            ws.write_blank(row, col, None, styles.cell(kind))
        elif isinstance(value, str):
            ws.write_string(row, col, value, styles.cell("text"))
        else:
            ws.write_number(row, col, value, styles.cell(kind))


def _only(ws, styles: Styles, w: Words, row: int, names: list[str], status: str, columns: int) -> int:
    """Rows for names found in one edition only: the name, blanks, and the status."""
    for n in names:
        _row(ws, styles, row, [n, *[None] * (columns - 2), w(f"changes.{status}")], ["text", *["text"] * (columns - 1)])
        row += 1
    return row


def _header(ws, styles: Styles, w: Words, row: int, title: str, columns: list[str]) -> int:
    """A section title and a header row further down the sheet; returns the first data row."""
    ws.write_string(row, 0, w(f"changes.{title}"), styles.section)
    for col, key in enumerate(columns):
        ws.write_string(row + 1, col, w.col(key), styles.header)
    ws.set_row(row + 1, HEADER_HEIGHT)
    return row + 2
