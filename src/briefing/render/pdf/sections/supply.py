"""Talent supply: headcount and shortage by specialization, and the client's hires against them."""

from __future__ import annotations

from reportlab.platypus import Flowable, PageBreak

from .... import fmt
from .. import alt
from ..blocks import Ctx, Muted, figure, heading, para, subhead, table
from ..charts import supply_chart


def story(ctx: Ctx) -> list[Flowable]:
    a, w = ctx.a, ctx.w
    rows = [
        [
            w.name(s.specialization),
            fmt.count_range(s.headcount_low, s.headcount_high),
            fmt.count_range(s.gap_low, s.gap_high),
            fmt.ratio(s.scarcity),
            f"{s.difficulty}/10",
            str(s.planned_hires),
        ]
        for s in a.supply
    ]
    out = [
        *heading(ctx, w("section.supply"), "supply"),
        para(ctx, w("supply.lead"), "lead"),
        table(
            ctx,
            [w(f"supply.col.{c}") for c in ("specialization", "headcount", "gap", "scarcity", "difficulty", "planned")],
            rows,
            [30, 15, 15, 10, 10, 12],
            right={1, 2, 3, 4, 5},
        ),
        para(ctx, w("supply.note"), "small"),
        figure(ctx, supply_chart(a, ctx.pen, ctx.width), w("supply.caption"), alt.supply(a, w)),
    ]
    hiring = [r for r in a.roles if r.planned_hires]
    if hiring:
        rows = [
            [
                w.label(r),
                str(r.planned_hires),
                w("supply.list_sep").join(w.name(s) for s in r.specializations)
                if r.specializations
                else Muted(w("supply.none_scarce")),
                f"{r.difficulty}/10" if r.difficulty is not None else Muted("\u2013"),
            ]
            for r in hiring
        ]
        out += subhead(
            ctx,
            w("supply.hiring_title"),
            table(
                ctx,
                [w(f"supply.col.{c}") for c in ("role", "hires", "specializations", "difficulty")],
                rows,
                [30, 11, 45, 11],
                right={1, 3},
                ends_section=True,
            ),
            [para(ctx, w("supply.hiring"), "body")],
        )
    else:
        out.append(para(ctx, w("supply.no_hires"), "body"))
    return [*out, PageBreak()]
