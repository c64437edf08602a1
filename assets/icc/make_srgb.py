"""Make assets/icc/sRGB.icc, the colour profile of the PDF's sRGB output intent (PDF/A), reproducibly.

    python assets/icc/make_srgb.py          # writes sRGB.icc beside this script

Little CMS (through Pillow's ImageCms) builds the profile from the published sRGB parameters (IEC 61966-2-1);
its header carries the moment it was made, so that field is set to a fixed date and the same Pillow gives the
same bytes on every run. The profile has no licence terms of its own: Little CMS (MIT) writes "No copyright,
use freely" into it.
"""

from __future__ import annotations

import struct
from pathlib import Path

from PIL import ImageCms

MADE = (2026, 1, 1, 0, 0, 0)  # the header's creation date-time (bytes 24-35: six big-endian 16-bit numbers)
OUT = Path(__file__).resolve().parent / "sRGB.icc"


def profile() -> bytes:
    data = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    assert data[36:40] == b"acsp" and data[12:20] == b"mntrRGB ", "not an RGB display profile"
    data[24:36] = struct.pack(">6H", *MADE)
    return bytes(data)


if __name__ == "__main__":
    OUT.write_bytes(profile())
    print(f"{OUT}: {OUT.stat().st_size} bytes")
