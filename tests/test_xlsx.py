"""The Excel model as its readers see it: stored values (openpyxl, pandas) and recalculated ones (LibreOffice)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import math
import re
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from briefing.analysis import Analysis, compute_analysis
from briefing.profile import parse_profile
from briefing.render.xlsx import render_xlsx
from conftest import TODAY
from recalc import SOFFICE, convert

SHEETS = ["Read me", "Assumptions", "Benchmark", "Talent Gap", "Role Premiums", "Cost Model", "Transitions"]
COST_HEADERS = ["Role", "Headcount", "Planned hires", "Current pay (CNY)", "P50 (CNY)", "P75 (CNY)", "Target (CNY)",
                "Compa-ratio", "Position vs target", "Cost to close (CNY)", "Hiring cost (CNY)", "Total (CNY)"]
HEADER_ROW = 4  # 1-based, on every table sheet
ALLOWED_FUNCTIONS = {"IF", "INDEX", "MATCH", "MAX", "SUM", "SUMPRODUCT", "ISNUMBER", "AND", "NOT"}
ERRORS = ("#NAME?", "#REF!", "#VALUE!", "#DIV/0!", "#N/A", "#NUM!", "#NULL!")
INJECTION = '=HYPERLINK("http://x","y")'
BENCHMARK_ROLES = ["LLM Training Engineer", "AI Inference Engineer", "AI Product Manager (LLM)",
                   "AI Chip Designer (HiSilicon)", "Compiler/Kernel Engineer", "AI Research Scientist (PhD/Top Conf.)"]


# --- workbooks under test ----------------------------------------------------


def _profile(edition, data: dict) -> Analysis:
    profile = parse_profile(data, source="<test>", base_dir=Path.cwd(), edition=edition, today=TODAY)
    return compute_analysis(edition, profile)


def _forty(edition) -> Analysis:
    """40 role lines: every benchmark role several times under different titles, some with unknown pay."""
    roles = []
    for i in range(40):
        role = BENCHMARK_ROLES[i % 6]
        line = {"role": role, "title": f"{['Senior', 'Staff', 'Lead', '高级', 'Principal'][i // 8]} {role} #{i + 1}",
                "headcount": (i * 7) % 9, "planned_hires": i % 4}
        if i % 5 != 3:
            line["current_pay"] = 600_000 + (i * 37_000) % 900_000
        roles.append(line)
    roles[0]["title"] = INJECTION
    roles[1]["title"] = "+1 senior hire"
    roles[2]["title"] = "-2 vacancies"
    return _profile(edition, {
        "client": {"name": f"{INJECTION} 深算科技 Shensuan Technology", "employer_type": "domestic",
                   "industry": "@risk", "headquarters": "+86 Shenzhen"},
        "briefing": {"date": "2026-12-01", "target_percentile": "P75", "currency": "USD", "usd_cny": 7.2,
                     "age_to": "2026-11-15"},
        "roles": roles,
        "transitions": [{"from": "Product Manager", "count": 3, "current_pay": 400_000},
                        {"from": "Data Analyst", "count": 12, "current_pay": 250_000}],
    })


@pytest.fixture(scope="session")
def analyses(edition, example, foreign, domestic) -> dict[str, Analysis]:
    return {
        "example": example, "foreign": foreign, "domestic": domestic, "forty": _forty(edition),
        "bare": _profile(edition, {"client": {"name": "Bare Co.", "employer_type": "foreign"},
                                   "briefing": {"date": "2026-12-01"}}),
    }


@pytest.fixture(scope="session")
def books(analyses, brand) -> dict[str, bytes]:
    return {name: render_xlsx(a, brand) for name, a in analyses.items()}


def _load(content: bytes | Path, data_only: bool = True) -> openpyxl.Workbook:
    source = io.BytesIO(content) if isinstance(content, bytes) else content
    return openpyxl.load_workbook(source, data_only=data_only)


# --- what every figure should be, from the analysis ---------------------------


def expected(a: Analysis) -> dict[str, list[tuple[int, dict[str, object]]]]:
    """Per sheet: (1-based row, {header: value}) for every figure the workbook shows, taken from the analysis."""
    def unknown(value):
        return "unknown" if value is None else value

    first = HEADER_ROW + 1
    sheets: dict[str, list[tuple[int, dict[str, object]]]] = {}
    sheets["Benchmark"] = [(first + i, {
        "Role": b.role, "P50 (CNY 10K)": b.p50_cny_10k, "P75 (CNY 10K)": b.p75_cny_10k, "YoY": b.yoy,
        "Aging factor": b.aging_factor, "P50 (CNY)": b.p50_cny, "P75 (CNY)": b.p75_cny, "Key driver": b.key_driver,
    }) for i, b in enumerate(a.benchmark)]
    sheets["Talent Gap"] = [(first + i, {
        "Specialization": s.specialization, "Headcount low": s.headcount_low, "Headcount high": s.headcount_high,
        "Headcount mid": s.headcount_mid, "Gap low": s.gap_low, "Gap high": s.gap_high, "Gap mid": s.gap_mid,
        "Scarcity": s.scarcity, "Difficulty": s.difficulty, "Client planned hires": s.planned_hires,
    }) for i, s in enumerate(a.supply)]
    sheets["Role Premiums"] = [(first + i, {
        "Traditional role": p.traditional_role, "AI role": p.ai_role, "Premium low": p.premium_low,
        "Premium high": p.premium_high}) for i, p in enumerate(a.premiums)]
    cost = []
    for i, r in enumerate(a.roles):
        row = {"Role": r.label, "Headcount": r.headcount, "Planned hires": r.planned_hires,
               "Current pay (CNY)": r.current_pay_cny, "P50 (CNY)": r.p50_cny, "P75 (CNY)": r.p75_cny,
               "Target (CNY)": r.target_cny, "Compa-ratio": r.compa_ratio, "Position vs target": r.position_vs_target,
               "Cost to close (CNY)": unknown(r.cost_to_close_cny), "Hiring cost (CNY)": r.hiring_cost_cny,
               "Total (CNY)": unknown(r.total_cny), "Benchmark role": r.role}
        if a.usd_cny:
            row["Total (USD)"] = unknown(None if r.total_cny is None else a.usd(r.total_cny))
        cost.append((first + i, row))
    if a.roles:
        t = a.totals
        totals = {"Role": "Total", "Headcount": t.headcount, "Planned hires": t.planned_hires,
                  "Cost to close (CNY)": t.cost_to_close_cny, "Hiring cost (CNY)": t.hiring_cost_cny,
                  "Total (CNY)": t.total_cny}
        if a.usd_cny:
            totals["Total (USD)"] = a.usd(t.total_cny)
        cost.append((first + len(a.roles), totals))
    sheets["Cost Model"] = cost
    transitions = []
    for i, tr in enumerate(a.transitions):
        row = {"Traditional role": tr.from_, "AI role": tr.ai_role, "Count": tr.count,
               "Current pay (CNY)": tr.current_pay_cny, "Premium low": tr.premium_low,
               "Premium high": tr.premium_high, "Cost low (CNY)": tr.cost_low_cny, "Cost high (CNY)": tr.cost_high_cny}
        if a.usd_cny:
            row |= {"Cost low (USD)": a.usd(tr.cost_low_cny), "Cost high (USD)": a.usd(tr.cost_high_cny)}
        transitions.append((first + i, row))
    if a.transitions:
        t = a.totals
        row = {"Traditional role": "Total", "Count": t.transitions_count, "Cost low (CNY)": t.transitions_low_cny,
               "Cost high (CNY)": t.transitions_high_cny}
        if a.usd_cny:
            row |= {"Cost low (USD)": a.usd(t.transitions_low_cny), "Cost high (USD)": a.usd(t.transitions_high_cny)}
        transitions.append((first + len(a.transitions), row))
    sheets["Transitions"] = transitions
    return sheets


def _same(got: object, want: object) -> bool:
    if isinstance(want, (int, float)) and not isinstance(want, bool):
        # Far inside a cent for money, and exact enough for ratios and factors.
        return isinstance(got, (int, float)) and math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-6)
    if want is None:
        return got in (None, "")
    return got == want


def mismatches(wb: openpyxl.Workbook, a: Analysis) -> list[str]:
    """Every figure of `wb` (values as stored) that differs from the analysis, described for a failure message."""
    found = []
    for sheet, rows in expected(a).items():
        ws = wb[sheet]
        columns = {cell.value: cell.column for cell in ws[HEADER_ROW] if cell.value}
        for row, values in rows:
            for header, want in values.items():
                got = ws.cell(row, columns[header]).value
                if not _same(got, want):
                    found.append(f"{sheet}!{ws.cell(row, columns[header]).coordinate} {header}: {got!r} != {want!r}")
    ws = wb["Assumptions"]
    days = next(r for r in ws.iter_rows(values_only=True) if r[0] == "Days aged")[1]
    if days != a.aging_days:
        found.append(f"Assumptions: days aged {days!r} != {a.aging_days}")
    factors = {r[0]: r[2] for r in ws.iter_rows(values_only=True) if r[0] in {b.role for b in a.benchmark}}
    found += [f"Assumptions: aging factor of {b.role} {factors.get(b.role)!r} != {b.aging_factor!r}"
              for b in a.benchmark if not _same(factors.get(b.role), b.aging_factor)]
    return found


def error_cells(wb: openpyxl.Workbook) -> list[str]:
    return [f"{ws.title}!{c.coordinate}={c.value}" for ws in wb for row in ws.iter_rows() for c in row
            if isinstance(c.value, str) and c.value.strip() in ERRORS]


# --- structure ---------------------------------------------------------------


def test_sheets_in_order(books):
    for content in books.values():
        assert _load(content).sheetnames == SHEETS


@pytest.mark.parametrize("name, usd", [("example", True), ("foreign", True), ("domestic", False), ("forty", True)])
def test_cost_model_headers_exact(books, name, usd):
    ws = _load(books[name])["Cost Model"]
    headers = [c.value for c in ws[HEADER_ROW] if c.value is not None]
    required = COST_HEADERS + (["Total (USD)"] if usd else [])
    assert headers[:len(required)] == required
    # The benchmark role each line is looked up by follows the required columns.
    assert headers[len(required):] == ["Benchmark role"]


def test_formulas_live_where_the_model_is(books):
    wb = _load(books["foreign"], data_only=False)
    cost = wb["Cost Model"]
    for col in "EFGHIJKLM":
        assert str(cost[f"{col}5"].value).startswith("="), f"Cost Model!{col}5 is not a formula"
    assert "INDEX(" in cost["E5"].value and "MATCH(" in cost["E5"].value and "Benchmark" in cost["E5"].value
    assert "TargetPercentile" in cost["G5"].value
    assert "USD_CNY" in cost["M5"].value
    assert cost["J10"].value.startswith("=SUM(")  # the totals row
    for col in "BCD":  # the inputs are values
        assert not str(cost[f"{col}5"].value).startswith("=")
    bench = wb["Benchmark"]
    assert bench["E5"].value == "=Assumptions!$C$13" and bench["F5"].value == "=B5*10000*E5"
    assert "AgeToDate" in wb["Assumptions"]["C13"].value and "EffectiveDate" in wb["Assumptions"]["C13"].value
    assert wb["Talent Gap"]["H5"].value == "=G5/D5"
    trans = wb["Transitions"]
    assert "'Role Premiums'!" in trans["E5"].value and "MATCH(" in trans["E5"].value
    assert trans["G5"].value == "=C5*D5*E5"


def test_formulas_use_only_portable_functions(books):
    for name, content in books.items():
        for ws in _load(content, data_only=False):
            for row in ws.iter_rows():
                for c in row:
                    if c.data_type == "f":
                        used = set(re.findall(r"([A-Z][A-Z0-9._]*)\(", c.value))
                        assert used <= ALLOWED_FUNCTIONS, f"{name} {ws.title}!{c.coordinate}: {c.value}"
                        assert "[" not in c.value and "_xlfn" not in c.value


def test_named_inputs(books):
    wb = _load(books["domestic"], data_only=False)
    names = {name: dn.attr_text for name, dn in wb.defined_names.items()}
    assert names["TargetPercentile"] == "Assumptions!$B$5"
    assert names["USD_CNY"] == "Assumptions!$B$6"
    assert names["AgeToDate"] == "Assumptions!$B$7"
    assert names["EffectiveDate"] == "Assumptions!$B$8"
    ws = wb["Assumptions"]
    assert ws["B5"].value == "P50" and ws["B7"].value == dt.datetime(2026, 10, 1)
    assert ws["B8"].value == dt.datetime(2026, 4, 1)
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert [(str(dv.sqref), dv.formula1) for dv in lists] == [("B5", '"P50,P75"')]


def test_no_roles_or_transitions_still_a_clean_model(books):
    wb = _load(books["bare"])
    assert [c.value for c in wb["Cost Model"][HEADER_ROW] if c.value] == COST_HEADERS + ["Benchmark role"]
    assert wb["Cost Model"]["A5"].value == "No roles in the profile."
    assert wb["Transitions"]["A5"].value == "No transitions in the profile."
    assert wb["Assumptions"]["B6"].value is None  # no rate given: USD_CNY blank, no USD columns


# --- stored values -------------------------------------------------------------


@pytest.mark.parametrize("name", ["example", "foreign", "domestic", "forty", "bare"])
def test_stored_values_equal_the_analysis(books, analyses, name):
    assert mismatches(_load(books[name]), analyses[name]) == []


def test_example_figures_stored(books):
    ws = _load(books["example"])["Cost Model"]
    assert [ws[f"{c}5"].value for c in "AJKL"] == ["LLM Training Engineer", 1_000_000, 2_700_000, 3_700_000]


def test_pandas_reads_the_stored_values(books, analyses):
    frame = pd.read_excel(io.BytesIO(books["example"]), sheet_name="Cost Model", header=HEADER_ROW - 1)
    row = frame[frame["Role"] == "LLM Training Engineer"].iloc[0]
    assert (row["Cost to close (CNY)"], row["Hiring cost (CNY)"], row["Total (CNY)"]) == (1_000_000, 2_700_000,
                                                                                         3_700_000)
    a = analyses["foreign"]
    frame = pd.read_excel(io.BytesIO(books["foreign"]), sheet_name="Cost Model", header=HEADER_ROW - 1,
                          nrows=len(a.roles) + 1)
    assert list(frame["Role"]) == [r.label for r in a.roles] + ["Total"]
    assert list(frame["Total (CNY)"].iloc[:-1]) == [("unknown" if r.total_cny is None else pytest.approx(r.total_cny))
                                                    for r in a.roles]
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
    assert cost["H5"].number_format.endswith("%") and cost["I5"].number_format.endswith("%")
    assert wb["Talent Gap"]["H5"].number_format.endswith("%")
    for ws in wb:
        for row in ws.iter_rows():
            for c in row:
                assert "¥" not in c.number_format and "411" not in c.number_format  # never yen


def test_frozen_headers_print_and_protection(books):
    wb = _load(books["foreign"], data_only=False)
    for name in ("Benchmark", "Talent Gap", "Role Premiums", "Cost Model", "Transitions"):
        ws = wb[name]
        assert ws.freeze_panes == "B5"
        assert ws.print_title_rows == "$4:$4"
    for ws in wb:
        assert ws.page_setup.orientation == "landscape"
        # One page wide (fitToWidth absent means its default, 1), as many pages down as it takes.
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth in (None, 1)
        assert ws.page_setup.fitToHeight == 0
        assert ws.protection.sheet and not ws.protection.password
    cost = wb["Cost Model"]
    assert [cost[f"{c}5"].protection.locked for c in "BCD"] == [False, False, False]
    assert all(cost[f"{c}5"].protection.locked for c in "AEFGHIJKLM")
    assistant = wb["Assumptions"]
    assert [assistant[f"B{r}"].protection.locked for r in (5, 6, 7, 8)] == [False, False, False, True]
    assert assistant["B13"].protection.locked is False  # yearly growth used for aging
    trans = wb["Transitions"]
    assert [trans[f"{c}5"].protection.locked for c in "CDEG"] == [False, False, True, True]


def test_pay_below_target_is_marked(books):
    ws = _load(books["foreign"], data_only=False)["Cost Model"]
    rules = {str(rng.sqref): [r.formula for r in rng.rules] for rng in ws.conditional_formatting}
    assert rules["D5:D9"] == [["AND(ISNUMBER($D5),$D5<$G5)"]]


def test_column_widths_fit_chinese_text(books, analyses):
    ws = _load(books["forty"])["Read me"]
    assert ws["B4"].value == analyses["forty"].profile.client.name
    assert ws.column_dimensions["B"].width >= 80
    cost = _load(books["forty"])["Cost Model"]
    label = next(r.label for r in analyses["forty"].roles if "高级" in r.label)
    assert cost.column_dimensions["A"].width >= min(40, len(label) + label.count("级") + 2)


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
        xml = "".join(z.read(n).decode() for n in z.namelist() if n.startswith(("xl/styles", "xl/charts",
                                                                                 "xl/worksheets/sheet")))
    used = {m[-6:].upper() for m in re.findall(r'(?:rgb|srgbClr val)="([0-9A-Fa-f]{6,8})"', xml)}
    assert used and used <= allowed
    renderer = Path(__file__).parents[1] / "src" / "briefing" / "render"
    for path in renderer.glob("xlsx*.py"):
        assert not re.search(r"#[0-9A-Fa-f]{6}\b", path.read_text(encoding="utf-8")), path.name


def test_profile_text_stays_text(books, analyses):
    wb = _load(books["forty"], data_only=False)
    assert wb["Read me"]["B4"].value == f"{INJECTION} 深算科技 Shensuan Technology"
    assert wb["Read me"]["B4"].data_type == "s"
    cost = wb["Cost Model"]
    assert [cost[f"A{r}"].value for r in (5, 6, 7)] == [INJECTION, "+1 senior hire", "-2 vacancies"]
    assert all(cost[f"A{r}"].data_type == "s" for r in (5, 6, 7))
    with zipfile.ZipFile(io.BytesIO(books["forty"])) as z:
        sheets = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/sheet"))
    assert "HYPERLINK" not in sheets and "<hyperlink" not in sheets


def test_deterministic(analyses, brand, books):
    for name in ("foreign", "forty"):
        assert render_xlsx(analyses[name], brand) == books[name]


def test_forty_roles(books, analyses):
    a = analyses["forty"]
    ws = _load(books["forty"])["Cost Model"]
    assert len(a.roles) == 40
    labels = [ws.cell(HEADER_ROW + 1 + i, 1).value for i in range(40)]
    assert labels == [r.label for r in a.roles] and len(set(labels)) == 40
    assert ws.cell(HEADER_ROW + 41, 1).value == "Total"
    with zipfile.ZipFile(io.BytesIO(books["forty"])) as z:
        assert {"xl/charts/chart1.xml", "xl/charts/chart2.xml"} <= set(z.namelist())
        chart = z.read("xl/charts/chart2.xml").decode()
    assert "'Cost Model'!$L$5:$L$44" in chart and "'Cost Model'!$A$5:$A$44" in chart


def test_charts(books):
    with zipfile.ZipFile(io.BytesIO(books["foreign"])) as z:
        bench, cost = (z.read(f"xl/charts/chart{i}.xml").decode() for i in (1, 2))
    assert "Benchmark!$F$5:$F$10" in bench and "Benchmark!$G$5:$G$10" in bench
    assert re.search(r"<c:v>950000(\.0)?</c:v>", bench)  # cached values, for viewers that do not recalculate
    assert "'Cost Model'!$L$5:$L$9" in cost


# --- recalculated by LibreOffice ---------------------------------------------------

needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; "
                                                           "CI installs libreoffice-calc-nogui")


def _tampered(content: bytes) -> bytes:
    """The workbook with Cost Model!L5's stored value replaced by 1, to prove LibreOffice recalculates."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet6.xml":
                data, n = re.subn(rb'(<c r="L5"[^>]*><f>[^<]*</f><v>)[^<]*(</v>)', rb"\g<1>1\g<2>", data)
                assert n == 1
            dst.writestr(item, data)
    return out.getvalue()


