"""The briefing's first sections: cover, contents, executive summary, the market, benchmark and position."""

from __future__ import annotations

from reportlab.platypus import (Flowable, FrameBreak, KeepTogether, NextPageTemplate,
                                PageBreak, Spacer, Table)

from .. import fmt
from .pdfblocks import Ctx, Muted, bullets, callout, figure, grid, heading, listing, para, subhead, table
from .pdfcharts import benchmark_chart, position_charts
from .pdflogo import Logo


class Mark(Flowable):
    """An invisible flowable that carries a bookmark (for the cover, which has no heading)."""

    def __init__(self, key: str, title: str):
        super().__init__()
        self._section = (key, title)
        self._in_toc = False

    def wrap(self, aw, ah):
        return 0, 0

    def draw(self):
        pass


TOC_NUMBER_W = 60  # the contents' page-number column


def page_form(key: str) -> str:
    return f"briefing-toc-{key}"


class PageRef(Flowable):
    """A contents entry's page number, linked to its section.

    The page is unknown while the contents page is laid out (one layout pass), so the number is a PDF
    form that `draw_page_ref` defines once the last page is done; the entry keeps the height of one line.
    """

    def __init__(self, ctx: Ctx, key: str):
        super().__init__()
        self.key = key
        self.height = ctx.t.styles["toc_r"].leading

    def wrap(self, aw, ah):
        self.width = aw
        return aw, self.height

    def draw(self):
        self.canv.doForm(page_form(self.key))
        self.canv.linkRect("", self.key, (0, 0, self.width, self.height), relative=1)


def draw_page_ref(ctx: Ctx, canv, key: str, page: int, pagesize: tuple[float, float]) -> None:
    """Define the form of a contents entry's page number: the number right-aligned in its column."""
    w, h = pagesize
    canv.beginForm(page_form(key), -w, -h, w, h)  # drawn at the column's origin: any box that holds it
    number = ctx.t.para(str(page), "toc_r")
    number.wrap(TOC_NUMBER_W, h)
    number.drawOn(canv, 0, 0)
    canv.endForm()


