"""The consultant's commentary: an "Our view" section after the executive summary, escaped like every client
text except **bold**, signed, per language, refused when too long, left out (with a warning) where missing."""

from __future__ import annotations

import dataclasses
import io
import warnings

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, TODAY, pdf_pages
from pypdf import PdfReader

import briefing
from briefing.cli import main
from briefing.models import Sender

BASE = {
    "client": {"name": "Acme Robotics", "employer_type": "foreign"},
    "briefing": {"date": "2026-12-01"},
    "roles": [{"role": "LLM Training Engineer", "headcount": 4, "planned_hires": 2, "current_pay": 1_100_000}],
}
VIEW = (
    "Your pay for **LLM training engineers** sits below P75.\nThe gap\nwidens every quarter.\n\n"
    "We would start with the <i>inference</i> team & budget at P75 **from the first offer."
)


def pages(data: bytes) -> list[str]:
    return [" ".join(page.split()) for page in pdf_pages(data)]


def outline(data: bytes) -> list[str]:
    return [item.title for item in PdfReader(io.BytesIO(data)).outline]


def view_page(data: bytes, title: str) -> str:
    return next(p for p in pages(data)[2:] if f" {title} " in p)  # after the cover and the contents


@pytest.fixture(scope="module")
def both():
    zh = "贵司**大模型训练工程师**的薪酬\n低于市场P75水平。\n\n建议从推理团队入手。"
    profile = {**BASE, "commentary_by": "Dr. Mei Chen", "commentary": {"en": VIEW, "zh": zh}}
    return briefing.generate(profile, lang=["en", "zh"], today=TODAY)


def test_our_view_follows_the_executive_summary(both):
    en, zh = both.files["acme-robotics_2026-q2.pdf"], both.files["acme-robotics_2026-q2_zh.pdf"]
    assert outline(en)[2:4] == ["Executive summary", "Our view"]
    assert outline(zh)[2:4] == ["执行摘要", "我们的观点"]
    assert "Our view" in pages(en)[1]  # the contents page lists it


def test_text_as_typed_with_bold_paragraphs_and_a_signature(both):
    page = view_page(both.files["acme-robotics_2026-q2.pdf"], "Our view")
    # lines of one paragraph joined; the markup a consultant typed shown as typed; the unpaired ** kept
    assert "sits below P75. The gap widens every quarter." in page
    assert "the <i>inference</i> team & budget at P75 **from the first offer." in page
    assert "**LLM" not in page and "LLM training engineers sits" in page
    assert "\u2014 Dr. Mei Chen, Briefing Talent Advisory" in page
    zh = view_page(both.files["acme-robotics_2026-q2_zh.pdf"], "我们的观点")
    assert "贵司大模型训练工程师的薪酬低于市场P75水平。" in zh.replace(" ", "")  # no space between Chinese lines
    assert "\u2014\u2014Dr. Mei Chen，Briefing Talent Advisory" in zh


def test_bold_is_bold(both):
    reader = PdfReader(io.BytesIO(both.files["acme-robotics_2026-q2.pdf"]))
    page = next(p for p in reader.pages[2:] if "Our view" in p.extract_text())
    fonts: dict[str, set[str]] = {}

    def visit(text, cm, tm, font, size):
        if text.strip() and font is not None:
            fonts.setdefault(text.strip(), set()).add(font["/BaseFont"])

    page.extract_text(visitor_text=visit)
    bold = [t for t, faces in fonts.items() if "LLM training engineers" in t]
    assert bold and all(any("bold" in f.lower() for f in fonts[t]) for t in bold)


def test_one_text_serves_every_language_and_the_sender_signs_by_default():
    brand = dataclasses.replace(briefing.load_brand(), sender=Sender("Anna Berg", "anna.berg@example.com"))
    result = briefing.generate({**BASE, "commentary": "Pay **now**, or pay more later."}, lang="en,zh", brand=brand)
    assert "Pay now, or pay more later. \u2014 Anna Berg, Briefing Talent Advisory" in view_page(
        result.files["acme-robotics_2026-q2.pdf"], "Our view"
    )
    assert "Pay now, or pay more later." in view_page(result.files["acme-robotics_2026-q2_zh.pdf"], "我们的观点")


def test_a_language_missing_is_left_out_with_a_warning():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = briefing.generate({**BASE, "commentary": {"en": "Pay now."}}, lang=["en", "zh"])
    assert [str(w.message) for w in caught] == [
        "<profile>: commentary: has no 'zh' text, so the zh briefing has no 'Our view' section; add commentary.zh "
        "to include it"
    ]
    assert "Our view" in outline(result.files["acme-robotics_2026-q2.pdf"])
    assert "我们的观点" not in outline(result.files["acme-robotics_2026-q2_zh.pdf"])


def test_the_command_prints_the_warning_and_goes_on(tmp_path):
    profile = tmp_path / "p.yaml"
    profile.write_text(
        "client: {name: Acme, employer_type: foreign}\ncommentary:\n  zh: 现在就调薪。\n", encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["generate", "--profile", str(profile), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0
    assert (
        f"warning: {profile}: commentary: has no 'en' text, so the en briefing has no 'Our view' section"
        in result.stderr
    )


def test_no_commentary_no_section(foreign, brand):
    from briefing.render.pdf import render_pdf

    assert "Our view" not in outline(render_pdf(foreign, brand))


@pytest.mark.parametrize(
    "value,where,message",
    [
        ("x" * 3_001, "commentary", "is 3,001 characters long; the limit is 3,000 per language: shorten it"),
        (
            {"en": "ok", "zh": "长" * 3_500},
            "commentary.zh",
            "is 3,500 characters long; the limit is 3,000 per language",
        ),
        ({"en": "ok", "fr": "non"}, "commentary.fr", "unknown key"),
        ("", "commentary", "must not be empty"),
        (["a", "b"], "commentary", "expected text (paragraphs separated by blank lines), got a list"),
        ("bell \x07 here", "commentary", "contains a control character (U+0007)"),
    ],
)
def test_bad_commentary_is_refused_by_key(value, where, message):
    with pytest.raises(briefing.ProfileError) as caught:
        briefing.analyze({**BASE, "commentary": value})
    assert [(p.where, message in p.message) for p in caught.value.problems] == [(where, True)]


def test_the_delivery_fixture_commentary_is_within_the_limit():
    profile = briefing.validate(FIXTURES / "delivery" / "nordlicht.yaml", today=TODAY).profile
    assert profile.commentary is not None and set(profile.commentary.by_lang) == {"en", "zh"}
