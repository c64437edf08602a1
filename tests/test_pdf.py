"""The PDF briefing, checked as its readers see it: page text, bookmarks, metadata, fonts, layout limits."""

from __future__ import annotations

import dataclasses
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefing import fmt
from briefing.analysis import Analysis, compute_analysis
from briefing.models import RoleEntry
from briefing.render.pdf import render_pdf
from conftest import check_golden

GOLDEN = Path(__file__).parent / "golden"
SECTIONS = ["Cover", "Contents", "Executive summary", "The market", "Compensation benchmark", "Your position",
            "Talent supply", "Role restructuring", "Recommendations", "Method, sources and definitions"]
MARKUP = '<b>Acme & Co</b> <unclosed <img src="x"> <a href="y">z</a>'
ONE_MB = 1_000_000


@dataclasses.dataclass(frozen=True)
class Rendered:
    """A rendered PDF and its page text as pypdf extracts it."""

    data: bytes
    reader: PdfReader
    pages: list[str]

    @property
    def text(self) -> str:
        """All pages, whitespace collapsed: table cells and wrapped lines read as one line of words."""
        return " ".join(" ".join(self.pages).split())

    def page(self, n: int) -> str:
        return " ".join(self.pages[n - 1].split())


def render(analysis: Analysis, brand, paper: str = "A4", lang: str = "en") -> Rendered:
    data = render_pdf(analysis, brand, paper=paper, lang=lang)
    reader = PdfReader(io.BytesIO(data))
    return Rendered(data, reader, [page.extract_text() for page in reader.pages])


