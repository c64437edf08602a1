"""The `Role Premiums` sheet: the pay premium of each AI role over the traditional role it grows from."""

from __future__ import annotations

from xlsxwriter.workbook import Workbook

from ....analysis import Analysis
from ..style import FIRST_ROW, Lookup, Styles, Words, fit_width, table_sheet

# Role Premiums columns
P_DIMENSION, P_TRADITIONAL, P_AI_ROLE, P_LOW, P_HIGH = range(5)


def premium_lookup(a: Analysis, w: Words) -> Lookup:
    return Lookup(w.sheet("role_premiums"), P_TRADITIONAL, FIRST_ROW, FIRST_ROW + len(a.premiums) - 1)


def write(workbook: Workbook, styles: Styles, a: Analysis, firm: str) -> None:
    w = styles.words
    headers = [w.col(k) for k in ("dimension", "traditional_role", "ai_role", "premium_low", "premium_high")]
    widths = [
        fit_width((w.name(p.dimension) for p in a.premiums), 12),
        fit_width(w.name(p.traditional_role) for p in a.premiums),
        fit_width(w.name(p.ai_role) for p in a.premiums),
        10,
        10,
    ]
    ws = table_sheet(
        workbook,
        styles,
        w.sheet("role_premiums"),
        w("role_premiums.title"),
        w("role_premiums.note"),
        headers,
        widths,
        firm,
    )
    for i, p in enumerate(a.premiums):
        row = FIRST_ROW + i
        ws.write_string(row, P_DIMENSION, w.name(p.dimension), styles.cell("text"))
        ws.write_string(row, P_TRADITIONAL, w.name(p.traditional_role), styles.cell("text"))
        ws.write_string(row, P_AI_ROLE, w.name(p.ai_role), styles.cell("text"))
        ws.write_number(row, P_LOW, p.premium_low, styles.cell("pct0"))
        ws.write_number(row, P_HIGH, p.premium_high, styles.cell("pct0"))
