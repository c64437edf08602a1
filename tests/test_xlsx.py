"""The Excel model as its readers see it: stored values (openpyxl, pandas) and recalculated ones (LibreOffice).

Every language's workbook is read through the same column map: a logical column id (`xlsx.col.*`) to the
header text of that language's catalogue; the figures, formulas and defined names are the same in all.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import io
import math
import re
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from conftest import TODAY
from recalc import SOFFICE, convert, displayed

from briefing.analysis import Analysis, compute_analysis
from briefing.i18n import LANGS, Catalogue, catalogue
from briefing.profile import parse_profile
from briefing.render.xlsx import render_xlsx
from briefing.render.xlsx import workbook as xlsx_module
from briefing.render.xlsx.sheets.layout import SCENARIO_KEYS
from briefing.render.xlsx.style import SPARE_ROWS

SHEETS = [
    "Read me",
    "Assumptions",
    "Benchmark",
    "Talent Gap",
    "Role Map",
    "Role Premiums",
    "Cost Model",
    "Hiring Plan",
    "Loaded Cost",
    "Budget",
    "Scenarios",
    "Transitions",
]
SHEET_KEYS = [
    "read_me",
    "assumptions",
    "benchmark",
    "talent_gap",
    "role_map",
    "role_premiums",
    "cost_model",
    "hiring_plan",
    "loaded_cost",
    "budget",
    "scenarios",
    "transitions",
]
COST_HEADERS = [
    "Role",
    "Headcount",
    "Planned hires",
    "Current pay (CNY)",
    "P50 (CNY)",
    "P75 (CNY)",
    "Target (CNY)",
    "Compa-ratio",
    "Position vs target",
    "Cost to close (CNY)",
    "Hiring cost (CNY)",
    "Total (CNY)",
]
COST_COLUMNS = [
    "role",
    "headcount",
    "planned_hires",
    "current_pay",
    "p50",
    "p75",
    "target",
    "compa_ratio",
    "position",
    "cost_to_close",
    "hiring_cost",
    "total",
]
HEADER_ROW = 4  # 1-based, on every table sheet
ALLOWED_FUNCTIONS = {
    "IF",
    "INDEX",
    "MATCH",
    "MAX",
    "MIN",
    "SUM",
    "SUMPRODUCT",
    "ISNUMBER",
    "ISTEXT",
    "AND",
    "OR",
    "NOT",
    "N",
    "INT",
    "DATE",
    "YEAR",
    "MONTH",
}
ERRORS = ("#NAME?", "#REF!", "#VALUE!", "#DIV/0!", "#N/A", "#NUM!", "#NULL!")
INJECTION = '=HYPERLINK("http://x","y")'
BENCHMARK_ROLES = [
    "LLM Training Engineer",
    "AI Inference Engineer",
    "AI Product Manager (LLM)",
    "AI Chip Designer (HiSilicon)",
    "Compiler/Kernel Engineer",
    "AI Research Scientist (PhD/Top Conf.)",
]


# --- workbooks under test ----------------------------------------------------


def _profile(edition, data: dict) -> Analysis:
    profile = parse_profile(data, source="<test>", base_dir=Path.cwd(), edition=edition, today=TODAY)
    return compute_analysis(edition, profile)


def _forty(edition) -> Analysis:
    """40 role lines: every benchmark role several times under different titles, some with unknown pay."""
    roles = []
    for i in range(40):
        role = BENCHMARK_ROLES[i % 6]
        line = {
            "role": role,
            "title": f"{['Senior', 'Staff', 'Lead', '高级', 'Principal'][i // 8]} {role} #{i + 1}",
            "headcount": (i * 7) % 9,
            "planned_hires": i % 4,
        }
        if i % 5 != 3:
            line["current_pay"] = 600_000 + (i * 37_000) % 900_000
        roles.append(line)
    roles[0]["title"] = INJECTION
    roles[1]["title"] = "+1 senior hire"
    roles[2]["title"] = "-2 vacancies"
    return _profile(
        edition,
        {
            "client": {
                "name": f"{INJECTION} 深算科技 Shensuan Technology",
                "employer_type": "domestic",
                "industry": "@risk",
                "headquarters": "+86 Shenzhen",
            },
            "briefing": {
                "date": "2026-12-01",
                "target_percentile": "P75",
                "currency": "USD",
                "usd_cny": 7.2,
                "age_to": "2026-11-15",
            },
            "roles": roles,
            "transitions": [
                {"from": "Product Manager", "count": 3, "current_pay": 400_000},
                {"from": "Data Analyst", "count": 12, "current_pay": 250_000},
            ],
        },
    )


@pytest.fixture(scope="session")
def analyses(edition, example, foreign, domestic) -> dict[str, Analysis]:
    return {
        "example": example,
        "foreign": foreign,
        "domestic": domestic,
        "forty": _forty(edition),
        "bare": _profile(
            edition, {"client": {"name": "Bare Co.", "employer_type": "foreign"}, "briefing": {"date": "2026-12-01"}}
        ),
    }


@pytest.fixture(scope="session")
def books_in(analyses, brand) -> dict[str, dict[str, bytes]]:
    """Every workbook under test in every language: books_in[lang][name]."""
    return {lang: {name: render_xlsx(a, brand, lang=lang) for name, a in analyses.items()} for lang in LANGS}


@pytest.fixture(scope="session")
def books(books_in) -> dict[str, bytes]:
    return books_in["en"]


# --- the column map: what a logical sheet, column or word is called in a language ----


def word(lang: str, key: str) -> str:
    return catalogue(lang)(f"xlsx.{key}")


def sheet(lang: str, key: str) -> str:
    return word(lang, f"sheet.{key}")


def header(lang: str, col: str) -> str:
    return word(lang, f"col.{col}")


def unknown(lang: str) -> str:
    return catalogue(lang)("common.unknown")


def _load(content: bytes | Path, data_only: bool = True) -> openpyxl.Workbook:
    """The workbook as openpyxl reads it, read once per worker for each content (many tests read the same
    workbook; opening the forty-role one takes half a second). For reading only: to change a copy, use _open."""
    data = content if isinstance(content, bytes) else content.read_bytes()
    return _read(hashlib.sha256(data).digest(), data, data_only)


@functools.lru_cache(maxsize=64)
def _read(_digest: bytes, data: bytes, data_only: bool) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data), data_only=data_only)


def _open(content: bytes, data_only: bool = True) -> openpyxl.Workbook:
    """A workbook of one's own, to change."""
    return openpyxl.load_workbook(io.BytesIO(content), data_only=data_only)


# --- what every figure should be, from the analysis ---------------------------


