"""The `Loaded Cost` sheet: each role line's fully loaded cost, in the budget year and for a full year.

Raises and hires are split, as on the Cost Model, so that a line whose current pay is unknown keeps its
hires in every total while its raise is left out ("unknown"), as the analysis does.
"""

from __future__ import annotations

from xlsxwriter.workbook import Workbook

from ....analysis import Analysis
from ..style import LINE_HEIGHT, Styles, a1, wrapped_lines
from ..table import Table
from .layout import cost_table, hiring_table, loaded_table
from .people import people_layout


def capped(monthly: str) -> str:
    """The monthly contribution base of a monthly pay: the pay up to OnCostCap, the whole pay without a cap."""
    return f"IF(ISNUMBER(OnCostCap),MIN({monthly},OnCostCap),{monthly})"


def write(workbook: Workbook, styles: Styles, a: Analysis, firm: str) -> None:
    w = styles.words
    table = loaded_table(a, w)
    y = a.budget.year
    ws = table.start(
        workbook,
        styles,
        w("loaded_cost.title"),
        w("loaded_cost.note", year=y.year, first=w.month(y.start), last=w.month(y.months[-1])),
        firm,
        header_lines=3,
    )
    for i in range(table.capacity):
        _row(ws, styles, a, table, table.first + i, i if i < table.rows else None)
        if i < table.rows and (lines := wrapped_lines(w.label(a.roles[i].role, a.roles[i].title), ws.widths[0])) > 1:
            ws.set_row(table.first + i, LINE_HEIGHT * lines)
    _totals(ws, styles, a, table)
    table.print_blocks(ws)


def _row(ws, styles: Styles, a: Analysis, table: Table, row: int, i: int | None) -> None:
    w = styles.words
    unknown = w.common("unknown")
    cm, plan = cost_table(a, w), hiring_table(a, w)
    x = {
        key: cm.ref(row, key, sheet=True)
        for key in (
            "role",
            "benchmark_role",
            "headcount",
            "planned_hires",
            "current_pay",
            "target",
            "cost_to_close",
            "total",
        )
    }
    c = {col.key: a1(row, table.col(col.key)) for col in table.cols}
    line = a.budget.lines[i] if i is not None else None

    def known(value: float | None) -> object:
        return unknown if value is None else value

    values: dict[str, object] = {}
    if line is not None:
        s = a.budget.settings
        values = {
            "oncost_base": s.oncost_base(a.roles[i].target_cny),  # type: ignore[index]  # line is set: i is a role index
            "oncost_close": known(line.oncost_close_cny),
            "oncost_hiring": line.oncost_hiring_cny,
            "loaded_run_rate": known(line.loaded_run_rate_cny),
            "close_in_year": known(line.close_in_year_cny),
            "oncost_close_in_year": known(line.oncost_close_in_year_cny),
            "hire_months": line.hire_months,
            "hiring_in_year": line.hiring_in_year_cny,
            "oncost_hiring_in_year": line.oncost_hiring_in_year_cny,
            "fees": line.fees_cny,
            "sign_on": line.sign_on_cny,
            "loaded_in_year": known(line.loaded_in_year_cny),
        }
    months, hires, pay, target = c["hire_months"], x["planned_hires"], x["current_pay"], x["target"]
    people = people_layout(a, w) if i is not None else None  # a roster of people: their raises, one by one
    # the raise adds on-costs only on the part of the new pay still under the cap
    raise_oncosts = (
        people.raise_oncosts(x["benchmark_role"])
        if people is not None
        else f"OnCostRate*({capped(f'MAX({pay},{target})/MonthsPerYear')}-{capped(f'{pay}/MonthsPerYear')})"
        f"*MonthsPerYear*{x['headcount']}"
    )
    formulas = {
        "oncost_base": capped(f"{target}/MonthsPerYear"),
        "oncost_close": f'IF(N({x["headcount"]})=0,0,IF(ISNUMBER({pay}),{raise_oncosts},"{unknown}"))',
        "oncost_hiring": f"OnCostRate*{c['oncost_base']}*MonthsPerYear*{hires}",
        "loaded_run_rate": (
            f'IF(ISNUMBER({c["oncost_close"]}),{x["total"]}+{c["oncost_close"]}+{c["oncost_hiring"]},"{unknown}")'
        ),
        "close_in_year": (
            f'IF(ISNUMBER({x["cost_to_close"]}),{x["cost_to_close"]}*RaiseMonths/MonthsPerYear,"{unknown}")'
        ),
        "oncost_close_in_year": (
            f'IF(ISNUMBER({c["oncost_close"]}),{c["oncost_close"]}*RaiseMonths/MonthsPerYear,"{unknown}")'
        ),
        "hire_months": plan.ref(row, "hire_months", sheet=True),
        "hiring_in_year": f"{target}*{months}/MonthsPerYear",
        "oncost_hiring_in_year": f"OnCostRate*{c['oncost_base']}*{months}",
        "fees": f"RecruitingFee*{target}*{hires}",
        "sign_on": f"SignOn*{hires}",
        "loaded_in_year": (
            f"IF(ISNUMBER({c['close_in_year']}),"
            + "+".join(
                c[k]
                for k in (
                    "close_in_year",
                    "oncost_close_in_year",
                    "hiring_in_year",
                    "oncost_hiring_in_year",
                    "fees",
                    "sign_on",
                )
            )
            + f',"{unknown}")'
        ),
    }
    key = x["benchmark_role"]
    ws.write_formula(
        row,
        table.col("role_line"),
        f'=IF({x["role"]}="","",{x["role"]})',
        styles.cell("wrap"),
        w.label(a.roles[i].role, a.roles[i].title) if i is not None else "",
    )
    for name, text in formulas.items():
        kind = "int" if name == "hire_months" else "cny"
        ws.write_formula(row, table.col(name), f'=IF({key}="","",{text})', styles.cell(kind), values.get(name, ""))
    table.write_twins(ws, styles, row, values or {col.twin_of: "" for col in table.twins() if col.twin_of}, a.usd_cny)


