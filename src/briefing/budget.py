"""The plan's fully loaded cost in the budget year: on-costs, fees, hiring months, quarters and scenarios (pure).

Figures in CNY. A full year ("run-rate") is what the plan costs every year once everyone is in post at target:
pay plus employer on-costs; recruiting fees and sign-on are one-off and belong to the year of hire. The budget
year counts what falls inside it: raises from `raise_effective`, each hire from the month they start.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

from . import timeline
from .models import Costs, RoleEntry

MONTHS = timeline.MONTHS
DAYS_PER_YEAR = 365.25
PERCENTILES = ("P50", "P75")
GROWTH = (("none", 0.0), ("half", 0.5), ("published", 1.0))  # market growth to the budget year: share of YoY
FX_SHIFTS = (-0.05, 0.0, 0.05)  # the USD/CNY rate moved down 5%, as given, up 5%


@dataclass(frozen=True)
class CostSettings:
    """What a hire and a raise cost beyond pay; a setting the profile leaves out is off (zero, or no cap)."""

    oncost_rate: float
    oncost_cap: float | None  # CNY per person per month; None: on-costs on the full pay
    recruiting_fee: float  # share of first-year pay
    sign_on: float  # CNY per hire
    given: frozenset[str]  # the `costs:` keys the profile sets

    def oncost_base(self, annual_pay: float) -> float:
        """The monthly contribution base of an annual pay: the monthly pay, up to the cap."""
        monthly = annual_pay / MONTHS
        return monthly if self.oncost_cap is None else min(monthly, self.oncost_cap)

    def oncosts(self, annual_pay: float) -> float:
        """Employer on-costs of one person for a full year: rate x min(monthly pay, cap) x 12."""
        return self.oncost_rate * self.oncost_base(annual_pay) * MONTHS


@dataclass(frozen=True)
class BudgetYear:
    year: int
    fiscal_year_start: int  # month 1-12
    months: tuple[dt.date, ...]  # its twelve months (first days)
    start: dt.date
    end: dt.date  # last day
    default: bool  # the profile gives no budget_year: the first one that starts after the briefing date
    raise_effective: dt.date  # first day of the month raises take effect
    raise_months: int  # months of the year paid at the raised pay
    raise_quarter_months: tuple[int, ...]  # ... in each quarter


@dataclass(frozen=True)
class LoadedLine:
    """One role line's fully loaded cost: a full year at target and what falls in the budget year (CNY)."""

    label: str
    hires_by_month: tuple[int, ...]  # planned hires starting in each month of the budget year
    hire_months: int  # months on payroll in the budget year, summed over the hires
    hire_quarter_months: tuple[int, ...]  # ... in each quarter
    hire_quarter_starts: tuple[int, ...]  # hires starting in each quarter
    oncost_close_cny: float | None  # employer on-costs of the raises, a full year (None: pay unknown)
    oncost_hiring_cny: float  # employer on-costs of the hires, a full year
    loaded_run_rate_cny: float | None  # cost to close + hiring cost + both on-costs
    close_in_year_cny: float | None  # raises paid in the budget year
    oncost_close_in_year_cny: float | None
    hiring_in_year_cny: float  # hires' pay in the budget year
    oncost_hiring_in_year_cny: float
    fees_cny: float  # recruiting fees: fee x first-year pay (target) x hires
    sign_on_cny: float
    loaded_in_year_cny: float | None


@dataclass(frozen=True)
class CostLines:
    """Salary, on-costs, recruiting fees and sign-on, and their total (CNY)."""

    salary_cny: float
    oncosts_cny: float
    fees_cny: float
    sign_on_cny: float
    total_cny: float


@dataclass(frozen=True)
class Budget:
    year: BudgetYear
    settings: CostSettings
    lines: tuple[LoadedLine, ...]  # one per role line, in the profile's order
    in_year: CostLines
    run_rate: CostLines  # a full year: fees and sign-on are one-off, so 0 here
    quarters: tuple[CostLines, ...]  # the budget year's four quarters; they add up to `in_year`


