"""Frozen models: the benchmark edition, the brand and the client profile as loaded."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, Literal

EmployerType = Literal["foreign", "domestic"]
Percentile = Literal["P50", "P75"]
Currency = Literal["CNY", "USD"]
CNY_10K = 10_000  # the benchmark's published unit: a table value of 95 is CNY 950,000
PUBLISHED: Final = "published"  # `age_to: published`: benchmark pay as published, not aged
AgeTo = dt.date | Literal["published"] | None  # None: aged to the briefing date


def fold(name: str) -> str:
    """Case-, space- and width-insensitive key for matching names a user typed (full-width （） match ())."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


# --- the benchmark edition -------------------------------------------------


@dataclass(frozen=True)
class BenchmarkRole:
    role: str
    aliases: tuple[str, ...]
    p50_cny_10k: float
    p75_cny_10k: float
    yoy: float
    key_driver: str


@dataclass(frozen=True)
class GapRow:
    specialization: str
    headcount_low: int
    headcount_high: int
    gap_low: int
    gap_high: int
    difficulty: int


@dataclass(frozen=True)
class Premium:
    dimension: str
    traditional_role: str
    ai_role: str
    premium_low: float
    premium_high: float


@dataclass(frozen=True)
class Source:
    id: str
    outlet: str
    date: dt.date
    subject: str


class Dated:
    """A statement of the edition that may name a date: its horizon is the first day that date has passed."""

    id: str  # declared by each subclass's dataclass fields
    horizon: dt.date | None

    def passed(self, on: dt.date) -> bool:
        """Whether, on `on`, the statement's date is past: its `after` wording applies."""
        return self.horizon is not None and on >= self.horizon


@dataclass(frozen=True)
class Signal(Dated):
    id: str
    source: Source
    title: str
    text: str  # a dated signal: its wording before the horizon
    horizon: dt.date | None = None
    after: str | None = None  # a dated signal: its wording once the horizon has passed


@dataclass(frozen=True)
class Recommendation(Dated):
    id: str
    when: str
    title: str
    text: str  # a dated recommendation: its wording before the horizon
    horizon: dt.date | None = None
    after: str | None = None  # ... and once it has passed, phrased for now


@dataclass(frozen=True)
class Wording:
    """A signal's or recommendation's words in one language; a dated one has a second text for after its horizon."""

    title: str
    text: str  # undated: the text; dated: the text before the horizon
    after: str | None = None

    def on(self, statement: Dated, day: dt.date) -> tuple[str, str]:
        """(title, text) as true on `day`."""
        return self.title, self.after if statement.passed(day) and self.after else self.text


@dataclass(frozen=True)
class EditionText:
    """An edition's words in one language: names keyed by their English form, narrative by id."""

    lang: str
    label: str
    unit: str
    basis: str
    names: dict[str, str]  # English role, key driver, specialization, dimension, traditional or AI role -> text
    sources: dict[str, str]  # source id -> subject
    signals: dict[str, Wording]  # signal id -> its words
    recommendations: dict[str, Wording]  # recommendation id -> its words

    def name(self, english: str) -> str:
        return self.names[english]

    def signal(self, signal: Signal, day: dt.date) -> tuple[str, str]:
        """A signal's (title, text) as true on `day`: after its horizon, the wording that says it has passed."""
        return self.signals[signal.id].on(signal, day)

    def recommendation(self, rec: Recommendation, day: dt.date) -> tuple[str, str]:
        """A recommendation's (title, text) as true on `day`."""
        return self.recommendations[rec.id].on(rec, day)


@dataclass(frozen=True)
class Edition:
    id: str
    label: str
    effective_date: dt.date
    currency: str
    unit: str
    basis: str
    sources: tuple[Source, ...]
    market_facts: dict[str, object]
    signals: tuple[Signal, ...]
    recommendations: dict[str, tuple[Recommendation, ...]]
    roles: tuple[BenchmarkRole, ...]
    gaps: tuple[GapRow, ...]
    premiums: tuple[Premium, ...]
    role_specializations: dict[str, tuple[str, ...]]
    infrastructure_roles: frozenset[str]
    core_roles: frozenset[str]
    path: Path
    texts: dict[str, EditionText] = field(default_factory=dict)  # language -> the edition's words

    def text(self, lang: str) -> EditionText:
        return self.texts[lang]

    def find_role(self, name: str) -> BenchmarkRole | None:
        """The benchmark role a user means by its name, an alias or its name in a translation (zh.yaml), in any case."""
        index = self.__dict__.get("_role_index")
        if index is None:  # built once: a roster asks for every row
            index = {}
            for role in reversed(self.roles):  # the first role wins a (refused) clash, as before
                names = [role.role, *role.aliases]
                names += [t.names[role.role] for lang, t in self.texts.items() if lang != "en" and role.role in t.names]
                index |= {fold(n): role for n in names}
            object.__setattr__(self, "_role_index", index)
        return index.get(fold(name))

    def find_premium(self, traditional_role: str) -> Premium | None:
        key = fold(traditional_role)
        return next((p for p in self.premiums if fold(p.traditional_role) == key), None)

    def gap(self, specialization: str) -> GapRow:
        return next(g for g in self.gaps if g.specialization == specialization)


