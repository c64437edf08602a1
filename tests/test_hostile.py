"""Hostile input end to end: text that looks like markup or formulas stays text, odd scripts and huge
names do not break a deliverable, hostile files are refused, and a killed run loses nothing."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import main
from conftest import FIXTURES

HOSTILE = FIXTURES / "hostile"
PROFILES = ["markup", "formulas", "scripts", "long_name", "roster"]
SAFE_NAME = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*_2026-q2\.(pdf|xlsx)")


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> dict[str, dict[str, Path]]:
    written = {}
    for case in PROFILES:
        out = tmp_path_factory.mktemp(case)
        result = CliRunner().invoke(main, ["generate", "--profile", str(HOSTILE / f"{case}.yaml"), "--out", str(out)])
        assert result.exit_code == 0, f"{case}: {result.output}"
        written[case] = {p.suffix: p for p in out.iterdir() if p.name != "manifest.json"}
    return written


def profile_text(case: str) -> dict:
    import yaml

    return yaml.safe_load((HOSTILE / f"{case}.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", PROFILES)
def test_deliverables_are_written_with_safe_names(outputs, case):
    files = outputs[case]
    assert set(files) == {".pdf", ".xlsx"}
    for path in files.values():
        assert SAFE_NAME.fullmatch(path.name), path.name
    assert files[".pdf"].stat().st_size < 1_000_000


@pytest.mark.parametrize("case", ["markup", "formulas"])
def test_pdf_prints_text_as_typed(outputs, case):
    from pypdf import PdfReader

    client = profile_text(case)["client"]
    text = PdfReader(outputs[case][".pdf"]).pages[0].extract_text()
    flat = " ".join(text.split())
    assert " ".join(client["name"].split()) in flat


def _sheet_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as book:
        return "\n".join(book.read(n).decode("utf-8") for n in book.namelist() if n.startswith("xl/worksheets/"))


@pytest.mark.parametrize("case", ["formulas", "roster", "markup"])
def test_workbook_keeps_text_as_text(outputs, case):
    from openpyxl import load_workbook

    xml = _sheet_xml(outputs[case][".xlsx"])
    formulas = re.findall(r"<f>(.*?)</f>", xml)
    assert formulas, "the model should still be live"
    for formula in formulas:
        assert "HYPERLINK" not in formula and "cmd|" not in formula and "SUM(1+1)" not in formula, formula
    book = load_workbook(outputs[case][".xlsx"])
    texts = {c.value for ws in book.worksheets for row in ws.iter_rows() for c in row if c.data_type == "s"}
    expected = {"formulas": ['=HYPERLINK("http://evil.example","Click me")', "=1+1", '@SUM(1+1)*cmd|"/C calc"!A0'],
                "roster": ['=HYPERLINK("http://evil.example","x")', "@cmd|' /C calc'!A0", "<b>bold</b> & <unclosed"],
                "markup": ["<strike>Lead</strike> LLM <u>Engineer</u> & co"]}[case]
    for value in expected:
        assert value in texts, value


def test_profile_over_a_megabyte_is_refused(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_text("client: {name: Acme, employer_type: foreign}\n" + "# padding\n" * 120_000, encoding="utf-8")
    start = time.perf_counter()
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2
    assert "the file is 1,200,045 bytes; the limit is 1,000,000" in result.output
    assert time.perf_counter() - start < 5


def _profile_with_logo(tmp_path: Path, logo: Path) -> Path:
    path = tmp_path / "p.yaml"
    path.write_text(f"client: {{name: Acme, employer_type: foreign, logo: {logo.name}}}\n", encoding="utf-8")
    return path


def test_logo_with_too_many_pixels_is_refused(tmp_path):
    from PIL import Image

    Image.new("1", (20_000, 20_000)).save(tmp_path / "huge.png")
    Image.new("1", (6_000, 5_000)).save(tmp_path / "large.png")
    result = CliRunner().invoke(main, ["validate", str(_profile_with_logo(tmp_path, tmp_path / "huge.png"))])
    assert result.exit_code == 2
    assert "client.logo: huge.png: the image is 20000x20000 pixels; the limit is 25,000,000 pixels" in result.output
    result = CliRunner().invoke(main, ["validate", str(_profile_with_logo(tmp_path, tmp_path / "large.png"))])
    assert "client.logo: large.png: the image is 6000x5000 pixels; the limit is 25,000,000 pixels" in result.output


def test_fifty_megabyte_logo_is_refused(tmp_path):
    logo = tmp_path / "heavy.png"
    with logo.open("wb") as fh:
        fh.write(b"\x89PNG\r\n\x1a\n")
        fh.truncate(50_000_000)
    result = CliRunner().invoke(main, ["validate", str(_profile_with_logo(tmp_path, logo))])
    assert result.exit_code == 2
    assert "client.logo: heavy.png: the image is 50,000,000 bytes; the limit is 5,000,000" in result.output


def test_sigkill_during_generate_never_leaves_partial_files(tmp_path):
    """Kill `briefing generate` at many moments; the folder always holds the earlier good files, whole."""
    out = tmp_path / "out"
    cmd = [sys.executable, "-c", "from briefing.cli import main; main()", "generate", "--out", str(out)]
    subprocess.run(cmd, check=True, capture_output=True)
    good = {p.name: p.read_bytes() for p in out.iterdir()}
    assert len(good) == 3  # the PDF, the workbook and manifest.json
    for delay in (0.2, 0.5, 0.8, 1.1, 1.3, 1.5, 1.7, 2.0):
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert {p.name: p.read_bytes() for p in out.iterdir()} == good, f"after a kill at {delay}s"


def _roster_profile(tmp_path: Path, book) -> Path:
    book.save(tmp_path / "roster.xlsx")
    path = tmp_path / "p.yaml"
    path.write_text("client: {name: Acme, employer_type: foreign}\nroles_file: roster.xlsx\n", encoding="utf-8")
    return path


def test_roster_with_merged_cells_formulas_and_empty_rows(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Role", "Title", "Headcount", "Planned hires", "Current pay"])
    sheet.append(["LLM Training Engineer", "Lead", 2, 1, 1_000_000])
    sheet.append([])
    sheet.append(["AI Inference Engineer", "Merged", 3, "=1+1", 800_000])  # a formula, never computed by openpyxl
    sheet.merge_cells("A6:E6")
    sheet["A6"] = "AI Product Manager"
    result = CliRunner().invoke(main, ["validate", str(_roster_profile(tmp_path, book))])
    assert result.exit_code == 2
    assert "row 4, column 'Planned hires': expected a whole number >= 0, got '=1+1'" in result.output
    assert "Traceback" not in result.output


def test_ten_thousand_row_roster_is_refused_quickly_with_a_bounded_message(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Role", "Headcount", "Planned hires", "Current pay"])
    for i in range(10_000):
        sheet.append(["LLM Training Engineer", i % 7, 0, "lots"])
    path = _roster_profile(tmp_path, book)
    start = time.perf_counter()
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert time.perf_counter() - start < 20
    assert result.exit_code == 2
    assert "more problems of the same kind" in result.output
    assert len(result.output.splitlines()) <= 53


def test_roster_that_is_a_folder_or_a_damaged_workbook(tmp_path):
    (tmp_path / "r.csv").mkdir()
    folder = tmp_path / "p.yaml"
    folder.write_text("client: {name: Acme, employer_type: foreign}\nroles_file: r.csv\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(folder)])
    assert result.exit_code == 2 and "r.csv: is a folder, not a file" in result.output

    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Role", "Headcount"])
    for _ in range(20):
        book.active.append(["LLM Training Engineer", 1])
    profile = _roster_profile(tmp_path, book)
    with zipfile.ZipFile(tmp_path / "roster.xlsx") as whole:
        parts = {n: whole.read(n) for n in whole.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = parts[sheet][: len(parts[sheet]) // 2]
    with zipfile.ZipFile(tmp_path / "roster.xlsx", "w") as damaged:
        for name, data in parts.items():
            damaged.writestr(name, data)
    result = CliRunner().invoke(main, ["validate", str(profile)])
    assert result.exit_code == 2
    assert "roster.xlsx: is not a readable .xlsx workbook" in result.output
