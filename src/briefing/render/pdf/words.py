"""The briefing's words in one language: catalogue messages, the edition's names, figures as its readers write them."""

from __future__ import annotations

import datetime as dt

from ... import fmt
from ...analysis import Analysis, RoleLine
from ...i18n import catalogue

SHORT = 200  # characters of free text (a client name, a role title) quoted in a sentence or the metadata


class Words:
    """Every user-facing string of the PDF comes from here; a key missing in a language is a KeyError."""

    def __init__(self, analysis: Analysis, lang: str):
        self.a = analysis
        self.lang = lang
        self.cat = catalogue(lang)
        self.ed = analysis.edition.text(lang)

    def __call__(self, key: str, **values: object) -> str:
        """The PDF message under `key` (pdf.yaml), placeholders filled in."""
        return self.cat(f"pdf.{key}", **values)

    def plural(self, key: str, n: int, /, **values: object) -> str:
        """The PDF message under `key` in its plural form for the count `n` (key.one / key.other)."""
        return self.cat.plural(f"pdf.{key}", n, **values)

    def common(self, key: str) -> str:
        """A word shared with the workbook (common.yaml): the title, "Confidential", employer types."""
        return self.cat(f"common.{key}")

    @property
    def employer(self) -> str:
        """'foreign employer' / '外资企业'."""
        return self.common(f"employer_type.{self.a.profile.client.employer_type}")

    def name(self, english: str) -> str:
        """A benchmark, specialization, driver, dimension or premium role name in this language."""
        return self.ed.name(english)

    def label(self, role: RoleLine) -> str:
        """A client role line as named to a reader: the client's own title as typed, else the benchmark name."""
        return role.title or self.name(role.role)

    def date(self, value: dt.date) -> str:
        return fmt.date(value, self.lang)

    def month(self, value: dt.date) -> str:
        return fmt.month(value, self.lang)

    def money(self, cny: float) -> str:
        """A client figure in the profile's currency with its unit: 'USD 140,845' / '140,845美元' / '19.44万元'."""
        return fmt.money(self.a.money(cny), self.a.currency, self.lang)

    def amount(self, cny: float) -> str:
        """A client figure for a table whose header names the unit (`unit`): '140,845'; CNY in Chinese as 万元."""
        if self.lang == "zh" and self.a.currency == "CNY":
            return fmt.wan(cny)
        return fmt.whole(self.a.money(cny))

    @property
    def unit(self) -> str:
        """The unit of `amount` for a table header: 'USD' / 'CNY' / '美元' / '万元'."""
        return self(f"unit.{self.a.currency}")

    def axis(self, ticks: list[float]) -> list[str]:
        """Position-chart ticks in `chart.unit`, one precision per axis: '500K' / '1.5M'; in Chinese in 万."""
        if self.lang == "zh":
            digits = fmt.places(t / 10_000 for t in ticks)
            return [fmt.wan(t, digits) for t in ticks]
        digits = fmt.places(t / 1_000_000 for t in ticks if abs(t) >= 1_000_000)
        return [fmt.compact(t, digits) for t in ticks]

    @property
    def currency(self) -> str:
        """How client figures are stated: 'USD, converted from CNY at 7.10 CNY per USD' / 'CNY'."""
        a = self.a
        if a.currency == "USD" and a.usd_cny:
            return self("currency.usd_converted", rate=fmt.rate(a.usd_cny))
        return self(f"currency.{a.currency}")

    def aging(self) -> str:
        """One sentence on what was done to benchmark pay, with the uplift of each of the client's roles
        (of every benchmark role when the profile lists none), as plain text."""
        a = self.a
        roles = {r.role for r in a.roles}
        lines = [b for b in a.benchmark if b.role in roles] or a.benchmark
        start, end = self.date(a.edition.effective_date), self.date(a.age_to)
        if not a.aged:
            return self("aging.published", start=start)
        uplifts = self.join(
            [self("aging.uplift", pct=fmt.pct(b.uplift, 1, sign=True), role=self.name(b.role)) for b in lines]
        )
        return self(f"aging.{a.aging}", start=start, end=end, uplifts=uplifts)

    def join(self, parts: list[str]) -> str:
        """'a', 'a and b', 'a, b and c' / 'a和b', 'a、b和c' (markup pieces)."""
        if len(parts) == 1:
            return parts[0]
        return self("join.sep").join(parts[:-1]) + self("join.last") + parts[-1]

    def paren(self, text: str, note: str) -> str:
        return self("join.paren", text=text, note=note)

    def sentences(self, parts: list[str]) -> str:
        return self("join.sentences").join(parts)


def short(text: str, limit: int = SHORT) -> str:
    """Free text cut with an ellipsis after `limit` characters, for sentences, headings and metadata."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"
