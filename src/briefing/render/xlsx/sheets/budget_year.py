"""The `Budget` sheet: the plan's loaded cost in the budget year against a full year, and by quarter.

Salary, employer on-costs, recruiting fees and sign-on on separate lines, every cell a formula over the
Cost Model, Loaded Cost and Hiring Plan totals; USD beside CNY (and a USD quarter table) with a rate.
"""

from __future__ import annotations

from xlsxwriter.workbook import Workbook

from ....analysis import Analysis
from ....budget import CostLines
from ..style import Styles, a1, excel_serial, header_height, note, page_setup
from .layout import cost_table, hiring_table, loaded_table
from .scenarios import summary

ITEMS = ("salary", "oncosts", "fees", "sign_on", "total")
FIELDS = {
    "salary": "salary_cny",
    "oncosts": "oncosts_cny",
    "fees": "fees_cny",
    "sign_on": "sign_on_cny",
    "total": "total_cny",
}
ONE_OFF = ("fees", "sign_on")
LABEL_COL, FIRST_COL = 0, 1
SUMMARY_HEADER = 3
QUARTERS = 4


def _value(lines: CostLines, item: str) -> float:
    return getattr(lines, FIELDS[item])


def write(workbook: Workbook, styles: Styles, a: Analysis, firm: str) -> None:
    w, b = styles.words, a.budget
    y = b.year
    usd = bool(a.usd_cny)
    ws = workbook.add_worksheet(w.sheet("budget"))
    ws.widths = [30] + [16] * 6
    for col, width in enumerate(ws.widths):
        ws.set_column(col, col, width)
    page_setup(ws, styles, firm, repeat_row=None)
    ws.write_string(0, 0, w("budget.title", year=y.year), styles.title)
    note(
        ws,
        styles,
        1,
        w("budget.note", first=w.month(y.start), last=w.month(y.months[-1]), raise_from=w.month(y.raise_effective)),
        ws.widths,
        5,
    )
    cm, lc, hp = cost_table(a, w), loaded_table(a, w), hiring_table(a, w)

    # --- the budget year against a full year ----------------------------------------------------------
    heads = [w("budget.item"), w("budget.in_year", year=y.year), w("budget.full_year")]
    if usd:
        heads += [w("budget.in_year_usd", year=y.year), w("budget.full_year_usd")]
    for col, text in enumerate(heads):
        ws.write_string(SUMMARY_HEADER, col, text, styles.header)
    ws.set_row(SUMMARY_HEADER, header_height(3))
    in_year = {
        "salary": f"{lc.total('close_in_year', True)}+{lc.total('hiring_in_year', True)}",
        "oncosts": f"{lc.total('oncost_close_in_year', True)}+{lc.total('oncost_hiring_in_year', True)}",
        "fees": lc.total("fees", True),
        "sign_on": lc.total("sign_on", True),
    }
    full_year = {
        "salary": cm.total("total", True),
        "oncosts": f"{lc.total('oncost_close', True)}+{lc.total('oncost_hiring', True)}",
    }
    first = SUMMARY_HEADER + 1
    for i, item in enumerate(ITEMS):
        row, total = first + i, item == "total"
        ws.write_string(row, LABEL_COL, w(f"budget.{item}"), styles.cell("text", total=total))
        money = styles.cell("cny", total=total)
        if total:
            ws.write_formula(row, 1, f"=SUM({a1(first, 1)}:{a1(row - 1, 1)})", money, b.in_year.total_cny)
            ws.write_formula(row, 2, f"=SUM({a1(first, 2)}:{a1(row - 1, 2)})", money, b.run_rate.total_cny)
        else:
            ws.write_formula(row, 1, f"={in_year[item]}", money, _value(b.in_year, item))
            if item in ONE_OFF:
                ws.write_string(row, 2, w("budget.one_off"), styles.cell("text", muted=True))
            else:
                ws.write_formula(row, 2, f"={full_year[item]}", money, _value(b.run_rate, item))
        if usd:
            usd_money = styles.cell("usd", total=total)
            ws.write_formula(row, 3, f"={a1(row, 1)}/USD_CNY", usd_money, a.usd(_value(b.in_year, item)))
            if item in ONE_OFF:
                ws.write_string(row, 4, w("budget.one_off"), styles.cell("text", muted=True))
            else:
                ws.write_formula(row, 4, f"={a1(row, 2)}/USD_CNY", usd_money, a.usd(_value(b.run_rate, item)))
    end = first + len(ITEMS)
    note(ws, styles, end, w("budget.summary_note"), ws.widths, 5)

    # --- by quarter --------------------------------------------------------------------------------------
    section = end + 2
    ws.write_string(section, 0, w("budget.by_quarter", year=y.year), styles.section)
    head = section + 1
    ws.write_string(head, 0, w("budget.item"), styles.header)
    for q in range(QUARTERS):
        ws.write_string(head, 1 + q, w("budget.quarter", q=q + 1), styles.header)
    ws.write_string(head, 5, w("budget.year"), styles.header)
    ws.set_row(head, header_height(2))
    rows = {key: head + 1 + i for i, key in enumerate(("from", "raise_months", "starts", *ITEMS))}
    ws.write_string(rows["from"], 0, w("budget.from"), styles.cell("text"))
    ws.write_string(rows["raise_months"], 0, w("budget.raise_months"), styles.cell("text"))
    ws.write_string(rows["starts"], 0, w("budget.starts"), styles.cell("text"))
    for item in ITEMS:
        ws.write_string(rows[item], 0, w(f"budget.{item}"), styles.cell("text", total=item == "total"))
    for q in range(QUARTERS):
        col = 1 + q
        start = (
            "=BudgetStart"
            if q == 0
            else (f"=DATE(YEAR({a1(rows['from'], col - 1)}),MONTH({a1(rows['from'], col - 1)})+MonthsPerQuarter,1)")
        )
        ws.write_formula(rows["from"], col, start, styles.cell("month"), excel_serial(y.months[3 * q]))
        raised = a1(rows["raise_months"], col)
        ws.write_formula(
            rows["raise_months"],
            col,
            f"=MAX(0,MIN(MonthsPerQuarter,{q + 1}*MonthsPerQuarter-(MonthsPerYear-RaiseMonths)))",
            styles.cell("int"),
            y.raise_quarter_months[q],
        )
        starts = a1(rows["starts"], col)
        ws.write_formula(
            rows["starts"],
            col,
            f"={hp.total(f'starts_q{q + 1}', True)}",
            styles.cell("int"),
            sum(x.hire_quarter_starts[q] for x in b.lines),
        )
        paid = hp.span(f"hire_months_q{q + 1}", True)
        formulas = {
            "salary": (
                f"{cm.total('cost_to_close', True)}*{raised}/MonthsPerYear"
                f"+SUMPRODUCT({cm.span('target', True)},{paid})/MonthsPerYear"
            ),
            "oncosts": (
                f"{lc.total('oncost_close', True)}*{raised}/MonthsPerYear"
                f"+OnCostRate*SUMPRODUCT({lc.span('oncost_base', True)},{paid})"
            ),
            "fees": f"RecruitingFee*SUMPRODUCT({cm.span('target', True)},{hp.span(f'starts_q{q + 1}', True)})",
            "sign_on": f"SignOn*{starts}",
            "total": f"SUM({a1(rows['salary'], col)}:{a1(rows['sign_on'], col)})",
        }
        for item in ITEMS:
            ws.write_formula(
                rows[item],
                col,
                f"={formulas[item]}",
                styles.cell("cny", total=item == "total"),
                _value(b.quarters[q], item),
            )
    for key in ("raise_months", "starts"):
        ws.write_formula(
            rows[key],
            5,
            f"=SUM({a1(rows[key], 1)}:{a1(rows[key], 4)})",
            styles.cell("int"),
            y.raise_months if key == "raise_months" else sum(sum(x.hire_quarter_starts) for x in b.lines),
        )
    ws.write_blank(rows["from"], 5, None, styles.cell("text"))
    for item in ITEMS:
        ws.write_formula(
            rows[item],
            5,
            f"=SUM({a1(rows[item], 1)}:{a1(rows[item], 4)})",
            styles.cell("cny", total=item == "total"),
            _value(b.in_year, item),
        )
    last = rows["total"]
    note(ws, styles, last + 1, w("budget.quarter_note"), ws.widths, 5)
    breaks = [section]
    if usd:
        section = last + 3
        breaks.append(section)
        ws.write_string(section, 0, w("budget.by_quarter_usd", year=y.year), styles.section)
        head = section + 1
        ws.write_string(head, 0, w("budget.item"), styles.header)
        for q in range(QUARTERS):
            ws.write_string(head, 1 + q, w("budget.quarter", q=q + 1), styles.header)
        ws.write_string(head, 5, w("budget.year"), styles.header)
        for i, item in enumerate(ITEMS):
            row = head + 1 + i
            ws.write_string(row, 0, w(f"budget.{item}"), styles.cell("text", total=item == "total"))
            for col in range(1, 6):
                value = _value(b.quarters[col - 1], item) if col < 5 else _value(b.in_year, item)
                ws.write_formula(
                    row, col, f"={a1(rows[item], col)}/USD_CNY", styles.cell("usd", total=item == "total"), a.usd(value)
                )
    top = last + 3 if not usd else head + len(ITEMS) + 3
    breaks.append(top)
    fx_top, end = summary(ws, styles, a, top, 6)
    if fx_top != end:
        breaks.append(fx_top)
    ws.set_h_pagebreaks(breaks)  # each block on its own page
    ws.print_area(0, 0, end, 6)
