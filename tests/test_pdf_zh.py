"""The Chinese PDF briefing: the same analysis in Chinese, every figure identical to the English edition."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from conftest import check_golden
from test_pdf import Rendered, page_text, pdf_tool, read
from test_pdf import render as render_en_or_zh

from briefing import fmt
from briefing.analysis import Analysis
from briefing.i18n import Catalogue, catalogue
from briefing.render.pdf import render_pdf
from briefing.render.pdf import words as pdfwords
from briefing.render.pdf.wrap import CANNOT_START, break_points

GOLDEN = Path(__file__).parent / "golden"
ZH = catalogue("zh")
KEYS = [
    "cover",
    "contents",
    "summary",
    "market",
    "benchmark",
    "position",
    "budget",
    "supply",
    "restructuring",
    "recommendations",
    "method",
]
SECTIONS = [ZH(f"pdf.section.{key}") for key in KEYS]
CLOSING = "，。、；：？！）》”’"


def render(analysis: Analysis, brand, lang: str = "zh") -> Rendered:
    return render_en_or_zh(analysis, brand, lang=lang)


@pytest.fixture(scope="module")
def zh_foreign(sample_pdf) -> Rendered:
    return read(sample_pdf("foreign", "zh"))


@pytest.fixture(scope="module")
def zh_domestic(sample_pdf) -> Rendered:
    return read(sample_pdf("domestic", "zh"))


@pytest.fixture(scope="module")
def en_pdfs(sample_pdf) -> dict[str, Rendered]:
    return {"foreign": read(sample_pdf("foreign")), "domestic": read(sample_pdf("domestic"))}


@pytest.fixture(scope="module", params=["foreign", "domestic"])
def sample(request, zh_foreign, zh_domestic, foreign, domestic, en_pdfs) -> tuple[Analysis, Rendered, Rendered]:
    name = request.param
    return (
        {"foreign": foreign, "domestic": domestic}[name],
        {"foreign": zh_foreign, "domestic": zh_domestic}[name],
        en_pdfs[name],
    )


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
    _, pdf, _ = sample
    english = catalogue("en").messages
    text = pdf.text
    leftovers = [
        m
        for k, m in english.items()
        if k.startswith("pdf.") and "{" not in m and " " in m.strip() and m != ZH.messages[k] and m in text
    ]
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
    for value in (t.cost_to_close_cny, t.hiring_cost_cny, t.total_cny, t.transitions_low_cny, t.transitions_high_cny):
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
            pos = fmt.pct(r.position_vs_target, 1, sign=True)
            assert pos in zh.text and pos in en.text


def test_benchmark_as_published_in_wan_per_year(sample):
    a, pdf, _ = sample
    zh = a.edition.text("zh")
    assert "P50（万元/年）" in flat(pdf.text) and "P75（万元/年）" in flat(pdf.text)
    for b in a.benchmark:
        row = (
            f"{zh.name(b.role)} {fmt.table_value(b.p50_cny_10k)} {fmt.table_value(b.p75_cny_10k)} "
            f"{fmt.pct(b.yoy, sign=True)} {zh.name(b.key_driver)}"
        )
        assert row in pdf.text
    assert "大模型训练工程师 95 135 +28% 超算与集群需求" in pdf.text
    assert "数值95即每人每年95万元" in flat(pdf.text)


def test_foreign_sample_in_chinese(zh_foreign):
    text = zh_foreign.text
    assert "弥合薪酬差距每年需739,122美元" in flat(text)
    assert "2,258,063美元" in text
    assert "基准薪酬已按各岗位的年增长率，从2026年4月1日折算至简报日期2026年12月1日：大模型训练工程师+17.9%" in flat(
        text
    )
    assert "240,141美元至351,408美元" in text
    assert "按1美元兑7.10元人民币折算" in text
    assert "AI研究科学家（博士/顶会） 1 0 未知 0 未知" in text  # pay not given: never 0
    assert "未提供" in text and "暂无员工" in text
    assert "2026年4月1日" in text and "2026年12月1日" in text


def test_domestic_sample_in_chinese(zh_domestic, domestic):
    text = zh_domestic.text
    assert fmt.yuan(domestic.totals.total_cny) == "2,035.3万元"
    assert "2,035.3万元" in text
    assert "合计 35 18 378.2 1,657.1 2,035.3" in text  # the cost table in 万元
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
    text = (
        "本简报面向外资企业，以基准数据（2026年第二季度初）对照其在华AI岗位薪酬。"
        "“遏制已经失败”：美国对华技术限制收效有限；"
    )
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
    names = " ".join(row[0] for row in rows)
    assert "NotoSansCJKsc-Regular" in names and "NotoSansCJKsc-Bold" in names
    assert "DroidSansFallback" not in names  # every character of the samples is in the bundled Chinese faces


def test_every_glyph_in_a_face(sample, brand):
    """Every character printed is one the bundled faces draw (no empty boxes)."""
    from briefing.render.pdf.type import register_fonts

    fonts = register_fonts(brand)
    _, pdf, _ = sample
    missing = {c for c in "".join(pdf.pages) if not c.isspace() and ord(c) not in fonts.drawable}
    assert missing == set()


def test_deterministic(foreign, brand, zh_foreign):
    assert render_pdf(foreign, brand, lang="zh") == zh_foreign.data


def test_a_missing_translation_fails_instead_of_falling_back(foreign, brand, monkeypatch):
    messages = {k: v for k, v in ZH.messages.items() if k != "pdf.section.market"}
    monkeypatch.setattr(pdfwords, "catalogue", lambda lang: Catalogue(lang, messages))
    with pytest.raises(KeyError, match=r"pdf\.section\.market"):
        render_pdf(foreign, brand, lang="zh")


@pytest.mark.parametrize("name", ["foreign", "domestic"])
def test_golden_page_text(name, request, update_golden):
    check_golden(GOLDEN / f"pdf_{name}_zh.txt", page_text(request.getfixturevalue(f"zh_{name}")), update_golden)


# --- the Chinese faces: a regular and a bold weight, and a fallback for rare characters ------------------


def faces(pdf: Rendered, n: int) -> list[tuple[str, str]]:
    """(text, font) as drawn on page n, the font's subset prefix ("AAAAAA+") left out."""
    drawn: list[tuple[str, str]] = []

    def visit(text, cm, tm, font, size):
        if text.strip() and font:
            drawn.append((" ".join(text.split()), font["/BaseFont"].split("+")[-1]))

    pdf.reader.pages[n - 1].extract_text(visitor_text=visit)
    return drawn


