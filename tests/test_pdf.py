"""The PDF briefing, checked as its readers see it: page text, bookmarks, metadata, fonts, layout limits."""

from __future__ import annotations

import dataclasses
import functools
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import check_golden
from pypdf import PdfReader

from briefing import fmt
from briefing.analysis import Analysis, compute_analysis
from briefing.models import RoleEntry
from briefing.render.pdf import render_pdf
from briefing.render.pdf.document import MARGIN_BOTTOM, MARGIN_TOP

GOLDEN = Path(__file__).parent / "golden"
SECTIONS = [
    "Cover",
    "Contents",
    "Executive summary",
    "The market",
    "Compensation benchmark",
    "Your position",
    "Budget and scenarios",
    "Talent supply",
    "Role restructuring",
    "Recommendations",
    "Method, sources and definitions",
]
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
    return read(render_pdf(analysis, brand, paper=paper, lang=lang))


def read(data: bytes) -> Rendered:
    reader = PdfReader(io.BytesIO(data))
    return Rendered(data, reader, [page.extract_text() for page in reader.pages])


def pdf_tool(tool: str, data: bytes, tmp_path: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    """Run a poppler/qpdf tool on the PDF `data` as a reader's tool sees the file; skip where it is missing."""
    if not shutil.which(tool):
        pytest.skip(f"{tool} is not installed (poppler-utils / qpdf)")
    path = tmp_path / "briefing.pdf"
    path.write_bytes(data)
    return subprocess.run(
        [tool, *args, str(path), *(["-"] if tool == "pdftotext" else [])], check=check, capture_output=True, text=True
    )


@pytest.fixture(scope="module")
def pdf_foreign(sample_pdf) -> Rendered:
    return read(sample_pdf("foreign"))


@pytest.fixture(scope="module")
def pdf_domestic(sample_pdf) -> Rendered:
    return read(sample_pdf("domestic"))


@pytest.fixture(scope="module")
def pdf_example(sample_pdf) -> Rendered:
    return read(sample_pdf("example"))


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
    assert "LLM Training Engineer 4 154,930 133,803 190,141 190,141 1.16 \u221218.5%" in text


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
        row = (
            f"{b.role} {fmt.table_value(b.p50_cny_10k)} {fmt.table_value(b.p75_cny_10k)} "
            f"{fmt.pct(b.yoy, sign=True)} {b.key_driver}"
        )
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
    sentence = (
        "Benchmark pay is aged from 1 April 2026 to 1 October 2026 at each role's yearly growth: +13.2% for "
        "LLM Training Engineer, +14.9% for AI Inference Engineer, +9.6% for AI Chip Designer (HiSilicon) and "
        "+14.0% for Compiler/Kernel Engineer."
    )
    assert sentence in pdf_domestic.page(3)
    method = next(n for n in range(len(pdf_domestic.pages), 0, -1) if "Units and dates" in pdf_domestic.page(n))
    assert sentence in pdf_domestic.page(method)
    # no age_to: aged to the briefing date
    assert (
        "Benchmark pay is aged from 1 April 2026 to the briefing date, 1 December 2026, at each role's yearly "
        "growth: +17.9% for LLM Training Engineer"
    ) in pdf_foreign.page(3)
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


def test_letter_paper(sample_pdf):
    pdf = read(sample_pdf("foreign", paper="letter"))
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
    assert "NotoSans-Regular" in names and "NotoSansCJKsc-Regular" in names  # the client's name has 上海 / 深算


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
        p,
        client=dataclasses.replace(p.client, name=MARKUP, headquarters="R&D <campus>", industry="A & B"),
        roles=tuple(dataclasses.replace(r, title=f"{MARKUP} {i}") for i, r in enumerate(p.roles)),
    )
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
    roles = tuple(
        RoleEntry(
            role=names[i % len(names)],
            title=f"Team {i:02d} {'算法组 ' if i % 7 == 0 else ''}{names[i % len(names)]}",
            headcount=i % 5,
            planned_hires=i % 3,
            current_pay=None if i % 9 == 4 else 600_000 + 20_000 * i,
        )
        for i in range(40)
    )
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
    return "".join(
        f"--- page {n} ---\n" + "\n".join(line.rstrip() for line in text.splitlines()).strip() + "\n"
        for n, text in enumerate(pdf.pages, 1)
    )


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
        for x_max, word in re.findall(
            r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</word>', body
        ):
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
    assert {c for c in drawn if ord(c) not in fonts.drawable} == set()


