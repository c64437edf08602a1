"""The `Assumptions` sheet: the model's named inputs, its named constants and the aging table every figure reads.

Each input is a workbook-level defined name (`TargetPercentile`, `OnCostRate`, `BudgetYear`, ...), so formulas
read `OnCostRate`, not `Assumptions!$B$12`. An input the workbook has no use for is not there: no USD_CNY
without a rate, no FxShift without a USD client.
"""

from __future__ import annotations

from dataclasses import dataclass

from xlsxwriter.utility import quote_sheetname
from xlsxwriter.workbook import Workbook

from ....analysis import CNY_10K, DAYS_PER_YEAR, Analysis
from ....budget import FX_SHIFTS, GROWTH
from ....dates import aging_limit
from ....timeline import MONTHS, MONTHS_PER_QUARTER
from ..style import HEADER_ROW, LINE_HEIGHT, Styles, Words, a1, excel_datetime, excel_serial, page_setup, wrapped_lines

TARGET_ROW, USD_ROW, AGE_TO_ROW, EFFECTIVE_ROW, DAYS_ROW = 4, 5, 6, 7, 8
GROWTH_COL, FACTOR_COL = 1, 2
PERCENTILES = ["P50", "P75"]  # codes, the same in every language: formulas compare TargetPercentile with PctP50
WIDTHS = (34, 17, 12, 60)  # B: a date such as "31 December 2027" in bold (an input) fits
NOTE_COL = 3  # column C holds the aging factors below; a note is in D alone, never in merged cells
NOTE_WIDTH = WIDTHS[NOTE_COL]

# (section, [defined name, ...]) in the order of the sheet, after the benchmark inputs of rows 4-8
SECTIONS = (
    ("costs", ("OnCostRate", "OnCostCap", "RecruitingFee", "SignOn")),
    ("budget", ("BudgetYear", "FiscalYearStart", "BudgetStart", "BudgetEnd", "RaiseEffective", "RaiseMonths")),
    ("scenarios", ("GrowthHalf", "FxShift", "ScenarioDays")),
    ("constants", ("CNYPer10K", "DaysPerYear", "MonthsPerYear", "MonthsPerQuarter", "PctP50", "PctP75")),
)


@dataclass(frozen=True)
class Layout:
    rows: dict[str, int]  # defined name (or section key) -> 0-based row
    names: tuple[str, ...]  # the defined names this workbook has
    aging_header: int
    aging_first: int


def layout(a: Analysis) -> Layout:
    rows = {"TargetPercentile": TARGET_ROW, "USD_CNY": USD_ROW, "AgeToDate": AGE_TO_ROW, "EffectiveDate": EFFECTIVE_ROW}
    row = DAYS_ROW + 2
    for section, names in SECTIONS:
        rows[f"section.{section}"] = row
        for i, name in enumerate(names):
            rows[name] = row + 1 + i
        row += len(names) + 2
    defined = [n for n in rows if not n.startswith("section.")]
    if not a.usd_cny:
        defined.remove("USD_CNY")
    if not a.scenarios.fx_shifts:
        defined.remove("FxShift")
    return Layout(rows, tuple(defined), aging_header=row + 1, aging_first=row + 2)


def define_names(workbook: Workbook, w: Words, a: Analysis) -> None:
    """Workbook-level names for the inputs and constants."""
    sheet = quote_sheetname(w.sheet("assumptions"))
    at = layout(a)
    for name in at.names:
        workbook.define_name(name, f"={sheet}!$B${at.rows[name] + 1}")


def aging_factor_ref(a: Analysis, w: Words, index: int) -> str:
    """The Assumptions cell holding the aging factor of the `index`-th benchmark role."""
    return f"{quote_sheetname(w.sheet('assumptions'))}!$C${layout(a).aging_first + index + 1}"


def aging_range(a: Analysis, w: Words) -> tuple[str, str]:
    """The aging table's role names and growth rates, absolute, for a lookup from another sheet."""
    sheet, first = quote_sheetname(w.sheet("assumptions")), layout(a).aging_first + 1
    last = first + len(a.benchmark) - 1
    return f"{sheet}!$A${first}:$A${last}", f"{sheet}!$B${first}:$B${last}"


