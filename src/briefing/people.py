"""The analysis, person by person: each person's pay against their role's target, and per role the spread of
pay, where the people sit against the P50-P75 band, and the exact cost to close (pure: no I/O).

Cost to close = the sum over a role's people of max(0, target - pay): never from an average, which would let
one engineer paid above target hide another paid below it. A person whose pay the roster does not give is
left out of that sum (and counted, so the briefing can say how many).
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from typing import Literal

from .models import PersonEntry

Band = Literal["below_p50", "p50_p75", "above_p75"]
BANDS: tuple[Band, ...] = ("below_p50", "p50_p75", "above_p75")


@dataclass(frozen=True, slots=True)  # slots: up to 100,000 of them
class PersonLine:
    """One person: pay against the benchmark of their role. Money in CNY per year."""

    key: str  # P-0001: the only way a deliverable names a person
    role: str
    title: str | None
    row: int  # the roster row
    current_pay_cny: float | None
    p50_cny: float
    p75_cny: float
    target_cny: float
    compa_ratio: float | None  # pay / P50
    position_vs_target: float | None  # pay / target - 1
    gap_cny: float | None  # target - pay: what it takes to reach target (negative: above it)
    cost_to_close_cny: float | None  # max(0, gap); None when the pay is not given
    band: Band | None  # below P50, P50 to P75 (both included), above P75
    below_target: bool
    employee_id: str | None = None  # only with roster.keep_ids, for the workbook; never in JSON or the PDF


@dataclass(frozen=True)
class RolePeople:
    """The people of one benchmark role, summed up."""

    role: str
    headcount: int  # every person of the role, with or without pay
    with_pay: int
    without_pay: int
    without_pay_keys: tuple[str, ...]
    pay_min_cny: float | None
    pay_median_cny: float | None
    pay_mean_cny: float | None
    pay_max_cny: float | None
    below_p50: int
    p50_p75: int
    above_p75: int
    below_target: int
    cost_to_close_cny: float | None  # sum over people of max(0, target - pay); None when nobody's pay is known

    @property
    def bands(self) -> dict[Band, int]:
        return {"below_p50": self.below_p50, "p50_p75": self.p50_p75, "above_p75": self.above_p75}


@dataclass(frozen=True, repr=False)
class People:
    """Every person of a per-person roster and the per-role figures, in the order of the briefing's role lines."""

    persons: tuple[PersonLine, ...]
    roles: tuple[RolePeople, ...]
    headcount: int
    with_pay: int
    without_pay: int
    below_p50: int
    p50_p75: int
    above_p75: int
    below_target: int
    cost_to_close_cny: float
    keep_ids: bool  # the workbook shows the client's employee IDs

    def role(self, name: str) -> RolePeople | None:
        return next((r for r in self.roles if r.role == name), None)

    def __repr__(self) -> str:
        return (
            f"<People {self.headcount:,} in {len(self.roles)} roles, cost to close CNY {self.cost_to_close_cny:,.0f}>"
        )


def band(pay: float, p50: float, p75: float) -> Band:
    return "below_p50" if pay < p50 else "above_p75" if pay > p75 else "p50_p75"


def compute_people(entries: tuple[PersonEntry, ...], benchmark: dict, percentile: str, order: list[str]) -> People:
    """`benchmark`: role -> BenchmarkLine (aged); `order`: the roles in the order of the briefing's role lines."""
    persons = tuple(_person(p, benchmark[p.role], percentile) for p in entries)
    by_role: dict[str, list[PersonLine]] = {role: [] for role in order}
    for person in persons:
        by_role[person.role].append(person)
    roles = tuple(_role(role, people) for role, people in by_role.items() if people)
    known = [p for p in persons if p.current_pay_cny is not None]
    return People(
        persons=persons,
        roles=roles,
        headcount=len(persons),
        with_pay=len(known),
        without_pay=len(persons) - len(known),
        below_p50=sum(r.below_p50 for r in roles),
        p50_p75=sum(r.p50_p75 for r in roles),
        above_p75=sum(r.above_p75 for r in roles),
        below_target=sum(r.below_target for r in roles),
        cost_to_close_cny=math.fsum(r.cost_to_close_cny for r in roles if r.cost_to_close_cny is not None),
        keep_ids=any(p.employee_id is not None for p in entries),
    )


def _person(entry: PersonEntry, bench, percentile: str) -> PersonLine:
    target = bench.p75_cny if percentile == "P75" else bench.p50_cny
    pay = entry.current_pay
    if pay is None:
        return PersonLine(
            key=entry.key,
            role=entry.role,
            title=entry.title,
            row=entry.row,
            current_pay_cny=None,
            p50_cny=bench.p50_cny,
            p75_cny=bench.p75_cny,
            target_cny=target,
            compa_ratio=None,
            position_vs_target=None,
            gap_cny=None,
            cost_to_close_cny=None,
            band=None,
            below_target=False,
            employee_id=entry.employee_id,
        )
    gap = target - pay
    return PersonLine(
        key=entry.key,
        role=entry.role,
        title=entry.title,
        row=entry.row,
        current_pay_cny=pay,
        p50_cny=bench.p50_cny,
        p75_cny=bench.p75_cny,
        target_cny=target,
        compa_ratio=pay / bench.p50_cny,
        position_vs_target=pay / target - 1,
        gap_cny=gap,
        cost_to_close_cny=max(0.0, gap),
        band=band(pay, bench.p50_cny, bench.p75_cny),
        below_target=pay < target,
        employee_id=entry.employee_id,
    )


def _role(role: str, people: list[PersonLine]) -> RolePeople:
    pays = [p.current_pay_cny for p in people if p.current_pay_cny is not None]
    counts = dict.fromkeys(BANDS, 0)
    for p in people:
        if p.band is not None:
            counts[p.band] += 1
    return RolePeople(
        role=role,
        headcount=len(people),
        with_pay=len(pays),
        without_pay=len(people) - len(pays),
        without_pay_keys=tuple(p.key for p in people if p.current_pay_cny is None),
        pay_min_cny=min(pays) if pays else None,
        pay_median_cny=statistics.median(pays) if pays else None,
        pay_mean_cny=statistics.fmean(pays) if pays else None,
        pay_max_cny=max(pays) if pays else None,
        below_p50=counts["below_p50"],
        p50_p75=counts["p50_p75"],
        above_p75=counts["above_p75"],
        below_target=sum(p.below_target for p in people),
        cost_to_close_cny=math.fsum(p.cost_to_close_cny for p in people if p.cost_to_close_cny is not None)
        if pays
        else None,
    )
