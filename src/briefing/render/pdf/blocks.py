"""Building blocks shared by the PDF's sections: the render context, headings, tables, bullets, callouts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.fonts import ps2tt, tt2ps
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, TableStyle

from ... import contrast
from ...analysis import Analysis
from ...models import Brand
from .charts import MIN_ROWS, Pen  # MIN_ROWS: a total row counts as a row
from .tags import CellText, Decorated, Node, Tag, Text, table_nodes
from .type import Palette, Type, other_language
from .words import Words, short

CELL_LINES = 6  # a table cell of free text (a role title) is cut with an ellipsis beyond this many lines
WHOLE_ROWS = 12  # a table of this many rows or fewer is not split: it starts on the next page
SHORT_TAIL = 0.30  # of a page: the last part of a table that ends its section, no shorter (see DataTable.split)


class Layout(Decorated):
    """A table that only lays content out (a callout's box, the key figures, the cover): no Table element; its
    shading and rules are artifacts and the paragraphs in it are tagged as they would be outside it."""


class DataTable(Decorated):
    """A table that splits across pages only when it is long, with at least MIN_ROWS rows on each side of the
    break and its header repeated; otherwise it starts on the next page. Never a repeated header over a row or
    two, nor the last rows of a short table alone on a page."""

    ends_section = False  # nothing follows on its last page: a short last part would be a page nearly empty

    @property
    def splits(self) -> bool:
        return len(self._cellvalues) - self.repeatRows > WHOLE_ROWS

    def start_height(self, availWidth: float) -> float:
        """The height the table needs where it starts: its header and first MIN_ROWS rows, or all of it when
        it does not split."""
        self.wrap(availWidth, 1e9)
        rows = self.repeatRows + MIN_ROWS if self.splits else len(self._rowHeights)
        return sum(self._rowHeights[:rows])

    def split(self, availWidth, availHeight):
        frame = self._doctemplateAttr("frame")
        if not self.splits and not (frame is not None and frame._atTop):  # (taller than a page: it must split)
            return []
        parts = super().split(availWidth, availHeight)
        if len(parts) != 2:
            return parts
        body = len(self._cellvalues) - self.repeatRows
        kept = len(parts[0]._cellvalues) - self.repeatRows  # the rows that fit here
        keep = min(kept, body - MIN_ROWS)
        if keep < MIN_ROWS:
            return []  # the table starts on the next page
        if self.ends_section and frame is not None:
            keep = max(MIN_ROWS, min(keep, self._tail_from(SHORT_TAIL * frame.height)))
        if keep == kept:
            return parts
        return super().split(availWidth, sum(self._rowHeights[: self.repeatRows + keep]) + 0.5)

    def _tail_from(self, height: float) -> int:
        """The most rows to keep on this page so that the rest, under the repeated header, is at least `height`
        tall: the last part of a table that ends its section never stands nearly alone on a page."""
        heights, head = self._rowHeights, self.repeatRows
        tail = sum(heights[:head])
        for keep in range(len(heights) - head, 0, -1):
            tail += heights[head + keep - 1]
            if tail >= height:
                return keep - 1
        return 0


class EndTogether(KeepTogether):
    """A table and what follows it (a note that reads it), the note never alone on a page: where both do not
    fit, the table splits so that its last MIN_ROWS rows go over with the note, or the two start on the next page.
    """

    def __init__(self, table: DataTable, after: list[Flowable]):
        super().__init__([table, *after])
        self.table, self.after = table, after

    def split(self, aW, aH):
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        if aH >= self._H:
            return list(self._content)
        frame = self._doctemplateAttr("frame")
        self.table.wrap(aW, 1e9)
        heights = self.table._rowHeights
        room = min(aH, sum(heights[: len(heights) - MIN_ROWS]) + 0.5)  # leave the last rows for the note
        parts = self.table.splitOn(self.canv, aW, room)
        if len(parts) == 2:
            return [parts[0], EndTogether(parts[1], self.after)]
        if frame is not None and frame._atTop:  # taller than a page however it is cut: let it flow
            return list(self._content)
        return []


class StartTogether(CondPageBreak):
    """A page break unless the flowables that lead into a table (its heading, a sentence), the table's start
    (see DataTable.start_height) and, for a table that does not split, what follows it (a note) fit in what is
    left of the page: a heading never ends a page, a note never stands alone on the next."""

    def __init__(self, lead: list[Flowable], table: DataTable, after: Sequence[Flowable] = ()):
        super().__init__(0)
        self.lead, self.table, self.after = lead, table, list(after)

    def wrap(self, availWidth, availHeight):
        with_table = [*self.lead, *([] if self.table.splits else self.after)]
        self.height = self.table.start_height(availWidth) + sum(
            f.wrap(availWidth, availHeight)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in with_table
        )
        return super().wrap(availWidth, availHeight)


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

    def ink(self, preferred: str, background: str = "paper") -> str:
        """The "#RRGGBB" to set text in a brand colour on `background`: the colour itself where it is legible
        there (WCAG AA), else a legible one of the brand (see contrast.ink)."""
        colors = self.brand.colors
        return colors[contrast.ink(colors, preferred, background)]

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
    rule = Layout(
        [[""]],
        colWidths=[36],
        rowHeights=[3],
        style=grid(ctx, [("BACKGROUND", (0, 0), (-1, -1), ctx.c.accent)]),
        hAlign="LEFT",
    )
    return [para, rule, Spacer(1, 12)]


def subhead(
    ctx: Ctx, title: str, table: DataTable, intro: Sequence[Flowable] = (), after: Sequence[Flowable] = ()
) -> list[Flowable]:
    """A sub-heading (and an introductory sentence) over a table, on the page where the table starts, and what
    follows the table (`after`) on the page where it ends.

    keepWithNext would move the whole of a long table to the next page instead of splitting it.
    """
    lead = [ctx.t.text(title, "h2", keepWithNext=0), *intro]
    return [StartTogether(lead, table, after), *lead, EndTogether(table, list(after)) if after else table]


def bullets(ctx: Ctx, items: list[str]) -> list[Text]:
    """Bulleted paragraphs of ready markup: a list (L), each item an LI whose LBody is the paragraph."""
    listed = Node("L")
    out = []
    for item in items:
        para = ctx.t.para(item, "bullet", bullet="\u2022", role="LBody")
        para.node.parent = Node("LI", listed)  # type: ignore[union-attr]  # a role gives a node
        out.append(para)
    return out


def para(ctx: Ctx, markup: str, style: str = "body", **kw) -> Text:
    """A paragraph of ready markup (pieces already escaped with ctx.lit)."""
    return ctx.t.para(markup, style, **kw)


def table(
    ctx: Ctx,
    header: list[str],
    rows: list[list[str]],
    weights: list[float],
    right: set[int] | None = None,
    total: list[str] | None = None,
    zebra: bool = True,
    padding: float = 4,
    ends_section: bool = False,
    bold: set[tuple[int, int]] | frozenset[tuple[int, int]] = frozenset(),
) -> DataTable:
    """A data table: header row repeated across pages, literal cells, numbers right-aligned, optional total row.

    Tagged as a Table: a TR per row, the header's cells TH (Scope Column), the others TD; the header repeated
    on a later page is an artifact. `bold`: the (column, row) cells of one-line figures set in bold."""
    right = right or set()
    t = ctx.t
    widths = [ctx.width * w / sum(weights) for w in weights]
    inner = [w - CELL_SIDES - CELL_SIDES for w in widths]  # within the cell's padding, as the Table computes it
    strings: dict[tuple, list[int]] = {}  # style command (without its cells) -> the rows of column i it is for
    _, nodes = table_nodes(1 + len(rows) + (1 if total else 0), len(header))

    def cell(text: str, i: int, kind: str, r: int) -> Tag:
        style = t.styles[f"{kind}_r" if i in right else kind]
        face = italic(style.fontName) if isinstance(text, Muted) else style.fontName  # as <i> sets it
        face = t.fonts.bold if (i, r) in bold else face
        node = nodes[r][i]
        node.lang = other_language(text, t.fonts, t.chinese_text)
        content: Flowable
        line = t.one_line(text, face, style.fontSize, inner[i])
        if line is not None:
            # a figure or a short label never wraps: one line in the style's font, drawn exactly where the
            # paragraph's one line would be, without laying out a paragraph
            color = ctx.c.muted if isinstance(text, Muted) else style.textColor
            pieces, drawn = line
            content = CellText(pieces, style.fontSize, style.leading, color, drawn)
            if i in right:
                strings.setdefault((i, "ALIGN", "RIGHT"), []).append(r)
        elif isinstance(text, Muted):
            content = t.para(f"<i>{t.lit(text)}</i>", style.name, textColor=ctx.c.muted)
        else:
            content = t.clipped(text, style.name, inner[i], CELL_LINES)
        return Tag(content, node, once=r == 0)

    data = [[cell(h, i, "head", 0) for i, h in enumerate(header)]]
    data += [[cell(v, i, "cell", r) for i, v in enumerate(row)] for r, row in enumerate(rows, 1)]
    if total:
        data.append([cell(v, i, "total", len(data)) for i, v in enumerate(total)])
    style = [
        ("BACKGROUND", (0, 0), (-1, 0), ctx.c.primary),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), padding),
        ("BOTTOMPADDING", (0, 0), (-1, -1), padding),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_SIDES),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_SIDES),
        ("LINEBELOW", (0, 1), (-1, -1), 0.5, ctx.c.rule),
    ]
    if zebra:
        style += [("BACKGROUND", (0, r), (-1, r), ctx.c.band) for r in range(2, len(rows) + 1, 2)]
    if total:
        style += [("LINEABOVE", (0, -1), (-1, -1), 1, ctx.c.text), ("LINEBELOW", (0, -1), (-1, -1), 1, ctx.c.text)]
    out = DataTable(
        data,
        colWidths=widths,
        rowHeights=row_heights(data, widths, padding),
        repeatRows=1,
        style=grid(ctx, style + spans(strings)),
        hAlign="LEFT",
    )
    out.ends_section = ends_section
    return out


CELL_SIDES = 4  # a data table cell's left and right padding
FREE = 72000  # the height reportlab's Table offers a cell to measure itself in


def row_heights(data: list[list[Flowable]], widths: list[float], padding: float) -> list[float]:
    """Each row's height, as reportlab's Table measures a row of one-flowable cells, done once.

    Left to measure them itself, a Table measures every row again each time it is asked for its size (a
    table that splits is asked about three times), and looks for the next row to measure from the top each
    time, which made a 2,000-line table quadratic. The figures are reportlab's own, added in its order, so the
    pages are the same to the byte (the sample PDFs are).
    """
    out = []
    for row in data:
        height = 0.0
        for content, width in zip(row, widths, strict=True):
            _, inner = content.wrap(width - CELL_SIDES - CELL_SIDES, FREE - padding - padding)
            before, after = content.getSpaceBefore(), content.getSpaceAfter()
            cell = inner + after + before - before - after + (padding + padding)
            height = max(height, cell)
        out.append(height)
    return out


def spans(commands: dict[tuple, list[int]]) -> list[tuple]:
    """Style commands for cells, one per run of consecutive rows of a column: (col, name, *values) -> rows.

    A table keeps, copies and re-applies every command at each page break, so a command per cell made a
    2,000-line table quadratic; the cells of a run get the same style either way (no two runs of one command
    and column overlap)."""
    out = []
    for (col, name, *values), rows in commands.items():
        start = prev = rows[0]
        for row in [*rows[1:], None]:
            if row != prev + 1:
                out.append((name, (col, start), (col, prev), *values))
                if row is not None:
                    start = row
            if row is not None:
                prev = row
    return out


def italic(face: str) -> str:
    """The face that <i> selects in a paragraph of `face` (from the registered font families)."""
    family, bold, _ = ps2tt(face)
    return tt2ps(family, bold, 1)


def callout(ctx: Ctx, flowables: list[Flowable], color=None) -> Layout:
    """A shaded box with a coloured bar on its left, for the points a reader must not miss."""
    box = Layout(
        [[flowables]],
        colWidths=[ctx.width],
        style=grid(
            ctx,
            [
                ("BACKGROUND", (0, 0), (-1, -1), ctx.c.band),
                ("LINEBEFORE", (0, 0), (0, -1), 3, color or ctx.c.accent),
                ("LEFTPADDING", (0, 0), (-1, -1), 10),
                ("RIGHTPADDING", (0, 0), (-1, -1), 10),
                ("TOPPADDING", (0, 0), (-1, -1), 7),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ],
        ),
    )
    return box


def figure(ctx: Ctx, drawing: Flowable, caption: str, alt: str) -> KeepTogether:
    """A chart tagged as a Figure whose alternative text (`alt`) gives its message and figures, then its caption."""
    return KeepTogether([Spacer(1, 4), Tag(drawing, Node("Figure", alt=alt)), para(ctx, caption, "caption")])


def listing(names: list, limit: int = 3) -> tuple[list, bool]:
    """The first `limit` names and whether more were left out (for sentences, not tables)."""
    return names[:limit], len(names) > limit