def cover(ctx: Ctx) -> list[Flowable]:
    a, t, w = ctx.a, ctx.t, ctx.w
    p = a.profile
    firm = [t.clipped(ctx.brand.firm, "cover_firm", ctx.width - 52, 2)]
    top = (Table([[Logo(ctx.brand.logo, 40), firm]], colWidths=[52, ctx.width - 52],
                 style=grid(ctx, [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]),
                 hAlign="LEFT")
           if ctx.brand.logo else firm[0])
    band = [t.text(w.common("title"), "cover_title"), t.text(w("cover.subtitle"), "cover_sub"),
            Spacer(1, 8), t.text(w("cover.edition", label=w.ed.label), "cover_sub", fontSize=11)]
    text_w = ctx.width - 70 if p.client.logo else ctx.width
    # the name wraps; a name too long for the cover is cut after four lines (it is quoted in full nowhere
    # a fixed space would overflow)
    name = [t.text(w("cover.prepared_for"), "cover_label"), t.clipped(p.client.name, "cover_client", text_w, 4)]
    about = [x for x in (p.client.headquarters, p.client.industry) if x]
    if about:
        name.append(t.clipped(" \u00b7 ".join(about), "body", text_w, 2, textColor=ctx.c.muted))
    client = (Table([[Logo(p.client.logo, 56), name]], colWidths=[70, ctx.width - 70],
                    style=grid(ctx, [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]),
                    hAlign="LEFT")
              if p.client.logo else KeepTogether(name))
    details = [(w("cover.employer_type"), w.common(f"employer_type_title.{p.client.employer_type}")),
               (w("cover.effective"), w.date(a.edition.effective_date))]
    if a.aged:
        details.append((w("cover.aged_to"), w.date(a.age_to)))  # type: ignore[arg-type]
    details += [(w("cover.date"), w.date(p.briefing.date)), (w("cover.percentile"), a.target_percentile),
                (w("cover.currency"), w.currency)]
    facts = Table([[t.text(k, "cell", textColor=ctx.c.muted, fontSize=9.5, leading=13),
                    t.text(v, "cell", fontSize=9.5, leading=13)] for k, v in details],
                  colWidths=[130, ctx.width - 130], hAlign="LEFT", style=grid(ctx, [
                      ("LINEBELOW", (0, 0), (-1, -1), 0.5, ctx.c.rule), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                      ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))
    return [NextPageTemplate("body"), Mark("cover", w("section.cover")), top, FrameBreak(), *band, FrameBreak(),
            client, Spacer(1, 22), facts, PageBreak()]


def contents(ctx: Ctx, sections: list[tuple[str, str]]) -> list[Flowable]:
    """The contents page: `sections` as (bookmark key, title), each title and page number a link."""
    a, t, w, c = ctx.a, ctx.t, ctx.w, ctx.c
    rows = [[t.para(f'<a href="#{key}">{t.lit(title)}</a>', "toc"), PageRef(ctx, key)] for key, title in sections]
    table = Table(rows, colWidths=[ctx.width - TOC_NUMBER_W, TOC_NUMBER_W], style=grid(ctx, [
        ("LINEBELOW", (0, 0), (-1, -1), 0.5, c.rule), ("TOPPADDING", (0, 0), (-1, -1), 7),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 7), ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    guide = [para(ctx, f"<b>{t.lit(w('contents.guide_title'))}</b>", "body", spaceAfter=3),
             para(ctx, w("contents.guide", client=ctx.lit(ctx.client), currency=t.lit(w.currency),
                         pct=a.target_percentile), "body", spaceAfter=0)]
    return [*heading(ctx, w("section.contents"), "contents"), table, Spacer(1, 24), callout(ctx, guide),
            PageBreak()]


def _kpis(ctx: Ctx) -> Table:
    a, t, w = ctx.a, ctx.t, ctx.w
    tot = a.totals
    cells = [(w("summary.kpi.close"), ctx.money(tot.cost_to_close_cny), w("summary.kpi.close_note")),
             (w("summary.kpi.hires"), ctx.money(tot.hiring_cost_cny),
              w("summary.kpi.hires_note", n=tot.planned_hires)),
             (w("summary.kpi.total"), ctx.money(tot.total_cny), w("summary.kpi.total_note"))]
    row = [[t.text(label, "kpi_label"), t.text(value, "kpi_value"), t.text(note, "kpi_label")]
           for label, value, note in cells]
    gap = 8
    width = (ctx.width - 2 * gap) / 3
    return Table([[row[0], "", row[1], "", row[2]]], colWidths=[width, gap, width, gap, width], style=grid(ctx, [
        *[("BACKGROUND", (i, 0), (i, 0), ctx.c.band) for i in (0, 2, 4)],
        *[("LINEABOVE", (i, 0), (i, 0), 2.5, ctx.c.accent) for i in (0, 2, 4)],
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 8),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 8), ("LEFTPADDING", (0, 0), (-1, -1), 9)]))


def summary(ctx: Ctx) -> list[Flowable]:
    a, w = ctx.a, ctx.w
    p = a.profile
    tot = a.totals
    pct = a.target_percentile
    about = w("join.about").join(ctx.lit(x) for x in (p.client.headquarters, p.client.industry) if x)
    lead = w("summary.lead", client=ctx.lit(ctx.client), about=w("summary.about", about=about) if about else "",
             employer=w.employer, label=ctx.lit(w.ed.label), pct=pct)
    points: list[str] = []
    if a.below_target:
        shown, more = listing(list(a.below_target))
        names = [w.paren(ctx.label(r), fmt.pct(r.position_vs_target, 1, sign=True)) for r in shown]  # type: ignore
        points.append(w("summary.below", pct=pct, names=w.join(names), more=w("summary.below_more") if more else ""))
    elif any(r.current_pay_cny is not None for r in a.roles):
        points.append(w("summary.at_target", pct=pct))
    unknown = ""
    if a.unknown_pay:
        shown, more = listing(list(a.unknown_pay))
        unknown = w("summary.unknown", names=w.join([ctx.label(r) for r in shown]),
                    more=w("summary.unknown_more") if more else "")
    points.append(w("summary.close", cost=ctx.money(tot.cost_to_close_cny), pct=pct, unknown=unknown))
    if tot.planned_hires:
        points.append(w("summary.hires", n=tot.planned_hires, cost=ctx.money(tot.hiring_cost_cny), pct=pct,
                        total=ctx.money(tot.total_cny)))
    else:
        points.append(w("summary.no_hires"))
    if a.hardest_hires:
        shown, more = listing(list(a.hardest_hires))
        names = [w("summary.hire", label=ctx.label(r), n=r.planned_hires, difficulty=r.difficulty) for r in shown]
        points.append(w("summary.hardest", names=w.join(names), more=w("summary.hardest_more") if more else ""))
    elif tot.planned_hires:
        points.append(w("summary.none_hard"))
    if a.transitions:
        points.append(w("summary.reskill", n=tot.transitions_count, low=ctx.money(tot.transitions_low_cny),
                        high=ctx.money(tot.transitions_high_cny)))
    key_title, _ = w.ed.recommendation(a.key_recommendation)
    points.append(w("summary.key", employer=w.employer, title=ctx.lit(key_title)))
    notes = [w("summary.note_currency", currency=ctx.t.lit(w.currency))]
    if a.aged:
        notes.append(w("summary.note_aged", date=w.date(a.age_to)))  # type: ignore[arg-type]
    return [*heading(ctx, w("section.summary"), "summary"), para(ctx, lead, "lead"), _kpis(ctx), Spacer(1, 16),
            *bullets(ctx, points[:6]), Spacer(1, 6), para(ctx, w.sentences(notes), "small"), PageBreak()]


def market(ctx: Ctx) -> list[Flowable]:
    t, w = ctx.t, ctx.w
    out = [*heading(ctx, w("section.market"), "market"), para(ctx, w("market.lead"), "lead")]
    for signal in ctx.a.edition.signals:
        s = signal.source
        title, text = w.ed.signal(signal)
        out.append(KeepTogether([
            t.text(title, "h2"), t.text(text),
            para(ctx, w("market.source", outlet=t.lit(s.outlet), date=w.date(s.date),
                        subject=t.lit(w.ed.sources[s.id])), "small")]))
    return [*out, PageBreak()]


def benchmark(ctx: Ctx) -> list[Flowable]:
    a, t, w = ctx.a, ctx.t, ctx.w
    e = a.edition
    header = [w(f"benchmark.col.{c}") for c in ("role", "p50", "p75", "yoy", "driver")]
    rows = [[w.name(b.role), fmt.table_value(b.p50_cny_10k), fmt.table_value(b.p75_cny_10k),
             fmt.pct(b.yoy, sign=True), w.name(b.key_driver)] for b in a.benchmark]
    weights = [30, 8, 8, 8, 30]
    lead = w("benchmark.lead", unit=t.lit(w.ed.unit), date=w.date(e.effective_date))
    if a.aged:
        header.append(w("benchmark.col.factor"))
        for row, b in zip(rows, a.benchmark):
            row.append(fmt.factor(b.aging_factor))
        weights = [28, 7, 7, 7, 28, 10]
        lead = w.sentences([lead, w("benchmark.aged", days=a.aging_days, start=w.date(e.effective_date),
                                    end=w.date(a.age_to))])  # type: ignore[arg-type]
    when = (w("benchmark.when_aged", date=w.date(a.age_to)) if a.aged  # type: ignore[arg-type]
            else w("benchmark.when_effective", date=w.date(e.effective_date)))
    if w.lang == "zh":  # the headers "P50（万元/年）" need room for one line; Chinese names are short
        weights = [24, 13, 13, 7, 24, 10] if a.aged else [28, 13, 13, 8, 26]
    return [*heading(ctx, w("section.benchmark"), "benchmark"), para(ctx, lead, "lead"),
            table(ctx, header, rows, weights, right={1, 2, 3, 5}),
            figure(ctx, benchmark_chart(a, ctx.pen, ctx.width), w("benchmark.caption", when=when)),
            PageBreak()]


def position(ctx: Ctx) -> list[Flowable]:
    a, t, w = ctx.a, ctx.t, ctx.w
    unit = w.unit
    pct = a.target_percentile
    out = [*heading(ctx, w("section.position"), "position"),
           para(ctx, w("position.lead", aged=w("position.lead_aged") if a.aged else "", pct=pct,
                       currency=t.lit(w.currency)), "lead")]
    if not a.roles:
        out.append(para(ctx, w("position.no_roles"), "body"))
        return [*out, PageBreak()]

    def pay(r) -> str:
        if r.current_pay_cny is not None:
            return w.amount(r.current_pay_cny)
        return Muted(w("position.not_given") if r.pay_unknown else w("position.no_staff"))

    def col(*names: str) -> list[str]:
        return [w(f"position.col.{c}", unit=unit, pct=pct) for c in names]

    rows = [[w.label(r), str(r.headcount), pay(r), w.amount(r.p50_cny), w.amount(r.p75_cny),
             w.amount(r.target_cny), Muted("\u2013") if r.compa_ratio is None else fmt.ratio(r.compa_ratio),
             Muted("\u2013") if r.position_vs_target is None else fmt.pct(r.position_vs_target, 1, sign=True)]
            for r in a.roles]
    out += [*subhead(ctx, w("position.pay_title")),
            table(ctx, col("role", "staff", "pay", "p50", "p75", "target", "compa", "vs_target"), rows,
                  [22, 7, 12, 11, 11, 11, 13, 11], right=set(range(1, 8)))]
    tot = a.totals
    rows = [[w.label(r), str(r.headcount), str(r.planned_hires), ctx.amount(r.cost_to_close_cny),
             w.amount(r.hiring_cost_cny), ctx.amount(r.total_cny)] for r in a.roles]
    total = [w("position.total"), str(tot.headcount), str(tot.planned_hires), w.amount(tot.cost_to_close_cny),
             w.amount(tot.hiring_cost_cny), w.amount(tot.total_cny)]
    out += [*subhead(ctx, w("position.cost_title")),
            table(ctx, col("role", "staff", "hires", "close", "hiring", "total"), rows, [32, 8, 10, 15, 15, 15],
                  right=set(range(1, 6)), total=total)]
    if a.unknown_pay:  # named up to eight: the callout is one unsplittable box, whatever the roster's size
        shown, more = listing(list(a.unknown_pay), 8)
        bold = [f"<b>{ctx.label(r)}</b>" for r in shown]
        names = (w("join.sep").join(bold) + w("position.unknown_more", count=len(a.unknown_pay) - len(shown))
                 if more else w.join(bold))
        out += [Spacer(1, 10), callout(ctx, [para(ctx, w("position.unknown", names=names), "body", spaceAfter=0)],
                                       ctx.c.negative)]
    charts = position_charts(a, ctx.pen, ctx.width)
    out.append(Spacer(1, 6))
    for i, chart in enumerate(charts):
        if i < len(charts) - 1:
            out += [chart, Spacer(1, 12)]
        else:
            out.append(figure(ctx, chart, w("position.caption", unit=w(f"chart.unit.{a.currency}"), pct=pct)))
    return [*out, PageBreak()]
