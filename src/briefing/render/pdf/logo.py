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

from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable

MASK = "auto"  # the PNG's alpha channel becomes a soft mask, as reportlab's Image flowable does
DPI = 300  # print quality at the size drawn


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


class Logo(Flowable):
    """An image file scaled so that its longer side is `size` points."""

    def __init__(self, path: Path, size: float):
        super().__init__()
        self.hAlign = "CENTER"  # as reportlab's Image
        stat = Path(path).stat()
        self.image = _scaled(str(path), stat.st_mtime_ns, stat.st_size, math.ceil(size * DPI / 72))
        width, height = self.image.size
        scale = size / max(width, height)
        self.drawWidth, self.drawHeight = width * scale, height * scale

    def wrap(self, aw, ah):
        return self.drawWidth, self.drawHeight

    def draw(self):
        self.canv.drawImage(ImageReader(self.image), 0, 0, self.drawWidth, self.drawHeight, mask=MASK)
