"""The portfolio overview: read from the manifest, client text as typed (a string in the workbook, escaped on
the page), figures as recorded, in the batch's first language."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, portfolio_links
from openpyxl import load_workbook

from briefing.cli import main

HOSTILE = FIXTURES / "hostile"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    """Formulas and markup in every client text: the overview must show them as typed."""
    out = tmp_path_factory.mktemp("hostile")
    result = CliRunner().invoke(
        main, ["batch", str(HOSTILE / "formulas.yaml"), str(HOSTILE / "markup.yaml"), "--out", str(out), "--jobs", "1"]
    )
    assert result.exit_code == 0, result.output
    return out


def test_client_text_stays_text_in_the_workbook(hostile):
    book = load_workbook(hostile / "portfolio.xlsx")
    sheet = book.active
    cells = {cell.value: cell for row in sheet.iter_rows(min_row=2) for cell in row if isinstance(cell.value, str)}
    name = '=HYPERLINK("http://evil.example","Click me")'
    assert cells[name].data_type == "s"  # a string, not a formula
    assert cells['@SUM(1+1)*cmd|"/C calc"!A0'].data_type == "s"  # the widest gap's title, as typed
    # the only formulas are the links to each briefing's files, in the link columns: none holds client text
    header = [c.value for c in sheet[1]]
    formulas = [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    assert {header[c.column - 1] for c in formulas} == {"PDF", "Workbook"}
    links = portfolio_links(sheet)
    assert len(links) == 4 and all((hostile / target).is_file() for target, _ in links)
    assert {label for _, label in links} == {"PDF", "Workbook"}


def test_figures_are_cny_numbers_with_formats(hostile):
    sheet = load_workbook(hostile / "portfolio.xlsx").active
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, sheet[2], strict=True))
    assert isinstance(row["Total"].value, (int, float)) and row["Total"].number_format == '"CNY" #,##0'
    assert row["Gap vs target"].number_format.startswith("+0.0%")
    shown = dict(zip(header, load_workbook(hostile / "portfolio.xlsx", data_only=True).active[2], strict=True))
    assert shown["PDF"].value == "PDF" and shown["Workbook"].value == "Workbook"  # what a reader without Excel sees


def test_client_text_is_escaped_on_the_page(hostile):
    page = (hostile / "index.html").read_text(encoding="utf-8")
    assert "<b>Acme" not in page and "<img" not in page and 'href="http://evil.example"' not in page
    assert "&lt;b&gt;Acme &amp; Co&lt;/b&gt;" in page
    assert "=HYPERLINK(&quot;http://evil.example&quot;,&quot;Click me&quot;)" in page


def test_the_overview_speaks_the_batch_language(tmp_path, edition):
    result = CliRunner().invoke(
        main, ["batch", str(FIXTURES / "delivery" / "shensuan.yaml"), "--out", str(tmp_path), "--lang", "zh,en"]
    )
    assert result.exit_code == 0, result.output
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in page and "<h1>客户总览</h1>" in page and "差距成本（万元）" in page
    assert edition.text("zh").name("Compiler/Kernel Engineer") in page  # role names in the page's language
    assert "Compiler/Kernel Engineer" not in page
    sheet = load_workbook(tmp_path / "portfolio.xlsx").active
    assert sheet.title == "总览" and sheet["A1"].value == "客户"
    assert [sheet["B2"].value, sheet["B3"].value] == ["英文", "中文"]  # one row per language


def test_an_empty_folder_says_so(tmp_path):
    from briefing.api import load_brand
    from briefing.delivery.manifest import Manifest
    from briefing.delivery.portfolio import overview

    files = overview(Manifest(tmp_path / "manifest.json"), load_brand())
    assert "No briefings in this folder yet." in files["index.html"].decode("utf-8")
    assert len(list(load_workbook(io.BytesIO(files["portfolio.xlsx"])).active.iter_rows())) == 1
