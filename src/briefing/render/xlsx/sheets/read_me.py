"""The `Read me` sheet: what the model is, for whom, on which edition, and how to use it."""

from __future__ import annotations

import datetime as dt

from xlsxwriter.workbook import Workbook

from ....analysis import Analysis
from ..style import LINE_HEIGHT, Styles, excel_datetime, page_setup, wrapped_lines

READ_ME_WIDTHS = (26, 96)


def write(workbook: Workbook, styles: Styles, a: Analysis, firm: str) -> None:
    w = styles.words
    ws = workbook.add_worksheet(w.sheet("read_me"))
    ws.set_column(0, 0, READ_ME_WIDTHS[0])
    ws.set_column(1, 1, READ_ME_WIDTHS[1])
    page_setup(ws, styles, firm, repeat_row=None)
    client, options, edition, text = a.profile.client, a.profile.briefing, a.edition, w.edition
    ws.write_string(0, 0, w("read_me.title"), styles.title)
    ws.write_string(1, 0, w("read_me.prepared_by", firm=firm), styles.note)
    date_cell = styles.workbook.add_format(
        {"align": "left", "num_format": w("format.date"), "valign": "top", "font_color": styles.colors["text"]}
    )
    wrap = styles.workbook.add_format({"text_wrap": True, "valign": "top", "font_color": styles.colors["text"]})
    row = 3

    def line(label: str, value: str | dt.date) -> None:
        nonlocal row
        ws.write_string(row, 0, label, styles.label)
        if isinstance(value, dt.date):
            ws.write_datetime(row, 1, excel_datetime(value), date_cell)
        else:
            ws.write_string(row, 1, value, wrap)
            _fit_row(ws, row, value)
        row += 1

    def section(title: str) -> None:
        nonlocal row
        row += 1
        ws.write_string(row, 0, title, styles.section)
        ws.write_blank(row, 1, None, styles.section)
        row += 1

    line(w("read_me.client"), client.name)
    line(w("read_me.employer_type"), w.common(f"employer_type_title.{client.employer_type}"))
    if client.headquarters:
        line(w("read_me.headquarters"), client.headquarters)
    if client.industry:
        line(w("read_me.industry"), client.industry)
    line(w("read_me.edition"), w("read_me.edition_value", id=edition.id, label=text.label))
    line(w("read_me.effective_date"), edition.effective_date)
    line(w("read_me.briefing_date"), options.date)
    line(w("read_me.target"), w("read_me.target_value", percentile=a.target_percentile))
    line(
        w("read_me.aging"),
        w.plural(f"read_me.aged.{a.aging}", a.aging_days, days=a.aging_days, date=w.date(a.age_to))
        if a.aged
        else w("read_me.not_aged"),
    )
    if a.stale:
        line(
            w("read_me.stale"),
            w("read_me.stale_value", months=a.edition_age_months, date=w.date(edition.effective_date)),
        )
    units = w("read_me.units_value", unit=text.unit)
    if a.usd_cny:
        units += w("read_me.units_usd", rate=f"{a.usd_cny:g}")
    line(w("read_me.units"), units)
    line(w("read_me.basis"), text.basis)

    section(w("read_me.how"))
    ws.write_string(row, 0, w("read_me.inputs"), styles.label)
    ws.write_string(row, 1, w("read_me.inputs_value"), styles.cell("text", input=True))
    row += 1
    keys = [
        "formulas",
        "named_inputs",
        "where",
        "add_line",
        "aging_how",
        "cost_model",
        "unknown_pay",
        "costs",
        "hiring_plan",
        "budget",
        "scenarios",
        "transitions",
        "talent_gap",
    ]
    if a.per_person:  # a roster of people: how the People sheet feeds the Cost Model
        keys.insert(keys.index("cost_model") + 1, "people")
    for key in keys:
        value = w(f"read_me.{key}_value")
        if key == "cost_model" and a.usd_cny:
            value += w("read_me.cost_model_usd")
        line(w(f"read_me.{key}"), value)

    section(w("read_me.sources"))
    for source in edition.sources:
        line(source.outlet, w("read_me.source_value", date=w.date(source.date), subject=text.sources[source.id]))

    section(w("read_me.disclaimer"))
    line(w("read_me.information_only"), w("read_me.disclaimer_value"))


def _fit_row(ws, row: int, text: str) -> None:
    lines = wrapped_lines(text, READ_ME_WIDTHS[1])
    if lines > 1:
        ws.set_row(row, LINE_HEIGHT * lines)
