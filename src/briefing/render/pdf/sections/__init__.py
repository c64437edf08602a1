"""The briefing's body sections, in reading order.

Each module builds one section with `story(ctx)`: a list of flowables that starts with its heading (which
makes the bookmark and the contents entry) and ends with a page break. The cover and the contents page come
before these and are laid out by the document. Adding a section = one module here and one entry in SECTIONS.
"""

from __future__ import annotations

from . import (
    benchmark,
    budget,
    changes,
    contents,
    cover,
    market,
    method,
    position,
    recommendations,
    restructuring,
    summary,
    supply,
    view,
)

__all__ = ["SECTIONS", "contents", "cover"]

SECTIONS = (summary, view, changes, market, benchmark, position, budget, supply, restructuring, recommendations, method)
