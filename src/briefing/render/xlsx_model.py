"""The client's live sheets: `Cost Model` (one row per role line) and `Transitions` (re-skilling premiums)."""

from __future__ import annotations

from dataclasses import dataclass

from xlsxwriter.workbook import Workbook

from ..analysis import Analysis, RoleLine
from .xlsx_market import B_P50, B_P75, P_AI_ROLE, P_HIGH, P_LOW, Lookup, benchmark_lookup, premium_lookup, style_chart
from .xlsx_style import (FIRST_ROW, LINE_HEIGHT, Styles, a1, col_range, fit_width, money_width, table_sheet,
                          wrapped_lines)

COST_MODEL, TRANSITIONS = "Cost Model", "Transitions"
UNKNOWN = "unknown"  # what a figure shows when it rests on a current pay nobody gave

COST_HEADERS = ["Role", "Headcount", "Planned hires", "Current pay (CNY)", "P50 (CNY)", "P75 (CNY)",
                "Target (CNY)", "Compa-ratio", "Position vs target", "Cost to close (CNY)", "Hiring cost (CNY)",
                "Total (CNY)"]
USD_HEADER = "Total (USD)"
BENCHMARK_ROLE_HEADER = "Benchmark role"
(ROLE, HEADCOUNT, HIRES, PAY, P50, P75, TARGET, COMPA, POSITION, CLOSE, HIRING, TOTAL) = range(12)
CHART_BELOW_MAX_ROWS = 12  # up to this many roles the chart prints on the table's page
LABEL_WIDTH = 40  # longer titles wrap rather than widen the printed page


@dataclass(frozen=True)
class CostLayout:
    """Where the Cost Model keeps what other sheets read: the benchmark-role key and the planned hires."""

    usd: bool
    rows: int

    @property
    def key_col(self) -> int:
        """The benchmark role sits after the required columns, so the header list stays exactly as specified."""
        return TOTAL + 2 if self.usd else TOTAL + 1

    @property
    def roles(self) -> Lookup | None:
        return Lookup(COST_MODEL, self.key_col, FIRST_ROW, FIRST_ROW + self.rows - 1) if self.rows else None


def cost_layout(a: Analysis) -> CostLayout:
    return CostLayout(usd=bool(a.usd_cny), rows=len(a.roles))


def write_cost_model(workbook: Workbook, styles: Styles, a: Analysis, firm: str) -> None:
    layout = cost_layout(a)
    headers = COST_HEADERS + ([USD_HEADER] if layout.usd else []) + [BENCHMARK_ROLE_HEADER]
    t = a.totals
    label_width = fit_width([r.label for r in a.roles] + ["Total"], 18, LABEL_WIDTH)
    pay_width = money_width([r.current_pay_cny for r in a.roles] + [r.p75_cny for r in a.roles])
    cost_width = money_width([t.cost_to_close_cny, t.hiring_cost_cny, t.total_cny])
    usd_width = [money_width([a.usd(t.total_cny)], "USD")] if layout.usd else []
    widths = ([label_width, 10, 9] + [pay_width] * 4 + [9, 10] + [cost_width] * 3 + usd_width
              + [fit_width((r.role for r in a.roles), 16)])
    note = (f"CNY per person per year; Target follows TargetPercentile (delivered at {a.target_percentile}). "
            "Shaded cells are inputs.")
    ws = table_sheet(workbook, styles, COST_MODEL, "Cost model", note, headers, widths, firm)
    if not a.roles:
        ws.write_string(FIRST_ROW, 0, "No roles in the profile.", styles.note)
        return
    for i, r in enumerate(a.roles):
        _cost_row(ws, styles, a, layout, FIRST_ROW + i, r)
        if (lines := wrapped_lines(r.label, label_width)) > 1:
            ws.set_row(FIRST_ROW + i, LINE_HEIGHT * lines)
    first, last = FIRST_ROW, FIRST_ROW + len(a.roles) - 1
    _validate_inputs(ws, first, last)
    below = f"AND(ISNUMBER(${a1(first, PAY)}),${a1(first, PAY)}<${a1(first, TARGET)})"
    for col in (PAY, POSITION):
        ws.conditional_format(first, col, last, col, {"type": "formula", "criteria": f"={below}",
                                                      "format": styles.below_target})
    ws.conditional_format(first, POSITION, last, POSITION, {
        "type": "formula", "criteria": f"=AND(ISNUMBER(${a1(first, PAY)}),NOT({below}))",
        "format": styles.at_target})
    _cost_totals(ws, styles, a, layout, first, last)
    _cost_chart(workbook, ws, styles, first, last)