def expected(a: Analysis, lang: str = "en") -> dict[str, list[tuple[int, dict[str, object]]]]:
    """Per sheet key: (1-based row, {column id: value}) for every figure the workbook shows, from the analysis.

    Names are the edition's in `lang`; a client's own role title stays as typed.
    """
    name = a.edition.text(lang).name
    total = word(lang, "total")

    def known(value):
        return unknown(lang) if value is None else value

    first = HEADER_ROW + 1
    sheets: dict[str, list[tuple[int, dict[str, object]]]] = {}
    sheets["benchmark"] = [
        (
            first + i,
            {
                "role": name(b.role),
                "p50_10k": b.p50_cny_10k,
                "p75_10k": b.p75_cny_10k,
                "yoy": b.yoy,
                "aging_factor": b.aging_factor,
                "p50": b.p50_cny,
                "p75": b.p75_cny,
                "key_driver": name(b.key_driver),
            },
        )
        for i, b in enumerate(a.benchmark)
    ]
    sheets["talent_gap"] = [
        (
            first + i,
            {
                "specialization": name(s.specialization),
                "headcount_low": s.headcount_low,
                "headcount_high": s.headcount_high,
                "headcount_mid": s.headcount_mid,
                "gap_low": s.gap_low,
                "gap_high": s.gap_high,
                "gap_mid": s.gap_mid,
                "scarcity": s.scarcity,
                "difficulty": s.difficulty,
                "client_planned_hires": s.planned_hires,
            },
        )
        for i, s in enumerate(a.supply)
    ]
    sheets["role_premiums"] = [
        (
            first + i,
            {
                "traditional_role": name(p.traditional_role),
                "ai_role": name(p.ai_role),
                "premium_low": p.premium_low,
                "premium_high": p.premium_high,
            },
        )
        for i, p in enumerate(a.premiums)
    ]
    capacity = len(a.roles) + SPARE_ROWS  # the lines, then the spare rows an analyst fills in (blank figures)
    spare = {}

    def twins(row: dict[str, object], *keys: str) -> dict[str, object]:
        if a.usd_cny:
            for key in keys:
                value = row.get(key)
                row[f"{key}_usd"] = a.usd(value) if isinstance(value, (int, float)) else value
        return row

    cost = []
    for i, r in enumerate(a.roles):
        row = {
            "role": r.title or name(r.role),
            "headcount": r.headcount,
            "planned_hires": r.planned_hires,
            "current_pay": r.current_pay_cny,
            "p50": r.p50_cny,
            "p75": r.p75_cny,
            "target": r.target_cny,
            "compa_ratio": r.compa_ratio,
            "position": r.position_vs_target,
            "cost_to_close": known(r.cost_to_close_cny),
            "hiring_cost": r.hiring_cost_cny,
            "total": known(r.total_cny),
            "benchmark_role": name(r.role),
        }
        if a.usd_cny:
            row["total_usd"] = known(None if r.total_cny is None else a.usd(r.total_cny))
        cost.append((first + i, twins(row, "current_pay", "p50", "p75", "target", "cost_to_close", "hiring_cost")))
    cost += [(first + i, spare) for i in range(len(a.roles), capacity)]
    t = a.totals
    totals = {
        "role": total,
        "headcount": t.headcount,
        "planned_hires": t.planned_hires,
        "cost_to_close": t.cost_to_close_cny,
        "hiring_cost": t.hiring_cost_cny,
        "total": t.total_cny,
    }
    if a.usd_cny:
        totals["total_usd"] = a.usd(t.total_cny)
    cost.append((first + capacity, twins(totals, "cost_to_close", "hiring_cost")))
    sheets["cost_model"] = cost
    b = a.budget
    plan = []
    for i, (r, line) in enumerate(zip(a.roles, b.lines, strict=True)):
        row = {"role_line": r.title or name(r.role), "planned_hires": r.planned_hires, "hire_months": line.hire_months}
        row |= {f"month_{m + 1}": n or None for m, n in enumerate(line.hires_by_month)}
        row |= {f"hire_months_q{q + 1}": line.hire_quarter_months[q] for q in range(4)}
        row |= {f"starts_q{q + 1}": line.hire_quarter_starts[q] for q in range(4)}
        plan.append((first + i, row))
    plan += [(first + i, spare) for i in range(len(a.roles), capacity)]
    plan.append(
        (
            first + capacity,
            {"role_line": total, "planned_hires": t.planned_hires, "hire_months": sum(x.hire_months for x in b.lines)}
            | {f"month_{m + 1}": sum(x.hires_by_month[m] for x in b.lines) for m in range(12)},
        )
    )
    sheets["hiring_plan"] = plan
    money = (
        "close_in_year",
        "oncost_close_in_year",
        "hiring_in_year",
        "oncost_hiring_in_year",
        "fees",
        "sign_on",
        "loaded_in_year",
        "oncost_base",
        "oncost_close",
        "oncost_hiring",
        "loaded_run_rate",
    )
    loaded = []
    for i, (r, x) in enumerate(zip(a.roles, b.lines, strict=True)):
        row = {
            "role_line": r.title or name(r.role),
            "close_in_year": known(x.close_in_year_cny),
            "oncost_close_in_year": known(x.oncost_close_in_year_cny),
            "hire_months": x.hire_months,
            "hiring_in_year": x.hiring_in_year_cny,
            "oncost_hiring_in_year": x.oncost_hiring_in_year_cny,
            "fees": x.fees_cny,
            "sign_on": x.sign_on_cny,
            "loaded_in_year": known(x.loaded_in_year_cny),
            "oncost_base": b.settings.oncost_base(r.target_cny),
            "oncost_close": known(x.oncost_close_cny),
            "oncost_hiring": x.oncost_hiring_cny,
            "loaded_run_rate": known(x.loaded_run_rate_cny),
        }
        loaded.append((first + i, twins(row, *money)))
    loaded += [(first + i, spare) for i in range(len(a.roles), capacity)]
    ok = [x for x in b.lines if x.close_in_year_cny is not None]
    row = {
        "role_line": total,
        "close_in_year": sum(x.close_in_year_cny for x in ok),
        "oncost_close_in_year": sum(x.oncost_close_in_year_cny for x in ok),
        "hiring_in_year": sum(x.hiring_in_year_cny for x in b.lines),
        "oncost_hiring_in_year": sum(x.oncost_hiring_in_year_cny for x in b.lines),
        "fees": b.in_year.fees_cny,
        "sign_on": b.in_year.sign_on_cny,
        "loaded_in_year": b.in_year.total_cny,
        "oncost_close": sum(x.oncost_close_cny for x in ok),
        "oncost_hiring": sum(x.oncost_hiring_cny for x in b.lines),
        "loaded_run_rate": b.run_rate.total_cny,
    }
    loaded.append((first + capacity, twins(row, *[k for k in money if k != "oncost_base"])))
    sheets["loaded_cost"] = loaded
    sc = a.scenarios
    scenario_rows = []
    for i, r in enumerate(a.roles):
        row = {
            "role_line": r.title or name(r.role),
            "growth": next(x.yoy for x in a.benchmark if x.role == r.role),
            "factor_half": sc.factors[i][1],
            "factor_published": sc.factors[i][2],
        }
        row |= dict(zip(SCENARIO_KEYS, sc.lines[i], strict=True))
        scenario_rows.append((first + i, twins(row, *SCENARIO_KEYS)))
    scenario_rows += [(first + i, spare) for i in range(len(a.roles), capacity)]
    scenario_rows.append(
        (
            first + capacity,
            twins({"role_line": total} | dict(zip(SCENARIO_KEYS, sc.totals_cny, strict=True)), *SCENARIO_KEYS),
        )
    )
    sheets["scenarios"] = scenario_rows
    transitions = []
    for i, tr in enumerate(a.transitions):
        row = {
            "traditional_role": name(tr.from_),
            "ai_role": name(tr.ai_role),
            "count": tr.count,
            "current_pay": tr.current_pay_cny,
            "premium_low": tr.premium_low,
            "premium_high": tr.premium_high,
            "cost_low": tr.cost_low_cny,
            "cost_high": tr.cost_high_cny,
        }
        if a.usd_cny:
            row |= {
                "cost_low_usd": a.usd(tr.cost_low_cny),
                "cost_high_usd": a.usd(tr.cost_high_cny),
                "current_pay_usd": a.usd(tr.current_pay_cny),
            }
        transitions.append((first + i, row))
    if a.transitions:
        t = a.totals
        row = {
            "traditional_role": total,
            "count": t.transitions_count,
            "cost_low": t.transitions_low_cny,
            "cost_high": t.transitions_high_cny,
        }
        if a.usd_cny:
            row |= {"cost_low_usd": a.usd(t.transitions_low_cny), "cost_high_usd": a.usd(t.transitions_high_cny)}
        transitions.append((first + len(a.transitions), row))
    sheets["transitions"] = transitions
    return sheets


def _same(got: object, want: object) -> bool:
    if isinstance(want, (int, float)) and not isinstance(want, bool):
        # Far inside a cent for money, and exact enough for ratios and factors.
        return isinstance(got, (int, float)) and math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-6)
    if want is None:
        return got in (None, "")
    return got == want


