"""Rosters of people, one per row: reading (Workday and Beisen exports), the analysis person by person, the PDF,
the People sheet (stored, recalculated and edited by a finance analyst) and the people kept private."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import TODAY, pdf_pages
from pypdf import PdfReader
from recalc import SOFFICE, convert
from test_xlsx import error_cells
from test_xlsx import mismatches as model_mismatches

from briefing.analysis import compute_analysis
from briefing.checks import Checker
from briefing.cli import main
from briefing.models import PersonEntry
from briefing.people import compute_people
from briefing.profile import load_profile, parse_profile
from briefing.render.pdf import render_pdf
from briefing.render.pdf.strip import DOTS_MAX, StripChart, strip_chart
from briefing.render.xlsx import render_xlsx
from briefing.roster import read_roster, spec_for_file
from briefing.roster.privacy import personal_kind

FIXTURES = Path(__file__).parent / "fixtures"
PEOPLE = FIXTURES / "people"
ROSTERS = FIXTURES / "rosters"
needs_soffice = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) is not installed; CI installs libreoffice-calc-nogui"
)
HEADER_ROW = 4  # 1-based, on every table sheet


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def analyse(path: Path, edition):
    return compute_analysis(edition, load_profile(path, edition, TODAY))


@pytest.fixture(scope="module")
def two(edition):
    return analyse(PEOPLE / "two-engineers.yaml", edition)


@pytest.fixture(scope="module")
def workday(edition):
    return analyse(PEOPLE / "workday.yaml", edition)


@pytest.fixture(scope="module")
def beisen(edition):
    return analyse(PEOPLE / "beisen.yaml", edition)


def _people_profile(edition, people: list[tuple[str, float | None]], **briefing):
    """A profile of people built in code: (role, pay) per person."""
    data = {"client": {"name": "Acme", "employer_type": "foreign"}, "briefing": {"date": "2026-04-01", **briefing}}
    profile = parse_profile(data, source="<test>", base_dir=Path.cwd(), edition=edition, today=TODAY)
    entries = tuple(
        PersonEntry(key=f"P-{i + 1:04d}", role=role, title=None, current_pay=pay, row=i + 2)
        for i, (role, pay) in enumerate(people)
    )
    import dataclasses

    return compute_analysis(edition, dataclasses.replace(profile, people=entries))


# --- reading -----------------------------------------------------------------------------------------------


def test_workday_and_beisen_exports_read_to_the_same_people(edition):
    """The same 200 made-up people in two exports: one annual pay, one monthly pay x 14 (rounded to the yuan)."""
    read = {}
    for name in ("workday-people.xlsx", "beisen-people.csv"):
        check = Checker(name)
        read[name] = read_roster(check, spec_for_file(ROSTERS / name), edition)
        assert check.problems == []
    workday, beisen = read["workday-people.xlsx"], read["beisen-people.csv"]
    assert len(workday.people) == len(beisen.people) == 200
    assert [p.key for p in workday.people] == [f"P-{i:04d}" for i in range(1, 201)]
    assert [(p.key, p.role, p.title, p.row) for p in workday.people] == [
        (p.key, p.role, p.title, p.row) for p in beisen.people
    ]
    for w, b in zip(workday.people, beisen.people, strict=True):
        assert (w.current_pay is None) == (b.current_pay is None)
        if w.current_pay is not None:
            assert abs(w.current_pay - b.current_pay) <= 7  # 14 months of a monthly pay rounded to the yuan
    assert workday.report.rows_are == "people" and workday.report.without_pay == (58, 119, 187)
    assert workday.lines == ()  # no planned hires in the export


def test_keys_are_stable_for_the_same_roster(edition):
    first = read_roster(Checker("x"), spec_for_file(ROSTERS / "beisen-people.csv"), edition)
    second = read_roster(Checker("x"), spec_for_file(ROSTERS / "beisen-people.csv"), edition)
    assert first.people == second.people


@pytest.mark.parametrize(
    "header, rows_are",
    [
        ("工号,岗位,年薪", "people"),  # an employee ID column
        ("姓名,岗位,年薪", "people"),  # a column of names, no headcount
        ("岗位,年薪", "people"),  # no headcount column
        ("岗位,人数,年薪", "lines"),  # a headcount column
        ("岗位,计划招聘", "lines"),  # a hiring plan: role and planned hires
        ("工号,岗位,人数,年薪", "people"),  # an ID column: the 1s agree
    ],
)
def test_what_a_row_is(tmp_path, edition, header, rows_are):
    values = {"工号": "E1", "姓名": "张伟", "岗位": "大模型训练工程师", "年薪": "1200000", "人数": "1", "计划招聘": "2"}
    (tmp_path / "r.csv").write_text(
        f"{header}\n" + ",".join(values[h] for h in header.split(",")) + "\n", encoding="utf-8"
    )
    check = Checker("r.csv")
    imported = read_roster(check, spec_for_file(tmp_path / "r.csv"), edition)
    assert check.problems == []
    assert imported.report.rows_are == rows_are


def test_rows_people_says_so_over_a_headcount_column(tmp_path, edition):
    (tmp_path / "r.csv").write_text("工号,岗位,人数,年薪\nE1,大模型训练工程师,3,1200000\n", encoding="utf-8")
    (tmp_path / "p.yaml").write_text(
        "client: {name: Acme, employer_type: domestic}\nroster: {file: r.csv, rows: people}\n", encoding="utf-8"
    )
    result = run("analyze", tmp_path / "p.yaml", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["people"]["headcount"] == 1
    result = run("roster", tmp_path / "p.yaml")
    assert "C   人数  -> not read (one person per row: roster.rows is people)" in result.output


def test_the_people_limit(tmp_path, edition, monkeypatch):
    from briefing.roster import people

    monkeypatch.setattr(people, "MAX_PEOPLE", 5)
    (tmp_path / "r.csv").write_text("岗位,年薪\n" + "大模型训练工程师,1200000\n" * 8, encoding="utf-8")
    check = Checker("r.csv")
    read_roster(check, spec_for_file(tmp_path / "r.csv"), edition)
    assert [p.message for p in check.problems] == ["lists 8 people; the limit is 5 people in one briefing"]


@pytest.mark.parametrize(
    "text, kind",
    [
        ("张伟", "name"),
        ("欧阳娜娜", "name"),
        ("阿卜杜·热合曼", "name"),
        ("Zhang Wei", "name"),
        ("Anna Müller", "name"),
        ("WANG Wei", "name"),
        ("11010519850312001X", "ID number"),
        ("110105198503120011", "ID number"),
        ("13812345678", "phone number"),
        ("+86 138 1234 5678", "phone number"),
        ("zhang.wei@example.cn", "e-mail address"),
        ("E10023", "employee ID"),
        ("算法工程师", None),
        ("高级经理", None),
        ("大模型训练工程师", None),
        ("AI产品经理", None),
        ("总监", None),
        ("Senior LLM Engineer", None),
        ("NPU Design Engineer", None),
        ("Staff Engineer", None),
        ("Head of AI", None),
        ("Prompt Whisperer", None),
        ("Model Serving Lead", None),
        ("Compiler/Kernel Engineer", None),
        ("P7", None),
        ("Engineer II", None),
        ("Title 1001", None),
    ],
)
def test_what_looks_like_a_person(text, kind):
    assert personal_kind(text) == kind


def test_names_in_the_title_column_are_refused_and_never_quoted(tmp_path):
    result = run("validate", FIXTURES / "bad" / "people_names_as_titles.yaml")
    assert result.exit_code == 2
    assert "looks like people's names" in result.output
    for name in ("张伟", "欧阳娜娜", "11010519850312001X", "13812345678"):
        assert name not in result.output


def test_a_titles_entry_lets_an_unusual_title_through(tmp_path):
    """A title that looks like a name to the checks is the user's word once roster.titles maps it."""
    (tmp_path / "r.csv").write_text(
        "Role,Title,Annual salary\nLLM Training Engineer,Li Wei,1200000\n", encoding="utf-8"
    )
    profile = tmp_path / "p.yaml"
    profile.write_text("client: {name: Acme, employer_type: foreign}\nroster: {file: r.csv}\n", encoding="utf-8")
    assert run("validate", profile).exit_code == 2
    profile.write_text(
        "client: {name: Acme, employer_type: foreign}\n"
        "roster: {file: r.csv, titles: {Li Wei: LLM Training Engineer}}\n",
        encoding="utf-8",
    )
    assert run("validate", profile).exit_code == 0


