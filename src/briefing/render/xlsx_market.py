"""The workbook's market sheets: `Benchmark`, `Talent Gap` and `Role Premiums`, as published plus formulas."""

from __future__ import annotations

from dataclasses import dataclass

from xlsxwriter.workbook import Workbook

from ..analysis import CNY_10K, Analysis
from .xlsx_inputs import aging_factor_ref
from .xlsx_style import FIRST_ROW, Styles, Words, a1, col_range, fit_width, table_sheet

# Benchmark columns
B_ROLE, B_P50_10K, B_P75_10K, B_YOY, B_FACTOR, B_P50, B_P75, B_DRIVER = range(8)
# Role Premiums columns
P_DIMENSION, P_TRADITIONAL, P_AI_ROLE, P_LOW, P_HIGH = range(5)


@dataclass(frozen=True)
class Lookup:
    """A lookup table on another sheet: the key column and the rows that hold data."""

    sheet: str
    key_col: int
    first: int
    last: int

    def formula(self, key_cell: str, value_col: int) -> str:
        """INDEX/MATCH (every engine knows them) of the value in `value_col` for the key in `key_cell`."""
        values = col_range(self.sheet, value_col, self.first, self.last)
        keys = col_range(self.sheet, self.key_col, self.first, self.last)
        return f"INDEX({values},MATCH({key_cell},{keys},0))"


def benchmark_lookup(a: Analysis, w: Words) -> Lookup:
    """The Benchmark sheet by role name (names in the workbook's language, on both sides of the lookup)."""
    return Lookup(w.sheet("benchmark"), B_ROLE, FIRST_ROW, FIRST_ROW + len(a.benchmark) - 1)


def premium_lookup(a: Analysis, w: Words) -> Lookup:
    return Lookup(w.sheet("role_premiums"), P_TRADITIONAL, FIRST_ROW, FIRST_ROW + len(a.premiums) - 1)


def write_benchmark(workbook: Workbook, styles: Styles, a: Analysis, firm: str) -> None:
    w = styles.words
    headers = [w.col(k) for k in ("role", "p50_10k", "p75_10k", "yoy", "aging_factor", "p50", "p75", "key_driver")]
    widths = [fit_width((w.name(b.role) for b in a.benchmark), 20), 10, 10, 8, 10, 15, 15,
              fit_width((w.name(b.key_driver) for b in a.benchmark), 20)]
    effective = a.edition.effective_date
    note = w("benchmark.note", edition=a.edition.id, unit=w.edition.unit,
             date=effective.isoformat() if w.lang == "en" else w.date(effective))
    sheet = w.sheet("benchmark")
    ws = table_sheet(workbook, styles, sheet, w("benchmark.title"), note, headers, widths, firm)
    for i, b in enumerate(a.benchmark):
        row = FIRST_ROW + i
        ws.write_string(row, B_ROLE, w.name(b.role), styles.cell("text"))
        ws.write_number(row, B_P50_10K, b.p50_cny_10k, styles.cell("num"))
        ws.write_number(row, B_P75_10K, b.p75_cny_10k, styles.cell("num"))
        ws.write_number(row, B_YOY, b.yoy, styles.cell("pct0"))
        ws.write_formula(row, B_FACTOR, f"={aging_factor_ref(w, i)}", styles.cell("factor"), b.aging_factor)
        factor = a1(row, B_FACTOR)
        ws.write_formula(row, B_P50, f"={a1(row, B_P50_10K)}*{CNY_10K}*{factor}", styles.cell("cny"), b.p50_cny)
        ws.write_formula(row, B_P75, f"={a1(row, B_P75_10K)}*{CNY_10K}*{factor}", styles.cell("cny"), b.p75_cny)
        ws.write_string(row, B_DRIVER, w.name(b.key_driver), styles.cell("text"))

    last = FIRST_ROW + len(a.benchmark) - 1
    chart = workbook.add_chart({"type": "bar"})
    categories = col_range(sheet, B_ROLE, FIRST_ROW, last)
    for col, key, color in ((B_P50, "series_p50", "secondary"), (B_P75, "series_p75", "accent")):
        chart.add_series({"name": w(f"benchmark.{key}"), "categories": categories,
                          "values": col_range(sheet, col, FIRST_ROW, last),
                          "fill": {"color": styles.colors[color]}, "border": {"none": True}, "gap": 60})
    style_chart(chart, styles, w("benchmark.chart"))
    ws.insert_chart(last + 3, 0, chart, {"x_scale": 1.6, "y_scale": 1.25, "object_position": 3})


