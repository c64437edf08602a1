"""Hostile input end to end: text that looks like markup or formulas stays text, odd scripts and huge
names do not break a deliverable, hostile files (devices, pipes, bombs) are refused, and a killed run loses
nothing."""

from __future__ import annotations

import hashlib
import re
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES

from briefing.cli import main

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
        (folder,) = [p for p in out.iterdir() if p.is_dir()]
        written[case] = {p.suffix: p for p in folder.iterdir() if not p.name.startswith(".")}
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
        assert path.parent.name == path.stem
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
    expected = {
        "formulas": ['=HYPERLINK("http://evil.example","Click me")', "=1+1", '@SUM(1+1)*cmd|"/C calc"!A0'],
        "roster": ['=HYPERLINK("http://evil.example","x")', "@cmd|' /C calc'!A0", "<b>bold</b> & <unclosed"],
        "markup": ["<strike>Lead</strike> LLM <u>Engineer</u> & co"],
    }[case]
    for value in expected:
        assert value in texts, value


def test_profile_over_a_megabyte_is_refused(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_text("client: {name: Acme, employer_type: foreign}\n" + "# padding\n" * 120_000, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2
    assert "the file is 1,200,045 bytes; the limit is 1,000,000" in result.output


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
    # Pillow itself refuses to open an image this far beyond its own limit, before we learn its size
    assert (
        "client.logo: huge.png: the image is over 178,956,970 pixels; the limit is 25,000,000 pixels" in result.output
    )
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


def test_sigkill_during_generate_leaves_the_old_pair_or_the_new_one(tmp_path):
    """`briefing generate` killed at the steps of its write (the writer's test hook stops it there): before
    the switch the earlier folder stays whole; from the switch on the new one is whole. The manifest is
    always whole: replaced last, under the same lock, it still describes the old files after a kill between
    the switch and its own replacement (so they no longer match it), and the new ones after the run. The
    next run sweeps what the killed ones left."""
    import json
    import os

    from briefing.atomic import PAUSE_ENV, Workspace

    profile, out = tmp_path / "p.yaml", tmp_path / "out"
    cmd = [
        sys.executable,
        "-c",
        "from briefing.cli import main; main()",
        "generate",
        "--profile",
        str(profile),
        "--out",
        str(out),
    ]
    profile.write_text(EXAMPLE_PROFILE.format(headcount=4), encoding="utf-8")
    subprocess.run(cmd, check=True, capture_output=True)
    (folder,) = [p for p in out.iterdir() if p.is_dir()]

    def state() -> tuple[dict[str, bytes], dict[str, str]]:
        """The folder's files, and what the manifest says their SHA-256 are."""
        files = {p.name: p.read_bytes() for p in folder.iterdir()}
        listed = json.loads((out / "manifest.json").read_bytes())["files"]
        return files, {e["file"].split("/")[1]: e["sha256"] for e in listed}

    def whole(files: dict[str, bytes]) -> bool:
        record = json.loads(files[".briefing.json"])
        return {name: hashlib.sha256(files[name]).hexdigest() for name in record["files"]} == record["files"]

    old, old_listed = state()
    for headcount, point in ((5, "writing"), (6, "indexing"), (7, "switched")):
        profile.write_text(EXAMPLE_PROFILE.format(headcount=headcount), encoding="utf-8")  # other figures
        proc = subprocess.Popen(cmd, env={**os.environ, PAUSE_ENV: point}, stderr=subprocess.PIPE, text=True)
        assert proc.stderr.readline().strip() == f"paused at {point}"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        proc.stderr.close()
        now, listed = state()
        if point == "writing":
            assert (now, listed) == (old, old_listed)
        elif point == "indexing":
            assert now != old and whole(now) and listed == old_listed
            assert listed != json.loads(now[".briefing.json"])["files"]  # the next batch renders it again
        else:
            assert now != old and whole(now) and listed == json.loads(now[".briefing.json"])["files"]
        old, old_listed = now, listed
    with Workspace(out):  # what the next run into the folder does first: sweep what killed runs left
        pass
    assert sorted(p.name for p in out.iterdir()) == sorted([folder.name, "manifest.json"])


EXAMPLE_PROFILE = """client: {{name: Acme Robotics, employer_type: foreign}}
roles:
  - {{role: LLM Training Engineer, headcount: {headcount}, current_pay: 900000}}
"""


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
    assert "sheet 'Sheet', row 4, cell D4 (Planned hires): is a formula without a saved value" in result.output
    assert "Traceback" not in result.output


def test_ten_thousand_row_roster_is_refused_with_a_bounded_message(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Role", "Headcount", "Planned hires", "Current pay"])
    for i in range(10_000):
        sheet.append(["LLM Training Engineer", i % 7, 0, "lots"])
    path = _roster_profile(tmp_path, book)
    result = CliRunner().invoke(main, ["validate", str(path)])
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
    assert "roster.xlsx: sheet 'Sheet' is damaged and cannot be read" in result.output


# --- files that are not files: devices and pipes are refused by type, before a byte is read ---------------


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_or_an_endless_pipe_as_profile(tmp_path):
    import os

    result = CliRunner().invoke(main, ["validate", "/dev/zero"])
    assert result.exit_code == 2 and "/dev/zero: is a device, not a regular file" in result.output
    read, write = os.pipe()  # what `briefing validate <(cat p.yaml; yes)` hands over: /dev/fd/N, a pipe
    try:
        os.write(write, b"client: {name: Acme, employer_type: foreign}\n" + b"y\n" * 1000)
        result = CliRunner().invoke(main, ["validate", f"/dev/fd/{read}"])
    finally:
        os.close(read)
        os.close(write)
    assert result.exit_code == 2 and f"/dev/fd/{read}: is a pipe (FIFO), not a regular file" in result.output


def test_a_fifo_as_logo_brand_font_or_edition_file(tmp_path):
    """A FIFO with no writer would block a reader forever: each is refused at once, with the file named."""
    import os
    import shutil

    from briefing import resources

    os.mkfifo(tmp_path / "logo.png")
    result = CliRunner().invoke(main, ["validate", str(_profile_with_logo(tmp_path, tmp_path / "logo.png"))])
    assert result.exit_code == 2 and "client.logo: logo.png: is a pipe (FIFO), not a regular file" in result.output

    brand = tmp_path / "brand"
    shutil.copytree(resources.assets_dir(), brand)
    (brand / "fonts" / "NotoSans-Bold.ttf").unlink()
    os.mkfifo(brand / "fonts" / "NotoSans-Bold.ttf")
    os.mkfifo(tmp_path / "firm.yaml")
    for brand_file, expected in (
        (brand / "brand.yaml", "fonts.bold: fonts/NotoSans-Bold.ttf: is a pipe (FIFO)"),
        (tmp_path / "firm.yaml", "firm.yaml: is a pipe (FIFO), not a regular file"),
    ):
        result = CliRunner().invoke(main, ["generate", "--brand", str(brand_file), "--out", str(tmp_path / "out")])
        assert result.exit_code == 2 and expected in result.output, result.output

    data = tmp_path / "data"
    shutil.copytree(resources.data_dir() / "editions", data / "editions")
    table = data / "editions" / "2026-q2" / "compensation.csv"
    table.unlink()
    os.mkfifo(table)
    result = CliRunner().invoke(main, ["roles", "--data", str(data)])
    assert result.exit_code == 2 and "compensation.csv: is a pipe (FIFO), not a regular file" in result.output
    assert not (tmp_path / "out").exists()


# --- where a logo may come from, and where the output goes -------------------------------------------------


def test_a_logo_outside_the_profiles_folder_is_refused_unless_in_the_brands(tmp_path):
    import shutil

    from briefing import resources

    logo = next(resources.sample_profile("foreign").parent.glob("*.png"))
    clients, brand = tmp_path / "clients", tmp_path / "brand"
    clients.mkdir()
    shutil.copytree(resources.assets_dir(), brand)
    shutil.copy(logo, tmp_path / "outside.png")
    shutil.copy(logo, brand / "client-logo.png")
    for name in ("../outside.png", str(tmp_path / "outside.png")):
        profile = clients / "p.yaml"
        profile.write_text(f"client: {{name: Acme, employer_type: foreign, logo: '{name}'}}\n", encoding="utf-8")
        result = CliRunner().invoke(main, ["validate", str(profile)])
        assert result.exit_code == 2
        assert f"client.logo: {name}: is outside the profile's folder ({clients})" in result.output
    profile.write_text(
        "client: {name: Acme, employer_type: foreign, logo: ../brand/client-logo.png}\n", encoding="utf-8"
    )
    assert CliRunner().invoke(main, ["validate", str(profile)]).exit_code == 2
    result = CliRunner().invoke(main, ["validate", str(profile), "--brand", str(brand / "brand.yaml")])
    assert result.exit_code == 0, result.output


def test_a_dangling_output_link_is_named_as_such(tmp_path):
    (tmp_path / "out").symlink_to(tmp_path / "gone")
    result = CliRunner().invoke(main, ["generate", "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert f"out: is a symbolic link to {tmp_path / 'gone'}, which does not exist" in result.output
    assert "File exists" not in result.output


# --- same bytes from any folder and any installation ---------------------------------------------------------


def test_same_inputs_in_two_folders_give_the_same_bytes(tmp_path):
    """The profile, its logo and the brand (its fonts and logo: what an installation holds) copied to two
    folders of different depth: every byte of the output is the same, the briefing folder and the manifest
    (which names the profile by its path from the output folder)."""
    import shutil

    from briefing import resources

    written = []
    for where in (tmp_path / "a", tmp_path / "b" / "deeper"):
        shutil.copytree(resources.sample_profile("foreign").parent, where / "clients")
        shutil.copytree(resources.assets_dir(), where / "brand")
        result = CliRunner().invoke(
            main,
            [
                "generate",
                "--profile",
                str(where / "clients" / "foreign.yaml"),
                "--brand",
                str(where / "brand" / "brand.yaml"),
                "--out",
                str(where / "out"),
            ],
        )
        assert result.exit_code == 0, result.output
        written.append(
            {
                str(p.relative_to(where / "out")): p.read_bytes()
                for p in sorted((where / "out").rglob("*"))
                if p.is_file()
            }
        )
    assert len(written[0]) == 4 and written[0] == written[1]  # the PDF, the workbook, .briefing.json, manifest.json
    for data in written[0].values():
        assert str(tmp_path).encode() not in data
