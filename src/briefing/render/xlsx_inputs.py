"""The workbook's front sheets: `Read me` (what the model is) and `Assumptions` (its named inputs)."""

from __future__ import annotations

import datetime as dt

from xlsxwriter.workbook import Workbook

from .. import fmt
from ..analysis import Analysis
from .xlsx_style import HEADER_ROW, LINE_HEIGHT, Styles, a1, page_setup, wrapped_lines

READ_ME, ASSUMPTIONS = "Read me", "Assumptions"

# Assumptions: one named input per row, then the aging table (0-based rows).
TARGET_ROW, USD_ROW, AGE_TO_ROW, EFFECTIVE_ROW, DAYS_ROW = 4, 5, 6, 7, 8
AGING_HEADER_ROW = 11
AGING_FIRST_ROW = 12
GROWTH_COL, FACTOR_COL = 1, 2
NAMES = {"TargetPercentile": TARGET_ROW, "USD_CNY": USD_ROW, "AgeToDate": AGE_TO_ROW,
         "EffectiveDate": EFFECTIVE_ROW}
DATE_FORMAT = "d mmmm yyyy"
READ_ME_WIDTHS = (26, 96)


def define_names(workbook: Workbook) -> None:
    """Workbook-level names for the inputs, so formulas read `TargetPercentile`, not `Assumptions!$B$5`."""
    for name, row in NAMES.items():
        workbook.define_name(name, f"={ASSUMPTIONS}!$B${row + 1}")


def aging_factor_ref(index: int) -> str:
    """The Assumptions cell holding the aging factor of the `index`-th benchmark role."""
    return f"{ASSUMPTIONS}!$C${AGING_FIRST_ROW + index + 1}"


def write_read_me(workbook: Workbook, styles: Styles, a: Analysis, firm: str) -> None:
    ws = workbook.add_worksheet(READ_ME)
    ws.set_column(0, 0, READ_ME_WIDTHS[0])
    ws.set_column(1, 1, READ_ME_WIDTHS[1])
    page_setup(ws, firm, repeat_row=None)
    client, options, edition = a.profile.client, a.profile.briefing, a.edition
    ws.write_string(0, 0, "AI talent compensation model", styles.title)
    ws.write_string(1, 0, f"Prepared by {firm}", styles.note)
    date_cell = styles.workbook.add_format({"align": "left", "num_format": DATE_FORMAT, "valign": "top",
                                            "font_color": styles.colors["text"]})
    text = styles.workbook.add_format({"text_wrap": True, "valign": "top", "font_color": styles.colors["text"]})
    row = 3

    def line(label: str, value: str | dt.date) -> None:
        nonlocal row
        ws.write_string(row, 0, label, styles.label)
        if isinstance(value, dt.date):
            ws.write_datetime(row, 1, dt.datetime.combine(value, dt.time()), date_cell)
        else:
            ws.write_string(row, 1, value, text)
            _fit_row(ws, row, value)
        row += 1

    line("Client", client.name)
    line("Employer type", f"{client.employer_type.capitalize()} employer")
    if client.headquarters:
        line("Headquarters", client.headquarters)
    if client.industry:
        line("Industry", client.industry)
    line("Benchmark edition", f"{edition.id} ({edition.label})")
    line("Effective date", edition.effective_date)
    line("Briefing date", options.date)
    line("Target percentile", f"{a.target_percentile} as delivered; change it on Assumptions (TargetPercentile)")
    line("Benchmark aging", f"Aged {a.aging_days} days to {fmt.date(a.age_to)} at each role's yearly growth"
         if a.age_to else "Not aged: benchmark pay as published (set AgeToDate on Assumptions to age it)")
    units = ("Money in CNY per person per year, except the Benchmark sheet's published figures, "
             f"which are in {edition.unit}.")
    if a.usd_cny:
        units += f" USD figures at {a.usd_cny:g} CNY per USD (USD_CNY)."
    line("Units", units)
    line("Basis", edition.basis)

    row += 1
    ws.write_string(row, 0, "How the model works", styles.section)
    ws.write_blank(row, 1, None, styles.section)
    row += 1
    ws.write_string(row, 0, "Inputs", styles.label)
    ws.write_string(row, 1, "Cells shaded like this one are inputs: change them and every figure follows.",
                    styles.cell("text", input=True))
    row += 1
    for label, value in _how_it_works(a):
        line(label, value)

    row += 1
    ws.write_string(row, 0, "Sources", styles.section)
    ws.write_blank(row, 1, None, styles.section)
    row += 1
    for source in edition.sources:
        line(source.outlet, f"{fmt.date(source.date)}: {source.subject}")

    row += 1
    ws.write_string(row, 0, "Disclaimer", styles.section)
    ws.write_blank(row, 1, None, styles.section)
    row += 1
    line("Information only", "This model is for information only and is not legal, tax, financial or "
         "investment advice. Its benchmark figures are industry estimates with no published sample or "
         "survey method; check them against your own data before making pay decisions.")


