"""Every figure of a briefing, computed once from an edition and a profile (pure: no I/O, no clock)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from .budget import Budget, Scenarios, compute_budget, compute_scenarios
from .dates import MAX_AGING_MONTHS, aging_limit, months_between, stale
from .diff import EditionDiff, RoleMove, compute_diff
from .errors import EditionError
from .models import (
    CNY_10K,
    PUBLISHED,
    BenchmarkRole,
    BriefingOptions,
    Edition,
    GapRow,
    History,
    Premium,
    Profile,
    Recommendation,
    RoleEntry,
)

if TYPE_CHECKING:
    from .people import People

DAYS_PER_YEAR = 365.25


@dataclass(frozen=True)
class BenchmarkLine:
    """One benchmark role, as published and in CNY per year after aging."""

    role: str
    aliases: tuple[str, ...]
    p50_cny_10k: float
    p75_cny_10k: float
    yoy: float
    key_driver: str
    aging_factor: float
    p50_cny: float
    p75_cny: float
    specializations: tuple[str, ...]
    infrastructure: bool

    @property
    def uplift(self) -> float:
        """How much aging adds to the published pay: 0.179 for +17.9%."""
        return self.aging_factor - 1


@dataclass(frozen=True)
class SupplyLine:
    """One talent-gap specialization with its midpoints and scarcity."""

    specialization: str
    headcount_low: int
    headcount_high: int
    headcount_mid: float
    gap_low: int
    gap_high: int
    gap_mid: float
    scarcity: float  # gap midpoint / headcount midpoint
    difficulty: int
    planned_hires: int  # the client's planned hires in roles that map here
    roles: tuple[str, ...]  # the benchmark roles that map here


@dataclass(frozen=True)
class RoleLine:
    """One client role line: its pay against the benchmark and what it costs."""

    role: str
    title: str | None
    label: str
    headcount: int
    planned_hires: int
    current_pay_cny: float | None
    p50_cny: float
    p75_cny: float
    target_cny: float
    compa_ratio: float | None
    position_vs_target: float | None
    cost_to_close_cny: float | None  # None: pay unknown while headcount > 0
    hiring_cost_cny: float
    total_cny: float | None
    pay_unknown: bool
    pay_below_target: bool  # a current pay is given and it is below the target
    below_target: bool  # ... and there are staff in post (headcount > 0) to raise
    specializations: tuple[str, ...]
    difficulty: int | None  # the highest difficulty among its specializations
    scarcity: float | None  # the highest scarcity among its specializations
    infrastructure: bool


@dataclass(frozen=True)
class TransitionLine:
    """One group of traditional roles being re-skilled, and the premium it will cost."""

    from_: str
    dimension: str
    ai_role: str
    count: int
    current_pay_cny: float
    premium_low: float
    premium_high: float
    cost_low_cny: float
    cost_high_cny: float


@dataclass(frozen=True)
class Totals:
    headcount: int
    planned_hires: int
    cost_to_close_cny: float
    hiring_cost_cny: float
    total_cny: float
    transitions_low_cny: float
    transitions_high_cny: float
    transitions_count: int


@dataclass(frozen=True)
class Frames:
    """The analysis as pandas DataFrames, for a notebook or a script (see `Analysis.to_frames`)."""

    roles: Any  # pandas.DataFrame: one row per role line
    transitions: Any  # one row per re-skilling group
    totals: Any  # one row: the totals of the briefing
    specializations: Any  # one row per talent-gap specialization
    people: Any = None  # a roster of people: one row per person, by key (never the client's employee ID)


@dataclass(frozen=True, repr=False)  # the generated repr would print the whole edition
class Analysis:
    """The one object both renderers read."""

    edition: Edition
    profile: Profile
    target_percentile: str
    currency: str
    usd_cny: float | None
    age_to: dt.date  # the date benchmark pay is aged to; the effective date when used as published
    aging: str  # how that date was chosen: "briefing_date" (the default), "date" (briefing.age_to) or "published"
    aging_days: int
    edition_age_months: int  # from the edition's effective date to the briefing date, to the nearest month
    stale: bool  # the edition is more than STALE_AFTER_MONTHS old at the briefing date
    benchmark: tuple[BenchmarkLine, ...]
    supply: tuple[SupplyLine, ...]
    premiums: tuple[Premium, ...]
    roles: tuple[RoleLine, ...]
    transitions: tuple[TransitionLine, ...]
    totals: Totals
    below_target: tuple[RoleLine, ...]  # biggest shortfall first
    unknown_pay: tuple[RoleLine, ...]
    largest_cost: RoleLine | None
    hardest_hires: tuple[RoleLine, ...]  # planned hires in talent-gap specializations, hardest first
    recommendations: tuple[Recommendation, ...]  # the client's employer type only
    key_recommendation: Recommendation
    history: History  # the editions before and after this one in its data folder
    changes: EditionDiff | None  # what moved since the previous edition, when there is one to compare with
    role_changes: tuple[RoleMove, ...]  # the client's benchmark roles in `changes`, largest move at target first
    warnings: tuple[str, ...]  # what a user should know, though nothing is wrong with the input (stderr)
    budget: Budget  # fully loaded cost: a full year and the budget year, by quarter
    scenarios: Scenarios  # the budget year at P50/P75, market growth and (USD) exchange rate
    # a per-person roster's people (see people.py); None for role lines, whose cost to close comes from one pay
    people: People | None = None

    @property
    def per_person(self) -> bool:
        """Whether the role lines were made from people, one per roster row (cost to close summed per person)."""
        return self.people is not None

    @property
    def aged(self) -> bool:
        """Whether benchmark pay differs from the published table (aged by at least one day)."""
        return self.aging_days > 0

    @property
    def date(self) -> dt.date:
        """The briefing date: every statement of the briefing is true on it."""
        return self.profile.briefing.date

    @property
    def passed(self) -> tuple[str, ...]:
        """Ids of the edition's dated signals and recommendations (this employer type's) whose horizon has passed."""
        return tuple(s.id for s in (*self.edition.signals, *self.recommendations) if s.passed(self.date))

    def money(self, cny: float) -> float:
        """A CNY figure in the profile's currency (USD figures = CNY / usd_cny)."""
        usd = self.usd(cny)
        return usd if self.currency == "USD" and usd is not None else cny

    def usd(self, cny: float) -> float | None:
        """A CNY figure in USD, where the profile gives a rate."""
        return cny / self.usd_cny if self.usd_cny else None

    def __repr__(self) -> str:
        client = self.profile.client
        return (
            f"<Analysis {client.name!r} ({client.employer_type}), edition {self.edition.id}, "
            f"{len(self.roles)} role line{'s' if len(self.roles) != 1 else ''}, "
            f"total CNY {self.totals.total_cny:,.0f} a year>"
        )

    def _repr_html_(self) -> str:
        """A notebook's view: the headline figures and the role lines (every text escaped)."""
        from html import escape

        head = "".join(
            f"<th>{escape(h)}</th>"
            for h in ("role line", "staff", "hires", "pay (CNY)", "target (CNY)", "cost to close", "hiring cost")
        )

        def cell(value: float | None) -> str:
            return "<td>–</td>" if value is None else f'<td style="text-align:right">{value:,.0f}</td>'

        rows = "".join(
            f"<tr><td>{escape(r.label)}</td><td>{r.headcount}</td><td>{r.planned_hires}</td>"
            f"{cell(r.current_pay_cny)}{cell(r.target_cny)}{cell(r.cost_to_close_cny)}"
            f"{cell(r.hiring_cost_cny)}</tr>"
            for r in self.roles
        )
        t = self.totals
        return (
            f"<p><b>{escape(self.profile.client.name)}</b> ({escape(self.profile.client.employer_type)}), "
            f"edition {escape(self.edition.id)}, target {escape(self.target_percentile)}: cost to close "
            f"CNY {t.cost_to_close_cny:,.0f}, hiring CNY {t.hiring_cost_cny:,.0f}, total CNY "
            f"{t.total_cny:,.0f} a year</p><table><tr>{head}</tr>{rows}</table>"
        )

    def to_frames(self) -> Frames:
        """Role lines, transitions, totals and specializations as pandas DataFrames (needs pandas:
        `pip install "briefing[frames]"`). Money is in CNY per year, as computed; nothing is rounded."""
        try:
            import pandas as pd
        except ImportError:
            raise ImportError('Analysis.to_frames() needs pandas: pip install "briefing[frames]"') from None
        from dataclasses import asdict

        def flat(row: dict) -> dict:  # tuples of names read better as one text cell
            return {k.rstrip("_"): "; ".join(v) if isinstance(v, tuple) else v for k, v in row.items()}

        def frame(items: tuple, columns: list[str], index: str | None = None) -> Any:
            data = pd.DataFrame([flat(asdict(item)) for item in items], columns=columns)
            return data.set_index(index) if index else data

        roles = [n.rstrip("_") for n in RoleLine.__dataclass_fields__]
        transitions = [n.rstrip("_") for n in TransitionLine.__dataclass_fields__]
        supply = list(SupplyLine.__dataclass_fields__)
        totals = pd.DataFrame(
            [asdict(self.totals) | {"currency": self.currency, "total_in_currency": self.money(self.totals.total_cny)}]
        )
        people = None
        if self.people is not None:
            from .people import PersonLine

            columns = [n for n in PersonLine.__dataclass_fields__ if n != "employee_id"]
            people = pd.DataFrame(
                [{c: getattr(p, c) for c in columns} for p in self.people.persons], columns=columns
            ).set_index("key")
        return Frames(
            roles=frame(self.roles, roles, "label"),
            transitions=frame(self.transitions, transitions),
            totals=totals,
            specializations=frame(self.supply, supply, "specialization"),
            people=people,
        )