def pdf_tool(tool: str, data: bytes, tmp_path: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    """Run a poppler/qpdf tool on the PDF `data` as a reader's tool sees the file; skip where it is missing."""
    if not shutil.which(tool):
        pytest.skip(f"{tool} is not installed (poppler-utils / qpdf)")
    path = tmp_path / "briefing.pdf"
    path.write_bytes(data)
    return subprocess.run([tool, *args, str(path), *(["-"] if tool == "pdftotext" else [])], check=check,
                          capture_output=True, text=True)


def shown(text: str) -> str:
    """A formatted figure as the PDF prints it (the bundled Latin face has no U+2212, so a dash stands in)."""
    return text.replace("\u2212", "\u2013")


@pytest.fixture(scope="module")
def pdf_foreign(foreign, brand) -> Rendered:
    return render(foreign, brand)


@pytest.fixture(scope="module")
def pdf_domestic(domestic, brand) -> Rendered:
    return render(domestic, brand)


@pytest.fixture(scope="module")
def pdf_example(example, brand) -> Rendered:
    return render(example, brand)


@pytest.fixture(scope="module", params=["foreign", "domestic"])
def sample(request, pdf_foreign, pdf_domestic, foreign, domestic) -> tuple[Analysis, Rendered]:
    return {"foreign": (foreign, pdf_foreign), "domestic": (domestic, pdf_domestic)}[request.param]


# --- what a reader sees --------------------------------------------------------


def test_client_name_exactly_as_written(sample):
    analysis, pdf = sample
    name = analysis.profile.client.name
    assert name in pdf.page(1), "cover"
    for n in range(2, len(pdf.pages) + 1):
        assert name in pdf.page(n), f"running head of page {n}"


def test_chinese_names_in_text_layer(pdf_foreign, pdf_domestic):
    assert "Nordlicht Automation (上海) Co., Ltd." in pdf_foreign.text
    assert "深算科技 Shensuan Technology" in pdf_domestic.text
    assert "深圳 Shenzhen" in pdf_domestic.text


def test_every_role_and_its_figures(sample):
    analysis, pdf = sample
    for r in analysis.roles:
        assert r.label in pdf.text
        cost = "unknown" if r.total_cny is None else fmt.whole(analysis.money(r.total_cny))
        assert f"{fmt.whole(analysis.money(r.hiring_cost_cny))} {cost}" in pdf.text, r.label


def test_example_figures_in_its_currency(pdf_example):
    # LLM Training Engineer: 4 staff at CNY 1,100,000 against P75 1,350,000, 2 hires, USD at 7.10
    text = pdf_example.text
    assert "LLM Training Engineer 4 2 140,845 380,282 521,127" in text  # cost to close, hiring, total (USD)
    assert "Total 4 2 140,845 380,282 521,127" in text
    assert "USD 140,845" in text and "USD 521,127" in text
    assert "7.10 CNY per USD" in text
    assert "LLM Training Engineer 4 154,930 133,803 190,141 190,141 1.16 \u201318.5%" in text


def test_foreign_sample_key_figures(pdf_foreign):
    text = pdf_foreign.text  # benchmark pay aged 244 days, to the briefing date
    assert "Closing the gap costs USD 739,122 a year" in text
    assert "USD 2,258,063" in text
    assert "USD 240,141 to USD 351,408 a year" in text  # transitions
    assert "AI Research Scientist (PhD/Top Conf.) 1 0 unknown 0 unknown" in text  # pay not given: never 0
    assert "not given" in text and "no staff" in text
    assert "Compiler/Kernel Engineer 0 2 0 386,000 386,000" in text  # no staff yet: nothing to close


def test_benchmark_as_published(sample):
    analysis, pdf = sample
    for b in analysis.benchmark:
        row = (f"{b.role} {fmt.table_value(b.p50_cny_10k)} {fmt.table_value(b.p75_cny_10k)} "
               f"{shown(fmt.pct(b.yoy, sign=True))} {b.key_driver}")
        assert row in pdf.text
    assert "LLM Training Engineer 95 135 +28% Supercomputer/cluster demand" in pdf.text


def test_aging_stated_with_factors_and_dates(pdf_domestic, pdf_foreign, pdf_example, domestic):
    text = pdf_domestic.text
    assert "from 1 April 2026 to 1 October 2026" in text
    assert "Aging factor" in text
    for b in domestic.benchmark:
        assert f"{b.key_driver} {fmt.factor(b.aging_factor)}" in text
    assert "1.1317" in text  # LLM Training Engineer: 1.28 ** (183 / 365.25)
    # the profile's age_to, said on the summary and on the method page, with each role's uplift
    sentence = ("Benchmark pay is aged from 1 April 2026 to 1 October 2026 at each role's yearly growth: +13.2% for "
                "LLM Training Engineer, +14.9% for AI Inference Engineer, +9.6% for AI Chip Designer (HiSilicon) and "
                "+14.0% for Compiler/Kernel Engineer.")
    assert sentence in pdf_domestic.page(3)
    assert sentence in pdf_domestic.page(len(pdf_domestic.pages))
    # no age_to: aged to the briefing date
    assert ("Benchmark pay is aged from 1 April 2026 to the briefing date, 1 December 2026, at each role's yearly "
            "growth: +17.9% for LLM Training Engineer") in pdf_foreign.page(3)
    assert "Benchmark pay aged to 1 December 2026" in pdf_foreign.page(1)
    # age_to: published
    assert "Aging factor" not in pdf_example.text
    assert "Benchmark pay is used as published, effective 1 April 2026, without aging." in pdf_example.page(3)
    assert "Benchmark pay aged to as published" in pdf_example.page(1)


def test_signals_cite_outlet_and_date(sample):
    analysis, pdf = sample
    for signal in analysis.edition.signals:
        assert signal.title in pdf.text
        assert f"Source: {signal.source.outlet}, {fmt.date(signal.source.date)}" in pdf.text


def test_only_own_employer_type_recommendations(pdf_foreign, pdf_domestic, edition):
    for own, other, pdf in (("foreign", "domestic", pdf_foreign), ("domestic", "foreign", pdf_domestic)):
        for rec in edition.recommendations[own]:
            assert rec.title in pdf.text
        for rec in edition.recommendations[other]:
            assert rec.title not in pdf.text


def test_method_defines_terms_and_disclaims(sample):
    analysis, pdf = sample
    for term in ("P50", "P75", "Compa-ratio", "Position vs target", "Cost to close", "Hiring cost", "Scarcity"):
        assert term in pdf.text
    assert "No sample counts" in pdf.text
    assert "for information only and is not advice" in pdf.text
    for source in analysis.edition.sources:
        assert f"{source.outlet} {fmt.date(source.date)}" in pdf.text


# --- form -------------------------------------------------------------------------


def test_page_count_and_running_heads(sample):
    _, pdf = sample
    total = len(pdf.pages)
    assert total >= 6
    assert "Page 1 of" not in pdf.page(1)
    for n in range(2, total + 1):
        assert f"Confidential Page {n} of {total}" in pdf.page(n)
        assert pdf.page(n).startswith("China AI Talent Briefing")


def test_bookmarks_one_per_section_and_contents_pages(sample):
    _, pdf = sample
    outline = [(item.title, pdf.reader.get_destination_page_number(item) + 1) for item in pdf.reader.outline]
    assert [title for title, _ in outline] == SECTIONS
    contents = pdf.page(2)
    for title, page in outline:
        if title not in ("Cover", "Contents"):
            assert f"{title} {page}" in contents  # the contents entry shows the section's page
            assert title in pdf.page(page)


def test_contents_entries_link_to_sections(pdf_foreign):
    reader = pdf_foreign.reader
    numbers = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages, 1)}
    targets = []
    for annotation in reader.pages[1].get("/Annots") or []:
        link = annotation.get_object()
        dest = link.get("/Dest") or link["/A"]["/D"]
        targets.append(numbers[dest[0].idnum])
    sections = {reader.get_destination_page_number(item) + 1 for item in reader.outline[2:]}
    assert len(targets) == 2 * len(sections)  # the title and the page number of each entry
    assert set(targets) == sections