def mismatches(wb: openpyxl.Workbook, a: Analysis, lang: str = "en") -> list[str]:
    """Every figure of `wb` (values as stored) that differs from the analysis, described for a failure message."""
    found = []
    for key, rows in expected(a, lang).items():
        ws = wb[sheet(lang, key)]
        columns = {cell.value: cell.column for cell in ws[HEADER_ROW] if cell.value}
        for row, values in rows:
            for col, want in values.items():
                # the Hiring Plan's month columns are headed by dates: found by position, after the role line
                at = 1 + int(col.removeprefix("month_")) if col.startswith("month_") else columns[header(lang, col)]
                cell = ws.cell(row, at)
                if not _same(cell.value, want):
                    found.append(f"{ws.title}!{cell.coordinate} {col}: {cell.value!r} != {want!r}")
    found += budget_mismatches(wb, a, lang) + named_mismatches(wb, a)
    ws = wb[sheet(lang, "assumptions")]
    days = next(r for r in ws.iter_rows(values_only=True) if r[0] == word(lang, "assumptions.days"))[1]
    if days != a.aging_days:
        found.append(f"Assumptions: days aged {days!r} != {a.aging_days}")
    name = a.edition.text(lang).name
    factors = {r[0]: r[2] for r in ws.iter_rows(values_only=True) if r[0] in {name(b.role) for b in a.benchmark}}
    found += [
        f"Assumptions: aging factor of {b.role} {factors.get(name(b.role))!r} != {b.aging_factor!r}"
        for b in a.benchmark
        if not _same(factors.get(name(b.role)), b.aging_factor)
    ]
    return found


def _rows_under(ws, heading: str) -> dict[str, tuple]:
    """The rows of the table whose title (or header row's first cell) is `heading`, by their first cell."""
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[0] == heading)
    out = {}
    for r in rows[start + 2 :]:
        if r[0] is None:
            break
        out[r[0]] = r
    return out


BUDGET_ITEMS = {
    "salary": "salary_cny",
    "oncosts": "oncosts_cny",
    "fees": "fees_cny",
    "sign_on": "sign_on_cny",
    "total": "total_cny",
}


def budget_mismatches(wb: openpyxl.Workbook, a: Analysis, lang: str = "en") -> list[str]:
    """The Budget sheet: the budget year against a full year, the quarters, and the scenario tables."""
    ws = wb[sheet(lang, "budget")]
    b, sc, year = a.budget, a.scenarios, a.budget.year.year
    found = []

    def check(where: str, got: object, want: object) -> None:
        if not _same(got, want):
            found.append(f"Budget {where}: {got!r} != {want!r}")

    rows = list(ws.iter_rows(values_only=True))
    summary = {r[0]: r for r in rows[4:9]}
    for item, field in BUDGET_ITEMS.items():
        row = summary[word(lang, f"budget.{item}")]
        in_year, full = getattr(b.in_year, field), getattr(b.run_rate, field)
        one_off = item in ("fees", "sign_on")
        check(f"{item} in year", row[1], in_year)
        check(f"{item} full year", row[2], word(lang, "budget.one_off") if one_off else full)
        if a.usd_cny:
            check(f"{item} in year (USD)", row[3], a.usd(in_year))
            check(f"{item} full year (USD)", row[4], word(lang, "budget.one_off") if one_off else a.usd(full))
    quarters = _rows_under(ws, word(lang, "budget.by_quarter").format(year=year))
    for item, field in BUDGET_ITEMS.items():
        row = quarters[word(lang, f"budget.{item}")]
        for q in range(4):
            check(f"{item} Q{q + 1}", row[1 + q], getattr(b.quarters[q], field))
        check(f"{item} year", row[5], getattr(b.in_year, field))
    check(
        "raise months",
        quarters[word(lang, "budget.raise_months")][1:6],
        (*b.year.raise_quarter_months, b.year.raise_months),
    )
    table = _rows_under(ws, word(lang, "scenarios.summary").format(year=year))
    cells = {(c.percentile, c.growth, c.fx_shift): c for c in sc.cells}
    shift = 0.0 if sc.fx_shifts else None
    for growth in ("none", "half", "published"):
        row = table[word(lang, f"scenarios.growth_{growth}")]
        for j, p in enumerate(("P50", "P75")):
            check(f"scenario {p} {growth}", row[1 + j], cells[(p, growth, shift)].total_cny)
            if a.usd_cny:
                check(f"scenario {p} {growth} (USD)", row[3 + j], a.usd(cells[(p, growth, shift)].total_cny))
    if sc.fx_shifts:
        table = _rows_under(ws, word(lang, "scenarios.fx_summary").format(year=year))
        for growth in ("none", "half", "published"):
            row = table[word(lang, f"scenarios.growth_{growth}")]
            for j, (p, s) in enumerate((p, s) for p in ("P50", "P75") for s in sc.fx_shifts):
                check(f"scenario {p} {growth} at {s:+}", row[1 + j], cells[(p, growth, s)].total)
    return found


def named_mismatches(wb: openpyxl.Workbook, a: Analysis) -> list[str]:
    """Every named input and constant holds what the analysis used."""
    y, s = a.budget.year, a.budget.settings

    def day(value: dt.date) -> dt.datetime:
        return dt.datetime.combine(value, dt.time())

    want = {
        "BudgetYear": y.year,
        "FiscalYearStart": y.fiscal_year_start,
        "BudgetStart": day(y.start),
        "BudgetEnd": day(y.end),
        "RaiseEffective": day(y.raise_effective),
        "RaiseMonths": y.raise_months,
        "ScenarioDays": a.scenarios.days,
        "OnCostRate": s.oncost_rate,
        "OnCostCap": s.oncost_cap,
        "RecruitingFee": s.recruiting_fee,
        "SignOn": s.sign_on,
        "CNYPer10K": 10_000,
        "DaysPerYear": 365.25,
        "MonthsPerYear": 12,
        "MonthsPerQuarter": 3,
        "PctP50": "P50",
        "PctP75": "P75",
        "TargetPercentile": a.target_percentile,
        "GrowthHalf": 0.5,
    }
    if a.usd_cny:
        want["USD_CNY"] = a.usd_cny
    if a.scenarios.fx_shifts:
        want["FxShift"] = 0.05
    found = []
    for name, value in want.items():
        sheet_name, cell = next(iter(wb.defined_names[name].destinations))
        got = wb[sheet_name][cell.replace("$", "")].value
        if not _same(got, value):
            found.append(f"{name}: {got!r} != {value!r}")
    return found


def error_cells(wb: openpyxl.Workbook) -> list[str]:
    return [
        f"{ws.title}!{c.coordinate}={c.value}"
        for ws in wb
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value.strip() in ERRORS
    ]


# --- structure ---------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_sheets_in_order(books_in, lang):
    for content in books_in[lang].values():
        assert _load(content).sheetnames == [sheet(lang, key) for key in SHEET_KEYS]
    if lang == "en":
        assert [sheet(lang, key) for key in SHEET_KEYS] == SHEETS


def test_cost_model_columns_are_the_specified_headers():
    """The English column map is exactly issue 4's header list: the Chinese one maps the same columns."""
    assert [header("en", col) for col in COST_COLUMNS] == COST_HEADERS
    assert header("en", "total_usd") == "Total (USD)"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name, usd", [("example", True), ("foreign", True), ("domestic", False), ("forty", True)])
def test_cost_model_headers_exact(books_in, name, usd, lang):
    ws = _load(books_in[lang][name])[sheet(lang, "cost_model")]
    headers = [c.value for c in ws[HEADER_ROW] if c.value is not None]
    required = [header(lang, col) for col in COST_COLUMNS + (["total_usd"] if usd else [])]
    assert headers[: len(required)] == required
    # The benchmark role each line is looked up by follows the required columns; then the USD twins.
    twins = (
        [header(lang, f"{col}_usd") for col in ("current_pay", "p50", "p75", "target", "cost_to_close", "hiring_cost")]
        if usd
        else []
    )
    assert headers[len(required) :] == [header(lang, "benchmark_role"), *twins]