def _cost_row(ws, styles: Styles, a: Analysis, layout: CostLayout, row: int, r: RoleLine) -> None:
    """One role line: inputs as values, every figure a formula that stores the analysis's value."""
    money = styles.cell("cny")
    cell = {col: a1(row, col) for col in range(layout.key_col + 1)}
    pay, bench, key = cell[PAY], benchmark_lookup(a), f"${cell[layout.key_col]}"
    ws.write_string(row, ROLE, r.label, styles.cell("wrap"))
    ws.write_number(row, HEADCOUNT, r.headcount, styles.cell("int", input=True))
    ws.write_number(row, HIRES, r.planned_hires, styles.cell("int", input=True))
    if r.current_pay_cny is None:
        ws.write_blank(row, PAY, None, styles.cell("cny", input=True))
    else:
        ws.write_number(row, PAY, r.current_pay_cny, styles.cell("cny", input=True))
    ws.write_formula(row, P50, f"={bench.formula(key, B_P50)}", money, r.p50_cny)
    ws.write_formula(row, P75, f"={bench.formula(key, B_P75)}", money, r.p75_cny)
    ws.write_formula(row, TARGET, f'=IF(TargetPercentile="P50",{cell[P50]},{cell[P75]})', money, r.target_cny)
    ws.write_formula(row, COMPA, f'=IF(ISNUMBER({pay}),{pay}/{cell[P50]},"")', styles.cell("pct"),
                     _blank_or(r.compa_ratio))
    ws.write_formula(row, POSITION, f'=IF(ISNUMBER({pay}),{pay}/{cell[TARGET]}-1,"")', styles.cell("pct"),
                     _blank_or(r.position_vs_target))
    # No headcount: nothing to close. Headcount but no pay: unknown, as in the analysis, never zero pay.
    ws.write_formula(row, CLOSE, f'=IF({cell[HEADCOUNT]}=0,0,IF(ISNUMBER({pay}),'
                                 f'MAX(0,{cell[TARGET]}-{pay})*{cell[HEADCOUNT]},"{UNKNOWN}"))',
                     money, _unknown_or(r.cost_to_close_cny))
    ws.write_formula(row, HIRING, f"={cell[TARGET]}*{cell[HIRES]}", money, r.hiring_cost_cny)
    ws.write_formula(row, TOTAL, f'=IF(ISNUMBER({cell[CLOSE]}),{cell[CLOSE]}+{cell[HIRING]},"{UNKNOWN}")',
                     money, _unknown_or(r.total_cny))
    if layout.usd:
        usd = None if r.total_cny is None else a.usd(r.total_cny)
        ws.write_formula(row, TOTAL + 1, f'=IF(ISNUMBER({cell[TOTAL]}),{cell[TOTAL]}/USD_CNY,"{UNKNOWN}")',
                         styles.cell("usd"), _unknown_or(usd))
    ws.write_string(row, layout.key_col, r.role, styles.cell("text", muted=True))


def _cost_totals(ws, styles: Styles, a: Analysis, layout: CostLayout, first: int, last: int) -> None:
    t, totals = a.totals, last + 1
    span = {col: f"{a1(first, col)}:{a1(last, col)}" for col in range(layout.key_col)}
    total_text, money_total = styles.cell("text", total=True), styles.cell("cny", total=True)
    ws.write_string(totals, ROLE, "Total", total_text)
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
    ws.write_string(totals + 1, 0, "Where headcount is above zero but current pay is blank, cost to close is "
                    "unknown: it is left out of the totals, while the row's hiring cost is counted.", styles.note)


def _cost_chart(workbook: Workbook, ws, styles: Styles, first: int, last: int) -> None:
    chart = workbook.add_chart({"type": "bar"})
    chart.add_series({"name": "Total (CNY)", "categories": col_range(COST_MODEL, ROLE, first, last),
                      "values": col_range(COST_MODEL, TOTAL, first, last),
                      "fill": {"color": styles.colors["primary"]}, "border": {"none": True}, "gap": 60})
    style_chart(chart, styles, "Total cost by role (CNY per year)")
    chart.set_legend({"none": True})
    rows = last - first + 1
    if rows > CHART_BELOW_MAX_ROWS:
        ws.set_h_pagebreaks([last + 3])  # a long table prints the chart on its own page, not split
    height = max(300, 90 + 22 * rows)
    ws.insert_chart(last + 4, 0, chart, {"x_scale": 2.2, "y_scale": height / 288, "object_position": 3})


def _validate_inputs(ws, first: int, last: int) -> None:
    for col in (HEADCOUNT, HIRES):
        ws.data_validation(first, col, last, col, {"validate": "integer", "criteria": ">=", "value": 0,
                                                   "error_message": "Enter a whole number, 0 or more."})
    ws.data_validation(first, PAY, last, PAY, {
        "validate": "decimal", "criteria": ">", "value": 0, "ignore_blank": True,
        "error_message": "Enter CNY per person per year (e.g. 1100000), or leave it blank if unknown."})


