"""The market: the edition's signals, each with its source."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, PageBreak

from ..blocks import Ctx, heading, para


def story(ctx: Ctx) -> list[Flowable]:
    t, w = ctx.t, ctx.w
    out = [*heading(ctx, w("section.market"), "market"), para(ctx, w("market.lead"), "lead")]
    for signal in ctx.a.edition.signals:
        s = signal.source
        title, text = w.ed.signal(signal, ctx.a.date)
        out.append(
            KeepTogether(
                [
                    t.text(title, "h2"),
                    t.text(text),
                    para(
                        ctx,
                        w(
                            "market.source",
                            outlet=t.lit(s.outlet),
                            date=w.date(s.date),
                            subject=t.lit(w.ed.sources[s.id]),
                        ),
                        "small",
                    ),
                ]
            )
        )
    return [*out, PageBreak()]
