"""The `Cost Model` sheet: one row per role line, every figure a live formula over the inputs.

Issue 4's columns come first, in their order; then Total (USD), the benchmark role each line is looked up by
(an input, so an analyst can add a line in a spare row), and for a workbook with a rate the USD twins of the
other money columns. Planned hires are the Hiring Plan's: a line's hires are entered there by start month.
"""

from __future__ import annotations

from xlsxwriter.workbook import Workbook

from ....analysis import Analysis, RoleLine
from .. import alt
from ..style import LINE_HEIGHT, Styles, Words, a1, col_range, style_chart, wrapped_lines
from ..table import Table
from .benchmark import B_P50, B_P75, benchmark_lookup
from .layout import cost_table, hiring_table
from .people import CLOSE as PEOPLE_CLOSE
from .people import PAY as PEOPLE_PAY
from .people import people_layout

CHART_BELOW_MAX_ROWS = 12  # up to this many roles the chart prints on the table's page


def write(workbook: Workbook, styles: Styles, a: Analysis, firm: str) -> None:
    w = styles.words
    table = cost_table(a, w)
    ws = table.start(
        workbook, styles, w("cost_model.title"), w("cost_model.note", percentile=a.target_percentile), firm
    )
    labels = [w.label(r.role, r.title) for r in a.roles]
    for i in range(table.capacity):
        row = table.first + i
        _cost_row(ws, styles, a, table, row, a.roles[i] if i < table.rows else None)
        if i < table.rows and (lines := wrapped_lines(labels[i], ws.widths[0])) > 1:
            ws.set_row(row, LINE_HEIGHT * lines)
    first, last = table.first, table.last
    _validate_inputs(ws, a, w, table)
    pay, target = table.col("current_pay"), table.col("target")
    below = f"AND(ISNUMBER(${a1(first, pay)}),ISNUMBER(${a1(first, target)}),${a1(first, pay)}<${a1(first, target)})"
    for col in (pay, table.col("position")):
        ws.conditional_format(
            first, col, last, col, {"type": "formula", "criteria": f"={below}", "format": styles.below_target}
        )
    position = table.col("position")
    ws.conditional_format(
        first,
        position,
        last,
        position,
        {
            "type": "formula",
            "criteria": f"=AND(ISNUMBER(${a1(first, position)}),NOT({below}))",
            "format": styles.at_target,
        },
    )
    _cost_totals(ws, styles, a, table)
    ws.autofilter(table.first - 1, 0, last, len(table.cols) - 1)
    chart_end = None
    if a.roles:
        chart_end = _cost_chart(workbook, ws, styles, a, table)
    else:
        table.note(ws, styles, table.totals + 2, w("cost_model.empty"))
    table.print_blocks(ws, chart_end or table.totals + 2)


