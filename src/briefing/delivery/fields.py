"""Checking the profile and brand fields that only deliveries read: e-mail addresses, contacts, commentary."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from ..checks import MISSING, Checker, describe
from ..i18n import LANGS
from ..models import Brand, Commentary, Contact, Profile

MAX_CONTACTS = 20
MAX_COMMENTARY = 3_000  # characters per language: about one page of the briefing
CONTACT_KEYS = ("name", "email")
# A sane address, beyond what the e-mail parser accepts: one @, no spaces or brackets, a dotted domain.
_ADDRESS = re.compile(r"[^@\s<>(),;:\"\[\]\\]+@[^@\s<>(),;:\"\[\]\\]+\.[^@\s<>(),;:\"\[\]\\.]{2,}")


def address_problem(text: str) -> str | None:
    """Why `text` is not a single e-mail address a mail client would accept, or None."""
    from email.errors import HeaderParseError
    from email.headerregistry import Address
    from email.utils import parseaddr

    if not _ADDRESS.fullmatch(text) or ".." in text or text.split("@")[1].startswith("."):
        return "expected one e-mail address like name@example.com"
    if parseaddr(text)[1] != text:  # the standard library reads it as something else
        return "expected one e-mail address like name@example.com, without a name or brackets around it"
    try:
        Address(addr_spec=text)
    except (ValueError, IndexError, HeaderParseError) as exc:
        return f"is not a valid e-mail address ({exc})"
    return None


def check_address(check: Checker, where: str, value: object) -> str | None:
    text = check.text(where, value, required=True)
    if text is None:
        return None
    if (problem := address_problem(text)) is not None:
        check.add(where, f"{problem}, got {describe(value)}")
        return None
    return text


def parse_contacts(check: Checker, value: object) -> tuple[Contact, ...]:
    """`client.contacts`: a list of {name, email}, the cover e-mail's recipients."""
    if value is MISSING or value is None:
        return ()
    if not isinstance(value, list):
        check.add(
            "client.contacts", f"expected a list of contacts (lines starting with '- name:'), got {describe(value)}"
        )
        return ()
    if len(value) > MAX_CONTACTS:
        check.add("client.contacts", f"lists {len(value)} contacts; the limit is {MAX_CONTACTS}")
        return ()
    contacts: list[Contact] = []
    seen: dict[str, str] = {}
    for i, raw in enumerate(value):
        where = f"client.contacts[{i}]"
        if (raw := check.mapping(where, raw)) is None:
            continue
        check.keys(where, raw, CONTACT_KEYS, required=("email",))
        name = check.text(f"{where}.name", raw.get("name"))
        email = check_address(check, f"{where}.email", raw["email"]) if "email" in raw else None
        if email is not None and email.casefold() in seen:
            check.add(f"{where}.email", f"{email} is already listed at {seen[email.casefold()]}")
            continue
        if email is not None:
            seen[email.casefold()] = where
            contacts.append(Contact(email=email, name=name))
    return tuple(contacts)


def _commentary_text(check: Checker, where: str, value: object) -> str | None:
    """Paragraphs of plain text: line breaks allowed, other control characters not, at most MAX_COMMENTARY."""
    if value is None or isinstance(value, bool) or not isinstance(value, str):
        check.add(where, f"expected text (paragraphs separated by blank lines), got {describe(value)}")
        return None
    text = "\n".join(line.rstrip() for line in value.replace("\r\n", "\n").strip().split("\n"))
    if not text:
        check.add(where, "must not be empty; leave the key out for a briefing without commentary")
        return None
    if len(text) > MAX_COMMENTARY:
        check.add(where, f"is {len(text):,} characters long; the limit is {MAX_COMMENTARY:,} per language: shorten it")
        return None
    control = next((c for c in text if unicodedata.category(c) == "Cc" and c not in "\n\t"), None)
    if control is not None:
        check.add(
            where,
            f"contains a control character (U+{ord(control):04X}) at position "
            f"{text.index(control) + 1}; only line breaks are allowed",
        )
        return None
    return text.replace("\t", " ")


def parse_commentary(check: Checker, value: object) -> Commentary | None:
    """`commentary`: one text for every language, or `{en: ..., zh: ...}`."""
    if value is MISSING or value is None:
        return None
    if isinstance(value, Mapping):
        check.keys("commentary", value, LANGS)
        texts = {lang: _commentary_text(check, f"commentary.{lang}", value[lang]) for lang in LANGS if lang in value}
        if not value:
            check.add("commentary", "expected text, or text per language (en: ..., zh: ...), got an empty mapping")
        return Commentary(by_lang={k: v for k, v in texts.items() if v is not None})
    text = _commentary_text(check, "commentary", value)
    return Commentary(text=text) if text is not None else None


def missing_commentary(commentary: Commentary | None, langs: tuple[str, ...]) -> list[str]:
    """The languages of `langs` that a per-language commentary has no text for."""
    if commentary is None or commentary.text is not None:
        return []
    return [lang for lang in langs if lang not in commentary.by_lang]


def delivery_warnings(profile: Profile, brand: Brand, langs: tuple[str, ...], email: bool) -> list[str]:
    """What a run will leave out, said before it does (printed as warnings, never an error)."""
    found = [
        f"{profile.source}: commentary: has no {lang!r} text, so the {lang} briefing has no 'Our view' "
        f"section; add commentary.{lang} to include it"
        for lang in missing_commentary(profile.commentary, langs)
    ]
    if email and not profile.client.contacts:
        found.append(f"{profile.source}: client.contacts: none given, so the cover e-mail has no recipient")
    if email and brand.sender is None:
        found.append(
            f"{brand.source}: sender: none given, so the cover e-mail has no sender (the mail program fills it in)"
        )
    return found
