"""Recommendations: the edition's advice, the key one marked, and the client's next steps."""

from __future__ import annotations

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Spacer

from .... import fmt
from ..blocks import Ctx, bullets, callout, heading, listing, para


def story(ctx: Ctx) -> list[Flowable]:
    a, t, w = ctx.a, ctx.t, ctx.w
    out = [
        *heading(ctx, w("section.recommendations"), "recommendations"),
        para(ctx, w("recommendations.lead", employer=w.employer, client=ctx.lit(ctx.client)), "lead"),
    ]
    for i, rec in enumerate(a.recommendations, 1):
        key = rec is a.key_recommendation
        title, text = w.ed.recommendation(rec, a.date)
        mark = (
            f'  <font size="8.5" color="{ctx.ink("accent", "band")}">{t.lit(w("recommendations.key"))}</font>'
            if key
            else ""
        )  # in the callout's shaded box
        block = [
            # set as h3 but the section's second level: a heading level is never skipped
            para(ctx, w("recommendations.numbered", n=i, title=t.lit(title)) + mark, "h3", role="H2"),
            t.text(text, "body", spaceAfter=0),
        ]
        out += [KeepTogether(callout(ctx, block) if key else block), Spacer(1, 10)]
    out += [
        CondPageBreak(120),
        t.text(w("recommendations.actions_title", client=ctx.client), "h2"),
        *bullets(ctx, _actions(ctx)),
    ]
    return [*out, PageBreak()]


def _actions(ctx: Ctx) -> list[str]:
    """Client-specific steps drawn from the analysis's lists, in the order a reader would act."""
    a, w = ctx.a, ctx.w
    pct = a.target_percentile
    steps: list[str] = []
    staffed = list(a.below_target)  # only roles with staff: a role with no staff has no pay to raise
    if staffed:
        shown, more = listing(staffed)
        if a.people is not None:  # how many people of the role sit below target
            below = {s.role: s.below_target for s in a.people.roles}
            names = [
                w(
                    "actions.raise_item_people",
                    label=ctx.label(r),
                    n=f"{below[r.role]:,}",
                    cost=ctx.money(r.cost_to_close_cny),
                )
                for r in shown
            ]
        else:
            names = [
                w(
                    "actions.raise_item",
                    label=ctx.label(r),
                    position=fmt.pct(r.position_vs_target, 1, sign=True),
                    cost=ctx.money(r.cost_to_close_cny),
                )
                for r in shown
            ]
        steps.append(
            w(
                "actions.raise",
                pct=pct,
                names=w.join(names),
                more=w("actions.raise_more") if more else "",
                total=ctx.money(a.totals.cost_to_close_cny),
            )
        )
    if a.hardest_hires:
        shown, more = listing(list(a.hardest_hires))
        names = [w("summary.hire", label=ctx.label(r), n=r.planned_hires, difficulty=r.difficulty) for r in shown]
        steps.append(w("actions.search", names=w.join(names), more=w("actions.search_more") if more else "", pct=pct))
    if a.unknown_pay:
        shown, more = listing(list(a.unknown_pay))
        steps.append(
            w(
                "actions.collect",
                names=w.join([ctx.label(r) for r in shown]),
                more=w("actions.collect_more") if more else "",
            )
        )
    if a.transitions:
        tot = a.totals
        moves = w.join(
            [
                w.plural(
                    "actions.reskill_move",
                    x.count,
                    n=x.count,
                    from_role=ctx.lit(w.name(x.from_)),
                    to_role=ctx.lit(w.name(x.ai_role)),
                )
                for x in a.transitions[:3]
            ]
        )
        steps.append(
            w(
                "actions.reskill",
                low=ctx.money(tot.transitions_low_cny),
                high=ctx.money(tot.transitions_high_cny),
                moves=moves,
                more=w("actions.reskill_more") if len(a.transitions) > 3 else "",
            )
        )
    title, _ = w.ed.recommendation(a.key_recommendation, a.date)
    steps.append(w("actions.key", title=ctx.lit(title)))
    return steps