def test_stand_ins_one_per_cluster(brand):
    from briefing.render.pdf.type import register_fonts, runs

    fonts = register_fonts(brand)
    assert (
        "".join(chunk for _, chunk in runs("कंपनी 🚀\ufe0f a\u2212b\tc\u200d", fonts))
        == "\ufffd\ufffd\ufffd \ufffd a\u2212b c\u200d"
    )  # the bundled Chinese faces draw U+2212
    minus = frozenset({0x2212})
    without = dataclasses.replace(
        fonts,
        latin_chars=fonts.latin_chars - minus,
        cjk_chars=fonts.cjk_chars - minus,
        cjk_bold_chars=fonts.cjk_bold_chars - minus,
    )
    vars(without)["fallback_chars"] = fonts.fallback_chars - minus  # a cached property (registered on first use)
    assert "".join(chunk for _, chunk in runs("a\u2212b", without)) == "a\u2013b"  # no face: a dash stands in


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_2000_character_name_never_overflows(domestic, edition, brand, lang, tmp_path):
    """Wrapped on the cover and in headings, cut with an ellipsis where space is fixed; a flowable too big
    for its frame would raise LayoutError."""
    analysis = hostile(domestic, edition, LONG, LONG[:800], LONG[:600])
    data = render_pdf(analysis, brand, lang=lang)
    reader = PdfReader(io.BytesIO(data))
    pages = [page.extract_text() for page in reader.pages]
    assert len(pages) <= 16  # 12 with a short name; the summary's notes (aging, an 8-month-old edition) spill over
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
    """The logo cache serves every document of a process: each one still carries both logos, with their
    transparency, at 300 dpi for the size they are drawn (40 pt firm logo, 56 pt client logo), not at 480 px."""
    for _ in range(2):
        cover = PdfReader(io.BytesIO(render_pdf(foreign, brand))).pages[0]
        images = cover.images
        assert sorted(image.image.size for image in images) == [(167, 167), (234, 234)]
        assert all(image.image.mode == "RGBA" for image in images)  # the soft mask is kept


def test_a_long_roster_without_pay_lays_out(edition, brand, foreign):
    """150 role lines with no pay: the unknown-pay callout names a few and counts the rest."""
    roles = tuple(
        RoleEntry(role="LLM Training Engineer", title=f"LLM Training Engineer - Team {i}", headcount=2)
        for i in range(150)
    )
    text = render(compute_analysis(edition, dataclasses.replace(foreign.profile, roles=roles)), brand).text
    assert "and 142 other roles (marked unknown in the table above)" in text


# --- counts of one: plural forms from the catalogue ----------------------------------------------------------


def test_counts_of_one_are_singular(edition, brand):
    """One planned hire, aged one day, one person re-skilled, one more role without pay: no "1 hires"."""
    from conftest import FIXTURES, analyse

    pdf = render(analyse(FIXTURES / "singular.yaml", edition), brand)
    text = pdf.text
    assert "a year, 1 hire" in text and "The 1 planned hire costs" in text
    assert "the figures are aged 1 day, from 1 April 2026 to 2 April 2026" in text
    assert "Benchmark pay is aged from 1 April 2026 to 2 April 2026" in text and "here 1 day." in text
    assert "Re-skilling 1 person into an AI role" in text and "a year for 1 person, on top of" in text
    assert "re-skilling: 1 person from Product Manager to AI Product Manager" in text
    assert "and 1 other role (marked unknown in the table above)" in text
    for wrong in ("1 hires", "1 days", "1 staff", "1 other roles", "1 planned hires"):
        assert wrong not in text, wrong


def test_counts_of_many_are_plural(pdf_foreign):
    text = pdf_foreign.text
    assert "a year, 8 hires" in text and "The 8 planned hires cost" in text
    assert "Re-skilling 13 people into AI roles" in text
    assert "5 people from Product Manager to AI Product Manager" in text
    assert "8 people from Backend Engineer to" in text


# --- contrast: the colours text is drawn in ----------------------------------------------------------------