def test_formulas_live_where_the_model_is(books):
    wb = _load(books["foreign"], data_only=False)
    cost = wb["Cost Model"]
    for col in "CEFGHIJKLM":
        assert str(cost[f"{col}5"].value).startswith("="), f"Cost Model!{col}5 is not a formula"
    assert "INDEX(" in cost["E5"].value and "MATCH(" in cost["E5"].value and "Benchmark" in cost["E5"].value
    assert "TargetPercentile=PctP50" in cost["G5"].value
    assert "USD_CNY" in cost["M5"].value
    assert cost["C5"].value == '=IF($N5="","",\'Hiring Plan\'!$N5)'  # planned hires: the Hiring Plan's months
    totals = 5 + 5 + SPARE_ROWS  # five lines, the spare rows, then the totals row
    assert cost[f"J{totals}"].value == f"=SUM($J$5:$J${totals - 1})"  # the spare rows are in every total
    for col in "ABDN":  # the inputs are values: role line, headcount, current pay, benchmark role
        assert not str(cost[f"{col}5"].value).startswith("=")
    bench = wb["Benchmark"]
    assert bench["E5"].value == "=Assumptions!$C$40" and bench["F5"].value == "=B5*CNYPer10K*E5"
    factor = wb["Assumptions"]["C40"].value
    assert "AgeToDate" in factor and "EffectiveDate" in factor and "DaysPerYear" in factor
    assert wb["Talent Gap"]["H5"].value == "=G5/D5"
    assert wb["Talent Gap"]["K5"].value == "=SUMPRODUCT(--('Role Map'!$B$5:$B$18=$A5),'Role Map'!$C$5:$C$18)"
    trans = wb["Transitions"]
    assert "'Role Premiums'!" in trans["E5"].value and "MATCH(" in trans["E5"].value
    assert trans["G5"].value == "=C5*D5*E5"


def test_constants_and_links_live_in_cells(books):
    """No 10,000, 365.25, 12 or "P50" inside a formula, and no role or specialization name either: they are
    named cells (Assumptions) and Role Map rows an analyst can read and change."""
    for name, content in books.items():
        for ws in _load(content, data_only=False):
            for row in ws.iter_rows():
                for c in row:
                    if c.data_type != "f":
                        continue
                    literals = set(re.findall(r'"(?:[^"]|"")*"', c.value))
                    assert literals <= {'""', '"unknown"'}, f"{name} {ws.title}!{c.coordinate}: {c.value}"
                    text = re.sub(r"\$?[A-Z]{1,3}\$?\d+", "", c.value)  # cell references
                    assert not re.search(r"(?<![\w.])(10000|365\.25|12)(?![\w.])", text), (
                        f"{name} {ws.title}!{c.coordinate}: {c.value}"
                    )


def test_named_inputs(books):
    wb = _load(books["foreign"], data_only=False)
    names = {name: dn.attr_text for name, dn in wb.defined_names.items()}
    assert names["TargetPercentile"] == "Assumptions!$B$5"
    assert names["USD_CNY"] == "Assumptions!$B$6"
    assert names["AgeToDate"] == "Assumptions!$B$7"
    assert names["EffectiveDate"] == "Assumptions!$B$8"
    assert set(names) >= {
        "OnCostRate",
        "OnCostCap",
        "RecruitingFee",
        "SignOn",
        "BudgetYear",
        "FiscalYearStart",
        "BudgetStart",
        "BudgetEnd",
        "RaiseEffective",
        "RaiseMonths",
        "GrowthHalf",
        "FxShift",
        "ScenarioDays",
        "CNYPer10K",
        "DaysPerYear",
        "MonthsPerYear",
        "MonthsPerQuarter",
        "PctP50",
        "PctP75",
    }
    ws = _load(books["domestic"], data_only=False)["Assumptions"]
    assert ws["B5"].value == "P50" and ws["B7"].value == dt.datetime(2026, 10, 1)
    assert ws["B8"].value == dt.datetime(2026, 4, 1)
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert [(str(dv.sqref), dv.formula1) for dv in lists] == [("B5", '"P50,P75"')]


def test_aging_date_is_an_input_delivered_at_the_aging_date(books, analyses):
    """AgeToDate is the briefing date by default, the profile's age_to when it has one, the effective date when
    pay is used as published; the formulas stay live (see test_benchmark_follows_aging_date)."""
    for name, when in (
        ("foreign", dt.datetime(2026, 12, 1)),
        ("bare", dt.datetime(2026, 12, 1)),
        ("domestic", dt.datetime(2026, 10, 1)),
        ("example", dt.datetime(2026, 4, 1)),
    ):
        ws = _load(books[name])["Assumptions"]
        assert ws["B7"].value == when, name
        assert ws["B9"].value == analyses[name].aging_days, name
    # the notes are in column D alone (column C holds the aging factors below): no merged cells
    notes = {name: _load(books[name])["Assumptions"]["D7"].value for name in ("foreign", "domestic", "example")}
    assert notes["foreign"].startswith("AgeToDate: delivered at the briefing date")
    assert notes["example"].startswith("AgeToDate: delivered at EffectiveDate, so pay is as published")
    read_me = {r[0]: r[1] for r in _load(books["foreign"])["Read me"].iter_rows(values_only=True) if r[0]}
    assert read_me["Benchmark aging"] == (
        "Aged 244 days to the briefing date, 1 December 2026, at each role's yearly growth"
    )
    assert read_me["Benchmark age"].startswith("8 months at the briefing date")


def test_no_dead_usd_input_for_a_cny_client(books):
    """No rate in the profile: no USD_CNY to type into, no USD column, no exchange-rate scenario."""
    wb = _load(books["domestic"], data_only=False)
    names = set(wb.defined_names)
    assert "USD_CNY" not in names and "FxShift" not in names
    ws = wb["Assumptions"]
    assert ws["B6"].value == "\u2013" and ws["B6"].protection.locked  # said to be unused, not an input
    for sheet_ in wb:
        headers = [c.value for c in sheet_[HEADER_ROW] if isinstance(c.value, str)]
        assert not any("USD" in h for h in headers), sheet_.title
        for row in sheet_.iter_rows():
            for c in row:
                assert not (c.data_type == "f" and "USD_CNY" in c.value), f"{sheet_.title}!{c.coordinate}"


def test_no_roles_or_transitions_still_a_clean_model(books):
    wb = _load(books["bare"])
    assert [c.value for c in wb["Cost Model"][HEADER_ROW] if c.value] == [*COST_HEADERS, "Benchmark role"]
    assert wb["Cost Model"]["A5"].value is None and wb["Cost Model"]["M5"].protection.locked is False
    assert wb["Cost Model"][f"A{5 + SPARE_ROWS}"].value == "Total"
    assert wb["Cost Model"][f"A{7 + SPARE_ROWS}"].value == "No roles in the profile."
    assert wb["Transitions"]["A5"].value == "No transitions in the profile."
    assert wb["Assumptions"]["B6"].value == "\u2013"  # no rate given: no USD_CNY input, no USD columns


# --- stored values -------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", ["example", "foreign", "domestic", "forty", "bare"])
def test_stored_values_equal_the_analysis(books_in, analyses, name, lang):
    assert mismatches(_load(books_in[lang][name]), analyses[name], lang) == []


@pytest.mark.parametrize("lang, role", [("en", "LLM Training Engineer"), ("zh", "大模型训练工程师")])
def test_example_figures_stored(books_in, lang, role):
    ws = _load(books_in[lang]["example"])[sheet(lang, "cost_model")]
    assert [ws[f"{c}5"].value for c in "AJKL"] == [role, 1_000_000, 2_700_000, 3_700_000]


def test_pandas_reads_the_stored_values(books, analyses):
    frame = pd.read_excel(io.BytesIO(books["example"]), sheet_name="Cost Model", header=HEADER_ROW - 1)
    row = frame[frame["Role"] == "LLM Training Engineer"].iloc[0]
    assert (row["Cost to close (CNY)"], row["Hiring cost (CNY)"], row["Total (CNY)"]) == (
        1_000_000,
        2_700_000,
        3_700_000,
    )
    a = analyses["foreign"]
    frame = pd.read_excel(
        io.BytesIO(books["foreign"]),
        sheet_name="Cost Model",
        header=HEADER_ROW - 1,
        nrows=len(a.roles) + SPARE_ROWS + 1,
    )
    frame = frame[frame["Role"].notna()]  # the spare rows are blank
    assert list(frame["Role"]) == [r.label for r in a.roles] + ["Total"]
    assert list(frame["Total (CNY)"].iloc[:-1]) == [
        ("unknown" if r.total_cny is None else pytest.approx(r.total_cny)) for r in a.roles
    ]
    assert frame["Total (CNY)"].iloc[-1] == pytest.approx(a.totals.total_cny)
    assert frame["Total (USD)"].iloc[-1] == pytest.approx(a.usd(a.totals.total_cny))