def write(workbook: Workbook, styles: Styles, a: Analysis, firm: str) -> None:
    w = styles.words
    at = layout(a)
    ws = workbook.add_worksheet(w.sheet("assumptions"))
    for col, width in enumerate(WIDTHS):
        ws.set_column(col, col, width)
    page_setup(ws, styles, firm, repeat_row=None)
    ws.freeze_panes(HEADER_ROW + 1, 0)
    ws.write_string(0, 0, w("assumptions.title"), styles.title)
    ws.write_string(1, 0, w("assumptions.note"), styles.note)
    ws.write_string(HEADER_ROW, 0, w.col("assumption"), styles.header)
    ws.write_string(HEADER_ROW, 1, w.col("value"), styles.header)
    ws.write_blank(HEADER_ROW, 2, None, styles.header)
    ws.write_string(HEADER_ROW, NOTE_COL, w.col("name_notes"), styles.header)
    edition = a.edition
    note_format = styles.cell("wrap", muted=True)

    def row_of(row: int, key: str, note: str) -> None:
        ws.write_string(row, 0, w(f"assumptions.{key}"), styles.cell("text"))
        ws.write_blank(row, 2, None, note_format)
        ws.write_string(row, NOTE_COL, note, note_format)
        if (lines := wrapped_lines(note, NOTE_WIDTH)) > 1:
            ws.set_row(row, LINE_HEIGHT * lines)

    def unused(row: int, key: str, note: str) -> None:
        """An input this client's model does not use: said so, with no input cell (no input that drives nothing)."""
        ws.write_string(row, 1, "\u2013", styles.cell("text", muted=True))
        row_of(row, key, note)

    row_of(TARGET_ROW, "target", w("assumptions.target_note"))
    ws.write_string(TARGET_ROW, 1, a.target_percentile, styles.cell("num", input=True))
    ws.data_validation(
        TARGET_ROW,
        1,
        TARGET_ROW,
        1,
        {
            "validate": "list",
            "source": PERCENTILES,
            "error_title": w("assumptions.target"),
            "error_message": w("assumptions.target_error"),
            "input_title": w("assumptions.target"),
            "input_message": w("assumptions.target_prompt"),
        },
    )

    if a.usd_cny:
        ws.write_number(USD_ROW, 1, a.usd_cny, styles.cell("rate", input=True))
        row_of(USD_ROW, "usd", w("assumptions.usd_note"))
        ws.data_validation(
            USD_ROW,
            1,
            USD_ROW,
            1,
            {"validate": "decimal", "criteria": ">", "value": 0, "error_message": w("assumptions.usd_error")},
        )
    else:
        unused(USD_ROW, "usd", w("assumptions.usd_missing_note"))

    # The aging date as delivered: the briefing date by default, the effective date for pay as published.
    ws.write_datetime(AGE_TO_ROW, 1, excel_datetime(a.age_to), styles.cell("date", input=True))
    ws.data_validation(
        AGE_TO_ROW,
        1,
        AGE_TO_ROW,
        1,
        {
            "validate": "date",
            "criteria": "between",
            "minimum": excel_datetime(edition.effective_date),
            "maximum": excel_datetime(max(aging_limit(edition.effective_date), a.age_to)),  # --allow-stale
            "ignore_blank": True,
            "error_message": w("assumptions.age_to_error"),
        },
    )
    row_of(AGE_TO_ROW, "age_to", w(f"assumptions.age_to_note.{a.aging}"))

    ws.write_datetime(EFFECTIVE_ROW, 1, excel_datetime(edition.effective_date), styles.cell("date"))
    row_of(EFFECTIVE_ROW, "effective", w("assumptions.effective_note", edition=edition.id))

    ws.write_formula(DAYS_ROW, 1, '=IF(AgeToDate="",0,AgeToDate-EffectiveDate)', styles.cell("int"), a.aging_days)
    row_of(DAYS_ROW, "days", w("assumptions.days_note"))

    for section, _ in SECTIONS:
        row = at.rows[f"section.{section}"]
        ws.write_string(row, 0, w(f"assumptions.section_{section}"), styles.section)
        for col in (1, 2, 3):
            ws.write_blank(row, col, None, styles.section)
    _costs(ws, styles, a, at, row_of)
    _budget(ws, styles, a, at, row_of)
    _scenarios(ws, styles, a, at, row_of, unused)
    _constants(ws, styles, at, row_of)
    _aging(ws, styles, a, at)


