"""Cell values as HR exports write them: amounts with units (45k, 45万, ¥1,100,000, 110万元), counts (3人)."""

from __future__ import annotations

import math
import re
import unicodedata

_AMOUNT = re.compile(r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(k|w|万|千|m)?")
_UNIT = {None: 1, "k": 1_000, "千": 1_000, "w": 10_000, "万": 10_000, "m": 1_000_000}
_CURRENCY = ("¥", "cny", "rmb", "人民币")
_SUFFIX = ("元/年", "/年", "/year", "peryear", "元", "cny", "rmb", "yuan")
_RANGE = re.compile(r"\d[kw万千]?\s*(?:-|~|～|至|到|–|—)\s*[¥]?\d")
_COUNT_SUFFIX = ("人", "名", "位")


class ValueProblem(Exception):
    """Why a cell's value is refused (the caller names the cell)."""


def shown(value: object) -> str:
    """How a cell is quoted in a message."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = repr(value) if isinstance(value, str) else f"{value:,}" if isinstance(value, int) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def amount(value: object, column_unit: int = 1) -> float | None:
    """CNY from a pay cell: a number (times the column's unit, e.g. 10,000 for a (万元) column) or text with its
    own unit; None for an empty cell; `ValueProblem` for anything else."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueProblem(f"expected an amount, got {shown(value)}")
    if isinstance(value, (int, float)):
        if not math.isfinite(value):
            raise ValueProblem(f"expected an amount, got {shown(value)}")
        if value < 0:
            raise ValueProblem(f"expected a positive amount, got {shown(value)}")
        return float(value) * column_unit
    if not isinstance(value, str):
        raise ValueProblem(f"expected an amount, got {shown(value)}")
    if value.isascii() and value.isdigit():  # the common case of a text export, 1100000: no unit, nothing to strip
        return float(value) * column_unit
    text = unicodedata.normalize("NFKC", value).casefold().replace(" ", "").replace("\u00a0", "")
    if not text:
        return None
    if text.startswith(("-", "−", "(")) and any(ch.isdigit() for ch in text):
        raise ValueProblem(f"expected a positive amount, got {shown(value)}")
    if _RANGE.search(text):
        raise ValueProblem(f"is a range ({shown(value)}): give one figure per person per year")
    for mark in _CURRENCY:
        text = text.removeprefix(mark)
    for mark in _SUFFIX:
        text = text.removesuffix(mark)
    match = _AMOUNT.fullmatch(text)
    if match is None:
        raise ValueProblem(
            f"expected an amount such as 1100000, 1,100,000, ¥1,100,000, 110万 or 1100k, got {shown(value)}"
        )
    number = float(match.group(1).replace(",", ""))
    unit = match.group(2)
    return number * (_UNIT[unit] if unit else column_unit)


def count(value: object) -> object:
    """A headcount cell with its Chinese counter word dropped (3人 -> '3'); other values as they are."""
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()
        for mark in _COUNT_SUFFIX:
            text = text.removesuffix(mark)
        return text.strip() or None
    return value


def months(value: object) -> float | None:
    """Months of pay a year from a cell (12, 13, 14, 16, 13.5); `ValueProblem` outside 12 to 24."""
    if value is None:
        return None
    try:
        number = (
            float(
                unicodedata.normalize("NFKC", str(value))
                .strip()
                .removesuffix("薪")
                .removesuffix("个月")
                .removesuffix("months")
            )
            if not isinstance(value, (int, float))
            else float(value)
        )
    except ValueError:
        raise ValueProblem(f"expected months of pay a year (12 to 24, e.g. 13 or 14), got {shown(value)}") from None
    if not 12 <= number <= 24:
        raise ValueProblem(f"expected months of pay a year (12 to 24, e.g. 13 or 14), got {shown(value)}")
    return number
