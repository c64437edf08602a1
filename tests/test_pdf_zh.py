"""The Chinese PDF briefing: the same analysis in Chinese, every figure identical to the English edition."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from briefing import fmt
from briefing.analysis import Analysis
from briefing.i18n import Catalogue, catalogue
from briefing.render.pdf import render_pdf
from briefing.render.pdf import words as pdfwords
from briefing.render.pdf.wrap import CANNOT_START, break_points
from conftest import check_golden
from test_pdf import Rendered, page_text, pdf_tool, shown
from test_pdf import render as render_en_or_zh

GOLDEN = Path(__file__).parent / "golden"
ZH = catalogue("zh")
KEYS = ["cover", "contents", "summary", "market", "benchmark", "position", "supply", "restructuring",
        "recommendations", "method"]
SECTIONS = [ZH(f"pdf.section.{key}") for key in KEYS]
CLOSING = "，。、；：？！）》”’"


def render(analysis: Analysis, brand, lang: str = "zh") -> Rendered:
    return render_en_or_zh(analysis, brand, lang=lang)


@pytest.fixture(scope="module")
def zh_foreign(foreign, brand) -> Rendered:
    return render(foreign, brand)


@pytest.fixture(scope="module")
def zh_domestic(domestic, brand) -> Rendered:
    return render(domestic, brand)


@pytest.fixture(scope="module")
def en_pdfs(foreign, domestic, brand) -> dict[str, Rendered]:
    return {"foreign": render(foreign, brand, "en"), "domestic": render(domestic, brand, "en")}


@pytest.fixture(scope="module", params=["foreign", "domestic"])
def sample(request, zh_foreign, zh_domestic, foreign, domestic, en_pdfs) -> tuple[Analysis, Rendered, Rendered]:
    name = request.param
    return ({"foreign": foreign, "domestic": domestic}[name], {"foreign": zh_foreign, "domestic": zh_domestic}[name],
            en_pdfs[name])


def flat(text: str) -> str:
    """Page text without any whitespace: Chinese has no spaces between words, and lines wrap anywhere."""
    return "".join(text.split())


# --- what a Chinese reader sees -----------------------------------------------------


def test_headings_bookmarks_and_contents_in_chinese(sample):
    _, pdf, _ = sample
    outline = [(item.title, pdf.reader.get_destination_page_number(item) + 1) for item in pdf.reader.outline]
    assert [title for title, _ in outline] == SECTIONS
    contents = pdf.page(2)
    for title, page in outline[1:]:  # the cover has a bookmark, not a heading
        assert flat(title) in flat(pdf.page(page))
        if title != SECTIONS[1]:
            assert f"{title} {page}" in contents
    assert "阅读说明" in contents


def test_footer_and_running_head_in_chinese(sample):
    analysis, pdf, _ = sample
    total = len(pdf.pages)
    assert "第 1 页" not in pdf.page(1)
    for n in range(2, total + 1):
        assert f"第 {n} 页，共 {total} 页" in pdf.page(n)
        assert pdf.page(n).startswith("中国AI人才简报")
        assert analysis.profile.client.name in pdf.page(n)


def test_metadata_in_chinese(sample, brand):
    analysis, pdf, _ = sample
    meta = pdf.reader.metadata
    assert pdf.reader.trailer["/Root"]["/Lang"] == "zh-CN"
    assert meta.title == f"中国AI人才简报：{analysis.profile.client.name}"
    assert ZH(f"common.employer_type.{analysis.profile.client.employer_type}") in meta.subject
    assert "薪酬基准" in meta["/Keywords"]
    assert meta.author == brand.firm


def test_no_english_left(sample):
    """No English sentence or label of the catalogue appears: a missing translation would show here."""
    analysis, pdf, _ = sample
    english = catalogue("en").messages
    text = pdf.text
    leftovers = [m for k, m in english.items() if k.startswith("pdf.") and "{" not in m and " " in m.strip()
                 and m != ZH.messages[k] and m in text]
    assert leftovers == []
    for word in ("Page", "Total", "Role", "Executive", "Source:", "Confidential", "per year", "unknown"):
        assert word not in text, word


def test_client_text_as_typed_and_benchmark_names_in_chinese(sample):
    analysis, pdf, _ = sample
    client = analysis.profile.client
    assert client.name in pdf.page(1)
    for typed in (client.headquarters, client.industry):
        assert typed in pdf.text
    zh = analysis.edition.text("zh")
    for r in analysis.roles:
        assert (r.title or zh.name(r.role)) in pdf.text
    for b in analysis.benchmark:
        assert zh.name(b.role) in pdf.text and zh.name(b.key_driver) in pdf.text
    for s in analysis.supply:
        assert zh.name(s.specialization) in pdf.text


def test_signals_from_the_edition_outlets_keep_their_names(sample):
    analysis, pdf, _ = sample
    zh = analysis.edition.text("zh")
    for signal in analysis.edition.signals:
        title, text = zh.signal(signal, analysis.date)
        assert flat(title) in flat(pdf.text)
        assert flat(text) in flat(pdf.text)
        s = signal.source
        assert f"来源：{s.outlet}，{fmt.date(s.date, 'zh')}" in pdf.text
    assert "Tom's Hardware" in pdf.text and "The Economist" in pdf.text and "The Atlantic" in pdf.text


def test_only_own_employer_type_recommendations(zh_foreign, zh_domestic, edition):
    zh = edition.text("zh")
    for own, other, pdf in (("foreign", "domestic", zh_foreign), ("domestic", "foreign", zh_domestic)):
        for rec in edition.recommendations[own]:
            assert flat(zh.recommendations[rec.id].title) in flat(pdf.text)
        for rec in edition.recommendations[other]:
            assert flat(zh.recommendations[rec.id].title) not in flat(pdf.text)


# --- the same figures ------------------------------------------------------------------


def test_key_figures_identical_in_both_languages(sample):
    """Each total the analysis gives, formatted for each language, is in that language's PDF."""
    a, zh, en = sample
    t = a.totals
    for value in (t.cost_to_close_cny, t.hiring_cost_cny, t.total_cny, t.transitions_low_cny,
                  t.transitions_high_cny):
        assert fmt.money(a.money(value), a.currency, "zh") in zh.text
        assert fmt.money(a.money(value), a.currency, "en") in en.text
    for r in a.roles:
        for value in (r.hiring_cost_cny, r.p50_cny, r.p75_cny, r.target_cny):
            table = fmt.wan(value) if a.currency == "CNY" else fmt.whole(a.money(value))
            assert table in zh.text, (r.label, value)
            assert fmt.whole(a.money(value)) in en.text
        if r.compa_ratio is not None:
            assert fmt.ratio(r.compa_ratio) in zh.text and fmt.ratio(r.compa_ratio) in en.text
        if r.position_vs_target is not None:
            pos = shown(fmt.pct(r.position_vs_target, 1, sign=True))
            assert pos in zh.text and pos in en.text


