"""The executive summary: the lead, three key figures and the points a reader acts on."""

from __future__ import annotations

from reportlab.platypus import Flowable, PageBreak, Spacer

from .... import fmt
from ..blocks import Ctx, Layout, bullets, grid, heading, listing, para


def _kpis(ctx: Ctx) -> Layout:
    a, t, w = ctx.a, ctx.t, ctx.w
    tot = a.totals
    cells = [
        (w("summary.kpi.close"), ctx.money(tot.cost_to_close_cny), w("summary.kpi.close_note")),
        (
            w("summary.kpi.hires"),
            ctx.money(tot.hiring_cost_cny),
            w.plural("summary.kpi.hires_note", tot.planned_hires, n=tot.planned_hires),
        ),
        (w("summary.kpi.total"), ctx.money(tot.total_cny), w("summary.kpi.total_note")),
    ]
    row = [
        [t.text(label, "kpi_label"), t.text(value, "kpi_value"), t.text(note, "kpi_label")]
        for label, value, note in cells
    ]
    gap = 8
    width = (ctx.width - 2 * gap) / 3
    return Layout(
        [[row[0], "", row[1], "", row[2]]],
        colWidths=[width, gap, width, gap, width],
        style=grid(
            ctx,
            [
                *[("BACKGROUND", (i, 0), (i, 0), ctx.c.band) for i in (0, 2, 4)],
                *[("LINEABOVE", (i, 0), (i, 0), 2.5, ctx.c.accent) for i in (0, 2, 4)],
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 8),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
                ("LEFTPADDING", (0, 0), (-1, -1), 9),
            ],
        ),
    )


def _people_points(ctx: Ctx) -> list[str]:
    """How many people sit below target (most in which roles) and what closing it costs, person by person."""
    a, w = ctx.a, ctx.w
    people, pct = a.people, a.target_percentile
    assert people is not None
    points = []
    if people.below_target:
        if len(a.below_target) == 1:
            where = w("summary.below_people_all", name=ctx.label(a.below_target[0]))
        else:
            shown, more = listing(list(a.below_target))
            counts = [people.role(r.role).below_target for r in shown]  # type: ignore[union-attr]
            names = [
                w.paren(ctx.label(r), w.plural("summary.people_n", n, n=f"{n:,}"))
                for r, n in zip(shown, counts, strict=True)
            ]
            where = w("summary.below_people_most", names=w.join(names), more=w("summary.below_more") if more else "")
        points.append(
            w.plural(
                "summary.below_people",
                people.below_target,
                n=f"{people.below_target:,}",
                known=f"{people.with_pay:,}",
                pct=pct,
                where=where,
            )
        )
    elif people.with_pay:
        points.append(w("summary.at_target_people", pct=pct))
    unknown = (
        w.plural("summary.unknown_people", people.without_pay, n=f"{people.without_pay:,}")
        if people.without_pay
        else ""
    )
    points.append(w("summary.close_people", cost=ctx.money(a.totals.cost_to_close_cny), pct=pct, unknown=unknown))
    return points


def story(ctx: Ctx) -> list[Flowable]:
    a, w = ctx.a, ctx.w
    p = a.profile
    tot = a.totals
    pct = a.target_percentile
    about = w("join.about").join(ctx.lit(x) for x in (p.client.headquarters, p.client.industry) if x)
    lead = w(
        "summary.lead",
        client=ctx.lit(ctx.client),
        about=w("summary.about", about=about) if about else "",
        employer=w.employer,
        label=ctx.lit(w.ed.label),
        pct=pct,
    )
    points: list[str] = []
    if a.people is not None:  # a roster of people: how many sit below target, and the cost person by person
        points += _people_points(ctx)
    elif a.below_target:
        shown, more = listing(list(a.below_target))
        names = [w.paren(ctx.label(r), fmt.pct(r.position_vs_target, 1, sign=True)) for r in shown]
        points.append(w("summary.below", pct=pct, names=w.join(names), more=w("summary.below_more") if more else ""))
    elif any(r.current_pay_cny is not None for r in a.roles):
        points.append(w("summary.at_target", pct=pct))
    if a.people is None:
        unknown = ""
        if a.unknown_pay:
            shown, more = listing(list(a.unknown_pay))
            unknown = w(
                "summary.unknown",
                names=w.join([ctx.label(r) for r in shown]),
                more=w("summary.unknown_more") if more else "",
            )
        points.append(w("summary.close", cost=ctx.money(tot.cost_to_close_cny), pct=pct, unknown=unknown))
    if tot.planned_hires:
        points.append(
            w.plural(
                "summary.hires",
                tot.planned_hires,
                n=tot.planned_hires,
                cost=ctx.money(tot.hiring_cost_cny),
                pct=pct,
                total=ctx.money(tot.total_cny),
            )
        )
    else:
        points.append(w("summary.no_hires"))
    if a.hardest_hires:
        shown, more = listing(list(a.hardest_hires))
        names = [w("summary.hire", label=ctx.label(r), n=r.planned_hires, difficulty=r.difficulty) for r in shown]
        points.append(w("summary.hardest", names=w.join(names), more=w("summary.hardest_more") if more else ""))
    elif tot.planned_hires:
        points.append(w("summary.none_hard"))
    if a.transitions:
        points.append(
            w.plural(
                "summary.reskill",
                tot.transitions_count,
                n=tot.transitions_count,
                low=ctx.money(tot.transitions_low_cny),
                high=ctx.money(tot.transitions_high_cny),
            )
        )
    key_title, _ = w.ed.recommendation(a.key_recommendation, a.date)
    points.append(w("summary.key", employer=w.employer, title=ctx.lit(key_title)))
    notes = [
        para(
            ctx,
            w.sentences([w("summary.note_currency", currency=ctx.t.lit(w.currency)), ctx.t.lit(w.aging())]),
            "small",
        )
    ]
    if a.stale:  # a paragraph of its own: the reader should not miss that the market reading is that old
        notes.append(
            para(
                ctx,
                w("summary.note_stale", start=w.date(a.edition.effective_date), months=a.edition_age_months),
                "small",
                spaceBefore=4,
            )
        )
    return [
        *heading(ctx, w("section.summary"), "summary"),
        para(ctx, lead, "lead"),
        _kpis(ctx),
        Spacer(1, 16),
        *bullets(ctx, points[:6]),
        Spacer(1, 6),
        *notes,
        PageBreak(),
    ]