def test_metadata(sample, brand):
    analysis, pdf = sample
    meta = pdf.reader.metadata
    assert analysis.profile.client.name in meta.title
    assert meta.author == brand.firm
    assert meta.subject and analysis.profile.client.employer_type in meta.subject
    assert "compensation benchmark" in meta["/Keywords"]
    assert pdf.reader.trailer["/Root"]["/Lang"] in ("en-GB", "en")
    assert meta["/CreationDate"].startswith("D:20261201")  # the briefing date, not the clock


def test_letter_paper(foreign, brand):
    pdf = render(foreign, brand, paper="letter")
    assert [round(float(x)) for x in pdf.reader.pages[0].mediabox[2:]] == [612, 792]
    assert len(pdf.pages) >= 6


def test_a4_paper(pdf_foreign):
    assert [round(float(x)) for x in pdf_foreign.reader.pages[0].mediabox[2:]] == [595, 842]


def test_every_font_embedded(sample, tmp_path):
    _, pdf = sample
    lines = pdf_tool("pdffonts", pdf.data, tmp_path).stdout.splitlines()
    fonts = [line.split() for line in lines[2:]]
    assert fonts, "no fonts listed"
    for row in fonts:
        emb, sub = row[-5], row[-4]  # name type encoding emb sub uni object ID
        assert (emb, sub) == ("yes", "yes"), f"not embedded and subset: {' '.join(row)}"
    names = " ".join(row[0] for row in fonts)
    assert "NotoSans-Regular" in names and "DroidSansFallback" in names


def test_qpdf_check(sample, tmp_path):
    _, pdf = sample
    result = pdf_tool("qpdf", pdf.data, tmp_path, "--check", check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_size_under_one_megabyte(sample):
    _, pdf = sample
    assert len(pdf.data) < ONE_MB


def test_deterministic(foreign, brand, pdf_foreign):
    assert render_pdf(foreign, brand) == pdf_foreign.data


def test_unknown_paper_is_an_input_error(foreign, brand):
    from briefing.errors import InputError

    with pytest.raises(InputError, match="paper"):
        render_pdf(foreign, brand, paper="A5")


# --- literal text, long profiles ------------------------------------------------------


def test_markup_looking_names_printed_literally(foreign, edition, brand):
    p = foreign.profile
    profile = dataclasses.replace(
        p, client=dataclasses.replace(p.client, name=MARKUP, headquarters="R&D <campus>", industry="A & B"),
        roles=tuple(dataclasses.replace(r, title=f"{MARKUP} {i}") for i, r in enumerate(p.roles)))
    pdf = render(compute_analysis(edition, profile), brand)
    assert MARKUP in pdf.page(1)
    assert f"Actions for {MARKUP}" in pdf.text
    assert "R&D <campus>" in pdf.text
    for i in range(len(p.roles)):
        assert f"{MARKUP} {i}" in pdf.text
    assert [item.title for item in pdf.reader.outline] == SECTIONS
    assert MARKUP in pdf.reader.metadata.title


def test_forty_roles_lay_out_cleanly(domestic, edition, brand):
    names = [b.role for b in edition.roles]
    roles = tuple(RoleEntry(role=names[i % len(names)], title=f"Team {i:02d} {'算法组 ' if i % 7 == 0 else ''}"
                                                                  f"{names[i % len(names)]}",
                            headcount=i % 5, planned_hires=i % 3,
                            current_pay=None if i % 9 == 4 else 600_000 + 20_000 * i) for i in range(40))
    analysis = compute_analysis(edition, dataclasses.replace(domestic.profile, roles=roles))
    pdf = render(analysis, brand)
    for r in analysis.roles:
        assert r.label in pdf.text
    heads = [n for n in range(1, len(pdf.pages) + 1) if "Role Staff Current pay (CNY) P50 P75" in pdf.page(n)]
    assert len(heads) >= 2, "the position table's header repeats on its continuation page"
    outline = [item.title for item in pdf.reader.outline]
    assert outline == SECTIONS
    assert len(pdf.data) < ONE_MB


# --- golden page text ---------------------------------------------------------------


def page_text(pdf: Rendered) -> str:
    return "".join(f"--- page {n} ---\n" + "\n".join(line.rstrip() for line in text.splitlines()).strip() + "\n"
                   for n, text in enumerate(pdf.pages, 1))


@pytest.mark.parametrize("name", ["foreign", "domestic"])
def test_golden_page_text(name, request, update_golden):
    check_golden(GOLDEN / f"pdf_{name}.txt", page_text(request.getfixturevalue(f"pdf_{name}")), update_golden)


# --- hostile text: scripts no face has, right-to-left, 2,000-character names ---------------------

SCRIPTS = "شركة الذكاء 🚀 Acme עברית कंपनी ไทย 深算"
LONG = ("Very Long Holding Company Name " * 70)[:2000]


def hostile(analysis: Analysis, edition, name: str, about: str, title: str) -> Analysis:
    p = analysis.profile
    client = dataclasses.replace(p.client, name=name, headquarters=about, industry=about)
    roles = tuple(dataclasses.replace(r, title=f"{title} {i}") for i, r in enumerate(p.roles))
    return compute_analysis(edition, dataclasses.replace(p, client=client, roles=roles))


def words_beyond_margin(data: bytes, tmp_path) -> list[str]:
    """Words that pdftotext -bbox places past the right margin (50 pt) of their page."""
    import re

    html = pdf_tool("pdftotext", data, tmp_path, "-bbox").stdout
    out = []
    for width, body in re.findall(r'<page width="([\d.]+)"[^>]*>(.*?)</page>', html, re.S):
        for x_max, word in re.findall(r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</word>',
                                      body):
            if float(x_max) > float(width) - 50 + 1.5:
                out.append(word)
    return out


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_characters_no_face_draws_print_a_visible_stand_in(foreign, edition, brand, lang):
    """Emoji, Devanagari, Thai, Arabic and Hebrew: U+FFFD in their place, never an empty box or a crash."""
    from briefing.render.pdf.type import register_fonts

    analysis = hostile(foreign, edition, SCRIPTS, "Dubai 🏙️ دبي", "Ingénieur LLM 🧠 Ünïcödé")
    data = render_pdf(analysis, brand, lang=lang)
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]
    cover = " ".join(pages[0].split())
    assert "\ufffd Acme \ufffd" in cover and "深算" in cover
    assert "Dubai \ufffd \ufffd\ufffd\ufffd" in cover  # one stand-in per character: the emoji's selector joins it
    assert "Ingénieur LLM \ufffd Ünïcödé 0" in " ".join(" ".join(pages).split())
    fonts = register_fonts(brand)
    drawn = {c for c in "".join(pages) if not c.isspace()}
    assert {c for c in drawn if ord(c) not in fonts.latin_chars and ord(c) not in fonts.cjk_chars} == set()


