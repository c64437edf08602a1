"""The briefing's first sections: cover, contents, executive summary, the market, benchmark and position."""

from __future__ import annotations

from reportlab.lib.utils import ImageReader
from reportlab.platypus import (Flowable, FrameBreak, Image, KeepTogether, NextPageTemplate,
                                PageBreak, Spacer, Table)
from reportlab.platypus.tableofcontents import TableOfContents

from .. import fmt
from .pdfblocks import (TITLE, Ctx, Muted, bullets, callout, figure, grid, heading, join, listing, para,
                        subhead, table)
from .pdfcharts import benchmark_chart, position_charts


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


class Contents(TableOfContents):
    """A contents table whose titles and page numbers are both links to their sections."""

    def __init__(self, ctx: Ctx):
        super().__init__()
        self.ctx = ctx

    def wrap(self, aw, ah):
        t, c = self.ctx.t, self.ctx.c
        entries = self._lastEntries or [(0, "Contents", 0, None)]
        rows = [[t.para(f'<a href="#{key}">{text}</a>', "toc"), t.para(f'<a href="#{key}">{page}</a>', "toc_r")]
                for _level, text, page, key in entries]
        self._table = Table(rows, colWidths=[aw - 60, 60], style=grid(self.ctx, [
            ("LINEBELOW", (0, 0), (-1, -1), 0.5, c.rule), ("TOPPADDING", (0, 0), (-1, -1), 7),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 7), ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
        self.width, self.height = self._table.wrapOn(self.canv, aw, ah)
        return self.width, self.height


def _logo(path, size: float) -> Image:
    w, h = ImageReader(str(path)).getSize()
    scale = size / max(w, h)
    return Image(str(path), width=w * scale, height=h * scale)


def cover(ctx: Ctx) -> list[Flowable]:
    a, t = ctx.a, ctx.t
    p = a.profile
    firm = [t.text(ctx.brand.firm, "cover_firm")]
    top = (Table([[_logo(ctx.brand.logo, 40), firm]], colWidths=[52, ctx.width - 52],
                 style=grid(ctx, [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]),
                 hAlign="LEFT")
           if ctx.brand.logo else firm[0])
    band = [t.text(TITLE, "cover_title"),
            t.text("Pay, talent supply and next steps for AI roles in China", "cover_sub"),
            Spacer(1, 8), t.text(f"Benchmark edition: {a.edition.label}", "cover_sub", fontSize=11)]
    name = [t.text("Prepared for", "cover_label"), t.text(p.client.name, "cover_client")]
    about = [x for x in (p.client.headquarters, p.client.industry) if x]
    if about:
        name.append(t.text(" \u00b7 ".join(about), "body", textColor=ctx.c.muted))
    client = (Table([[_logo(p.client.logo, 56), name]], colWidths=[70, ctx.width - 70],
                    style=grid(ctx, [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]),
                    hAlign="LEFT")
              if p.client.logo else KeepTogether(name))
    details = [("Employer type", f"{p.client.employer_type.capitalize()} employer"),
               ("Benchmark effective", fmt.date(a.edition.effective_date))]
    if a.aged:
        details.append(("Benchmark pay aged to", fmt.date(a.age_to)))  # type: ignore[arg-type]
    details += [("Briefing date", fmt.date(p.briefing.date)), ("Target percentile", a.target_percentile),
                ("Currency", ctx.currency_note())]
    facts = Table([[t.text(k, "cell", textColor=ctx.c.muted, fontSize=9.5, leading=13),
                    t.text(v, "cell", fontSize=9.5, leading=13)] for k, v in details],
                  colWidths=[130, ctx.width - 130], hAlign="LEFT", style=grid(ctx, [
                      ("LINEBELOW", (0, 0), (-1, -1), 0.5, ctx.c.rule), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                      ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))
    return [NextPageTemplate("body"), Mark("cover", "Cover"), top, FrameBreak(), *band, FrameBreak(),
            client, Spacer(1, 22), facts, PageBreak()]


def contents(ctx: Ctx) -> list[Flowable]:
    a = ctx.a
    guide = [para(ctx, "<b>How to read this briefing</b>", "body", spaceAfter=3),
             para(ctx, f"Figures about {ctx.t.lit(ctx.client)} (pay, costs, totals) are per year in "
                       f"{ctx.t.lit(ctx.currency_note())}. Benchmark tables are in CNY as published. "
                       f"The pay target is the market's {a.target_percentile}. Terms are defined in "
                       f"<i>Method, sources and definitions</i>.", "body", spaceAfter=0)]
    return [*heading(ctx, "Contents", "contents"), Contents(ctx), Spacer(1, 24), callout(ctx, guide), PageBreak()]


def _kpis(ctx: Ctx) -> Table:
    a, t = ctx.a, ctx.t
    tot = a.totals
    cells = [("Closing the pay gap", ctx.money(tot.cost_to_close_cny), "a year, for current staff"),
             ("Planned hires at target", ctx.money(tot.hiring_cost_cny), f"a year, {tot.planned_hires} hires"),
             ("Total", ctx.money(tot.total_cny), "a year")]
    row = [[t.text(label, "kpi_label"), t.text(value, "kpi_value"), t.text(note, "kpi_label")]
           for label, value, note in cells]
    gap = 8
    w = (ctx.width - 2 * gap) / 3
    return Table([[row[0], "", row[1], "", row[2]]], colWidths=[w, gap, w, gap, w], style=grid(ctx, [
        *[("BACKGROUND", (i, 0), (i, 0), ctx.c.band) for i in (0, 2, 4)],
        *[("LINEABOVE", (i, 0), (i, 0), 2.5, ctx.c.accent) for i in (0, 2, 4)],
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 8),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 8), ("LEFTPADDING", (0, 0), (-1, -1), 9)]))


def summary(ctx: Ctx) -> list[Flowable]:
    a, t = ctx.a, ctx.t
    p = a.profile
    tot = a.totals
    pct = a.target_percentile
    about = ", ".join(t.lit(x) for x in (p.client.headquarters, p.client.industry) if x)
    lead = (f"This briefing sets the AI pay of <b>{t.lit(ctx.client)}</b>"
            f"{f' ({about})' if about else ''}, a {p.client.employer_type} employer in China, against the benchmark "
            f"({t.lit(a.edition.label)}) and prices what it takes to bring pay to the market's {pct} "
            f"and to make the planned hires.")
    points: list[str] = []
    if a.below_target:
        shown, more = listing(list(a.below_target))
        names = [f"{t.lit(r.label)} ({fmt.pct(r.position_vs_target, 1, sign=True)})" for r in shown]  # type: ignore
        points.append(f"<b>Pay is below your {pct} target</b> for {join(names)}"
                      f"{', among other roles (see Your position)' if more else ''}.")
    elif any(r.current_pay_cny is not None for r in a.roles):
        points.append(f"<b>Every role with a known pay is at or above your {pct} target.</b>")
    unknown = ""
    if a.unknown_pay:
        shown, more = listing(list(a.unknown_pay))
        unknown = (f" This leaves out {join([t.lit(r.label) for r in shown])}{' and others' if more else ''}, "
                   f"whose current pay the profile does not give.")
    points.append(f"<b>Closing the gap costs {ctx.money(tot.cost_to_close_cny)} a year</b>: the raises that bring "
                  f"current staff up to {pct}.{unknown}")
    if tot.planned_hires:
        points.append(f"<b>The {tot.planned_hires} planned hires cost {ctx.money(tot.hiring_cost_cny)} a year</b> "
                      f"at {pct} pay, for a total of {ctx.money(tot.total_cny)} a year with the pay gap.")
    else:
        points.append("<b>No hires are planned</b>, so the total is the cost of closing the pay gap.")
    if a.hardest_hires:
        shown, more = listing(list(a.hardest_hires))
        names = [f"{t.lit(r.label)} ({r.planned_hires} planned, difficulty {r.difficulty}/10)" for r in shown]
        points.append(f"<b>The hardest hires</b> fall in the scarcest specializations: {join(names)}"
                      f"{', and more' if more else ''}.")
    elif tot.planned_hires:
        points.append("<b>None of the planned hires</b> falls in a specialization with an estimated talent gap.")
    if a.transitions:
        points.append(f"<b>Re-skilling {tot.transitions_count} staff</b> into AI roles adds an estimated "
                      f"{ctx.money(tot.transitions_low_cny)} to {ctx.money(tot.transitions_high_cny)} a year.")
    key = a.key_recommendation
    points.append(f"<b>The step that matters most for a {p.client.employer_type} employer:</b> "
                  f"{t.lit(key.title)} (see Recommendations).")
    notes = [f"Client figures are per year in {t.lit(ctx.currency_note())}."]
    if a.aged:
        notes.append(f"Benchmark pay is aged to {fmt.date(a.age_to)}.")  # type: ignore[arg-type]
    return [*heading(ctx, "Executive summary", "summary"), para(ctx, lead, "lead"), _kpis(ctx), Spacer(1, 16),
            *bullets(ctx, points[:6]), Spacer(1, 6), para(ctx, " ".join(notes), "small"), PageBreak()]


def market(ctx: Ctx) -> list[Flowable]:
    t = ctx.t
    out = [*heading(ctx, "The market", "market"),
           para(ctx, "Recent reporting points to forces that move pay and supply for AI roles in China. Each is "
                     "summarised here in our own words, with the outlet that reported it.", "lead")]
    for signal in ctx.a.edition.signals:
        s = signal.source
        out.append(KeepTogether([
            t.text(signal.title, "h2"), t.text(signal.text),
            para(ctx, f"Source: <i>{t.lit(s.outlet)}</i>, {fmt.date(s.date)}: {t.lit(s.subject)}", "small")]))
    return [*out, PageBreak()]


def benchmark(ctx: Ctx) -> list[Flowable]:
    a, t = ctx.a, ctx.t
    e = a.edition
    header = ["Role", "P50", "P75", "YoY", "Key driver"]
    rows = [[b.role, fmt.table_value(b.p50_cny_10k), fmt.table_value(b.p75_cny_10k), fmt.pct(b.yoy, sign=True),
             b.key_driver] for b in a.benchmark]
    weights = [30, 8, 8, 8, 30]
    lead = (f"Pay for each benchmark role at the median (P50) and the 75th percentile (P75), exactly as published, "
            f"in {t.lit(e.unit)}: a value of 95 means CNY 950,000 per person per year. Effective "
            f"{fmt.date(e.effective_date)}.")
    if a.aged:
        header.append("Aging factor")
        for row, b in zip(rows, a.benchmark):
            row.append(fmt.factor(b.aging_factor))
        weights = [28, 7, 7, 7, 28, 10]
        lead += (f" For this briefing the figures are aged {a.aging_days} days, from {fmt.date(e.effective_date)} "
                 f"to {fmt.date(a.age_to)}, at each role's YoY growth: the aging factor multiplies each published "  # type: ignore[arg-type]
                 f"figure. The chart and every figure about your roles use the aged values.")
    when = f"aged to {fmt.date(a.age_to)}" if a.aged else f"effective {fmt.date(e.effective_date)}"  # type: ignore
    return [*heading(ctx, "Compensation benchmark", "benchmark"), para(ctx, lead, "lead"),
            table(ctx, header, rows, weights, right={1, 2, 3, 5}),
            figure(ctx, benchmark_chart(a, ctx.pen, ctx.width),
                   f"P50 and P75 by role, {when}, in CNY 10K per person per year; a diamond marks the current "
                   f"pay of each of your roles that has one."),
            PageBreak()]


def position(ctx: Ctx) -> list[Flowable]:
    a, t = ctx.a, ctx.t
    cur = a.currency
    pct = a.target_percentile
    out = [*heading(ctx, "Your position", "position"),
           para(ctx, f"Each of your roles against the benchmark{' as aged' if a.aged else ''}, with the target at "
                     f"the market's {pct}. Pay is per person per year and costs are per year, in "
                     f"{t.lit(ctx.currency_note())}.", "lead")]
    if not a.roles:
        out.append(para(ctx, "The profile lists no roles, so there is no position to show.", "body"))
        return [*out, PageBreak()]

    def pay(r) -> str:
        if r.current_pay_cny is not None:
            return fmt.whole(a.money(r.current_pay_cny))
        return Muted("not given" if r.pay_unknown else "no staff")

    rows = [[r.label, str(r.headcount), pay(r), fmt.whole(a.money(r.p50_cny)), fmt.whole(a.money(r.p75_cny)),
             fmt.whole(a.money(r.target_cny)), Muted("\u2013") if r.compa_ratio is None else fmt.ratio(r.compa_ratio),
             Muted("\u2013") if r.position_vs_target is None else fmt.pct(r.position_vs_target, 1, sign=True)]
            for r in a.roles]
    out += [*subhead(ctx, "Pay against the benchmark"),
            table(ctx, ["Role", "Staff", f"Current pay ({cur})", "P50", "P75", f"Target ({pct})", "Compa-ratio",
                        "Vs target"], rows, [22, 7, 12, 11, 11, 11, 13, 11], right=set(range(1, 8)))]
    tot = a.totals
    rows = [[r.label, str(r.headcount), str(r.planned_hires), ctx.amount(r.cost_to_close_cny),
             fmt.whole(a.money(r.hiring_cost_cny)), ctx.amount(r.total_cny)] for r in a.roles]
    total = ["Total", str(tot.headcount), str(tot.planned_hires), fmt.whole(a.money(tot.cost_to_close_cny)),
             fmt.whole(a.money(tot.hiring_cost_cny)), fmt.whole(a.money(tot.total_cny))]
    out += [*subhead(ctx, "What it costs each year"),
            table(ctx, ["Role", "Staff", "Planned hires", f"Cost to close ({cur})", f"Hiring cost ({cur})",
                        f"Total ({cur})"], rows, [32, 8, 10, 15, 15, 15], right=set(range(1, 6)), total=total)]
    if a.unknown_pay:
        names = join([f"<b>{t.lit(r.label)}</b>" for r in a.unknown_pay])
        out += [Spacer(1, 10), callout(ctx, [para(
            ctx, f"<b>Current pay not given.</b> The profile gives no current pay for {names}. Their cost to "
                 f"close is shown as unknown and left out of the totals; their hiring cost is included. Add "
                 f"their pay to the profile to price the gap.", "body", spaceAfter=0)], ctx.c.negative)]
    charts = position_charts(a, ctx.pen, ctx.width)
    out.append(Spacer(1, 6))
    for i, chart in enumerate(charts):
        if i < len(charts) - 1:
            out += [chart, Spacer(1, 12)]
        else:
            out.append(figure(ctx, chart, f"Current pay against the P50\u2013P75 band for each role, in {cur} per "
                                          f"person per year; the accent line is the {pct} target."))
    return [*out, PageBreak()]
