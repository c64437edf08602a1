"""Checking that a logo file is a real, sane PNG or JPEG before anything is rendered."""

from __future__ import annotations

from pathlib import Path

from .errors import unreadable

MAX_BYTES = 5_000_000
MAX_PIXELS = 25_000_000
_MAGIC = {b"\x89PNG\r\n\x1a\n": "PNG", b"\xff\xd8\xff": "JPEG"}


class ImageProblem(Exception):
    """Why an image cannot be used; the caller adds file and key."""


def check_image(path: Path) -> str:
    """The image's format ("PNG" or "JPEG"), or `ImageProblem` saying what is wrong."""
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise ImageProblem(unreadable(exc)) from None
    kind = next((k for magic, k in _MAGIC.items() if head.startswith(magic)), None)
    if kind is None:
        raise ImageProblem("expected a PNG or JPEG image, but the file's content is neither")
    if size > MAX_BYTES:
        raise ImageProblem(f"the image is {size:,} bytes; the limit is {MAX_BYTES:,}")
    from PIL import Image  # Pillow comes with reportlab; imported only when a logo is given

    too_big = f"the image is {{}} pixels; the limit is {MAX_PIXELS:,} pixels"
    if kind == "PNG":  # the header gives the size: refuse a pixel bomb before any decoder sees it
        with path.open("rb") as fh:
            header = fh.read(24)
        width, height = int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")
        if width * height > MAX_PIXELS:
            raise ImageProblem(too_big.format(f"{width}x{height}"))
    try:
        with Image.open(path) as image:
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise ImageProblem(too_big.format(f"{width}x{height}"))
            image.load()
    except ImageProblem:
        raise
    except Image.DecompressionBombError:  # Pillow refuses to open it at all: far beyond our limit
        raise ImageProblem(too_big.format(f"over {2 * Image.MAX_IMAGE_PIXELS:,}")) from None
    except Exception as exc:  # Pillow raises many types for damaged files
        raise ImageProblem(f"the {kind} image is damaged or truncated ({exc})") from None
    return kind