def text_colors(pdf: Rendered) -> dict[str, set[int]]:
    """Each fill colour ("#RRGGBB") that text is drawn in, with the pages, from the pages' content streams."""
    from pypdf.generic import ContentStream

    seen: dict[str, set[int]] = {}
    for n, page in enumerate(pdf.reader.pages, 1):
        fill, stack = "#000000", []
        for operands, op in ContentStream(page.get_contents(), pdf.reader).operations:
            if op == b"q":
                stack.append(fill)
            elif op == b"Q" and stack:
                fill = stack.pop()
            elif op == b"rg":
                fill = "#" + "".join(f"{round(float(x) * 255):02X}" for x in operands)
            elif op in (b"Tj", b"TJ", b"'", b'"'):
                seen.setdefault(fill, set()).add(n)
    return seen


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_text_is_drawn_only_in_legible_colours(sample, brand, lang, foreign, sample_pdf):
    """No gold text (the old "Confidential", 2.7:1) and no light labels on the bars (2.4:1): every text colour
    reaches 4.5:1 on the page, except the light one of the table heads and the cover band, set on the primary."""
    from briefing.contrast import PAPER, ratio

    analysis, english = sample
    pdf = english if lang == "en" else read(sample_pdf("foreign" if analysis is foreign else "domestic", lang))
    colors = text_colors(pdf)
    c = brand.colors
    assert c["accent"] not in colors and c["secondary"] not in colors
    for color in colors:
        if color == c["band"]:
            assert ratio(c["band"], c["primary"]) >= 4.5
        else:
            assert ratio(color, PAPER) >= 4.5, color


def test_chart_labels_stand_on_the_page_not_on_the_bars(foreign, brand):
    """The benchmark chart's value labels start after their bars, so they are read on the white page."""
    from reportlab.graphics.shapes import Rect, String

    from briefing.render.pdf.charts import Pen, benchmark_chart
    from briefing.render.pdf.type import palette, register_fonts
    from briefing.render.pdf.words import Words

    fonts = register_fonts(brand)
    drawing = benchmark_chart(foreign, Pen(fonts, palette(brand), Words(foreign, "en")), 495)

    def leaves(node):
        for child in getattr(node, "contents", []):
            yield from leaves(child) if hasattr(child, "contents") else [child]

    bars = [s for s in leaves(drawing) if isinstance(s, Rect) and s.height == 12]
    labels = [
        s for s in leaves(drawing) if isinstance(s, String) and s.text.replace(".", "").isdigit() and s.fontSize == 7.5
    ]
    assert len(bars) == len(labels) == 2 * len(foreign.benchmark)
    for label in labels:
        assert not any(
            bar.x <= label.x < bar.x + bar.width and bar.y <= label.y <= bar.y + bar.height for bar in bars
        ), label.text
        assert label.x + pdfmetrics_width(label) <= 495, label.text  # within the chart


def pdfmetrics_width(s) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(s.text, s.fontName, s.fontSize)


# --- layout: tables split only where it reads well; no page left nearly empty ----------------------------------


def page_fill(data: bytes, tmp_path) -> list[tuple[float, bool]]:
    """For each page: how far down the body its lowest word reaches (0 to 1; charts have labels at their foot),
    and whether it is the last page of its section (the next page starts a section, or it is the last page)."""
    import re

    reader = PdfReader(io.BytesIO(data))
    starts = {reader.get_destination_page_number(item) + 1 for item in reader.outline}
    html = pdf_tool("pdftotext", data, tmp_path, "-bbox").stdout
    pages = re.findall(r'<page width="[\d.]+" height="([\d.]+)">(.*?)</page>', html, re.S)
    out = []
    for n, (height, body) in enumerate(pages, 1):
        h = float(height)
        ys = [float(y) for y in re.findall(r'yMax="([\d.]+)"', body) if 50 < float(y) < h - 45]  # no head, foot
        fill = (max(ys) - MARGIN_TOP) / (h - MARGIN_TOP - MARGIN_BOTTOM) if ys else 0.0
        out.append((fill, n == len(pages) or n + 1 in starts))
    return out


