"""The briefing's three charts, drawn with reportlab.graphics from figures the analysis already holds."""

from __future__ import annotations

import math

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, Rect, String
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.pdfbase import pdfmetrics

from ... import fmt
from ...analysis import Analysis
from .type import Fonts, Palette, runs, text_width
from .words import Words
from .wrap import may_break

LABEL_W = 150  # the role/specialization label column
ROWS_PER_CHART = 22  # position rows per drawing, so a long profile breaks between drawings


class Pen:
    """Chart text and shapes in the brand's fonts and colours."""

    def __init__(self, fonts: Fonts, colors: Palette, words: Words):
        self.fonts = fonts
        self.c = colors
        self.w = words

    def text(self, x: float, y: float, text: str, size: float = 7.5, color=None, bold: bool = False,
             italic: bool = False, align: int = TA_LEFT) -> Group:
        face = self.fonts.bold if bold else self.fonts.italic if italic else self.fonts.regular
        width = text_width(text, self.fonts, face, size)
        x = x - width if align == TA_RIGHT else x - width / 2 if align == TA_CENTER else x
        group = Group()
        for cjk, chunk in runs(text, self.fonts):
            name = self.fonts.cjk if cjk else face
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
            lines = [*lines[:max_lines - 1], last.rstrip() + "\u2026"]
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


def _axis(pen: Pen, drawing: Drawing, x0: float, x1: float, y0: float, y1: float, ticks: list[float],
          tick_label, title: str) -> None:
    top = ticks[-1]
    for tick in ticks:
        x = x0 + (x1 - x0) * tick / top
        drawing.add(Line(x, y0, x, y1, strokeColor=pen.c.rule, strokeWidth=0.5))
        drawing.add(pen.text(x, y0 - 10, tick_label(tick), 7, pen.c.muted, align=TA_CENTER))
    drawing.add(Line(x0, y0, x1, y0, strokeColor=pen.c.muted, strokeWidth=0.6))
    drawing.add(pen.text((x0 + x1) / 2, y0 - 21, title, 7.5, pen.c.muted, align=TA_CENTER))


def benchmark_chart(a: Analysis, pen: Pen, width: float) -> Drawing:
    """P50 and P75 by benchmark role (CNY 10K per year), with the client's current pay marked."""
    row_h, bar_h = 40, 12
    lines = a.benchmark
    pays = {line.role: [r.current_pay_cny for r in a.roles if r.role == line.role and r.current_pay_cny is not None]
            for line in lines}
    top_value = max([b.p75_cny for b in lines] + [p for ps in pays.values() for p in ps])
    ticks = nice_ticks(top_value * 1.04)
    legend_h, axis_h = 20, 30
    height = legend_h + row_h * len(lines) + axis_h
    d = Drawing(width, height, initialFontName=pen.fonts.regular)
    x0, x1 = LABEL_W + 8, width - 12
    y_axis = axis_h
    scale = (x1 - x0) / ticks[-1]
    _axis(pen, d, x0, x1, y_axis, height - legend_h + 2, ticks, fmt.cny_10k, pen.w("chart.benchmark_axis"))
    for i, line in enumerate(lines):
        top = height - legend_h - row_h * i - 3
        y_mid = top - bar_h - 0.5  # between the two bars; the client's pay sits in a lane below them
        d.add(pen.label(LABEL_W, y_mid, pen.w.name(line.role), LABEL_W - 4))
        for value, color, y in ((line.p50_cny, pen.c.secondary, top - bar_h),
                                (line.p75_cny, pen.c.accent, top - 2 * bar_h - 1)):
            d.add(Rect(x0, y, value * scale, bar_h, fillColor=color, strokeColor=None))
            label = fmt.cny_10k(value)
            if text_width(label, pen.fonts, pen.fonts.bold, 7.5) + 8 < value * scale:
                d.add(pen.text(x0 + value * scale - 4, y + 3, label, 7.5, pen.c.band, bold=True, align=TA_RIGHT))
            else:
                d.add(pen.text(x0 + value * scale + 3, y + 3, label, 7.5, pen.c.text))
        for pay in pays[line.role]:
            d.add(diamond(x0 + pay * scale, top - 2 * bar_h - 7.5, 4.5, pen.c.text, pen.c.band))
    d.add(pen.legend(x0, height - 12, [(pen.c.secondary, "P50", "box"), (pen.c.accent, "P75", "box"),
                                       (pen.c.text, pen.w("chart.current_pay"), "diamond")], width))
    return d


