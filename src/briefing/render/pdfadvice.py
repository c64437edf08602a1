"""The briefing's later sections: talent supply, role restructuring, recommendations, method and sources."""

from __future__ import annotations

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Spacer

from .. import fmt
from .pdfblocks import Ctx, Muted, bullets, callout, figure, heading, listing, para, subhead, table
from .pdfcharts import supply_chart


def supply(ctx: Ctx) -> list[Flowable]:
    a, t, w = ctx.a, ctx.t, ctx.w
    rows = [[w.name(s.specialization), fmt.count_range(s.headcount_low, s.headcount_high),
             fmt.count_range(s.gap_low, s.gap_high), fmt.ratio(s.scarcity), f"{s.difficulty}/10",
             str(s.planned_hires)] for s in a.supply]
    out = [*heading(ctx, w("section.supply"), "supply"),
           para(ctx, w("supply.lead"), "lead"),
           table(ctx, [w(f"supply.col.{c}") for c in ("specialization", "headcount", "gap", "scarcity", "difficulty",
                                                      "planned")],
                 rows, [30, 15, 15, 10, 10, 12], right={1, 2, 3, 4, 5}),
           para(ctx, w("supply.note"), "small"),
           figure(ctx, supply_chart(a, ctx.pen, ctx.width), w("supply.caption"))]
    hiring = [r for r in a.roles if r.planned_hires]
    if hiring:
        rows = [[w.label(r), str(r.planned_hires),
                 w("supply.list_sep").join(w.name(s) for s in r.specializations) if r.specializations
                 else Muted(w("supply.none_scarce")),
                 f"{r.difficulty}/10" if r.difficulty is not None else Muted("\u2013")] for r in hiring]
        out += [CondPageBreak(110), t.text(w("supply.hiring_title"), "h2"),
                para(ctx, w("supply.hiring"), "body"),
                table(ctx, [w(f"supply.col.{c}") for c in ("role", "hires", "specializations", "difficulty")], rows,
                      [30, 11, 45, 11], right={1, 3})]
    else:
        out.append(para(ctx, w("supply.no_hires"), "body"))
    return [*out, PageBreak()]


def restructuring(ctx: Ctx) -> list[Flowable]:
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


def recommendations(ctx: Ctx) -> list[Flowable]:
    a, t, w = ctx.a, ctx.t, ctx.w
    out = [*heading(ctx, w("section.recommendations"), "recommendations"),
           para(ctx, w("recommendations.lead", employer=w.employer, client=ctx.lit(ctx.client)), "lead")]
    for i, rec in enumerate(a.recommendations, 1):
        key = rec is a.key_recommendation
        title, text = w.ed.recommendation(rec)
        mark = (f'  <font size="8.5" color="{ctx.brand.colors["accent"]}">{t.lit(w("recommendations.key"))}</font>'
                if key else "")
        block = [para(ctx, w("recommendations.numbered", n=i, title=t.lit(title)) + mark, "h3"),
                 t.text(text, "body", spaceAfter=0)]
        out += [KeepTogether(callout(ctx, block) if key else block), Spacer(1, 10)]
    out += [CondPageBreak(120), t.text(w("recommendations.actions_title", client=ctx.client), "h2"),
            *bullets(ctx, _actions(ctx))]
    return [*out, PageBreak()]


def _actions(ctx: Ctx) -> list[str]:
    """Client-specific steps drawn from the analysis's lists, in the order a reader would act."""
    a, w = ctx.a, ctx.w
    pct = a.target_percentile
    steps: list[str] = []
    staffed = list(a.below_target)  # only roles with staff: a role with no staff has no pay to raise
    if staffed:
        shown, more = listing(staffed)
        names = [w("actions.raise_item", label=ctx.label(r), position=fmt.pct(r.position_vs_target, 1, sign=True),
                   cost=ctx.money(r.cost_to_close_cny)) for r in shown]  # type: ignore[arg-type]
        steps.append(w("actions.raise", pct=pct, names=w.join(names), more=w("actions.raise_more") if more else "",
                       total=ctx.money(a.totals.cost_to_close_cny)))
    if a.hardest_hires:
        shown, more = listing(list(a.hardest_hires))
        names = [w("summary.hire", label=ctx.label(r), n=r.planned_hires, difficulty=r.difficulty) for r in shown]
        steps.append(w("actions.search", names=w.join(names), more=w("actions.search_more") if more else "",
                       pct=pct))
    if a.unknown_pay:
        shown, more = listing(list(a.unknown_pay))
        steps.append(w("actions.collect", names=w.join([ctx.label(r) for r in shown]),
                       more=w("actions.collect_more") if more else ""))
    if a.transitions:
        tot = a.totals
        moves = w.join([w("actions.reskill_move", n=x.count, from_role=ctx.lit(w.name(x.from_)),
                          to_role=ctx.lit(w.name(x.ai_role))) for x in a.transitions[:3]])
        steps.append(w("actions.reskill", low=ctx.money(tot.transitions_low_cny),
                       high=ctx.money(tot.transitions_high_cny), moves=moves,
                       more=w("actions.reskill_more") if len(a.transitions) > 3 else ""))
    title, _ = w.ed.recommendation(a.key_recommendation)
    steps.append(w("actions.key", title=ctx.lit(title)))
    return steps


DEFINITIONS = ("p50", "p75", "target", "compa", "position", "close", "hiring", "total", "scarcity", "difficulty",
               "premium")


def method(ctx: Ctx) -> list[Flowable]:
    a, t, w = ctx.a, ctx.t, ctx.w
    e = a.edition
    units = w("method.units", unit=t.lit(w.ed.unit), client=ctx.lit(ctx.client), currency=t.lit(w.currency))
    dates = [w("method.effective", date=w.date(e.effective_date))]
    if a.aged:
        dates.append(w("method.aged", days=a.aging_days, date=w.date(a.age_to)))  # type: ignore[arg-type]
    else:
        dates.append(w("method.not_aged"))
    dates.append(w("method.dated", date=w.date(a.profile.briefing.date)))
    sources = [[s.outlet, w.date(s.date), w.ed.sources[s.id]] for s in e.sources]
    definitions = [[w(f"definition.{d}.term"), w(f"definition.{d}.text")] for d in DEFINITIONS]
    return [*heading(ctx, w("section.method"), "method"),
            KeepTogether([t.text(w("method.basis_title"), "h2"),
                          para(ctx, w("method.basis", basis=t.lit(w.ed.basis), edition=t.lit(e.id),
                                      label=t.lit(w.ed.label)))]),
            KeepTogether([t.text(w("method.disclaimer_title"), "h2"),
                          para(ctx, w("method.disclaimer", firm=ctx.lit(ctx.brand.firm), client=ctx.lit(ctx.client)),
                               "body")]),
            KeepTogether([t.text(w("method.sources_title"), "h2"),
                          table(ctx, [w(f"method.col.{c}") for c in ("outlet", "date", "subject")], sources,
                                [20, 17, 63])]),
            KeepTogether([t.text(w("method.units_title"), "h2"), para(ctx, w.sentences([units, *dates]))]),
            *subhead(ctx, w("method.definitions_title")),
            table(ctx, [w(f"method.col.{c}") for c in ("term", "meaning")], definitions, [20, 80], padding=3)]