def test_planned_hires_from_the_roster_and_from_roles(tmp_path):
    (tmp_path / "r.csv").write_text(
        "岗位,年薪,计划招聘\n大模型训练工程师,1200000,\nAI推理工程师,,2\n", encoding="utf-8"
    )
    profile = tmp_path / "p.yaml"
    profile.write_text(
        "client: {name: Acme, employer_type: domestic}\nbriefing: {date: 2026-04-01}\n"
        "roster: r.csv\nroles:\n  - {role: AI Research Scientist, planned_hires: 1}\n",
        encoding="utf-8",
    )
    result = run("analyze", profile, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [(r["role"], r["headcount"], r["planned_hires"]) for r in data["roles"]] == [
        ("LLM Training Engineer", 1, 0),
        ("AI Inference Engineer", 0, 2),
        ("AI Research Scientist (PhD/Top Conf.)", 0, 1),
    ]
    assert data["people"]["headcount"] == 1  # the row of planned hires is not a person
    profile.write_text(
        profile.read_text(encoding="utf-8") + "  - {role: AI Inference Engineer, planned_hires: 4}\n", encoding="utf-8"
    )
    result = run("validate", profile)
    assert result.exit_code == 2
    assert (
        "roles[1].planned_hires: the planned hires of 'AI Inference Engineer' are in the roster too (row 3); "
        "give them in one place"
    ) in result.output


# --- the analysis -----------------------------------------------------------------------------------------


def test_two_engineers_cost_to_close_is_not_from_the_average(two, edition):
    """1.6M and 0.8M against a 1.2M target: the average says 0, the people say 400,000 a year."""
    (line,) = two.roles
    assert line.target_cny == 1_200_000 and line.current_pay_cny == 1_200_000  # the mean
    assert line.cost_to_close_cny == 400_000 and two.totals.cost_to_close_cny == 400_000
    stats = two.people.role("AI Chip Designer (HiSilicon)")
    assert (stats.headcount, stats.pay_min_cny, stats.pay_median_cny, stats.pay_mean_cny, stats.pay_max_cny) == (
        2,
        800_000,
        1_200_000,
        1_200_000,
        1_600_000,
    )
    assert (stats.below_p50, stats.p50_p75, stats.above_p75, stats.below_target) == (1, 0, 1, 1)
    low, high = sorted(two.people.persons, key=lambda p: p.current_pay_cny)
    assert (low.key, low.gap_cny, low.cost_to_close_cny, low.band) == ("P-0002", 400_000, 400_000, "below_p50")
    assert (high.key, high.gap_cny, high.cost_to_close_cny, high.band) == ("P-0001", -400_000, 0, "above_p75")
    assert low.compa_ratio == pytest.approx(800_000 / 850_000) and high.position_vs_target == pytest.approx(1 / 3)
    # the same two as one role line at their average pay: today's definition, and its blind spot
    role_line = parse_profile(
        {
            "client": {"name": "Acme", "employer_type": "domestic"},
            "briefing": {"date": "2026-04-01"},
            "roles": [{"role": "AI Chip Designer", "headcount": 2, "current_pay": 1_200_000}],
        },
        source="<t>",
        base_dir=Path.cwd(),
        edition=edition,
        today=TODAY,
    )
    assert compute_analysis(edition, role_line).totals.cost_to_close_cny == 0


@pytest.mark.parametrize(
    "pays, percentile, expected",
    [
        # (pays, target percentile, (cost to close, below P50, P50-P75, above P75, below target)), chip designer:
        # P50 850,000, P75 1,200,000
        ([850_000, 1_200_000], "P75", (350_000, 0, 2, 0, 1)),  # P50 and P75 themselves are in the band
        ([849_999, 1_200_001], "P75", (350_001, 1, 0, 1, 1)),
        ([700_000, 900_000, None], "P50", (150_000, 1, 1, 0, 1)),  # a person without pay is left out
        ([1_300_000, 1_250_000], "P75", (0, 0, 0, 2, 0)),
    ],
)
def test_bands_and_cost_person_by_person(edition, pays, percentile, expected):
    a = _people_profile(edition, [("AI Chip Designer (HiSilicon)", p) for p in pays], target_percentile=percentile)
    s = a.people.roles[0]
    assert (s.cost_to_close_cny, s.below_p50, s.p50_p75, s.above_p75, s.below_target) == expected
    assert s.without_pay == pays.count(None) and a.totals.cost_to_close_cny == expected[0]


def test_a_role_whose_pay_nobody_gives_is_unknown(edition):
    a = _people_profile(edition, [("LLM Training Engineer", None), ("AI Inference Engineer", 700_000)])
    llm = next(r for r in a.roles if r.role == "LLM Training Engineer")
    assert llm.cost_to_close_cny is None and llm.pay_unknown and a.unknown_pay == (llm,)
    assert a.totals.cost_to_close_cny == 1_050_000 - 700_000


def test_per_role_order_and_sums(workday):
    people = workday.people
    assert [r.role for r in workday.roles] == [s.role for s in people.roles] + ["AI Research Scientist (PhD/Top Conf.)"]
    assert people.headcount == 200 == sum(r.headcount for r in workday.roles)
    assert people.cost_to_close_cny == pytest.approx(sum(p.cost_to_close_cny or 0 for p in people.persons))
    assert workday.totals.cost_to_close_cny == pytest.approx(people.cost_to_close_cny)
    assert people.below_p50 + people.p50_p75 + people.above_p75 == people.with_pay == 197
    assert workday.totals.planned_hires == 4


def test_compute_people_is_the_same_whatever_the_order_of_roles(edition, workday):
    bench = {b.role: b for b in workday.benchmark}
    entries = workday.profile.people
    forward = compute_people(entries, bench, "P75", list(dict.fromkeys(p.role for p in entries)))
    backward = compute_people(entries, bench, "P75", list(reversed(list(dict.fromkeys(p.role for p in entries)))))
    assert {r.role: r for r in forward.roles} == {r.role: r for r in backward.roles}


# --- analyze, the PDF ---------------------------------------------------------------------------------------


def test_analyze_gives_400000(tmp_path):
    result = run("analyze", PEOPLE / "two-engineers.yaml")
    assert result.exit_code == 0, result.output
    total = next(line for line in result.output.splitlines() if line.startswith("Total"))
    assert total.split()[-3:] == ["400,000", "0", "400,000"]
    assert "People below target: 1 of 2 with a known pay" in result.output
    data = json.loads(run("analyze", PEOPLE / "two-engineers.yaml", "--json").output)
    assert data["totals"]["cost_to_close_cny"] == 400_000 and data["cost_to_close_definition"] == "per_person"
    assert [(p["key"], p["cost_to_close_cny"]) for p in data["people"]["persons"]] == [
        ("P-0001", 0),
        ("P-0002", 400_000),
    ]


def _text(data: bytes) -> str:
    return " ".join(" ".join(pdf_pages(data)).split())


def test_pdf_of_the_two_engineers(two, brand):
    text = _text(render_pdf(two, brand))
    assert "Closing the gap costs CNY 400,000 a year" in text
    assert "1 of your 2 people is paid below your P75 target, all in AI Chip Designer (HiSilicon)." in text
    assert "Total 2 0 400,000 0 400,000" in text  # the cost table
    assert "Below P50 P50–P75 Above P75 Below target Pay not given" in text
    assert "never from an average pay" in text  # the method page's definition, person by person


def test_pdf_in_chinese(beisen, brand):
    text = _text(render_pdf(beisen, brand, lang="zh"))
    assert "员工薪酬分布" in text and "逐人测算" in text and "未计入3名花名册未提供薪酬的员工" in text


def test_strip_plot_draws_each_person(workday, brand):
    from reportlab.graphics.shapes import Circle, Rect

    from briefing.render.pdf.charts import Pen
    from briefing.render.pdf.type import palette, register_fonts
    from briefing.render.pdf.words import Words

    fonts = register_fonts(brand)
    pen = Pen(fonts, palette(brand), Words(workday, "en"))
    chart = StripChart(workday, pen, 495, None)
    drawing = chart.drawing()

    def shapes(group, kind):
        found = []
        for item in getattr(group, "contents", []):
            found += [item] if isinstance(item, kind) else shapes(item, kind)
        return found

    assert len(shapes(drawing, Circle)) == workday.people.with_pay + 2  # + the legend's two dots
    dense_roles = _people_profile(
        workday.edition, [("LLM Training Engineer", 600_000 + i * 500) for i in range(DOTS_MAX + 1)]
    )
    pen = Pen(fonts, palette(brand), Words(dense_roles, "en"))
    d = strip_chart(dense_roles, pen, 495, dense_roles.roles, StripChart(dense_roles, pen, 495, None).ticks, True)
    bars = [r for r in shapes(d, Rect) if r.fillColor in (pen.c.negative, pen.c.positive)]
    assert len(shapes(d, Circle)) == 2 and len(bars) > 10  # bars, and no dots but the legend's


def test_two_hundred_people_render_a_readable_page(workday, brand, tmp_path):
    """The strip plot's page as an image (pdftoppm): drawn, not empty; look at it with -r 60."""
    import shutil

    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm is not installed (poppler-utils)")
    data = render_pdf(workday, brand)
    assert len(data) < 1_000_000
    reader = PdfReader(io.BytesIO(data))
    page = next(i for i, p in enumerate(reader.pages, 1) if "Each dot is one person" in p.extract_text())
    (tmp_path / "b.pdf").write_bytes(data)
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "60",
            "-png",
            "-f",
            str(page),
            "-l",
            str(page),
            str(tmp_path / "b.pdf"),
            str(tmp_path / "page"),
        ],
        check=True,
    )
    (png,) = tmp_path.glob("page*.png")
    from PIL import Image

    image = Image.open(png).convert("RGB")
    negative = tuple(int(brand.colors["negative"][i : i + 2], 16) for i in (1, 3, 5))
    data = image.tobytes()
    pixels = zip(data[0::3], data[1::3], data[2::3], strict=True)
    near = sum(1 for px in pixels if sum(abs(a - b) for a, b in zip(px, negative, strict=True)) < 60)
    assert near > 300  # the red dots of the people below target are on the page


