"""The benchmark: published pay by role, as a table and a chart."""

from __future__ import annotations

from reportlab.platypus import Flowable, PageBreak

from .... import fmt
from .. import alt
from ..blocks import Ctx, figure, heading, para, table
from ..charts import benchmark_chart


def story(ctx: Ctx) -> list[Flowable]:
    a, t, w = ctx.a, ctx.t, ctx.w
    e = a.edition
    header = [w(f"benchmark.col.{c}") for c in ("role", "p50", "p75", "yoy", "driver")]
    # one precision for the published pay, as the workbook shows it
    digits = fmt.places((v for b in a.benchmark for v in (b.p50_cny_10k, b.p75_cny_10k)), most=2)
    rows = [
        [
            w.name(b.role),
            fmt.table_value(b.p50_cny_10k, digits),
            fmt.table_value(b.p75_cny_10k, digits),
            fmt.pct(b.yoy, sign=True),
            w.name(b.key_driver),
        ]
        for b in a.benchmark
    ]
    weights: list[float] = [30, 8, 8, 8, 30]
    lead = w("benchmark.lead", unit=t.lit(w.ed.unit), date=w.date(e.effective_date))
    if a.aged:
        header.append(w("benchmark.col.factor"))
        for row, b in zip(rows, a.benchmark, strict=True):
            row.append(fmt.factor(b.aging_factor))
        weights = [28, 7, 7, 7, 28, 10]
        aged = w.plural(
            "benchmark.aged", a.aging_days, days=a.aging_days, start=w.date(e.effective_date), end=w.date(a.age_to)
        )
        lead = w.sentences([lead, aged])
    when = (
        w("benchmark.when_aged", date=w.date(a.age_to))
        if a.aged
        else w("benchmark.when_effective", date=w.date(e.effective_date))
    )
    if w.lang == "zh":  # the headers "P50（万元/年）" need room for one line; Chinese names are short
        weights = [24, 13, 13, 7, 24, 10] if a.aged else [28, 13, 13, 8, 26]
    return [
        *heading(ctx, w("section.benchmark"), "benchmark"),
        para(ctx, lead, "lead"),
        table(ctx, header, rows, weights, right={1, 2, 3, 5}),
        figure(
            ctx,
            benchmark_chart(a, ctx.pen, ctx.width),
            w("benchmark.caption_people" if a.per_person else "benchmark.caption", when=when),
            alt.benchmark(a, w),
        ),
        PageBreak(),
    ]