def _edited(content: bytes, cell: str, value: object) -> bytes:
    """A copy with one Assumptions input changed, as an analyst would (openpyxl drops the charts; no matter)."""
    wb = _load(content, data_only=False)
    wb["Assumptions"][cell] = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.fixture(scope="session")
def recalculated(books, tmp_path_factory) -> dict[str, Path]:
    """Every workbook under test, and three altered copies, recalculated in one LibreOffice run."""
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed; CI installs libreoffice-calc-nogui")
    work = tmp_path_factory.mktemp("recalc")
    inputs = dict(books)
    inputs["tampered"] = _tampered(books["example"])
    inputs["foreign-p50"] = _edited(books["foreign"], "B5", "P50")
    inputs["foreign-aged"] = _edited(books["foreign"], "B7", dt.datetime(2026, 10, 1))
    files = []
    for name, content in inputs.items():
        (work / "in" / f"{name}.xlsx").parent.mkdir(exist_ok=True)
        (work / "in" / f"{name}.xlsx").write_bytes(content)
        files.append(work / "in" / f"{name}.xlsx")
    outputs = convert(files, work / "out", work / "profile")
    return {f.stem: out for f, out in zip(files, outputs, strict=True)}


@needs_soffice
def test_libreoffice_really_recalculates(recalculated, books):
    assert _load(_tampered(books["example"]))["Cost Model"]["L5"].value == 1
    assert _load(recalculated["tampered"])["Cost Model"]["L5"].value == 3_700_000


