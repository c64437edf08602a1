"""Building blocks shared by the PDF's sections: the render context, headings, tables, bullets, callouts."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.fonts import ps2tt, tt2ps
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from ...analysis import Analysis
from ...models import Brand
from .charts import Pen
from .type import Palette, Type
from .words import Words, short

CELL_LINES = 6  # a table cell of free text (a role title) is cut with an ellipsis beyond this many lines


class DataTable(Table):
    """A table that never leaves a single row alone at the top of the next page when it splits."""

    def split(self, availWidth, availHeight):
        parts = super().split(availWidth, availHeight)
        if len(parts) != 2:
            return parts
        kept = len(parts[0]._cellvalues)
        if len(self._cellvalues) - kept >= 2 or kept - self.repeatRows <= 2:
            return parts
        return super().split(availWidth, sum(self._rowHeights[:kept - 1]) + 0.5)


class Muted(str):
    """A table cell that stands in for a figure ("unknown", "not given"): printed in muted italics."""


@dataclass
class Ctx:
    """Everything a section needs: the analysis, the brand, type, colours and the frame width."""

    a: Analysis
    brand: Brand
    t: Type
    c: Palette
    pen: Pen
    width: float
    w: Words

    @property
    def client(self) -> str:
        """The client's name as typed, shortened only when it is too long for a sentence or a heading."""
        return short(self.a.profile.client.name)

    def lit(self, text: str) -> str:
        """Free text for a sentence: escaped markup, shortened when very long."""
        return self.t.lit(short(text))

    def label(self, role) -> str:
        """A client role's name for a sentence (see Words.label)."""
        return self.lit(self.w.label(role))

    def money(self, cny: float) -> str:
        """A client figure in the profile's currency, with its unit: 'USD 140,845' / '19.44万元'."""
        return self.w.money(cny)

    def amount(self, cny: float | None) -> str:
        """A client figure for a table whose header names the unit; 'unknown' in muted italics if None."""
        return Muted(self.w.common("unknown")) if cny is None else self.w.amount(cny)


def grid(ctx: Ctx, commands: list) -> TableStyle:
    """A table style in the brand's face (a Table otherwise sets Helvetica, which would not be embedded)."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), ctx.t.fonts.regular), *commands])


def heading(ctx: Ctx, title: str, key: str) -> list[Flowable]:
    """A section heading that the document turns into a bookmark and a contents entry."""
    para = ctx.t.text(title, "h1")
    para._section = (key, title)  # read by BriefingDoc.afterFlowable
    rule = Table([[""]], colWidths=[36], rowHeights=[3],
                 style=grid(ctx, [("BACKGROUND", (0, 0), (-1, -1), ctx.c.accent)]), hAlign="LEFT")
    return [para, rule, Spacer(1, 12)]


def subhead(ctx: Ctx, title: str, need: float = 120) -> list[Flowable]:
    """A sub-heading over a long table: a page break only when too little room is left for it and a few rows.

    keepWithNext would move the whole table to the next page instead of splitting it.
    """
    return [CondPageBreak(need), ctx.t.text(title, "h2", keepWithNext=0)]


def bullets(ctx: Ctx, items: list[str]) -> list[Paragraph]:
    """Bulleted paragraphs of ready markup."""
    return [ctx.t.para(item, "bullet", bullet="\u2022") for item in items]


def para(ctx: Ctx, markup: str, style: str = "body", **kw) -> Paragraph:
    """A paragraph of ready markup (pieces already escaped with ctx.lit)."""
    return ctx.t.para(markup, style, **kw)


def table(ctx: Ctx, header: list[str], rows: list[list[str]], weights: list[float], right: set[int] | None = None,
          total: list[str] | None = None, zebra: bool = True, padding: float = 4) -> Table:
    """A data table: header row repeated across pages, literal cells, numbers right-aligned, optional total row."""
    right = right or set()
    t = ctx.t
    widths = [ctx.width * w / sum(weights) for w in weights]
    strings: list[tuple] = []  # style commands for the cells drawn as plain strings

    def cell(text: str, i: int, kind: str, r: int) -> Paragraph | str:
        style = t.styles[f"{kind}_r" if i in right else kind]
        face = italic(style.fontName) if isinstance(text, Muted) else style.fontName  # as <i> sets it
        if t.one_line(text, face, style.fontSize, widths[i] - 8):  # 8: the cell's padding
            # a figure or a short label never wraps: a string in the style's font is drawn exactly where
            # the paragraph's one line would be, without laying out a paragraph
            strings.append(("FONT", (i, r), (i, r), face, style.fontSize, style.leading))
            strings.append(("TEXTCOLOR", (i, r), (i, r), ctx.c.muted if isinstance(text, Muted) else style.textColor))
            if i in right:
                strings.append(("ALIGN", (i, r), (i, r), "RIGHT"))
            return str(text)
        if isinstance(text, Muted):
            return t.para(f"<i>{t.lit(text)}</i>", style.name, textColor=ctx.c.muted)
        return t.clipped(text, style.name, widths[i] - 8, CELL_LINES)

    data = [[cell(h, i, "head", 0) for i, h in enumerate(header)]]
    data += [[cell(v, i, "cell", r) for i, v in enumerate(row)] for r, row in enumerate(rows, 1)]
    if total:
        data.append([cell(v, i, "total", len(data)) for i, v in enumerate(total)])
    style = [
        ("BACKGROUND", (0, 0), (-1, 0), ctx.c.primary),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), padding),
        ("BOTTOMPADDING", (0, 0), (-1, -1), padding),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("LINEBELOW", (0, 1), (-1, -1), 0.5, ctx.c.rule),
    ]
    if zebra:
        style += [("BACKGROUND", (0, r), (-1, r), ctx.c.band) for r in range(2, len(rows) + 1, 2)]
    if total:
        style += [("LINEABOVE", (0, -1), (-1, -1), 1, ctx.c.text), ("LINEBELOW", (0, -1), (-1, -1), 1, ctx.c.text)]
    return DataTable(data, colWidths=widths, repeatRows=1, style=grid(ctx, style + strings), hAlign="LEFT")


def italic(face: str) -> str:
    """The face that <i> selects in a paragraph of `face` (from the registered font families)."""
    family, bold, _ = ps2tt(face)
    return tt2ps(family, bold, 1)


def callout(ctx: Ctx, flowables: list[Flowable], color=None) -> Table:
    """A shaded box with a coloured bar on its left, for the points a reader must not miss."""
    box = Table([[flowables]], colWidths=[ctx.width],
                style=grid(ctx, [("BACKGROUND", (0, 0), (-1, -1), ctx.c.band),
                                  ("LINEBEFORE", (0, 0), (0, -1), 3, color or ctx.c.accent),
                                  ("LEFTPADDING", (0, 0), (-1, -1), 10), ("RIGHTPADDING", (0, 0), (-1, -1), 10),
                                  ("TOPPADDING", (0, 0), (-1, -1), 7), ("BOTTOMPADDING", (0, 0), (-1, -1), 5)]))
    return box


def figure(ctx: Ctx, drawing: Flowable, caption: str) -> KeepTogether:
    return KeepTogether([Spacer(1, 4), drawing, para(ctx, caption, "caption")])


def listing(names: list, limit: int = 3) -> tuple[list, bool]:
    """The first `limit` names and whether more were left out (for sentences, not tables)."""
    return names[:limit], len(names) > limit