# --- the workbook ------------------------------------------------------------------------------------------


def _sheet(content: bytes, name: str, data_only: bool = True):
    return openpyxl.load_workbook(io.BytesIO(content) if isinstance(content, bytes) else content, data_only=data_only)[
        name
    ]


def _people_rows(ws) -> dict[str, dict]:
    headers = [c.value for c in ws[HEADER_ROW]]
    return {
        row[0]: dict(zip(headers, row, strict=False))
        for row in ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True)
        if row[0]
    }


def _same(got, want) -> bool:
    if want is None:
        return got in (None, "")
    if isinstance(want, (int, float)):
        return isinstance(got, (int, float)) and abs(got - want) <= 1e-6 * max(1, abs(want))
    return got == want


def people_mismatches(content, a) -> list[str]:
    """Every People cell (as stored) that differs from the analysis, and the Cost Model's cost to close."""
    rows = _people_rows(_sheet(content, "People"))
    found = []
    for p in a.people.persons:
        row = rows[p.key]
        want = {
            "Role": a.edition.text("en").name(p.role),
            "Title": p.title,
            "Current pay (CNY)": p.current_pay_cny,
            "P50 (CNY)": p.p50_cny,
            "Target (CNY)": p.target_cny,
            "Compa-ratio": p.compa_ratio,
            "Gap to target (CNY)": p.gap_cny,
            "Cost to close (CNY)": p.cost_to_close_cny,
            "Roster row": p.row,
        }
        found += [f"{p.key} {k}: {row[k]!r} != {v!r}" for k, v in want.items() if not _same(row[k], v)]
    cost = _sheet(content, "Cost Model")
    total = next(r for r in cost.iter_rows(min_row=HEADER_ROW + 1, values_only=True) if r[0] == "Total")
    if not _same(total[9], a.totals.cost_to_close_cny):
        found.append(f"Cost Model total cost to close {total[9]!r} != {a.totals.cost_to_close_cny!r}")
    for r, row in zip(a.roles, cost.iter_rows(min_row=HEADER_ROW + 1, values_only=True), strict=False):
        for i, want in ((1, r.headcount), (3, r.current_pay_cny), (9, r.cost_to_close_cny)):
            if not _same(row[i], want if want is not None or i != 9 else "unknown"):
                found.append(f"Cost Model {r.role} column {i}: {row[i]!r} != {want!r}")
    return found


