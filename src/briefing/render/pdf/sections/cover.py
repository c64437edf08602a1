"""The cover: the firm and its logo, the title band, the client and the briefing's key facts."""

from __future__ import annotations

from reportlab.platypus import Flowable, FrameBreak, KeepTogether, NextPageTemplate, PageBreak, Spacer, Table

from ..blocks import Ctx, grid
from ..logo import Logo, is_wordmark

WORDMARK_BOX = (220, 48)  # points: a 4:1 wordmark is drawn 192 x 48, its letters about as tall as the title's
CLIENT_WORDMARK_BOX = (200, 40)


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


def story(ctx: Ctx) -> list[Flowable]:
    a, t, w = ctx.a, ctx.t, ctx.w
    p = a.profile
    firm = [t.clipped(ctx.brand.firm, "cover_firm", ctx.width - 52, 2)]
    if is_wordmark(ctx.brand.logo):  # the wordmark spells the firm's name: it stands alone, large enough to read
        top = Logo(ctx.brand.logo, *WORDMARK_BOX, align="LEFT")
    elif ctx.brand.logo:
        top = Table([[Logo(ctx.brand.logo, 40), firm]], colWidths=[52, ctx.width - 52],
                    style=grid(ctx, [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]),
                    hAlign="LEFT")
    else:
        top = firm[0]
    band = [t.text(w.common("title"), "cover_title"), t.text(w("cover.subtitle"), "cover_sub"),
            Spacer(1, 8), t.text(w("cover.edition", label=w.ed.label), "cover_sub", fontSize=11)]
    logo = p.client.logo
    wide = is_wordmark(logo)  # a client's wordmark goes above its name, not squeezed beside it
    text_w = ctx.width - 70 if logo and not wide else ctx.width
    # the name wraps; a name too long for the cover is cut after four lines (it is quoted in full nowhere
    # a fixed space would overflow)
    name = [t.text(w("cover.prepared_for"), "cover_label"), t.clipped(p.client.name, "cover_client", text_w, 4)]
    about = [x for x in (p.client.headquarters, p.client.industry) if x]
    if about:
        name.append(t.clipped(" \u00b7 ".join(about), "body", text_w, 2, textColor=ctx.c.muted))
    if is_wordmark(logo):
        client: Flowable = KeepTogether([Logo(logo, *CLIENT_WORDMARK_BOX, align="LEFT"), Spacer(1, 12), *name])
    elif logo:
        client = Table([[Logo(logo, 56), name]], colWidths=[70, ctx.width - 70],
                       style=grid(ctx, [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]),
                       hAlign="LEFT")
    else:
        client = KeepTogether(name)
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
