"""The `Cost Model` sheet: one row per role line, every figure a live formula over the inputs."""

from __future__ import annotations

from dataclasses import dataclass

from xlsxwriter.workbook import Workbook

from ....analysis import Analysis, RoleLine
from ..style import (FIRST_ROW, LINE_HEIGHT, Lookup, Styles, Words, a1, col_range, fit_width, money_width, style_chart,
                     table_sheet, wrapped_lines)
from .benchmark import B_P50, B_P75, benchmark_lookup
from .people import CLOSE as PEOPLE_CLOSE
from .people import PAY as PEOPLE_PAY
from .people import PeopleLayout, people_layout

# The Cost Model's columns (catalogue keys `xlsx.col.*`), in the order issue 4 fixes; then Total (USD) when
# the profile gives a rate, then the benchmark role each line is looked up by.
COST_COLUMNS = ["role", "headcount", "planned_hires", "current_pay", "p50", "p75", "target", "compa_ratio",
                "position", "cost_to_close", "hiring_cost", "total"]
(ROLE, HEADCOUNT, HIRES, PAY, P50, P75, TARGET, COMPA, POSITION, CLOSE, HIRING, TOTAL) = range(12)
CHART_BELOW_MAX_ROWS = 12  # up to this many roles the chart prints on the table's page
LABEL_WIDTH = 40  # longer titles wrap rather than widen the printed page


@dataclass(frozen=True)
class CostLayout:
    """Where the Cost Model keeps what other sheets read: the benchmark-role key and the planned hires."""

    usd: bool
    rows: int
    sheet: str
    people: PeopleLayout | None = None  # a roster of people: headcount, pay and cost to close come from there

    @property
    def key_col(self) -> int:
        """The benchmark role sits after the required columns, so the header list stays exactly as specified."""
        return TOTAL + 2 if self.usd else TOTAL + 1

    @property
    def roles(self) -> Lookup | None:
        return Lookup(self.sheet, self.key_col, FIRST_ROW, FIRST_ROW + self.rows - 1) if self.rows else None


def cost_layout(a: Analysis, w: Words) -> CostLayout:
    return CostLayout(usd=bool(a.usd_cny), rows=len(a.roles), sheet=w.sheet("cost_model"), people=people_layout(a, w))


def cost_headers(w: Words, usd: bool) -> list[str]:
    return [w.col(k) for k in COST_COLUMNS + (["total_usd"] if usd else []) + ["benchmark_role"]]


def write(workbook: Workbook, styles: Styles, a: Analysis, firm: str) -> None:
    w = styles.words
    layout = cost_layout(a, w)
    headers = cost_headers(w, layout.usd)
    t = a.totals
    labels = [w.label(r.role, r.title) for r in a.roles]
    label_width = fit_width(labels + [w("total")], 18, LABEL_WIDTH)
    pay_width = money_width(w, [r.current_pay_cny for r in a.roles] + [r.p75_cny for r in a.roles])
    cost_width = money_width(w, [t.cost_to_close_cny, t.hiring_cost_cny, t.total_cny])
    usd_width = [money_width(w, [a.usd(t.total_cny)], "USD")] if layout.usd else []
    widths = ([label_width, 10, 9] + [pay_width] * 4 + [9, 10] + [cost_width] * 3 + usd_width
              + [fit_width((w.name(r.role) for r in a.roles), 16)])
    ws = table_sheet(workbook, styles, layout.sheet, w("cost_model.title"),
                     w("cost_model.note", percentile=a.target_percentile), headers, widths, firm)
    if not a.roles:
        ws.write_string(FIRST_ROW, 0, w("cost_model.empty"), styles.note)
        return
    for i, r in enumerate(a.roles):
        _cost_row(ws, styles, a, layout, FIRST_ROW + i, r)
        if (lines := wrapped_lines(labels[i], label_width)) > 1:
            ws.set_row(FIRST_ROW + i, LINE_HEIGHT * lines)
    first, last = FIRST_ROW, FIRST_ROW + len(a.roles) - 1
    _validate_inputs(ws, w, first, last)
    below = f"AND(ISNUMBER(${a1(first, PAY)}),${a1(first, PAY)}<${a1(first, TARGET)})"
    for col in (PAY, POSITION):
        ws.conditional_format(first, col, last, col, {"type": "formula", "criteria": f"={below}",
                                                      "format": styles.below_target})
    ws.conditional_format(first, POSITION, last, POSITION, {
        "type": "formula", "criteria": f"=AND(ISNUMBER(${a1(first, PAY)}),NOT({below}))",
        "format": styles.at_target})
    _cost_totals(ws, styles, a, layout, first, last)
    _cost_chart(workbook, ws, styles, layout.sheet, first, last)


