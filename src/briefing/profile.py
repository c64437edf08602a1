"""Loading and validating a client profile (YAML), with its optional roster and logo."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

from .checks import MISSING, Checker, describe
from .delivery.fields import parse_commentary, parse_contacts
from .errors import ProfileError
from .fuzzy import did_you_mean
from .i18n import LangProblem, parse_langs
from .models import BriefingOptions, Client, Edition, Profile, RoleEntry, TransitionEntry, fold
from .roster import read_roster
from .yamlio import load_yaml

TOP_KEYS = ("client", "briefing", "roles", "roles_file", "transitions", "commentary", "commentary_by")
CLIENT_KEYS = ("name", "short_name", "employer_type", "headquarters", "industry", "logo", "contacts")
BRIEFING_KEYS = ("date", "target_percentile", "currency", "usd_cny", "age_to", "lang")
ROLE_KEYS = ("role", "title", "headcount", "planned_hires", "current_pay")
TRANSITION_KEYS = ("from", "count", "current_pay")
MAX_SHORT_NAME = 40  # characters: it stands in page headers and file names
MIN_PAY_CNY = 10_000  # below this a figure is almost surely typed in CNY 10K, not CNY
AGE_TO_MONTHS = 18  # benchmark pay is aged at most this far past the edition's effective date
DATE_YEARS_AFTER = 5  # a briefing dated later than this after its edition's effective date is a mistake


def load_profile(path: Path, edition: Edition, today: dt.date, *, logo_roots: tuple[Path, ...] = ()) -> Profile:
    """Read, parse and validate the profile at `path`; every problem is raised at once.

    A logo must lie in the profile's folder (or below it) or in one of `logo_roots` (the brand's folder).
    """
    source = str(path)
    data = load_yaml(path, source, ProfileError)
    return parse_profile(data, source=source, base_dir=path.parent, edition=edition, today=today,
                         logo_roots=logo_roots)


def parse_profile(data: object, *, source: str, base_dir: Path, edition: Edition, today: dt.date,
                  logo_roots: tuple[Path, ...] = ()) -> Profile:
    check = Checker(source)
    if not isinstance(data, Mapping):
        check.add("", f"expected a mapping with a 'client' section at the top, got {describe(data)}")
        raise ProfileError(check.problems)
    check.keys("", data, TOP_KEYS, required=("client",))

    client = _client(check, data.get("client", MISSING), base_dir, logo_roots)
    briefing = _briefing(check, data.get("briefing", MISSING), edition, today)
    roles: tuple[RoleEntry, ...] = ()
    roles_file = None
    if "roles" in data and "roles_file" in data:
        check.add("roles_file", "give either 'roles' or 'roles_file', not both")
    elif "roles_file" in data:
        roles_file, roles = _roster(check, data["roles_file"], base_dir, edition)
    elif "roles" in data:
        roles = _roles(check, data["roles"], edition)
    transitions = _transitions(check, data.get("transitions", MISSING), edition)
    commentary = parse_commentary(check, data.get("commentary", MISSING))
    commentary_by = check.text("commentary_by", data.get("commentary_by"))

    if check.problems:
        raise ProfileError(check.problems)
    return Profile(client=client, briefing=briefing, roles=roles, transitions=transitions, source=source,
                   roles_file=roles_file, commentary=commentary, commentary_by=commentary_by)


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
    employer_type = (check.choice("client.employer_type", section["employer_type"], ("foreign", "domestic"))
                     if "employer_type" in section else None)
    logo = None
    if section.get("logo") is not None:
        logo = _logo(check, section["logo"], base_dir, logo_roots)
    # every field is checked before giving up, so one bad value does not hide another
    short_name = check.text("client.short_name", section["short_name"], required=True) \
        if "short_name" in section else None
    if short_name is not None and (not any(c.isalnum() for c in short_name) or len(short_name) > MAX_SHORT_NAME):
        check.add("client.short_name", f"expected a short name with letters or digits, up to {MAX_SHORT_NAME} "
                                       f"characters, got {describe(short_name)}")
        short_name = None
    headquarters = check.text("client.headquarters", section.get("headquarters"))
    industry = check.text("client.industry", section.get("industry"))
    contacts = parse_contacts(check, section.get("contacts", MISSING))
    if not name or not employer_type:
        return None
    return Client(name=name, employer_type=employer_type, short_name=short_name,  # type: ignore[arg-type]
                  headquarters=headquarters, industry=industry, logo=logo, contacts=contacts)


def _logo(check: Checker, value: object, base_dir: Path, roots: tuple[Path, ...]) -> Path | None:
    from .images import ImageProblem, check_image

    name = check.text("client.logo", value)
    if name is None:
        return None
    path = (base_dir / name).resolve()
    # A profile is often shared: it must not make the tool embed any image the operator can read.
    allowed = [base_dir.resolve(), *(root.resolve() for root in roots)]
    if not any(path.is_relative_to(folder) for folder in allowed):
        check.add("client.logo", f"{name}: is outside the profile's folder ({allowed[0]})"
                                 + (f" and the brand's folder ({allowed[1]})" if len(allowed) > 1 else "")
                                 + "; copy the logo next to the profile")
        return None
    try:
        check_image(path)
    except ImageProblem as exc:
        check.add("client.logo", f"{name}: {exc}")
        return None
    return path


def _briefing(check: Checker, value: object, edition: Edition, today: dt.date) -> BriefingOptions | None:
    section = _section(check, "briefing", value, BRIEFING_KEYS)
    if section is None:
        if value is MISSING and _date_ok(check, today, edition, given=False):
            return BriefingOptions(date=today)
        return None
    date = check.date("briefing.date", section.get("date")) if "date" in section else today
    percentile = check.choice("briefing.target_percentile", section.get("target_percentile"), ("P50", "P75"), "P75")
    currency = check.choice("briefing.currency", section.get("currency"), ("CNY", "USD"), "CNY")
    usd_cny = check.number("briefing.usd_cny", section.get("usd_cny"), minimum=1, maximum=50)
    if currency == "USD" and usd_cny is None and section.get("usd_cny") is None:
        check.add("briefing.usd_cny", "is required when currency is USD: the CNY price of one US dollar, e.g. 7.10")
    age_to = check.date("briefing.age_to", section.get("age_to"))
    if age_to is not None and not _age_to_ok(check, age_to, edition):
        age_to = None
    if date is not None and not _date_ok(check, date, edition, given="date" in section):
        date = None
    lang: tuple[str, ...] | None = ("en",)
    if section.get("lang") is not None:
        try:
            lang = parse_langs(section["lang"])
        except LangProblem as exc:
            check.add("briefing.lang", str(exc))
            lang = None
    if None in (date, percentile, currency, lang):
        return None
    return BriefingOptions(date=date, target_percentile=percentile, currency=currency,  # type: ignore[arg-type]
                           usd_cny=usd_cny, age_to=age_to, lang=lang)  # type: ignore[arg-type]


def _months_after(day: dt.date, months: int) -> dt.date:
    """The same day of the month `months` later (the month's last day where it is shorter)."""
    import calendar

    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def _age_to_ok(check: Checker, age_to: dt.date, edition: Edition) -> bool:
    """`age_to` from the edition's effective date to `AGE_TO_MONTHS` after it: beyond, the aging is a guess."""
    start = edition.effective_date
    if age_to < start:
        check.add("briefing.age_to", f"expected a date on or after the edition's effective date "
                                     f"{start.isoformat()}, got {age_to.isoformat()}")
        return False
    if age_to > (end := _months_after(start, AGE_TO_MONTHS)):
        check.add("briefing.age_to", f"expected a date at most {AGE_TO_MONTHS} months after the edition's effective "
                                     f"date {start.isoformat()} (up to {end.isoformat()}), got {age_to.isoformat()}: "
                                     "aging pay further than that is a guess; use a newer edition")
        return False
    return True


def _date_ok(check: Checker, date: dt.date, edition: Edition, *, given: bool) -> bool:
    """The briefing date from a year before the edition's effective date to `DATE_YEARS_AFTER` years after it."""
    start, effective = _months_after(edition.effective_date, -12), edition.effective_date
    end = _months_after(effective, 12 * DATE_YEARS_AFTER)
    if start <= date <= end:
        return True
    what = date.isoformat() if given else f"{date.isoformat()} (today, used when briefing.date is not given)"
    check.add("briefing.date", f"expected a date from {start.isoformat()} to {end.isoformat()} (a year before to "
                               f"{DATE_YEARS_AFTER} years after edition {edition.id}'s effective date "
                               f"{effective.isoformat()}), got {what}")
    return False


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
