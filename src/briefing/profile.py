"""Loading and validating a client profile (YAML), with its optional roster and logo."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path

from . import timeline
from .checks import MISSING, Checker, describe
from .dates import LATEST_YEARS, MAX_AGING_MONTHS, aging_limit, date_range
from .delivery.fields import parse_commentary, parse_contacts
from .errors import ProfileError
from .fuzzy import did_you_mean
from .i18n import LangProblem, parse_langs
from .models import (
    PUBLISHED,
    AgeTo,
    BriefingOptions,
    Client,
    Costs,
    Edition,
    PersonEntry,
    Profile,
    RoleEntry,
    TransitionEntry,
    fold,
)
from .rolelines import MIN_PAY_CNY, resolve_role, role_entry, too_many_lines
from .rolelines import ROLE_KEYS as LINE_KEYS
from .yamlio import load_yaml

TOP_KEYS = (
    "client",
    "briefing",
    "costs",
    "roles",
    "roster",
    "roles_file",
    "transitions",
    "commentary",
    "commentary_by",
)
CLIENT_KEYS = ("name", "short_name", "employer_type", "headquarters", "industry", "logo", "contacts")
BRIEFING_KEYS = ("date", "target_percentile", "currency", "usd_cny", "age_to", "lang")
ROLE_KEYS = (*LINE_KEYS, "start")  # an inline role line may also say when its hires start
TRANSITION_KEYS = ("from", "count", "current_pay")
# beside a roster of people; headcount, current_pay and title are refused, by name
PLANNED_KEYS = ("role", "planned_hires", "start", "headcount", "current_pay", "title")
COSTS_KEYS = (
    "oncost_rate",
    "oncost_cap",
    "recruiting_fee",
    "sign_on",
    "budget_year",
    "fiscal_year_start",
    "raise_effective",
)
MAX_CAP_MONTHLY = 200_000  # above this an on-cost cap is almost surely typed per year, not per month
MAX_SHORT_NAME = 40  # characters: it stands in page headers and file names


def load_profile(
    path: Path, edition: Edition, today: dt.date, *, logo_roots: tuple[Path, ...] = (), allow_stale: bool = False
) -> Profile:
    """Read, parse and validate the profile at `path`; every problem is raised at once.

    `today` is the briefing date of a profile without `briefing.date`; `allow_stale` lets pay be aged more
    than 18 months past the edition's effective date. A logo must lie in the profile's folder (or below it)
    or in one of `logo_roots` (the brand's folder).
    """
    source = str(path)
    data = load_yaml(path, source, ProfileError)
    return parse_profile(
        data,
        source=source,
        base_dir=path.parent,
        edition=edition,
        today=today,
        logo_roots=logo_roots,
        allow_stale=allow_stale,
    )


def client_names(path: Path) -> tuple[str, str | None] | None:
    """The client's name and short name as `load_profile` reads them, or None where it would refuse them.

    Only the YAML and these two keys are read (no validation of the rest, no roster, no logo): a batch learns
    every profile's file name from this before any briefing is written, and validates each profile once,
    where it renders it.
    """
    try:
        data = load_yaml(path, str(path), ProfileError)
    except ProfileError:
        return None
    section = data.get("client") if isinstance(data, Mapping) else None
    if not isinstance(section, Mapping):
        return None
    check = Checker(str(path))
    name = check.text("client.name", section.get("name", MISSING), required=True)
    short_name = (
        check.text("client.short_name", section["short_name"], required=True) if "short_name" in section else None
    )
    if short_name is not None and (not any(c.isalnum() for c in short_name) or len(short_name) > MAX_SHORT_NAME):
        short_name = None
    return (name, short_name) if name and not check.problems else None


def parse_profile(
    data: object,
    *,
    source: str,
    base_dir: Path,
    edition: Edition,
    today: dt.date,
    logo_roots: tuple[Path, ...] = (),
    allow_stale: bool = False,
) -> Profile:
    check = Checker(source)
    if not isinstance(data, Mapping):
        check.add("", f"expected a mapping with a 'client' section at the top, got {describe(data)}")
        raise ProfileError(check.problems)
    check.keys("", data, TOP_KEYS, required=("client",))

    client = _client(check, data.get("client", MISSING), base_dir, logo_roots)
    briefing = _briefing(check, data.get("briefing", MISSING), edition, today, allow_stale)
    roles: tuple[RoleEntry, ...] = ()
    people: tuple[PersonEntry, ...] = ()
    roles_file = None
    given = [k for k in ("roles", "roster", "roles_file") if k in data]
    rosters = [k for k in given if k != "roles"]
    if len(rosters) > 1:
        check.add(rosters[1], "give one of 'roster' or 'roles_file' (its short form), not both")
    elif rosters:
        roles_file, imported = _roster(check, rosters[0], data[rosters[0]], base_dir, edition)
        roles = imported.lines if imported is not None else ()
        people = imported.people if imported is not None else ()
        if (
            "roles" in data
            and imported is not None
            and (people or (imported.report is not None and imported.report.rows_are == "people"))
        ):
            roles = _planned_hires(check, data["roles"], edition, imported)
        elif "roles" in data and imported is not None and imported.report is not None:
            check.add(
                rosters[0],
                f"give one of 'roles' or {rosters[0]!r}, not both: this roster lists role lines, "
                "which give the roles; 'roles' adds planned hires to a roster of people "
                "(one person per row) only",
            )
    elif given:
        roles = _roles(check, data["roles"], edition)
    transitions = _transitions(check, data.get("transitions", MISSING), edition)
    commentary = parse_commentary(check, data.get("commentary", MISSING))
    commentary_by = check.text("commentary_by", data.get("commentary_by"))
    costs = _costs(check, data.get("costs", MISSING), briefing)
    if "roles" in data:
        year = (
            costs.budget_year or timeline.default_year(briefing.date, costs.fiscal_year_start)
            if costs is not None and briefing is not None
            else None
        )
        roles = _start_months(
            check, data["roles"], roles, costs if year else None, year, edition if people or rosters else None
        )

    if check.problems:
        raise ProfileError(check.problems)
    # each section that came back None added a problem, so none is None here
    assert client is not None and briefing is not None and costs is not None
    return Profile(
        client=client,
        briefing=briefing,
        roles=roles,
        transitions=transitions,
        source=source,
        roles_file=roles_file,
        costs=costs,
        commentary=commentary,
        commentary_by=commentary_by,
        people=people,
    )


def _section(check: Checker, where: str, value: object, keys: tuple[str, ...], required: tuple[str, ...] = ()):
    if value is MISSING:  # a missing required section is reported with the top-level keys
        return None
    section = check.mapping(where, value)
    if section is not None:
        check.keys(where, section, keys, required=required)
    return section


def _client(check: Checker, value: object, base_dir: Path, logo_roots: tuple[Path, ...]) -> Client | None:
    section = _section(check, "client", value, CLIENT_KEYS, required=("name", "employer_type"))
    if section is None:
        return None
    name = check.text("client.name", section["name"], required=True) if "name" in section else None
    employer_type = (
        check.choice("client.employer_type", section["employer_type"], ("foreign", "domestic"))
        if "employer_type" in section
        else None
    )
    logo = None
    if section.get("logo") is not None:
        logo = _logo(check, section["logo"], base_dir, logo_roots)
    # every field is checked before giving up, so one bad value does not hide another
    short_name = (
        check.text("client.short_name", section["short_name"], required=True) if "short_name" in section else None
    )
    if short_name is not None and (not any(c.isalnum() for c in short_name) or len(short_name) > MAX_SHORT_NAME):
        check.add(
            "client.short_name",
            f"expected a short name with letters or digits, up to {MAX_SHORT_NAME} "
            f"characters, got {describe(short_name)}",
        )
        short_name = None
    headquarters = check.text("client.headquarters", section.get("headquarters"))
    industry = check.text("client.industry", section.get("industry"))
    contacts = parse_contacts(check, section.get("contacts", MISSING))
    if not name or not employer_type:
        return None
    return Client(
        name=name,
        employer_type=employer_type,  # type: ignore[arg-type]  # None ruled out above
        short_name=short_name,
        headquarters=headquarters,
        industry=industry,
        logo=logo,
        contacts=contacts,
    )


def _logo(check: Checker, value: object, base_dir: Path, roots: tuple[Path, ...]) -> Path | None:
    from .images import ImageProblem, check_image

    name = check.text("client.logo", value)
    if name is None:
        return None
    path = (base_dir / name).resolve()
    # A profile is often shared: it must not make the tool embed any image the operator can read.
    allowed = [base_dir.resolve(), *(root.resolve() for root in roots)]
    if not any(path.is_relative_to(folder) for folder in allowed):
        check.add(
            "client.logo",
            f"{name}: is outside the profile's folder ({allowed[0]})"
            + (f" and the brand's folder ({allowed[1]})" if len(allowed) > 1 else "")
            + "; copy the logo next to the profile",
        )
        return None
    try:
        check_image(path)
    except ImageProblem as exc:
        check.add("client.logo", f"{name}: {exc}")
        return None
    return path


def _briefing(
    check: Checker, value: object, edition: Edition, today: dt.date, allow_stale: bool
) -> BriefingOptions | None:
    section = _section(check, "briefing", value, BRIEFING_KEYS)
    if section is None and value is not MISSING:
        return None
    section = section or {}
    given = section.get("date") is not None  # `date:` left empty is today, as every other empty key is its default
    date = check.date("briefing.date", section["date"]) if given else today
    percentile = check.choice("briefing.target_percentile", section.get("target_percentile"), ("P50", "P75"), "P75")
    currency = check.choice("briefing.currency", section.get("currency"), ("CNY", "USD"), "CNY")
    usd_cny = check.number("briefing.usd_cny", section.get("usd_cny"), minimum=1, maximum=50)
    if currency == "USD" and usd_cny is None and section.get("usd_cny") is None:
        check.add("briefing.usd_cny", "is required when currency is USD: the CNY price of one US dollar, e.g. 7.10")
    age_to = _age_to(check, section.get("age_to"))
    if date is not None:
        for key, message in aging_problems(age_to, date, edition, allow_stale, dated=given):
            check.add(key, message)
    lang: tuple[str, ...] | None = ("en",)
    if section.get("lang") is not None:
        try:
            lang = parse_langs(section["lang"])
        except LangProblem as exc:
            check.add("briefing.lang", str(exc))
            lang = None
    if date is None or percentile is None or currency is None or lang is None:
        return None
    return BriefingOptions(
        date=date,
        target_percentile=percentile,  # type: ignore[arg-type]  # one of the choices given to check.choice
        currency=currency,  # type: ignore[arg-type]  # likewise
        usd_cny=usd_cny,
        age_to=age_to,
        lang=lang,
        date_given=given,
    )


def _age_to(check: Checker, value: object) -> AgeTo:
    """`briefing.age_to`: a date, or `published` for the benchmark as published; absent: the briefing date."""
    if isinstance(value, str) and value.strip().casefold() == PUBLISHED:
        return PUBLISHED
    probe = Checker(check.source)
    day = probe.date("briefing.age_to", value)
    if probe.problems:
        check.add(
            "briefing.age_to",
            f"expected a date written YYYY-MM-DD, got {describe(value)} "
            f"(or {PUBLISHED}, for the benchmark pay as published)",
        )
    return day


def aging_problems(
    age_to: AgeTo, date: dt.date, edition: Edition, allow_stale: bool, dated: bool = True
) -> list[tuple[str, str]]:
    """(key, message) for a briefing date or an aging date the edition cannot serve: the one rule for both.

    A briefing dated more than a year before the edition's effective date or more than 5 years after it is a
    mistake. Pay aged past 18 months after the effective date extrapolates a yearly growth rate: a forecast,
    not an aged benchmark, refused unless `allow_stale` (and never past the 5 years). `dated` tells whether the
    briefing date was written in the profile (else it is today or --date).
    """
    effective = edition.effective_date
    first, last = date_range(effective)
    limit = aging_limit(effective)
    problems = []
    given = "" if dated else " (today's date or --date, used when briefing.date is not given)"
    if not first <= date <= last:
        problems.append(
            (
                "briefing.date",
                f"expected a date from {first.isoformat()} to {last.isoformat()} (a year "
                f"before to {LATEST_YEARS} years after edition {edition.id}'s effective "
                f"date {effective.isoformat()}), got {date.isoformat()}{given}",
            )
        )
    within = (
        f"expected a date within {MAX_AGING_MONTHS} months after the edition's effective date "
        f"{effective.isoformat()} (up to {limit.isoformat()})"
    )
    if isinstance(age_to, dt.date):
        if age_to < effective:
            problems.append(
                (
                    "briefing.age_to",
                    f"expected a date on or after the edition's effective date "
                    f"{effective.isoformat()}, got {age_to.isoformat()}",
                )
            )
        elif age_to > limit and not allow_stale:
            problems.append(
                (
                    "briefing.age_to",
                    f"{within}, got {age_to.isoformat()}; aging pay further extrapolates "
                    f"a yearly growth: use a newer edition or an earlier age_to, or pass "
                    f"--allow-stale",
                )
            )
        elif age_to > last:
            problems.append(
                (
                    "briefing.age_to",
                    f"expected a date from {effective.isoformat()} to {last.isoformat()} "
                    f"({LATEST_YEARS} years after the edition's effective date), even "
                    f"with --allow-stale, got {age_to.isoformat()}",
                )
            )
    elif age_to is None and not problems and date > limit and not allow_stale:
        problems.append(
            (
                "briefing.date",
                f"{within}, got {date.isoformat()}{given}; benchmark pay is aged to the "
                f"briefing date by default: use a newer edition, set briefing.age_to (a "
                f"date, or {PUBLISHED}), or pass --allow-stale",
            )
        )
    return problems


def _roles(check: Checker, value: object, edition: Edition) -> tuple[RoleEntry, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        check.add("roles", f"expected a list of roles (lines starting with '- role:'), got {describe(value)}")
        return ()
    if too_many_lines(check, "roles", len(value)):
        return ()
    entries: list[RoleEntry] = []
    seen: dict[tuple, str] = {}
    for i, raw in enumerate(value):
        where = f"roles[{i}]"
        if (raw := check.mapping(where, raw)) is None:
            continue
        check.keys(where, raw, ROLE_KEYS, required=("role",))
        if (entry := role_entry(check, where, raw, edition, seen)) is not None:
            entries.append(entry)
    return tuple(entries)


def _roster(check: Checker, key: str, value: object, base_dir: Path, edition: Edition):
    """The import of the roster a `roster:` section (or `roles_file:`) names: role lines, or people and the planned
    hires its rows give; its problems name the roster file."""
    from .roster import parse_roster_spec, read_roster  # the spreadsheet readers load only for a roster

    spec = parse_roster_spec(check, key, value, base_dir, edition)
    if spec is None:
        return None, None
    roster_check = Checker(str(spec.path))  # as written, never resolved: a link is named as the user named it
    imported = read_roster(roster_check, spec, edition)
    check.problems.extend(roster_check.problems)
    return spec.path, imported


def _planned_hires(check: Checker, value: object, edition: Edition, imported) -> tuple[RoleEntry, ...]:
    """`roles` beside a roster of people: the planned hires per role (the roster gives the people and their pay),
    with the planned hires the roster's own rows give; a role's hires in both places is a problem."""
    from .roster.lines import rows_text

    planned = {line.role: line for line in imported.lines}
    rows = dict(imported.planned_rows)
    if value is None:
        return tuple(planned.values())
    if not isinstance(value, list):
        check.add("roles", f"expected a list of roles (lines starting with '- role:'), got {describe(value)}")
        return tuple(planned.values())
    if too_many_lines(check, "roles", len(value)):
        return ()
    seen: dict[str, str] = {}
    for i, raw in enumerate(value):
        where = f"roles[{i}]"
        if (raw := check.mapping(where, raw)) is None:
            continue
        check.keys(where, raw, PLANNED_KEYS, required=("role", "planned_hires"))
        for key in ("headcount", "current_pay", "title"):
            if key in raw:
                check.add(
                    f"{where}.{key}",
                    "comes from the roster, which lists the people one per row; beside a "
                    "roster of people, roles gives planned hires only (role, "
                    "planned_hires and start)",
                )
        role = resolve_role(check, f"{where}.role", raw["role"], edition) if "role" in raw else None
        hires = check.whole(f"{where}.planned_hires", raw.get("planned_hires")) if "planned_hires" in raw else None
        if role is None or hires is None:
            continue
        if role in seen:
            check.add(f"{where}.role", f"{role!r} is already listed at {seen[role]}; give each role once")
            continue
        seen[role] = where
        if role in planned:
            check.add(
                f"{where}.planned_hires",
                f"the planned hires of {role!r} are in the roster too "
                f"({rows_text(list(rows.get(role, ())))}); give them in one place",
            )
            continue
        planned[role] = RoleEntry(role=role, planned_hires=hires)
    return tuple(planned.values())


def _transitions(check: Checker, value: object, edition: Edition) -> tuple[TransitionEntry, ...]:
    if value is MISSING or value is None:
        return ()
    if not isinstance(value, list):
        check.add("transitions", f"expected a list (lines starting with '- from:'), got {describe(value)}")
        return ()
    traditional = [p.traditional_role for p in edition.premiums]
    entries: list[TransitionEntry] = []
    seen: dict[str, str] = {}
    for i, raw in enumerate(value):
        where = f"transitions[{i}]"
        if (raw := check.mapping(where, raw)) is None:
            continue
        check.keys(where, raw, TRANSITION_KEYS, required=TRANSITION_KEYS)
        role = check.text(f"{where}.from", raw.get("from"), required=True) if "from" in raw else None
        premium = edition.find_premium(role) if role else None
        if role and premium is None:
            check.add(
                f"{where}.from",
                f"unknown traditional role {role!r}{did_you_mean(role, traditional)}; "
                f"expected one of: {', '.join(traditional)}",
            )
        if premium is not None and fold(premium.traditional_role) in seen:
            check.add(
                f"{where}.from",
                f"{premium.traditional_role!r} is already listed at "
                f"{seen[fold(premium.traditional_role)]}; give each role once",
            )
            premium = None
        elif premium is not None:
            seen[fold(premium.traditional_role)] = where
        count = check.whole(f"{where}.count", raw.get("count"), minimum=1, default=None) if "count" in raw else None
        pay = (
            check.number(f"{where}.current_pay", raw.get("current_pay"), required=True)
            if "current_pay" in raw
            else None
        )
        if pay is not None and pay < MIN_PAY_CNY:
            check.add(
                f"{where}.current_pay",
                f"expected CNY per person per year (e.g. 500000), got "
                f"{describe(raw.get('current_pay'))}: is it in CNY 10K?",
            )
            pay = None
        if premium is not None and count is not None and pay is not None:
            entries.append(TransitionEntry(from_=premium.traditional_role, count=count, current_pay=pay))
    return tuple(entries)


# --- costs: on-costs, fees, the budget year and when hires start -------------------------

_PERCENT = re.compile(r"[+-]?\d+(\.\d+)?\s*%")
_MONTH = re.compile(r"(\d{4})-(\d{2})(-\d{2})?")


def _costs(check: Checker, value: object, briefing: BriefingOptions | None) -> Costs | None:
    """The `costs:` section; every key is optional and off (or its default) when left out."""
    if value is MISSING or value is None:
        return Costs()
    section = _section(check, "costs", value, COSTS_KEYS)
    if section is None:
        return None
    rate = _rate(check, "costs.oncost_rate", section.get("oncost_rate"))
    cap = check.number("costs.oncost_cap", section.get("oncost_cap"))
    if cap is not None and cap > MAX_CAP_MONTHLY:
        check.add(
            "costs.oncost_cap",
            f"expected CNY per person per month (e.g. 36921), got "
            f"{describe(section.get('oncost_cap'))}: is it per year?",
        )
        cap = None
    fee = _rate(check, "costs.recruiting_fee", section.get("recruiting_fee"))
    sign_on = check.number("costs.sign_on", section.get("sign_on"), positive=False, minimum=0)
    year = None
    if section.get("budget_year") is not None:
        year = check.whole("costs.budget_year", section["budget_year"], minimum=2000, maximum=2100)
    start: int | None = 1
    if section.get("fiscal_year_start") is not None:
        start = Checker(check.source).whole("", section["fiscal_year_start"], minimum=1, maximum=12)
        if start is None:
            check.add(
                "costs.fiscal_year_start",
                f"expected the month the budget year starts, from 1 (January) "
                f"to 12 (December), got {describe(section['fiscal_year_start'])}",
            )
            start = None
    raise_effective = None
    if section.get("raise_effective") is not None:
        raise_effective = _month(check, "costs.raise_effective", section["raise_effective"])
    if start is None or briefing is None:
        return None
    costs = Costs(
        oncost_rate=rate,
        oncost_cap=cap,
        recruiting_fee=fee,
        sign_on=sign_on,
        budget_year=year,
        fiscal_year_start=start,
        raise_effective=raise_effective,
    )
    budget_year = year if year is not None else timeline.default_year(briefing.date, start)
    if raise_effective is not None and not _in_budget_year(
        check, "costs.raise_effective", raise_effective, budget_year, start
    ):
        costs = dataclasses.replace(costs, raise_effective=None)  # reported; start months are still checked
    return costs


def _rate(check: Checker, where: str, value: object) -> float | None:
    """A share from 0 to 1 (0.3) or a percentage (30%); anything outside 0..100% is refused."""
    if value is MISSING or value is None:
        return None
    if isinstance(value, str) and _PERCENT.fullmatch(value.strip()):
        share = float(value.strip().rstrip("%").strip()) / 100
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        share = float(value)
        if 1 < share <= 100:
            check.add(
                where,
                f"expected a share from 0 to 1 (0.3 = 30%) or a percentage written with %, got "
                f"{describe(value)}: did you mean {describe(value)}%?",
            )
            return None
    else:
        check.add(where, f"expected a rate from 0 to 100% (e.g. 0.3 or 30%), got {describe(value)}")
        return None
    if not 0 <= share <= 1:
        check.add(where, f"expected a rate from 0 to 100% (e.g. 0.3 or 30%), got {describe(value)}")
        return None
    return share


def _month(check: Checker, where: str, value: object) -> dt.date | None:
    """A month written YYYY-MM (a full date YYYY-MM-DD names its month), as the month's first day."""
    text = value.strip() if isinstance(value, str) else None
    match = _MONTH.fullmatch(text) if text else None
    if match and text:
        try:
            day = dt.date.fromisoformat(text) if match.group(3) else dt.date(int(match[1]), int(match[2]), 1)
            return day.replace(day=1)
        except ValueError:
            pass
    check.add(where, f"expected a month written YYYY-MM (e.g. 2027-03), got {describe(value)}")
    return None


def _in_budget_year(check: Checker, where: str, month: dt.date, year: int, start: int) -> bool:
    if timeline.month_index(month, year, start) is not None:
        return True
    first, last = timeline.months(year, start)[0], timeline.months(year, start)[-1]
    check.add(
        where,
        f"{month:%Y-%m} is outside the budget year {year} ({first:%Y-%m} to {last:%Y-%m}); "
        "pick a month in it, or set costs.budget_year",
    )
    return False


def _start_months(
    check: Checker,
    value: object,
    roles: tuple[RoleEntry, ...],
    costs: Costs | None,
    year: int | None,
    by_role: Edition | None = None,
) -> tuple[RoleEntry, ...]:
    """Each role line's `start`: one month for all its planned hires, or a list with one month per hire.

    Months are checked against the budget year where `costs` gives one (not when the section is refused).
    `by_role` (the edition), for `roles` beside a roster of people: its lines are matched by role, not position.
    """
    if not isinstance(value, list):
        return roles
    starts: dict[int, tuple[dt.date, ...]] = {}
    for i, raw in enumerate(value):
        if not isinstance(raw, Mapping) or raw.get("start") is None:
            continue
        where = f"roles[{i}].start"
        given = raw["start"]
        items = given if isinstance(given, list) else [given]
        inside = []
        for k, item in enumerate(items):
            at = f"{where}[{k}]" if isinstance(given, list) else where
            month = _month(check, at, item)
            if month is not None and (
                costs is None
                or _in_budget_year(
                    check,
                    at,
                    month,
                    year,  # type: ignore[arg-type]  # costs set: year is set
                    costs.fiscal_year_start,
                )
            ):
                inside.append(month)
        planned = Checker(check.source).whole(where, raw.get("planned_hires"))  # its own problems come from roles
        if planned == 0:
            check.add(where, "gives a start month, but planned_hires is 0: give planned_hires, or leave start out")
        elif planned is not None and isinstance(given, list) and len(items) != planned:
            check.add(
                where,
                f"gives {len(items)} start months for {planned} planned hires: give one month for "
                "all of them, or one month per hire",
            )
        elif planned is not None and len(inside) == len(items):
            starts[i] = tuple(inside)
    if check.problems:
        return roles  # the profile is refused anyway; lines and list items no longer correspond
    if by_role is not None:  # planned hires beside a roster: the roster's own lines come first
        named = {
            resolve_role(Checker(check.source), "", value[i]["role"], by_role): months  # checked already
            for i, months in starts.items()
        }
        return tuple(dataclasses.replace(entry, start=named.get(entry.role, entry.start)) for entry in roles)
    return tuple(dataclasses.replace(entry, start=starts.get(i, ())) for i, entry in enumerate(roles))
