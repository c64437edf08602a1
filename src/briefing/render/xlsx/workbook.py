"""The Excel model: live formulas over the analysis, each formula cell carrying the analysis's value."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

from ...analysis import Analysis
from ...i18n import catalogue
from ...models import Brand
from .book import Book
from .sheets import SHEETS
from .sheets.assumptions import define_names
from .style import Styles, Words, place_notes

# Profile text is untrusted: nothing written may turn into a formula, a number or a link by its looks.
WORKBOOK_OPTIONS = {
    "in_memory": True,
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
}


def render_xlsx(analysis: Analysis, brand: Brand, lang: str = "en", paper: str = "A4") -> bytes:
    """The workbook in `lang` as bytes: the same analysis, brand and language always give the same bytes.

    Every language has the same formulas, defined names and stored values; only words and number formats differ.
    Every sheet prints landscape on `paper` (A4 or letter).
    """
    words = Words(catalogue(lang), analysis.edition.text(lang))
    out = BytesIO()
    workbook = Book(out, WORKBOOK_OPTIONS)
    workbook.set_properties(_properties(analysis, brand, words))
    styles = Styles(workbook, brand.colors, words, paper)
    define_names(workbook, words, analysis)

    for sheet in SHEETS:
        sheet.write(workbook, styles, analysis, brand.firm)
    place_notes(styles)  # once every cell and chart is in place: a note's lines go only into free rows
    for worksheet in workbook.worksheets():
        worksheet.set_tab_color(brand.colors["primary"])
    workbook.close()
    return out.getvalue()


def _properties(a: Analysis, brand: Brand, w: Words) -> dict:
    return {
        "title": w("properties.title", client=a.profile.client.name),
        "subject": w("properties.subject", edition=a.edition.id, label=w.edition.label),
        "author": brand.firm,
        "company": brand.firm,
        "keywords": w("properties.keywords"),
        "comments": w("properties.comments"),
        # XlsxWriter stamps the clock unless told; the briefing date keeps the bytes reproducible.
        "created": dt.datetime.combine(a.profile.briefing.date, dt.time()),
    }
