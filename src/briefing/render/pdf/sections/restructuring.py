"""Role restructuring: AI-role premiums and the client's planned transitions."""

from __future__ import annotations

from reportlab.platypus import Flowable, PageBreak, Spacer

from .... import fmt
from ..blocks import Ctx, callout, heading, para, subhead, table


def story(ctx: Ctx) -> list[Flowable]:
    a, t, w = ctx.a, ctx.t, ctx.w
    unit = w.unit
    rows = [
        [
            w.name(p.dimension),
            w.name(p.traditional_role),
            w.name(p.ai_role),
            fmt.pct_range(p.premium_low, p.premium_high),
        ]
        for p in a.premiums
    ]
    out = [
        *heading(ctx, w("section.restructuring"), "restructuring"),
        para(ctx, w("restructuring.lead"), "lead"),
        table(
            ctx,
            [w(f"restructuring.col.{c}") for c in ("dimension", "traditional", "ai", "premium")],
            rows,
            [14, 24, 44, 14],
            right={3},
        ),
    ]
    if a.transitions:
        tot = a.totals
        rows = [
            [
                w.name(x.from_),
                w.name(x.ai_role),
                str(x.count),
                w.amount(x.current_pay_cny),
                fmt.pct_range(x.premium_low, x.premium_high),
                w.amount(x.cost_low_cny),
                w.amount(x.cost_high_cny),
            ]
            for x in a.transitions
        ]
        total = [
            w("restructuring.total"),
            "",
            str(tot.transitions_count),
            "",
            "",
            w.amount(tot.transitions_low_cny),
            w.amount(tot.transitions_high_cny),
        ]
        cost = callout(
            ctx,
            [
                para(
                    ctx,
                    w.plural(
                        "restructuring.cost",
                        tot.transitions_count,
                        low=ctx.money(tot.transitions_low_cny),
                        high=ctx.money(tot.transitions_high_cny),
                        n=tot.transitions_count,
                    ),
                    "body",
                    spaceAfter=0,
                )
            ],
        )
        out += subhead(
            ctx,
            w("restructuring.transitions_title"),
            table(
                ctx,
                [
                    w(f"restructuring.col.{c}", unit=unit)
                    for c in ("from", "to", "staff", "pay", "premium", "low", "high")
                ],
                rows,
                [17, 25, 7, 13, 11, 13, 13],
                right={2, 3, 4, 5, 6},
                total=total,
            ),
            [para(ctx, w("restructuring.transitions", currency=t.lit(w.currency)), "body")],
            after=[Spacer(1, 10), cost],
        )
    else:
        out.append(para(ctx, w("restructuring.none"), "body", spaceBefore=10))
    return [*out, PageBreak()]
