"""The fully loaded cost of the budget year, against a hand computation written out here: the analysis,
`briefing analyze` (text and JSON), the PDF, and the workbook as stored and as LibreOffice recalculates it."""

from __future__ import annotations

import datetime as dt
import io
import json
import math
from pathlib import Path

import openpyxl
import pytest
import yaml
from click.testing import CliRunner
from conftest import TODAY, pdf_pages
from recalc import SOFFICE, convert

from briefing import fmt, timeline
from briefing.analysis import compute_analysis
from briefing.cli import main
from briefing.profile import parse_profile
from briefing.render.pdf import render_pdf
from briefing.render.xlsx import render_xlsx
from briefing.render.xlsx.style import SPARE_ROWS

needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")

# The case: on-costs with a rate and a cap, a 20% fee, two hires starting in March and September of
# the budget year, a USD client. Benchmark pay as published, so the hand computation reads the table's figures;
# the same case aged to the briefing date (the default) is test_aged_targets_carry_into_the_budget_and_scenarios.
PROFILE = {
    "client": {"name": "Nordlicht Automation (上海) Co., Ltd.", "employer_type": "foreign"},
    "briefing": {
        "date": "2026-12-01",
        "target_percentile": "P75",
        "currency": "USD",
        "usd_cny": 7.10,
        "age_to": "published",
    },
    "costs": {"oncost_rate": "30%", "oncost_cap": 36921, "recruiting_fee": 0.20, "sign_on": 50000, "budget_year": 2027},
    "roles": [
        {
            "role": "LLM Training Engineer",
            "headcount": 4,
            "planned_hires": 2,
            "current_pay": 1100000,
            "start": ["2027-03", "2027-09"],
        }
    ],
}

# --- the hand computation ---------------------------------------------------------------------------
# Target: P75 of LLM Training Engineer, published 135 (CNY 10K) -> 1,350,000 a year, 112,500 a month.
# On-costs: 30% of the monthly pay up to the cap of 36,921. Both the current pay (91,667 a month) and the
# target are above the cap, so a raise adds no on-costs and each hire costs 0.30 x 36,921 = 11,076.30 a month.
TARGET, PAY, STAFF, HIRES, USD_CNY = 1_350_000, 1_100_000, 4, 2, 7.10
ONCOST_MONTH = 0.30 * 36_921  # 11,076.30 per hire per month
RAISES = (TARGET - PAY) * STAFF  # 1,000,000 a year, from January: 12 months of budget year 2027
HIRE_MONTHS = 10 + 4  # March to December, September to December
FULL_YEAR = {
    "salary": RAISES + TARGET * HIRES,  # 3,700,000
    "oncosts": ONCOST_MONTH * 12 * HIRES,  # 265,831.20
    "total": 3_700_000 + 265_831.20,
}  # 3,965,831.20
IN_YEAR = {
    "salary": RAISES + TARGET * HIRE_MONTHS / 12,  # 1,000,000 + 1,575,000 = 2,575,000
    "oncosts": ONCOST_MONTH * HIRE_MONTHS,  # 155,068.20
    "fees": 0.20 * TARGET * HIRES,  # 540,000
    "sign_on": 50_000 * HIRES,  # 100,000
    "total": 2_575_000 + 155_068.20 + 540_000 + 100_000,
}  # 3,370,068.20
QUARTERS = [  # raises a quarter of 1,000,000; the March hire paid 1, 3, 3, 3 months; the September hire 0, 0, 1, 3
    {"salary": 250_000 + 112_500 * 1, "oncosts": ONCOST_MONTH * 1, "fees": 270_000, "sign_on": 50_000},
    {"salary": 250_000 + 112_500 * 3, "oncosts": ONCOST_MONTH * 3, "fees": 0, "sign_on": 0},
    {"salary": 250_000 + 112_500 * 4, "oncosts": ONCOST_MONTH * 4, "fees": 270_000, "sign_on": 50_000},
    {"salary": 250_000 + 112_500 * 6, "oncosts": ONCOST_MONTH * 6, "fees": 0, "sign_on": 0},
]
# Scenarios: from the benchmark's effective date (2026-04-01, no aging) to the budget year's start
# (2027-01-01) is 275 days; LLM Training Engineer's YoY is 28%.
GROWTH = {"none": 1.0, "half": 1.14 ** (275 / 365.25), "published": 1.28 ** (275 / 365.25)}
PUBLISHED = {"P50": 950_000, "P75": 1_350_000}


