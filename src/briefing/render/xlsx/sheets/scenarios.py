"""The `Scenarios` sheet: the budget year's loaded cost at P50 and P75, with no, half or all the published market
growth to the budget year, and for a USD client with the exchange rate 5% either way.

Every cell is an explicit formula over the named inputs (no Excel data table, which LibreOffice and file
previews do not compute): per line, the Loaded Cost's budget-year figures for another target pay.
"""

from __future__ import annotations

from xlsxwriter.workbook import Workbook

from ....analysis import Analysis
from ....budget import GROWTH, PERCENTILES
from ..style import LINE_HEIGHT, Styles, a1, header_height, note, wrapped_lines
from ..table import Table
from .assumptions import aging_range
from .layout import SCENARIO_KEYS, cost_table, hiring_table, scenario_table
from .loaded_cost import capped
from .people import PeopleLayout, people_layout


def write(workbook: Workbook, styles: Styles, a: Analysis, firm: str) -> None:
    w = styles.words
    sc, y = a.scenarios, a.budget.year
    table = scenario_table(a, w)
    ws = table.start(
        workbook, styles, w("scenarios.title", year=y.year), w("scenarios.note", year=y.year), firm, header_lines=3
    )
    for i in range(table.capacity):
        row = table.first + i
        _row(ws, styles, a, table, row, i if i < table.rows else None)
        if i < table.rows and (lines := wrapped_lines(w.label(a.roles[i].role, a.roles[i].title), ws.widths[0])) > 1:
            ws.set_row(row, LINE_HEIGHT * lines)
    t = table.totals
    ws.write_string(t, 0, w("total"), styles.cell("text", total=True))
    for key in ("growth", "factor_half", "factor_published"):
        ws.write_blank(t, table.col(key), None, styles.cell("text", total=True))
    for key, value in zip(SCENARIO_KEYS, sc.totals_cny, strict=True):
        ws.write_formula(t, table.col(key), f"=SUM({table.span(key)})", styles.cell("cny", total=True), value)
    table.write_twins(ws, styles, t, dict(zip(SCENARIO_KEYS, sc.totals_cny, strict=True)), a.usd_cny, total=True)
    table.note(ws, styles, t + 1, w("scenarios.line_note"))
    table.print_blocks(ws)


def _row(ws, styles: Styles, a: Analysis, table: Table, row: int, i: int | None) -> None:
    w = styles.words
    cm, hp = cost_table(a, w), hiring_table(a, w)
    x = {
        key: cm.ref(row, key, sheet=True)
        for key in ("role", "benchmark_role", "headcount", "planned_hires", "current_pay", "p50", "p75")
    }
    c = {col.key: a1(row, table.col(col.key)) for col in table.cols}
    key = x["benchmark_role"]
    r = a.roles[i] if i is not None else None
    people = people_layout(a, w) if r is not None else None  # a roster of people: raises person by person
    ws.write_formula(
        row,
        table.col("role_line"),
        f'=IF({x["role"]}="","",{x["role"]})',
        styles.cell("wrap"),
        w.label(r.role, r.title) if r else "",
    )
    growth_keys, growth_values = aging_range(a, w)
    yoy = next((b.yoy for b in a.benchmark if r and b.role == r.role), None)
    ws.write_formula(
        row,
        table.col("growth"),
        f'=IF({key}="","",INDEX({growth_values},MATCH({key},{growth_keys},0)))',
        styles.cell("pct"),
        "" if yoy is None else yoy,
    )
    factor = a.scenarios.factors[i] if i is not None else ("", "", "")
    ws.write_formula(
        row,
        table.col("factor_half"),
        f'=IF({key}="","",(1+GrowthHalf*{c["growth"]})^(ScenarioDays/DaysPerYear))',
        styles.cell("factor"),
        factor[1],
    )
    ws.write_formula(
        row,
        table.col("factor_published"),
        f'=IF({key}="","",(1+{c["growth"]})^(ScenarioDays/DaysPerYear))',
        styles.cell("factor"),
        factor[2],
    )
    factors = {"none": None, "half": c["factor_half"], "published": c["factor_published"]}
    values = {}
    for k, ((p, g), name) in enumerate(zip(a.scenarios.keys, SCENARIO_KEYS, strict=True)):
        base = x["p50"] if p == "P50" else x["p75"]
        target = base if factors[g] is None else f"{base}*{factors[g]}"
        value = a.scenarios.lines[i][k] if i is not None else ""
        values[name] = value
        formula = _in_year(target, x, hp.ref(row, "hire_months", True), people)
        ws.write_formula(row, table.col(name), f'=IF({key}="","",{formula})', styles.cell("cny"), value)
    table.write_twins(ws, styles, row, values, a.usd_cny)


