"""How figures are written for a reader (text and PDF); the workbook uses number formats instead."""

from __future__ import annotations

import datetime as dt
import unicodedata


def display_width(text: str, wide: float = 2, narrow: float = 1) -> float:
    """Width in character cells: wide (CJK) characters count `wide`, every other character `narrow`."""
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
    """CNY the way Chinese readers read it: 万元 to two decimals, 亿元 from CNY 100 million.

    950000 -> '95万元', 194366 -> '19.44万元', 117700000 -> '1.18亿元'.
    """
    if abs(value_cny) >= 100_000_000:
        return f"{_trim(value_cny / 100_000_000)}亿元"
    return f"{wan(value_cny)}万元"


def wan(value: float) -> str:
    """A figure in units of 10,000 (万), for a table or axis whose header names the unit: 194366 -> '19.44'."""
    return _trim(value / 10_000)


def _trim(value: float) -> str:
    """Two decimals at most, without trailing zeros, with thousands separators: 1234.50 -> '1,234.5'."""
    text = f"{value:,.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def table_value(value: float) -> str:
    """A published table value as printed in the source: 95, 72.5."""
    return f"{value:g}"


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


def cny_10k(value_cny: float) -> str:
    """A CNY-per-year figure in the published unit of CNY 10K: 950000 -> '95', 1075075 -> '107.5'."""
    return f"{value_cny / 10_000:,.1f}".removesuffix(".0")


def factor(value: float) -> str:
    """An aging factor: 1.1316576 -> '1.1317'."""
    return f"{value:.4f}"


def compact(value: float) -> str:
    """A chart-axis value: 0 -> '0', 250000 -> '250K', 1500000 -> '1.5M'."""
    if abs(value) >= 1_000_000:
        return f"{value / 1_000_000:.1f}".removesuffix(".0") + "M"
    if abs(value) >= 1_000:
        return f"{value / 1_000:.0f}K"
    return f"{value:.0f}"