def forty_roles(domestic, edition, count: int = 40) -> Analysis:
    names = [b.role for b in edition.roles]
    roles = tuple(
        RoleEntry(
            role=names[i % len(names)],
            title=f"Team {i:02d} {'算法组 ' if i % 7 == 0 else ''}{names[i % len(names)]}",
            headcount=i % 5,
            planned_hires=i % 3,
            current_pay=None if i % 9 == 4 else 600_000 + 20_000 * i,
        )
        for i in range(count)
    )
    return compute_analysis(edition, dataclasses.replace(domestic.profile, roles=roles))


NEAR_EMPTY = 0.30


@dataclasses.dataclass
class Long:
    """A long roster's briefing (forty_roles), the table parts drawn as it rendered, and its page_fill."""

    data: bytes
    tables: list[tuple[int, str, int]]
    folder: Path

    @functools.cached_property
    def fills(self) -> list[tuple[float, bool]]:
        return page_fill(self.data, self.folder)  # read when a test asks (the split test does not)


@pytest.fixture(scope="module")
def long_pdf(domestic, edition, brand, tmp_path_factory):
    """long_pdf(count, lang, paper) -> Long, each drawn once for the module: the three layout tests below ask
    for 24 distinct briefings between them (36 before they shared), about 0.5 s each."""
    drawn: dict[tuple[int, str, str], Long] = {}

    def pdf(count: int, lang: str, paper: str) -> Long:
        if (count, lang, paper) not in drawn:
            tables: list[tuple[int, str, int]] = []
            with pytest.MonkeyPatch.context() as monkeypatch:
                data = drawn_tables(
                    forty_roles(domestic, edition, count), brand, monkeypatch, tables, paper=paper, lang=lang
                )
            drawn[count, lang, paper] = Long(data, tables, tmp_path_factory.mktemp("long"))
        return drawn[count, lang, paper]

    return pdf


@pytest.mark.parametrize("paper", ["A4", "letter"])
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", ["foreign", "domestic"])
def test_samples_leave_no_page_nearly_empty(name, lang, paper, tmp_path, sample_pdf):
    """Every page of the samples is at least 30% full, save a section's only page: a chart pushed alone onto
    the next page (the foreign sample on letter paper, 26%) or a table's last row or two fail."""
    data = sample_pdf(name, lang, paper)
    fills = page_fill(data, tmp_path)
    reader = PdfReader(io.BytesIO(data))
    starts = {reader.get_destination_page_number(item) + 1 for item in reader.outline}
    thin = [(n, f"{fill:.0%}") for n, (fill, _) in enumerate(fills, 1) if fill < NEAR_EMPTY and n not in starts]
    assert thin == []