def _totals(ws, styles: Styles, a: Analysis, table: Table) -> None:
    w, b = styles.words, a.budget
    t = table.totals
    known = [x for x in b.lines if x.close_in_year_cny is not None]
    sums = {
        "close_in_year": sum(x.close_in_year_cny for x in known),  # type: ignore[misc]  # known: not None
        "oncost_close_in_year": sum(x.oncost_close_in_year_cny for x in known),  # type: ignore[misc]  # known: not None
        "hire_months": sum(x.hire_months for x in b.lines),
        "hiring_in_year": sum(x.hiring_in_year_cny for x in b.lines),
        "oncost_hiring_in_year": sum(x.oncost_hiring_in_year_cny for x in b.lines),
        "fees": b.in_year.fees_cny,
        "sign_on": b.in_year.sign_on_cny,
        "oncost_close": sum(x.oncost_close_cny for x in known),  # type: ignore[misc]  # known: not None
        "oncost_hiring": sum(x.oncost_hiring_cny for x in b.lines),
    }
    ws.write_string(t, 0, w("total"), styles.cell("text", total=True))
    for key, value in sums.items():
        kind = "int" if key == "hire_months" else "cny"
        ws.write_formula(t, table.col(key), f"=SUM({table.span(key)})", styles.cell(kind, total=True), value)
    ws.write_blank(t, table.col("oncost_base"), None, styles.cell("text", total=True))
    parts = "+".join(
        table.ref(t, k)
        for k in ("close_in_year", "oncost_close_in_year", "hiring_in_year", "oncost_hiring_in_year", "fees", "sign_on")
    )
    ws.write_formula(t, table.col("loaded_in_year"), f"={parts}", styles.cell("cny", total=True), b.in_year.total_cny)
    cm = cost_table(a, w)
    ws.write_formula(
        t,
        table.col("loaded_run_rate"),
        f"={cm.total('total', sheet=True)}+{table.ref(t, 'oncost_close')}+{table.ref(t, 'oncost_hiring')}",
        styles.cell("cny", total=True),
        b.run_rate.total_cny,
    )
    values = {k: v for k, v in sums.items() if k != "hire_months"}
    values |= {"loaded_in_year": b.in_year.total_cny, "loaded_run_rate": b.run_rate.total_cny}
    table.write_twins(ws, styles, t, values, a.usd_cny, total=True)
    table.note(ws, styles, t + 1, w("loaded_cost.unknown_note"))
