"""Loading and validating a client profile (YAML), with its optional roster and logo."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

from .checks import MISSING, Checker, describe
from .dates import MAX_AGING_MONTHS, aging_limit
from .errors import ProfileError
from .fuzzy import did_you_mean
from .i18n import LANGS
from .models import (PUBLISHED, AgeTo, BriefingOptions, Client, Edition, Profile, RoleEntry, TransitionEntry,
                     fold)
from .roster import read_roster
from .yamlio import load_yaml

TOP_KEYS = ("client", "briefing", "roles", "roles_file", "transitions")
CLIENT_KEYS = ("name", "employer_type", "headquarters", "industry", "logo")
BRIEFING_KEYS = ("date", "target_percentile", "currency", "usd_cny", "age_to", "lang")
ROLE_KEYS = ("role", "title", "headcount", "planned_hires", "current_pay")
TRANSITION_KEYS = ("from", "count", "current_pay")
MIN_PAY_CNY = 10_000  # below this a figure is almost surely typed in CNY 10K, not CNY


def load_profile(path: Path, edition: Edition, today: dt.date, *, allow_stale: bool = False) -> Profile:
    """Read, parse and validate the profile at `path`; every problem is raised at once.

    `today` is the briefing date of a profile without `briefing.date`; `allow_stale` lets pay be aged more
    than 18 months past the edition's effective date.
    """
    source = str(path)
    data = load_yaml(path, source, ProfileError)
    return parse_profile(data, source=source, base_dir=path.parent, edition=edition, today=today,
                         allow_stale=allow_stale)


def parse_profile(data: object, *, source: str, base_dir: Path, edition: Edition, today: dt.date,
                  allow_stale: bool = False) -> Profile:
    check = Checker(source)
    if not isinstance(data, Mapping):
        check.add("", f"expected a mapping with a 'client' section at the top, got {describe(data)}")
        raise ProfileError(check.problems)
    check.keys("", data, TOP_KEYS, required=("client",))

    client = _client(check, data.get("client", MISSING), base_dir)
    briefing = _briefing(check, data.get("briefing", MISSING), edition, today, allow_stale)
    roles: tuple[RoleEntry, ...] = ()
    roles_file = None
    if "roles" in data and "roles_file" in data:
        check.add("roles_file", "give either 'roles' or 'roles_file', not both")
    elif "roles_file" in data:
        roles_file, roles = _roster(check, data["roles_file"], base_dir, edition)
    elif "roles" in data:
        roles = _roles(check, data["roles"], edition)
    transitions = _transitions(check, data.get("transitions", MISSING), edition)

    if check.problems:
        raise ProfileError(check.problems)
    return Profile(client=client, briefing=briefing, roles=roles, transitions=transitions, source=source,
                   roles_file=roles_file)


def _section(check: Checker, where: str, value: object, keys: tuple[str, ...], required: tuple[str, ...] = ()):
    if value is MISSING:  # a missing required section is reported with the top-level keys
        return None
    section = check.mapping(where, value)
    if section is not None:
        check.keys(where, section, keys, required=required)
    return section


def _client(check: Checker, value: object, base_dir: Path) -> Client | None:
    section = _section(check, "client", value, CLIENT_KEYS, required=("name", "employer_type"))
    if section is None:
        return None
    name = check.text("client.name", section["name"], required=True) if "name" in section else None
    employer_type = (check.choice("client.employer_type", section["employer_type"], ("foreign", "domestic"))
                     if "employer_type" in section else None)
    logo = None
    if section.get("logo") is not None:
        logo = _logo(check, section["logo"], base_dir)
    # every field is checked before giving up, so one bad value does not hide another
    headquarters = check.text("client.headquarters", section.get("headquarters"))
    industry = check.text("client.industry", section.get("industry"))
    if not name or not employer_type:
        return None
    return Client(name=name, employer_type=employer_type,  # type: ignore[arg-type]
                  headquarters=headquarters, industry=industry, logo=logo)


def _logo(check: Checker, value: object, base_dir: Path) -> Path | None:
    from .images import ImageProblem, check_image

    name = check.text("client.logo", value)
    if name is None:
        return None
    path = (base_dir / name).resolve()
    try:
        check_image(path)
    except ImageProblem as exc:
        check.add("client.logo", f"{name}: {exc}")
        return None
    return path


def _briefing(check: Checker, value: object, edition: Edition, today: dt.date,
              allow_stale: bool) -> BriefingOptions | None:
    section = _section(check, "briefing", value, BRIEFING_KEYS)
    if section is None and value is not MISSING:
        return None
    section = section or {}
    date = check.date("briefing.date", section.get("date")) if "date" in section else today
    percentile = check.choice("briefing.target_percentile", section.get("target_percentile"), ("P50", "P75"), "P75")
    currency = check.choice("briefing.currency", section.get("currency"), ("CNY", "USD"), "CNY")
    usd_cny = check.number("briefing.usd_cny", section.get("usd_cny"), minimum=1, maximum=50)
    if currency == "USD" and usd_cny is None and section.get("usd_cny") is None:
        check.add("briefing.usd_cny", "is required when currency is USD: the CNY price of one US dollar, e.g. 7.10")
    age_to = _age_to(check, section.get("age_to"))
    if date is not None and (problem := aging_problem(age_to, date, edition, allow_stale, dated="date" in section)):
        check.add(*problem)
    lang = check.choice("briefing.lang", section.get("lang"), LANGS, "en")
    if None in (date, percentile, currency, lang):
        return None
    return BriefingOptions(date=date, target_percentile=percentile, currency=currency,  # type: ignore[arg-type]
                           usd_cny=usd_cny, age_to=age_to, lang=lang, date_given="date" in section)


def _age_to(check: Checker, value: object) -> AgeTo:
    """`briefing.age_to`: a date, or `published` for the benchmark as published; absent: the briefing date."""
    if isinstance(value, str) and value.strip().casefold() == PUBLISHED:
        return PUBLISHED
    probe = Checker(check.source)
    day = probe.date("briefing.age_to", value)
    if probe.problems:
        check.add("briefing.age_to", f"expected a date written YYYY-MM-DD, got {describe(value)} "
                                     f"(or {PUBLISHED}, for the benchmark pay as published)")
    return day


def aging_problem(age_to: AgeTo, date: dt.date, edition: Edition, allow_stale: bool,
                  dated: bool = True) -> tuple[str, str] | None:
    """(key, message) when pay would be aged to before the edition's effective date, or more than 18 months past it.

    A yearly growth rate carried that far is a forecast, not an aged benchmark: refused unless `allow_stale`.
    `dated` tells whether the briefing date was written in the profile (else it is today or --date).
    """
    if isinstance(age_to, dt.date) and age_to < edition.effective_date:
        return "briefing.age_to", (f"expected a date on or after the edition's effective date "
                                   f"{edition.effective_date.isoformat()}, got {age_to.isoformat()}")
    if allow_stale or age_to == PUBLISHED:
        return None
    aging_to = age_to if isinstance(age_to, dt.date) else date
    limit = aging_limit(edition.effective_date)
    if aging_to <= limit:
        return None
    expected = (f"expected a date within {MAX_AGING_MONTHS} months after the edition's effective date "
                f"{edition.effective_date.isoformat()} (up to {limit.isoformat()}), got {aging_to.isoformat()}")
    if isinstance(age_to, dt.date):
        return "briefing.age_to", (f"{expected}; aging pay further extrapolates a yearly growth: use a newer "
                                   f"edition or an earlier age_to, or pass --allow-stale")
    given = "" if dated else " (the profile sets no date, so this is today's date or --date)"
    return "briefing.date", (f"{expected}{given}; benchmark pay is aged to the briefing date by default: use a "
                             f"newer edition, set briefing.age_to (a date, or {PUBLISHED}), or pass --allow-stale")


def resolve_role(check: Checker, where: str, name: object, edition: Edition) -> str | None:
    """The canonical benchmark role for a name or alias the user typed, or a problem naming the closest."""
    text = check.text(where, name, required=True)
    if text is None:
        return None
    role = edition.find_role(text)
    if role is None:
        names = [r.role for r in edition.roles]
        aliases = [a for r in edition.roles for a in r.aliases]
        hint = did_you_mean(text, names + aliases)
        check.add(where, f"unknown role {text!r}{hint}; benchmark roles: {'; '.join(names)}")
        return None
    return role.role


def role_entry(check: Checker, where: str, raw: Mapping, edition: Edition, seen: dict[tuple, str],
               field: dict[str, str] | None = None) -> RoleEntry | None:
    """One role line from a profile item or a roster row; `field` maps keys to how messages name them."""
    def at(key: str) -> str:
        return f"{where}{(field or {}).get(key, '.' + key)}"

    # a missing `role` key is reported once, with the other required keys
    role = resolve_role(check, at("role"), raw.get("role"), edition) if "role" in raw else None
    title = check.text(at("title"), raw.get("title"))
    headcount = check.whole(at("headcount"), raw.get("headcount"))
    planned = check.whole(at("planned_hires"), raw.get("planned_hires"))
    pay = check.number(at("current_pay"), raw.get("current_pay"))
    if pay is not None and pay < MIN_PAY_CNY:
        check.add(at("current_pay"), f"expected CNY per person per year (e.g. 1100000), got "
                                     f"{describe(raw.get('current_pay'))}: is it in CNY 10K?")
        pay = None
    if role is not None:
        key = (fold(role), fold(title or ""))
        if key in seen:
            named = f"{role!r} with title {title!r}" if title else repr(role)
            check.add(at("title" if title else "role"), f"{named} is already listed at {seen[key]}; give each line "
                                                        "once, or tell lines of one role apart with 'title'")
            return None
        seen[key] = where
    if None in (role, headcount, planned) or (raw.get("current_pay") is not None and pay is None):
        return None
    return RoleEntry(role=role, title=title, headcount=headcount, planned_hires=planned,  # type: ignore[arg-type]
                     current_pay=pay)


def _roles(check: Checker, value: object, edition: Edition) -> tuple[RoleEntry, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        check.add("roles", f"expected a list of roles (lines starting with '- role:'), got {describe(value)}")
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


def _roster(check: Checker, value: object, base_dir: Path, edition: Edition):
    name = check.text("roles_file", value, required=True)
    if name is None:
        return None, ()
    path = (base_dir / name).resolve()
    roster_check = Checker(str(path))
    entries = read_roster(roster_check, path, edition)
    check.problems.extend(roster_check.problems)
    return path, entries


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
            check.add(f"{where}.from", f"unknown traditional role {role!r}{did_you_mean(role, traditional)}; "
                                       f"expected one of: {', '.join(traditional)}")
        if premium is not None and fold(premium.traditional_role) in seen:
            check.add(f"{where}.from", f"{premium.traditional_role!r} is already listed at "
                                       f"{seen[fold(premium.traditional_role)]}; give each role once")
            premium = None
        elif premium is not None:
            seen[fold(premium.traditional_role)] = where
        count = check.whole(f"{where}.count", raw.get("count"), minimum=1, default=None) if "count" in raw else None
        pay = (check.number(f"{where}.current_pay", raw.get("current_pay"), required=True)
               if "current_pay" in raw else None)
        if pay is not None and pay < MIN_PAY_CNY:
            check.add(f"{where}.current_pay", f"expected CNY per person per year (e.g. 500000), got "
                                              f"{describe(raw.get('current_pay'))}: is it in CNY 10K?")
            pay = None
        if premium is not None and count is not None and pay is not None:
            entries.append(TransitionEntry(from_=premium.traditional_role, count=count, current_pay=pay))
    return tuple(entries)
