"""Checking that a logo file is a real, sane PNG or JPEG before anything is rendered."""

from __future__ import annotations

import hashlib
import io
import os
import warnings
from collections import OrderedDict
from pathlib import Path

from .safeio import ReadProblem, check_regular, read_bounded

MAX_BYTES = 5_000_000
MAX_PIXELS = 25_000_000
# Only to word the message: a file that starts like a PNG/JPEG but that Pillow cannot open is damaged,
# anything else is not an image of ours at all. Pillow does the reading.
_MAGIC = {b"\x89PNG\r\n\x1a\n": "PNG", b"\xff\xd8\xff": "JPEG"}


class ImageProblem(Exception):
    """Why an image cannot be used; the caller adds file and key."""


def read_image(path: Path) -> bytes:
    """The bytes of the image file at `path` (a regular file of at most `MAX_BYTES`), else `ImageProblem`."""
    try:
        check_regular(path)
        size = os.stat(path).st_size
        if size > MAX_BYTES:  # the size is known: say it; a file that grows is still stopped by the read
            raise ImageProblem(f"the image is {size:,} bytes; the limit is {MAX_BYTES:,}")
        return read_bounded(path, MAX_BYTES, "the image")
    except ReadProblem as exc:
        raise ImageProblem(str(exc)) from None


# Verdicts by the file's SHA-256, per process: a batch whose 10,000 profiles share three logos decodes
# three, not 10,000 (a file changed meanwhile has another digest, so it is checked afresh). Bounded, as a
# long batch may meet many logos.
_VERDICTS: OrderedDict[bytes, str | ImageProblem] = OrderedDict()
MAX_VERDICTS = 64


def check_image(path: Path) -> str:
    """The image's format ("PNG" or "JPEG"), or `ImageProblem` saying what is wrong."""
    data = read_image(path)
    key = hashlib.sha256(data).digest()
    verdict = _VERDICTS.get(key)
    if verdict is None:
        try:
            verdict = _check(data)
        except ImageProblem as exc:
            verdict = exc
        _VERDICTS[key] = verdict
        while len(_VERDICTS) > MAX_VERDICTS:
            _VERDICTS.popitem(last=False)
    _VERDICTS.move_to_end(key)
    if isinstance(verdict, ImageProblem):
        raise ImageProblem(str(verdict))
    return verdict


def _check(data: bytes) -> str:
    kind = next((k for magic, k in _MAGIC.items() if data.startswith(magic)), None)
    if kind is None:
        raise ImageProblem("expected a PNG or JPEG image, but the file's content is neither")
    from PIL import Image  # Pillow comes with reportlab; imported only when a logo is given

    too_big = f"the image is {{}} pixels; the limit is {MAX_PIXELS:,} pixels"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # our own, lower limit follows
            image = Image.open(io.BytesIO(data), formats=["PNG", "JPEG"])  # reads the header, decodes nothing
        with image:
            width, height = image.size
            if width * height > MAX_PIXELS:  # a pixel bomb is refused before any decoder sees it
                raise ImageProblem(too_big.format(f"{width}x{height}"))
            image.load()  # decodes: a truncated or damaged file fails here
    except ImageProblem:
        raise
    except Image.DecompressionBombError:  # Pillow refuses to open it at all: far beyond our limit
        raise ImageProblem(too_big.format(f"over {2 * Image.MAX_IMAGE_PIXELS:,}")) from None  # type: ignore[operator]  # set, or Pillow would not raise this
    except Exception as exc:  # Pillow raises many types for damaged files
        raise ImageProblem(f"the {kind} image is damaged or truncated ({exc})") from None
    return kind
