"""The `Role Map` sheet: which talent-gap specializations each benchmark role hires into, as cells.

One row per (role, specialization) pair, with spare rows: an analyst changes the link here, not inside a
formula. Each pair counts the client's planned hires of the role (Cost Model); Talent Gap adds them up.
"""

from __future__ import annotations

from xlsxwriter.workbook import Workbook

from ....analysis import Analysis
from ..style import Styles, col_range
from .benchmark import benchmark_lookup
from .layout import cost_table, role_map_table


def write(workbook: Workbook, styles: Styles, a: Analysis, firm: str) -> None:
    w = styles.words
    table = role_map_table(a, w)
    ws = table.start(workbook, styles, w("role_map.title"), w("role_map.note"), firm)
    cm = cost_table(a, w)
    pairs = [(b.role, s) for b in a.benchmark for s in b.specializations]
    hires = {r.role: 0 for r in a.roles}
    for r in a.roles:
        hires[r.role] += r.planned_hires
    for i in range(table.capacity):
        row = table.first + i
        role_cell = table.ref(row, "benchmark_role", fixed_col=True)
        if i < len(pairs):
            role, spec = pairs[i]
            ws.write_string(row, table.col("benchmark_role"), w.name(role), styles.cell("text", input=True))
            ws.write_string(row, table.col("specialization"), w.name(spec), styles.cell("text", input=True))
            value: int | str = hires.get(role, 0)
        else:
            ws.write_blank(row, table.col("benchmark_role"), None, styles.cell("text", input=True))
            ws.write_blank(row, table.col("specialization"), None, styles.cell("text", input=True))
            value = ""
        # exact comparison (no SUMIF): a role's name is matched as text, never read as a pattern
        ws.write_formula(
            row,
            table.col("client_planned_hires"),
            f'=IF({role_cell}="","",SUMPRODUCT(--({cm.span("benchmark_role", True)}={role_cell}),'
            f"{cm.span('planned_hires', True)}))",
            styles.cell("int"),
            value,
        )
    bench = benchmark_lookup(a, w)
    col = table.col("benchmark_role")
    ws.data_validation(
        table.first,
        col,
        table.last,
        col,
        {
            "validate": "list",
            "source": f"={col_range(bench.sheet, bench.key_col, bench.first, bench.last)}",
            "error_message": w("cost_model.role_error"),
        },
    )
    table.note(ws, styles, table.totals, w("role_map.spare_note"))
    table.print_blocks(ws, table.totals)