@pytest.fixture(scope="module")
def books(two, workday, beisen, brand):
    return {
        "two": render_xlsx(two, brand),
        "workday": render_xlsx(workday, brand),
        "beisen": render_xlsx(beisen, brand, lang="zh"),
    }


def test_people_sheet_stores_the_analysis(books, two, workday):
    assert people_mismatches(books["two"], two) == []
    assert people_mismatches(books["workday"], workday) == []
    wb = openpyxl.load_workbook(io.BytesIO(books["two"]), data_only=True)
    assert wb.sheetnames == [
        "Read me",
        "Assumptions",
        "Benchmark",
        "Talent Gap",
        "Role Map",
        "Role Premiums",
        "Cost Model",
        "People",
        "Hiring Plan",
        "Loaded Cost",
        "Budget",
        "Scenarios",
        "Transitions",
    ]
    assert [c.value for c in wb["Cost Model"][5]][:12] == [
        "AI Chip Designer (HiSilicon)",
        2,
        0,
        1_200_000,
        850_000,
        1_200_000,
        1_200_000,
        pytest.approx(1.2 / 0.85),
        0,
        400_000,
        0,
        400_000,
    ]


def test_every_sheet_stores_the_analysis(books, two, workday, beisen):
    """The whole model of a roster of people (Cost Model, Loaded Cost, Budget, Scenarios...), as for role lines."""
    for name, a, lang in (("two", two, "en"), ("workday", workday, "en"), ("beisen", beisen, "zh")):
        assert model_mismatches(openpyxl.load_workbook(io.BytesIO(books[name]), data_only=True), a, lang) == []


