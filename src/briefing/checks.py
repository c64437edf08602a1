"""Typed reads from untrusted mappings that collect every problem instead of stopping at the first."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping

from .errors import Problem
from .fuzzy import did_you_mean

MISSING = object()
MAX_COUNT = 1_000_000  # people in one role line
MAX_NUMBER = 1e9  # CNY per person per year, and any other figure typed into a profile
_GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
MAX_TEXT = 2_000  # characters in one text value: a long company name fits, a pasted document does not


_NUMERAL = re.compile(r"[+-]?(\d[\d_,]*)(\.\d*)?([eE][+-]?\d+)?")
_LONG = 60  # digits beyond which a number is described by its length, not quoted


def _digits(value: int) -> str:
    try:
        return f"{len(str(abs(value))):,}"
    except ValueError:  # Python refuses to write out an int of over 4,300 digits
        return "over 4,300"


def describe(value: object) -> str:
    """How a found value is quoted in a message: its YAML type and a short repr."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**_LONG:
        return f"a number with {_digits(value)} digits"
    if isinstance(value, str) and len(value) > _LONG and _NUMERAL.fullmatch(value.strip()):
        return f"a number with {sum(c.isdigit() for c in value):,} digits"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean)"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, (list, tuple)):
        return "a list"
    text = repr(value) if isinstance(value, str) else getattr(value, "typed", None) or str(value)  # as typed
    return text if len(text) <= 60 else text[:57] + "..."


def not_a_character(text: str) -> tuple[int, str] | None:
    """The first code point of `text` that is not a Unicode scalar value meant for text, with why.

    Lone surrogates (from a "\\ud800" escape) cannot be written as UTF-8 at all; non-characters
    (U+FDD0..U+FDEF, U+FFFE, U+FFFF and their twins in every plane) are reserved for programs' own use.
    """
    if text.isascii():  # neither kind is ASCII: most text is answered without a look at each character
        return None
    for i, c in enumerate(text):
        code = ord(c)
        if 0xD800 <= code <= 0xDFFF:
            return i, "is half of a UTF-16 surrogate pair, not a character"
        if 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE:
            return i, "is a Unicode non-character, not meant for text"
    return None


def printable(text: str) -> str:
    """`text` with non-characters written as \\uXXXX escapes, so that a message about it can be printed."""
    if not_a_character(text) is None:
        return text
    return "".join(c if not_a_character(c) is None else f"\\u{ord(c):04x}" for c in text)