def aging_factor(yoy: float, days: int) -> float:
    """Growth of pay over `days` at annual rate `yoy`: (1 + yoy) ** (days / 365.25)."""
    return (1 + yoy) ** (days / DAYS_PER_YEAR) if days else 1.0


def aging_date(edition: Edition, options: BriefingOptions) -> tuple[dt.date, str]:
    """The date benchmark pay is aged to, and why: `briefing.age_to`, else the briefing date.

    `age_to: published`, or a briefing dated before the edition took effect, uses the table as published.
    """
    if isinstance(options.age_to, dt.date):
        return options.age_to, "date"
    if options.age_to == PUBLISHED or options.date <= edition.effective_date:
        return edition.effective_date, "published"
    return options.date, "briefing_date"


def compute_analysis(edition: Edition, profile: Profile, history: History | None = None) -> Analysis:
    """Every figure of the briefing; `history` (see `edition.load_history`) adds what changed and newer editions."""
    history = history or History()
    options = profile.briefing
    age_to, aging = aging_date(edition, options)
    days = (age_to - edition.effective_date).days
    benchmark = tuple(_benchmark_line(edition, role, days) for role in edition.roles)
    by_role = {line.role: line for line in benchmark}
    supply_by_name = {g.specialization: g for g in edition.gaps}

    people = None
    entries = profile.roles
    pays = None  # a roster of people: each line's known pays, for the budget's raises person by person
    if profile.people:
        roles, people, entries = _people_lines(profile, by_role, supply_by_name, options.target_percentile)
        by_line: dict[str, list[float]] = {r.role: [] for r in roles}
        for person in people.persons:
            if person.current_pay_cny is not None:
                by_line[person.role].append(person.current_pay_cny)
        pays = tuple(tuple(by_line[r.role]) for r in roles)
    else:
        roles = tuple(
            _role_line(entry, by_role[entry.role], supply_by_name, options.target_percentile) for entry in profile.roles
        )
    supply = tuple(_supply_line(gap, roles, edition) for gap in edition.gaps)
    premiums = {p.traditional_role: p for p in edition.premiums}
    transitions = tuple(
        _transition_line(t.from_, t.count, t.current_pay, premiums[t.from_]) for t in profile.transitions
    )

    # A role whose pay is unknown has an unknown cost to close, left out of that total; its hiring
    # cost is known and counts. So the totals row adds up: total = cost to close + hiring cost.
    cost_to_close = sum(r.cost_to_close_cny for r in roles if r.cost_to_close_cny is not None)
    hiring = sum(r.hiring_cost_cny for r in roles)
    totals = Totals(
        headcount=sum(r.headcount for r in roles),
        planned_hires=sum(r.planned_hires for r in roles),
        cost_to_close_cny=cost_to_close,
        hiring_cost_cny=hiring,
        total_cny=cost_to_close + hiring,
        transitions_low_cny=sum(t.cost_low_cny for t in transitions),
        transitions_high_cny=sum(t.cost_high_cny for t in transitions),
        transitions_count=sum(t.count for t in transitions),
    )
    if people is None:
        below = tuple(sorted((r for r in roles if r.below_target), key=lambda r: (r.position_vs_target, r.label)))
    else:  # roles with people below target, the largest cost to close first
        below = tuple(
            sorted((r for r in roles if r.below_target), key=lambda r: (-(r.cost_to_close_cny or 0), r.label))
        )
    costly = [(i, r) for i, r in enumerate(roles) if r.total_cny]  # the first of equal totals: by position
    largest = max(costly, key=lambda ir: (ir[1].total_cny, -ir[0]))[1] if costly else None
    hardest = tuple(
        sorted(
            (r for r in roles if r.planned_hires and r.difficulty is not None),
            key=lambda r: (-r.difficulty, -r.scarcity, -r.planned_hires, r.label),  # type: ignore[operator]  # difficulty filtered not None
        )
    )
    recommendations = edition.recommendations[profile.client.employer_type]
    changes, compared = _compare(edition, history)
    budget = compute_budget(profile.costs, options.date, entries, roles, pays)
    # the scenarios grow the targets on from the date they are aged to (the effective date when as published)
    scenarios = compute_scenarios(
        budget,
        roles,
        [by_role[r.role].yoy for r in roles],
        age_to,
        options.target_percentile,
        options.currency,
        options.usd_cny,
        pays,
    )
    return Analysis(
        edition=edition,
        profile=profile,
        target_percentile=options.target_percentile,
        currency=options.currency,
        usd_cny=options.usd_cny,
        age_to=age_to,
        aging=aging,
        aging_days=days,
        edition_age_months=months_between(edition.effective_date, options.date),
        stale=stale(edition.effective_date, options.date),
        benchmark=benchmark,
        supply=supply,
        premiums=edition.premiums,
        roles=roles,
        transitions=transitions,
        totals=totals,
        below_target=below,
        unknown_pay=tuple(r for r in roles if r.pay_unknown),
        largest_cost=largest,
        hardest_hires=hardest,
        recommendations=recommendations,
        key_recommendation=_key_recommendation(recommendations, roles, edition, options.date),
        history=history,
        changes=changes,
        role_changes=_role_changes(changes, roles, options.target_percentile),
        warnings=_warnings(edition, options, history, age_to) + compared,
        budget=budget,
        scenarios=scenarios,
        people=people,
    )