@needs_soffice
@pytest.mark.parametrize("name", ["example", "foreign", "domestic", "forty", "bare"])
def test_recalculated_values_equal_the_analysis(recalculated, analyses, name):
    wb = _load(recalculated[name])
    assert error_cells(wb) == []
    assert mismatches(wb, analyses[name]) == []


@needs_soffice
@pytest.mark.parametrize("name", ["foreign", "domestic", "forty"])
def test_every_formula_cell_stores_what_it_computes(recalculated, books, name):
    """Beyond the figures checked one by one: no formula cell anywhere stores a value its formula contradicts."""
    formulas, stored, recalc = _load(books[name], False), _load(books[name]), _load(recalculated[name])
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
def test_example_figures_after_recalculation(recalculated):
    ws = _load(recalculated["example"])["Cost Model"]
    assert [ws[f"{c}5"].value for c in "AJKL"] == ["LLM Training Engineer", 1_000_000, 2_700_000, 3_700_000]


def _with(a: Analysis, edition, **options) -> Analysis:
    profile = dataclasses.replace(a.profile, briefing=dataclasses.replace(a.profile.briefing, **options))
    return compute_analysis(edition, profile)


@needs_soffice
def test_cost_model_follows_target_percentile(recalculated, analyses, edition):
    at_p50 = _with(analyses["foreign"], edition, target_percentile="P50")
    wb = _load(recalculated["foreign-p50"])
    assert error_cells(wb) == []
    assert [m for m in mismatches(wb, at_p50)] == []
    ws = wb["Cost Model"]
    assert ws["G5"].value == 950_000 and ws["J5"].value == 0  # LLM Training Engineer pays above P50
    assert ws["L10"].value == pytest.approx(at_p50.totals.total_cny)
    assert at_p50.totals.total_cny != analyses["foreign"].totals.total_cny


@needs_soffice
def test_benchmark_follows_aging_date(recalculated, analyses, edition):
    aged = _with(analyses["foreign"], edition, age_to=dt.date(2026, 10, 1))
    wb = _load(recalculated["foreign-aged"])
    assert error_cells(wb) == []
    assert mismatches(wb, aged) == []
    assert wb["Benchmark"]["F5"].value == pytest.approx(950_000 * 1.28 ** (183 / 365.25))