def test_budget_raises_person_by_person(edition):
    """The budget prices the raises and their on-costs person by person too: at a 30% on-cost rate without a cap,
    raising the 0.8M engineer to 1.2M adds 120,000 of on-costs; the average (1.2M) would add none."""
    data = {
        "client": {"name": "Acme", "employer_type": "domestic"},
        "briefing": {"date": "2026-04-01"},
        "roster": "two-engineers.csv",
        "costs": {"oncost_rate": 0.3},
    }
    a = compute_analysis(edition, parse_profile(data, source="<t>", base_dir=PEOPLE, edition=edition, today=TODAY))
    (line,) = a.budget.lines
    assert line.oncost_close_cny == pytest.approx(120_000)
    assert a.budget.run_rate.salary_cny == 400_000 and a.budget.run_rate.oncosts_cny == pytest.approx(120_000)
    assert a.budget.in_year.salary_cny == pytest.approx(400_000 * a.budget.year.raise_months / 12)
    # every scenario's raises person by person: at P50 (850,000) only the 0.8M engineer is raised, by 50,000
    at_p50 = next(c for c in a.scenarios.cells if c.percentile == "P50" and c.growth == "none")
    assert at_p50.total_cny == pytest.approx(50_000 * 1.3 * a.budget.year.raise_months / 12)
    capped = dict(data, costs={"oncost_rate": 0.3, "oncost_cap": 36921})  # both pays are above the cap
    a = compute_analysis(edition, parse_profile(capped, source="<t>", base_dir=PEOPLE, edition=edition, today=TODAY))
    assert a.budget.lines[0].oncost_close_cny == 0