def test_unknown_pay_is_unknown_not_zero(books, analyses):
    a = analyses["foreign"]
    (scientist,) = a.unknown_pay
    ws = _load(books["foreign"])["Cost Model"]
    row = next(r for r in ws.iter_rows(min_row=HEADER_ROW + 1) if r[0].value == scientist.label)
    assert row[3].value is None  # current pay left blank, for the analyst to fill in
    assert [row[i].value for i in (7, 8, 9, 11, 12)] == [None, None, "unknown", "unknown", "unknown"]
    total = next(r for r in ws.iter_rows(min_row=HEADER_ROW + 1) if r[0].value == "Total")
    assert total[11].value == pytest.approx(a.totals.total_cny)


# --- form ------------------------------------------------------------------------


def test_number_formats(books):
    wb = _load(books["foreign"])
    cost = wb["Cost Model"]
    for col in "DEFGJKL":
        fmt = cost[f"{col}5"].number_format
        assert "CNY" in fmt and "#,##0" in fmt, (col, fmt)
    assert "USD" in cost["M5"].number_format and "#,##0" in cost["M5"].number_format
    # ratios read as the PDF prints them: a compa-ratio or a scarcity 1.16, a position -18.5%
    assert cost["H5"].number_format == "0.00" and cost["I5"].number_format.endswith("%")
    assert wb["Talent Gap"]["H5"].number_format == "0.00"
    for ws in wb:
        for row in ws.iter_rows():
            for c in row:
                assert "¥" not in c.number_format and "411" not in c.number_format  # never yen


def test_frozen_headers_print_and_protection(books):
    wb = _load(books["foreign"], data_only=False)
    for name in (
        "Benchmark",
        "Talent Gap",
        "Role Map",
        "Role Premiums",
        "Cost Model",
        "Hiring Plan",
        "Loaded Cost",
        "Scenarios",
        "Transitions",
    ):
        ws = wb[name]
        assert ws.freeze_panes == "B5"
        assert ws.print_title_rows == "$4:$4"
    for ws in wb:
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9  # A4 by default
        # One page wide (fitToWidth absent means its default, 1), as many pages down as it takes.
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth in (None, 1)
        assert ws.page_setup.fitToHeight == 0
        assert ws.protection.sheet and not ws.protection.password
        # an analyst may insert rows, sort and filter (openpyxl reads these flags as "locked": False = allowed)
        assert ws.protection.insertRows is False and ws.protection.sort is False and ws.protection.autoFilter is False
    cost = wb["Cost Model"]
    assert [cost[f"{c}5"].protection.locked for c in "ABDN"] == [False, False, False, False]  # inputs
    assert all(cost[f"{c}5"].protection.locked for c in "CEFGHIJKLM")  # formulas
    assert cost.auto_filter.ref == f"A4:T{4 + 5 + SPARE_ROWS}"
    assistant = wb["Assumptions"]
    assert [assistant[f"B{r}"].protection.locked for r in (5, 6, 7, 8)] == [False, False, False, True]
    assert assistant["B40"].protection.locked is False  # yearly growth used for aging
    trans = wb["Transitions"]
    assert [trans[f"{c}5"].protection.locked for c in "CDEG"] == [False, False, True, True]
    plan = wb["Hiring Plan"]
    assert all(plan.cell(5, col).protection.locked is False for col in range(2, 14))  # the twelve months
    assert plan["N5"].protection.locked


def test_pay_below_target_is_marked(books):
    ws = _load(books["foreign"], data_only=False)["Cost Model"]
    rules = {str(rng.sqref): [r.formula for r in rng.rules] for rng in ws.conditional_formatting}
    last = 4 + 5 + SPARE_ROWS
    assert rules[f"D5:D{last}"] == [["AND(ISNUMBER($D5),ISNUMBER($G5),$D5<$G5)"]]


def test_column_widths_fit_chinese_text(books, analyses):
    ws = _load(books["forty"])["Read me"]
    assert ws["B4"].value == analyses["forty"].profile.client.name
    assert ws.column_dimensions["B"].width >= 80
    cost = _load(books["forty"])["Cost Model"]
    label = next(r.label for r in analyses["forty"].roles if "高级" in r.label)
    assert cost.column_dimensions["A"].width >= min(28, len(label) + label.count("级") + 2)  # longer ones wrap


def test_document_properties(books, brand):
    wb = _load(books["foreign"])
    props = wb.properties
    assert props.creator == brand.firm
    assert props.created == dt.datetime(2026, 12, 1)
    assert "Nordlicht Automation" in props.title
    with zipfile.ZipFile(io.BytesIO(books["foreign"])) as z:
        assert f"<Company>{brand.firm}</Company>" in z.read("docProps/app.xml").decode()


def test_colours_come_from_the_brand(books, brand):
    allowed = {c.lstrip("#").upper() for c in brand.colors.values()}
    with zipfile.ZipFile(io.BytesIO(books["forty"])) as z:
        xml = "".join(
            z.read(n).decode() for n in z.namelist() if n.startswith(("xl/styles", "xl/charts", "xl/worksheets/sheet"))
        )
    used = {m[-6:].upper() for m in re.findall(r'(?:rgb|srgbClr val)="([0-9A-Fa-f]{6,8})"', xml)}
    assert used and used <= allowed
    renderer = Path(__file__).parents[1] / "src" / "briefing" / "render"
    for path in renderer.glob("xlsx*.py"):
        assert not re.search(r"#[0-9A-Fa-f]{6}\b", path.read_text(encoding="utf-8")), path.name


@pytest.mark.parametrize("lang", LANGS)
def test_profile_text_stays_text(books_in, lang):
    wb = _load(books_in[lang]["forty"], data_only=False)
    read_me = wb[sheet(lang, "read_me")]
    assert read_me["B4"].value == f"{INJECTION} 深算科技 Shensuan Technology"
    assert read_me["B4"].data_type == "s"
    cost = wb[sheet(lang, "cost_model")]
    assert [cost[f"A{r}"].value for r in (5, 6, 7)] == [INJECTION, "+1 senior hire", "-2 vacancies"]
    assert all(cost[f"A{r}"].data_type == "s" for r in (5, 6, 7))
    with zipfile.ZipFile(io.BytesIO(books_in[lang]["forty"])) as z:
        sheets = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/sheet"))
    # the title is stored as text, and as the cached text result of the formulas that show it elsewhere;
    # never inside a formula, never as a link
    assert not re.search(r"<f>[^<]*HYPERLINK", sheets) and "<hyperlink" not in sheets
    assert INJECTION not in re.findall(r"<f>([^<]*)</f>", sheets)


@pytest.mark.parametrize("lang", LANGS)
def test_deterministic(analyses, brand, books_in, lang):
    for name in ("foreign", "forty"):
        assert render_xlsx(analyses[name], brand, lang=lang) == books_in[lang][name]


def test_forty_roles(books, analyses):
    a = analyses["forty"]
    ws = _load(books["forty"])["Cost Model"]
    assert len(a.roles) == 40
    labels = [ws.cell(HEADER_ROW + 1 + i, 1).value for i in range(40)]
    assert labels == [r.label for r in a.roles] and len(set(labels)) == 40
    assert ws.cell(HEADER_ROW + 41 + SPARE_ROWS, 1).value == "Total"
    with zipfile.ZipFile(io.BytesIO(books["forty"])) as z:
        assert {"xl/charts/chart1.xml", "xl/charts/chart2.xml"} <= set(z.namelist())
        chart = z.read("xl/charts/chart2.xml").decode()
    assert "'Cost Model'!$L$5:$L$44" in chart and "'Cost Model'!$A$5:$A$44" in chart


def test_charts(books):
    with zipfile.ZipFile(io.BytesIO(books["foreign"])) as z:
        bench, cost = (z.read(f"xl/charts/chart{i}.xml").decode() for i in (1, 2))
    assert "Benchmark!$F$5:$F$10" in bench and "Benchmark!$G$5:$G$10" in bench
    # cached values, for viewers that do not recalculate: LLM Training Engineer's P50 aged to 2026-12-01
    assert "<c:v>1120324.106" in bench
    assert "'Cost Model'!$L$5:$L$9" in cost


