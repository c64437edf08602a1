"""The cover: the firm and its logo, the title band, the client and the briefing's key facts."""

from __future__ import annotations

from reportlab.platypus import Flowable, FrameBreak, KeepTogether, NextPageTemplate, PageBreak, Spacer

from ..blocks import Ctx, Layout, grid
from ..logo import Logo, is_wordmark
from ..tags import Node, Tag, table_nodes

LOGO_BOX = (40, 200)  # points (height, width): the firm's logo, and a client's wordmark above its name
CLIENT_LOGO_BOX = (56, 168)  # a client's logo beside its name


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
    # a logo fits a box as high as a square mark and up to five times as wide: a 4:1 wordmark is drawn 160 x 40
    logo = Logo(ctx.brand.logo, *LOGO_BOX, align="LEFT") if ctx.brand.logo else None
    if logo is not None and is_wordmark(ctx.brand.logo):  # the wordmark spells the firm's name: it stands alone
        top: Flowable = Tag(logo, Node("Figure", alt=w("alt.logo", name=ctx.brand.firm)))
    elif logo is not None:
        logo_w = logo.drawWidth + 12
        top = Layout(
            [
                [
                    Tag(logo, Node("Figure", alt=w("alt.logo", name=ctx.brand.firm))),
                    [t.clipped(ctx.brand.firm, "cover_firm", ctx.width - logo_w, 2)],
                ]
            ],
            colWidths=[logo_w, ctx.width - logo_w],
            style=grid(ctx, [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]),
            hAlign="LEFT",
        )
    else:
        top = t.clipped(ctx.brand.firm, "cover_firm", ctx.width, 2)
    band = [
        t.text(w.common("title"), "cover_title"),
        t.text(w("cover.subtitle"), "cover_sub"),
        Spacer(1, 8),
        t.text(w("cover.edition", label=w.ed.label), "cover_sub", fontSize=11),
    ]
    wide = is_wordmark(p.client.logo)  # a client's wordmark goes above its name, not squeezed beside it
    client_logo = Logo(p.client.logo, *(LOGO_BOX if wide else CLIENT_LOGO_BOX), align="LEFT") if p.client.logo else None
    logo_w = client_logo.drawWidth + 14 if client_logo is not None and not wide else 0
    client_mark = Tag(client_logo, Node("Figure", alt=w("alt.logo", name=ctx.client))) if client_logo else None
    text_w = ctx.width - logo_w
    # the name wraps; a name too long for the cover is cut after four lines (it is quoted in full nowhere
    # a fixed space would overflow)
    name = [t.text(w("cover.prepared_for"), "cover_label"), t.clipped(p.client.name, "cover_client", text_w, 4)]
    about = [x for x in (p.client.headquarters, p.client.industry) if x]
    if about:
        name.append(t.clipped(" \u00b7 ".join(about), "body", text_w, 2, textColor=ctx.c.muted))
    if client_mark is not None and wide:
        client: Flowable = KeepTogether([client_mark, Spacer(1, 12), *name])
    elif client_mark is not None:
        client = Layout(
            [[client_mark, name]],
            colWidths=[logo_w, ctx.width - logo_w],
            style=grid(ctx, [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]),
            hAlign="LEFT",
        )
    else:
        client = KeepTogether(name)
    details = [
        (w("cover.employer_type"), w.common(f"employer_type_title.{p.client.employer_type}")),
        (w("cover.effective"), w.date(a.edition.effective_date)),
    ]
    details.append((w("cover.aged_to"), w.date(a.age_to) if a.aged else w("cover.as_published")))
    details += [
        (w("cover.date"), w.date(p.briefing.date)),
        (w("cover.percentile"), a.target_percentile),
        (w("cover.currency"), w.currency),
    ]
    # the key facts: a table of two columns, each row headed by its label (TH, Scope Row)
    _, nodes = table_nodes(len(details), 2, header_rows=0)
    for row in nodes:
        row[0].role, row[0].scope = "TH", "Row"
    facts = Layout(
        [
            [
                Tag(t.text(k, "cell", textColor=ctx.c.muted, fontSize=9.5, leading=13), row[0]),
                Tag(t.text(v, "cell", fontSize=9.5, leading=13), row[1]),
            ]
            for (k, v), row in zip(details, nodes, strict=True)
        ],
        colWidths=[130, ctx.width - 130],
        hAlign="LEFT",
        style=grid(
            ctx,
            [
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, ctx.c.rule),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ],
        ),
    )
    return [
        NextPageTemplate("body"),
        Mark("cover", w("section.cover")),
        top,
        FrameBreak(),
        *band,
        FrameBreak(),
        client,
        Spacer(1, 22),
        facts,
        PageBreak(),
    ]
