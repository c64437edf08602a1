"""What changed since the previous edition: the largest movements for the client's roles, and what else moved
that bears on the client. Only when the edition used has a predecessor in its data folder."""

from __future__ import annotations

from reportlab.platypus import CondPageBreak, Flowable, PageBreak

from .... import fmt
from ..blocks import Ctx, bullets, heading, listing, para, subhead, table

ROWS = 8  # role rows shown; the workbook's sheet has every one
GAPS = 2  # specializations named; the workbook's sheet has every one


def _pct(move) -> str:
    return "\u2013" if move.pct is None or not move.moved else fmt.pct(move.pct, 1, sign=True)


def story(ctx: Ctx) -> list[Flowable]:
    a, t, w = ctx.a, ctx.t, ctx.w
    d = a.changes
    if d is None:
        return []
    pct = a.target_percentile
    out = [
        *heading(ctx, w("section.changes", edition=d.old_id), "changes"),
        para(
            ctx,
            w(
                "changes.lead",
                new=t.lit(d.new_id),
                new_label=t.lit(w.ed.label),
                old=t.lit(d.old_id),
                old_date=w.date(d.old_effective),
                new_date=w.date(d.new_effective),
                pct=pct,
            ),
            "lead",
        ),
    ]
    moves = list(a.role_changes)
    if not moves:  # no roles in the profile: the largest moves across the benchmark
        moves = sorted(d.roles, key=lambda m: -abs(m.at(pct).pct or 0))
        out.append(para(ctx, w("changes.no_roles"), "body"))
    if any(m.moved for m in moves):
        shown = moves[:ROWS]
        # one precision for the published pay, as the benchmark table prints it
        digits = fmt.places(
            (v / 10_000 for m in shown for v in (m.p50_cny.old, m.p50_cny.new, m.p75_cny.old, m.p75_cny.new)), most=2
        )
        rows = [
            [
                w.name(m.role),
                fmt.cny_10k(m.p50_cny.old, digits),
                fmt.cny_10k(m.p50_cny.new, digits),
                _pct(m.p50_cny),
                fmt.cny_10k(m.p75_cny.old, digits),
                fmt.cny_10k(m.p75_cny.new, digits),
                _pct(m.p75_cny),
                fmt.pct(m.yoy.old, sign=True),
                fmt.pct(m.yoy.new, sign=True),
            ]
            for m in shown
        ]
        columns = ("role", "p50_old", "p50_new", "p50_pct", "p75_old", "p75_new", "p75_pct", "yoy_old", "yoy_new")
        more = len(moves) - ROWS
        out += subhead(
            ctx,
            w("changes.pay_title"),
            table(
                ctx,
                [w(f"changes.col.{c}") for c in columns],
                rows,
                [28, 9, 9, 9, 9, 9, 9, 9, 9],
                right=set(range(1, 9)),
            ),
            after=[para(ctx, w.plural("changes.more", more, n=more), "small")] if more > 0 else [],
        )
    else:
        out.append(para(ctx, w("changes.none_moved"), "body"))
    points = _elsewhere(ctx)
    if points:
        out += [CondPageBreak(80), t.text(w("changes.other_title"), "h2"), *bullets(ctx, points)]
    out.append(para(ctx, w("changes.note"), "small", spaceBefore=8))
    return [*out, PageBreak()]


def _elsewhere(ctx: Ctx) -> list[str]:
    """Roles added or removed, and the moves in the specializations the client hires into and the premiums of
    its transitions (every move is in the workbook's sheet)."""
    a, t, w = ctx.a, ctx.t, ctx.w
    d = a.changes
    assert d is not None, "the section is drawn only when the edition has a predecessor"
    points = []
    for key, names in (("added", d.roles_added), ("removed", d.roles_removed)):
        if names:
            shown, more = listing([t.lit(w.name(n)) if n in w.ed.names else t.lit(n) for n in names], 4)
            points.append(w(f"changes.{key}", names=w.join(shown), more=w("changes.and_more") if more else ""))
    hired = {s for r in a.roles for s in r.specializations}
    gaps = sorted(
        (g for g in d.gaps if g.moved and g.specialization in hired),  # a harder search first
        key=lambda g: (
            -abs(g.difficulty.change),
            -abs((g.gap_low.new + g.gap_high.new) / (g.gap_low.old + g.gap_high.old) - 1),
        ),
    )
    for g in gaps[:GAPS]:
        difficulty = (
            w("changes.difficulty", old=f"{g.difficulty.old:g}", new=f"{g.difficulty.new:g}")
            if g.difficulty.moved
            else ""
        )
        points.append(
            w(
                "changes.gap",
                name=t.lit(w.name(g.specialization)),
                old=fmt.count_range(int(g.gap_low.old), int(g.gap_high.old)),
                new=fmt.count_range(int(g.gap_low.new), int(g.gap_high.new)),
                difficulty=difficulty,
            )
        )
    moving = {x.from_ for x in a.transitions}
    for p in d.premiums:
        if p.moved and p.traditional_role in moving:
            points.append(
                w(
                    "changes.premium",
                    from_role=t.lit(w.name(p.traditional_role)),
                    to_role=t.lit(w.name(p.ai_role)),
                    old=fmt.pct_range(p.premium_low.old, p.premium_high.old),
                    new=fmt.pct_range(p.premium_low.new, p.premium_high.new),
                )
            )
    return points
