"""The briefing's later sections: talent supply, role restructuring, recommendations, method and sources."""

from __future__ import annotations

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Spacer

from .. import fmt
from .pdfblocks import Ctx, Muted, bullets, callout, figure, heading, join, listing, para, subhead, table
from .pdfcharts import supply_chart


def supply(ctx: Ctx) -> list[Flowable]:
    a, t = ctx.a, ctx.t
    rows = [[s.specialization, fmt.count_range(s.headcount_low, s.headcount_high),
             fmt.count_range(s.gap_low, s.gap_high), fmt.ratio(s.scarcity), f"{s.difficulty}/10",
             str(s.planned_hires)] for s in a.supply]
    out = [*heading(ctx, "Talent supply", "supply"),
           para(ctx, "Industry estimates of the people working in each scarce specialization in China today and of "
                     "the further people employers need. Scarcity is the estimated gap per person in post; "
                     "difficulty is the hiring difficulty on a scale of 10.", "lead"),
           table(ctx, ["Specialization", "Current headcount", "Estimated gap", "Scarcity", "Difficulty",
                       "Your planned hires"], rows, [30, 15, 15, 10, 10, 12], right={1, 2, 3, 4, 5}),
           para(ctx, "Your planned hires count each role in every specialization it draws on, so a role can appear "
                     "under more than one.", "small"),
           figure(ctx, supply_chart(a, ctx.pen, ctx.width),
                  "Current headcount against the estimated gap per specialization; bars show the midpoint of "
                  "each estimate.")]
    hiring = [r for r in a.roles if r.planned_hires]
    if hiring:
        rows = [[r.label, str(r.planned_hires),
                 "; ".join(r.specializations) if r.specializations else Muted("none of the scarce specializations"),
                 f"{r.difficulty}/10" if r.difficulty is not None else Muted("\u2013")] for r in hiring]
        out += [CondPageBreak(110), t.text("Your planned hires", "h2"),
                para(ctx, "Each role you plan to hire for, set against the specializations it draws on. The "
                          "highest difficulty among them applies.", "body"),
                table(ctx, ["Role", "Planned hires", "Specializations", "Difficulty"], rows, [30, 11, 45, 11],
                      right={1, 3})]
    else:
        out.append(para(ctx, "The profile plans no hires.", "body"))
    return [*out, PageBreak()]


def restructuring(ctx: Ctx) -> list[Flowable]:
    a, t = ctx.a, ctx.t
    cur = a.currency
    rows = [[p.dimension, p.traditional_role, p.ai_role, fmt.pct_range(p.premium_low, p.premium_high)]
            for p in a.premiums]
    out = [*heading(ctx, "Role restructuring", "restructuring"),
           para(ctx, "As product lines are rebuilt around AI, traditional roles are converted into AI roles. The "
                     "premium is the extra pay the converted role commands, as a share of its current pay.", "lead"),
           table(ctx, ["Dimension", "Traditional role", "AI role", "Premium"], rows, [14, 24, 44, 14], right={3})]
    if a.transitions:
        tot = a.totals
        rows = [[x.from_, x.ai_role, str(x.count), fmt.whole(a.money(x.current_pay_cny)),
                 fmt.pct_range(x.premium_low, x.premium_high), fmt.whole(a.money(x.cost_low_cny)),
                 fmt.whole(a.money(x.cost_high_cny))] for x in a.transitions]
        total = ["Total", "", str(tot.transitions_count), "", "", fmt.whole(a.money(tot.transitions_low_cny)),
                 fmt.whole(a.money(tot.transitions_high_cny))]
        out += [CondPageBreak(140), t.text("Your transitions", "h2"),
                para(ctx, f"The staff your profile plans to move into AI roles, with the premium each move adds "
                          f"per year, in {t.lit(ctx.currency_note())}.", "body"),
                table(ctx, ["From", "To", "Staff", f"Current pay ({cur})", "Premium", f"Cost low ({cur})",
                            f"Cost high ({cur})"], rows, [17, 25, 7, 13, 11, 13, 13], right={2, 3, 4, 5, 6},
                      total=total),
                Spacer(1, 10),
                callout(ctx, [para(ctx, f"<b>Re-skilling cost:</b> {ctx.money(tot.transitions_low_cny)} to "
                                        f"{ctx.money(tot.transitions_high_cny)} a year for {tot.transitions_count} "
                                        f"staff, on top of the costs under Your position.", "body", spaceAfter=0)])]
    else:
        out.append(para(ctx, "Your profile lists no transitions; the table shows the premiums to expect if you "
                             "convert roles later.", "body", spaceBefore=10))
    return [*out, PageBreak()]


def recommendations(ctx: Ctx) -> list[Flowable]:
    a, t = ctx.a, ctx.t
    kind = a.profile.client.employer_type
    out = [*heading(ctx, "Recommendations", "recommendations"),
           para(ctx, f"What the market means for a <b>{kind} employer</b>, in our words. For "
                     f"{t.lit(ctx.client)}, the one marked matters most.", "lead")]
    for i, rec in enumerate(a.recommendations, 1):
        key = rec is a.key_recommendation
        block = [para(ctx, f"{i}. {t.lit(rec.title)}" + (
            f'  <font size="8.5" color="{ctx.brand.colors["accent"]}">MOST IMPORTANT FOR YOU</font>' if key else ""),
            "h3"), t.text(rec.text, "body", spaceAfter=0)]
        out += [KeepTogether(callout(ctx, block) if key else block), Spacer(1, 10)]
    out += [CondPageBreak(120), t.text(f"Actions for {ctx.client}", "h2"), *bullets(ctx, _actions(ctx))]
    return [*out, PageBreak()]


