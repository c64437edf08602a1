"""The briefing's three charts, drawn with reportlab.graphics from figures the analysis already holds."""

from __future__ import annotations

import math

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, Rect, String
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable

from ... import fmt
from ...analysis import Analysis
from .tags import Node, tagged
from .type import Fonts, Palette, runs, text_width
from .words import Words
from .wrap import may_break

LABEL_W = 150  # the role/specialization label column
MIN_ROWS = 3  # rows that a chart or a table split across pages keeps on each side of the break
POSITION_ROW_H, POSITION_LEGEND_H, POSITION_CONTINUED_H, POSITION_AXIS_H = 22, 20, 6, 30


class Pen:
    """Chart text and shapes in the brand's fonts and colours."""

    def __init__(self, fonts: Fonts, colors: Palette, words: Words):
        self.fonts = fonts
        self.c = colors
        self.w = words

    def text(
        self,
        x: float,
        y: float,
        text: str,
        size: float = 7.5,
        color=None,
        bold: bool = False,
        italic: bool = False,
        align: int = TA_LEFT,
    ) -> Group:
        face = self.fonts.bold if bold else self.fonts.italic if italic else self.fonts.regular
        width = text_width(text, self.fonts, face, size)
        x = x - width if align == TA_RIGHT else x - width / 2 if align == TA_CENTER else x
        group = Group()
        for kind, chunk in runs(text, self.fonts, bold):
            name = self.fonts.run_face(kind, face)
            group.add(String(x, y, chunk, fontName=name, fontSize=size, fillColor=color or self.c.text))
            x += pdfmetrics.stringWidth(chunk, name, size)
        return group

    def wrap(self, text: str, width: float, size: float, max_lines: int = 2) -> list[str]:
        """Greedy line breaks at spaces (or between characters for long CJK words), then an ellipsis."""
        face = self.fonts.regular
        lines: list[str] = []
        line = ""
        for word in text.split(" "):
            candidate = f"{line} {word}" if line else word
            if text_width(candidate, self.fonts, face, size) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            line = ""
            for char in word:  # a word wider than the column breaks between characters
                if text_width(line + char, self.fonts, face, size) > width and line:
                    cut = _cut(line, char)  # Chinese: at a permitted break, never before "）" or "，"
                    lines.append(line[:cut])
                    line = line[cut:]
                line += char
        lines.append(line)
        if len(lines) > max_lines:
            last = lines[max_lines - 1]
            while last and text_width(last + "\u2026", self.fonts, face, size) > width:
                last = last[:-1]
            lines = [*lines[: max_lines - 1], last.rstrip() + "\u2026"]
        return lines

    def label(self, x: float, y_mid: float, text: str, width: float, size: float = 8) -> Group:
        """A right-aligned label of up to two lines, centred on y_mid."""
        lines = self.wrap(text, width, size)
        group = Group()
        leading = size * 1.2
        top = y_mid + (len(lines) - 1) * leading / 2 - size * 0.35
        for i, line in enumerate(lines):
            group.add(self.text(x, top - i * leading, line, size, align=TA_RIGHT))
        return group

    def swatch(self, x: float, y: float, color, label: str, kind: str = "box") -> tuple[Group, float]:
        group = Group()
        if kind == "box":
            group.add(Rect(x, y - 1, 9, 7, fillColor=color, strokeColor=None))
        elif kind == "line":
            group.add(Line(x + 4.5, y - 2, x + 4.5, y + 7, strokeColor=color, strokeWidth=2))
        elif kind == "dot":
            group.add(Circle(x + 4.5, y + 2.5, 3.2, fillColor=color, strokeColor=None))
        else:
            group.add(diamond(x + 4.5, y + 2.5, 4, color, self.c.band))
        group.add(self.text(x + 13, y, label, 7.5, self.c.muted))
        return group, 13 + text_width(label, self.fonts, self.fonts.regular, 7.5) + 14

    def legend(self, x: float, y: float, items: list[tuple[object, str, str]], right: float) -> Group:
        """A row of swatches from x, moved left when it would run past `right`."""
        width = sum(13 + text_width(label, self.fonts, self.fonts.regular, 7.5) + 14 for _, label, _ in items) - 14
        x = max(0, min(x, right - width))
        group = Group()
        for color, label, kind in items:
            item, width = self.swatch(x, y, color, label, kind)
            group.add(item)
            x += width
        return group


