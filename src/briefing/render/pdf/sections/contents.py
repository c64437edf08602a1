"""The contents page: each section's title and page number, linked to the section."""

from __future__ import annotations

from reportlab.platypus import Flowable, PageBreak, Spacer

from ..blocks import Ctx, Layout, callout, grid, heading, para
from ..tags import Node, Tag

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


def story(ctx: Ctx, sections: list[tuple[str, str]]) -> list[Flowable]:
    """The contents page: `sections` as (bookmark key, title), each title and page number a link.

    Tagged as a TOC: a TOCI per entry holding one Link element, the title's and the page number's text and both
    link annotations (archive.py adds those)."""
    a, t, w, c = ctx.a, ctx.t, ctx.w, ctx.c
    toc = Node("TOC")
    rows = []
    for key, title in sections:
        link = Node("Link", Node("TOCI", toc), alt=title)
        link.target = key
        rows.append([Tag(t.para(f'<a href="#{key}">{t.lit(title)}</a>', "toc"), link), Tag(PageRef(ctx, key), link)])
    table = Layout(
        rows,
        colWidths=[ctx.width - TOC_NUMBER_W, TOC_NUMBER_W],
        style=grid(
            ctx,
            [
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, c.rule),
                ("TOPPADDING", (0, 0), (-1, -1), 7),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ],
        ),
    )
    guide = [
        para(ctx, f"<b>{t.lit(w('contents.guide_title'))}</b>", "body", spaceAfter=3),
        para(
            ctx,
            w("contents.guide", client=ctx.lit(ctx.client), currency=t.lit(w.currency), pct=a.target_percentile),
            "body",
            spaceAfter=0,
        ),
    ]
    return [*heading(ctx, w("section.contents"), "contents"), table, Spacer(1, 24), callout(ctx, guide), PageBreak()]