def _compare(edition: Edition, history: History) -> tuple[EditionDiff | None, tuple[str, ...]]:
    """What moved since the previous edition, or why it cannot be compared (a warning)."""
    if history.previous is None:
        return None, ()
    try:
        return compute_diff(history.previous, edition), ()
    except EditionError as exc:
        return None, tuple(
            f"edition {edition.id} is not compared with {history.previous.id}: {p.message}" for p in exc.problems
        )


def _role_changes(changes: EditionDiff | None, roles: tuple[RoleLine, ...], percentile: str) -> tuple[RoleMove, ...]:
    if changes is None:
        return ()
    moves = [m for name in dict.fromkeys(r.role for r in roles) if (m := changes.role(name)) is not None]
    return tuple(sorted(moves, key=lambda m: -abs(m.at(percentile).pct or 0)))


def _warnings(edition: Edition, options: BriefingOptions, history: History, age_to: dt.date) -> tuple[str, ...]:
    """Plain-English warnings for the command line and the batch manifest (the deliverables say it their way)."""
    effective, date = edition.effective_date, options.date
    found = []
    if date < effective:
        found.append(
            f"the briefing date {date.isoformat()} is before edition {edition.id} took effect "
            f"({effective.isoformat()}): benchmark pay is used as published"
        )
    if not options.date_given and age_to == date:
        found.append(
            f"the profile sets no briefing.date, so the briefing is dated {date.isoformat()} (the day of "
            f"the run, or --date) and pay is aged to it: set briefing.date for figures that stay the same "
            f"from one run to the next"
        )
    if stale(effective, date):
        found.append(
            f"edition {edition.id} took effect on {effective.isoformat()}, "
            f"{months_between(effective, date)} months before the briefing date {date.isoformat()}: its "
            f"pay is aged, but its market reading and advice are of that time; use a newer edition when "
            f"one is published"
        )
    if age_to > aging_limit(effective):
        found.append(
            f"benchmark pay is aged {months_between(effective, age_to)} months past the edition's "
            f"effective date, beyond the {MAX_AGING_MONTHS} months a yearly growth rate can carry "
            f"(allowed by --allow-stale): treat the aged figures as a forecast"
        )
    if history.newer:
        found.append(
            f"edition {edition.id} is not the newest: {', '.join(history.newer)} "
            f"{'is' if len(history.newer) == 1 else 'are'} newer (choose one with --edition)"
        )
    if history.problem:
        found.append(history.problem)
    return tuple(found)