def _cost_row(ws, styles: Styles, a: Analysis, table: Table, row: int, r: RoleLine | None) -> None:
    """One role line (or a spare row when `r` is None): inputs as values, every figure a formula that stores
    the analysis's value ("" in a spare row, which holds no line until its benchmark role is chosen)."""
    w = styles.words
    unknown = w.common("unknown")
    c = {col.key: a1(row, table.col(col.key)) for col in table.cols}
    key = f"${c['benchmark_role']}"
    bench = benchmark_lookup(a, w)
    plan = hiring_table(a, w)
    spare = r is None
    people = people_layout(a, w) if not spare else None  # a roster of people: its role lines read the People sheet

    def formula(col: str, text: str, value: object, kind: str = "cny") -> None:
        ws.write_formula(
            row, table.col(col), f'=IF({key}="","",{text})', styles.cell(kind), "" if spare or value is None else value
        )

    if r is None:
        ws.write_blank(row, table.col("role"), None, styles.cell("wrap", input=True))
        ws.write_blank(row, table.col("headcount"), None, styles.cell("int", input=True))
        ws.write_blank(row, table.col("current_pay"), None, styles.cell("cny", input=True))
        ws.write_blank(row, table.col("benchmark_role"), None, styles.cell("text", input=True))
    elif people is not None:  # the role's people, from the People sheet: the mean pay of those with one
        ws.write_string(row, table.col("role"), w.label(r.role, r.title), styles.cell("wrap", input=True))
        ws.write_formula(row, table.col("headcount"), f"={people.count(key)}", styles.cell("int"), r.headcount)
        ws.write_formula(
            row,
            table.col("current_pay"),
            f'=IF({people.paid(key)}=0,"",{people.sum(key, PEOPLE_PAY)}/{people.paid(key)})',
            styles.cell("cny"),
            "" if r.current_pay_cny is None else r.current_pay_cny,
        )
        ws.write_string(row, table.col("benchmark_role"), w.name(r.role), styles.cell("text", muted=True))
    else:
        ws.write_string(row, table.col("role"), w.label(r.role, r.title), styles.cell("wrap", input=True))
        ws.write_number(row, table.col("headcount"), r.headcount, styles.cell("int", input=True))
        if r.current_pay_cny is None:
            ws.write_blank(row, table.col("current_pay"), None, styles.cell("cny", input=True))
        else:
            ws.write_number(row, table.col("current_pay"), r.current_pay_cny, styles.cell("cny", input=True))
        ws.write_string(row, table.col("benchmark_role"), w.name(r.role), styles.cell("text", input=True))
    pay, target, hc = c["current_pay"], c["target"], c["headcount"]
    formula("planned_hires", plan.ref(row, "planned_hires", sheet=True), r and r.planned_hires, "int")
    formula("p50", bench.formula(key, B_P50), r and r.p50_cny)
    formula("p75", bench.formula(key, B_P75), r and r.p75_cny)
    formula("target", f"IF(TargetPercentile=PctP50,{c['p50']},{c['p75']})", r and r.target_cny)
    ws.write_formula(
        row,
        table.col("compa_ratio"),
        f'=IF(AND(ISNUMBER({pay}),ISNUMBER({c["p50"]})),{pay}/{c["p50"]},"")',
        styles.cell("ratio"),
        "" if r is None or r.compa_ratio is None else r.compa_ratio,
    )
    ws.write_formula(
        row,
        table.col("position"),
        f'=IF(AND(ISNUMBER({pay}),ISNUMBER({target})),{pay}/{target}-1,"")',
        styles.cell("pct"),
        "" if r is None or r.position_vs_target is None else r.position_vs_target,
    )
    # No headcount: nothing to close. Headcount but no pay: unknown, as in the analysis, never zero pay.
    close = None if r is None else (unknown if r.cost_to_close_cny is None else r.cost_to_close_cny)
    # a roster of people: summed person by person on the People sheet, never from the mean pay
    raise_cost = people.sum(key, PEOPLE_CLOSE) if people is not None else f"MAX(0,{target}-{pay})*{hc}"
    formula("cost_to_close", f'IF(N({hc})=0,0,IF(ISNUMBER({pay}),{raise_cost},"{unknown}"))', close)
    formula("hiring_cost", f"{target}*{c['planned_hires']}", r and r.hiring_cost_cny)
    total = None if r is None else (unknown if r.total_cny is None else r.total_cny)
    formula("total", f'IF(ISNUMBER({c["cost_to_close"]}),{c["cost_to_close"]}+{c["hiring_cost"]},"{unknown}")', total)
    if table.has("total_usd"):
        usd = total if not isinstance(total, float) else a.usd(total)
        ws.write_formula(
            row,
            table.col("total_usd"),
            f"=IF(ISNUMBER({c['total']}),{c['total']}/USD_CNY,{c['total']})",
            styles.cell("usd"),
            "" if usd is None else usd,
        )
    values: dict[str, object] = {}
    if r is not None:
        values = {
            "current_pay": "" if r.current_pay_cny is None else r.current_pay_cny,
            "p50": r.p50_cny,
            "p75": r.p75_cny,
            "target": r.target_cny,
            "cost_to_close": close,
            "hiring_cost": r.hiring_cost_cny,
        }
    else:
        values = {col.twin_of: "" for col in table.twins() if col.twin_of}
    table.write_twins(ws, styles, row, values, a.usd_cny)