def _cost_row(ws, styles: Styles, a: Analysis, layout: CostLayout, row: int, r: RoleLine) -> None:
    """One role line: inputs as values, every figure a formula that stores the analysis's value."""
    w, money = styles.words, styles.cell("cny")
    unknown = w.common("unknown")
    cell = {col: a1(row, col) for col in range(layout.key_col + 1)}
    pay, bench, key = cell[PAY], benchmark_lookup(a, w), f"${cell[layout.key_col]}"
    ws.write_string(row, ROLE, w.label(r.role, r.title), styles.cell("wrap"))
    if layout.people is not None:  # the role's people, from the People sheet: the mean pay of those with one
        people = layout.people
        ws.write_formula(row, HEADCOUNT, f"={people.count(key)}", styles.cell("int"), r.headcount)
        ws.write_formula(row, PAY, f'=IF({people.paid(key)}=0,"",{people.sum(key, PEOPLE_PAY)}/{people.paid(key)})',
                         money, _blank_or(r.current_pay_cny))
    else:
        ws.write_number(row, HEADCOUNT, r.headcount, styles.cell("int", input=True))
        if r.current_pay_cny is None:
            ws.write_blank(row, PAY, None, styles.cell("cny", input=True))
        else:
            ws.write_number(row, PAY, r.current_pay_cny, styles.cell("cny", input=True))
    ws.write_number(row, HIRES, r.planned_hires, styles.cell("int", input=True))
    ws.write_formula(row, P50, f"={bench.formula(key, B_P50)}", money, r.p50_cny)
    ws.write_formula(row, P75, f"={bench.formula(key, B_P75)}", money, r.p75_cny)
    ws.write_formula(row, TARGET, f'=IF(TargetPercentile="P50",{cell[P50]},{cell[P75]})', money, r.target_cny)
    ws.write_formula(row, COMPA, f'=IF(ISNUMBER({pay}),{pay}/{cell[P50]},"")', styles.cell("pct"),
                     _blank_or(r.compa_ratio))
    ws.write_formula(row, POSITION, f'=IF(ISNUMBER({pay}),{pay}/{cell[TARGET]}-1,"")', styles.cell("pct"),
                     _blank_or(r.position_vs_target))
    # No headcount: nothing to close. Headcount but no pay: unknown, as in the analysis, never zero pay.
    if layout.people is not None:  # summed person by person on the People sheet, never from the mean
        close = layout.people.sum(key, PEOPLE_CLOSE)
    else:
        close = f"MAX(0,{cell[TARGET]}-{pay})*{cell[HEADCOUNT]}"
    ws.write_formula(row, CLOSE, f'=IF({cell[HEADCOUNT]}=0,0,IF(ISNUMBER({pay}),{close},"{unknown}"))',
                     money, _unknown_or(r.cost_to_close_cny, unknown))
    ws.write_formula(row, HIRING, f"={cell[TARGET]}*{cell[HIRES]}", money, r.hiring_cost_cny)
    ws.write_formula(row, TOTAL, f'=IF(ISNUMBER({cell[CLOSE]}),{cell[CLOSE]}+{cell[HIRING]},"{unknown}")',
                     money, _unknown_or(r.total_cny, unknown))
    if layout.usd:
        usd = None if r.total_cny is None else a.usd(r.total_cny)
        ws.write_formula(row, TOTAL + 1, f'=IF(ISNUMBER({cell[TOTAL]}),{cell[TOTAL]}/USD_CNY,"{unknown}")',
                         styles.cell("usd"), _unknown_or(usd, unknown))
    ws.write_string(row, layout.key_col, w.name(r.role), styles.cell("text", muted=True))