def _costs(ws, styles: Styles, a: Analysis, at: Layout, row_of) -> None:
    w, s = styles.words, a.budget.settings
    specs = (
        ("OnCostRate", "oncost_rate", s.oncost_rate, "pct"),
        ("OnCostCap", "oncost_cap", s.oncost_cap, "cny"),
        ("RecruitingFee", "recruiting_fee", s.recruiting_fee, "pct"),
        ("SignOn", "sign_on", s.sign_on, "cny"),
    )
    for name, key, value, kind in specs:
        row = at.rows[name]
        if value is None:  # no cap: on-costs on the whole pay
            ws.write_blank(row, 1, None, styles.cell(kind, input=True))
        else:
            ws.write_number(row, 1, value, styles.cell(kind, input=True))
        state = w("assumptions.given", setting=f"costs.{key}") if key in s.given else w(f"assumptions.off_{key}")
        row_of(row, key, w(f"assumptions.{key}_note") + " " + state)
    for name in ("OnCostRate", "RecruitingFee"):
        row = at.rows[name]
        ws.data_validation(
            row,
            1,
            row,
            1,
            {
                "validate": "decimal",
                "criteria": "between",
                "minimum": 0,
                "maximum": 1,
                "error_message": w("assumptions.rate_error"),
            },
        )
    row = at.rows["OnCostCap"]
    ws.data_validation(
        row,
        1,
        row,
        1,
        {
            "validate": "decimal",
            "criteria": ">",
            "value": 0,
            "ignore_blank": True,
            "error_message": w("assumptions.cap_error"),
        },
    )
    row = at.rows["SignOn"]
    ws.data_validation(
        row,
        1,
        row,
        1,
        {"validate": "decimal", "criteria": ">=", "value": 0, "error_message": w("assumptions.sign_on_error")},
    )


def _budget(ws, styles: Styles, a: Analysis, at: Layout, row_of) -> None:
    w, y = styles.words, a.budget.year
    r = at.rows
    ws.write_number(r["BudgetYear"], 1, y.year, styles.cell("num", input=True))
    row_of(
        r["BudgetYear"],
        "budget_year",
        w("assumptions.budget_year_default" if y.default else "assumptions.budget_year_note"),
    )
    ws.data_validation(
        r["BudgetYear"],
        1,
        r["BudgetYear"],
        1,
        {
            "validate": "integer",
            "criteria": "between",
            "minimum": 2000,
            "maximum": 2100,
            "error_message": w("assumptions.budget_year_error"),
        },
    )
    ws.write_number(r["FiscalYearStart"], 1, y.fiscal_year_start, styles.cell("num", input=True))
    row_of(r["FiscalYearStart"], "fiscal_year_start", w("assumptions.fiscal_year_start_note"))
    ws.data_validation(
        r["FiscalYearStart"],
        1,
        r["FiscalYearStart"],
        1,
        {
            "validate": "integer",
            "criteria": "between",
            "minimum": 1,
            "maximum": 12,
            "error_message": w("assumptions.fiscal_year_start_error"),
        },
    )
    ws.write_formula(
        r["BudgetStart"], 1, "=DATE(BudgetYear,FiscalYearStart,1)", styles.cell("date"), excel_serial(y.start)
    )
    row_of(r["BudgetStart"], "budget_start", w("assumptions.budget_start_note"))
    ws.write_formula(
        r["BudgetEnd"],
        1,
        "=DATE(BudgetYear,FiscalYearStart+MonthsPerYear,1)-1",
        styles.cell("date"),
        excel_serial(y.end),
    )
    row_of(r["BudgetEnd"], "budget_end", w("assumptions.budget_end_note"))
    ws.write_datetime(r["RaiseEffective"], 1, excel_datetime(y.raise_effective), styles.cell("date", input=True))
    given = a.profile.costs.raise_effective is not None
    row_of(
        r["RaiseEffective"],
        "raise_effective",
        w("assumptions.raise_effective_note")
        + " "
        + (
            w("assumptions.given", setting="costs.raise_effective")
            if given
            else w("assumptions.raise_effective_default")
        ),
    )
    ws.data_validation(
        r["RaiseEffective"],
        1,
        r["RaiseEffective"],
        1,
        {
            "validate": "date",
            "criteria": "between",
            "minimum": "=BudgetStart",
            "maximum": "=BudgetEnd",
            "error_message": w("assumptions.raise_effective_error"),
        },
    )
    ws.write_formula(
        r["RaiseMonths"],
        1,
        "=MAX(0,MIN(MonthsPerYear,(YEAR(BudgetEnd)-YEAR(RaiseEffective))"
        "*MonthsPerYear+MONTH(BudgetEnd)-MONTH(RaiseEffective)+1))",
        styles.cell("int"),
        y.raise_months,
    )
    row_of(r["RaiseMonths"], "raise_months", w("assumptions.raise_months_note"))