def _people_lines(
    profile: Profile, bench: dict[str, BenchmarkLine], gaps: dict[str, GapRow], percentile: str
) -> tuple[tuple[RoleLine, ...], People, tuple[RoleEntry, ...]]:
    """One role line per benchmark role of the roster's people (in order of first appearance), then the roles
    that only plan hires; each line's figures from its people: headcount, the mean pay (for the compa-ratio),
    and the cost to close summed person by person. The entries (one per line, with the profile's start months of
    its planned hires) are what the budget reads."""
    from .people import compute_people

    order = list(dict.fromkeys([p.role for p in profile.people] + [e.role for e in profile.roles]))
    people = compute_people(profile.people, bench, percentile, order)
    planned = {e.role: e for e in profile.roles}
    lines, entries = [], []
    for role in order:
        stats = people.role(role)
        plan = planned.get(role)
        entry = RoleEntry(
            role=role,
            headcount=stats.headcount if stats else 0,
            planned_hires=plan.planned_hires if plan else 0,
            current_pay=stats.pay_mean_cny if stats else None,
            start=plan.start if plan else (),
        )
        entries.append(entry)
        line = _role_line(entry, bench[role], gaps, percentile)
        if stats is not None and stats.cost_to_close_cny is not None:
            line = replace(
                line,
                cost_to_close_cny=stats.cost_to_close_cny,
                total_cny=stats.cost_to_close_cny + line.hiring_cost_cny,
                below_target=stats.below_target > 0,
            )
        lines.append(line)
    return tuple(lines), people, tuple(entries)