def _cut(line: str, char: str) -> int:
    """Where to end a full line of a word too wide for its column, `char` being the one that does not fit."""
    text = line + char
    return next((i for i in range(len(line), 0, -1) if may_break(text[i - 1], text[i])), len(line))


def diamond(x: float, y: float, r: float, fill, stroke) -> Polygon:
    return Polygon([x, y + r, x + r, y, x, y - r, x - r, y], fillColor=fill, strokeColor=stroke, strokeWidth=0.8)


def nice_ticks(top: float) -> list[float]:
    """About five round axis ticks from 0 covering `top` (chart geometry, not a briefing figure)."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    count = math.ceil(top / step - 1e-9)
    return [i * step for i in range(count + 1)]


def _axis(
    pen: Pen,
    drawing: Drawing,
    x0: float,
    x1: float,
    y0: float,
    y1: float,
    ticks: list[float],
    labels: list[str],
    title: str,
) -> None:
    top = ticks[-1]
    for tick, label in zip(ticks, labels, strict=True):
        x = x0 + (x1 - x0) * tick / top
        drawing.add(Line(x, y0, x, y1, strokeColor=pen.c.rule, strokeWidth=0.5))
        drawing.add(pen.text(x, y0 - 10, label, 7, pen.c.muted, align=TA_CENTER))
    drawing.add(Line(x0, y0, x1, y0, strokeColor=pen.c.muted, strokeWidth=0.6))
    drawing.add(pen.text((x0 + x1) / 2, y0 - 21, title, 7.5, pen.c.muted, align=TA_CENTER))


def benchmark_chart(a: Analysis, pen: Pen, width: float) -> Drawing:
    """P50 and P75 by benchmark role (CNY 10K per year), with the client's current pay marked."""
    row_h, bar_h = 40, 12
    lines = a.benchmark
    pays = {
        line.role: [r.current_pay_cny for r in a.roles if r.role == line.role and r.current_pay_cny is not None]
        for line in lines
    }
    top_value = max([b.p75_cny for b in lines] + [p for ps in pays.values() for p in ps])
    ticks = nice_ticks(top_value * 1.04)
    legend_h, axis_h = 20, 30
    height = legend_h + row_h * len(lines) + axis_h
    d = Drawing(width, height, initialFontName=pen.fonts.regular)
    digits = fmt.places(v / 10_000 for line in lines for v in (line.p50_cny, line.p75_cny))  # one per chart
    # value labels stand after their bars, in the text colour on the page: legible whatever the bars' colours
    label_w = max(
        text_width(fmt.cny_10k(v, digits), pen.fonts, pen.fonts.regular, 7.5)
        for line in lines
        for v in (line.p50_cny, line.p75_cny)
    )
    x0, x1 = LABEL_W + 8, width - 6 - label_w
    y_axis = axis_h
    scale = (x1 - x0) / ticks[-1]
    tick_digits = fmt.places(t / 10_000 for t in ticks)
    _axis(
        pen,
        d,
        x0,
        x1,
        y_axis,
        height - legend_h + 2,
        ticks,
        [fmt.cny_10k(t, tick_digits) for t in ticks],
        pen.w("chart.benchmark_axis"),
    )
    for i, line in enumerate(lines):
        top = height - legend_h - row_h * i - 3
        y_mid = top - bar_h - 0.5  # between the two bars; the client's pay sits in a lane below them
        d.add(pen.label(LABEL_W, y_mid, pen.w.name(line.role), LABEL_W - 4))
        for value, color, y in (
            (line.p50_cny, pen.c.secondary, top - bar_h),
            (line.p75_cny, pen.c.accent, top - 2 * bar_h - 1),
        ):
            d.add(Rect(x0, y, value * scale, bar_h, fillColor=color, strokeColor=None))
            d.add(pen.text(x0 + value * scale + 3, y + 3, fmt.cny_10k(value, digits), 7.5, pen.c.text))
        for pay in pays[line.role]:
            d.add(diamond(x0 + pay * scale, top - 2 * bar_h - 7.5, 4.5, pen.c.text, pen.c.band))
    d.add(
        pen.legend(
            x0,
            height - 12,
            [
                (pen.c.secondary, "P50", "box"),
                (pen.c.accent, "P75", "box"),
                (pen.c.text, pen.w("chart.current_pay"), "diamond"),
            ],
            width,
        )
    )
    return d


