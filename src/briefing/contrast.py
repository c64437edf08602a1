"""Legible colours: the WCAG 2 contrast of the brand's text colours on the backgrounds the PDF sets them on.

WCAG AA asks 4.5:1 for text and 3:1 for large text (18 pt, or 14 pt bold). A brand whose colours fall short
still renders, with a warning that names the colours, the ratio and where the text appears.
"""

from __future__ import annotations

PAPER = "#FFFFFF"  # the page: "paper" below
NORMAL, LARGE = 4.5, 3.0

# The text the PDF sets in a brand colour, on a brand colour or the paper: (text, background, minimum, where).
# Text in the accent colour is not listed: it is drawn in `ink(...)`, which falls back to a legible colour.
TEXT_ON = (
    ("text", "paper", NORMAL, "body text, tables and chart labels"),
    ("text", "band", NORMAL, "text in callouts and shaded table rows"),
    ("muted", "paper", NORMAL, "captions, notes, axis labels, headers and footers"),
    ("muted", "band", NORMAL, "notes in shaded rows and the key figures' labels"),
    ("primary", "paper", NORMAL, "headings and the cover"),
    ("primary", "band", LARGE, "the key figures"),
    ("band", "primary", NORMAL, "table heads and the cover's title band"),
)
FALLBACK_INKS = ("primary", "text")  # for text asked in another colour that is not legible where it stands


def luminance(color: str) -> float:
    """The relative luminance of "#RRGGBB" (WCAG 2: sRGB channels linearised, weighted 0.2126/0.7152/0.0722)."""
    channels = [int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(foreground: str, background: str) -> float:
    """The contrast ratio of two "#RRGGBB" colours, from 1 (the same) to 21 (black on white)."""
    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _color(colors: dict[str, str], name: str) -> str:
    return PAPER if name == "paper" else colors[name]


def ink(colors: dict[str, str], preferred: str, background: str, minimum: float = NORMAL) -> str:
    """The name of the brand colour to set text in on `background` ("paper" or a colour's name): `preferred`
    where it is legible there, else the first of FALLBACK_INKS that is, else the most legible of them."""
    bg = _color(colors, background)
    for name in (preferred, *FALLBACK_INKS):
        if ratio(colors[name], bg) >= minimum:
            return name
    return max(FALLBACK_INKS, key=lambda name: ratio(colors[name], bg))


def warnings(colors: dict[str, str]) -> list[str]:
    """A sentence for each text colour of TEXT_ON that falls short of WCAG AA where the PDF sets it."""
    out = []
    for fg, bg, minimum, where in TEXT_ON:
        value = ratio(colors[fg], _color(colors, bg))
        if value < minimum:
            on = "the white page" if bg == "paper" else f"colors.{bg} ({colors[bg]})"
            out.append(
                f"colors.{fg} ({colors[fg]}) on {on} has a contrast of {value:.1f}:1, below the "
                f"{minimum:g}:1 that WCAG AA asks for {where}"
            )
    return out
