"""The position chart person by person: each person a dot on the P50-P75 band of their role (a strip plot).

Dots of one role are stacked where their pay is the same to within a dot's width (a beeswarm on a grid), so
two hundred people in a role stay countable; a role of more than DOTS_MAX people is drawn as a density strip
(how many people are paid at each level) rather than as thousands of overlapping dots. The chart splits between
roles across pages as the role-level chart does (see charts.PositionChart).
"""

from __future__ import annotations

import math

from reportlab.graphics.shapes import Circle, Drawing, Polygon, Rect
from reportlab.lib.enums import TA_RIGHT

from ...analysis import Analysis
from .charts import (
    LABEL_W,
    POSITION_AXIS_H,
    POSITION_CONTINUED_H,
    POSITION_LEGEND_H,
    Pen,
    PositionChart,
    _axis,
    nice_ticks,
)

DOTS_MAX = 300  # people of one role drawn one dot each; beyond this, a density strip
STRIP_ROW_H = 52
DOT_RADII = ((40, 3.2), (120, 2.6), (DOTS_MAX, 2.2))  # (up to this many people in a role, dot radius)
DENSITY_BIN = 3.0  # points of axis per bar of the density strip
AXIS_CAP = 2.5  # the axis ends at most this many times the highest P75: a stray pay does not squash the rest


class StripChart(PositionChart):
    """Each person's pay against their role's P50-P75 band and target; roles without people say why."""

    ROW_H = STRIP_ROW_H

    def axis_ticks(self) -> list[float]:
        """Round ticks from below the lowest pay or P50 to above the highest (capped): the axis of a strip plot
        need not start at zero, and the people get the width."""
        a = self.a
        p75 = max(a.money(r.p75_cny) for r in a.roles)
        pays = [
            a.money(p.current_pay_cny)
            for p in a.people.persons  # type: ignore[union-attr]
            if p.current_pay_cny is not None
        ]
        top = min(max([p75, *pays]), p75 * AXIS_CAP) * 1.04
        low = min([a.money(r.p50_cny) for r in a.roles] + pays) * 0.96
        ticks = nice_ticks(top)
        step = ticks[1] - ticks[0]
        return [t for t in ticks if t > low - step]

    def drawing(self) -> Drawing:
        return strip_chart(self.a, self.pen, self.chart_width, self.roles, self.ticks, self.legend)


def dense(a: Analysis) -> bool:
    """Whether some role is drawn as a density strip."""
    return any(r.with_pay > DOTS_MAX for r in a.people.roles)  # type: ignore[union-attr]