def test_people_sheet_formulas(books):
    ws = _sheet(books["two"], "People", data_only=False)
    row = [c.value for c in ws[HEADER_ROW + 2]]
    assert row[:5] == ["P-0002", "AI Chip Designer (HiSilicon)", "NPU设计工程师", 800_000, None]
    assert row[5] == "=INDEX(Benchmark!$F$5:$F$10,MATCH($B6,Benchmark!$A$5:$A$10,0))"
    assert row[6] == (
        '=IF(IF(E6="",TargetPercentile,E6)=PctP50,F6,INDEX(Benchmark!$G$5:$G$10,MATCH($B6,Benchmark!$A$5:$A$10,0)))'
    )
    assert row[7:10] == ['=IF(ISNUMBER(D6),D6/F6,"")', '=IF(ISNUMBER(D6),G6-D6,"")', '=IF(ISNUMBER(D6),MAX(0,I6),"")']
    cost = _sheet(books["two"], "Cost Model", data_only=False)
    assert cost["J5"].value == (
        '=IF($M5="","",IF(N(B5)=0,0,IF(ISNUMBER(D5),SUMIF(People!$B$5:$B$6,$M5,People!$J$5:$J$6),"unknown")))'
    )
    assert cost["B5"].value == "=COUNTIF(People!$B$5:$B$6,$M5)"
    # the spare rows under the people's lines are priced from their own headcount and pay, as on any Cost Model
    assert cost["J6"].value == '=IF($M6="","",IF(N(B6)=0,0,IF(ISNUMBER(D6),MAX(0,G6-D6)*B6,"unknown")))'
    assert cost["J16"].value == "=SUM($J$5:$J$15)"
    assert ws["D5"].protection.locked is False  # pay: an input
    # each person's own percentile: an empty input, unlocked by its column's format (Excel and LibreOffice apply
    # a column's format to its empty cells)
    with zipfile.ZipFile(io.BytesIO(books["two"])) as z:
        sheet = z.read("xl/worksheets/sheet8.xml").decode()  # People, the eighth sheet
        styles = z.read("xl/styles.xml").decode()
    import re

    style = int(re.search(r'<col min="5" max="5"[^>]* style="(\d+)"', sheet).group(1))
    xfs = re.search(r"<cellXfs[^>]*>(.*?)</cellXfs>", styles, re.DOTALL).group(1)
    xf = re.findall(r"<xf [^>]*?(?:/>|>.*?</xf>)", xfs, re.DOTALL)[style]
    assert 'locked="0"' in xf


def test_the_fast_writer_writes_what_xlsxwriter_writes(workday, beisen, brand, monkeypatch):
    """The People sheet's own cell writer (sheets/people.py) gives the very bytes of XlsxWriter's."""
    from xlsxwriter.worksheet import Worksheet

    from briefing.render.xlsx.sheets import people

    fast = {lang: render_xlsx(a, brand, lang=lang) for lang, a in (("en", workday), ("zh", beisen))}
    monkeypatch.setattr(people, "FAST", False)
    monkeypatch.setattr(people, "FastRows", Worksheet)
    assert {lang: render_xlsx(a, brand, lang=lang) for lang, a in (("en", workday), ("zh", beisen))} == fast


def test_employee_ids_only_with_keep_ids(books, beisen):
    ids = _roster_ids()
    ws = _sheet(books["beisen"], "人员")
    headers = [c.value for c in ws[HEADER_ROW]]
    assert headers[-1] == "工号"
    kept = [row[-1] for row in ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True)]
    assert kept == [ids[p.row] for p in beisen.people.persons]
    assert not _xml_holds(books["workday"], set(ids.values()))  # off by default


