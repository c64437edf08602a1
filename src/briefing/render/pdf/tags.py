"""Tagged PDF, the drawing side: marked content written into the page streams as each flowable draws.

Every flowable that draws reading matter marks it with `/<role> <</MCID n>> BDC ... EMC` through the canvas's
public `addLiteral`, and records which structure element (`Node`) owns that content; page headers, footers,
table shading and rules are marked `/Artifact`. The structure tree itself is written afterwards from the
recorded nodes (see archive.py), in the order the content was drawn, which is the reading order.

A canvas without `marks` (a chart drawn for a test, a form defined after the last page) draws untagged.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from reportlab.platypus import Flowable, Table

from .wrap import Para

PAGINATION = "<</Type /Pagination>>"
HEADER = "<</Type /Pagination /Subtype /Header>>"
FOOTER = "<</Type /Pagination /Subtype /Footer>>"
LAYOUT = "<</Type /Layout>>"  # shading, rules and bars that only set content apart


class Node:
    """A structure element: its role, its parent (fixed when made, or the container it is first drawn in),
    its kids in reading order (nodes, and (page, MCID) pairs for its content) and its attributes."""

    __slots__ = ("alt", "attached", "first", "kids", "lang", "parent", "role", "scope", "target")

    def __init__(self, role: str, parent: Node | None = None, alt: str | None = None, lang: str | None = None):
        self.role, self.parent, self.alt, self.lang = role, parent, alt, lang
        self.scope: str | None = None  # a TH's /Scope: Column or Row
        self.target: str | None = None  # a Link's section key (its annotation jumps there)
        self.kids: list[Node | tuple[int, int]] = []
        self.first: tuple[int, int] | None = None  # its first content (page, MCID), the first tuple in kids
        self.attached = False


class Marks:
    """The marked content of one document as it is drawn: the open sequence, the MCIDs of each page, the tree."""

    def __init__(self) -> None:
        self.root = Node("Document")
        self.root.attached = True
        self.pages: dict[int, list[Node]] = {}  # page number -> the node of each MCID, in MCID order
        self.in_content = False
        self.artifact: str | None = None  # the properties of the open artifact sequence, reopened after content
        self.hard = False  # in page furniture: nothing inside is content, whatever it is

    def attach(self, node: Node) -> None:
        """Hang `node` (and its parents) in the tree when its first content is drawn: reading order."""
        if node.attached:
            return
        parent = node.parent or self.root
        node.parent = parent
        self.attach(parent)
        parent.kids.append(node)
        node.attached = True

    @contextmanager
    def content(self, canv, node: Node) -> Iterator[None]:
        """What is drawn inside is `node`'s content; inside other content or page furniture it is theirs."""
        if self.in_content or self.hard:
            yield
            return
        self.attach(node)
        page = canv.getPageNumber()
        mcids = self.pages.setdefault(page, [])
        reopen = self.artifact
        if reopen:
            canv.addLiteral("EMC")
        canv.addLiteral(f"/{node.role} <</MCID {len(mcids)}>> BDC")
        node.kids.append((page, len(mcids)))
        if node.first is None:
            node.first = (page, len(mcids))
        mcids.append(node)
        self.in_content = True
        try:
            yield
        finally:
            self.in_content = False
            canv.addLiteral("EMC")
            if reopen:
                canv.addLiteral(f"/Artifact {reopen} BDC")

    @contextmanager
    def artifacts(self, canv, properties: str = LAYOUT, hard: bool = False) -> Iterator[None]:
        """What is drawn inside is an artifact; content flowables inside break out of it unless `hard`."""
        if self.in_content or self.artifact:
            yield
            return
        canv.addLiteral(f"/Artifact {properties} BDC")
        self.artifact, self.hard = properties, hard
        try:
            yield
        finally:
            self.artifact, self.hard = None, False
            canv.addLiteral("EMC")


def marks_of(canv) -> Marks | None:
    return getattr(canv, "marks", None)


@contextmanager
def tagged(canv, node: Node | None) -> Iterator[None]:
    """Mark what is drawn inside as `node`'s content (nothing to do on an untagged canvas or without a node)."""
    marks = marks_of(canv)
    if marks is None or node is None:
        yield
        return
    with marks.content(canv, node):
        yield