class PositionChart(Flowable):
    """Each client role's current pay against its P50-P75 band and target, in the profile's currency, as a
    flowable that splits between rows across pages: every part has its axis, the first the legend, the last the
    caption, and each at least MIN_ROWS rows. The axis is the same on every part.

    Tagged as one Figure (`node`, with the alternative text) over all its parts, each caption as a Caption."""

    ROW_H = POSITION_ROW_H

    def __init__(
        self,
        a: Analysis,
        pen: Pen,
        width: float,
        caption: Flowable,
        roles=None,
        ticks=None,
        legend: bool = True,
        node: Node | None = None,
    ):
        super().__init__()
        self.a, self.pen, self.chart_width, self.caption, self.legend = a, pen, width, caption, legend
        self.node = node
        self.roles = a.roles if roles is None else roles
        self.ticks = self.axis_ticks() if ticks is None else ticks
        self._drawing: Drawing | None = None

    def axis_ticks(self) -> list[float]:
        a = self.a
        known = [a.money(r.current_pay_cny) for r in a.roles if r.current_pay_cny is not None]
        return nice_ticks(max([a.money(r.p75_cny) for r in a.roles] + known) * 1.04)

    def _chart_height(self, rows: int, legend: bool) -> float:
        return (POSITION_LEGEND_H if legend else POSITION_CONTINUED_H) + self.ROW_H * rows + POSITION_AXIS_H

    def _caption_height(self, aw: float) -> float:
        if self.caption is None:
            return 0
        return self.caption.wrap(aw, 1e6)[1] + self.caption.getSpaceBefore()

    def wrap(self, aw, ah):
        self.width = aw
        self.height = self._chart_height(len(self.roles), self.legend) + self._caption_height(aw)
        return aw, self.height

    def getSpaceAfter(self):
        return self.caption.getSpaceAfter() if self.caption is not None else 12

    def split(self, aw, ah):
        n = len(self.roles)
        fits = [k for k in range(MIN_ROWS, n - MIN_ROWS + 1) if self._chart_height(k, self.legend) <= ah]
        if not fits:
            return []
        k = fits[-1]
        return [
            type(self)(self.a, self.pen, self.chart_width, None, self.roles[:k], self.ticks, self.legend, self.node),
            type(self)(self.a, self.pen, self.chart_width, self.caption, self.roles[k:], self.ticks, False, self.node),
        ]

    def drawing(self) -> Drawing:
        return _position_chart(self.a, self.pen, self.chart_width, self.roles, self.ticks, self.legend)

    def draw(self):
        if self._drawing is None:
            self._drawing = self.drawing()
        under = self._caption_height(self.width)
        with tagged(self.canv, self.node):
            self._drawing.drawOn(self.canv, 0, under)
        if self.caption is not None:
            self.caption.drawOn(self.canv, 0, 0)


