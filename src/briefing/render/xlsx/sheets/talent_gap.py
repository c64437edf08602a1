"""The `Talent Gap` sheet: supply and shortage by specialization against the client's planned hires."""

from __future__ import annotations

from xlsxwriter.workbook import Workbook

from ....analysis import Analysis
from ..style import FIRST_ROW, Lookup, Styles, a1, col_range, fit_width, table_sheet
from .cost_model import HIRES, cost_layout


def write(workbook: Workbook, styles: Styles, a: Analysis, firm: str) -> None:
    """Supply and shortage by specialization; client planned hires sum the Cost Model's mapped roles."""
    w = styles.words
    roles, planned_col = cost_layout(a, w).roles, HIRES
    headers = [w.col(k) for k in ("specialization", "headcount_low", "headcount_high", "headcount_mid", "gap_low",
                                  "gap_high", "gap_mid", "scarcity", "difficulty", "benchmark_roles",
                                  "client_planned_hires")]
    mapped = [w("list_separator").join(w.name(r) for r in s.roles) for s in a.supply]
    widths = [fit_width((w.name(s.specialization) for s in a.supply), 20), 11, 11, 11, 10, 10, 10, 10, 11,
              fit_width(mapped, 16), 13]
    ws = table_sheet(workbook, styles, w.sheet("talent_gap"), w("talent_gap.title"), w("talent_gap.note"),
                     headers, widths, firm)
    for i, s in enumerate(a.supply):
        row = FIRST_ROW + i
        ws.write_string(row, 0, w.name(s.specialization), styles.cell("text"))
        for col, value in ((1, s.headcount_low), (2, s.headcount_high), (4, s.gap_low), (5, s.gap_high)):
            ws.write_number(row, col, value, styles.cell("int"))
        ws.write_formula(row, 3, f"=({a1(row, 1)}+{a1(row, 2)})/2", styles.cell("int"), s.headcount_mid)
        ws.write_formula(row, 6, f"=({a1(row, 4)}+{a1(row, 5)})/2", styles.cell("int"), s.gap_mid)
        ws.write_formula(row, 7, f"={a1(row, 6)}/{a1(row, 3)}", styles.cell("pct0"), s.scarcity)
        ws.write_number(row, 8, s.difficulty, styles.cell("int"))
        ws.write_string(row, 9, mapped[i], styles.cell("text"))
        ws.write_formula(row, 10, "=" + _planned_hires([w.name(r) for r in s.roles], roles, planned_col),
                         styles.cell("int"), s.planned_hires)
    last = FIRST_ROW + len(a.supply) - 1
    ws.conditional_format(FIRST_ROW, 8, last, 8, {
        "type": "2_color_scale", "min_type": "num", "min_value": 1, "max_type": "num", "max_value": 10,
        "min_color": styles.colors["band"], "max_color": styles.colors["accent"]})
    ws.write_string(last + 2, 0, w("talent_gap.difficulty_note"), styles.note)


def _planned_hires(mapped: list[str], roles: Lookup | None, planned_col: int) -> str:
    """Planned hires of the Cost Model rows whose benchmark role maps to a specialization (exact match)."""
    if not mapped or roles is None:
        return "0"
    keys = col_range(roles.sheet, roles.key_col, roles.first, roles.last)
    hires = col_range(roles.sheet, planned_col, roles.first, roles.last)
    return "+".join(f'SUMPRODUCT(({keys}="{_quoted(role)}")*{hires})' for role in mapped)


def _quoted(text: str) -> str:
    return text.replace('"', '""')
