"""The client's position: pay against the target by role, the cost to close and to hire, charts."""

from __future__ import annotations

from reportlab.platypus import Flowable, PageBreak, Spacer

from .... import fmt
from .. import alt
from ..blocks import Ctx, Muted, callout, heading, listing, para, subhead, table
from ..charts import PositionChart
from ..tags import Node


def story(ctx: Ctx) -> list[Flowable]:
    if ctx.a.per_person:  # a roster of people: each person against the band (position_people.py)
        from . import position_people

        return position_people.story(ctx)
    a, t, w = ctx.a, ctx.t, ctx.w
    unit = w.unit
    pct = a.target_percentile
    out = [
        *heading(ctx, w("section.position"), "position"),
        para(
            ctx,
            w("position.lead", aged=w("position.lead_aged") if a.aged else "", pct=pct, currency=t.lit(w.currency)),
            "lead",
        ),
    ]
    if not a.roles:
        out.append(para(ctx, w("position.no_roles"), "body"))
        return [*out, PageBreak()]

    def pay(r) -> str:
        if r.current_pay_cny is not None:
            return w.amount(r.current_pay_cny)
        return Muted(w("position.not_given") if r.pay_unknown else w("position.no_staff"))

    def col(*names: str) -> list[str]:
        return [w(f"position.col.{c}", unit=unit, pct=pct) for c in names]

    rows = [
        [
            w.label(r),
            str(r.headcount),
            pay(r),
            w.amount(r.p50_cny),
            w.amount(r.p75_cny),
            w.amount(r.target_cny),
            Muted("\u2013") if r.compa_ratio is None else fmt.ratio(r.compa_ratio),
            Muted("\u2013") if r.position_vs_target is None else fmt.pct(r.position_vs_target, 1, sign=True),
        ]
        for r in a.roles
    ]
    out += subhead(
        ctx,
        w("position.pay_title"),
        table(
            ctx,
            col("role", "staff", "pay", "p50", "p75", "target", "compa", "vs_target"),
            rows,
            [22, 7, 12, 11, 11, 11, 13, 11],
            right=set(range(1, 8)),
        ),
    )
    # the chart shows the table above it (and splits between rows as the table does); the cost table follows
    caption = para(ctx, w("position.caption", unit=w(f"chart.unit.{a.currency}"), pct=pct), "caption")
    figure = Node("Figure", alt=alt.position(a, w))
    out += [Spacer(1, 10), PositionChart(a, ctx.pen, ctx.width, caption, node=figure)]
    tot = a.totals
    rows = [
        [
            w.label(r),
            str(r.headcount),
            str(r.planned_hires),
            ctx.amount(r.cost_to_close_cny),
            w.amount(r.hiring_cost_cny),
            ctx.amount(r.total_cny),
        ]
        for r in a.roles
    ]
    total = [
        w("position.total"),
        str(tot.headcount),
        str(tot.planned_hires),
        w.amount(tot.cost_to_close_cny),
        w.amount(tot.hiring_cost_cny),
        w.amount(tot.total_cny),
    ]
    note: list[Flowable] = []
    if a.unknown_pay:  # named up to eight: the callout is one unsplittable box, whatever the roster's size
        shown, more = listing(list(a.unknown_pay), 8)
        bold = [f"<b>{ctx.label(r)}</b>" for r in shown]
        rest = len(a.unknown_pay) - len(shown)
        names = w("join.sep").join(bold) + w.plural("position.unknown_more", rest, count=rest) if more else w.join(bold)
        note = [
            Spacer(1, 10),
            callout(ctx, [para(ctx, w("position.unknown", names=names), "body", spaceAfter=0)], ctx.c.negative),
        ]
    out += subhead(
        ctx,
        w("position.cost_title"),
        table(
            ctx,
            col("role", "staff", "hires", "close", "hiring", "total"),
            rows,
            [32, 8, 10, 15, 15, 15],
            right=set(range(1, 6)),
            total=total,
        ),
        after=note,
    )
    return [*out, PageBreak()]
