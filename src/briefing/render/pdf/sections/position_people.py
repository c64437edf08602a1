"""Your position, person by person (a roster of people): the spread of pay per role, where the people sit
against the P50-P75 band, each person as a dot, and the cost to close summed person by person.

Never a name, an employee ID or a column that was not mapped: people are counted, and named (where a reader
must act on one) by their key, P-0001, which the workbook's People sheet lists.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, PageBreak, Spacer

from .... import fmt
from .. import alt
from ..blocks import Ctx, Muted, callout, heading, para, subhead, table
from ..strip import DOTS_MAX, StripChart, dense
from ..tags import Node

SHOWN_KEYS = 8  # keys of people without pay named in the note; the workbook lists them all


def story(ctx: Ctx) -> list[Flowable]:
    a, t, w = ctx.a, ctx.t, ctx.w
    people = a.people
    assert people is not None
    unit, pct = w.unit, a.target_percentile
    lead = w.plural(
        "people.lead",
        people.headcount,
        n=f"{people.headcount:,}",
        aged=w("position.lead_aged") if a.aged else "",
        pct=pct,
        below=f"{people.below_target:,}",
        known=f"{people.with_pay:,}",
        currency=t.lit(w.currency),
    )
    out = [*heading(ctx, w("section.position"), "position"), para(ctx, lead, "lead")]

    def col(*names: str) -> list[str]:
        return [w(f"people.col.{c}", unit=unit, pct=pct) for c in names]

    def money(value: float | None) -> str:
        return Muted("\u2013") if value is None else w.amount(value)

    def count(value: int) -> str:
        return f"{value:,}"

    lines = [(r, people.role(r.role)) for r in a.roles]
    rows = [
        [
            w.label(r),
            count(s.headcount) if s else "0",
            money(s.pay_min_cny if s else None),
            money(s.pay_median_cny if s else None),
            money(s.pay_mean_cny if s else None),
            money(s.pay_max_cny if s else None),
            w.amount(r.target_cny),
            Muted("\u2013") if r.compa_ratio is None else fmt.ratio(r.compa_ratio),
        ]
        for r, s in lines
    ]
    out += subhead(
        ctx,
        w("position.pay_title"),
        table(
            ctx,
            col("role", "people", "low", "median", "mean", "high", "target", "compa"),
            rows,
            [22, 8, 11, 11, 11, 11, 12, 14],
            right=set(range(1, 8)),
        ),
    )
    rows = [
        [
            w.label(r),
            *(
                count(v)
                for v in (
                    (s.headcount, s.below_p50, s.p50_p75, s.above_p75, s.below_target, s.without_pay) if s else (0,) * 6
                )
            ),
        ]
        for r, s in lines
    ]
    total = [
        w("position.total"),
        *(
            count(v)
            for v in (
                people.headcount,
                people.below_p50,
                people.p50_p75,
                people.above_p75,
                people.below_target,
                people.without_pay,
            )
        ),
    ]
    out += subhead(
        ctx,
        w("people.bands_title"),
        table(
            ctx,
            col("role", "people", "below_p50", "p50_p75", "above_p75", "below_target", "no_pay"),
            rows,
            [28, 10, 12, 12, 12, 14, 12],
            right=set(range(1, 7)),
            total=total,
        ),
        after=[para(ctx, w("people.bands_note", pct=pct), "small", spaceBefore=4)],
    )
    caption = w("people.caption", unit=w(f"chart.unit.{a.currency}"), pct=pct)
    if dense(a):
        caption += w("join.sentences") + w("people.caption_density", limit=f"{DOTS_MAX:,}")
    figure = Node("Figure", alt=alt.people(a, w))
    out += [Spacer(1, 10), StripChart(a, ctx.pen, ctx.width, para(ctx, caption, "caption"), node=figure)]

    tot = a.totals
    rows = [
        [
            w.label(r),
            count(r.headcount),
            count(r.planned_hires),
            ctx.amount(r.cost_to_close_cny),
            w.amount(r.hiring_cost_cny),
            ctx.amount(r.total_cny),
        ]
        for r in a.roles
    ]
    total = [
        w("position.total"),
        count(tot.headcount),
        count(tot.planned_hires),
        w.amount(tot.cost_to_close_cny),
        w.amount(tot.hiring_cost_cny),
        w.amount(tot.total_cny),
    ]
    note = w("people.close_note")
    if people.without_pay:
        keys = [k for r in people.roles for k in r.without_pay_keys]
        note = w.sentences(
            [
                note,
                w.plural(
                    "people.without_pay",
                    people.without_pay,
                    n=f"{people.without_pay:,}",
                    keys=w.join(keys[:SHOWN_KEYS])
                    if len(keys) <= SHOWN_KEYS
                    else w("join.sep").join(keys[:SHOWN_KEYS]) + w("people.keys_more"),
                ),
            ]
        )
    after = [
        Spacer(1, 10),
        callout(ctx, [para(ctx, note, "body", spaceAfter=0)], ctx.c.negative if people.without_pay else None),
    ]
    out += subhead(
        ctx,
        w("position.cost_title"),
        table(
            ctx,
            [
                w(f"position.col.{c}", unit=unit, pct=pct)
                for c in ("role", "staff", "hires", "close", "hiring", "total")
            ],
            rows,
            [32, 8, 10, 15, 15, 15],
            right=set(range(1, 6)),
            total=total,
        ),
        after=after,
    )
    return [*out, PageBreak()]
