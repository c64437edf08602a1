"""The workbook on paper: every sheet, printed by LibreOffice on A4 and on US Letter, reads at 8 pt or more.

The print preview is LibreOffice's own PDF export of the workbook; the text sizes are read from that PDF the
way a reader's eye meets them (font size x text matrix x transformation, in points).
"""

from __future__ import annotations

import io
import math

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import FIXTURES
from pypdf import PdfReader
from recalc import SOFFICE, convert
from test_xlsx import SHEET_KEYS, _forty

from briefing.cli import main
from briefing.i18n import catalogue
from briefing.render.xlsx import render_xlsx

PAPERS = {"A4": (841.89, 595.28), "letter": (792.0, 612.0)}  # landscape, points
MIN_POINTS = 8.0


def text_sizes(page) -> tuple[str, list[tuple[float, str]]]:
    """A PDF page's text, and (size in points, text) of every run of text on it, from one reading of the page."""
    found: list[tuple[float, str]] = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            found.append((size * math.hypot(tm[0], tm[1]) * math.hypot(cm[0], cm[1]), text.strip()))

    return page.extract_text(visitor_text=visit), found


@pytest.fixture(scope="module")
def printed(edition, brand, foreign, domestic, tmp_path_factory) -> dict[str, PdfReader]:
    """Workbooks printed to PDF by LibreOffice, by "<name>_<lang>_<paper>": the widest cases in both languages."""
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed; CI installs libreoffice-calc-nogui")
    books = {
        "foreign_en": (foreign, "en"),
        "forty_en": (_forty(edition), "en"),
        "forty_zh": (_forty(edition), "zh"),
        "domestic_zh": (domestic, "zh"),
    }
    work = tmp_path_factory.mktemp("print")
    (work / "in").mkdir()
    files = []
    for name, (analysis, lang) in books.items():
        for paper in PAPERS:
            path = work / "in" / f"{name}_{paper}.xlsx"
            path.write_bytes(render_xlsx(analysis, brand, lang=lang, paper=paper))
            files.append(path)
    outputs = convert(files, work / "out", work / "profile", to="pdf")
    return {f.stem: PdfReader(out) for f, out in zip(files, outputs, strict=True)}


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("name", ["foreign_en", "forty_en", "forty_zh", "domestic_zh"])
def test_every_sheet_prints_at_8_points_or_more(printed, name, paper):
    reader = printed[f"{name}_{paper}"]
    lang = name.split("_")[1]
    sheets = {catalogue(lang)(f"xlsx.sheet.{key}") for key in SHEET_KEYS}
    seen, small = set(), []
    for n, page in enumerate(reader.pages, 1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width), round(height)) == tuple(round(v) for v in PAPERS[paper]), f"page {n}: landscape {paper}"
        text, sizes = text_sizes(page)
        assert sizes, f"page {n} is empty"
        seen.add(text.splitlines()[0].strip())  # the page header names the sheet
        small += [(n, round(size, 2), text) for size, text in sizes if size < MIN_POINTS]
    assert small == []
    assert seen == sheets, f"sheets never printed: {sheets - seen}; page headers: {seen - sheets}"


def test_the_workbook_follows_the_paper(foreign, brand, tmp_path):
    for paper, code in (("A4", 9), ("letter", 1)):
        wb = openpyxl.load_workbook(io.BytesIO(render_xlsx(foreign, brand, paper=paper)))
        assert {ws.page_setup.paperSize for ws in wb} == {code}
    result = CliRunner().invoke(
        main, ["generate", "--profile", str(FIXTURES / "example.yaml"), "--out", str(tmp_path), "--paper", "letter"]
    )
    assert result.exit_code == 0, result.output
    (book,) = tmp_path.glob("*/*.xlsx")  # the briefing folder
    assert {ws.page_setup.paperSize for ws in openpyxl.load_workbook(book)} == {1}
    (pdf,) = tmp_path.glob("*/*.pdf")
    assert round(float(PdfReader(pdf).pages[0].mediabox.width)) == 612  # the PDF too: portrait Letter


def test_wide_tables_print_in_blocks_with_the_role_column_repeated(foreign, brand):
    """A table wider than a page prints as several page-wide blocks of whole column groups, column A on each."""
    wb = openpyxl.load_workbook(io.BytesIO(render_xlsx(foreign, brand)))
    cost = wb["Cost Model"]
    areas = cost.print_area if isinstance(cost.print_area, list) else [cost.print_area]
    areas = ",".join(areas).split(",")
    # pay against the benchmark, from the title down with the chart; the cost columns; their USD twins
    assert [area.split("!")[1].split(":")[0] for area in areas] == ["$A$1", "$J$4", "$O$4"]
    assert [area.split(":")[1][:3] for area in areas] == ["$I$", "$N$", "$T$"]
    assert cost.print_title_cols == "$A:$A" and cost.print_title_rows == "$4:$4"


def test_the_what_changed_sheet_prints_at_8_points_or_more(brand, tmp_path):
    """Three tables of old and new figures, wider than a page: printed in blocks, its note whole on page one."""
    import datetime as dt
    import shutil

    from briefing import api, resources

    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed; CI installs libreoffice-calc-nogui")
    data = tmp_path / "data" / "editions"
    shutil.copytree(resources.data_dir() / "editions" / "2026-q2", data / "2026-q2")
    shutil.copytree(FIXTURES / "editions" / "2026-q3", data / "2026-q3")
    analysis = api.analyze(resources.sample_profile("foreign"), data=data.parent, today=dt.date(2026, 11, 29))
    (tmp_path / "in").mkdir()
    files = []
    for lang, paper in (("en", "A4"), ("zh", "letter")):
        files.append(tmp_path / "in" / f"{lang}_{paper}.xlsx")
        files[-1].write_bytes(render_xlsx(analysis, brand, lang=lang, paper=paper))
    for path, out in zip(files, convert(files, tmp_path / "out", tmp_path / "profile", to="pdf"), strict=True):
        name = catalogue(path.stem.split("_")[0])("xlsx.sheet.changes")
        pages = [
            (text, sizes)
            for text, sizes in map(text_sizes, PdfReader(out).pages)
            if text.splitlines()[0].strip() == name
        ]
        assert len(pages) > 1, path.stem  # in blocks
        assert [(round(size, 2), text) for _, sizes in pages for size, text in sizes if size < MIN_POINTS] == [], (
            path.stem
        )
        first = " ".join(pages[0][0].split())
        assert (
            "before any aging; the changes are values, not formulas." in first
            if path.stem.startswith("en")
            else "变化列为数值，而非公式。" in "".join(first.split())
        ), path.stem
