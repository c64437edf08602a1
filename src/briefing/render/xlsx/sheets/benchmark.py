"""The `Benchmark` sheet: published pay by role, aged by the Assumptions' factors, with a chart."""

from __future__ import annotations

from xlsxwriter.workbook import Workbook

from .... import fmt
from ....analysis import Analysis
from .. import alt
from ..style import FIRST_ROW, Lookup, Styles, Words, a1, col_range, fit_width, style_chart, table_sheet
from .assumptions import aging_factor_ref

# Benchmark columns
B_ROLE, B_P50_10K, B_P75_10K, B_YOY, B_FACTOR, B_P50, B_P75, B_DRIVER = range(8)


def benchmark_lookup(a: Analysis, w: Words) -> Lookup:
    """The Benchmark sheet by role name (names in the workbook's language, on both sides of the lookup)."""
    return Lookup(w.sheet("benchmark"), B_ROLE, FIRST_ROW, FIRST_ROW + len(a.benchmark) - 1)


def write(workbook: Workbook, styles: Styles, a: Analysis, firm: str) -> None:
    w = styles.words
    headers = [w.col(k) for k in ("role", "p50_10k", "p75_10k", "yoy", "aging_factor", "p50", "p75", "key_driver")]
    widths = [
        fit_width((w.name(b.role) for b in a.benchmark), 20, 26),
        10,
        10,
        8,
        10,
        15,
        15,
        fit_width((w.name(b.key_driver) for b in a.benchmark), 20, 24),
    ]
    effective = a.edition.effective_date
    note = w(
        "benchmark.note",
        edition=a.edition.id,
        unit=w.edition.unit,
        date=effective.isoformat() if w.lang == "en" else w.date(effective),
    )
    sheet = w.sheet("benchmark")
    ws = table_sheet(workbook, styles, sheet, w("benchmark.title"), note, headers, widths, firm)
    # one precision for the published pay, as the PDF prints it
    published = styles.cell(f"dec{fmt.places((v for b in a.benchmark for v in (b.p50_cny_10k, b.p75_cny_10k)), 2)}")
    for i, b in enumerate(a.benchmark):
        row = FIRST_ROW + i
        ws.write_string(row, B_ROLE, w.name(b.role), styles.cell("wrap"))
        ws.write_number(row, B_P50_10K, b.p50_cny_10k, published)
        ws.write_number(row, B_P75_10K, b.p75_cny_10k, published)
        ws.write_number(row, B_YOY, b.yoy, styles.cell("pct0"))
        ws.write_formula(row, B_FACTOR, f"={aging_factor_ref(a, w, i)}", styles.cell("factor"), b.aging_factor)
        factor = a1(row, B_FACTOR)
        ws.write_formula(row, B_P50, f"={a1(row, B_P50_10K)}*CNYPer10K*{factor}", styles.cell("cny"), b.p50_cny)
        ws.write_formula(row, B_P75, f"={a1(row, B_P75_10K)}*CNYPer10K*{factor}", styles.cell("cny"), b.p75_cny)
        ws.write_string(row, B_DRIVER, w.name(b.key_driver), styles.cell("wrap"))

    last = FIRST_ROW + len(a.benchmark) - 1
    chart = workbook.add_chart({"type": "bar"})
    categories = col_range(sheet, B_ROLE, FIRST_ROW, last)
    for col, key, color in ((B_P50, "series_p50", "secondary"), (B_P75, "series_p75", "accent")):
        chart.add_series(
            {
                "name": w(f"benchmark.{key}"),
                "categories": categories,
                "values": col_range(sheet, col, FIRST_ROW, last),
                "fill": {"color": styles.colors[color]},
                "border": {"none": True},
                "gap": 60,
            }
        )
    style_chart(chart, styles, w("benchmark.chart"))
    width = sum(7 * width + 5 for width in ws.widths)  # as wide as the table, so it prints at the table's scale
    ws.insert_chart(
        last + 3,
        0,
        chart,
        {"x_scale": width / 480, "y_scale": 1.25, "object_position": 3, "description": alt.benchmark_chart(a, w)},
    )
