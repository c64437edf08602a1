"""The `Talent Gap` sheet: supply and shortage by specialization against the client's planned hires."""

from __future__ import annotations

from xlsxwriter.workbook import Workbook

from ....analysis import Analysis
from ..style import FIRST_ROW, Styles, a1, fit_width, pack, print_columns, table_sheet
from .layout import role_map_table


def write(workbook: Workbook, styles: Styles, a: Analysis, firm: str) -> None:
    """Supply and shortage by specialization; client planned hires add up the Role Map's pairs."""
    w = styles.words
    role_map = role_map_table(a, w)
    headers = [
        w.col(k)
        for k in (
            "specialization",
            "headcount_low",
            "headcount_high",
            "headcount_mid",
            "gap_low",
            "gap_high",
            "gap_mid",
            "scarcity",
            "difficulty",
            "benchmark_roles",
            "client_planned_hires",
        )
    ]
    mapped = [w("list_separator").join(w.name(r) for r in s.roles) for s in a.supply]
    widths = [
        fit_width((w.name(s.specialization) for s in a.supply), 20, 28),
        10,
        10,
        10,
        9,
        9,
        9,
        9,
        10,
        fit_width(mapped, 16, 24),
        11,
    ]
    # printed in blocks when wider than a page: supply; shortage, scarcity and difficulty; the client's hires
    ws = table_sheet(
        workbook, styles, w.sheet("talent_gap"), w("talent_gap.title"), w("talent_gap.note"), headers, widths, firm
    )
    for i, s in enumerate(a.supply):
        row = FIRST_ROW + i
        ws.write_string(row, 0, w.name(s.specialization), styles.cell("wrap"))
        for col, value in ((1, s.headcount_low), (2, s.headcount_high), (4, s.gap_low), (5, s.gap_high)):
            ws.write_number(row, col, value, styles.cell("int"))
        ws.write_formula(row, 3, f"=({a1(row, 1)}+{a1(row, 2)})/2", styles.cell("int"), s.headcount_mid)
        ws.write_formula(row, 6, f"=({a1(row, 4)}+{a1(row, 5)})/2", styles.cell("int"), s.gap_mid)
        ws.write_formula(row, 7, f"={a1(row, 6)}/{a1(row, 3)}", styles.cell("ratio"), s.scarcity)
        ws.write_number(row, 8, s.difficulty, styles.cell("int"))
        ws.write_string(row, 9, mapped[i], styles.cell("wrap"))
        # --(...) and a second array, not (...)*(...): the map's spare rows hold "" and must count as 0
        ws.write_formula(
            row,
            10,
            f"=SUMPRODUCT(--({role_map.span('specialization', True)}=${a1(row, 0)}),"
            f"{role_map.span('client_planned_hires', True)})",
            styles.cell("int"),
            s.planned_hires,
        )
    last = FIRST_ROW + len(a.supply) - 1
    ws.conditional_format(
        FIRST_ROW,
        8,
        last,
        8,
        {
            "type": "2_color_scale",
            "min_type": "num",
            "min_value": 1,
            "max_type": "num",
            "max_value": 10,
            "min_color": styles.colors["band"],
            "max_color": styles.colors["accent"],
        },
    )
    ws.write_string(last + 2, 0, w("talent_gap.difficulty_note"), styles.note)
    print_columns(ws, pack(ws.widths, [(1, 3), (4, 8), (9, 10)]), last + 2, table_last_row=last)
