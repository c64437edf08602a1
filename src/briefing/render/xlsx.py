"""The Excel model: live formulas over the analysis, each formula cell carrying the analysis's value."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

from xlsxwriter.workbook import Workbook

from ..analysis import Analysis
from ..models import Brand
from .xlsx_inputs import define_names, write_assumptions, write_read_me
from .xlsx_market import write_benchmark, write_role_premiums, write_talent_gap
from .xlsx_model import HIRES, cost_layout, write_cost_model, write_transitions
from .xlsx_style import Styles

# Profile text is untrusted: nothing written may turn into a formula, a number or a link by its looks.
WORKBOOK_OPTIONS = {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
                    "strings_to_urls": False}


def render_xlsx(analysis: Analysis, brand: Brand, lang: str = "en") -> bytes:
    """The workbook as bytes: the same analysis and brand always give the same bytes."""
    out = BytesIO()
    workbook = Workbook(out, WORKBOOK_OPTIONS)
    workbook.set_properties(_properties(analysis, brand))
    styles = Styles(workbook, brand.colors)
    define_names(workbook)

    write_read_me(workbook, styles, analysis, brand.firm)
    write_assumptions(workbook, styles, analysis, brand.firm)
    write_benchmark(workbook, styles, analysis, brand.firm)
    write_talent_gap(workbook, styles, analysis, brand.firm, cost_layout(analysis).roles, HIRES)
    write_role_premiums(workbook, styles, analysis, brand.firm)
    write_cost_model(workbook, styles, analysis, brand.firm)
    write_transitions(workbook, styles, analysis, brand.firm)
    for worksheet in workbook.worksheets():
        worksheet.set_tab_color(brand.colors["primary"])
    workbook.close()
    return out.getvalue()


def _properties(a: Analysis, brand: Brand) -> dict:
    client = a.profile.client.name
    return {
        "title": f"{client}: AI talent compensation model",
        "subject": f"China AI talent benchmark, edition {a.edition.id} ({a.edition.label})",
        "author": brand.firm,
        "company": brand.firm,
        "keywords": "compensation, benchmark, China, AI talent",
        "comments": "Inputs are shaded; every other figure is a formula. See the 'Read me' sheet.",
        # XlsxWriter stamps the clock unless told; the briefing date keeps the bytes reproducible.
        "created": dt.datetime.combine(a.profile.briefing.date, dt.time()),
    }