def _benchmark_line(edition: Edition, role: BenchmarkRole, days: int) -> BenchmarkLine:
    factor = aging_factor(role.yoy, days)
    return BenchmarkLine(
        role=role.role,
        aliases=role.aliases,
        p50_cny_10k=role.p50_cny_10k,
        p75_cny_10k=role.p75_cny_10k,
        yoy=role.yoy,
        key_driver=role.key_driver,
        aging_factor=factor,
        p50_cny=role.p50_cny_10k * CNY_10K * factor,
        p75_cny=role.p75_cny_10k * CNY_10K * factor,
        specializations=edition.role_specializations.get(role.role, ()),
        infrastructure=role.role in edition.infrastructure_roles,
    )


def _scarcity(gap: GapRow) -> float:
    return ((gap.gap_low + gap.gap_high) / 2) / ((gap.headcount_low + gap.headcount_high) / 2)


def _role_line(entry: RoleEntry, bench: BenchmarkLine, gaps: dict[str, GapRow], percentile: str) -> RoleLine:
    target = bench.p75_cny if percentile == "P75" else bench.p50_cny
    pay = entry.current_pay
    pay_unknown = pay is None and entry.headcount > 0
    if entry.headcount == 0:
        cost_to_close: float | None = 0.0
    elif pay is None:
        cost_to_close = None
    else:
        cost_to_close = max(0.0, target - pay) * entry.headcount
    hiring = target * entry.planned_hires
    specs = [gaps[s] for s in bench.specializations]
    return RoleLine(
        role=entry.role,
        title=entry.title,
        label=entry.label,
        headcount=entry.headcount,
        planned_hires=entry.planned_hires,
        current_pay_cny=pay,
        p50_cny=bench.p50_cny,
        p75_cny=bench.p75_cny,
        target_cny=target,
        compa_ratio=pay / bench.p50_cny if pay is not None else None,
        position_vs_target=pay / target - 1 if pay is not None else None,
        cost_to_close_cny=cost_to_close,
        hiring_cost_cny=hiring,
        total_cny=cost_to_close + hiring if cost_to_close is not None else None,
        pay_unknown=pay_unknown,
        pay_below_target=pay is not None and pay < target,
        below_target=pay is not None and entry.headcount > 0 and pay < target,
        specializations=bench.specializations,
        difficulty=max((g.difficulty for g in specs), default=None),
        scarcity=max((_scarcity(g) for g in specs), default=None),
        infrastructure=bench.infrastructure,
    )


