"""How figures are written for a reader (text and PDF); the workbook uses number formats instead."""

from __future__ import annotations

import datetime as dt
import unicodedata
from itertools import repeat


def display_width(text: str, wide: float = 2, narrow: float = 1) -> float:
    """Width in character cells: wide (CJK) characters count `wide`, every other character `narrow`."""
    if text.isascii():  # no wide character: the same sum, added in the same order, without a lookup per character
        return sum(repeat(narrow, len(text)))
    return sum(wide if unicodedata.east_asian_width(c) in "WF" else narrow for c in text)


def whole(value: float) -> str:
    """1234567.4 -> '1,234,567' (half away from zero, as a reader rounds)."""
    rounded = int(abs(value) + 0.5) * (1 if value >= 0 else -1)
    return f"{rounded:,}"


def money(value: float, currency: str, lang: str = "en") -> str:
    """'CNY 1,000,000' / 'USD 140,845'; in Chinese '100万元' / '1.18亿元' / '140,845美元'."""
    if lang == "zh":
        return f"{whole(value)}美元" if currency == "USD" else yuan(value)
    return f"{currency} {whole(value)}"


def yuan(value_cny: float) -> str:
    """CNY the way Chinese readers read it in a sentence: 万元 to one decimal (as the workbook shows 万元), a
    whole number without ".0"; 亿元 to two decimals from CNY 100 million.

    950000 -> '95万元', 194366 -> '19.4万元', 117700000 -> '1.18亿元'.
    """
    if abs(value_cny) >= 100_000_000:
        return f"{_trim(value_cny / 100_000_000)}亿元"
    return f"{wan(value_cny).removesuffix('.0')}万元"


def wan(value: float, digits: int = 1) -> str:
    """A figure in units of 10,000 (万) for a table whose header names the unit, at one precision for the whole
    column (the workbook's 万元 format shows one decimal): 194366 -> '19.4', 190000 -> '19.0'."""
    return fixed(value / 10_000, digits)


def _trim(value: float) -> str:
    """Two decimals at most, without trailing zeros, with thousands separators: 1234.50 -> '1,234.5'."""
    text = f"{value:,.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def fixed(value: float, digits: int) -> str:
    """`value` with thousands separators and exactly `digits` decimals: 72.5, 0 -> '72' is never wanted, so a
    column or a chart picks `digits` once with `places` for all its values."""
    return f"{value:,.{digits}f}"


def places(values, most: int = 1) -> int:
    """The fewest decimals (at most `most`) that show every one of `values` as `most` decimals would:
    one precision for a column or a chart. [95, 135] -> 0, [107.5, 95] -> 1."""
    values = list(values)
    for digits in range(most):
        if all(abs(round(v, most) - round(v, digits)) < 1e-9 for v in values):
            return digits
    return most


def table_value(value: float, digits: int = 0) -> str:
    """A published table value as printed in the source, at its column's precision: 95, 72.5 (digits=1: 95.0)."""
    return fixed(value, digits)


def pct(value: float, digits: int = 0, sign: bool = False) -> str:
    """0.28 -> '28%'; with sign: '+28%' / '-12%'."""
    text = f"{value * 100:{'+' if sign else ''}.{digits}f}%"
    return text.replace("-", "\u2212") if sign else text


def share(value: float) -> str:
    """A rate as typed: 0.3 -> '30%', 0.165 -> '16.5%', 0.1234 -> '12.34%'."""
    return f"{value * 100:.2f}".rstrip("0").rstrip(".") + "%"


def pct_range(low: float, high: float) -> str:
    """0.25, 0.35 -> '25%-35%'."""
    return f"{low * 100:.0f}%\u2013{high * 100:.0f}%"


def rate(value: float) -> str:
    """An exchange rate with at least two decimals: 7.1 -> '7.10', 7.1234 -> '7.1234'."""
    text = f"{value:.6f}".rstrip("0")
    return text if len(text.split(".")[1]) >= 2 else f"{value:.2f}"


def ratio(value: float) -> str:
    """A compa-ratio: 0.8421 -> '0.84'."""
    return f"{value:.2f}"


def count_range(low: int, high: int) -> str:
    return f"{low:,}\u2013{high:,}"


def month(value: dt.date, lang: str = "en") -> str:
    """2027-03-01 -> 'March 2027' / '2027年3月'."""
    return f"{value.year}年{value.month}月" if lang == "zh" else f"{value:%B %Y}"


def date(value: dt.date, lang: str = "en") -> str:
    """2026-12-01 -> '1 December 2026' / '2026年12月1日'."""
    if lang == "zh":
        return f"{value.year}年{value.month}月{value.day}日"
    return f"{value.day} {value:%B %Y}"


# --- for the PDF renderer: formatting only, no figure is computed here ------


def cny_10k(value_cny: float, digits: int = 1) -> str:
    """A CNY-per-year figure in the published unit of CNY 10K, at its chart's precision: 1075075 -> '107.5'."""
    return fixed(value_cny / 10_000, digits)


def factor(value: float) -> str:
    """An aging factor: 1.1316576 -> '1.1317'."""
    return f"{value:.4f}"


def compact(value: float, digits: int = 0) -> str:
    """A chart-axis value, millions at the axis's precision: 0 -> '0', 250000 -> '250K', 1500000 -> '1.5M'
    (digits=1: 1000000 -> '1.0M')."""
    if abs(value) >= 1_000_000:
        return f"{value / 1_000_000:.{digits}f}M"
    if abs(value) >= 1_000:
        return f"{value / 1_000:.0f}K"
    return f"{value:.0f}"
