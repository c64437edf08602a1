"""The column layout of the per-line sheets, in one place: each sheet writes its own, and reads the others'.

Every per-line sheet has the Cost Model's rows in the Cost Model's order (the role lines, then the spare
rows), so row 5 is the same line everywhere; the Cost Model's `benchmark_role` cell says whether a row holds
a line at all.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from ....analysis import Analysis
from ..style import SPARE_ROWS, Words, fit_width, money_width
from ..table import Col, Table

LABEL_WIDTH = 28  # longer titles wrap rather than widen the printed page
MONTH_WIDTH = 7.5


def _once(build: Callable[[Analysis, Words], Table]) -> Callable[[Analysis, Words], Table]:
    """`build` computed once per workbook (per analysis and words), however often the sheets ask for it."""
    # The sheets ask for a layout at every row, and sizing its columns reads every line (a column as wide as
    # its longest label): built row by row, that was quadratic in the lines (2,000 lines: minutes).
    last: list = []  # [analysis, words, table] of the last build: one workbook is written at a time

    @functools.wraps(build)
    def cached(a: Analysis, w: Words) -> Table:
        if not (last and last[0] is a and last[1] is w):
            last[:] = [a, w, build(a, w)]
        return last[2]

    return cached


def _capacity(a: Analysis) -> int:
    return len(a.roles) + SPARE_ROWS


def _label_width(a: Analysis, w: Words, minimum: float = 18, maximum: float = 24) -> float:
    return fit_width([w.label(r.role, r.title) for r in a.roles] + [w("total")], minimum, maximum)


@_once
def cost_table(a: Analysis, w: Words) -> Table:
    """Cost Model: issue 4's columns in their order, Total (USD), the benchmark role (the line's key), twins."""
    t = a.totals
    usd = bool(a.usd_cny)
    pay = money_width(w, [r.current_pay_cny for r in a.roles] + [r.p75_cny for r in a.roles])
    cost = money_width(w, [t.cost_to_close_cny, t.hiring_cost_cny, t.total_cny])
    cols = [
        Col("role", "wrap", fit_width([w.label(r.role, r.title) for r in a.roles] + [w("total")], 18, LABEL_WIDTH)),
        Col("headcount", "int", 10, 1),
        Col("planned_hires", "int", 9, 1),
        Col("current_pay", "cny", pay, 1, usd=True),
        Col("p50", "cny", pay, 1, usd=True),
        Col("p75", "cny", pay, 1, usd=True),
        Col("target", "cny", pay, 1, usd=True),
        Col("compa_ratio", "ratio", 8, 1),
        Col("position", "pct", 10, 1),
        Col("cost_to_close", "cny", cost, 2, usd=True),
        Col("hiring_cost", "cny", cost, 2, usd=True),
        Col("total", "cny", cost, 2),
    ]
    if usd:
        cols.append(Col("total_usd", "usd", money_width(w, [a.usd(t.total_cny)], "USD"), 2))
    cols.append(Col("benchmark_role", "text", fit_width((w.name(b.role) for b in a.benchmark), 16, 22), 2))
    return Table(w.sheet("cost_model"), cols, len(a.roles), _capacity(a), usd)


@_once
def hiring_table(a: Analysis, w: Words) -> Table:
    """Hiring Plan: hires by start month of the budget year, and the months they are paid by quarter."""
    cols = [Col("role_line", "wrap", _label_width(a, w))]
    cols += [Col(f"month_{i + 1}", "int", MONTH_WIDTH, 1) for i in range(12)]
    cols += [Col("planned_hires", "int", 8, 1), Col("hire_months", "int", 9, 2)]
    cols += [Col(f"hire_months_q{q}", "int", 8, 2) for q in range(1, 5)]
    cols += [Col(f"starts_q{q}", "int", 8, 2) for q in range(1, 5)]
    return Table(w.sheet("hiring_plan"), cols, len(a.roles), _capacity(a), False)


@_once
def loaded_table(a: Analysis, w: Words) -> Table:
    """Loaded Cost: each line's raises and hires in the budget year, with on-costs and fees, and a full year."""
    b = a.budget
    usd = bool(a.usd_cny)
    money = money_width(w, [b.run_rate.total_cny, b.in_year.total_cny], minimum=12)
    cols = [
        Col("role_line", "wrap", _label_width(a, w)),
        Col("close_in_year", "cny", money, 1, usd=True),
        Col("oncost_close_in_year", "cny", money, 1, usd=True),
        Col("hire_months", "int", 9, 1),
        Col("hiring_in_year", "cny", money, 1, usd=True),
        Col("oncost_hiring_in_year", "cny", money, 1, usd=True),
        Col("fees", "cny", money, 2, usd=True),
        Col("sign_on", "cny", money, 2, usd=True),
        Col("loaded_in_year", "cny", money, 2, usd=True),
        Col("oncost_base", "cny", money, 3, usd=True),
        Col("oncost_close", "cny", money, 3, usd=True),
        Col("oncost_hiring", "cny", money, 3, usd=True),
        Col("loaded_run_rate", "cny", money, 3, usd=True),
    ]
    return Table(w.sheet("loaded_cost"), cols, len(a.roles), _capacity(a), usd)


SCENARIO_KEYS = [f"scenario_{p.lower()}_{g}" for g in ("none", "half", "published") for p in ("P50", "P75")]


@_once
def scenario_table(a: Analysis, w: Words) -> Table:
    """Scenarios: each line's budget-year loaded cost at P50 and P75 with none, half or all the market growth."""
    usd = bool(a.usd_cny)
    money = money_width(w, [max(a.scenarios.totals_cny, default=0)], minimum=12)
    cols = [Col("role_line", "wrap", _label_width(a, w))]
    cols += [Col(key, "cny", money, 1, usd=True) for key in SCENARIO_KEYS]
    cols += [Col("growth", "pct", 8, 2), Col("factor_half", "factor", 9, 2), Col("factor_published", "factor", 9, 2)]
    return Table(w.sheet("scenarios"), cols, len(a.roles), _capacity(a), usd)


def role_map_rows(a: Analysis) -> int:
    """The rows of the Role Map: every (benchmark role, specialization) pair, and spare rows."""
    return sum(len(b.specializations) for b in a.benchmark) + SPARE_ROWS


@_once
def role_map_table(a: Analysis, w: Words) -> Table:
    pairs = [(b.role, s) for b in a.benchmark for s in b.specializations]
    cols = [
        Col("benchmark_role", "text", fit_width((w.name(r) for r, _ in pairs), 20, 40)),
        Col("specialization", "text", fit_width((w.name(s) for _, s in pairs), 20, 44), 1),
        Col("client_planned_hires", "int", 12, 1),
    ]
    return Table(w.sheet("role_map"), cols, len(pairs), role_map_rows(a), False)