def _in_year(target: str, x: dict[str, str], months: str, people: PeopleLayout | None = None) -> str:
    """A line's budget-year loaded cost for a target pay, known parts only (a raise on an unknown pay is left
    out, as in every total): the Loaded Cost sheet's formulas with `target` in place of the line's target;
    for a roster of people (`people`), the raises summed person by person on the People sheet."""
    pay, hc, hires = x["current_pay"], x["headcount"], x["planned_hires"]
    if people is not None:
        key = x["benchmark_role"]
        raises = f"({people.raises(key, target)}+{people.raise_oncosts(key, target)})"
    else:
        raises = (
            f"{hc}*(MAX(0,{target}-{pay})+OnCostRate*({capped(f'MAX({pay},{target})/MonthsPerYear')}"
            f"-{capped(f'{pay}/MonthsPerYear')})*MonthsPerYear)"
        )
    raise_part = f"IF(OR(N({hc})=0,NOT(ISNUMBER({pay}))),0,{raises}*RaiseMonths/MonthsPerYear)"
    hire_part = (
        f"{target}*{months}/MonthsPerYear+OnCostRate*{capped(f'{target}/MonthsPerYear')}*{months}"
        f"+{hires}*(RecruitingFee*{target}+SignOn)"
    )
    return f"{raise_part}+{hire_part}"


def summary(ws, styles: Styles, a: Analysis, top: int, last_col: int) -> tuple[int, int]:
    """The scenario tables, on the Budget sheet from row `top`: CNY (USD beside with a rate), then for a USD
    client the rate moved by FxShift either way; returns the row of the second table and the last row.

    The base case (the model as delivered: TargetPercentile, no growth, the rate as given) is outlined by a
    conditional format, so it follows TargetPercentile.
    """
    w, sc = styles.words, a.scenarios
    table = scenario_table(a, w)
    usd = bool(a.usd_cny)
    cells = {(c.percentile, c.growth, c.fx_shift): c for c in sc.cells}
    ws.write_string(top, 0, w("scenarios.summary", year=a.budget.year.year), styles.section)
    head = top + 1
    columns = [(p, "cny") for p in PERCENTILES] + ([(p, "usd") for p in PERCENTILES] if usd else [])
    ws.write_string(head, 0, w("scenarios.growth"), styles.header)
    for j, (p, unit) in enumerate(columns):
        ws.write_string(head, 1 + j, w(f"scenarios.at_{unit}", pct=p), styles.header)
    ws.set_row(head, header_height(2))
    totals = {key: table.ref(table.totals, key, sheet=True) for key in SCENARIO_KEYS}
    cny_cells: dict[tuple[str, str], str] = {}
    for i, (g, _) in enumerate(GROWTH):
        row = head + 1 + i
        ws.write_string(row, 0, w(f"scenarios.growth_{g}"), styles.cell("text"))
        for j, (p, unit) in enumerate(columns):
            col = 1 + j
            name = f"scenario_{p.lower()}_{g}"
            total = sc.totals_cny[SCENARIO_KEYS.index(name)]
            if unit == "cny":
                cny_cells[(p, g)] = a1(row, col)
                ws.write_formula(row, col, f"={totals[name]}", styles.cell("cny"), total)
            else:
                ws.write_formula(row, col, f"={cny_cells[(p, g)]}/USD_CNY", styles.cell("usd"), a.usd(total))
            _mark_base(ws, styles, row, col, p, g)
    last = head + len(GROWTH)
    note(ws, styles, last + 1, w("scenarios.base_note"), ws.widths, last_col)
    if not sc.fx_shifts:
        return last + 1, last + 1
    top = last + 3
    ws.write_string(top, 0, w("scenarios.fx_summary", year=a.budget.year.year), styles.section)
    head = top + 1
    ws.write_string(head, 0, w("scenarios.growth"), styles.header)
    fx_columns = [(p, shift) for p in PERCENTILES for shift in sc.fx_shifts]
    for j, (p, shift) in enumerate(fx_columns):
        ws.write_string(head, 1 + j, w(f"scenarios.fx_{_shift_key(shift)}", pct=p), styles.header)
    ws.set_row(head, header_height(2))
    rate_row = head + 1
    ws.write_string(rate_row, 0, w("scenarios.rate"), styles.cell("text"))
    for j, (p, shift) in enumerate(fx_columns):
        rate = "USD_CNY" if not shift else f"USD_CNY*(1{'+' if shift > 0 else '-'}FxShift)"
        ws.write_formula(rate_row, 1 + j, f"={rate}", styles.cell("rate"), cells[(p, "none", shift)].rate)
    for i, (g, _) in enumerate(GROWTH):
        row = rate_row + 1 + i
        ws.write_string(row, 0, w(f"scenarios.growth_{g}"), styles.cell("text"))
        for j, (p, shift) in enumerate(fx_columns):
            col = 1 + j
            ws.write_formula(
                row, col, f"={cny_cells[(p, g)]}/{a1(rate_row, col)}", styles.cell("usd"), cells[(p, g, shift)].total
            )
            if not shift:
                _mark_base(ws, styles, row, col, p, g)
    last = rate_row + len(GROWTH)
    note(ws, styles, last + 1, w("scenarios.fx_note"), ws.widths, last_col)
    return top, last + 1


def _shift_key(shift: float) -> str:
    return "down" if shift < 0 else "up" if shift > 0 else "given"


def _mark_base(ws, styles: Styles, row: int, col: int, percentile: str, growth: str) -> None:
    if growth != "none":
        return
    name = "PctP50" if percentile == "P50" else "PctP75"
    ws.conditional_format(
        row, col, row, col, {"type": "formula", "criteria": f"=TargetPercentile={name}", "format": styles.base_case}
    )