def _actions(ctx: Ctx) -> list[str]:
    """Client-specific steps drawn from the analysis's lists, in the order a reader would act."""
    a, t = ctx.a, ctx.t
    pct = a.target_percentile
    steps: list[str] = []
    staffed = [r for r in a.below_target if r.headcount]  # a role with no staff has no pay to raise
    if staffed:
        shown, more = listing(staffed)
        names = [f"{t.lit(r.label)} ({fmt.pct(r.position_vs_target, 1, sign=True)}, "  # type: ignore[arg-type]
                 f"{ctx.money(r.cost_to_close_cny)} a year)" for r in shown]  # type: ignore[arg-type]
        steps.append(f"<b>Raise pay where the gap to {pct} is widest:</b> {join(names)}"
                     f"{', then the other roles below target' if more else ''}. Closing every gap costs "
                     f"{ctx.money(a.totals.cost_to_close_cny)} a year.")
    if a.hardest_hires:
        shown, more = listing(list(a.hardest_hires))
        names = [f"{t.lit(r.label)} ({r.planned_hires} planned, difficulty {r.difficulty}/10)" for r in shown]
        steps.append(f"<b>Open the scarcest searches first:</b> {join(names)}{', and the rest' if more else ''}. "
                     f"Budget {pct} pay for them: the market will not fill these posts below it.")
    if a.unknown_pay:
        shown, more = listing(list(a.unknown_pay))
        steps.append(f"<b>Collect current pay</b> for {join([t.lit(r.label) for r in shown])}"
                     f"{' and others' if more else ''}, so the gap can be priced and included in the totals.")
    if a.transitions:
        tot = a.totals
        moves = join([f"{x.count} {t.lit(x.from_)} to {t.lit(x.ai_role)}" for x in a.transitions[:3]])
        steps.append(f"<b>Set aside {ctx.money(tot.transitions_low_cny)} to {ctx.money(tot.transitions_high_cny)} "
                     f"a year for re-skilling</b>: {moves}{', and more' if len(a.transitions) > 3 else ''}.")
    steps.append(f"<b>Act on the key recommendation:</b> {t.lit(a.key_recommendation.title)}.")
    return steps


DEFINITIONS = [
    ("P50", "The median: half of the market pays the role this much or less."),
    ("P75", "The 75th percentile: three quarters of the market pays the role this much or less."),
    ("Target", "The percentile your profile aims at (P50 or P75); the benchmark for every cost in this briefing."),
    ("Compa-ratio", "Current pay divided by P50. 1.00 is the market median; 0.90 is 10% below it."),
    ("Position vs target", "How far current pay sits above (+) or below (\u2212) the target, as a share of the "
                           "target."),
    ("Cost to close", "For a role paid below target: the target minus current pay, times current headcount, per "
                      "year. Zero at or above target; unknown when current pay is not given."),
    ("Hiring cost", "Target pay times planned hires, per year."),
    ("Total", "Cost to close plus hiring cost. A cost to close that is unknown is left out of the totals; that role's hiring cost still counts."),
    ("Scarcity", "The estimated talent gap divided by current headcount in a specialization, both at the "
                 "midpoint of their ranges."),
    ("Difficulty", "The hiring difficulty of a specialization on a scale of 10, as estimated by industry sources."),
    ("Premium", "The extra pay, as a share of current pay, that a traditional role commands once converted into "
                "its AI counterpart."),
]


def method(ctx: Ctx) -> list[Flowable]:
    a, t = ctx.a, ctx.t
    e = a.edition
    units = (f"Benchmark tables are in {t.lit(e.unit)}, as published. Figures about {t.lit(ctx.client)} are "
             f"per year in {t.lit(ctx.currency_note())}. Pay is per person per year; costs are per year for "
             f"all the people concerned. Figures are rounded to the unit for display.")
    dates = f"The benchmark is effective {fmt.date(e.effective_date)}. "
    if a.aged:
        dates += (f"It is aged {a.aging_days} days to {fmt.date(a.age_to)} by multiplying each published figure "  # type: ignore
                  f"by (1 + YoY) raised to the power of days / 365.25, using each role's own YoY growth. ")
    else:
        dates += "It is used as published, without aging. "
    dates += f"This briefing is dated {fmt.date(a.profile.briefing.date)}."
    sources = [[s.outlet, fmt.date(s.date), s.subject] for s in e.sources]
    return [*heading(ctx, "Method, sources and definitions", "method"),
            KeepTogether([t.text("Basis of the figures", "h2"),
                          para(ctx, f"{t.lit(e.basis)} Benchmark edition {t.lit(e.id)} ({t.lit(e.label)}).")]),
            KeepTogether([t.text("Disclaimer", "h2"),
                          para(ctx, f"This briefing is for information only and is not advice. It applies industry "
                                    f"estimates to the figures in your profile; it does not audit them. Check any "
                                    f"decision on pay or hiring against your own data and, where needed, "
                                    f"professional advice. Prepared by {t.lit(ctx.brand.firm)} for "
                                    f"{t.lit(ctx.client)}; confidential.", "body")]),
            KeepTogether([t.text("Sources", "h2"),
                          table(ctx, ["Outlet", "Date", "Subject"], sources, [20, 17, 63])]),
            KeepTogether([t.text("Units and dates", "h2"), para(ctx, f"{units} {dates}")]),
            *subhead(ctx, "Definitions"),
            table(ctx, ["Term", "Meaning"], [list(d) for d in DEFINITIONS], [20, 80], padding=3)]