def _how_it_works(a: Analysis) -> list[tuple[str, str]]:
    usd = " Total (USD) = Total (CNY) / USD_CNY." if a.usd_cny else ""
    return [
        ("Formulas", "Every other cell is a formula and is locked. The sheets are protected without a "
                     "password (Review > Unprotect Sheet) so that no formula is overwritten by accident."),
        ("Named inputs", "TargetPercentile, USD_CNY, AgeToDate and EffectiveDate on the Assumptions sheet "
                         "(Formulas > Name Manager), with the yearly pay growth used for aging by role."),
        ("Where to edit", "Headcount, Planned hires and Current pay on Cost Model; Count and Current pay "
                          "on Transitions; the named inputs and pay growth on Assumptions."),
        ("Aging", "With an AgeToDate, benchmark pay grows from EffectiveDate at each role's yearly growth: "
                  "factor = (1 + growth) ^ ((AgeToDate - EffectiveDate) / 365.25). Blank AgeToDate: factor 1."),
        ("Cost Model", "Target = P50 or P75 per TargetPercentile. Compa-ratio = current pay / P50; position "
                       "vs target = current pay / target - 1; cost to close = max(0, target - current pay) x "
                       "headcount; hiring cost = target x planned hires; total = cost to close + hiring cost."
                       + usd),
        ("Unknown pay", "A role with headcount but no current pay has cost to close and total 'unknown', "
                        "never counted as zero pay: its cost to close is left out of the totals, while its "
                        "hiring cost (target x planned hires) is counted."),
        ("Transitions", "Cost = count x current pay x premium, at the low and the high end of the published "
                        "premium range (Role Premiums)."),
        ("Talent Gap", "Midpoints of the published ranges; scarcity = gap midpoint / headcount midpoint."),
    ]


def _fit_row(ws, row: int, text: str) -> None:
    lines = wrapped_lines(text, READ_ME_WIDTHS[1])
    if lines > 1:
        ws.set_row(row, LINE_HEIGHT * lines)


