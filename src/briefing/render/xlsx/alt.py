"""Alternative text for the workbook's charts: a sentence with each chart's message and its figures, in the
workbook's language, from the analysis (a screen reader reads it where a sighted reader sees the bars)."""

from __future__ import annotations

from ... import fmt
from ...analysis import Analysis
from .style import Words

LISTED = 10  # role lines named in a chart's text; the rest are counted


def _cny(w: Words, value: float) -> str:
    """'CNY 1,234,567' / '123.5万元'."""
    return fmt.money(value, "CNY", w.lang)


def benchmark_chart(a: Analysis, w: Words) -> str:
    """The Benchmark chart: P50 and P75 of every role as aged, and the role with the highest P75."""
    lines = [
        w("benchmark.alt_line", role=w.name(b.role), p50=_cny(w, b.p50_cny), p75=_cny(w, b.p75_cny))
        for b in a.benchmark
    ]
    top = max(a.benchmark, key=lambda b: b.p75_cny)
    return w(
        "benchmark.alt",
        date=w.date(a.age_to),
        lines=w("alt_separator").join(lines),
        top=w.name(top.role),
        top_p75=_cny(w, top.p75_cny),
    )


def cost_chart(a: Analysis, w: Words) -> str:
    """The Cost Model chart: the plan's total, each role line's total cost (unknown where pay is not given) and
    the largest line's share of the total."""
    lines = [
        w("cost_model.alt_unknown", role=w.label(r.role, r.title))
        if r.total_cny is None
        else w("cost_model.alt_line", role=w.label(r.role, r.title), value=_cny(w, r.total_cny))
        for r in a.roles[:LISTED]
    ]
    rest = len(a.roles) - LISTED
    known = [r for r in a.roles if r.total_cny is not None]
    total = a.totals.total_cny
    top = ""
    if known and total > 0:
        largest = max(known, key=lambda r: r.total_cny or 0)
        top = w(
            "cost_model.alt_top",
            role=w.label(largest.role, largest.title),
            share=fmt.pct((largest.total_cny or 0) / total),
        )
    return w(
        "cost_model.alt",
        total=_cny(w, total),
        lines=w("alt_separator").join(lines),
        more=w.plural("cost_model.alt_more", rest, n=rest) if rest > 0 else "",
        top=top,
    )