def _cost_totals(ws, styles: Styles, a: Analysis, layout: CostLayout, first: int, last: int) -> None:
    t, totals = a.totals, last + 1
    span = {col: f"{a1(first, col)}:{a1(last, col)}" for col in range(layout.key_col)}
    total_text, money_total = styles.cell("text", total=True), styles.cell("cny", total=True)
    w = styles.words
    ws.write_string(totals, ROLE, w("total"), total_text)
    ws.write_formula(totals, HEADCOUNT, f"=SUM({span[HEADCOUNT]})", styles.cell("int", total=True), t.headcount)
    ws.write_formula(totals, HIRES, f"=SUM({span[HIRES]})", styles.cell("int", total=True), t.planned_hires)
    for col in (*range(PAY, CLOSE), layout.key_col):
        ws.write_blank(totals, col, None, total_text)
    ws.write_formula(totals, CLOSE, f"=SUM({span[CLOSE]})", money_total, t.cost_to_close_cny)
    # As in the analysis: an unknown cost to close is left out of its total, the known hiring cost
    # counts, and the totals row adds up: Total = Cost to close + Hiring cost.
    ws.write_formula(totals, HIRING, f"=SUM({span[HIRING]})", money_total, t.hiring_cost_cny)
    ws.write_formula(totals, TOTAL, f"={a1(totals, CLOSE)}+{a1(totals, HIRING)}", money_total, t.total_cny)
    if layout.usd:
        ws.write_formula(totals, TOTAL + 1, f"={a1(totals, TOTAL)}/USD_CNY", styles.cell("usd", total=True),
                         a.usd(t.total_cny))
    ws.write_string(totals + 1, 0, w("cost_model.unknown_note"), styles.note)
    if layout.people is not None:
        ws.write_string(totals + 2, 0, w("cost_model.people_note", sheet=layout.people.sheet), styles.note)


def _cost_chart(workbook: Workbook, ws, styles: Styles, sheet: str, first: int, last: int) -> None:
    w = styles.words
    chart = workbook.add_chart({"type": "bar"})
    chart.add_series({"name": w.col("total"), "categories": col_range(sheet, ROLE, first, last),
                      "values": col_range(sheet, TOTAL, first, last),
                      "fill": {"color": styles.colors["primary"]}, "border": {"none": True}, "gap": 60})
    style_chart(chart, styles, w("cost_model.chart"))
    chart.set_legend({"none": True})
    rows = last - first + 1
    if rows > CHART_BELOW_MAX_ROWS:
        ws.set_h_pagebreaks([last + 3])  # a long table prints the chart on its own page, not split
    height = max(300, 90 + 22 * rows)
    ws.insert_chart(last + 4, 0, chart, {"x_scale": 2.2, "y_scale": height / 288, "object_position": 3})


def _validate_inputs(ws, w: Words, first: int, last: int) -> None:
    for col in (HEADCOUNT, HIRES):
        ws.data_validation(first, col, last, col, {"validate": "integer", "criteria": ">=", "value": 0,
                                                   "error_message": w("cost_model.count_error")})
    ws.data_validation(first, PAY, last, PAY, {
        "validate": "decimal", "criteria": ">", "value": 0, "ignore_blank": True,
        "error_message": w("cost_model.pay_error")})


def _unknown_or(value: float | None, unknown: str) -> float | str:
    """What a figure shows when it rests on a current pay nobody gave: the word 'unknown', never zero."""
    return unknown if value is None else value


def _blank_or(value: float | None) -> float | str:
    return "" if value is None else value