def _edited(content: bytes, sheet: str, cells: dict) -> bytes:
    wb = openpyxl.load_workbook(io.BytesIO(content))
    for cell, value in cells.items():
        wb[sheet][cell] = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def recalculated(books, tmp_path_factory):
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed; CI installs libreoffice-calc-nogui")
    work = tmp_path_factory.mktemp("people-recalc")
    inputs = dict(books)
    inputs["two_raised"] = _edited(books["two"], "People", {"D6": 900_000})  # P-0002 from 800,000 to 900,000
    inputs["two_p50"] = _edited(books["two"], "People", {"E6": "P50"})  # P-0002's own target: P50
    rows = _people_rows(_sheet(books["workday"], "People"))
    first = next(k for k, r in rows.items() if r["Cost to close (CNY)"])
    inputs["workday_raised"] = _edited(
        books["workday"], "People", {f"D{HEADER_ROW + int(first[2:])}": rows[first]["Target (CNY)"] + 1}
    )
    (work / "in").mkdir()
    files = []
    for name, content in inputs.items():
        (work / "in" / f"{name}.xlsx").write_bytes(content)
        files.append(work / "in" / f"{name}.xlsx")
    outputs = convert(files, work / "out", work / "profile")
    return {f.stem: out for f, out in zip(files, outputs, strict=True)}, first


def _cost_total(path) -> float:
    ws = _sheet(path, "Cost Model")
    row = next(r for r in ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True) if r[0] in ("Total", "合计"))
    return row[9], row[11]


@needs_soffice
def test_recalculated_people_equal_the_analysis(recalculated, two, workday, beisen):
    books, _ = recalculated
    assert people_mismatches(books["two"], two) == []
    assert people_mismatches(books["workday"], workday) == []
    assert _cost_total(books["two"]) == (400_000, 400_000)
    for name, a, lang in (("two", two, "en"), ("workday", workday, "en"), ("beisen", beisen, "zh")):
        wb = openpyxl.load_workbook(books[name], data_only=True)
        assert error_cells(wb) == []
        assert model_mismatches(wb, a, lang) == []


@needs_soffice
def test_a_changed_pay_moves_the_cost_model_total(recalculated, workday):
    """A finance analyst raises P-0002 by 100,000: the cost to close falls by 100,000; gives one person their
    own P50 target: the total falls by the gap between the targets; raises the first person below target to
    one yuan above it: the total falls by exactly that person's gap."""
    books, first = recalculated
    assert _cost_total(books["two_raised"]) == (300_000, 300_000)
    assert _cost_total(books["two_p50"]) == (50_000, 50_000)  # 850,000 - 800,000
    person = next(p for p in workday.people.persons if p.key == first)
    close, total = _cost_total(books["workday_raised"])
    assert close == pytest.approx(workday.totals.cost_to_close_cny - person.cost_to_close_cny, abs=1e-6)
    assert total == pytest.approx(workday.totals.total_cny - person.cost_to_close_cny, abs=1e-6)


def _budget(path) -> dict[str, tuple]:
    """The Budget sheet's summary rows: label -> (label, budget year, full year, ...)."""
    ws = _sheet(path, "Budget")
    return {r[0]: r for r in ws.iter_rows(min_row=5, max_row=9, values_only=True)}


@needs_soffice
def test_the_people_cost_to_close_feeds_the_finance_sheets(recalculated, two, workday):
    """The Cost Model's cost to close, summed person by person on the People sheet, flows into Loaded Cost,
    Budget and Scenarios: recalculated, they equal the analysis; P-0002 raised by 100,000 lowers the budget
    year's salary by 100,000 for the months the raise is paid."""
    books, _ = recalculated
    for name, a in (("two", two), ("workday", workday)):
        rows = _budget(books[name])
        assert rows["Loaded total"][1] == pytest.approx(a.budget.in_year.total_cny, abs=1e-6), name
        assert rows["Loaded total"][2] == pytest.approx(a.budget.run_rate.total_cny, abs=1e-6), name
        assert rows["Salary"][2] == pytest.approx(a.totals.total_cny, abs=1e-6), name
        scenarios = _sheet(books[name], "Scenarios")
        totals = next(r for r in scenarios.iter_rows(values_only=True) if r[0] in ("Total", "合计"))
        assert list(totals[1 : 1 + len(a.scenarios.totals_cny)]) == pytest.approx(
            list(a.scenarios.totals_cny), abs=1e-6
        ), name
    share = two.budget.year.raise_months / 12
    before, after = _budget(books["two"]), _budget(books["two_raised"])
    assert before["Salary"][1] - after["Salary"][1] == pytest.approx(100_000 * share, abs=1e-6)
    assert before["Salary"][2] - after["Salary"][2] == pytest.approx(100_000, abs=1e-6)


