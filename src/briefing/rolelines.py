"""Role lines, whatever the door: checking one line (a profile's `roles` item or a roster row) and the one limit.

Both `profile` and `roster` import this module; neither imports the other's checks.
"""

from __future__ import annotations

from collections.abc import Mapping

from .checks import Checker, describe
from .fuzzy import did_you_mean
from .models import Edition, RoleEntry, fold

ROLE_KEYS = ("role", "title", "headcount", "planned_hires", "current_pay")
MIN_PAY_CNY = 10_000  # below this a figure is almost surely typed in CNY 10K, not CNY
# Role lines in one briefing, inline `roles:` or a roster alike: what the PDF's tables can show on a few
# pages. Per-person rosters (one row per employee) are a separate, larger limit of their own.
MAX_ROLE_LINES = 2_000
# People in one per-person roster (one row per employee): the workbook holds a row for each, the PDF a dot (or,
# for a role of hundreds, a density strip); the analysis keeps them all in memory.
MAX_PEOPLE = 100_000


def too_many_lines(check: Checker, where: str, count: int, what: str = "role lines") -> bool:
    """Note a problem and return True when `count` lines exceed `MAX_ROLE_LINES`."""
    if count <= MAX_ROLE_LINES:
        return False
    check.add(
        where,
        f"gives {count:,} {what}; the limit is {MAX_ROLE_LINES:,} role lines, what one briefing "
        "can show: give one line per role (and title), with its headcount",
    )
    return True


def role_names(edition: Edition) -> list[str]:
    """Every name a user may give a benchmark role: English names, aliases and the edition's translations."""
    names = [r.role for r in edition.roles] + [a for r in edition.roles for a in r.aliases]
    for lang, text in edition.texts.items():
        if lang != "en":
            names += [text.names[r.role] for r in edition.roles if r.role in text.names]
    return names


def resolve_role(check: Checker, where: str, name: object, edition: Edition) -> str | None:
    """The benchmark role for a name, alias or Chinese name the user typed, or a problem naming the closest."""
    text = check.text(where, name, required=True)
    if text is None:
        return None
    role = edition.find_role(text)
    if role is None:
        names = [r.role for r in edition.roles]
        hint = did_you_mean(text, role_names(edition))
        check.add(where, f"unknown role {text!r}{hint}; benchmark roles: {'; '.join(names)}")
        return None
    return role.role


def role_entry(
    check: Checker,
    where: str,
    raw: Mapping,
    edition: Edition,
    seen: dict[tuple, str],
    field: dict[str, str] | None = None,
    role: str | None = None,
) -> RoleEntry | None:
    """One role line from a profile item or a roster row; `field` maps keys to how messages name them.

    `role` is given when the caller has already resolved it (a roster's `titles:`); otherwise `raw["role"]`
    is resolved here.
    """

    def at(key: str) -> str:
        return f"{where}{(field or {}).get(key, '.' + key)}"

    # a missing `role` key is reported once, with the other required keys
    if role is None:
        role = resolve_role(check, at("role"), raw.get("role"), edition) if "role" in raw else None
    title = check.text(at("title"), raw.get("title"))
    headcount = check.whole(at("headcount"), raw.get("headcount"))
    planned = check.whole(at("planned_hires"), raw.get("planned_hires"))
    pay = check.number(at("current_pay"), raw.get("current_pay"))
    if pay is not None and pay < MIN_PAY_CNY:
        check.add(
            at("current_pay"),
            f"expected CNY per person per year (e.g. 1100000), got "
            f"{describe(raw.get('current_pay'))}: is it in CNY 10K?",
        )
        pay = None
    if role is not None:
        key = (fold(role), fold(title or ""))
        if key in seen:
            named = f"{role!r} with title {title!r}" if title else repr(role)
            check.add(
                at("title" if title else "role"),
                f"{named} is already listed at {seen[key]}; give each line "
                "once, or tell lines of one role apart with 'title'",
            )
            return None
        seen[key] = where
    if role is None or headcount is None or planned is None or (raw.get("current_pay") is not None and pay is None):
        return None
    return RoleEntry(role=role, title=title, headcount=headcount, planned_hires=planned, current_pay=pay)
