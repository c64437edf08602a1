"""The workbook's sheets, in tab order.

Each module writes one sheet with `write(workbook, styles, analysis, firm)`. Sheets refer to each other
through defined names and lookups (assumptions.aging_factor_ref, benchmark.benchmark_lookup,
cost_model.cost_layout), never through the order of this list. Adding a sheet = one module here and
one entry in SHEETS.
"""

from __future__ import annotations

from . import assumptions, benchmark, cost_model, people, read_me, role_premiums, talent_gap, transitions

# `people` writes a sheet for a roster of people (one row per person) only
SHEETS = (read_me, assumptions, benchmark, talent_gap, role_premiums, cost_model, people, transitions)