def _cost_totals(ws, styles: Styles, a: Analysis, table: Table) -> None:
    t, row = a.totals, table.totals
    total_text, money_total = styles.cell("text", total=True), styles.cell("cny", total=True)
    w = styles.words
    ws.write_string(row, table.col("role"), w("total"), total_text)
    ws.write_formula(
        row, table.col("headcount"), f"=SUM({table.span('headcount')})", styles.cell("int", total=True), t.headcount
    )
    ws.write_formula(
        row,
        table.col("planned_hires"),
        f"=SUM({table.span('planned_hires')})",
        styles.cell("int", total=True),
        t.planned_hires,
    )
    for key in ("current_pay", "p50", "p75", "target", "compa_ratio", "position", "benchmark_role"):
        ws.write_blank(row, table.col(key), None, total_text)
    ws.write_formula(
        row, table.col("cost_to_close"), f"=SUM({table.span('cost_to_close')})", money_total, t.cost_to_close_cny
    )
    # As in the analysis: an unknown cost to close is left out of its total, the known hiring cost
    # counts, and the totals row adds up: Total = Cost to close + Hiring cost.
    ws.write_formula(
        row, table.col("hiring_cost"), f"=SUM({table.span('hiring_cost')})", money_total, t.hiring_cost_cny
    )
    ws.write_formula(
        row,
        table.col("total"),
        f"={table.ref(row, 'cost_to_close')}+{table.ref(row, 'hiring_cost')}",
        money_total,
        t.total_cny,
    )
    if table.has("total_usd"):
        ws.write_formula(
            row,
            table.col("total_usd"),
            f"={table.ref(row, 'total')}/USD_CNY",
            styles.cell("usd", total=True),
            a.usd(t.total_cny),
        )
    table.write_twins(
        ws, styles, row, {"cost_to_close": t.cost_to_close_cny, "hiring_cost": t.hiring_cost_cny}, a.usd_cny, total=True
    )
    table.note(ws, styles, row + 1, w("cost_model.unknown_note"))
    if (people := people_layout(a, w)) is not None:
        table.note(ws, styles, row + 2, w("cost_model.people_note", sheet=people.sheet))


def _cost_chart(workbook: Workbook, ws, styles: Styles, a: Analysis, table: Table) -> int:
    """The total cost by role line under the table, as wide as the first printed block; returns its last row."""
    w = styles.words
    first, last = table.first, table.first + table.rows - 1
    chart = workbook.add_chart({"type": "bar"})
    chart.add_series(
        {
            "name": w.col("total"),
            "categories": col_range(table.sheet, table.col("role"), first, last),
            "values": col_range(table.sheet, table.col("total"), first, last),
            "fill": {"color": styles.colors["primary"]},
            "border": {"none": True},
            "gap": 60,
        }
    )
    style_chart(chart, styles, w("cost_model.chart"))
    chart.set_legend({"none": True})
    rows = table.rows
    top = table.totals + 3
    if rows > CHART_BELOW_MAX_ROWS:
        ws.set_h_pagebreaks([top])  # the chart on its own page; the notes above it (to row top - 1) with the table
    height = max(300, 90 + 22 * rows)
    width = sum(7 * width + 5 for width in ws.widths[: table.col("position") + 1])  # pixels of the first block
    scale = {"x_scale": width / 480, "y_scale": height / 288, "object_position": 3}
    ws.insert_chart(top, 0, chart, {**scale, "description": alt.cost_chart(a, w)})
    return top + int(height / 20) + 2


def _validate_inputs(ws, a: Analysis, w: Words, table: Table) -> None:
    first, last = table.first, table.last
    col = table.col("headcount")
    ws.data_validation(
        first,
        col,
        last,
        col,
        {"validate": "integer", "criteria": ">=", "value": 0, "error_message": w("cost_model.count_error")},
    )
    col = table.col("current_pay")
    ws.data_validation(
        first,
        col,
        last,
        col,
        {
            "validate": "decimal",
            "criteria": ">",
            "value": 0,
            "ignore_blank": True,
            "error_message": w("cost_model.pay_error"),
        },
    )
    bench = benchmark_lookup(a, w)
    col = table.col("benchmark_role")
    ws.data_validation(
        first,
        col,
        last,
        col,
        {
            "validate": "list",
            "source": f"={col_range(bench.sheet, bench.key_col, bench.first, bench.last)}",
            "error_message": w("cost_model.role_error"),
            "input_title": w.col("benchmark_role"),
            "input_message": w("cost_model.role_prompt"),
        },
    )