def test_chinese_bold_where_bold_is_asked_for(zh_domestic):
    """Headings, table heads and <b> emphasis take Noto Sans CJK SC Bold; running text stays regular."""
    drawn = faces(zh_domestic, 3)  # the executive summary
    assert ("执行摘要", "NotoSansCJKsc-Bold") in drawn
    assert ("深算科技", "NotoSansCJKsc-Bold") in drawn  # <b>{client}</b> in the lead
    assert ("Shensuan Technology", "NotoSans-Bold") in drawn  # the Latin half of the same bold name
    assert ("本简报面向国内企业", "NotoSansCJKsc-Regular") in drawn
    heads = faces(zh_domestic, 6)  # the position page: table heads
    assert ("岗位", "NotoSansCJKsc-Bold") in heads and ("人数", "NotoSansCJKsc-Bold") in heads


def test_chinese_name_in_an_english_heading_is_bold(en_pdfs):
    pdf = en_pdfs["domestic"]
    page = next(n for n in range(1, len(pdf.pages) + 1) if "Actions for 深算科技" in pdf.page(n))
    drawn = faces(pdf, page)
    assert ("Actions for", "NotoSans-Bold") in drawn and ("深算科技", "NotoSansCJKsc-Bold") in drawn


def test_characters_outside_the_bundled_subset_use_the_fallback_face(domestic, edition, brand, tmp_path):
    """喆 and 堃 (frequent in names, not in GB2312) are drawn by Droid Sans Fallback, in the text layer as typed."""
    import dataclasses

    from briefing.analysis import compute_analysis

    p = domestic.profile
    profile = dataclasses.replace(p, client=dataclasses.replace(p.client, name="喆堃智能科技"))
    pdf = render(compute_analysis(edition, profile), brand)
    assert "喆堃智能科技" in flat(pdf.pages[0])
    assert ("喆堃", "DroidSansFallback") in faces(pdf, 1)
    assert ("智能科技", "NotoSansCJKsc-Bold") in faces(pdf, 1)
    rows = [line.split() for line in pdf_tool("pdffonts", pdf.data, tmp_path).stdout.splitlines()[2:]]
    assert all((row[-5], row[-4]) == ("yes", "yes") for row in rows)


