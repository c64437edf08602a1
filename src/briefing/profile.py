"""Loading and validating a client profile (YAML), with its optional roster and logo."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

from .checks import MISSING, Checker, describe
from .errors import ProfileError
from .fuzzy import did_you_mean
from .i18n import LANGS
from .models import BriefingOptions, Client, Edition, Profile, RoleEntry, TransitionEntry, fold
from .rolelines import MIN_PAY_CNY, ROLE_KEYS, role_entry, too_many_lines
from .yamlio import load_yaml

TOP_KEYS = ("client", "briefing", "roles", "roster", "roles_file", "transitions")
CLIENT_KEYS = ("name", "employer_type", "headquarters", "industry", "logo")
BRIEFING_KEYS = ("date", "target_percentile", "currency", "usd_cny", "age_to", "lang")
TRANSITION_KEYS = ("from", "count", "current_pay")


def load_profile(path: Path, edition: Edition, today: dt.date) -> Profile:
    """Read, parse and validate the profile at `path`; every problem is raised at once."""
    source = str(path)
    data = load_yaml(path, source, ProfileError)
    return parse_profile(data, source=source, base_dir=path.parent, edition=edition, today=today)


def parse_profile(data: object, *, source: str, base_dir: Path, edition: Edition, today: dt.date) -> Profile:
    check = Checker(source)
    if not isinstance(data, Mapping):
        check.add("", f"expected a mapping with a 'client' section at the top, got {describe(data)}")
        raise ProfileError(check.problems)
    check.keys("", data, TOP_KEYS, required=("client",))

    client = _client(check, data.get("client", MISSING), base_dir)
    briefing = _briefing(check, data.get("briefing", MISSING), edition, today)
    roles: tuple[RoleEntry, ...] = ()
    roles_file = None
    given = [k for k in ("roles", "roster", "roles_file") if k in data]
    if len(given) > 1:
        check.add(given[1], f"give one of 'roles', 'roster' or 'roles_file' (its short form), not "
                            f"{' and '.join(repr(k) for k in given)}")
    elif given and given[0] != "roles":
        roles_file, roles = _roster(check, given[0], data[given[0]], base_dir, edition)
    elif given:
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
    if not name or not employer_type:
        return None
    return Client(name=name, employer_type=employer_type,  # type: ignore[arg-type]
                  headquarters=check.text("client.headquarters", section.get("headquarters")),
                  industry=check.text("client.industry", section.get("industry")), logo=logo)


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


def _briefing(check: Checker, value: object, edition: Edition, today: dt.date) -> BriefingOptions | None:
    section = _section(check, "briefing", value, BRIEFING_KEYS)
    if section is None:
        return BriefingOptions(date=today) if value is MISSING else None
    date = check.date("briefing.date", section.get("date")) if "date" in section else today
    percentile = check.choice("briefing.target_percentile", section.get("target_percentile"), ("P50", "P75"), "P75")
    currency = check.choice("briefing.currency", section.get("currency"), ("CNY", "USD"), "CNY")
    usd_cny = check.number("briefing.usd_cny", section.get("usd_cny"), minimum=1, maximum=50)
    if currency == "USD" and usd_cny is None and section.get("usd_cny") is None:
        check.add("briefing.usd_cny", "is required when currency is USD: the CNY price of one US dollar, e.g. 7.10")
    age_to = check.date("briefing.age_to", section.get("age_to"))
    if age_to is not None and age_to < edition.effective_date:
        check.add("briefing.age_to", f"expected a date on or after the edition's effective date "
                                     f"{edition.effective_date.isoformat()}, got {age_to.isoformat()}")
        age_to = None
    lang = check.choice("briefing.lang", section.get("lang"), LANGS, "en")
    if None in (date, percentile, currency, lang):
        return None
    return BriefingOptions(date=date, target_percentile=percentile, currency=currency,  # type: ignore[arg-type]
                           usd_cny=usd_cny, age_to=age_to, lang=lang)


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
    """Role lines from the roster a `roster:` section (or `roles_file:`) names; its problems name the roster file."""
    from .roster import parse_roster_spec, read_roster  # the spreadsheet readers load only for a roster

    spec = parse_roster_spec(check, key, value, base_dir, edition)
    if spec is None:
        return None, ()
    roster_check = Checker(str(spec.path))  # as written, never resolved: a link is named as the user named it
    imported = read_roster(roster_check, spec, edition)
    check.problems.extend(roster_check.problems)
    return spec.path, imported.lines


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