def _position_chart(a: Analysis, pen: Pen, width: float, roles, ticks: list[float], legend: bool) -> Drawing:
    row_h, band_h = POSITION_ROW_H, 10
    legend_h, axis_h = (POSITION_LEGEND_H if legend else POSITION_CONTINUED_H), POSITION_AXIS_H
    height = legend_h + row_h * len(roles) + axis_h
    d = Drawing(width, height, initialFontName=pen.fonts.regular)
    x0, x1 = LABEL_W + 8, width - 16
    scale = (x1 - x0) / ticks[-1]
    _axis(
        pen,
        d,
        x0,
        x1,
        axis_h,
        height - legend_h + 2,
        ticks,
        pen.w.axis(ticks),
        pen.w("chart.position_axis", unit=pen.w(f"chart.unit.{a.currency}")),
    )
    for i, r in enumerate(roles):
        y_mid = height - legend_h - row_h * i - row_h / 2
        if i % 2:
            d.add(Rect(0, y_mid - row_h / 2, width, row_h, fillColor=pen.c.band, strokeColor=None))
        d.add(pen.label(LABEL_W, y_mid, pen.w.label(r), LABEL_W - 4))
        p50, p75, target = (a.money(v) * scale + x0 for v in (r.p50_cny, r.p75_cny, r.target_cny))
        d.add(Rect(p50, y_mid - band_h / 2, p75 - p50, band_h, fillColor=pen.c.rule, strokeColor=None))
        d.add(
            Line(
                target, y_mid - band_h / 2 - 2, target, y_mid + band_h / 2 + 2, strokeColor=pen.c.accent, strokeWidth=2
            )
        )
        if r.current_pay_cny is None:
            note = pen.w("chart.pay_not_given") if r.pay_unknown else pen.w("chart.no_staff")
            d.add(pen.text(x0 + 4, y_mid - 2.6, note, 7.5, pen.c.muted, italic=True))
        else:
            color = pen.c.negative if r.pay_below_target else pen.c.positive  # as the workbook marks it
            d.add(
                Circle(
                    x0 + a.money(r.current_pay_cny) * scale,
                    y_mid,
                    4,
                    fillColor=color,
                    strokeColor=pen.c.band,
                    strokeWidth=0.8,
                )
            )
    if legend:
        d.add(
            pen.legend(
                x0,
                height - 12,
                [
                    (pen.c.rule, pen.w("chart.band"), "box"),
                    (pen.c.accent, pen.w("chart.target", pct=a.target_percentile), "line"),
                    (pen.c.positive, pen.w("chart.at_target"), "dot"),
                    (pen.c.negative, pen.w("chart.below_target"), "dot"),
                ],
                width,
            )
        )
    return d


def supply_chart(a: Analysis, pen: Pen, width: float) -> Drawing:
    """Current headcount against the estimated gap per specialization, with low-high ranges."""
    row_h, bar_h = 36, 12
    legend_h, axis_h = 20, 30
    height = legend_h + row_h * len(a.supply) + axis_h
    d = Drawing(width, height, initialFontName=pen.fonts.regular)
    x0, x1 = LABEL_W + 8, width - 62
    ticks = nice_ticks(max(max(s.headcount_high, s.gap_high) for s in a.supply) * 1.02)
    scale = (x1 - x0) / ticks[-1]
    _axis(
        pen, d, x0, x1, axis_h, height - legend_h + 2, ticks, [fmt.whole(t) for t in ticks], pen.w("chart.supply_axis")
    )
    for i, s in enumerate(a.supply):
        y_mid = height - legend_h - row_h * i - row_h / 2
        d.add(pen.label(LABEL_W, y_mid, pen.w.name(s.specialization), LABEL_W - 4))
        for mid, low, high, color, y in (
            (s.headcount_mid, s.headcount_low, s.headcount_high, pen.c.secondary, y_mid + 0.5),
            (s.gap_mid, s.gap_low, s.gap_high, pen.c.negative, y_mid - bar_h - 0.5),
        ):
            d.add(Rect(x0, y, mid * scale, bar_h, fillColor=color, strokeColor=None))
            yc = y + bar_h / 2
            d.add(Line(x0 + low * scale, yc, x0 + high * scale, yc, strokeColor=pen.c.text, strokeWidth=0.8))
            for end in (low, high):
                d.add(Line(x0 + end * scale, yc - 3, x0 + end * scale, yc + 3, strokeColor=pen.c.text, strokeWidth=0.8))
            d.add(pen.text(x0 + high * scale + 4, y + 3, fmt.count_range(low, high), 7, pen.c.text))
    d.add(
        pen.legend(
            x0,
            height - 12,
            [(pen.c.secondary, pen.w("chart.headcount"), "box"), (pen.c.negative, pen.w("chart.gap"), "box")],
            width,
        )
    )
    return d