def test_benchmark_as_published_in_wan_per_year(sample):
    a, pdf, _ = sample
    zh = a.edition.text("zh")
    assert "P50（万元/年）" in flat(pdf.text) and "P75（万元/年）" in flat(pdf.text)
    for b in a.benchmark:
        row = (f"{zh.name(b.role)} {fmt.table_value(b.p50_cny_10k)} {fmt.table_value(b.p75_cny_10k)} "
               f"{shown(fmt.pct(b.yoy, sign=True))} {zh.name(b.key_driver)}")
        assert row in pdf.text
    assert "大模型训练工程师 95 135 +28% 超算与集群需求" in pdf.text
    assert "数值95即每人每年95万元" in flat(pdf.text)


def test_foreign_sample_in_chinese(zh_foreign):
    text = zh_foreign.text
    assert "弥合薪酬差距每年需739,122美元" in flat(text)
    assert "2,258,063美元" in text
    assert ("基准薪酬已按各岗位的年增长率，从2026年4月1日折算至简报日期2026年12月1日：大模型训练工程师+17.9%"
            in flat(text))
    assert "240,141美元至351,408美元" in text
    assert "按1美元兑7.10元人民币折算" in text
    assert "AI研究科学家（博士/顶会） 1 0 未知 0 未知" in text  # pay not given: never 0
    assert "未提供" in text and "暂无员工" in text
    assert "2026年4月1日" in text and "2026年12月1日" in text