@dataclass(frozen=True)
class ScenarioCell:
    percentile: str
    growth: str  # none | half | published
    fx_shift: float | None  # None: no exchange-rate dimension (a CNY client)
    total_cny: float  # the budget year's loaded cost
    total: float  # ... in the profile's currency, at the shifted rate
    rate: float | None  # CNY per USD after the shift
    base: bool  # the model as delivered: its target percentile, no market growth, the rate as given


@dataclass(frozen=True)
class Scenarios:
    """The budget year's loaded cost at P50 and P75, with market growth to the budget year, and for USD
    clients with the exchange rate moved by 5% either way."""

    aged_from: dt.date  # the date the targets are aged to (age_to, else the edition's effective date)
    days: int  # from there to the budget year's start
    factors: tuple[tuple[float, ...], ...]  # per role line, its market growth factor for each of GROWTH
    keys: tuple[tuple[str, str], ...]  # (percentile, growth) of each column of `lines`
    lines: tuple[tuple[float, ...], ...]  # per role line, its in-year loaded cost (known parts) for each key
    totals_cny: tuple[float, ...]  # per key
    fx_shifts: tuple[float, ...]  # () for a CNY client
    cells: tuple[ScenarioCell, ...]  # growth-major, then percentile, then exchange rate
    base: ScenarioCell


def settings_of(costs: Costs) -> CostSettings:
    given = frozenset(
        k for k in ("oncost_rate", "oncost_cap", "recruiting_fee", "sign_on") if getattr(costs, k) is not None
    )
    return CostSettings(
        oncost_rate=costs.oncost_rate or 0.0,
        oncost_cap=costs.oncost_cap,
        recruiting_fee=costs.recruiting_fee or 0.0,
        sign_on=costs.sign_on or 0.0,
        given=given,
    )


def budget_year(costs: Costs, briefing_date: dt.date) -> BudgetYear:
    start_month = costs.fiscal_year_start
    year = costs.budget_year or timeline.default_year(briefing_date, start_month)
    months = timeline.months(year, start_month)
    raise_at = costs.raise_effective or months[0]
    index = timeline.month_index(raise_at, year, start_month)
    raise_index = timeline.MONTHS if index is None else index  # outside the year: no raise months in it
    return BudgetYear(
        year=year,
        fiscal_year_start=start_month,
        months=months,
        start=months[0],
        end=timeline.last_day(year, start_month),
        default=costs.budget_year is None,
        raise_effective=raise_at,
        raise_months=max(0, timeline.months_on_payroll(raise_index)),
        raise_quarter_months=tuple(timeline.quarter_months(raise_index, q) for q in range(timeline.QUARTERS)),
    )


def hires_by_month(entry: RoleEntry, year: BudgetYear) -> tuple[int, ...]:
    """When a line's hires start: as the profile says (one month for all, or one per hire), else spread."""
    if not entry.start:
        return timeline.spread(entry.planned_hires)
    counts = [0] * MONTHS
    each = entry.planned_hires if len(entry.start) == 1 else 1
    for month in entry.start:
        index = timeline.month_index(month, year.year, year.fiscal_year_start)
        if index is not None:  # the profile's checks keep starts inside the year
            counts[index] += each
    return tuple(counts)


@dataclass(frozen=True)
class _Parts:
    """A line's costs in the budget year for one target pay."""

    close: float | None
    oncost_close: float | None  # a full year
    close_in_year: float | None
    oncost_close_in_year: float | None
    oncost_hiring: float  # a full year
    hiring_in_year: float
    oncost_hiring_in_year: float
    fees: float
    sign_on: float

    @property
    def known_in_year(self) -> float:
        """The budget-year cost without what rests on an unknown pay (as every total leaves it out)."""
        return (
            (self.close_in_year or 0.0)
            + (self.oncost_close_in_year or 0.0)
            + self.hiring_in_year
            + self.oncost_hiring_in_year
            + self.fees
            + self.sign_on
        )