def style_chart(chart, styles: Styles, title: str) -> None:
    """Brand colours and readable axes for a horizontal bar chart of CNY figures by role."""
    c = styles.colors
    font = {"color": c["text"], "size": 9}
    chart.set_title({"name": title, "name_font": {"color": c["primary"], "size": 12, "bold": True}})
    chart.set_x_axis({"num_format": styles.words("format.axis"), "num_font": font, "line": {"color": c["rule"]},
                      "major_gridlines": {"visible": True, "line": {"color": c["rule"]}}})
    chart.set_y_axis({"reverse": True, "num_font": font, "line": {"color": c["rule"]}})
    chart.set_legend({"position": "bottom", "font": font})
    chart.set_chartarea({"border": {"color": c["rule"]}})


def write_talent_gap(workbook: Workbook, styles: Styles, a: Analysis, firm: str, roles: Lookup | None,
                     planned_col: int) -> None:
    """Supply and shortage by specialization; client planned hires sum the Cost Model's mapped roles."""
    w = styles.words
    headers = [w.col(k) for k in ("specialization", "headcount_low", "headcount_high", "headcount_mid", "gap_low",
                                  "gap_high", "gap_mid", "scarcity", "difficulty", "benchmark_roles",
                                  "client_planned_hires")]
    mapped = [w("list_separator").join(w.name(r) for r in s.roles) for s in a.supply]
    widths = [fit_width((w.name(s.specialization) for s in a.supply), 20), 11, 11, 11, 10, 10, 10, 10, 11,
              fit_width(mapped, 16), 13]
    ws = table_sheet(workbook, styles, w.sheet("talent_gap"), w("talent_gap.title"), w("talent_gap.note"),
                     headers, widths, firm)
    for i, s in enumerate(a.supply):
        row = FIRST_ROW + i
        ws.write_string(row, 0, w.name(s.specialization), styles.cell("text"))
        for col, value in ((1, s.headcount_low), (2, s.headcount_high), (4, s.gap_low), (5, s.gap_high)):
            ws.write_number(row, col, value, styles.cell("int"))
        ws.write_formula(row, 3, f"=({a1(row, 1)}+{a1(row, 2)})/2", styles.cell("int"), s.headcount_mid)
        ws.write_formula(row, 6, f"=({a1(row, 4)}+{a1(row, 5)})/2", styles.cell("int"), s.gap_mid)
        ws.write_formula(row, 7, f"={a1(row, 6)}/{a1(row, 3)}", styles.cell("pct0"), s.scarcity)
        ws.write_number(row, 8, s.difficulty, styles.cell("int"))
        ws.write_string(row, 9, mapped[i], styles.cell("text"))
        ws.write_formula(row, 10, "=" + _planned_hires([w.name(r) for r in s.roles], roles, planned_col),
                         styles.cell("int"), s.planned_hires)
    last = FIRST_ROW + len(a.supply) - 1
    ws.conditional_format(FIRST_ROW, 8, last, 8, {
        "type": "2_color_scale", "min_type": "num", "min_value": 1, "max_type": "num", "max_value": 10,
        "min_color": styles.colors["band"], "max_color": styles.colors["accent"]})
    ws.write_string(last + 2, 0, w("talent_gap.difficulty_note"), styles.note)


def _planned_hires(mapped: list[str], roles: Lookup | None, planned_col: int) -> str:
    """Planned hires of the Cost Model rows whose benchmark role maps to a specialization (exact match)."""
    if not mapped or roles is None:
        return "0"
    keys = col_range(roles.sheet, roles.key_col, roles.first, roles.last)
    hires = col_range(roles.sheet, planned_col, roles.first, roles.last)
    return "+".join(f'SUMPRODUCT(({keys}="{_quoted(role)}")*{hires})' for role in mapped)


def _quoted(text: str) -> str:
    return text.replace('"', '""')


def write_role_premiums(workbook: Workbook, styles: Styles, a: Analysis, firm: str) -> None:
    w = styles.words
    headers = [w.col(k) for k in ("dimension", "traditional_role", "ai_role", "premium_low", "premium_high")]
    widths = [fit_width((w.name(p.dimension) for p in a.premiums), 12),
              fit_width(w.name(p.traditional_role) for p in a.premiums),
              fit_width(w.name(p.ai_role) for p in a.premiums), 10, 10]
    ws = table_sheet(workbook, styles, w.sheet("role_premiums"), w("role_premiums.title"), w("role_premiums.note"),
                     headers, widths, firm)
    for i, p in enumerate(a.premiums):
        row = FIRST_ROW + i
        ws.write_string(row, P_DIMENSION, w.name(p.dimension), styles.cell("text"))
        ws.write_string(row, P_TRADITIONAL, w.name(p.traditional_role), styles.cell("text"))
        ws.write_string(row, P_AI_ROLE, w.name(p.ai_role), styles.cell("text"))
        ws.write_number(row, P_LOW, p.premium_low, styles.cell("pct0"))
        ws.write_number(row, P_HIGH, p.premium_high, styles.cell("pct0"))
