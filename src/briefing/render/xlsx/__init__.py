"""The Excel model: `render_xlsx` (workbook.py) writes the sheets (sheets/, in tab order) with the shared
formats and layout helpers of style.py."""

from .workbook import render_xlsx

__all__ = ["render_xlsx"]