def _parts(
    headcount: int,
    pay: float | None,
    target: float,
    hires: int,
    hire_months: int,
    year: BudgetYear,
    s: CostSettings,
    pays: tuple[float, ...] | None = None,
) -> _Parts:
    """`pays`: for a line of people (a roster of people), each known pay: the raises and their on-costs are
    summed person by person, never from the line's mean `pay` (one person paid above target would hide another
    below it); none known: unknown."""
    if headcount == 0:
        close: float | None = 0.0
        oncost_close: float | None = 0.0
    elif pays is not None:
        close = math.fsum(max(0.0, target - x) for x in pays) if pays else None
        oncost_close = (
            s.oncost_rate * math.fsum(s.oncost_base(max(x, target)) - s.oncost_base(x) for x in pays) * MONTHS
            if pays
            else None
        )
    elif pay is None:
        close = oncost_close = None
    else:
        close = max(0.0, target - pay) * headcount
        # the raise adds on-costs only on the part of the new pay still under the cap
        oncost_close = s.oncost_rate * (s.oncost_base(max(pay, target)) - s.oncost_base(pay)) * MONTHS * headcount
    share = year.raise_months / MONTHS
    return _Parts(
        close=close,
        oncost_close=oncost_close,
        close_in_year=None if close is None else close * share,
        oncost_close_in_year=None if oncost_close is None else oncost_close * share,
        oncost_hiring=s.oncosts(target) * hires,
        hiring_in_year=target * hire_months / MONTHS,
        oncost_hiring_in_year=s.oncost_rate * s.oncost_base(target) * hire_months,
        fees=s.recruiting_fee * target * hires,
        sign_on=s.sign_on * hires,
    )


def compute_budget(
    costs: Costs,
    briefing_date: dt.date,
    entries: Sequence[RoleEntry],
    roles: Sequence,
    pays: Sequence[tuple[float, ...]] | None = None,
) -> Budget:
    """`roles`: the analysis's RoleLines, one per entry, in the same order; `pays`: for a roster of people, each
    line's known pays, in the same order (see `_parts`)."""
    year = budget_year(costs, briefing_date)
    s = settings_of(costs)
    lines = []
    for k, (entry, r) in enumerate(zip(entries, roles, strict=True)):
        counts = hires_by_month(entry, year)
        hire_months = sum(n * timeline.months_on_payroll(i) for i, n in enumerate(counts))
        p = _parts(
            r.headcount,
            r.current_pay_cny,
            r.target_cny,
            r.planned_hires,
            hire_months,
            year,
            s,
            pays[k] if pays is not None else None,
        )
        priced = p.close is not None
        lines.append(
            LoadedLine(
                label=r.label,
                hires_by_month=counts,
                hire_months=hire_months,
                hire_quarter_months=tuple(
                    sum(n * timeline.quarter_months(i, q) for i, n in enumerate(counts))
                    for q in range(timeline.QUARTERS)
                ),
                hire_quarter_starts=tuple(
                    sum(n for i, n in enumerate(counts) if timeline.quarter_of(i) == q)
                    for q in range(timeline.QUARTERS)
                ),
                oncost_close_cny=p.oncost_close,
                oncost_hiring_cny=p.oncost_hiring,
                loaded_run_rate_cny=(r.total_cny + p.oncost_close + p.oncost_hiring) if priced else None,
                close_in_year_cny=p.close_in_year,
                oncost_close_in_year_cny=p.oncost_close_in_year,
                hiring_in_year_cny=p.hiring_in_year,
                oncost_hiring_in_year_cny=p.oncost_hiring_in_year,
                fees_cny=p.fees,
                sign_on_cny=p.sign_on,
                loaded_in_year_cny=p.known_in_year if priced else None,
            )
        )
    known = [(line, r) for line, r in zip(lines, roles, strict=True) if line.close_in_year_cny is not None]
    in_year = _cost_lines(
        # `known` holds only the lines whose close figures are set (not None), hence the ignores below
        salary=sum(x.close_in_year_cny for x, _ in known)  # type: ignore[misc]  # known: not None
        + sum(x.hiring_in_year_cny for x in lines),
        oncosts=sum(x.oncost_close_in_year_cny for x, _ in known)  # type: ignore[misc]  # known: not None
        + sum(x.oncost_hiring_in_year_cny for x in lines),
        fees=sum(x.fees_cny for x in lines),
        sign_on=sum(x.sign_on_cny for x in lines),
    )
    run_rate = _cost_lines(
        salary=sum(r.cost_to_close_cny for _, r in known) + sum(r.hiring_cost_cny for r in roles),
        oncosts=sum(x.oncost_close_cny for x, _ in known)  # type: ignore[misc]  # known: not None
        + sum(x.oncost_hiring_cny for x in lines),
        fees=0.0,
        sign_on=0.0,
    )
    quarters = []
    for q in range(timeline.QUARTERS):
        raise_share = year.raise_quarter_months[q] / MONTHS
        quarters.append(
            _cost_lines(
                salary=sum(r.cost_to_close_cny * raise_share for _, r in known)
                + sum(r.target_cny * x.hire_quarter_months[q] / MONTHS for x, r in zip(lines, roles, strict=True)),
                oncosts=sum(x.oncost_close_cny * raise_share for x, _ in known)  # type: ignore[misc, operator]  # known
                + sum(
                    s.oncost_rate * s.oncost_base(r.target_cny) * x.hire_quarter_months[q]
                    for x, r in zip(lines, roles, strict=True)
                ),
                fees=sum(
                    s.recruiting_fee * r.target_cny * x.hire_quarter_starts[q]
                    for x, r in zip(lines, roles, strict=True)
                ),
                sign_on=sum(s.sign_on * x.hire_quarter_starts[q] for x in lines),
            )
        )
    return Budget(
        year=year, settings=s, lines=tuple(lines), in_year=in_year, run_rate=run_rate, quarters=tuple(quarters)
    )