def hand_in_year(target: float) -> float:
    """Budget-year loaded cost at another target (the cap binds at every target here: monthly pay > 36,921)."""
    raises = STAFF * max(0.0, target - PAY)  # twelve months of them
    return raises + target * HIRE_MONTHS / 12 + ONCOST_MONTH * HIRE_MONTHS + HIRES * (0.20 * target + 50_000)


def hand_scenario(percentile: str, growth: str, shift: float) -> float:
    """In USD, at the rate moved by `shift`."""
    return hand_in_year(PUBLISHED[percentile] * GROWTH[growth]) / (USD_CNY * (1 + shift))


@pytest.fixture(scope="module")
def analysis(edition):
    profile = parse_profile(PROFILE, source="<test>", base_dir=Path.cwd(), edition=edition, today=TODAY)
    return compute_analysis(edition, profile)


def close(got: float, want: float) -> bool:
    return math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-6)


# --- the analysis ---------------------------------------------------------------------------------------


def test_analysis_equals_the_hand_computation(analysis):
    b = analysis.budget
    assert (b.year.year, b.year.start, b.year.end, b.year.raise_months) == (
        2027,
        dt.date(2027, 1, 1),
        dt.date(2027, 12, 31),
        12,
    )
    assert b.lines[0].hires_by_month == (0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0)
    assert b.lines[0].hire_months == HIRE_MONTHS
    assert close(b.run_rate.salary_cny, FULL_YEAR["salary"]) and close(b.run_rate.oncosts_cny, FULL_YEAR["oncosts"])
    assert close(b.run_rate.total_cny, 3_965_831.20) and b.run_rate.fees_cny == 0 == b.run_rate.sign_on_cny
    for key, want in IN_YEAR.items():
        assert close(getattr(b.in_year, f"{key}_cny"), want), key
    assert close(b.in_year.total_cny, 3_370_068.20)
    for q, want in zip(b.quarters, QUARTERS, strict=True):
        for key, value in want.items():
            assert close(getattr(q, f"{key}_cny"), value), (key, value)
        assert close(q.total_cny, sum(want.values()))
    assert close(sum(q.total_cny for q in b.quarters), b.in_year.total_cny)


def test_scenarios_equal_the_hand_computation(analysis):
    sc = analysis.scenarios
    assert sc.days == 275 and sc.fx_shifts == (-0.05, 0.0, 0.05)
    assert len(sc.cells) == 18  # 2 percentiles x 3 growths x 3 exchange rates
    for cell in sc.cells:
        assert close(cell.total, hand_scenario(cell.percentile, cell.growth, cell.fx_shift)), cell
    (base,) = [c for c in sc.cells if c.base]
    assert (base.percentile, base.growth, base.fx_shift) == ("P75", "none", 0.0)
    assert close(base.total_cny, IN_YEAR["total"])  # the base case is the budget above


# --- analyze, text and JSON ------------------------------------------------------------------------------


def test_aged_targets_carry_into_the_budget_and_scenarios(edition):
    """Aged to the briefing date (244 days at 28% a year), the budget prices the aged target, and the scenarios
    grow it on from that date, 31 days to the budget year's start, not from the effective date."""
    briefing = {k: v for k, v in PROFILE["briefing"].items() if k != "age_to"}
    a = compute_analysis(
        edition,
        parse_profile(
            {**PROFILE, "briefing": briefing}, source="<test>", base_dir=Path.cwd(), edition=edition, today=TODAY
        ),
    )
    aging = 1.28 ** (244 / 365.25)
    target = TARGET * aging
    assert (a.age_to, a.aging_days) == (dt.date(2026, 12, 1), 244) and close(a.roles[0].target_cny, target)
    assert close(a.budget.in_year.total_cny, hand_in_year(target))
    sc = a.scenarios
    assert (sc.aged_from, sc.days) == (dt.date(2026, 12, 1), 31)
    for cell in sc.cells:
        growth = {"none": 1.0, "half": 1.14 ** (31 / 365.25), "published": 1.28 ** (31 / 365.25)}[cell.growth]
        aged = PUBLISHED[cell.percentile] * aging
        assert close(cell.total, hand_in_year(aged * growth) / (USD_CNY * (1 + cell.fx_shift))), cell