def test_wan_columns_at_the_workbooks_precision(zh_domestic, domestic):
    """Every figure of the PDF's 万元 columns has as many decimals as the workbook's 万元 format shows:
    "19.0" above "50.4", never "19" or "114.33"."""
    number_format = ZH("xlsx.format.cny")  # 0\.0,"万元": the literal point, then one digit
    decimals = len(number_format.split("\\.")[1].split(",")[0])
    assert decimals == 1

    def shown(value: float) -> str:
        return f"{value / 10_000:,.{decimals}f}"

    text = zh_domestic.text
    for r in domestic.roles:
        assert r.current_pay_cny is not None and r.cost_to_close_cny is not None
        pay = f"{r.headcount} {shown(r.current_pay_cny)} {shown(r.p50_cny)} {shown(r.p75_cny)} {shown(r.target_cny)}"
        cost = (
            f"{r.headcount} {r.planned_hires} {shown(r.cost_to_close_cny)} {shown(r.hiring_cost_cny)} "
            f"{shown(r.total_cny)}"
        )
        assert pay in text and cost in text, r.role
    t = domestic.totals
    assert f"{shown(t.cost_to_close_cny)} {shown(t.hiring_cost_cny)} {shown(t.total_cny)}" in text
    for x in domestic.transitions:
        assert f"{x.count} {shown(x.current_pay_cny)}" in text
        assert f"{shown(x.cost_low_cny)} {shown(x.cost_high_cny)}" in text


def layout_blocks(data: bytes, tmp_path, page: int) -> list[list[tuple[float, float, str]]]:
    """The text blocks of a page as pdftotext -bbox-layout finds them, each a list of lines (xMin, xMax, text)."""
    import re
    from html import unescape as html_unescape

    html = pdf_tool("pdftotext", data, tmp_path, "-bbox-layout", "-f", str(page), "-l", str(page)).stdout
    blocks = []
    for block in re.findall(r"<block [^>]*>(.*?)</block>", html, re.S):
        lines = []
        for x_min, x_max, body in re.findall(
            r'<line xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">'
            r"(.*?)</line>",
            block,
            re.S,
        ):
            words = re.findall(r"<word [^>]*>(.*?)</word>", body)
            lines.append((float(x_min), float(x_max), html_unescape("".join(words))))
        blocks.append(lines)
    return blocks


@pytest.mark.parametrize("paper", ["A4", "letter"])
def test_how_to_read_box_fills_its_lines(sample, brand, paper, tmp_path):
    """The contents page's "how to read" callout: every line but the last runs to the box's right edge (within
    an em and a half), so a short bracketed aside such as （表中金额以万元计） breaks rather than leave a gap."""
    analysis, pdf, _ = sample
    data = pdf.data if paper == "A4" else render_pdf(analysis, brand, paper=paper, lang="zh")
    block = next(b for b in layout_blocks(data, tmp_path, 2) if b and b[0][2].startswith("有关"))
    assert len(block) >= 2
    right = max(x_max for _, x_max, _ in block)
    page_width = {"A4": 595.28, "letter": 612}[paper]
    assert right > page_width - 50 - 10 - 15, block  # the text reaches the box's right padding
    for _, x_max, text in block[:-1]:
        assert x_max > right - 15, f"line ends early: {text}"


def test_a_short_aside_stays_whole_only_in_a_narrow_measure():
    """当前薪酬（美元） in a table head keeps （美元） whole; in running text an aside breaks like any text."""
    head = list("当前薪酬（美元）")
    lines = break_points(head, [10.0] * len(head), [55])
    assert ["".join(head[a:b]) for a, b in lines] == ["当前薪酬", "（美元）"]
    text = list("有关贵司的数字均为年度金额，货币为人民币（表中金额以万元计）。基准表格按发布口径列示。")
    lines = break_points(text, [10.0] * len(text), [230])  # 23 ideographs a line: the aside starts at the 20th
    assert "".join(text[slice(*lines[0])]) == "有关贵司的数字均为年度金额，货币为人民币（表中"


def test_opening_quote_takes_the_face_of_the_text_it_opens(brand):
    """“方法、来源与定义” in <i>: both quotes in the Chinese face, not a narrow Latin “ beside a wide ”."""
    from briefing.render.pdf.type import CJK, LATIN, register_fonts, runs

    fonts = register_fonts(brand)
    assert runs("“方法、来源与定义”", fonts) == [(CJK, "“方法、来源与定义”")]
    assert runs("“Hello” 世界", fonts) == [(LATIN, "“Hello” "), (CJK, "世界")]


def test_the_bundled_chinese_faces_hold_every_character_of_the_catalogues_and_editions(brand):
    """build_cjk.py's subset covers what the briefing's own words use (in both weights): only a client's rare
    character falls back to Droid Sans Fallback."""
    from briefing import resources
    from briefing.render.pdf.type import register_fonts

    fonts = register_fonts(brand)
    data = resources.data_dir()
    used = {
        c
        for path in [*data.glob("i18n/*/*.yaml"), *data.glob("editions/*/*.yaml"), *data.glob("editions/*/*.csv")]
        for c in path.read_text(encoding="utf-8")
        if ord(c) >= 0x80 and not c.isspace()
    }
    assert {c for c in used if ord(c) not in fonts.latin_chars | fonts.cjk_chars} == set()
    assert {c for c in used if ord(c) not in fonts.latin_chars | fonts.cjk_bold_chars} == set()