def _scenarios(ws, styles: Styles, a: Analysis, at: Layout, row_of, unused) -> None:
    w, r = styles.words, at.rows
    ws.write_number(r["GrowthHalf"], 1, dict(GROWTH)["half"], styles.cell("pct0", input=True))
    row_of(r["GrowthHalf"], "growth_half", w("assumptions.growth_half_note"))
    ws.data_validation(
        r["GrowthHalf"],
        1,
        r["GrowthHalf"],
        1,
        {
            "validate": "decimal",
            "criteria": "between",
            "minimum": 0,
            "maximum": 1,
            "error_message": w("assumptions.rate_error"),
        },
    )
    if a.scenarios.fx_shifts:
        ws.write_number(r["FxShift"], 1, max(FX_SHIFTS), styles.cell("pct0", input=True))
        row_of(r["FxShift"], "fx_shift", w("assumptions.fx_shift_note"))
        ws.data_validation(
            r["FxShift"],
            1,
            r["FxShift"],
            1,
            {
                "validate": "decimal",
                "criteria": "between",
                "minimum": 0,
                "maximum": 0.5,
                "error_message": w("assumptions.rate_error"),
            },
        )
    else:
        unused(r["FxShift"], "fx_shift", w("assumptions.fx_shift_unused"))
    ws.write_formula(
        r["ScenarioDays"],
        1,
        '=MAX(0,BudgetStart-IF(AgeToDate="",EffectiveDate,AgeToDate))',
        styles.cell("int"),
        a.scenarios.days,
    )
    row_of(r["ScenarioDays"], "scenario_days", w("assumptions.scenario_days_note"))


def _constants(ws, styles: Styles, at: Layout, row_of) -> None:
    w, r = styles.words, at.rows
    for name, key, value, kind in (
        ("CNYPer10K", "cny_10k", CNY_10K, "int"),
        ("DaysPerYear", "days_per_year", DAYS_PER_YEAR, "num"),
        ("MonthsPerYear", "months_per_year", MONTHS, "int"),
        ("MonthsPerQuarter", "months_per_quarter", MONTHS_PER_QUARTER, "int"),
    ):
        ws.write_number(r[name], 1, value, styles.cell(kind))
        row_of(r[name], key, w(f"assumptions.{key}_note"))
    for name, pct in (("PctP50", "P50"), ("PctP75", "P75")):
        ws.write_string(r[name], 1, pct, styles.cell("num"))
        row_of(r[name], name.lower(), w("assumptions.pct_note", pct=pct))


def _aging(ws, styles: Styles, a: Analysis, at: Layout) -> None:
    w = styles.words
    ws.write_string(at.aging_header - 1, 0, w("assumptions.aging"), styles.section)
    for col, key in enumerate(("benchmark_role", "growth", "aging_factor")):
        ws.write_string(at.aging_header, col, w.col(key), styles.header)
    for i, line in enumerate(a.benchmark):
        row = at.aging_first + i
        ws.write_string(row, 0, w.name(line.role), styles.cell("text"))
        ws.write_number(row, GROWTH_COL, line.yoy, styles.cell("pct", input=True))
        growth = a1(row, GROWTH_COL)
        ws.write_formula(
            row,
            FACTOR_COL,
            f'=IF(AgeToDate="",1,(1+{growth})^((AgeToDate-EffectiveDate)/DaysPerYear))',
            styles.cell("factor"),
            line.aging_factor,
        )
    last = at.aging_first + len(a.benchmark) - 1
    ws.data_validation(
        at.aging_first,
        GROWTH_COL,
        last,
        GROWTH_COL,
        {
            "validate": "decimal",
            "criteria": "between",
            "minimum": -1,
            "maximum": 10,
            "error_message": w("assumptions.growth_error"),
        },
    )
    ws.write_string(last + 2, 0, w("assumptions.aging_note"), styles.note)
