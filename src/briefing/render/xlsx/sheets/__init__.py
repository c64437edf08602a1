"""The workbook's sheets, in tab order.

Each module writes one sheet with `write(workbook, styles, analysis, firm)`. Sheets refer to each other
through defined names, lookups and column layouts (assumptions.aging_factor_ref, benchmark.benchmark_lookup,
layout.cost_table and the other per-line tables), never through the order of this list. Adding a sheet = one
module here and one entry in SHEETS.
"""

from __future__ import annotations

from . import (
    assumptions,
    benchmark,
    budget_year,
    changes,
    cost_model,
    hiring_plan,
    loaded_cost,
    people,
    read_me,
    role_map,
    role_premiums,
    scenarios,
    talent_gap,
    transitions,
)

# `people` writes a sheet for a roster of people (one row per person) only
SHEETS = (
    read_me,
    assumptions,
    benchmark,
    changes,
    talent_gap,
    role_map,
    role_premiums,
    cost_model,
    people,
    hiring_plan,
    loaded_cost,
    budget_year,
    scenarios,
    transitions,
)
