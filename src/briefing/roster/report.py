"""The import report as text: what `briefing roster` prints so a consultant can trust the import."""

from __future__ import annotations

from ..fmt import display_width
from .lines import SHOWN_SKIPS, ImportReport

_FORMATS = {
    "xlsx": "Excel workbook (.xlsx)",
    "xlsm": "Excel macro-enabled workbook (.xlsm)",
    "xls": "Excel 97-2003 workbook (.xls)",
    "ods": "OpenDocument spreadsheet (.ods)",
    "csv": "text (CSV)",
}


def _ranges(rows: list[int]) -> str:
    """1, 2, 3, 7 -> '1-3, 7'."""
    parts: list[str] = []
    start: int | None = None
    prev: int | None = None
    for row in [*rows, None]:
        if row is not None and prev is not None and row == prev + 1:
            prev = row
            continue
        if start is not None:
            parts.append(str(start) if start == prev else f"{start}-{prev}")
        start = prev = row
    return ", ".join(parts)


def _pad(text: str, width: int) -> str:
    """`text` padded to `width` terminal cells (a Chinese character takes two)."""
    return text + " " * (width - int(display_width(text)))


def format_preview(preview) -> str:
    """The first rows of a roster whose header row was not found, for the terminal only."""
    lines = ["first rows read (no header row found):"]
    for number, cells in preview:
        lines.append(f"  row {number}: " + " | ".join(cells))
    return "\n".join(lines) + "\n"


def format_report(report: ImportReport) -> str:
    lines = [f"file:        {report.file}", f"format:      {_FORMATS.get(report.format, report.format)}"]
    if report.encoding:
        lines.append(f"encoding:    {report.encoding}, {report.delimiter}-separated")
    if report.sheet is not None:
        others = [s for s in report.sheets if s != report.sheet]
        lines.append(
            f"sheet:       {report.sheet!r}"
            + (f" (also in the file: {', '.join(map(repr, others))})" if others else "")
        )
    lines.append(f"header row:  {report.header_row}")
    lines.append("columns:")
    width = max((int(display_width(c.header)) for c in report.columns), default=0)
    people = report.rows_are == "people"
    id_column = report.id_column
    for c in report.columns:
        if people and c.letter == id_column:
            use = (
                "employee ID: kept in the workbook (roster.keep_ids)"
                if report.keep_ids
                else "not read: identifies people (employee ID); compared only to find a person listed twice"
            )
        elif c.field == "headcount" and people and report.headcount_ignored:
            use = "not read (one person per row: roster.rows is people)"
        elif c.field:
            use = c.field.replace("_", " ") + (f" (x {c.multiplier:,}: {c.unit})" if c.multiplier != 1 else "")
        elif c.person:
            use = f"not read: identifies people ({c.person})"
        else:
            use = "not read"
        lines.append(f"  {c.letter:<3} {_pad(c.header, width)}  -> {use}")
    lines.append(f"pay:         {report.pay}")
    if people:
        lines.append("rows:        one person per row; each is named by a key (P-0001...), never by a name or ID")
        lines.append(
            f"rows read:   {report.rows_read:,} below the header; {report.people:,} "
            f"{'person' if report.people == 1 else 'people'} in {report.roles:,} "
            f"role{'s' if report.roles != 1 else ''}"
            + (f"; planned hires for {report.lines:,} role{'s' if report.lines != 1 else ''}" if report.lines else "")
        )
        if report.without_pay:
            shown = list(report.without_pay[:SHOWN_SKIPS])
            unlisted = len(report.without_pay) - len(shown)
            lines.append(
                f"pay missing: {len(report.without_pay):,} "
                f"{'person' if len(report.without_pay) == 1 else 'people'}, left out of the cost to close: "
                f"row{'s' if len(report.without_pay) > 1 else ''} {_ranges(shown)}"
                + (f" and {unlisted:,} more" if unlisted > 0 else "")
            )
    else:
        lines.append(
            f"rows read:   {report.rows_read:,} below the header; {report.lines:,} role "
            f"line{'s' if report.lines != 1 else ''}"
        )
    if report.skipped:
        by_why: dict[str, list[int]] = {}
        for row, why in report.skipped:
            by_why.setdefault(why, []).append(row)
        lines.append(f"skipped:     {len(report.skipped):,} row{'s' if len(report.skipped) != 1 else ''}")
        for why, rows in by_why.items():
            shown = rows[:SHOWN_SKIPS]
            more = f" and {len(rows) - len(shown):,} more" if len(rows) > len(shown) else ""
            lines.append(f"  {why}: row{'s' if len(rows) > 1 else ''} {_ranges(shown)}{more}")
    if report.titles:
        lines.append("roles:")
        width = max(int(display_width(t[0])) for t in report.titles)
        for text, role, how in report.titles:
            lines.append(f"  {_pad(text, width)}  -> {role} ({how})")
    if report.unmatched:
        lines.append("not matched (add them under roster.titles):")
        width = max(int(display_width(t[0])) for t in report.unmatched)
        for text, closest, at in report.unmatched:
            lines.append(
                f"  {_pad(text, width)}  -> ? (closest: {closest}; row{'s' if len(at) > 1 else ''} "
                f"{_ranges(list(at)[:SHOWN_SKIPS])})"
            )
    return "\n".join(lines) + "\n"
