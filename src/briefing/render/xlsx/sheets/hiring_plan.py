"""The `Hiring Plan` sheet: each role line's planned hires by the month they start in the budget year.

The months are inputs (a line's planned hires on the Cost Model are their sum). Under the table, a timing
block says for a start in each month how many months of the year, and of each quarter, it is paid; every
per-line figure is a SUMPRODUCT of the line's months with one of those rows.
"""

from __future__ import annotations

from xlsxwriter.workbook import Workbook

from ....analysis import Analysis
from ..style import LINE_HEIGHT, Styles, a1, excel_serial, wrapped_lines
from ..table import Table
from .layout import cost_table, hiring_table

MONTHS = 12
QUARTERS = 4


def timing_rows(table: Table) -> dict[str, int]:
    """Rows (0-based) of the timing block under the totals: month number, months paid in the year and in each
    quarter, starts in each quarter."""
    first = table.totals + 4
    keys = ["month_no", "paid_year", *(f"paid_q{q}" for q in range(1, 5)), *(f"starts_q{q}" for q in range(1, 5))]
    return {key: first + i for i, key in enumerate(keys)}


def write(workbook: Workbook, styles: Styles, a: Analysis, firm: str) -> None:
    w = styles.words
    table = hiring_table(a, w)
    cost = cost_table(a, w)
    b = a.budget
    headers = {f"month_{i + 1}": "" for i in range(MONTHS)}
    ws = table.start(
        workbook,
        styles,
        w("hiring_plan.title"),
        w("hiring_plan.note", year=b.year.year, first=w.month(b.year.start), last=w.month(b.year.months[-1])),
        firm,
        header_lines=3,
        headers=headers,
    )
    months = [table.col(f"month_{i + 1}") for i in range(MONTHS)]
    # the month headers are dates that follow BudgetStart: change the budget year and they follow
    for i, col in enumerate(months):
        formula = "=BudgetStart" if i == 0 else f"=DATE(YEAR({a1(3, col - 1)}),MONTH({a1(3, col - 1)})+1,1)"
        ws.write_formula(3, col, formula, styles.header_date, excel_serial(b.year.months[i]))
    timing = timing_rows(table)
    first_month, last_month = a1(0, months[0])[:-1], a1(0, months[-1])[:-1]  # column letters

    def across(row: int, key: str) -> str:  # the line's twelve months against one timing row
        return (
            f"SUMPRODUCT({first_month}{row + 1}:{last_month}{row + 1},"
            f"${first_month}${timing[key] + 1}:${last_month}${timing[key] + 1})"
        )

    for i in range(table.capacity):
        row = table.first + i
        line = b.lines[i] if i < table.rows else None
        label, key = cost.ref(row, "role", sheet=True), cost.ref(row, "benchmark_role", sheet=True)
        ws.write_formula(
            row,
            table.col("role_line"),
            f'=IF({label}="","",{label})',
            styles.cell("wrap"),
            w.label(a.roles[i].role, a.roles[i].title) if line else "",
        )
        for m, col in enumerate(months):
            count = line.hires_by_month[m] if line else 0
            if count:
                ws.write_number(row, col, count, styles.cell("int", input=True))
            else:
                ws.write_blank(row, col, None, styles.cell("int", input=True))
        ws.write_formula(
            row,
            table.col("planned_hires"),
            f'=IF({key}="","",SUM({first_month}{row + 1}:{last_month}{row + 1}))',
            styles.cell("int"),
            sum(line.hires_by_month) if line else "",
        )
        ws.write_formula(
            row,
            table.col("hire_months"),
            f'=IF({key}="","",{across(row, "paid_year")})',
            styles.cell("int"),
            line.hire_months if line else "",
        )
        for q in range(QUARTERS):
            ws.write_formula(
                row,
                table.col(f"hire_months_q{q + 1}"),
                f'=IF({key}="","",{across(row, f"paid_q{q + 1}")})',
                styles.cell("int"),
                line.hire_quarter_months[q] if line else "",
            )
            ws.write_formula(
                row,
                table.col(f"starts_q{q + 1}"),
                f'=IF({key}="","",{across(row, f"starts_q{q + 1}")})',
                styles.cell("int"),
                line.hire_quarter_starts[q] if line else "",
            )
        if line and (lines := wrapped_lines(w.label(a.roles[i].role, a.roles[i].title), ws.widths[0])) > 1:
            ws.set_row(row, LINE_HEIGHT * lines)
    first, last = table.first, table.last
    ws.data_validation(
        first,
        months[0],
        last,
        months[-1],
        {
            "validate": "integer",
            "criteria": ">=",
            "value": 0,
            "ignore_blank": True,
            "error_message": w("cost_model.count_error"),
        },
    )
    _totals(ws, styles, a, table, months)
    _timing(ws, styles, a, table, months, timing)
    table.print_blocks(ws, timing["starts_q4"])
    ws.set_h_pagebreaks([timing["month_no"] - 2])  # the timing block prints on its own page