# --- recalculated by LibreOffice ---------------------------------------------------

needs_soffice = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) is not installed; CI installs libreoffice-calc-nogui"
)


def _tampered(content: bytes) -> bytes:
    """The workbook with Cost Model!L5's stored value replaced by 1, to prove LibreOffice recalculates."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == f"xl/worksheets/sheet{SHEET_KEYS.index('cost_model') + 1}.xml":
                data, n = re.subn(rb'(<c r="L5"[^>]*><f>[^<]*</f><v>)[^<]*(</v>)', rb"\g<1>1\g<2>", data)
                assert n == 1
            dst.writestr(item, data)
    return out.getvalue()


def _edited(content: bytes, cell: str, value: object, lang: str = "en") -> bytes:
    """A copy with one Assumptions input changed, as an analyst would (openpyxl drops the charts; no matter)."""
    wb = _open(content, data_only=False)
    wb[sheet(lang, "assumptions")][cell] = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _write_all(books: dict[str, bytes], folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in books.items():
        (folder / f"{name}.xlsx").write_bytes(content)
    return [folder / f"{name}.xlsx" for name in books]


@pytest.fixture(scope="session")
def recalculated(books_in, tmp_path_factory) -> dict[str, Path]:
    """Every workbook under test in every language, and four altered copies, recalculated in one LibreOffice run.

    Keyed by name for English ("foreign") and by language and name for the others ("zh_foreign").
    """
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed; CI installs libreoffice-calc-nogui")
    work = tmp_path_factory.mktemp("recalc")
    inputs = dict(books_in["en"])
    for lang in LANGS[1:]:
        inputs |= {f"{lang}_{name}": content for name, content in books_in[lang].items()}
        inputs[f"{lang}_foreign_p50"] = _edited(books_in[lang]["foreign"], "B5", "P50", lang)
    books = books_in["en"]
    inputs["tampered"] = _tampered(books["example"])
    inputs["foreign_p50"] = _edited(books["foreign"], "B5", "P50")
    inputs["foreign_aged"] = _edited(books["foreign"], "B7", dt.datetime(2026, 10, 1))
    files = _write_all(inputs, work / "in")
    outputs = convert(files, work / "out", work / "profile")
    return {f.stem: out for f, out in zip(files, outputs, strict=True)}


@pytest.fixture(scope="session")
def shown(books_in, tmp_path_factory) -> dict[str, dict[str, list[list[str]]]]:
    """The Chinese workbooks as LibreOffice displays them after recalculation (csv "as shown"), one run."""
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed; CI installs libreoffice-calc-nogui")
    work = tmp_path_factory.mktemp("shown")
    files = _write_all({f"zh_{name}": books_in["zh"][name] for name in ("example", "foreign", "domestic")}, work / "in")
    return displayed(files, work / "out", work / "profile")


def _recalculated_key(lang: str, name: str) -> str:
    return name if lang == "en" else f"{lang}_{name}"


@needs_soffice
def test_libreoffice_really_recalculates(recalculated, books):
    assert _load(_tampered(books["example"]))["Cost Model"]["L5"].value == 1
    assert _load(recalculated["tampered"])["Cost Model"]["L5"].value == 3_700_000


@needs_soffice
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", ["example", "foreign", "domestic", "forty", "bare"])
def test_recalculated_values_equal_the_analysis(recalculated, analyses, name, lang):
    wb = _load(recalculated[_recalculated_key(lang, name)])
    assert error_cells(wb) == []
    assert mismatches(wb, analyses[name], lang) == []


@needs_soffice
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", ["foreign", "domestic", "forty"])
def test_every_formula_cell_stores_what_it_computes(recalculated, books_in, name, lang):
    """Beyond the figures checked one by one: no formula cell anywhere stores a value its formula contradicts."""
    book = books_in[lang][name]
    formulas, stored = _load(book, False), _load(book)
    recalc = _load(recalculated[_recalculated_key(lang, name)])
    checked = 0
    for ws in formulas:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f":
                    want, got = stored[ws.title][c.coordinate].value, recalc[ws.title][c.coordinate].value
                    assert _same(got, want), f"{ws.title}!{c.coordinate} {c.value}: stored {want!r}, computed {got!r}"
                    checked += 1
    assert checked > 50


@needs_soffice
@pytest.mark.parametrize("lang, role", [("en", "LLM Training Engineer"), ("zh", "大模型训练工程师")])
def test_example_figures_after_recalculation(recalculated, lang, role):
    ws = _load(recalculated[_recalculated_key(lang, "example")])[sheet(lang, "cost_model")]
    assert [ws[f"{c}5"].value for c in "AJKL"] == [role, 1_000_000, 2_700_000, 3_700_000]


def _with(a: Analysis, edition, **options) -> Analysis:
    profile = dataclasses.replace(a.profile, briefing=dataclasses.replace(a.profile.briefing, **options))
    return compute_analysis(edition, profile)


@needs_soffice
@pytest.mark.parametrize("lang", LANGS)
def test_cost_model_follows_target_percentile(recalculated, analyses, edition, lang):
    at_p50 = _with(analyses["foreign"], edition, target_percentile="P50")
    wb = _load(recalculated[_recalculated_key(lang, "foreign_p50")])
    assert error_cells(wb) == []
    assert list(mismatches(wb, at_p50, lang)) == []
    ws = wb[sheet(lang, "cost_model")]
    llm = at_p50.roles[0]  # LLM Training Engineer: P50 aged to the briefing date, just above its pay
    assert ws["G5"].value == pytest.approx(950_000 * 1.28 ** (244 / 365.25)) == pytest.approx(llm.p50_cny)
    assert ws["J5"].value == pytest.approx(4 * (llm.p50_cny - 1_100_000))
    assert ws[f"L{10 + SPARE_ROWS}"].value == pytest.approx(at_p50.totals.total_cny)
    assert at_p50.totals.total_cny != analyses["foreign"].totals.total_cny


@needs_soffice
def test_benchmark_follows_aging_date(recalculated, analyses, edition):
    aged = _with(analyses["foreign"], edition, age_to=dt.date(2026, 10, 1))
    wb = _load(recalculated["foreign_aged"])
    assert error_cells(wb) == []
    assert mismatches(wb, aged) == []
    assert wb["Benchmark"]["F5"].value == pytest.approx(950_000 * 1.28 ** (183 / 365.25))


# --- the Chinese workbook: the same model in other words -------------------------------


def _normalized(formula: str, lang: str) -> str:
    """A formula with its text literals blanked (role names, 'unknown') and its sheets named by key, unquoted."""
    formula = re.sub(r'"(?:[^"]|"")*"', '""', formula)
    formula = re.sub(r"'((?:[^']|'')+)'!", lambda m: m.group(1).replace("''", "'") + "!", formula)
    for key in SHEET_KEYS:
        formula = formula.replace(f"{sheet(lang, key)}!", f"<{key}>!")
    return formula


@pytest.mark.parametrize("name", ["foreign", "domestic", "forty", "bare"])
def test_same_formulas_names_and_values_in_chinese(books_in, name):
    en_f, zh_f = _load(books_in["en"][name], False), _load(books_in["zh"][name], False)
    en_v, zh_v = _load(books_in["en"][name]), _load(books_in["zh"][name])
    en_names = {n: dn.attr_text for n, dn in en_f.defined_names.items()}
    zh_names = {
        n: dn.attr_text.replace(sheet("zh", "assumptions"), "Assumptions") for n, dn in zh_f.defined_names.items()
    }
    assert zh_names == en_names and {
        "TargetPercentile",
        "AgeToDate",
        "EffectiveDate",
        "OnCostRate",
        "BudgetYear",
        "CNYPer10K",
        "PctP50",
    } <= set(en_names)
    assert ("USD_CNY" in en_names) == (name in ("foreign", "forty"))
    compared = 0
    for key in SHEET_KEYS:
        en_ws, zh_ws = en_f[sheet("en", key)], zh_f[sheet("zh", key)]
        # the same cells, save that a note under a table may take a line more in one language
        assert en_ws.max_column == zh_ws.max_column and abs(en_ws.max_row - zh_ws.max_row) <= 1, key
        for en_row in en_ws.iter_rows(max_row=max(en_ws.max_row, zh_ws.max_row)):
            for c in en_row:
                z = zh_ws[c.coordinate]
                assert (c.data_type == "f") == (z.data_type == "f"), f"{key}!{c.coordinate}"
                if c.data_type == "f":
                    assert _normalized(z.value, "zh") == _normalized(c.value, "en"), f"{key}!{c.coordinate}"
                stored = en_v[en_ws.title][c.coordinate].value
                if isinstance(stored, (int, float, dt.datetime)):
                    assert zh_v[zh_ws.title][c.coordinate].value == stored, f"{key}!{c.coordinate}"
                    compared += 1
    assert compared > 50 or name == "bare"
    lists = [dv for dv in zh_f[sheet("zh", "assumptions")].data_validations.dataValidation if dv.type == "list"]
    assert [(str(dv.sqref), dv.formula1) for dv in lists] == [("B5", '"P50,P75"')]


def test_chinese_number_formats(books_in):
    wb = _load(books_in["zh"]["foreign"])
    cost = wb[sheet("zh", "cost_model")]
    for col in "DEFGJKL":
        fmt = cost[f"{col}5"].number_format
        assert fmt == word("zh", "format.cny") and "万元" in fmt, (col, fmt)
    assert cost["M5"].number_format == '#,##0"美元"'
    assert cost["H5"].number_format == "0.00" and cost["I5"].number_format.endswith("%")
    assumptions = wb[sheet("zh", "assumptions")]
    assert assumptions["B8"].value == dt.datetime(2026, 4, 1)  # a real date, shown the Chinese way
    assert assumptions["B8"].number_format == 'yyyy"年"m"月"d"日"'
    for ws in wb:
        for row in ws.iter_rows():
            for c in row:
                # never yen; and no Excel-only "!" escape, which LibreOffice shows as a literal "!"
                assert "¥" not in c.number_format and "!" not in c.number_format, c.number_format


def test_chinese_read_me_dates_and_names(books_in):
    ws = _load(books_in["zh"]["domestic"])[sheet("zh", "read_me")]
    rows = {r[0]: r[1] for r in ws.iter_rows(values_only=True) if r[0]}
    assert rows["企业类型"] == "国内企业"
    assert rows[word("zh", "read_me.briefing_date")] == dt.datetime(2026, 12, 1)
    assert "2026年10月1日" in rows[word("zh", "read_me.aging")]
    assert rows["Tom's Hardware"].startswith("2026年5月17日：")
    talent = _load(books_in["zh"]["domestic"])[sheet("zh", "talent_gap")]
    assert talent["J5"].value == "大模型训练工程师"


def test_a_client_title_stays_as_typed_in_chinese(books_in, analyses):
    ws = _load(books_in["zh"]["forty"])[sheet("zh", "cost_model")]
    a = analyses["forty"]
    assert [ws.cell(HEADER_ROW + 1 + i, 1).value for i in range(40)] == [r.title for r in a.roles]
    assert ws.cell(HEADER_ROW + 41 + SPARE_ROWS, 1).value == "合计"


@pytest.mark.parametrize("name", ["foreign", "domestic", "forty", "bare"])
def test_no_english_words_in_the_chinese_workbook(books_in, analyses, name):
    """Every word the Chinese workbook writes is Chinese: no English message, edition name or narrative in it."""
    a = analyses[name]
    en, zh = catalogue("en").messages, catalogue("zh").messages
    en_text, zh_text = a.edition.text("en"), a.edition.text("zh")
    english = (
        {v for k, v in en.items() if k.startswith(("xlsx.", "common.")) and zh[k] != v}
        | {v for v in en_text.names.values() if zh_text.name(v) != v}
        | {en_text.basis, en_text.label, *en_text.sources.values()}
    )
    english = {e for e in english if "{" not in e} | {e.split("{")[0] for e in english if len(e.split("{")[0]) > 6}
    wb = _load(books_in["zh"][name])
    client = a.profile.client
    typed = {client.name, client.headquarters, client.industry, *(r.title for r in a.roles)}  # stays as typed
    texts = [
        (f"{ws.title}!{c.coordinate}", c.value)
        for ws in wb
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value not in typed
    ]
    assert [(where, t) for where, t in texts if t in english] == []
    long_english = {e for e in english if len(e) >= 12}
    assert [(where, t) for where, t in texts if any(e in t for e in long_english)] == []
    with zipfile.ZipFile(io.BytesIO(books_in["zh"][name])) as z:
        charts = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/"))
        props = z.read("docProps/core.xml").decode()
    assert "by role" not in charts and "AI人才薪酬模型" in props


def test_a_missing_translation_fails(analyses, brand, monkeypatch):
    """A key missing from the Chinese catalogue is an error, never an English word in a Chinese workbook."""
    zh = catalogue("zh")
    partial = Catalogue("zh", {k: v for k, v in zh.messages.items() if k != "xlsx.col.hiring_cost"})
    monkeypatch.setattr(xlsx_module, "catalogue", lambda lang: partial)
    with pytest.raises(KeyError, match=r"xlsx\.col\.hiring_cost"):
        render_xlsx(analyses["foreign"], brand, lang="zh")


@needs_soffice
def test_chinese_money_is_shown_in_wan(shown, analyses):
    """What a Chinese reader sees: CNY in 万元 through the number format (the cell still holds CNY)."""
    cost = shown["zh_example"][sheet("zh", "cost_model")]
    headers = cost[HEADER_ROW - 1]
    row = dict(zip(headers, cost[HEADER_ROW], strict=True))
    assert row[header("zh", "role")] == "大模型训练工程师"
    assert row[header("zh", "cost_to_close")] == "100.0万元"
    assert row[header("zh", "hiring_cost")] == "270.0万元"
    assert row[header("zh", "total")] == "370.0万元"
    assert row[header("zh", "current_pay")] == "110.0万元"
    assert row[header("zh", "total_usd")] == "521,127美元"
    totals = dict(zip(headers, cost[HEADER_ROW + 1 + SPARE_ROWS], strict=True))
    assert totals[header("zh", "role")] == "合计" and totals[header("zh", "total")] == "370.0万元"
    foreign = shown["zh_foreign"][sheet("zh", "cost_model")]
    col = foreign[HEADER_ROW - 1].index(header("zh", "total"))
    lines = [r[col] for r in foreign[HEADER_ROW : HEADER_ROW + 6 + SPARE_ROWS]]
    assert lines == ["515.2万元", "645.6万元", "168.4万元", "274.1万元", "未知", *[""] * SPARE_ROWS, "1603.2万元"]
    assert round(analyses["foreign"].totals.total_cny) == 16_032_250
    bench = shown["zh_domestic"][sheet("zh", "benchmark")]
    assert bench[HEADER_ROW][:3] == ["大模型训练工程师", "95", "135"]  # published 万元 figures
    assumptions = shown["zh_domestic"][sheet("zh", "assumptions")]
    assert assumptions[7][:2] == ["基准生效日期", "2026年4月1日"]
    assert assumptions[6][:2] == ["基准薪酬调整至", "2026年10月1日"]


@needs_soffice
def test_wan_in_the_workbook_as_in_the_pdf(shown, analyses):
    """A 万元 cell shows the figure the Chinese PDF's table prints, at the same precision (one decimal;
    the PDF also groups thousands, which a 万元 number format cannot)."""
    from briefing import fmt

    a = analyses["domestic"]
    cost = shown["zh_domestic"][sheet("zh", "cost_model")]
    headers = cost[HEADER_ROW - 1]
    for i, r in enumerate(a.roles):
        row = dict(zip(headers, cost[HEADER_ROW + i], strict=True))
        for key, value in (
            ("current_pay", r.current_pay_cny),
            ("cost_to_close", r.cost_to_close_cny),
            ("hiring_cost", r.hiring_cost_cny),
            ("total", r.total_cny),
        ):
            assert row[header("zh", key)] == fmt.wan(value).replace(",", "") + "万元", (r.role, key)
    bench = shown["zh_domestic"][sheet("zh", "benchmark")]
    digits = fmt.places((v for b in a.benchmark for v in (b.p50_cny_10k, b.p75_cny_10k)), 2)
    assert [row[1:3] for row in bench[HEADER_ROW : HEADER_ROW + len(a.benchmark)]] == [
        [fmt.table_value(b.p50_cny_10k, digits), fmt.table_value(b.p75_cny_10k, digits)] for b in a.benchmark
    ]


# --- accessible: alternative text, legible inputs, no merged cells --------------------------------------------


def _drawn_objects(content: bytes) -> list[tuple[str, str | None]]:
    """(kind, alternative text) of every chart and picture in the workbook's drawings."""
    found = []
    with zipfile.ZipFile(io.BytesIO(content)) as book:
        for name in book.namelist():
            if name.startswith("xl/drawings/drawing") and name.endswith(".xml"):
                xml = book.read(name).decode()
                for kind, attrs in re.findall(r"<xdr:(graphicFrame|pic)\b.*?<xdr:cNvPr ([^>]*)/?>", xml, re.S):
                    descr = re.search(r'descr="([^"]*)"', attrs)
                    found.append((kind, descr.group(1) if descr else None))
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_every_chart_has_alternative_text_with_its_figures(books_in, analyses, lang):
    """A screen reader reads each chart as a sentence with its message and its figures, in the workbook's
    language: the Benchmark chart every role's P50 and P75 as aged, the Cost Model chart the plan's total and
    each role line's total cost."""
    from html import unescape

    from briefing import fmt

    for name in analyses:
        objects = _drawn_objects(books_in[lang][name])
        assert objects and all(descr for _, descr in objects), (name, objects)
    a = analyses["foreign"]
    texts = [unescape(d or "") for _, d in _drawn_objects(books_in[lang]["foreign"])]
    bench = next(t for t in texts if "P75" in t)
    for b in a.benchmark:
        name = a.edition.text(lang).name(b.role)
        assert f"{name}{':' if lang == 'en' else ''}" in bench
        assert fmt.money(b.p50_cny, "CNY", lang) in bench and fmt.money(b.p75_cny, "CNY", lang) in bench
    top = max(a.benchmark, key=lambda b: b.p75_cny)
    name, p75 = a.edition.text(lang).name(top.role), fmt.money(top.p75_cny, "CNY", lang)
    assert (f"The highest P75 is {name}'s, {p75}." if lang == "en" else f"P75最高的是{name}，为{p75}。") in bench
    cost = next(t for t in texts if t is not bench)
    assert fmt.money(a.totals.total_cny, "CNY", lang) in cost
    for r in a.roles:
        label = r.title or a.edition.text(lang).name(r.role)
        if r.total_cny is None:
            assert catalogue(lang)("xlsx.cost_model.alt_unknown", role=label) in cost
        else:
            assert f"{label}{' ' if lang == 'en' else ''}{fmt.money(r.total_cny, 'CNY', lang)}" in cost
    forty = [unescape(d or "") for _, d in _drawn_objects(books_in[lang]["forty"])]
    assert any(("30 other role lines" if lang == "en" else "另有30个岗位") in t for t in forty)