class Checker:
    """Reads values out of one source, noting problems as `Problem`s."""

    def __init__(self, source: str):
        self.source = source
        self.problems: list[Problem] = []

    def add(self, where: str, message: str) -> None:
        self.problems.append(Problem(self.source, where, message))

    def keys(self, where: str, mapping: Mapping, allowed: Iterable[str], required: Iterable[str] = ()) -> None:
        allowed = list(allowed)
        for key in mapping:
            if key not in allowed:
                key = printable(str(key))
                path = f"{where}.{key}" if where else key
                self.add(path, f"unknown key{did_you_mean(str(key), allowed)}; expected one of: {', '.join(allowed)}")
        for key in required:
            if key not in mapping:
                self.add(f"{where}.{key}" if where else key, "is required")

    def mapping(self, where: str, value: object) -> Mapping | None:
        if isinstance(value, Mapping):
            return value
        self.add(where, f"expected a mapping (key: value lines), got {describe(value)}")
        return None

    def text(self, where: str, value: object, *, required: bool = False) -> str | None:
        if value is MISSING or value is None:
            if required:
                self.add(where, "is required")
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.add(where, f"expected text, got {describe(value)}")
            return None
        text = getattr(value, "typed", None) or str(value)  # a YAML number as typed: 0777 stays 0777
        text = text.strip()
        if not text:
            if required:
                self.add(where, "must not be empty")
            return None
        if len(text) > MAX_TEXT:
            self.add(where, f"is {len(text):,} characters long; the limit is {MAX_TEXT:,}")
            return None
        control = next((c for c in text if unicodedata.category(c) == "Cc"), None)
        if control is not None:
            self.add(
                where,
                f"contains a control character (U+{ord(control):04X}) at position "
                f"{text.index(control) + 1}; write it on one line, without control characters",
            )
            return None
        if (bad := not_a_character(text)) is not None:
            at, why = bad
            self.add(
                where,
                f"contains U+{ord(text[at]):04X} at position {at + 1}, which {why}; "
                "remove it (it usually comes from a broken copy and paste or a \\u escape)",
            )
            return None
        return text

    def choice(self, where: str, value: object, choices: tuple[str, ...], default: str | None = None) -> str | None:
        if value is MISSING or value is None:
            if default is None:
                self.add(where, f"is required: one of {', '.join(choices)}")
            return default
        for choice in choices:
            if isinstance(value, str) and value.strip().casefold() == choice.casefold():
                return choice
        self.add(
            where, f"expected one of {', '.join(choices)}, got {describe(value)}{did_you_mean(str(value), choices)}"
        )
        return None

    def whole(
        self, where: str, value: object, *, minimum: int = 0, default: int | None = 0, maximum: int = MAX_COUNT
    ) -> int | None:
        if value is MISSING or value is None:
            if default is None:
                self.add(where, "is required")
            return default
        number = _as_number(value)
        if number is None or (isinstance(number, float) and math.isfinite(number) and not number.is_integer()):
            self.add(where, f"expected a whole number >= {minimum}, got {describe(value)}")
            return None
        if number < minimum:
            self.add(where, f"expected a whole number >= {minimum}, got {describe(value)}")
            return None
        if number > maximum:
            self.add(where, f"expected a whole number up to {maximum:,}, got {describe(value)}")
            return None
        return int(number)

    def number(
        self,
        where: str,
        value: object,
        *,
        positive: bool = True,
        required: bool = False,
        minimum: float | None = None,
        maximum: float | None = MAX_NUMBER,
    ) -> float | None:
        if value is MISSING or value is None:
            if required:
                self.add(where, "is required")
            return None
        number = _as_number(value)
        if number is None:
            self.add(where, f"expected a number, got {describe(value)}")
            return None
        if positive and not number > 0:
            self.add(where, f"expected a number > 0, got {describe(value)}")
            return None
        if minimum is not None and maximum is not None and not minimum <= number <= maximum:
            self.add(where, f"expected a number from {minimum:,.10g} to {maximum:,.10g}, got {describe(value)}")
            return None
        if maximum is not None and number > maximum:
            self.add(where, f"expected a number up to {maximum:,.10g}, got {describe(value)}")
            return None
        if not math.isfinite(number):
            self.add(where, f"expected a number, got {describe(value)}")
            return None
        return float(number)

    def date(self, where: str, value: object, *, required: bool = False) -> dt.date | None:
        if value is MISSING or value is None:
            if required:
                self.add(where, "is required")
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.add(where, f"expected a date written YYYY-MM-DD, got {describe(value)}")
        return None


def _as_number(value: object) -> float | int | None:
    """A number from a YAML/CSV value; text like '1,100,000' is accepted, '7,10' is not.

    A numeral too long for a float (a 5,001-digit headcount) is +-inf, so that every range check
    refuses it by its key; 'inf' and 'nan' written as words are not numbers.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):  # exact, whatever its size: never converted to float before a range check
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, str):
        try:
            text = value.strip()
            if "," in text and not _GROUPED.fullmatch(text):
                return None  # a decimal comma or a stray one: refuse rather than misread 7,10 as 710
            number = float(text.replace(",", "").replace("_", ""))
        except ValueError:
            return None
        if math.isinf(number) and _NUMERAL.fullmatch(text):
            return number
        return number if math.isfinite(number) else None
    return None