def _totals(ws, styles: Styles, a: Analysis, table: Table, months: list[int]) -> None:
    w, b, row = styles.words, a.budget, table.totals
    total = styles.cell("int", total=True)
    ws.write_string(row, 0, w("total"), styles.cell("text", total=True))
    by_month = [sum(line.hires_by_month[m] for line in b.lines) for m in range(MONTHS)]
    for m, col in enumerate(months):
        ws.write_formula(row, col, f"=SUM({table.span(f'month_{m + 1}')})", total, by_month[m])
    sums = {"planned_hires": sum(by_month), "hire_months": sum(line.hire_months for line in b.lines)}
    for q in range(QUARTERS):
        sums[f"hire_months_q{q + 1}"] = sum(line.hire_quarter_months[q] for line in b.lines)
        sums[f"starts_q{q + 1}"] = sum(line.hire_quarter_starts[q] for line in b.lines)
    for key, value in sums.items():
        ws.write_formula(row, table.col(key), f"=SUM({table.span(key)})", total, value)
    table.note(ws, styles, row + 1, w("hiring_plan.spread_note"))


def _timing(ws, styles: Styles, a: Analysis, table: Table, months: list[int], timing: dict[str, int]) -> None:
    """How much of the year a start in each month is paid: the rows every per-line figure multiplies by."""
    from ....timeline import months_on_payroll, quarter_months, quarter_of

    w = styles.words
    ws.write_string(timing["month_no"] - 2, 0, w("hiring_plan.timing"), styles.section)
    table.note(ws, styles, timing["month_no"] - 1, w("hiring_plan.timing_note"))
    cell = styles.cell("int")
    for m, col in enumerate(months):
        head = a1(3, col)
        head = f"{head[:-1]}$4"  # the month's date in the header row
        number = a1(timing["month_no"], col)
        ws.write_formula(
            timing["month_no"],
            col,
            f"=(YEAR({head})-YEAR(BudgetStart))*MonthsPerYear+MONTH({head})-MONTH(BudgetStart)+1",
            cell,
            m + 1,
        )
        ws.write_formula(timing["paid_year"], col, f"=MonthsPerYear-{number}+1", cell, months_on_payroll(m))
        for q in range(QUARTERS):
            ws.write_formula(
                timing[f"paid_q{q + 1}"],
                col,
                f"=MAX(0,MIN(MonthsPerQuarter,{q + 1}*MonthsPerQuarter-{number}+1))",
                cell,
                quarter_months(m, q),
            )
            ws.write_formula(
                timing[f"starts_q{q + 1}"],
                col,
                f"=IF(INT(({number}-1)/MonthsPerQuarter)+1={q + 1},1,0)",
                cell,
                1 if quarter_of(m) == q else 0,
            )
    for key, row in timing.items():
        ws.write_string(row, 0, w(f"hiring_plan.{key}"), styles.cell("text"))