def strip_chart(a: Analysis, pen: Pen, width: float, roles, ticks: list[float], legend: bool) -> Drawing:
    row_h = STRIP_ROW_H
    legend_h = POSITION_LEGEND_H if legend else POSITION_CONTINUED_H
    height = legend_h + row_h * len(roles) + POSITION_AXIS_H
    d = Drawing(width, height, initialFontName=pen.fonts.regular)
    left, x1 = LABEL_W + 8, width - 18
    scale = (x1 - left) / (ticks[-1] - ticks[0])
    x0 = left - ticks[0] * scale  # where zero would be: x = x0 + value * scale
    _axis(
        pen,
        d,
        left,
        x1,
        POSITION_AXIS_H,
        height - legend_h + 2,
        [t - ticks[0] for t in ticks],
        pen.w.axis(ticks),
        pen.w("chart.position_axis", unit=pen.w(f"chart.unit.{a.currency}")),
    )
    wanted = {r.role for r in roles}
    pays: dict[str, list[tuple[float, bool]]] = {role: [] for role in wanted}
    for p in a.people.persons:  # type: ignore[union-attr]
        if p.role in wanted and p.current_pay_cny is not None:
            pays[p.role].append((a.money(p.current_pay_cny), p.below_target))
    for i, r in enumerate(roles):
        y_mid = height - legend_h - row_h * i - row_h / 2
        if i % 2:
            d.add(Rect(0, y_mid - row_h / 2, width, row_h, fillColor=pen.c.band, strokeColor=None))
        stats = a.people.role(r.role)  # type: ignore[union-attr]
        d.add(pen.label(LABEL_W, y_mid + 5, pen.w.label(r), LABEL_W - 4))
        count = stats.headcount if stats else 0
        d.add(
            pen.text(
                LABEL_W,
                y_mid - 15,
                pen.w.plural("chart.people_count", count, n=f"{count:,}"),
                7,
                pen.c.muted,
                align=TA_RIGHT,
            )
        )
        half = row_h / 2 - 4
        p50, p75, target = (min(max(a.money(v) * scale + x0, left), x1) for v in (r.p50_cny, r.p75_cny, r.target_cny))
        d.add(Rect(p50, y_mid - half, p75 - p50, 2 * half, fillColor=pen.c.rule, strokeColor=None))
        people = sorted(pays.get(r.role, ()))
        if not people:
            note = pen.w("chart.pay_not_given") if count else pen.w("chart.no_staff")
            d.add(pen.text(left + 4, y_mid - 2.6, note, 7.5, pen.c.muted, italic=True))
        elif len(people) > DOTS_MAX:
            _density(d, pen, people, x0, left, x1, scale, y_mid, half, target)
        else:
            _dots(d, pen, people, x0, left, x1, scale, y_mid, half)
        d.add(_target_line(pen, target, y_mid, half))
        beyond = sum(1 for pay, _ in people if x0 + pay * scale > x1)
        if beyond:
            d.add(
                Polygon(
                    [x1 + 3, y_mid + 3.5, x1 + 8, y_mid, x1 + 3, y_mid - 3.5], fillColor=pen.c.muted, strokeColor=None
                )
            )
            d.add(pen.text(x1 + 3, y_mid - 12, f"{beyond:,}", 6.5, pen.c.muted))
    if legend:
        items = [
            (pen.c.rule, pen.w("chart.band"), "box"),
            (pen.c.accent, pen.w("chart.target", pct=a.target_percentile), "line"),
            (pen.c.positive, pen.w("chart.person_at_target"), "dot"),
            (pen.c.negative, pen.w("chart.person_below_target"), "dot"),
        ]
        d.add(pen.legend(x0, height - 12, items, width))
    return d


def _target_line(pen: Pen, x: float, y_mid: float, half: float):
    from reportlab.graphics.shapes import Line

    return Line(x, y_mid - half - 1, x, y_mid + half + 1, strokeColor=pen.c.accent, strokeWidth=1.6)


def _dots(
    d: Drawing,
    pen: Pen,
    people: list[tuple[float, bool]],
    x0: float,
    left: float,
    x1: float,
    scale: float,
    y_mid: float,
    half: float,
) -> None:
    """One dot per person, stacked above and below the middle of the row where pay falls within a dot's width;
    the stacks close up (the dots overlap, outlined) only when the tallest would not fit the row."""
    radius = next(r for n, r in DOT_RADII if len(people) <= n)
    diameter = 2 * radius
    stacks: dict[int, int] = {}
    placed = []
    for pay, below in people:
        x = min(x0 + pay * scale, x1)
        column = int((x - left) // diameter)
        k = stacks.get(column, 0)
        stacks[column] = k + 1
        placed.append((x, k, below))
    tallest = max(stacks.values())
    room = half - radius
    step = min(diameter * 0.95, room / max(1, math.ceil((tallest - 1) / 2))) if tallest > 1 else 0
    for x, k, below in placed:
        offset = (k + 1) // 2 * step * (1 if k % 2 else -1)
        d.add(
            Circle(
                x,
                y_mid + offset,
                radius,
                fillColor=pen.c.negative if below else pen.c.positive,
                strokeColor=pen.c.band,
                strokeWidth=0.5,
            )
        )


def _density(
    d: Drawing,
    pen: Pen,
    people: list[tuple[float, bool]],
    x0: float,
    left: float,
    x1: float,
    scale: float,
    y_mid: float,
    half: float,
    target: float,
) -> None:
    """How many people are paid at each level: a bar per DENSITY_BIN points of axis, as tall as its count allows
    against the fullest bar, coloured by whether that level is below target."""
    bins: dict[int, int] = {}
    for pay, _below in people:
        x = min(x0 + pay * scale, x1)
        b = int((x - left) // DENSITY_BIN)
        bins[b] = bins.get(b, 0) + 1
    fullest = max(bins.values())
    for b in sorted(bins):
        start = left + b * DENSITY_BIN
        h = max(0.8, half * bins[b] / fullest)
        color = pen.c.negative if start + DENSITY_BIN / 2 < target else pen.c.positive
        d.add(Rect(start, y_mid - h, DENSITY_BIN - 0.4, 2 * h, fillColor=color, strokeColor=None))
