"""The workbook's sheets, in tab order.

Each module writes one sheet with `write(workbook, styles, analysis, firm)`. Sheets refer to each other
through defined names and lookups (assumptions.aging_factor_ref, benchmark.benchmark_lookup,
cost_model.cost_layout), never through the order of this list. Adding a sheet = one module here and
one entry in SHEETS.
"""

from __future__ import annotations

from . import assumptions, benchmark, changes, cost_model, read_me, role_premiums, talent_gap, transitions

SHEETS = (read_me, assumptions, benchmark, changes, talent_gap, role_premiums, cost_model, transitions)