def _supply_line(gap: GapRow, roles: tuple[RoleLine, ...], edition: Edition) -> SupplyLine:
    mapped = tuple(r for r, specs in edition.role_specializations.items() if gap.specialization in specs)
    return SupplyLine(
        specialization=gap.specialization,
        headcount_low=gap.headcount_low,
        headcount_high=gap.headcount_high,
        headcount_mid=(gap.headcount_low + gap.headcount_high) / 2,
        gap_low=gap.gap_low,
        gap_high=gap.gap_high,
        gap_mid=(gap.gap_low + gap.gap_high) / 2,
        scarcity=_scarcity(gap),
        difficulty=gap.difficulty,
        planned_hires=sum(r.planned_hires for r in roles if r.role in mapped),
        roles=mapped,
    )


def _transition_line(from_: str, count: int, pay: float, premium: Premium) -> TransitionLine:
    return TransitionLine(
        from_=from_,
        dimension=premium.dimension,
        ai_role=premium.ai_role,
        count=count,
        current_pay_cny=pay,
        premium_low=premium.premium_low,
        premium_high=premium.premium_high,
        cost_low_cny=count * pay * premium.premium_low,
        cost_high_cny=count * pay * premium.premium_high,
    )


def _key_recommendation(
    recs: tuple[Recommendation, ...], roles: tuple[RoleLine, ...], edition: Edition, date: dt.date
) -> Recommendation:
    """The first recommendation whose condition holds for this client (see edition.yaml) and whose horizon, if it
    has one, is still ahead on the briefing date: a passed date is never the one thing that matters most."""
    holds = {
        "no_core_roles": not any(r.headcount + r.planned_hires for r in roles if r.role in edition.core_roles),
        "infra_below_p75": any(
            r.infrastructure and r.current_pay_cny is not None and r.current_pay_cny < r.p75_cny for r in roles
        ),
        "compute_hires_planned": any(r.planned_hires and r.specializations for r in roles),
        "hires_planned": any(r.planned_hires for r in roles),
        "always": True,
    }
    current = [r for r in recs if not r.passed(date)]  # the edition keeps one undated `always` among them
    return next((r for r in current if holds[r.when]), current[0])
