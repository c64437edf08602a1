"""The `Assumptions` sheet: the model's named inputs and the aging table every figure reads."""

from __future__ import annotations

from xlsxwriter.utility import quote_sheetname
from xlsxwriter.workbook import Workbook

from ....analysis import Analysis
from ....dates import aging_limit
from ..style import HEADER_ROW, Styles, Words, a1, excel_datetime, page_setup

# Assumptions: one named input per row, then the aging table (0-based rows).
TARGET_ROW, USD_ROW, AGE_TO_ROW, EFFECTIVE_ROW, DAYS_ROW = 4, 5, 6, 7, 8
AGING_HEADER_ROW = 11
AGING_FIRST_ROW = 12
GROWTH_COL, FACTOR_COL = 1, 2
NAMES = {"TargetPercentile": TARGET_ROW, "USD_CNY": USD_ROW, "AgeToDate": AGE_TO_ROW,
         "EffectiveDate": EFFECTIVE_ROW}
PERCENTILES = ["P50", "P75"]  # codes, the same in every language: formulas compare TargetPercentile with "P50"


def define_names(workbook: Workbook, w: Words) -> None:
    """Workbook-level names for the inputs, so formulas read `TargetPercentile`, not `Assumptions!$B$5`."""
    sheet = quote_sheetname(w.sheet("assumptions"))
    for name, row in NAMES.items():
        workbook.define_name(name, f"={sheet}!$B${row + 1}")


def aging_factor_ref(w: Words, index: int) -> str:
    """The Assumptions cell holding the aging factor of the `index`-th benchmark role."""
    return f"{quote_sheetname(w.sheet('assumptions'))}!$C${AGING_FIRST_ROW + index + 1}"


def write(workbook: Workbook, styles: Styles, a: Analysis, firm: str) -> None:
    w = styles.words
    ws = workbook.add_worksheet(w.sheet("assumptions"))
    for col, width in enumerate((34, 16, 14, 72)):
        ws.set_column(col, col, width)
    page_setup(ws, styles, firm, repeat_row=None)
    ws.freeze_panes(HEADER_ROW + 1, 0)
    ws.write_string(0, 0, w("assumptions.title"), styles.title)
    ws.write_string(1, 0, w("assumptions.note"), styles.note)
    ws.write_string(HEADER_ROW, 0, w.col("assumption"), styles.header)
    ws.write_string(HEADER_ROW, 1, w.col("value"), styles.header)
    ws.merge_range(HEADER_ROW, 2, HEADER_ROW, 3, w.col("name_notes"), styles.header)
    edition = a.edition
    note_format = styles.cell("wrap", muted=True)

    def row_of(row: int, key: str, note: str) -> None:
        ws.write_string(row, 0, w(f"assumptions.{key}"), styles.cell("text"))
        ws.merge_range(row, 2, row, 3, note, note_format)

    row_of(TARGET_ROW, "target", w("assumptions.target_note"))
    ws.write_string(TARGET_ROW, 1, a.target_percentile, styles.cell("num", input=True))
    ws.data_validation(TARGET_ROW, 1, TARGET_ROW, 1, {
        "validate": "list", "source": PERCENTILES, "error_title": w("assumptions.target"),
        "error_message": w("assumptions.target_error"), "input_title": w("assumptions.target"),
        "input_message": w("assumptions.target_prompt")})

    usd_input = styles.cell("rate", input=True)
    if a.usd_cny:
        ws.write_number(USD_ROW, 1, a.usd_cny, usd_input)
        row_of(USD_ROW, "usd", w("assumptions.usd_note"))
    else:
        ws.write_blank(USD_ROW, 1, None, usd_input)
        row_of(USD_ROW, "usd", w("assumptions.usd_missing_note"))
    ws.data_validation(USD_ROW, 1, USD_ROW, 1, {"validate": "decimal", "criteria": ">", "value": 0,
                                               "error_message": w("assumptions.usd_error")})

    # The aging date as delivered: the briefing date by default, the effective date for pay as published.
    ws.write_datetime(AGE_TO_ROW, 1, excel_datetime(a.age_to), styles.cell("date", input=True))
    ws.data_validation(AGE_TO_ROW, 1, AGE_TO_ROW, 1, {
        "validate": "date", "criteria": "between", "minimum": excel_datetime(edition.effective_date),
        "maximum": excel_datetime(max(aging_limit(edition.effective_date), a.age_to)),  # --allow-stale
        "ignore_blank": True, "error_message": w("assumptions.age_to_error")})
    row_of(AGE_TO_ROW, "age_to", w(f"assumptions.age_to_note.{a.aging}"))

    ws.write_datetime(EFFECTIVE_ROW, 1, excel_datetime(edition.effective_date), styles.cell("date"))
    row_of(EFFECTIVE_ROW, "effective", w("assumptions.effective_note", edition=edition.id))

    ws.write_formula(DAYS_ROW, 1, '=IF(AgeToDate="",0,AgeToDate-EffectiveDate)', styles.cell("int"),
                     a.aging_days)
    row_of(DAYS_ROW, "days", w("assumptions.days_note"))

    ws.write_string(AGING_HEADER_ROW - 1, 0, w("assumptions.aging"), styles.section)
    for col, key in enumerate(("benchmark_role", "growth", "aging_factor")):
        ws.write_string(AGING_HEADER_ROW, col, w.col(key), styles.header)
    for i, line in enumerate(a.benchmark):
        row = AGING_FIRST_ROW + i
        ws.write_string(row, 0, w.name(line.role), styles.cell("text"))
        ws.write_number(row, GROWTH_COL, line.yoy, styles.cell("pct", input=True))
        growth = a1(row, GROWTH_COL)
        ws.write_formula(row, FACTOR_COL, f'=IF(AgeToDate="",1,(1+{growth})^((AgeToDate-EffectiveDate)/365.25))',
                         styles.cell("factor"), line.aging_factor)
    last = AGING_FIRST_ROW + len(a.benchmark) - 1
    ws.data_validation(AGING_FIRST_ROW, GROWTH_COL, last, GROWTH_COL, {
        "validate": "decimal", "criteria": "between", "minimum": -1, "maximum": 10,
        "error_message": w("assumptions.growth_error")})
    ws.write_string(last + 2, 0, w("assumptions.aging_note"), styles.note)