@contextmanager
def artifact(canv, properties: str = LAYOUT, hard: bool = False) -> Iterator[None]:
    marks = marks_of(canv)
    if marks is None:
        yield
        return
    with marks.artifacts(canv, properties, hard):
        yield


class Text(Para):
    """A paragraph that marks its lines as its node's content (H1, P, Caption, LBody...); the parts of a split
    paragraph share the node, so a paragraph over two pages is one element."""

    node: Node | None = None

    def drawOn(self, canvas, x, y, _sW=0):
        with tagged(canvas, self.node):
            super().drawOn(canvas, x, y, _sW)

    def split(self, availWidth, availHeight):
        parts = super().split(availWidth, availHeight)
        for part in parts:
            part.node = self.node
        return parts


class Tag(Flowable):
    """An unsplittable flowable (a chart, a logo, a table cell's text) drawn as the content of `node`.

    `once`: drawn a second time (a table's header row repeated on the next page), it is an artifact.
    """

    def __init__(self, content: Flowable, node: Node | None, once: bool = False):
        super().__init__()
        self.content, self.node, self.once, self.drawn = content, node, once, False
        self.hAlign = getattr(content, "hAlign", "LEFT")

    def wrap(self, availWidth, availHeight):
        self.width, self.height = self.content.wrap(availWidth, availHeight)
        return self.width, self.height

    def getSpaceBefore(self):
        return self.content.getSpaceBefore()

    def getSpaceAfter(self):
        return self.content.getSpaceAfter()

    def drawOn(self, canvas, x, y, _sW=0):
        if self.once and self.drawn:
            with artifact(canvas, PAGINATION, hard=True):
                self.content.drawOn(canvas, x, y, _sW)
            return
        self.drawn = True
        with tagged(canvas, self.node):
            self.content.drawOn(canvas, x, y, _sW)


class CellText(Flowable):
    """A one-line table cell drawn where reportlab's Table draws a string cell, and where the cell's paragraph
    would draw its one line (its baseline a leading less the font size above the cell's middle line), so the
    cell can be marked as a TH or TD. `runs`: (face, text) pieces, a Latin face's and a CJK face's in turn."""

    def __init__(self, runs: tuple[tuple[str, str], ...], size: float, leading: float, color, width: float):
        super().__init__()
        self.runs, self.size, self.leading, self.color = runs, size, leading, color
        self.text = "".join(chunk for _, chunk in runs)
        self.width = width  # the text's width, as the table measured it to choose this cell

    def wrap(self, availWidth, availHeight):
        return self.width, self.leading

    def drawOn(self, canvas, x, y, _sW=0):
        """Drawn straight onto the page, without the graphics state a flowable saves, moves and restores around
        itself: a 2,000-line briefing draws 34,000 cells. The canvas keeps track of the font and colour set here,
        so whatever is drawn next sets its own where it differs, as it would after a restored state."""
        y = y + self.leading - self.size  # (placed by the table: a cell has no alignment of its own)
        if len(self.runs) == 1:
            face, text = self.runs[0]
            canvas.setFont(face, self.size, self.leading)
            canvas.setFillColor(self.color)
            canvas.drawString(x, y, text)
            return
        canvas.setFillColor(self.color)
        line = canvas.beginText(x, y)  # one text object, so the cell extracts as one string
        for face, text in self.runs:
            line.setFont(face, self.size, self.leading)
            line.textOut(text)
        canvas.drawText(line)


class Decorated(Table):
    """A table whose shading and rules are artifacts; its cells (content flowables) break out of them."""

    def draw(self):
        with artifact(self.canv):
            super().draw()


def table_nodes(rows: int, columns: int, header_rows: int = 1) -> tuple[Node, list[list[Node]]]:
    """A Table element and a TH (Scope Column) or TD node per cell, in TR rows."""
    table = Node("Table")
    cells = []
    for r in range(rows):
        row = Node("TR", table)
        line = []
        for _ in range(columns):
            cell = Node("TH" if r < header_rows else "TD", row)
            if r < header_rows:
                cell.scope = "Column"
            line.append(cell)
        cells.append(line)
    return table, cells