def test_analyze_prints_the_hand_totals(tmp_path):
    path = tmp_path / "client.yaml"
    path.write_text(yaml.safe_dump(PROFILE, allow_unicode=True), encoding="utf-8")
    text = CliRunner().invoke(main, ["analyze", str(path)])
    assert text.exit_code == 0, text.output
    lines: dict[str, list[str]] = {}
    for line in text.stdout.splitlines():  # the first table: the budget year against a full year
        lines.setdefault(line.split("  ")[0], line.split())
    assert lines["Loaded total"][2:4] == ["3,370,068", "3,965,831"]
    assert lines["Employer on-costs"][2:4] == ["155,068", "265,831"]
    assert lines["Recruiting fees"][2:4] == ["540,000", "one-off"]
    assert "Total              693,576  620,729  1,064,305  991,458  3,370,068" in text.output
    assert "30% of pay up to CNY 36,921 a month" in text.output
    as_json = CliRunner().invoke(main, ["analyze", str(path), "--json"])
    data = json.loads(as_json.stdout)["budget"]
    assert close(data["in_year"]["total_cny"], IN_YEAR["total"])
    assert close(data["run_rate"]["total_cny"], FULL_YEAR["total"])
    assert close(data["in_year_total_usd"], IN_YEAR["total"] / USD_CNY)
    assert [close(q["total_cny"], sum(want.values())) for q, want in zip(data["quarters"], QUARTERS, strict=True)] == [
        True
    ] * 4


# --- the PDF ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_pdf_shows_the_hand_totals(analysis, brand, lang):
    data = render_pdf(analysis, brand, lang=lang)
    text = " ".join(" ".join(pdf_pages(data)).split())
    usd = lambda cny: fmt.whole(cny / USD_CNY)  # noqa: E731  the client's currency
    loaded = "Loaded total" if lang == "en" else "全口径合计"
    assert f"{loaded} {usd(IN_YEAR['total'])} {usd(FULL_YEAR['total'])}" in text
    assert f"{usd(IN_YEAR['oncosts'])} {usd(FULL_YEAR['oncosts'])}" in text
    quarters = " ".join(usd(sum(q.values())) for q in QUARTERS)
    assert f"{loaded} {quarters} {usd(IN_YEAR['total'])}" in text
    for growth in GROWTH:
        row = " ".join(fmt.whole(hand_scenario(p, growth, s)) for p in ("P50", "P75") for s in (-0.05, 0.0, 0.05))
        assert row in text, growth
    if lang == "en":
        assert "30% of pay up to the contribution cap of CNY 36,921 a month" in text
        assert "hires start in the months the profile gives" in text


# --- the workbook, stored and recalculated ------------------------------------------------------------------


def budget_rows(wb: openpyxl.Workbook) -> dict[str, tuple]:
    ws = wb["Budget"]
    return {r[0]: r for r in ws.iter_rows(min_row=5, max_row=9, values_only=True)}


def quarter_rows(wb: openpyxl.Workbook) -> dict[str, tuple]:
    rows = list(wb["Budget"].iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[0] == "By quarter of budget year 2027 (CNY)")
    return {r[0]: r for r in rows[start + 2 : start + 10]}


def assert_hand_totals(wb: openpyxl.Workbook) -> None:
    rows = budget_rows(wb)
    assert close(rows["Loaded total"][1], IN_YEAR["total"]) and close(rows["Loaded total"][2], FULL_YEAR["total"])
    assert close(rows["Salary"][1], IN_YEAR["salary"]) and close(rows["Salary"][2], FULL_YEAR["salary"])
    assert close(rows["Employer on-costs (五险一金)"][1], IN_YEAR["oncosts"])
    assert close(rows["Recruiting fees"][1], IN_YEAR["fees"]) and rows["Recruiting fees"][2] == "one-off"
    assert close(rows["Loaded total"][3], IN_YEAR["total"] / USD_CNY)
    quarters = quarter_rows(wb)
    for q, want in enumerate(QUARTERS):
        assert close(quarters["Loaded total"][1 + q], sum(want.values()))
        assert close(quarters["Salary"][1 + q], want["salary"])
    assert close(quarters["Loaded total"][5], IN_YEAR["total"])
    rows = list(wb["Budget"].iter_rows(values_only=True))
    title = "Loaded cost in budget year 2027, USD at another exchange rate"
    start = next(i for i, r in enumerate(rows) if r[0] == title)
    fx = {r[0]: r for r in rows[start + 3 : start + 6]}
    for growth, label in zip(
        GROWTH, ("None (the benchmark as aged)", "Half the published growth", "The published growth"), strict=True
    ):
        want = [hand_scenario(p, growth, s) for p in ("P50", "P75") for s in (-0.05, 0.0, 0.05)]
        assert all(close(got, w) for got, w in zip(fx[label][1:7], want, strict=True)), (growth, fx[label])