def position_charts(a: Analysis, pen: Pen, width: float) -> list[Drawing]:
    """Each client role's current pay against its P50-P75 band and target, in the profile's currency."""
    roles = a.roles
    known = [a.money(r.current_pay_cny) for r in roles if r.current_pay_cny is not None]
    ticks = nice_ticks(max([a.money(r.p75_cny) for r in roles] + known) * 1.04)
    chunks = [roles[i:i + ROWS_PER_CHART] for i in range(0, len(roles), ROWS_PER_CHART)]
    return [_position_chart(a, pen, width, chunk, ticks, legend=(n == 0)) for n, chunk in enumerate(chunks)]


def _position_chart(a: Analysis, pen: Pen, width: float, roles, ticks: list[float], legend: bool) -> Drawing:
    row_h, band_h = 22, 10
    legend_h, axis_h = (20 if legend else 6), 30
    height = legend_h + row_h * len(roles) + axis_h
    d = Drawing(width, height, initialFontName=pen.fonts.regular)
    x0, x1 = LABEL_W + 8, width - 16
    scale = (x1 - x0) / ticks[-1]
    _axis(pen, d, x0, x1, axis_h, height - legend_h + 2, ticks, pen.w.axis,
          pen.w("chart.position_axis", unit=pen.w(f"chart.unit.{a.currency}")))
    for i, r in enumerate(roles):
        y_mid = height - legend_h - row_h * i - row_h / 2
        if i % 2:
            d.add(Rect(0, y_mid - row_h / 2, width, row_h, fillColor=pen.c.band, strokeColor=None))
        d.add(pen.label(LABEL_W, y_mid, pen.w.label(r), LABEL_W - 4))
        p50, p75, target = (a.money(v) * scale + x0 for v in (r.p50_cny, r.p75_cny, r.target_cny))
        d.add(Rect(p50, y_mid - band_h / 2, p75 - p50, band_h, fillColor=pen.c.rule, strokeColor=None))
        d.add(Line(target, y_mid - band_h / 2 - 2, target, y_mid + band_h / 2 + 2, strokeColor=pen.c.accent,
                   strokeWidth=2))
        if r.current_pay_cny is None:
            note = pen.w("chart.pay_not_given") if r.pay_unknown else pen.w("chart.no_staff")
            d.add(pen.text(x0 + 4, y_mid - 2.6, note, 7.5, pen.c.muted, italic=True))
        else:
            color = pen.c.negative if r.pay_below_target else pen.c.positive  # as the workbook marks it
            d.add(Circle(x0 + a.money(r.current_pay_cny) * scale, y_mid, 4, fillColor=color,
                         strokeColor=pen.c.band, strokeWidth=0.8))
    if legend:
        d.add(pen.legend(x0, height - 12, [
            (pen.c.rule, pen.w("chart.band"), "box"),
            (pen.c.accent, pen.w("chart.target", pct=a.target_percentile), "line"),
            (pen.c.positive, pen.w("chart.at_target"), "dot"), (pen.c.negative, pen.w("chart.below_target"), "dot")],
            width))
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
    _axis(pen, d, x0, x1, axis_h, height - legend_h + 2, ticks, fmt.whole, pen.w("chart.supply_axis"))
    for i, s in enumerate(a.supply):
        y_mid = height - legend_h - row_h * i - row_h / 2
        d.add(pen.label(LABEL_W, y_mid, pen.w.name(s.specialization), LABEL_W - 4))
        for mid, low, high, color, y in ((s.headcount_mid, s.headcount_low, s.headcount_high, pen.c.secondary,
                                          y_mid + 0.5),
                                         (s.gap_mid, s.gap_low, s.gap_high, pen.c.negative, y_mid - bar_h - 0.5)):
            d.add(Rect(x0, y, mid * scale, bar_h, fillColor=color, strokeColor=None))
            yc = y + bar_h / 2
            d.add(Line(x0 + low * scale, yc, x0 + high * scale, yc, strokeColor=pen.c.text, strokeWidth=0.8))
            for end in (low, high):
                d.add(Line(x0 + end * scale, yc - 3, x0 + end * scale, yc + 3, strokeColor=pen.c.text,
                           strokeWidth=0.8))
            d.add(pen.text(x0 + high * scale + 4, y + 3, fmt.count_range(low, high), 7, pen.c.text))
    d.add(pen.legend(x0, height - 12, [(pen.c.secondary, pen.w("chart.headcount"), "box"),
                                       (pen.c.negative, pen.w("chart.gap"), "box")], width))
    return d
