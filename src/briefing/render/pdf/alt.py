"""The alternative text of each chart: a sentence or two in the briefing's language that give the chart's message
and its figures, from the analysis (the figures the chart draws, formatted as the page prints them)."""

from __future__ import annotations

from ... import fmt
from ...analysis import Analysis
from .words import Words


def _list(w: Words, items: list[str]) -> str:
    return w("alt.sep").join(items)


def benchmark(a: Analysis, w: Words) -> str:
    """P50 and P75 of each benchmark role, and how many roles carry the client's pay."""
    digits = fmt.places(v / 10_000 for line in a.benchmark for v in (line.p50_cny, line.p75_cny))  # as the labels
    roles = [
        w(
            "alt.benchmark_role",
            role=w.name(b.role),
            p50=fmt.cny_10k(b.p50_cny, digits),
            p75=fmt.cny_10k(b.p75_cny, digits),
        )
        for b in a.benchmark
    ]
    paid = {r.role for r in a.roles if r.current_pay_cny is not None} & {b.role for b in a.benchmark}
    parts = [w("alt.benchmark", roles=_list(w, roles))]
    if paid:
        parts.append(w.plural("alt.benchmark_pay", len(paid), n=len(paid)))
    return w.sentences(parts)


def supply(a: Analysis, w: Words) -> str:
    """Headcount and estimated gap of each specialization, as ranges."""
    items = [
        w(
            "alt.supply_item",
            name=w.name(s.specialization),
            headcount=fmt.count_range(s.headcount_low, s.headcount_high),
            gap=fmt.count_range(s.gap_low, s.gap_high),
        )
        for s in a.supply
    ]
    return w("alt.supply", items=_list(w, items))


def position(a: Analysis, w: Words) -> str:
    """How many roles are paid below target, then each role's pay against its target."""
    roles = []
    for r in a.roles:
        target = w.money(r.target_cny)
        if r.current_pay_cny is None:
            note = w("chart.pay_not_given") if r.pay_unknown else w("chart.no_staff")
            roles.append(w("alt.position_role_unknown", label=w.label(r), note=note, target=target))
        else:
            roles.append(w("alt.position_role", label=w.label(r), pay=w.money(r.current_pay_cny), target=target))
    below = len(a.below_target)
    return w(
        "alt.position",
        pct=a.target_percentile,
        below=w.plural("alt.position_below", below, n=below),
        roles=_list(w, roles),
    )


def people(a: Analysis, w: Words) -> str:
    """How many people are paid below target, then each role's count, those below target and median pay."""
    p = a.people
    assert p is not None, "the strip chart is drawn for a roster of people"
    roles = []
    for r in a.roles:
        s = p.role(r.role)
        count = s.headcount if s else 0
        people_n = w.plural("chart.people_count", count, n=f"{count:,}")
        if s is None or s.pay_median_cny is None:
            note = w("chart.pay_not_given") if count else w("chart.no_staff")
            roles.append(w("alt.people_role_unknown", label=w.label(r), people=people_n, note=note))
        else:
            roles.append(
                w(
                    "alt.people_role",
                    label=w.label(r),
                    people=people_n,
                    below=f"{s.below_target:,}",
                    median=w.money(s.pay_median_cny),
                )
            )
    return w(
        "alt.people",
        pct=a.target_percentile,
        below=w.plural("alt.people_below", p.below_target, n=f"{p.below_target:,}", known=f"{p.with_pay:,}"),
        roles=_list(w, roles),
    )