# --- privacy -------------------------------------------------------------------------------------------------


def _roster_ids() -> dict[int, str]:
    """Beisen roster row -> employee ID."""
    text = (ROSTERS / "beisen-people.csv").read_bytes().decode("gb18030")
    rows = list(csv.reader(io.StringIO(text)))
    return {n: row[0] for n, row in enumerate(rows, 1) if n > 3}


def _private_words() -> set[str]:
    """Every name, ID-card number, phone, e-mail and employee ID of the test rosters (and each name's parts)."""
    words: set[str] = set()
    text = (ROSTERS / "beisen-people.csv").read_bytes().decode("gb18030")
    for row in list(csv.reader(io.StringIO(text)))[3:]:
        words |= {row[0], row[1], row[3], row[4], row[5]}
    sheet = openpyxl.load_workbook(ROSTERS / "workday-people.xlsx", read_only=True)["All Workers"]
    for row in sheet.iter_rows(min_row=4, values_only=True):
        words |= {str(v) for v in row[:5] if v}
        words |= {str(row[4]).split()[-1]}  # the mobile number without its +86
    for path in (PEOPLE / "two-engineers.csv",):
        for row in list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))[1:]:
            words |= set(row[:5])
    return words


def _xml_holds(content: bytes, words: set[str]) -> set[str]:
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        xml = "".join(z.read(n).decode("utf-8") for n in z.namelist())
    return {w for w in words if w in xml}


def test_no_person_reaches_any_output(tmp_path):
    """Generate (both languages), analyze --json, a batch and its manifest for the rosters of people: not one
    name, ID-card number, phone, e-mail or employee ID in any byte written or printed."""
    words = _private_words()
    assert len(words) > 900
    profiles = [PEOPLE / "workday.yaml", PEOPLE / "two-engineers.yaml", PEOPLE / "beisen-no-ids.yaml"]
    out = tmp_path / "out"
    printed = []
    for profile in profiles:
        for lang in ("en", "zh"):
            result = run("generate", "--profile", profile, "--out", out, "--lang", lang)
            assert result.exit_code == 0, result.output
            printed.append(result.output)
        printed.append(run("analyze", profile, "--json").output)
        printed.append(run("analyze", profile).output)
        printed.append(run("validate", profile).output)
    result = run("batch", *profiles, "--out", tmp_path / "batch", "--jobs", "1")
    assert result.exit_code == 0, result.output
    printed.append(result.output)
    written = [p for p in [*out.rglob("*"), *(tmp_path / "batch").rglob("*")] if p.is_file()]
    assert {p.suffix for p in written} >= {".pdf", ".xlsx", ".json"}
    found: dict[str, set[str]] = {}
    for path in written:
        data = path.read_bytes()
        if path.suffix == ".pdf":
            text = (
                subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
                if _has("pdftotext")
                else _text(data)
            )
            hits = {w for w in words if w in text or w.encode() in data}
        elif path.suffix == ".xlsx":
            hits = _xml_holds(data, words)
        else:
            text = data.decode("utf-8")
            hits = {w for w in words if w in text}
        if hits:
            found[str(path)] = hits
    assert found == {}
    assert {w for w in words if any(w in p for p in printed)} == set()


def _has(tool: str) -> bool:
    import shutil

    return shutil.which(tool) is not None


def test_frames_and_profiles_built_in_code(workday, edition):
    import dataclasses

    import briefing
    from briefing.errors import ProfileError

    frame = workday.to_frames().people
    assert len(frame) == 200 and "employee_id" not in frame.columns
    assert frame["cost_to_close_cny"].sum() == pytest.approx(workday.totals.cost_to_close_cny)
    assert frame.loc["P-0001", "role"] == workday.people.persons[0].role
    person = PersonEntry(key="P-0001", role="Prompt Engineer", title=None, current_pay=900_000, row=2)
    with pytest.raises(ProfileError, match=r"people\[0\]\.role: 'Prompt Engineer' is not a role of edition"):
        briefing.analyze(dataclasses.replace(workday.profile, people=(person,)), edition=edition)


def test_validate_names_the_rows_without_pay():
    result = run("validate", PEOPLE / "workday.yaml")
    assert result.exit_code == 0, result.output
    assert "200 people in 6 role(s)" in result.output
    assert (
        "note: the roster gives no pay for 3 people (rows 58, 119 and 187): left out of the cost to close"
        in result.output
    )