def _rgb(color, default: str) -> str:
    value = getattr(color, "rgb", None)
    return f"#{value[-6:]}" if isinstance(value, str) and len(value) in (6, 8) else default


@pytest.mark.parametrize("lang", LANGS)
def test_text_reaches_wcag_contrast_on_its_fill(books_in, brand, lang):
    """Every cell's text, the shaded inputs a finance user edits first (3.5:1 before), reaches 4.5:1 on its
    fill, computed from the styles the workbook stores."""
    from briefing.contrast import ratio

    inputs = 0
    for name in ("foreign", "forty"):
        wb = _load(books_in[lang][name], False)
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for c in row:
                    if c.value is None and c.protection.locked:
                        continue
                    fill = _rgb(c.fill.fgColor, "#FFFFFF") if c.fill.fill_type == "solid" else "#FFFFFF"
                    text = _rgb(c.font.color, "#000000")
                    assert ratio(text, fill) >= 4.5, (name, ws.title, c.coordinate, text, fill)
                    inputs += not c.protection.locked
    assert inputs > 50


def test_an_illegible_secondary_colour_is_not_used_for_inputs(analyses, brand):
    """Inputs are set in the brand's secondary colour only where it reads on the band."""
    dark = dataclasses.replace(brand, colors={**brand.colors, "secondary": "#1D3B5C"})
    wb = _load(render_xlsx(analyses["example"], dark), False)
    cell = wb["Cost Model"]["B5"]
    assert not cell.protection.locked and _rgb(cell.font.color, "") == "#1D3B5C"
    wb = _load(render_xlsx(analyses["example"], brand), False)
    assert _rgb(wb["Cost Model"]["B5"].font.color, "") == brand.colors["primary"]


