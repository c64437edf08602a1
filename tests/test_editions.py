"""Editions over time: `briefing edition check` and `edition diff`, and a briefing on an edition with a predecessor.

The newer edition is the made-up test edition tests/fixtures/editions/2026-q3 (see its README), copied beside a
copy of the shipped 2026-q2 into a data folder of the test's own.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import FIXTURES, TODAY, pdf_pages
from pypdf import PdfReader
from recalc import SOFFICE, convert
from test_dates import check_walk
from test_xlsx import mismatches

from briefing import api, resources
from briefing.cli import main
from briefing.errors import EditionError
from briefing.i18n import catalogue

SHIPPED = resources.data_dir() / "editions" / "2026-q2"
MADE_UP = FIXTURES / "editions" / "2026-q3"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def timeline(tmp_path_factory) -> Path:
    """A data folder holding the shipped 2026-q2 and the made-up 2026-q3 after it."""
    data = tmp_path_factory.mktemp("timeline")
    shutil.copytree(SHIPPED, data / "editions" / "2026-q2")
    shutil.copytree(MADE_UP, data / "editions" / "2026-q3")
    return data


def _copy(tmp_path: Path, source: Path = SHIPPED, name: str = "2026-q2") -> Path:
    folder = tmp_path / "editions" / name
    shutil.copytree(source, folder)
    return folder


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- briefing edition check -------------------------------------------------------------------------------


def test_check_passes_the_shipped_edition():
    result = run("edition", "check", SHIPPED)
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"{SHIPPED}: OK: edition 2026-q2 (early Q2 2026, industry estimates), effective "
        "2026-04-01: 6 roles, 4 specializations, 4 premiums, 3 signals, 6 recommendations, "
        "3 dated (horizons 2026-07-01), in en, zh\n"
    )


def test_check_lists_every_problem_of_a_damaged_copy(tmp_path):
    folder = _copy(tmp_path)
    _edit(folder / "compensation.csv", "72,105,", "72,70,")
    _edit(folder / "talent_gap.csv", "1500,2000,10", "1500,2000,11")
    _edit(folder / "edition.yaml", "horizon: 2026-07-01          # the first half", "horizon: 1 July  #")
    _edit(folder / "edition.yaml", "      after: >-\n        China AI teams", "      later: >-\n        China AI teams")
    result = run("edition", "check", folder)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    for line in (
        f"{folder / 'compensation.csv'}: row 3, column p75_cny_10k: expected a number >= p50_cny_10k (72), got 70",
        f"{folder / 'talent_gap.csv'}: row 4, column difficulty: expected a whole number from 1 to 10, got 11",
        f"{folder / 'edition.yaml'}: signals[2].horizon: expected a date written YYYY-MM-DD, got '1 July'",
        f"{folder / 'edition.yaml'}: recommendations.foreign[0].after: is required",
        f"{folder / 'edition.yaml'}: recommendations.foreign[0].later: unknown key",
    ):
        assert line in result.output, line
    assert "invalid data edition (5 problems)" in result.output


def test_check_a_missing_chinese_wording(tmp_path):
    folder = _copy(tmp_path)
    _edit(folder / "zh.yaml", "    after: >-\n      基准曾预计", "    later: >-\n      基准曾预计")
    result = run("edition", "check", folder)
    assert result.exit_code == 2
    assert f"{folder / 'zh.yaml'}: recommendations.source-compute-early.after: is required" in result.output


def test_check_an_effective_date_out_of_order(tmp_path):
    _copy(tmp_path)
    later = _copy(tmp_path, MADE_UP, "2026-q3")
    _edit(later / "edition.yaml", "effective_date: 2026-07-01", "effective_date: 2026-03-01")
    _edit(later / "edition.yaml", "horizon: 2026-10-01", "horizon: 2026-10-02")  # still after its own date
    result = run("edition", "check", later)
    assert result.exit_code == 2
    assert (
        f"{later / 'edition.yaml'}: effective_date: expected a date after 2026-04-01, the effective date of "
        "edition 2026-q2 (whose id sorts before 2026-q3), got 2026-03-01"
    ) in result.output


def test_check_a_folder_that_is_not_an_edition(tmp_path):
    result = run("edition", "check", tmp_path)
    assert result.exit_code == 2
    assert f"{tmp_path}: is not an edition folder: it has no edition.yaml" in result.output


# --- briefing edition diff ---------------------------------------------------------------------------------


def test_diff_prints_what_moved():
    result = run("edition", "diff", SHIPPED, MADE_UP)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Edition 2026-q2 (early Q2 2026, industry estimates), effective 2026-04-01"
    assert lines[1] == "     -> 2026-q3 (made-up test edition, not market data), effective 2026-07-01"
    row = next(line for line in lines if line.startswith("LLM Training Engineer"))
    assert row.split() == [
        "LLM",
        "Training",
        "Engineer",
        "950,000",
        "1,000,000",
        "+50,000",
        "(+5.3%)",
        "1,350,000",
        "1,420,000",
        "+70,000",
        "(+5.2%)",
        "+28%",
        "->",
        "+30%",
        "(+2.0",
        "pts)",
    ]
    assert "Pay by role, CNY per person per year as published (6 of 6 moved)" in lines
    assert "Roles added: AI Agent Engineer" in lines and "Roles removed: none" in lines
    gap = next(line for line in lines if line.startswith("Compiler Optimization (AI)"))
    assert gap.split()[-3:] == ["9", "->", "10"] and "2,000–2,500 -> 2,200–2,700" in gap
    assert any(line.startswith("Product Manager") and line.endswith("25%–35% -> 28%–38%") for line in lines)
    assert not any(line.startswith("Backend Engineer") for line in lines)  # unchanged premiums are not listed


def test_diff_by_id_in_a_data_folder(timeline):
    result = run("edition", "diff", "2026-q2", "2026-q3", "--data", timeline)
    assert result.exit_code == 0, result.output
    assert "Roles added: AI Agent Engineer" in result.output
    same = run("edition", "diff", "2026-q2", "2026-q2")
    assert same.exit_code == 0 and "Nothing moved: every table is the same." in same.output


def test_diff_refuses_different_units_with_both_values(tmp_path):
    newer = _copy(tmp_path, MADE_UP, "2026-q3")
    _edit(newer / "edition.yaml", "unit: CNY 10K per year", "unit: CNY per month")
    result = run("edition", "diff", SHIPPED, newer)
    assert result.exit_code == 2
    assert (
        f"{newer / 'edition.yaml'}: unit: expected the same unit as edition 2026-q2 ('CNY 10K per year') to "
        "compare them, got 'CNY per month'"
    ) in result.output
    assert "Traceback" not in result.output


def test_diff_of_editions_in_different_currencies(edition, tmp_path):
    import dataclasses

    other = dataclasses.replace(edition, id="2026-q3", currency="USD", path=tmp_path)
    with pytest.raises(
        EditionError,
        match=r"currency: expected the same currency as edition 2026-q2 \('CNY'\) to "
        r"compare them, got 'USD'",
    ):
        api.diff_editions(edition, other)


# --- a briefing on an edition with a predecessor ---------------------------------------------------------------


@pytest.fixture(scope="module")
def on_q3(timeline):
    """The domestic sample on the made-up 2026-q3, whose predecessor is the shipped 2026-q2."""
    return api.generate(resources.sample_profile("domestic"), data=timeline, today=TODAY)


def test_the_analysis_knows_what_changed(on_q3):
    a = on_q3.analysis
    assert (a.edition.id, a.history.previous.id, a.history.newer) == ("2026-q3", "2026-q2", ())
    assert a.changes.old_id == "2026-q2" and a.changes.roles_added == ("AI Agent Engineer",)
    # the client's roles, largest move at its P50 target first: Compiler +7.7%, Inference +6.9%, LLM +5.3%, Chip +3.5%
    assert [m.role for m in a.role_changes] == [
        "Compiler/Kernel Engineer",
        "AI Inference Engineer",
        "LLM Training Engineer",
        "AI Chip Designer (HiSilicon)",
    ]
    assert a.role_changes[0].p50_cny.pct == pytest.approx(840_000 / 780_000 - 1)


def _pdf_text(data: bytes) -> tuple[str, list[str]]:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(pdf_pages(data)).split()), [i.title for i in reader.outline]


def test_the_pdf_says_what_changed(on_q3):
    text, outline = _pdf_text(on_q3.files["shensuan-technology_2026-q3.pdf"])
    assert outline[:4] == ["Cover", "Contents", "Executive summary", "What changed since 2026-q2"]
    assert (
        "This briefing uses edition 2026-q3 (made-up test edition, not market data), effective 1 July 2026; the "
        "edition before it, 2026-q2, took effect on 1 April 2026."
    ) in text
    assert "Compiler/Kernel Engineer 78 84 +7.7% 115 124 +7.8% +30% +32%" in text
    assert "AI Chip Designer (HiSilicon) 85 88 +3.5% 120 124 +3.3% +20% +18%" in text
    assert "New in this edition: AI Agent Engineer." in text
    assert (
        "Compiler Optimization (AI), where you hire: the estimated gap moved from 2,000–2,500 to 2,200–2,700 "
        "people, and hiring difficulty from 9 to 10 out of 10."
    ) in text
    assert (
        "Re-skilling Data Analyst into Data Labeling Strategy / Synthetic Data Engineer: the premium moved from "
        "20%–30% to 18%–28%."
    ) in text


def test_the_pdf_says_what_changed_in_chinese(timeline):
    result = api.generate(resources.sample_profile("foreign"), data=timeline, today=TODAY, lang="zh")
    text, outline = _pdf_text(result.files["nordlicht-automation_2026-q3_zh.pdf"])
    assert outline[3] == catalogue("zh")("pdf.section.changes", edition="2026-q2") == "自2026-q2版以来的变化"
    assert "大模型训练工程师 95 100 +5.3% 135 142 +5.2% +28% +30%" in text
    assert "本版新增：AI智能体工程师。" in "".join(text.split())
    assert "产品经理转型为AI产品经理（提示词/大模型素养）：溢价由25%–35%变为28%–38%。" in "".join(text.split())


def test_no_predecessor_no_block(foreign):
    assert foreign.changes is None and foreign.role_changes == ()


def _sheet(content: bytes, name: str = "What Changed") -> dict[str, tuple]:
    ws = openpyxl.load_workbook(io.BytesIO(content))[name]
    return {r[0]: r for r in ws.iter_rows(values_only=True) if r[0]}


def test_the_workbook_has_the_differences_as_values(on_q3):
    content = on_q3.files["shensuan-technology_2026-q3.xlsx"]
    book = openpyxl.load_workbook(io.BytesIO(content), data_only=False)
    assert book.sheetnames[3] == "What Changed"
    assert not any(c.data_type == "f" for row in book["What Changed"].iter_rows() for c in row)
    rows = _sheet(content)
    llm = rows["LLM Training Engineer"]
    assert llm[1:4] == (950_000, 1_000_000, 50_000) and llm[4] == pytest.approx(1_000_000 / 950_000 - 1)
    assert llm[5:8] == (1_350_000, 1_420_000, 70_000)
    assert llm[9:12] == (0.28, 0.30, pytest.approx(0.02))
    assert rows["AI Agent Engineer"] == (
        "AI Agent Engineer",
        None,
        800_000,
        None,
        None,
        None,
        1_100_000,
        None,
        None,
        None,
        0.35,
        None,
        "new in this edition",
    )
    assert rows["Compiler Optimization (AI)"][1:12] == (800, 850, 1000, 1050, 2000, 2200, 2500, 2700, 9, 10, None)
    assert rows["Backend Engineer"][1:6] == (0.30, 0.30, 0.45, 0.45, "unchanged")
    assert (
        "What Changed"
        not in openpyxl.load_workbook(
            io.BytesIO(
                api.generate(resources.sample_profile("domestic"), today=TODAY).files[
                    "shensuan-technology_2026-q2.xlsx"
                ]
            )
        ).sheetnames
    )


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_the_workbook_on_the_newer_edition_recalculates_to_the_analysis(on_q3, tmp_path):
    content = on_q3.files["shensuan-technology_2026-q3.xlsx"]
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "q3.xlsx").write_bytes(content)
    (out,) = convert([tmp_path / "in" / "q3.xlsx"], tmp_path / "out", tmp_path / "profile")
    assert mismatches(openpyxl.load_workbook(out, data_only=True), on_q3.analysis) == []
    assert mismatches(openpyxl.load_workbook(io.BytesIO(content), data_only=True), on_q3.analysis) == []


# --- warnings about the editions around the one used -----------------------------------------------------------


def test_a_newer_edition_is_named(timeline, tmp_path):
    result = run(
        "generate",
        "--profile",
        resources.sample_profile("domestic"),
        "--data",
        timeline,
        "--edition",
        "2026-q2",
        "--out",
        tmp_path,
    )
    assert result.exit_code == 0, result.output
    assert "warning: edition 2026-q2 is not the newest: 2026-q3 is newer (choose one with --edition)" in result.stderr
    newest = run("validate", resources.sample_profile("domestic"), "--data", timeline)
    assert newest.exit_code == 0 and "is not the newest" not in newest.stderr


def test_an_unreadable_predecessor_is_a_warning(tmp_path):
    _edit(_copy(tmp_path) / "talent_gap.csv", "1500,2000,10", "1500,2000,11")
    _copy(tmp_path, MADE_UP, "2026-q3")
    result = run(
        "generate", "--profile", resources.sample_profile("domestic"), "--data", tmp_path, "--out", tmp_path / "out"
    )
    assert result.exit_code == 0, result.output
    assert (
        "warning: edition 2026-q2, the one before 2026-q3, cannot be read (1 problem; run: briefing edition "
        f"check {tmp_path / 'editions' / '2026-q2'}), so nothing is compared with it"
    ) in result.stderr
    folder = tmp_path / "out" / "shensuan-technology_2026-q3"
    _, outline = _pdf_text((folder / "shensuan-technology_2026-q3.pdf").read_bytes())
    assert not any(title.startswith("What changed") for title in outline)


def test_a_predecessor_in_other_units_is_a_warning(tmp_path):
    _edit(_copy(tmp_path) / "edition.yaml", "unit: CNY 10K per year ", "unit: CNY per year ")
    _copy(tmp_path, MADE_UP, "2026-q3")
    a = api.analyze(resources.sample_profile("domestic"), data=tmp_path, today=TODAY)
    assert a.changes is None
    assert (
        "edition 2026-q3 is not compared with 2026-q2: expected the same unit as edition 2026-q2 ('CNY per "
        "year') to compare them, got 'CNY 10K per year'"
    ) in a.warnings


# --- the made-up edition's own horizons, walked like the shipped one's ------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("employer_type", ["foreign", "domestic"])
def test_every_horizon_of_a_later_edition(timeline, brand, employer_type, lang):
    check_walk(api.open_edition("2026-q3", data=timeline), brand, employer_type, lang)


def test_the_chinese_sheet_is_in_chinese(timeline):
    result = api.generate(resources.sample_profile("domestic"), data=timeline, today=TODAY, lang="zh")
    zh, en = catalogue("zh"), catalogue("en")
    book = openpyxl.load_workbook(io.BytesIO(result.files["shensuan-technology_2026-q3_zh.xlsx"]))
    assert book.sheetnames[3] == zh("xlsx.sheet.changes")
    texts = {c.value for row in book[zh("xlsx.sheet.changes")].iter_rows() for c in row if isinstance(c.value, str)}
    english = {v for k, v in en.messages.items() if k.startswith(("xlsx.col.", "xlsx.changes.")) and "{" not in v}
    assert texts & english == set()
    assert {"大模型训练工程师", "AI智能体工程师", "本版新增", "无变化", zh("xlsx.col.p50_old")} <= texts