def test_domestic_sample_in_chinese(zh_domestic, domestic):
    text = zh_domestic.text
    assert fmt.yuan(domestic.totals.total_cny) == "2,035.29万元"
    assert "2,035.29万元" in text
    assert "合计 35 18 378.21 1,657.07 2,035.29" in text  # the cost table in 万元
    assert "从2026年4月1日折算至2026年10月1日，共183天" in flat(text)
    assert "1.1317" in text
    assert "人民币（表中金额以万元计）" in text


# --- Chinese typography ------------------------------------------------------------------


def pdftotext_lines(data: bytes, tmp_path) -> list[str]:
    return pdf_tool("pdftotext", data, tmp_path, "-layout").stdout.splitlines()


def test_no_line_starts_with_closing_punctuation(sample, tmp_path):
    """Kinsoku: "，" "。" "）" and the like never begin a line (pdftotext -layout keeps the lines)."""
    _, pdf, _ = sample
    lines = pdftotext_lines(pdf.data, tmp_path)
    starts = [line for line in lines if line.strip() and line.strip()[0] in CLOSING]
    assert starts == []
    cells = [cell for line in lines for cell in line.split("  ") if cell.strip()]  # table cells, side by side
    assert [cell for cell in cells if cell.strip()[0] in CLOSING] == []


@pytest.mark.parametrize("width", range(40, 200, 7))
def test_break_points_keep_closing_punctuation_on_the_line(width):
    text = "本简报面向外资企业，以基准数据（2026年第二季度初）对照其在华AI岗位薪酬。“遏制已经失败”：美国对华技术限制收效有限；"
    widths = [10.0 if unicodedata.east_asian_width(c) in "WF" else 5.0 for c in text]
    lines = [text[a:b] for a, b in break_points(list(text), widths, [width])]
    assert "".join(lines) == text
    for line in lines[1:]:
        assert line[0] not in CANNOT_START, lines
    for line in lines[:-1]:
        assert line[-1] not in "（“(", lines
    assert "2026" in "".join(line for line in lines if "2026" in line)  # numbers are never split


def test_every_font_embedded(sample, tmp_path):
    _, pdf, _ = sample
    lines = pdf_tool("pdffonts", pdf.data, tmp_path).stdout.splitlines()
    rows = [line.split() for line in lines[2:]]
    assert rows and all((row[-5], row[-4]) == ("yes", "yes") for row in rows)
    assert "DroidSansFallback" in " ".join(row[0] for row in rows)


def test_every_glyph_in_a_face(sample, brand):
    """Every character printed is one the bundled faces draw (no empty boxes)."""
    from briefing.render.pdf.type import register_fonts

    fonts = register_fonts(brand)
    _, pdf, _ = sample
    missing = {c for c in "".join(pdf.pages) if not c.isspace() and ord(c) not in fonts.latin_chars
               and ord(c) not in fonts.cjk_chars}
    assert missing == set()


def test_deterministic(foreign, brand, zh_foreign):
    assert render_pdf(foreign, brand, lang="zh") == zh_foreign.data


def test_a_missing_translation_fails_instead_of_falling_back(foreign, brand, monkeypatch):
    messages = {k: v for k, v in ZH.messages.items() if k != "pdf.section.market"}
    monkeypatch.setattr(pdfwords, "catalogue", lambda lang: Catalogue(lang, messages))
    with pytest.raises(KeyError, match="pdf.section.market"):
        render_pdf(foreign, brand, lang="zh")


@pytest.mark.parametrize("name", ["foreign", "domestic"])
def test_golden_page_text(name, request, update_golden):
    check_golden(GOLDEN / f"pdf_{name}_zh.txt", page_text(request.getfixturevalue(f"zh_{name}")), update_golden)