def write_assumptions(workbook: Workbook, styles: Styles, a: Analysis, firm: str) -> None:
    ws = workbook.add_worksheet(ASSUMPTIONS)
    for col, width in enumerate((34, 16, 14, 72)):
        ws.set_column(col, col, width)
    page_setup(ws, firm, repeat_row=None)
    ws.freeze_panes(HEADER_ROW + 1, 0)
    ws.write_string(0, 0, "Assumptions", styles.title)
    ws.write_string(1, 0, "Shaded cells are inputs; every sheet follows them.", styles.note)
    ws.write_string(HEADER_ROW, 0, "Assumption", styles.header)
    ws.write_string(HEADER_ROW, 1, "Value", styles.header)
    ws.merge_range(HEADER_ROW, 2, HEADER_ROW, 3, "Name and notes", styles.header)
    edition = a.edition
    note_format = styles.cell("wrap", muted=True)

    def row_of(row: int, label: str, note: str) -> None:
        ws.write_string(row, 0, label, styles.cell("text"))
        ws.merge_range(row, 2, row, 3, note, note_format)

    row_of(TARGET_ROW, "Target percentile",
           "TargetPercentile: P50 or P75, the benchmark pay level the Cost Model targets.")
    ws.write_string(TARGET_ROW, 1, a.target_percentile, styles.cell("num", input=True))
    ws.data_validation(TARGET_ROW, 1, TARGET_ROW, 1, {
        "validate": "list", "source": ["P50", "P75"], "error_title": "Target percentile",
        "error_message": "Choose P50 or P75.", "input_title": "Target percentile",
        "input_message": "P50 or P75: the pay level the Cost Model targets."})

    usd_input = styles.cell("rate", input=True)
    if a.usd_cny:
        ws.write_number(USD_ROW, 1, a.usd_cny, usd_input)
        row_of(USD_ROW, "USD/CNY rate (CNY per USD)", "USD_CNY: CNY per US dollar, used for the USD columns.")
    else:
        ws.write_blank(USD_ROW, 1, None, usd_input)
        row_of(USD_ROW, "USD/CNY rate (CNY per USD)",
               "USD_CNY: not given in the profile, so the model shows CNY only.")
    ws.data_validation(USD_ROW, 1, USD_ROW, 1, {"validate": "decimal", "criteria": ">", "value": 0,
                                               "error_message": "Enter CNY per USD, e.g. 7.10."})

    date_input = styles.cell("date", input=True, date_format=DATE_FORMAT)
    if a.age_to:
        ws.write_datetime(AGE_TO_ROW, 1, dt.datetime.combine(a.age_to, dt.time()), date_input)
    else:
        ws.write_blank(AGE_TO_ROW, 1, None, date_input)
    ws.data_validation(AGE_TO_ROW, 1, AGE_TO_ROW, 1, {
        "validate": "date", "criteria": ">=", "value": dt.datetime.combine(edition.effective_date, dt.time()),
        "error_message": "Enter a date on or after the benchmark's effective date, or leave it blank."})
    row_of(AGE_TO_ROW, "Age benchmark pay to", "AgeToDate: leave blank to use the benchmark pay as published.")

    ws.write_datetime(EFFECTIVE_ROW, 1, dt.datetime.combine(edition.effective_date, dt.time()),
                      styles.cell("date", date_format=DATE_FORMAT))
    row_of(EFFECTIVE_ROW, "Benchmark effective date",
           f"EffectiveDate: the effective date of edition {edition.id} (fixed).")

    ws.write_formula(DAYS_ROW, 1, '=IF(AgeToDate="",0,AgeToDate-EffectiveDate)', styles.cell("int"),
                     a.aging_days)
    row_of(DAYS_ROW, "Days aged", "From EffectiveDate to AgeToDate; 0 without an aging date.")

    ws.write_string(AGING_HEADER_ROW - 1, 0, "Pay growth and aging by role", styles.section)
    for col, header in enumerate(("Benchmark role", "Growth per year", "Aging factor")):
        ws.write_string(AGING_HEADER_ROW, col, header, styles.header)
    for i, line in enumerate(a.benchmark):
        row = AGING_FIRST_ROW + i
        ws.write_string(row, 0, line.role, styles.cell("text"))
        ws.write_number(row, GROWTH_COL, line.yoy, styles.cell("pct", input=True))
        growth = a1(row, GROWTH_COL)
        ws.write_formula(row, FACTOR_COL, f'=IF(AgeToDate="",1,(1+{growth})^((AgeToDate-EffectiveDate)/365.25))',
                         styles.cell("factor"), line.aging_factor)
    last = AGING_FIRST_ROW + len(a.benchmark) - 1
    ws.data_validation(AGING_FIRST_ROW, GROWTH_COL, last, GROWTH_COL, {
        "validate": "decimal", "criteria": "between", "minimum": -1, "maximum": 10,
        "error_message": "Enter a yearly growth rate, e.g. 28%."})
    ws.write_string(last + 2, 0, "Growth per year starts at the benchmark's published YoY; the aging factor "
                    "multiplies the published P50 and P75 on the Benchmark sheet.", styles.note)