def test_workbook_stores_the_hand_totals(analysis, brand):
    assert_hand_totals(openpyxl.load_workbook(io.BytesIO(render_xlsx(analysis, brand)), data_only=True))


def _add_a_line(analysis, brand) -> openpyxl.Workbook:
    """The workbook as an analyst edits it with openpyxl: a role line in the Cost Model's first spare row, and
    its one hire in the Hiring Plan, starting in June."""
    wb = openpyxl.load_workbook(io.BytesIO(render_xlsx(analysis, brand)))
    row = 5 + len(analysis.roles)  # the first spare row
    cost, plan = wb["Cost Model"], wb["Hiring Plan"]
    cost[f"A{row}"], cost[f"B{row}"], cost[f"D{row}"] = "Inference team", 3, 700_000
    cost[f"N{row}"] = "AI Inference Engineer"  # the benchmark role, chosen from the list
    plan.cell(row, 1 + 6).value = 1  # one hire starting in June (month 6)
    return wb


@pytest.fixture(scope="module")
def recalculated(analysis, brand, tmp_path_factory) -> dict[str, openpyxl.Workbook]:
    """The workbook as written ("model") and as edited ("edited"), recalculated in one LibreOffice run (each
    start costs over a second; the module runs on one xdist worker, see conftest)."""
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    work = tmp_path_factory.mktemp("budget")
    (work / "in").mkdir()
    (work / "in" / "model.xlsx").write_bytes(render_xlsx(analysis, brand))
    _add_a_line(analysis, brand).save(work / "in" / "edited.xlsx")
    outputs = convert([work / "in" / "model.xlsx", work / "in" / "edited.xlsx"], work / "out", work / "profile")
    return {out.stem: openpyxl.load_workbook(out, data_only=True) for out in outputs}


@needs_soffice
def test_workbook_recalculates_to_the_hand_totals(recalculated):
    assert_hand_totals(recalculated["model"])


@needs_soffice
def test_a_line_added_in_a_spare_row_flows_into_every_total(analysis, edition, brand, recalculated):
    """An analyst adds a role line in the Cost Model's first spare row and its hire in the Hiring Plan with
    openpyxl; after LibreOffice recalculates, every total, the quarters and the scenarios include it, exactly
    as the analysis computes them for the same profile with that line in it."""
    row = 5 + len(analysis.roles)  # the first spare row: empty and open to edit before the analyst's line
    cost = openpyxl.load_workbook(io.BytesIO(render_xlsx(analysis, brand)))["Cost Model"]
    assert cost[f"A{row}"].value is None and cost[f"A{row}"].protection.locked is False
    assert _add_a_line(analysis, brand)["Cost Model"][f"A{row}"].value == "Inference team"
    got = recalculated["edited"]

    extended = {
        **PROFILE,
        "roles": PROFILE["roles"]
        + [
            {
                "role": "AI Inference Engineer",
                "title": "Inference team",
                "headcount": 3,
                "planned_hires": 1,
                "current_pay": 700_000,
                "start": "2027-06",
            }
        ],
    }
    want = compute_analysis(
        edition, parse_profile(extended, source="<test>", base_dir=Path.cwd(), edition=edition, today=TODAY)
    )
    assert want.budget.in_year.total_cny > analysis.budget.in_year.total_cny
    totals = 5 + len(analysis.roles) + SPARE_ROWS
    assert close(got["Cost Model"][f"L{totals}"].value, want.totals.total_cny)
    assert close(got["Cost Model"][f"C{totals}"].value, 3)
    rows = budget_rows(got)
    assert close(rows["Loaded total"][1], want.budget.in_year.total_cny)
    assert close(rows["Loaded total"][2], want.budget.run_rate.total_cny)
    quarters = quarter_rows(got)
    for q in range(4):
        assert close(quarters["Loaded total"][1 + q], want.budget.quarters[q].total_cny)
    scenarios = got["Scenarios"]
    for k, total in enumerate(want.scenarios.totals_cny):
        assert close(scenarios.cell(totals, 2 + k).value, total)
    talent = {r[0]: r[10] for r in got["Talent Gap"].iter_rows(min_row=5, max_row=8, values_only=True)}
    assert talent["Large-Scale Distributed Training"] == 2  # the added role maps to no specialization


# --- the budget year and the hiring timeline ------------------------------------------------------------------


