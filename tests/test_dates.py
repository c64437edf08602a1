"""A briefing is true on its date: the briefing date walked across every horizon of the edition, in both languages.

On the day before a horizon a dated signal or recommendation reads as the benchmark put it; from the horizon on,
every deliverable says what the benchmark expected and that the date has passed, and a recommendation whose date
has passed is never the one marked as mattering most.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest
from conftest import TODAY, pdf_pages

from briefing.analysis import compute_analysis
from briefing.i18n import LANGS, catalogue
from briefing.models import Edition
from briefing.profile import parse_profile
from briefing.render.pdf import render_pdf
from briefing.render.xlsx import render_xlsx

# Profiles for which each employer type's dated recommendation is the key one while its date is ahead:
# a foreign R&D centre with no core roles, a domestic employer planning compute hires.
ROLES = {
    "foreign": [{"role": "AI Product Manager", "headcount": 2, "current_pay": 700_000}],
    "domestic": [{"role": "Compiler Engineer", "headcount": 3, "planned_hires": 2, "current_pay": 900_000}],
}


def flat(text: str) -> str:
    """Text without whitespace: wrapped lines and Chinese (which has no spaces) compare alike."""
    return "".join(text.split())


def statements(edition: Edition, employer_type: str):
    """The dated signals and the employer type's dated recommendations."""
    return [s for s in (*edition.signals, *edition.recommendations[employer_type]) if s.horizon]


def walk(edition: Edition) -> list[dt.date]:
    """The day before each horizon and the horizon itself."""
    horizons = {s.horizon for t in ROLES for s in statements(edition, t)}
    assert horizons, "the edition has no dated statements"
    return sorted({d for h in horizons for d in (h - dt.timedelta(days=1), h)})


def deliverables(edition: Edition, brand, employer_type: str, date: dt.date, lang: str):
    data = {
        "client": {"name": "Walk Co", "employer_type": employer_type},
        "briefing": {"date": date.isoformat(), "lang": lang},
        "roles": ROLES[employer_type],
    }
    analysis = compute_analysis(
        edition, parse_profile(data, source="walk.yaml", base_dir=Path.cwd(), edition=edition, today=TODAY)
    )
    pages = pdf_pages(render_pdf(analysis, brand, lang=lang))
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(analysis, brand, lang=lang)))
    strings = [flat(c.value) for ws in book for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    return analysis, pages, strings


def check_walk(edition: Edition, brand, employer_type: str, lang: str) -> None:
    words = edition.text(lang)
    mark = flat(catalogue(lang)("pdf.recommendations.key"))
    for date in walk(edition):
        analysis, pages, strings = deliverables(edition, brand, employer_type, date, lang)
        text = flat(" ".join(pages))
        for statement in statements(edition, employer_type):
            wording = (words.signals | words.recommendations)[statement.id]
            passed = date >= statement.horizon  # the horizon is the first day its date has passed
            now, other = (wording.after, wording.text) if passed else (wording.text, wording.after)
            where = f"{statement.id} on {date} in {lang}"
            assert flat(now) in text, f"{where}: the wording for this date is missing from the PDF"
            assert flat(other) not in text, f"{where}: the PDF reads as on the other side of {statement.horizon}"
            assert not any(flat(other) in s for s in strings), f"{where}: the workbook has the other wording"
        key = analysis.key_recommendation
        assert key.horizon is None or date < key.horizon, f"{key.id} is the key one on {date}, after its horizon"
        title = flat(words.recommendations[key.id].title)
        assert f"{title}{mark}" in text, f"{key.id} is not the one marked on {date}"
        for rec in analysis.recommendations:
            if rec is not key:
                assert f"{flat(words.recommendations[rec.id].title)}{mark}" not in text
        dated = [r for r in statements(edition, employer_type) if r in analysis.recommendations]
        if dated and all(date < r.horizon for r in dated):
            assert key in dated, f"before its horizon, the dated recommendation is still the key one ({date})"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("employer_type", ["foreign", "domestic"])
def test_every_horizon_of_the_shipped_edition(edition, brand, employer_type, lang):
    check_walk(edition, brand, employer_type, lang)


# --- the edition's age -------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_an_old_edition_is_named_in_the_summary(edition, brand, lang):
    note = {
        "en": "The benchmark edition took effect on 1 April 2026, {} months before this briefing",
        "zh": "本基准版本于2026年4月1日生效，距本简报已{}个月",
    }[lang]
    for date, months in ((dt.date(2026, 11, 30), 8), (dt.date(2026, 10, 2), 6), (dt.date(2026, 10, 1), None)):
        analysis, pages, _ = deliverables(edition, brand, "foreign", date, lang)
        summary = flat(pages[2])
        if months is None:
            assert flat(note.format(6)) not in flat(" ".join(pages)) and not analysis.stale
        else:
            assert flat(note.format(months)) in summary, date


def test_a_profile_without_a_date_is_told_its_figures_follow_the_run(edition):
    from briefing import api

    undated = api.analyze({"client": {"name": "Acme", "employer_type": "foreign"}}, today=dt.date(2026, 6, 1))
    assert undated.age_to == dt.date(2026, 6, 1)
    assert undated.warnings == (
        "the profile sets no briefing.date, so the briefing is dated 2026-06-01 (the day of "
        "the run, or --date) and pay is aged to it: set briefing.date for figures that stay "
        "the same from one run to the next",
    )
    dated = api.analyze({"client": {"name": "Acme", "employer_type": "foreign"}, "briefing": {"date": "2026-06-01"}})
    assert dated.warnings == ()


def test_a_profile_built_in_code_is_held_to_the_same_dates(edition):
    import dataclasses

    from briefing import api
    from briefing.errors import ProfileError

    profile = api.validate(
        {"client": {"name": "Acme", "employer_type": "foreign"}, "briefing": {"date": "2026-06-01"}}
    ).profile
    late = dataclasses.replace(profile, briefing=dataclasses.replace(profile.briefing, date=dt.date(2028, 1, 10)))
    with pytest.raises(
        ProfileError,
        match=r"briefing.date: expected a date within 18 months after the edition's "
        r"effective date 2026-04-01 \(up to 2027-10-01\), got 2028-01-10",
    ):
        api.analyze(late)
    assert api.analyze(late, allow_stale=True).aging_days == 649
    far = dataclasses.replace(profile, briefing=dataclasses.replace(profile.briefing, date=dt.date(2032, 1, 1)))
    for allow_stale in (False, True):  # a date that far is a mistake, not a stale edition: one message either way
        with pytest.raises(ProfileError) as caught:
            api.analyze(far, allow_stale=allow_stale)
        assert [(p.where, p.message) for p in caught.value.problems] == [
            (
                "briefing.date",
                "expected a date from 2025-04-01 to 2031-04-01 (a year before to 5 years after edition "
                "2026-q2's effective date 2026-04-01), got 2032-01-01",
            )
        ]
    early = dataclasses.replace(profile, briefing=dataclasses.replace(profile.briefing, age_to=dt.date(2026, 1, 1)))
    with pytest.raises(ProfileError, match=r"briefing\.age_to: expected a date on or after the edition's effective"):
        api.analyze(early)
