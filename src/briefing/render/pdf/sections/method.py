"""Method and sources: the basis, disclaimer, sources, units and dates, and the terms used."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether

from ..blocks import Ctx, heading, para, subhead, table

DEFINITIONS = (
    "p50",
    "p75",
    "target",
    "compa",
    "position",
    "close",
    "hiring",
    "total",
    "scarcity",
    "difficulty",
    "premium",
)
# A roster of people: compa-ratio, position and cost to close are defined person by person, and the bands added.
PEOPLE_DEFINITIONS = {"compa": "compa_people", "position": "position_people", "close": "close_people"}


def story(ctx: Ctx) -> list[Flowable]:
    a, t, w = ctx.a, ctx.t, ctx.w
    e = a.edition
    units = w("method.units", unit=t.lit(w.ed.unit), client=ctx.lit(ctx.client), currency=t.lit(w.currency))
    dates = [t.lit(w.aging())]  # it names the effective date
    if a.aged:
        dates.append(w.plural("method.aged", a.aging_days, days=a.aging_days))
    dates.append(w("method.dated", date=w.date(a.profile.briefing.date)))
    sources = [[s.outlet, w.date(s.date), w.ed.sources[s.id]] for s in e.sources]
    terms: tuple[str, ...] = DEFINITIONS
    if a.per_person:
        terms = tuple(PEOPLE_DEFINITIONS.get(d, d) for d in DEFINITIONS)
        terms = (*terms[: terms.index("close_people")], "bands", *terms[terms.index("close_people") :])
    definitions = [[w(f"definition.{d}.term"), w(f"definition.{d}.text")] for d in terms]
    return [
        *heading(ctx, w("section.method"), "method"),
        KeepTogether(
            [
                t.text(w("method.basis_title"), "h2"),
                para(ctx, w("method.basis", basis=t.lit(w.ed.basis), edition=t.lit(e.id), label=t.lit(w.ed.label))),
            ]
        ),
        KeepTogether(
            [
                t.text(w("method.disclaimer_title"), "h2"),
                para(ctx, w("method.disclaimer", firm=ctx.lit(ctx.brand.firm), client=ctx.lit(ctx.client)), "body"),
            ]
        ),
        KeepTogether(
            [
                t.text(w("method.sources_title"), "h2"),
                table(ctx, [w(f"method.col.{c}") for c in ("outlet", "date", "subject")], sources, [20, 17, 63]),
            ]
        ),
        KeepTogether([t.text(w("method.units_title"), "h2"), para(ctx, w.sentences([units, *dates]))]),
        *subhead(
            ctx,
            w("method.definitions_title"),
            table(ctx, [w(f"method.col.{c}") for c in ("term", "meaning")], definitions, [20, 80], padding=3),
        ),
    ]
