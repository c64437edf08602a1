"""Logos for the PDF: each image file decoded and scaled once per process, drawn through reportlab's public API.

A logo is printed at 40-56 points; a 480-pixel (or 4,000-pixel) source would be embedded, compressed and
carried in every briefing at full size. So each file is decoded once with Pillow and scaled to what 300 dpi
needs at the size it is drawn; each briefing then embeds that small image through `ImageReader`, which
names it by a digest of its pixels: the same logo gives the same bytes from any folder or install.
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path
from typing import TypeGuard

from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable

MASK = "auto"  # the PNG's alpha channel becomes a soft mask, as reportlab's Image flowable does
DPI = 300  # print quality at the size drawn
WORDMARK = 2.5  # a logo this many times wider than high is a wordmark: it spells the name, so none is printed beside it


@lru_cache(maxsize=32)
def _scaled(path: str, mtime_ns: int, size: int, longest_px: int) -> Image.Image:
    """The image as it is now (the key changes when the file does), scaled down so its longer side is at most
    `longest_px`; decoded once per process. `check_image` vetted the file when the profile was loaded."""
    with Image.open(path) as source:
        image = source.convert("RGBA" if source.mode in ("RGBA", "LA", "P", "PA") else "RGB")
    if max(image.size) > longest_px:
        scale = longest_px / max(image.size)
        image = image.resize((max(1, round(image.width * scale)), max(1, round(image.height * scale))),
                             Image.Resampling.LANCZOS)
    return image


@lru_cache(maxsize=32)
def _proportions(path: str, mtime_ns: int, size: int) -> tuple[int, int]:
    with Image.open(path) as image:  # reads the header only
        return image.size


def aspect(path: Path) -> float:
    """Width over height of the image at `path`."""
    stat = Path(path).stat()
    width, height = _proportions(str(path), stat.st_mtime_ns, stat.st_size)
    return width / max(height, 1)


def is_wordmark(path: Path | None) -> TypeGuard[Path]:
    """Whether a logo is a wide wordmark (2.5:1 or wider), shown big enough to read and without a name beside it."""
    return path is not None and aspect(path) >= WORDMARK


class Logo(Flowable):
    """An image file scaled so that its longer side is `size` points, or, with `height`, as large as fits a box
    `size` points wide and `height` high (a wide wordmark then keeps a readable height)."""

    def __init__(self, path: Path, size: float, height: float | None = None, align: str = "CENTER"):
        super().__init__()
        self.hAlign = align  # CENTER as reportlab's Image
        stat = Path(path).stat()
        width, high = _proportions(str(path), stat.st_mtime_ns, stat.st_size)
        scale = size / max(width, high) if height is None else min(size / width, height / high)
        self.drawWidth, self.drawHeight = width * scale, high * scale
        longest = max(self.drawWidth, self.drawHeight)
        self.image = _scaled(str(path), stat.st_mtime_ns, stat.st_size, math.ceil(longest * DPI / 72))

    def wrap(self, aw, ah):
        return self.drawWidth, self.drawHeight

    def draw(self):
        self.canv.drawImage(ImageReader(self.image), 0, 0, self.drawWidth, self.drawHeight, mask=MASK)