@pytest.mark.parametrize("lang", LANGS)
def test_no_merged_cells_and_notes_read_whole(books_in, lang):
    """No merged cell anywhere (a screen reader loses its place in them); a note under a table is written a line
    a row in column A, and its lines read back as the catalogue's sentence."""
    for name, content in books_in[lang].items():
        wb = _load(content, False)
        for ws in wb.worksheets:
            assert not ws.merged_cells.ranges, (name, ws.title, ws.merged_cells.ranges)
    cat = catalogue(lang)
    ws = _load(books_in[lang]["forty"])[cat("xlsx.sheet.cost_model")]
    column = [r[0] for r in ws.iter_rows(values_only=True)]
    wanted = cat("xlsx.cost_model.unknown_note")
    first = next(i for i, v in enumerate(column) if isinstance(v, str) and wanted.startswith(v))
    lines = []
    for v in column[first:]:
        if not isinstance(v, str):
            break
        lines.append(v)
    assert len(lines) >= (2 if lang == "en" else 1) and (" " if lang == "en" else "").join(lines) == wanted


@pytest.mark.parametrize("lang", LANGS)
def test_formula_fast_path_writes_xlsxwriters_own_bytes(books_in, analyses, brand, monkeypatch, lang):
    """Every workbook of the tests, written with XlsxWriter's own formula rewriting, has the same bytes."""
    from xlsxwriter.worksheet import Worksheet

    from briefing.render.xlsx import book

    monkeypatch.setattr(book.Book, "worksheet_class", Worksheet)
    for name, a in analyses.items():
        assert render_xlsx(a, brand, lang=lang) == books_in[lang][name], name


FORMULAS = [
    "=SUM(A1:A3)",
    "{=SUM(A1:A3*B1:B3)}",
    "=XLOOKUP(A1,B:B,C:C)",
    "=SORT(A1:A9)",
    "=_xlfn.SORTBY(A1:A9,B1:B9)",
    "=MAP(A1:A3,LAMBDA(x,x*2))",
    "=AINGLE(A1)",
    "=FILTER(A1:A9,B1:B9>0)",
    '=IF(ISNUMBER(D5),D5/F5,"")',
    '="{"&A1&"}"',
    "SUM(B1:B2)",
]


def test_formula_fast_path_stores_formulas_as_xlsxwriter():
    """Each formula is stored as XlsxWriter stores it: the same kind of cell (an array or dynamic-array formula
    handed to XlsxWriter, a plain one by the fast path), text, format and value, in the same place."""
    from xlsxwriter.workbook import Workbook

    from briefing.render.xlsx.book import Book

    def stored(cls) -> dict:
        sheet = cls(io.BytesIO(), {"in_memory": True}).add_worksheet()
        for row, formula in enumerate(FORMULAS):
            assert sheet.write_formula(row, 1, formula, None, row * 10) == 0
        return {(r, c): (type(v).__name__, tuple(v)) for r, cols in sheet.table.items() for c, v in cols.items()}

    ours, theirs = stored(Book), stored(Workbook)
    assert ours == theirs
    assert {kind for kind, _ in ours.values()} >= {"Formula", "ArrayFormula"}


@pytest.mark.parametrize("formula", FORMULAS)
def test_formula_fast_path_prepares_formulas_as_xlsxwriter(formula):
    from xlsxwriter.worksheet import Worksheet

    from briefing.render.xlsx.book import Sheet

    assert Sheet()._prepare_formula(formula) == Worksheet()._prepare_formula(formula)