@dataclass(frozen=True)
class History:
    """Where an edition sits among the editions of its data folder (ids sort by date)."""

    previous: Edition | None = None  # the edition just before it, loaded, when there is one
    newer: tuple[str, ...] = ()  # ids of the editions after it
    problem: str | None = None  # why the previous edition could not be used, when it could not


# --- the brand -------------------------------------------------------------


@dataclass(frozen=True)
class Sender:
    """Who a cover e-mail comes from: the consultant, by the brand file's `sender`."""

    name: str
    email: str


@dataclass(frozen=True)
class Brand:
    firm: str
    colors: dict[str, str]  # name -> "#RRGGBB"
    fonts: dict[str, Path]  # regular, bold, italic, cjk, cjk_bold -> TrueType file
    logo: Path | None
    source: str
    sender: Sender | None = None
    warnings: tuple[str, ...] = ()  # colours below WCAG AA contrast where the PDF sets text in them


# --- the client profile ----------------------------------------------------


@dataclass(frozen=True)
class Contact:
    """A person the briefing is sent to (`client.contacts`): only the cover e-mail reads it."""

    email: str
    name: str | None = None


@dataclass(frozen=True)
class Client:
    name: str
    employer_type: EmployerType
    short_name: str | None = None  # for page headers and file names; the name is shown in full elsewhere
    headquarters: str | None = None
    industry: str | None = None
    logo: Path | None = None
    contacts: tuple[Contact, ...] = ()


@dataclass(frozen=True)
class BriefingOptions:
    date: dt.date
    target_percentile: Percentile = "P75"
    currency: Currency = "CNY"
    usd_cny: float | None = None
    age_to: AgeTo = None  # a date, PUBLISHED, or None for the briefing date
    lang: tuple[str, ...] = ("en",)  # the deliverables' languages, each en | zh, in the order given
    date_given: bool = True  # False: the profile sets no date, so `date` is the day of the run (or --date)


@dataclass(frozen=True)
class RoleEntry:
    role: str  # the benchmark role's canonical name
    title: str | None = None  # the client's own job title for this line, free text
    headcount: int = 0
    planned_hires: int = 0
    current_pay: float | None = None  # CNY per person per year
    # start months (first days): one for all the planned hires, or one per hire; () = spread over the budget year
    start: tuple[dt.date, ...] = ()

    @property
    def label(self) -> str:
        """How the line is named to a reader: the client's title, else the benchmark role."""
        return self.title or self.role


@dataclass(frozen=True, slots=True)  # slots: a roster may hold 100,000 people
class PersonEntry:
    """One person of a per-person roster: what the analysis needs, nothing that names them."""

    key: str  # pseudonymous, P-0001 in the roster's row order: stable for the same roster
    role: str  # the benchmark role's canonical name
    title: str | None  # the client's job title, as typed
    current_pay: float | None  # CNY per year; None when the roster gives none
    row: int  # the roster row, for messages and the workbook (the client's own file, not a name)
    employee_id: str | None = None  # the client's employee ID, only with roster.keep_ids


@dataclass(frozen=True)
class TransitionEntry:
    from_: str  # the Table 1 traditional role (YAML key `from`)
    count: int
    current_pay: float  # CNY per person per year


@dataclass(frozen=True)
class Commentary:
    """The consultant's own words (`commentary`): one text for every language, or one per language."""

    text: str | None = None  # the same words whatever the language
    by_lang: dict[str, str] = field(default_factory=dict)  # language -> words, when given per language

    def for_lang(self, lang: str) -> str | None:
        return self.text if self.text is not None else self.by_lang.get(lang)


@dataclass(frozen=True)
class Costs:
    """The profile's `costs:` section: what a hire and a raise cost beyond pay, and the budget year.

    None means not given: an on-cost, fee or sign-on left out is off (zero); no cap means on-costs on full pay;
    no budget year means the first fiscal year that starts after the briefing date.
    """

    oncost_rate: float | None = None  # employer social insurance and housing fund, share of pay up to the cap
    oncost_cap: float | None = None  # CNY per person per month: the contribution base's upper limit
    recruiting_fee: float | None = None  # share of a hire's first-year pay
    sign_on: float | None = None  # CNY per hire
    budget_year: int | None = None
    fiscal_year_start: int = 1  # the month the fiscal (budget) year starts
    raise_effective: dt.date | None = None  # first day of the month raises take effect; None: the year's first


@dataclass(frozen=True)
class Profile:
    client: Client
    briefing: BriefingOptions
    roles: tuple[RoleEntry, ...] = ()
    transitions: tuple[TransitionEntry, ...] = ()
    source: str = "<profile>"
    costs: Costs = field(default_factory=Costs)
    roles_file: Path | None = field(default=None)
    # a per-person roster's people; their role lines are made by the analysis (with `roles` for planned hires)
    people: tuple[PersonEntry, ...] = ()
    commentary: Commentary | None = None
    commentary_by: str | None = None  # who signs the commentary; default: the brand's sender
