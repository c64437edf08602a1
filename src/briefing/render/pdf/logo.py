"""Logos for the PDF: each image file decoded and compressed once per process, not once per briefing.

A batch draws the firm's logo (and often the same client logos) in every briefing; building reportlab's
image object (PNG decode, zlib of the pixels and of the alpha mask) costs more than laying out a page.
"""

from __future__ import annotations

import copy
from functools import lru_cache
from pathlib import Path

from reportlab.lib.utils import _digester
from reportlab.pdfbase.pdfdoc import PDFImageXObject, PDFObjectReference
from reportlab.platypus import Flowable

MASK = "auto"  # the PNG's alpha channel becomes a soft mask, as reportlab's Image flowable does


@lru_cache(maxsize=32)
def _image(path: str, mtime_ns: int, size: int) -> PDFImageXObject:
    """The image object for a file as it is now (the key changes when the file does); never registered."""
    return PDFImageXObject(_digester(f"{path}{MASK}"), path, mask=MASK)


class Logo(Flowable):
    """An image file scaled to fit a box of `width` x `height` points: a square mark `height` high, a wide
    wordmark as wide as the box allows (a 4:1 wordmark scaled to a square's height would be unreadable)."""

    def __init__(self, path: Path, height: float, width: float | None = None):
        super().__init__()
        self.hAlign = "CENTER"  # as reportlab's Image
        self.path = str(path)
        stat = Path(path).stat()
        self.image = _image(self.path, stat.st_mtime_ns, stat.st_size)
        scale = min(height / self.image.height, (width or height) / self.image.width)
        self.drawWidth, self.drawHeight = self.image.width * scale, self.image.height * scale

    def wrap(self, aw, ah):
        return self.drawWidth, self.drawHeight

    def draw(self):
        _register(self.canv, self.image)
        # drawImage finds the image registered under the name it gives a file, so it does not build it again
        self.canv.drawImage(self.path, 0, 0, self.drawWidth, self.drawHeight, mask=MASK)


def _register(canv, image: PDFImageXObject) -> None:
    """Register a copy of the cached image (and its soft mask) in this canvas's document, as drawImage would."""
    doc = canv._doc
    reg = doc.getXObjectName(image.name)
    if reg in doc.idToObject:
        return
    img = copy.copy(image)  # registering marks the object with its name in one document
    smask = img.__dict__.pop("_smask", None)
    doc.Reference(img, reg)
    doc.addForm(image.name, img)
    if smask is not None:
        mreg = doc.getXObjectName(smask.name)
        img.smask = (PDFObjectReference(mreg) if mreg in doc.idToObject
                     else doc.Reference(copy.copy(smask), mreg))
