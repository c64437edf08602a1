"""Role restructuring: AI-role premiums and the client's planned transitions."""

from __future__ import annotations

from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Spacer

from .... import fmt
from ..blocks import Ctx, callout, heading, para, table


def story(ctx: Ctx) -> list[Flowable]:
    a, t, w = ctx.a, ctx.t, ctx.w
    unit = w.unit
    rows = [[w.name(p.dimension), w.name(p.traditional_role), w.name(p.ai_role),
             fmt.pct_range(p.premium_low, p.premium_high)] for p in a.premiums]
    out = [*heading(ctx, w("section.restructuring"), "restructuring"),
           para(ctx, w("restructuring.lead"), "lead"),
           table(ctx, [w(f"restructuring.col.{c}") for c in ("dimension", "traditional", "ai", "premium")], rows,
                 [14, 24, 44, 14], right={3})]
    if a.transitions:
        tot = a.totals
        rows = [[w.name(x.from_), w.name(x.ai_role), str(x.count), w.amount(x.current_pay_cny),
                 fmt.pct_range(x.premium_low, x.premium_high), w.amount(x.cost_low_cny),
                 w.amount(x.cost_high_cny)] for x in a.transitions]
        total = [w("restructuring.total"), "", str(tot.transitions_count), "", "", w.amount(tot.transitions_low_cny),
                 w.amount(tot.transitions_high_cny)]
        out += [CondPageBreak(140), t.text(w("restructuring.transitions_title"), "h2"),
                para(ctx, w("restructuring.transitions", currency=t.lit(w.currency)), "body"),
                table(ctx, [w(f"restructuring.col.{c}", unit=unit)
                            for c in ("from", "to", "staff", "pay", "premium", "low", "high")],
                      rows, [17, 25, 7, 13, 11, 13, 13], right={2, 3, 4, 5, 6}, total=total),
                Spacer(1, 10),
                callout(ctx, [para(ctx, w("restructuring.cost", low=ctx.money(tot.transitions_low_cny),
                                          high=ctx.money(tot.transitions_high_cny), n=tot.transitions_count),
                                   "body", spaceAfter=0)])]
    else:
        out.append(para(ctx, w("restructuring.none"), "body", spaceBefore=10))
    return [*out, PageBreak()]