def test_stand_ins_one_per_cluster(brand):
    from briefing.render.pdf.type import register_fonts, runs

    fonts = register_fonts(brand)
    assert "".join(chunk for _, chunk in runs("कंपनी 🚀\ufe0f a\u2212b\tc\u200d", fonts)) == \
        "\ufffd\ufffd\ufffd \ufffd a\u2013b c\u200d"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_2000_character_name_never_overflows(domestic, edition, brand, lang, tmp_path):
    """Wrapped on the cover and in headings, cut with an ellipsis where space is fixed; a flowable too big
    for its frame would raise LayoutError."""
    analysis = hostile(domestic, edition, LONG, LONG[:800], LONG[:600])
    data = render_pdf(analysis, brand, lang=lang)
    reader = PdfReader(io.BytesIO(data))
    pages = [page.extract_text() for page in reader.pages]
    assert len(pages) <= 15  # the summary's notes (aging, an 8-month-old edition) may spill over here
    assert LONG[:60] in " ".join(pages[0].split())
    for text in pages[1:]:
        head = text.splitlines()[0]
        assert head.endswith("\u2026") and len(head) < 130, head  # the running head, shortened
    assert len(reader.metadata.title) < 250 and reader.metadata.title.endswith("\u2026")
    assert words_beyond_margin(data, tmp_path) == []


def test_right_to_left_name(foreign, edition, brand):
    analysis = hostile(foreign, edition, "مرحبا بالعالم שלום עולם", "", "עברית")
    data = render_pdf(analysis, brand)
    assert PdfReader(io.BytesIO(data)).metadata.title.endswith("مرحبا بالعالم שלום עולם")


def test_logos_are_drawn_in_every_briefing_of_a_process(foreign, brand):
    """The logo cache serves every document of a process: each one still carries both logos and their masks."""
    for _ in range(2):
        cover = PdfReader(io.BytesIO(render_pdf(foreign, brand))).pages[0]
        images = cover.images
        assert len(images) == 2
        assert all(image.image.size == (480, 480) for image in images)


def test_a_long_roster_without_pay_lays_out(edition, brand, foreign):
    """150 role lines with no pay: the unknown-pay callout names a few and counts the rest."""
    roles = tuple(RoleEntry(role="LLM Training Engineer", title=f"LLM Training Engineer - Team {i}", headcount=2)
                  for i in range(150))
    text = render(compute_analysis(edition, dataclasses.replace(foreign.profile, roles=roles)), brand).text
    assert "and 142 other roles (marked unknown in the table above)" in text
