"""The workbook on paper: every sheet, printed by LibreOffice on A4 and on US Letter, reads at 8 pt or more.

The print preview is LibreOffice's own PDF export of the workbook; the text sizes are read from that PDF the
way a reader's eye meets them (font size x text matrix x transformation, in points).
"""

from __future__ import annotations

import dataclasses
import io
import math
import re
from pathlib import Path

import openpyxl
import pikepdf
import pytest
from click.testing import CliRunner
from conftest import FIXTURES, pdf_pages
from pypdf import PdfReader
from recalc import SOFFICE, convert
from test_xlsx import SHEET_KEYS, _forty

from briefing.cli import main
from briefing.i18n import catalogue
from briefing.render.xlsx import render_xlsx

PAPERS = {"A4": (841.89, 595.28), "letter": (792.0, 612.0)}  # landscape, points
MIN_POINTS = 8.0


@dataclasses.dataclass(frozen=True)
class Page:
    """A printed page: its size in points, its header's text (the first line), its runs of text (points, text)."""

    size: tuple[float, float]
    header: str
    sizes: list[tuple[float, str]]


def printed_pages(path: Path) -> list[Page]:
    """Every page of a PDF LibreOffice printed, read once."""
    with pikepdf.open(path) as pdf:
        boxes = [(float(p.mediabox[2] - p.mediabox[0]), float(p.mediabox[3] - p.mediabox[1])) for p in pdf.pages]
        runs = text_runs(pdf)
    return [
        Page(box, header(found), [(size, text) for size, text, _ in found])
        for box, found in zip(boxes, runs, strict=True)
    ]


def header(runs: list[tuple[float, str, float]]) -> str:
    """The first line's text: the runs on the first run's baseline, a space between words, none in Chinese."""
    line = ""
    for _, text, baseline in runs:
        if baseline != runs[0][2]:
            break
        line += text if not line or not (line[-1].isascii() and text[0].isascii()) else f" {text}"
    return line


def _matrix(m, n):
    """m x n for PDF's six-number matrices [a b c d e f]."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t, e * q + f * s + u)


def _to_unicode(font) -> tuple[int, dict[int, str]]:
    """A font's ToUnicode map (bfchar and bfrange lines), and how many bytes a character code takes."""
    if "/ToUnicode" not in font:
        return 1, {}
    cmap = font.ToUnicode.read_bytes().decode("latin-1")
    width = max((len(lo) // 2 for lo in re.findall(r"begincodespacerange\s*<([0-9a-fA-F]+)>", cmap)), default=1)
    chars: dict[int, str] = {}

    def text(hexes: str) -> str:
        return bytes.fromhex(hexes).decode("utf-16-be", "replace")

    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, dst in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            chars[int(code, 16)] = text(dst)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for lo, hi, dst in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            start = int(dst, 16)
            for i, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                chars[code] = text(f"{start + i:0{len(dst)}x}")
    return width, chars


def text_runs(pdf: pikepdf.Pdf) -> list[list[tuple[float, str, float]]]:
    """Each page's runs of text, (size in points, text, baseline) in the order drawn, the size as the eye meets it:
    the font size x the text matrix's scale x the transformation's, through q/Q, cm and form XObjects. pikepdf
    (qpdf) parses the streams: 2-3 times faster than pypdf's extract_text with a visitor, which read every font's
    map again on every page; sizes and text agree with pypdf's on every page of these workbooks."""
    fonts: dict[tuple[int, int], tuple[int, dict[int, str]]] = {}

    def decode(font, data: bytes) -> str:
        if font.objgen not in fonts:
            fonts[font.objgen] = _to_unicode(font)
        width, chars = fonts[font.objgen]
        codes = [int.from_bytes(data[i : i + width], "big") for i in range(0, len(data), width)]
        return "".join(chars.get(code, chr(code) if width == 1 else "") for code in codes)

    def walk(owner, resources, ctm) -> None:
        stack: list[tuple] = []
        tm = line = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
        font, size, leading = None, 0.0, 0.0
        for operands, op in pikepdf.parse_content_stream(owner):
            name = str(op)
            if name == "q":
                stack.append((ctm, font, size))
            elif name == "Q":
                ctm, font, size = stack.pop()
            elif name == "cm":
                ctm = _matrix(tuple(map(float, operands)), ctm)
            elif name == "BT":
                tm = line = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
            elif name == "Tm":
                tm = line = tuple(map(float, operands))
            elif name in ("Td", "TD", "T*", "'", '"'):  # a new line: only where the next run's baseline is
                tx, ty = (float(operands[0]), float(operands[1])) if name in ("Td", "TD") else (0.0, -leading)
                leading = -ty if name == "TD" else leading
                tm = line = _matrix((1, 0, 0, 1, tx, ty), line)
            elif name == "TL":
                leading = float(operands[0])
            elif name == "Tf":
                font, size = resources.Font[str(operands[0])], float(operands[1])
            if name in ("Tj", "TJ", "'", '"') and font is not None:
                strings = operands[0] if name == "TJ" else [operands[-1]]
                text = "".join(decode(font, bytes(s)) for s in strings if isinstance(s, pikepdf.String))
                if text.strip():
                    baseline = round(_matrix(tm, ctm)[5], 1)
                    found.append((size * math.hypot(tm[0], tm[1]) * math.hypot(ctm[0], ctm[1]), text.strip(), baseline))
            elif name == "Do":
                xobject = resources.XObject[str(operands[0])]
                if xobject.Subtype == "/Form":
                    matrix = tuple(map(float, xobject.get("/Matrix", (1, 0, 0, 1, 0, 0))))
                    walk(xobject, xobject.get("/Resources", resources), _matrix(matrix, ctm))

    pages = []
    for page in pdf.pages:
        found: list[tuple[float, str, float]] = []
        walk(page, page.obj.Resources, (1, 0, 0, 1, 0, 0))
        pages.append(found)
    return pages


@pytest.fixture(scope="module")
def printed(edition, brand, foreign, domestic, tmp_path_factory) -> dict[str, list[Page]]:
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
    return {f.stem: printed_pages(out) for f, out in zip(files, outputs, strict=True)}


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("name", ["foreign_en", "forty_en", "forty_zh", "domestic_zh"])
def test_every_sheet_prints_at_8_points_or_more(printed, name, paper):
    pages = printed[f"{name}_{paper}"]
    lang = name.split("_")[1]
    sheets = {catalogue(lang)(f"xlsx.sheet.{key}") for key in SHEET_KEYS}
    seen, small = set(), []
    for n, page in enumerate(pages, 1):
        width, height = page.size
        assert (round(width), round(height)) == tuple(round(v) for v in PAPERS[paper]), f"page {n}: landscape {paper}"
        assert page.sizes, f"page {n} is empty"
        seen.add(page.header)  # the page header names the sheet
        small += [(n, round(size, 2), text) for size, text in page.sizes if size < MIN_POINTS]
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
        texts = pdf_pages(out.read_bytes())
        pages = [(texts[n], page.sizes) for n, page in enumerate(printed_pages(out)) if page.header == name]
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