@pytest.mark.parametrize(
    "hires, months", [(0, ()), (1, (7,)), (2, (4, 10)), (3, (3, 7, 11)), (4, (2, 5, 8, 11)), (12, tuple(range(1, 13)))]
)
def test_hires_spread_evenly_over_the_year(hires, months):
    counts = timeline.spread(hires)
    assert sum(counts) == hires
    assert tuple(m + 1 for m, n in enumerate(counts) for _ in range(n)) == months


def test_a_million_hires_spread_in_closed_form():
    counts = timeline.spread(1_000_000)
    assert sum(counts) == 1_000_000 and max(counts) - min(counts) <= 1


@pytest.mark.parametrize(
    "date, start, year",
    [
        (dt.date(2026, 12, 1), 1, 2027),
        (dt.date(2026, 1, 1), 1, 2027),
        (dt.date(2026, 2, 1), 4, 2026),
        (dt.date(2026, 4, 1), 4, 2027),
    ],
)
def test_default_budget_year_is_the_first_to_start_after_the_briefing(date, start, year):
    assert timeline.default_year(date, start) == year


def test_a_fiscal_year_from_april(edition):
    data = {
        **PROFILE,
        "costs": {**PROFILE["costs"], "fiscal_year_start": 4, "raise_effective": "2027-07"},
        "roles": [{**PROFILE["roles"][0], "start": ["2027-04", "2028-03"]}],
    }
    a = compute_analysis(
        edition, parse_profile(data, source="<test>", base_dir=Path.cwd(), edition=edition, today=TODAY)
    )
    y = a.budget.year
    assert (y.start, y.end, y.raise_months, y.raise_quarter_months) == (
        dt.date(2027, 4, 1),
        dt.date(2028, 3, 31),
        9,
        (0, 3, 3, 3),
    )
    assert a.budget.lines[0].hires_by_month == (1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1)
    assert a.budget.lines[0].hire_months == 12 + 1
    assert close(a.budget.in_year.salary_cny, RAISES * 9 / 12 + TARGET * 13 / 12)


def test_costs_are_off_by_default_and_said_to_be(domestic, brand):
    s = domestic.budget.settings
    assert (s.oncost_rate, s.oncost_cap, s.recruiting_fee, s.sign_on, s.given) == (0, None, 0, 0, frozenset())
    assert domestic.budget.in_year.oncosts_cny == domestic.budget.in_year.fees_cny == 0
    assert domestic.budget.year.default and domestic.budget.year.year == 2027
    wb = openpyxl.load_workbook(io.BytesIO(render_xlsx(domestic, brand)))
    notes = {r[0]: r[3] for r in wb["Assumptions"].iter_rows(values_only=True) if r[0]}  # notes in column D
    assert "Off: the profile gives no costs.oncost_rate, so 0." in notes["Employer on-cost rate"]
    assert "No cap" in notes["On-cost cap (CNY a month)"]
    assert "first budget year to start after the briefing date" in notes["Budget year"]


def test_a_single_start_month_starts_every_hire_of_the_line(edition):
    data = {**PROFILE, "roles": [{**PROFILE["roles"][0], "planned_hires": 3, "start": "2027-05"}]}
    a = compute_analysis(
        edition, parse_profile(data, source="<test>", base_dir=Path.cwd(), edition=edition, today=TODAY)
    )
    assert a.budget.lines[0].hires_by_month == (0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0)


def test_a_costs_section_without_budget_year_uses_the_default(foreign):
    """The built-in foreign sample sets on-costs, fees and sign-on but no budget_year."""
    assert foreign.budget.year.default and foreign.budget.year.year == 2027
    assert foreign.budget.settings.given == {"oncost_rate", "oncost_cap", "recruiting_fee", "sign_on"}
    assert foreign.budget.lines[0].hires_by_month == (0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0)  # start: [2027-03, 2027-09]
    assert foreign.budget.lines[1].hires_by_month == timeline.spread(3)  # no start given: spread over the year


def test_the_readme_profile_example_is_valid(edition):
    """The profile reference in README.md, with its costs: section and start months, is a valid profile."""
    text = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    example = text.split("## The profile", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    data = yaml.safe_load(example)
    del data["client"]["logo"]
    profile = parse_profile(data, source="README.md", base_dir=Path.cwd(), edition=edition, today=TODAY)
    assert profile.costs.oncost_rate == 0.3 and profile.costs.raise_effective == dt.date(2027, 4, 1)
    assert profile.roles[0].start == (dt.date(2027, 3, 1), dt.date(2027, 9, 1))
