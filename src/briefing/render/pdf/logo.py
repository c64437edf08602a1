"""Logos for the PDF: each image file decoded and scaled once per process, drawn through reportlab's public API.

A logo is printed 13 to 56 points high; a 480-pixel (or 4,000-pixel) source would be embedded, compressed and
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
def _scaled(path: str, mtime_ns: int, size: int, box_px: tuple[int, int]) -> Image.Image:
    """The image as it is now (the key changes when the file does), scaled down to fit `box_px` (width, height)
    where it is larger; decoded once per process. `check_image` vetted the file when the profile was loaded."""
    with Image.open(path) as source:
        image = source.convert("RGBA" if source.mode in ("RGBA", "LA", "P", "PA") else "RGB")
    scale = min(box_px[0] / image.width, box_px[1] / image.height)
    if scale < 1:
        image = image.resize(
            (max(1, round(image.width * scale)), max(1, round(image.height * scale))), Image.Resampling.LANCZOS
        )
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
    """Whether a logo is a wide wordmark (2.5:1 or wider): it spells the name, so none is printed beside it."""
    return path is not None and aspect(path) >= WORDMARK


class Logo(Flowable):
    """An image file scaled to fit a box of `width` x `height` points: a square mark `height` high, a wide
    wordmark as wide as the box allows (a 4:1 wordmark scaled to a square's height would be unreadable)."""

    def __init__(self, path: Path, height: float, width: float | None = None, align: str = "CENTER"):
        super().__init__()
        self.hAlign = align  # CENTER as reportlab's Image
        width = width or height
        stat = Path(path).stat()
        box_px = (math.ceil(width * DPI / 72), math.ceil(height * DPI / 72))
        self.image = _scaled(str(path), stat.st_mtime_ns, stat.st_size, box_px)
        scale = min(height / self.image.height, width / self.image.width)
        self.drawWidth, self.drawHeight = self.image.width * scale, self.image.height * scale

    def wrap(self, aw, ah):
        return self.drawWidth, self.drawHeight

    def draw(self):
        self.canv.drawImage(ImageReader(self.image), 0, 0, self.drawWidth, self.drawHeight, mask=MASK)