@pytest.mark.parametrize("count", [12, 25, 40])
@pytest.mark.parametrize("paper", ["A4", "letter"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_long_profiles_leave_no_page_nearly_empty(count, lang, paper, long_pdf):
    """Long rosters: tables and the position chart split across pages; only a section's last page may be short."""
    thin = [
        (n, f"{fill:.0%}")
        for n, (fill, last) in enumerate(long_pdf(count, lang, paper).fills, 1)
        if fill < NEAR_EMPTY and not last
    ]
    assert thin == []


def drawn_tables(analysis: Analysis, brand, monkeypatch, drawn: list[tuple[int, str, int]], **kw) -> bytes:
    """Render the briefing, appending (page, header, body rows) of every table part drawn to `drawn`, in order."""
    from briefing.render.pdf.blocks import DataTable

    original = DataTable.drawOn

    def record(self, canvas, x, y, _sW=0):
        header = " ".join(str(c.getPlainText() if hasattr(c, "getPlainText") else c) for c in self._cellvalues[0])
        drawn.append((canvas.getPageNumber(), header, len(self._cellvalues) - self.repeatRows))
        return original(self, canvas, x, y, _sW)

    monkeypatch.setattr(DataTable, "drawOn", record)
    return render_pdf(analysis, brand, **kw)


@pytest.mark.parametrize("count", [5, 9, 12, 16, 25, 40])
@pytest.mark.parametrize("paper", ["A4", "letter"])
def test_tables_split_with_rows_on_both_sides(count, paper, long_pdf):
    """A table split across pages keeps at least three rows on each side (never a repeated header over a row
    or two); a table of twelve rows or fewer is not split at all."""
    from briefing.render.pdf.blocks import WHOLE_ROWS
    from briefing.render.pdf.charts import MIN_ROWS

    drawn = long_pdf(count, "en", paper).tables
    tables: list[list[tuple[int, str, int]]] = []
    for part in drawn:  # the parts of one table: the same header on consecutive pages
        if tables and tables[-1][-1][1] == part[1] and tables[-1][-1][0] == part[0] - 1:
            tables[-1].append(part)
        else:
            tables.append([part])
    split = [t for t in tables if len(t) > 1]
    assert split or count <= WHOLE_ROWS
    for parts in split:
        assert sum(rows for *_, rows in parts) > WHOLE_ROWS, parts
        assert all(rows >= MIN_ROWS for *_, rows in parts), parts


def test_definitions_stay_together_when_the_method_page_runs_long(sample_pdf):
    """On letter paper the method page runs long: the definitions table (eleven terms) moves whole, with its
    heading, instead of leaving "Difficulty" and "Premium" under a repeated header on the next page."""
    data = sample_pdf("foreign", paper="letter")
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages]
    holding = [n for n, text in enumerate(pages, 1) if "Term Meaning" in text]
    assert len(holding) == 1, holding
    page = pages[holding[0] - 1]
    assert "Definitions Term Meaning P50" in page
    for term in ("Compa-ratio", "Cost to close", "Scarcity", "Difficulty", "Premium"):
        assert term in page


# --- a brand unlike the house style: a serif face, a 4:1 wordmark, burgundy and gold ---------------------------

SERIF = Path(__file__).parent / "fixtures" / "brands" / "serif" / "brand.yaml"


@pytest.fixture(scope="module")
def serif_brand():
    from briefing.brand import load_brand

    return load_brand(SERIF)


def test_serif_brand_loads_with_the_bundled_bold_chinese(serif_brand):
    assert serif_brand.warnings == ()
    assert serif_brand.fonts["regular"].name == "Caladea-Regular.ttf"
    assert serif_brand.fonts["cjk_bold"].name == "NotoSansCJKsc-Bold.ttf"  # not in the file: the bundled default


@pytest.mark.parametrize("paper", ["A4", "letter"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_serif_brand_with_a_wide_logo(foreign, serif_brand, lang, paper, tmp_path):
    """Every page in the brand's faces, the wordmark as wide as four times its height, nothing past the margin
    and no page nearly empty."""
    data = render_pdf(foreign, serif_brand, paper=paper, lang=lang)
    reader = PdfReader(io.BytesIO(data))
    names = " ".join(row.split()[0] for row in pdf_tool("pdffonts", data, tmp_path).stdout.splitlines()[2:])
    assert "Caladea-Regular" in names and "Caladea-Bold" in names and "NotoSans-" not in names
    assert "NotoSansCJKsc-Regular" in names and "NotoSansCJKsc-Bold" in names
    wordmark = max(reader.pages[0].images, key=lambda image: image.image.size[0] / image.image.size[1])
    assert wordmark.image.size == (668, 167)  # the 1200 x 300 source at 300 dpi for the 160 x 40 pt it is drawn at
    drawn = [op for op in reader.pages[0].get_contents().get_data().split(b"\n") if op.endswith(b" cm")]
    assert any(op.split()[:4] == [b"160", b"0", b"0", b"40"] for op in drawn), drawn  # 160 x 40 pt on the cover
    assert "Hanse & Partner Advisory" in reader.pages[0].extract_text()
    assert words_beyond_margin(data, tmp_path) == []
    starts = {reader.get_destination_page_number(item) + 1 for item in reader.outline}
    thin = [n for n, (fill, _) in enumerate(page_fill(data, tmp_path), 1) if fill < NEAR_EMPTY and n not in starts]
    assert thin == []


@pytest.mark.parametrize("count", [16, 18, 25])
@pytest.mark.parametrize("paper", ["A4", "letter"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_table_that_ends_a_section_leaves_no_page_nearly_empty(count, lang, paper, long_pdf):
    """The planned hires' table ends the talent supply section: split across pages, its last part fills at least
    30% of its page (it kept three or four rows under a repeated header alone on the last page, 11-24% full)."""
    long = long_pdf(count, lang, paper)
    reader = PdfReader(io.BytesIO(long.data))
    starts = sorted(reader.get_destination_page_number(item) + 1 for item in reader.outline)
    supply = reader.get_destination_page_number(
        next(i for i in reader.outline if i.title in ("Talent supply", "人才供给"))
    )
    end = starts[starts.index(supply + 1) + 1] - 1  # the page before the next section
    fill, last = long.fills[end - 1]
    assert last and fill >= NEAR_EMPTY, (end, f"{fill:.0%}")


@pytest.mark.parametrize("paper", ["A4", "letter"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_roster_of_people_in_a_serif_brand_lays_out_cleanly(lang, paper, edition, serif_brand, tmp_path):
    """200 people in five roles, planned hires in more, in the serif brand with its wide wordmark: nothing past the
    margin, and no page nearly empty but a section's first or last page."""
    from conftest import FIXTURES, analyse

    data = render_pdf(analyse(FIXTURES / "people" / "workday.yaml", edition), serif_brand, paper=paper, lang=lang)
    reader = PdfReader(io.BytesIO(data))
    starts = {reader.get_destination_page_number(item) + 1 for item in reader.outline}
    fills = page_fill(data, tmp_path)
    thin = [(n, f"{fill:.0%}") for n, (fill, last) in enumerate(fills, 1) if fill < NEAR_EMPTY and n not in starts]
    assert thin == []
    assert words_beyond_margin(data, tmp_path) == []


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_data_table_rows_are_as_tall_as_reportlab_measures_them(foreign, domestic, brand, monkeypatch, lang):
    """The row heights a data table is given (measured once, blocks.row_heights) are, to the last bit, those a
    reportlab Table measures for the same cells, wrapped ones (role titles, Chinese labels) among them."""
    from reportlab.platypus import Table

    from briefing.render.pdf import blocks

    measured: list[tuple[list, list[float], float, list[float]]] = []
    original = blocks.row_heights

    def record(data, widths, padding):
        heights = original(data, widths, padding)
        measured.append((data, widths, padding, heights))
        return heights

    monkeypatch.setattr(blocks, "row_heights", record)
    for analysis in (foreign, domestic):
        render_pdf(analysis, brand, lang=lang)
    assert len(measured) >= 10
    taller = 0
    for data, widths, padding, heights in measured:
        pads = [(f"{side}PADDING", (0, 0), (-1, -1), padding) for side in ("TOP", "BOTTOM")]
        pads += [(f"{side}PADDING", (0, 0), (-1, -1), blocks.CELL_SIDES) for side in ("LEFT", "RIGHT")]
        table = Table([list(row) for row in data], colWidths=widths, style=pads)
        table.wrap(sum(widths), 1e9)
        assert heights == table._rowHeights
        taller += sum(h > min(heights) + 1 for h in heights)
    assert taller > 0  # some rows hold wrapped text


def test_render_puts_reportlabs_settings_back(foreign, brand, monkeypatch):
    """reportlab's settings are process-wide: a host program that uses reportlab itself (ASCII85 streams, shape
    checks on) finds them as it set them after a briefing is rendered."""
    from reportlab import rl_config

    monkeypatch.setattr(rl_config, "useA85", 1)
    monkeypatch.setattr(rl_config, "shapeChecking", 1)
    pdf = render_pdf(foreign, brand)
    assert (rl_config.useA85, rl_config.shapeChecking) == (1, 1)
    assert b"/ASCII85Decode" not in pdf  # while rendering, streams were written as binary


def test_a_second_briefing_in_a_process_reuses_the_first_ones_paragraphs(foreign, domestic, brand, monkeypatch):
    """A batch worker renders hundreds of briefings: the words they share (the edition's, the catalogue's)
    are parsed into paragraphs once, not again for each briefing (bytes: see test_pipeline)."""
    from reportlab.platypus.paraparser import ParaParser

    from briefing.render.pdf.type import type_for

    type_for.cache_clear()  # as a fresh process: what the test's earlier renders remembered is forgotten
    parsed: list[str] = []
    original = ParaParser.parse

    def count(self, text, style):
        parsed.append(text)
        return original(self, text, style)

    monkeypatch.setattr(ParaParser, "parse", count)
    for lang in ("en", "zh"):
        render_pdf(domestic, brand, lang=lang)
        parsed.clear()
        render_pdf(foreign, brand, lang=lang)  # another client: only its own words are new
        first = len(parsed)
        parsed.clear()
        render_pdf(foreign, brand, lang=lang)
        assert first > 20 and len(parsed) == 0, (lang, first, parsed[:3])
