"""The budget year: the plan's fully loaded cost against a full year, by quarter, and under scenarios."""

from __future__ import annotations

from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Spacer

from .... import fmt
from ....budget import GROWTH, PERCENTILES, CostLines
from ..blocks import Ctx, Muted, heading, para, subhead, table

ITEMS = (("salary", "salary_cny"), ("oncosts", "oncosts_cny"), ("fees", "fees_cny"), ("sign_on", "sign_on_cny"))
ONE_OFF = ("fees", "sign_on")

QUARTERS_AND_SCENARIOS = 340  # points: the quarterly table and the scenarios, heading to note


def story(ctx: Ctx) -> list[Flowable]:
    a, w = ctx.a, ctx.w
    if not a.roles:
        return []  # no role lines, no plan to budget
    b = a.budget
    y = b.year
    unit = w.unit
    out = [
        *heading(ctx, w("section.budget"), "budget"),
        para(
            ctx,
            w(
                "budget.lead",
                year=y.year,
                first=w.month(y.start),
                last=w.month(y.months[-1]),
                currency=ctx.t.lit(w.currency),
                default=w("budget.default_year", year=y.year) if y.default else "",
            ),
            "lead",
        ),
        para(ctx, _settings(ctx), "body"),
    ]

    def amount(lines: CostLines, field: str) -> str:
        return w.amount(getattr(lines, field))

    rows = [
        [
            w(f"budget.{key}"),
            amount(b.in_year, field),
            Muted(w("budget.one_off")) if key in ONE_OFF else amount(b.run_rate, field),
        ]
        for key, field in ITEMS
    ]
    total = [w("budget.total"), w.amount(b.in_year.total_cny), w.amount(b.run_rate.total_cny)]
    out += subhead(
        ctx,
        w("budget.cost_title", year=y.year),
        table(
            ctx,
            [
                w("budget.col.cost"),
                w("budget.col.in_year", year=y.year, unit=unit),
                w("budget.col.full_year", unit=unit),
            ],
            rows,
            [46, 27, 27],
            right={1, 2},
            total=total,
        ),
        after=[para(ctx, w("budget.full_year_note"), "small", spaceBefore=4)],
    )

    rows = [
        [w(f"budget.{key}"), *(amount(q, field) for q in b.quarters), amount(b.in_year, field)] for key, field in ITEMS
    ]
    total = [w("budget.total"), *(w.amount(q.total_cny) for q in b.quarters), w.amount(b.in_year.total_cny)]
    heads = [w("budget.col.cost")] + [w("budget.col.quarter", q=q + 1) for q in range(4)] + [w("budget.col.year")]
    # the quarters and the scenarios read as one block: where both do not fit below the year's table, they
    # start the next page together (the scenarios alone would leave a page a quarter full)
    out.append(CondPageBreak(QUARTERS_AND_SCENARIOS))
    out += subhead(
        ctx,
        w("budget.quarter_title", year=y.year, unit=unit),
        table(ctx, heads, rows, [30, 14, 14, 14, 14, 14], right={1, 2, 3, 4, 5}, total=total),
    )
    out += _scenarios(ctx)
    return [*out, PageBreak()]


def _settings(ctx: Ctx) -> str:
    """The on-cost, fee, sign-on and timing settings in a sentence each; a setting left out is said to be off."""
    a, w = ctx.a, ctx.w
    s, y = a.budget.settings, a.budget.year
    if "oncost_rate" not in s.given:
        oncosts = w("budget.oncosts_off")
    elif s.oncost_cap is None:
        oncosts = w("budget.oncosts_uncapped", rate=fmt.share(s.oncost_rate))
    else:
        oncosts = w("budget.oncosts_capped", rate=fmt.share(s.oncost_rate), cap=fmt.whole(s.oncost_cap))
    fee = w("budget.fee", rate=fmt.share(s.recruiting_fee)) if "recruiting_fee" in s.given else w("budget.fee_off")
    sign_on = w("budget.sign_on_given", amount=w.money(s.sign_on)) if "sign_on" in s.given else w("budget.sign_on_off")
    given = [bool(e.start) for e in a.profile.roles if e.planned_hires]
    starts = (
        "budget.starts_given"
        if given and all(given)
        else "budget.starts_mixed"
        if any(given)
        else "budget.starts_spread"
    )
    parts = [
        oncosts,
        fee,
        sign_on,
        w("budget.timing", raise_from=w.month(y.raise_effective), months=y.raise_months, starts=w(starts)),
    ]
    if a.unknown_pay:
        parts.append(w("budget.unknown_pay"))
    return w.sentences(parts)


def _scenarios(ctx: Ctx) -> list[Flowable]:
    a, w = ctx.a, ctx.w
    sc = a.scenarios
    columns = [(p, shift) for p in PERCENTILES for shift in (sc.fx_shifts or (None,))]
    cells = {(c.percentile, c.growth, c.fx_shift): c for c in sc.cells}
    heads = [w("budget.col.growth")]
    for p, shift in columns:
        heads.append(
            w("budget.col.scenario", pct=p, unit=w.unit)
            if shift is None
            else w("budget.col.scenario_fx", pct=p, rate=fmt.rate(cells[(p, "none", shift)].rate))  # type: ignore[arg-type]  # a cell with an fx shift has its rate
        )
    rows, marked = [], []
    for i, (growth, _) in enumerate(GROWTH):
        row = [w(f"budget.growth.{growth}")]
        for j, key in enumerate(columns):
            cell = cells[(key[0], growth, key[1])]
            row.append(fmt.wan(cell.total) if ctx.w.lang == "zh" and a.currency == "CNY" else fmt.whole(cell.total))
            if cell.base:
                marked.append((1 + j, 1 + i))
        rows.append(row)
    weights = [28] + [72 / len(columns)] * len(columns)
    # the base case in bold: the figures of the tables above
    grid = table(ctx, heads, rows, weights, right=set(range(1, len(heads))), zebra=False, bold=set(marked))
    for col, at in marked:
        grid.setStyle(
            [("BACKGROUND", (col, at), (col, at), ctx.c.band), ("BOX", (col, at), (col, at), 1.2, ctx.c.accent)]
        )
    fx = w("budget.scenario_fx", rate=fmt.rate(a.usd_cny)) if sc.fx_shifts else ""  # type: ignore[arg-type]  # fx shifts only with usd_cny
    lead = para(
        ctx,
        w(
            "budget.scenario_lead",
            date=w.date(sc.aged_from),
            start=w.date(a.budget.year.start),
            fx=fx,
            currency=ctx.t.lit(w.currency),
        ),
        "body",
    )
    note = para(
        ctx, w("budget.scenario_note" if sc.fx_shifts else "budget.scenario_note_cny", pct=a.target_percentile), "small"
    )
    return [
        CondPageBreak(150),  # where the quarters fit but not the scenarios: the scenarios' table whole
        *subhead(
            ctx, w("budget.scenario_title", year=a.budget.year.year), grid, intro=[lead], after=[Spacer(1, 4), note]
        ),
    ]
