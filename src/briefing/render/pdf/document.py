"""The branded PDF briefing: one analysis and one brand in, the bytes of a client-ready PDF out."""

from __future__ import annotations

import io
from contextlib import contextmanager

from reportlab import rl_config
from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, letter
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from ...analysis import Analysis
from ...errors import InputError
from ...models import Brand
from .blocks import Ctx
from .charts import Pen
from .logo import Logo, is_wordmark
from .sections import SECTIONS, contents, cover
from .tags import FOOTER, HEADER, LAYOUT, Marks, artifact
from .type import Fonts, Palette, draw_text, fit, palette, register_fonts, text_width, type_for
from .words import Words, short

PAPERS = {"A4": A4, "letter": letter}
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 50, 64, 60
HEADER_WORDMARK = (13, 110)  # points (height, width): a wordmark in the page header (a 4:1 one is drawn 52 x 13)


class BriefingDoc(BaseDocTemplate):
    """Cover and body page templates, bookmarks from section headings, laid out in one pass.

    What is known only at the end (each section's page, the page count) is drawn as PDF forms:
    referenced where it shows, defined by `finish` after the last page.
    """

    def __init__(self, buffer, ctx: Ctx, fonts: Fonts, colors: Palette, **kw):
        super().__init__(buffer, **kw)
        self.ctx, self.fonts, self.colors = ctx, fonts, colors
        # a wordmark brand shows its wordmark in every page header, and then not its name in the footer
        self.wordmark = Logo(ctx.brand.logo, *HEADER_WORDMARK) if is_wordmark(ctx.brand.logo) else None
        self.section_pages: dict[str, int] = {}
        self.footed: list[int] = []  # the body pages, whose footers say "Page X of Y"
        self.last_page = 0
        self.marks = Marks()  # the marked content as it is drawn; archive.py writes the structure tree from it
        self._doSave = 0  # build() leaves the canvas open: finish() saves it, as multiBuild does after its passes
        w, h = self.pagesize
        fw = w - 2 * MARGIN_X
        band_top, band_bottom = h * 0.80, h * 0.58
        cover_frames = [
            Frame(MARGIN_X, band_top + 10, fw, h - 40 - band_top - 10, id="cover-top", leftPadding=0, rightPadding=0),
            Frame(
                MARGIN_X,
                band_bottom + 20,
                fw,
                band_top - band_bottom - 50,
                id="cover-band",
                leftPadding=0,
                rightPadding=0,
            ),
            Frame(MARGIN_X, 80, fw, band_bottom - 30 - 80, id="cover-body", leftPadding=0, rightPadding=0),
        ]
        body = Frame(
            MARGIN_X,
            MARGIN_BOTTOM,
            fw,
            h - MARGIN_TOP - MARGIN_BOTTOM,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        self._band = (band_bottom, band_top)
        self.addPageTemplates(
            [
                PageTemplate("cover", cover_frames, onPage=self._cover_page),
                PageTemplate("body", [body], onPage=self._body_page),
            ]
        )

    def beforeDocument(self):
        briefing_date = self.ctx.a.profile.briefing.date
        self.canv.setDateFormatter(lambda *_: f"D:{briefing_date:%Y%m%d}000000+00'00'")
        self.canv.marks = self.marks  # read by the tagged flowables (tags.py) as they draw
        self.canv.showOutline()

    def afterPage(self):
        self.last_page = self.page

    def afterFlowable(self, flowable):
        section = getattr(flowable, "_section", None)
        if section:
            key, title = section
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(title, key, level=0)  # outline titles are plain text, not markup
            self.section_pages.setdefault(key, self.page)

    def finish(self, sections: list[tuple[str, str]]) -> None:
        """Define the late forms (contents page numbers, footer page numbers), then write the PDF."""
        canv = self.canv
        canv.marks = None  # the forms below are drawn where they are used, inside marked content already
        for key, _ in sections:
            contents.draw_page_ref(self.ctx, canv, key, self.section_pages[key], self.pagesize)
        w, h = self.pagesize
        for page in self.footed:
            canv.beginForm(footer_form(page), 0, 0, w, h)
            canv.setFillColor(self.colors.muted)
            draw_text(
                canv,
                w - MARGIN_X,
                28,
                self.ctx.w("page.number", page=page, total=self.last_page),
                self.fonts,
                self.fonts.regular,
                8,
                TA_RIGHT,
            )
            canv.endForm()
        canv.save()

    def _cover_page(self, canv, doc):
        w, _ = self.pagesize
        c = self.colors
        bottom, top = self._band
        canv.saveState()
        with artifact(canv, LAYOUT, hard=True):
            canv.setFillColor(c.primary)
            canv.rect(0, bottom, w, top - bottom, stroke=0, fill=1)
            canv.setFillColor(c.accent)
            canv.rect(0, bottom - 5, w, 5, stroke=0, fill=1)
        with artifact(canv, FOOTER, hard=True):
            self._cover_footer(canv)
        canv.restoreState()

    def _cover_footer(self, canv):
        w, _ = self.pagesize
        c, f = self.colors, self.fonts
        canv.setStrokeColor(c.rule)
        canv.setLineWidth(0.5)
        canv.line(MARGIN_X, 58, w - MARGIN_X, 58)
        words = self.ctx.w
        canv.setFillColor(HexColor(self.ctx.ink("accent")))  # the accent where legible on the page
        draw_text(canv, MARGIN_X, 42, words("page.confidential"), f, f.bold, 9)
        canv.setFillColor(c.muted)
        draw_text(
            canv,
            w - MARGIN_X,
            42,
            fit(words("page.prepared_by", firm=self.ctx.brand.firm), f, f.regular, 8.5, w / 2),
            f,
            f.regular,
            8.5,
            TA_RIGHT,
        )

    def _body_page(self, canv, doc):
        canv.saveState()
        with artifact(canv, HEADER, hard=True):
            self._header(canv)
        with artifact(canv, FOOTER, hard=True):
            self._footer(canv)
        canv.restoreState()

    def _header(self, canv):
        w, h = self.pagesize
        c, f = self.colors, self.fonts
        right = w - MARGIN_X
        title = self.ctx.w.common("title")
        left: float = MARGIN_X
        if self.wordmark is not None:
            self.wordmark.drawOn(canv, MARGIN_X, h - 41)
            left += self.wordmark.drawWidth + 10
        canv.setFillColor(c.primary)
        draw_text(canv, left, h - 38, title, f, f.bold, 8)
        title_w = left - MARGIN_X + 14 + text_width(title, f, f.bold, 8)
        canv.setFillColor(c.muted)
        draw_text(canv, right, h - 38, running_head(self.ctx, right - MARGIN_X - title_w), f, f.regular, 8, TA_RIGHT)
        canv.setStrokeColor(c.rule)
        canv.setLineWidth(0.5)
        canv.line(MARGIN_X, h - 45, right, h - 45)

    def _footer(self, canv):
        w, _ = self.pagesize
        c, f = self.colors, self.fonts
        right = w - MARGIN_X
        words = self.ctx.w
        canv.setStrokeColor(c.rule)
        canv.setLineWidth(0.5)
        canv.line(MARGIN_X, 40, right, 40)
        canv.setFillColor(c.muted)
        if self.wordmark is None:
            draw_text(
                canv, MARGIN_X, 28, fit(self.ctx.brand.firm, f, f.regular, 8, (right - MARGIN_X) / 3), f, f.regular, 8
            )
        draw_text(canv, w / 2, 28, words.common("confidential"), f, f.bold, 8, TA_CENTER)
        canv.doForm(footer_form(self.page))  # "Page X of Y": Y is known after the last page
        self.footed.append(self.page)


def footer_form(page: int) -> str:
    return f"briefing-page-{page}"


def running_head(ctx: Ctx, width: float) -> str:
    """The client's name for the top right of every body page, cut with an ellipsis to `width`."""
    f = ctx.t.fonts
    client = ctx.a.profile.client
    return fit(short(client.short_name or client.name), f, f.regular, 8, width)


@contextmanager
def reportlab_settings():
    """reportlab set for writing briefings, for the time of one, then put back for any other user of it in this
    process (its settings are process-wide):

    - compressed streams written as binary, without its default ASCII85 layer: a PDF is a binary file anyway,
      and ASCII85 makes each stream a quarter larger and takes a few per cent of a briefing's time;
    - no check of each attribute set on a chart's shapes (a 2,000-line briefing sets some 180,000): the charts
      are this package's own code, tested; the pages are the same.
    """
    old = rl_config.useA85, rl_config.shapeChecking
    rl_config.useA85 = 0
    rl_config.shapeChecking = 0
    try:
        yield
    finally:
        rl_config.useA85, rl_config.shapeChecking = old


def render_pdf(analysis: Analysis, brand: Brand, paper: str = "A4", lang: str = "en") -> bytes:
    """The briefing as PDF bytes; identical inputs give identical bytes."""
    if paper not in PAPERS:
        raise InputError(f"paper: expected one of {', '.join(PAPERS)}, got {paper!r}")
    with reportlab_settings():
        return _render(analysis, brand, pagesize=PAPERS[paper], lang=lang)


def _render(analysis: Analysis, brand: Brand, pagesize: tuple[float, float], lang: str) -> bytes:
    fonts = register_fonts(brand)
    colors = palette(brand)
    words = Words(analysis, lang)
    ctx = Ctx(
        a=analysis,
        brand=brand,
        t=type_for(fonts, colors, lang == "zh"),
        c=colors,
        pen=Pen(fonts, colors, words),
        width=pagesize[0] - 2 * MARGIN_X,
        w=words,
    )
    buffer = io.BytesIO()
    edition = analysis.edition.id
    doc = BriefingDoc(
        buffer,
        ctx,
        fonts,
        colors,
        pagesize=pagesize,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        invariant=True,
        lang=words("meta.lang"),
        title=words("meta.title", title=words.common("title"), client=ctx.client),
        author=short(brand.firm),
        subject=words("meta.subject", employer=words.employer, edition=edition),
        keywords=words("meta.keywords", edition=edition, employer=words.employer).split(", "),
        creator="briefing",
        displayDocTitle=True,
        initialFontName=fonts.regular,
        initialFontSize=10,
    )
    body = [flowable for section in SECTIONS for flowable in section.story(ctx)]
    sections = [f._section for f in body if getattr(f, "_section", None)]  # the headings, in reading order
    doc.build([*cover.story(ctx), *contents.story(ctx, sections), *body])
    doc.finish(sections)
    from .archive import finish

    return finish(buffer.getvalue(), doc.marks, doc.section_pages, words("meta.lang"))