def _cost_lines(salary: float, oncosts: float, fees: float, sign_on: float) -> CostLines:
    return CostLines(
        salary_cny=salary,
        oncosts_cny=oncosts,
        fees_cny=fees,
        sign_on_cny=sign_on,
        total_cny=salary + oncosts + fees + sign_on,
    )


def growth_factor(yoy: float, share: float, days: int) -> float:
    """Market growth to the budget year at `share` of a role's yearly growth: (1 + share x yoy) ^ (days / 365.25)."""
    return (1 + share * yoy) ** (days / DAYS_PER_YEAR)


def compute_scenarios(
    budget: Budget,
    roles: Sequence,
    yoy: Sequence[float],
    aged_from: dt.date,
    percentile: str,
    currency: str,
    usd_cny: float | None,
    pays: Sequence[tuple[float, ...]] | None = None,
) -> Scenarios:
    """`roles` with their benchmark role's YoY (`yoy`), in the same order as `budget.lines`; `pays` as for
    `compute_budget`: a roster of people's raises, person by person at each scenario's target."""
    days = max(0, (budget.year.start - aged_from).days)
    keys = tuple((p, g) for g, _ in GROWTH for p in PERCENTILES)
    shares = dict(GROWTH)
    lines, factors = [], []
    for k, (r, line, growth) in enumerate(zip(roles, budget.lines, yoy, strict=True)):
        factors.append(tuple(growth_factor(growth, share, days) for _, share in GROWTH))
        row = []
        for p, g in keys:
            target = (r.p50_cny if p == "P50" else r.p75_cny) * growth_factor(growth, shares[g], days)
            row.append(
                _parts(
                    r.headcount,
                    r.current_pay_cny,
                    target,
                    r.planned_hires,
                    line.hire_months,
                    budget.year,
                    budget.settings,
                    pays[k] if pays is not None else None,
                ).known_in_year
            )
        lines.append(tuple(row))
    totals = tuple(sum(row[k] for row in lines) for k in range(len(keys)))
    fx = FX_SHIFTS if currency == "USD" and usd_cny else ()
    cells = []
    for (p, g), total in zip(keys, totals, strict=True):
        for shift in fx or (None,):
            rate = None if shift is None else usd_cny * (1 + shift)  # type: ignore[operator]  # fx shifts only with usd_cny
            cells.append(
                ScenarioCell(
                    percentile=p,
                    growth=g,
                    fx_shift=shift,
                    total_cny=total,
                    total=total if rate is None else total / rate,
                    rate=rate,
                    base=p == percentile and g == "none" and not shift,
                )
            )
    return Scenarios(
        aged_from=aged_from,
        days=days,
        factors=tuple(factors),
        keys=keys,
        lines=tuple(lines),
        totals_cny=totals,
        fx_shifts=fx,
        cells=tuple(cells),
        base=next(c for c in cells if c.base),
    )