def _unknown_or(value: float | None) -> float | str:
    return UNKNOWN if value is None else value


def _blank_or(value: float | None) -> float | str:
    return "" if value is None else value


# --- Transitions -------------------------------------------------------------

(T_FROM, T_TO, T_COUNT, T_PAY, T_LOW, T_HIGH, T_COST_LOW, T_COST_HIGH) = range(8)


def write_transitions(workbook: Workbook, styles: Styles, a: Analysis, firm: str) -> None:
    usd = bool(a.usd_cny)
    headers = ["Traditional role", "AI role", "Count", "Current pay (CNY)", "Premium low", "Premium high",
               "Cost low (CNY)", "Cost high (CNY)"] + (["Cost low (USD)", "Cost high (USD)"] if usd else [])
    widths = ([fit_width((p.traditional_role for p in a.premiums), 18),
               fit_width((p.ai_role for p in a.premiums), 18), 8,
               money_width(t.current_pay_cny for t in a.transitions), 9, 9]
              + [money_width([a.totals.transitions_high_cny])] * 2
              + ([money_width([a.usd(a.totals.transitions_high_cny)], "USD")] * 2 if usd else []))
    note = ("Re-skilling premium per year: count x current pay x premium (Role Premiums). "
            "Shaded cells are inputs.")
    ws = table_sheet(workbook, styles, TRANSITIONS, "Role transitions", note, headers, widths, firm)
    if not a.transitions:
        ws.write_string(FIRST_ROW, 0, "No transitions in the profile.", styles.note)
        return
    premiums = premium_lookup(a)
    money = styles.cell("cny")
    for i, t in enumerate(a.transitions):
        row = FIRST_ROW + i
        key = f"${a1(row, T_FROM)}"
        ws.write_string(row, T_FROM, t.from_, styles.cell("text"))
        ws.write_formula(row, T_TO, f"={premiums.formula(key, P_AI_ROLE)}", styles.cell("text"), t.ai_role)
        ws.write_number(row, T_COUNT, t.count, styles.cell("int", input=True))
        ws.write_number(row, T_PAY, t.current_pay_cny, styles.cell("cny", input=True))
        ws.write_formula(row, T_LOW, f"={premiums.formula(key, P_LOW)}", styles.cell("pct0"), t.premium_low)
        ws.write_formula(row, T_HIGH, f"={premiums.formula(key, P_HIGH)}", styles.cell("pct0"), t.premium_high)
        base = f"{a1(row, T_COUNT)}*{a1(row, T_PAY)}"
        ws.write_formula(row, T_COST_LOW, f"={base}*{a1(row, T_LOW)}", money, t.cost_low_cny)
        ws.write_formula(row, T_COST_HIGH, f"={base}*{a1(row, T_HIGH)}", money, t.cost_high_cny)
        if usd:
            for offset, cny in enumerate((t.cost_low_cny, t.cost_high_cny)):
                ws.write_formula(row, T_COST_HIGH + 1 + offset, f"={a1(row, T_COST_LOW + offset)}/USD_CNY",
                                 styles.cell("usd"), a.usd(cny))
    first, last = FIRST_ROW, FIRST_ROW + len(a.transitions) - 1
    ws.data_validation(first, T_COUNT, last, T_COUNT, {"validate": "integer", "criteria": ">=", "value": 0,
                                                       "error_message": "Enter a whole number, 0 or more."})
    ws.data_validation(first, T_PAY, last, T_PAY, {"validate": "decimal", "criteria": ">", "value": 0,
                                                   "error_message": "Enter CNY per person per year."})

    totals, tt = last + 1, a.totals
    total_text = styles.cell("text", total=True)
    ws.write_string(totals, T_FROM, "Total", total_text)
    ws.write_blank(totals, T_TO, None, total_text)
    ws.write_formula(totals, T_COUNT, f"=SUM({a1(first, T_COUNT)}:{a1(last, T_COUNT)})",
                     styles.cell("int", total=True), tt.transitions_count)
    for col in (T_PAY, T_LOW, T_HIGH):
        ws.write_blank(totals, col, None, total_text)
    for col, value in ((T_COST_LOW, tt.transitions_low_cny), (T_COST_HIGH, tt.transitions_high_cny)):
        ws.write_formula(totals, col, f"=SUM({a1(first, col)}:{a1(last, col)})", styles.cell("cny", total=True),
                         value)
        if usd:
            ws.write_formula(totals, col + 2, f"={a1(totals, col)}/USD_CNY", styles.cell("usd", total=True),
                             a.usd(value))
