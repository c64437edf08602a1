"""Make the bundled Chinese faces, NotoSansCJKsc-Regular.ttf and NotoSansCJKsc-Bold.ttf, from Debian's fonts-noto-cjk.

The PDF renderer (reportlab) embeds TrueType outlines only, and Noto Sans CJK ships with CFF outlines. This script
takes the Simplified Chinese face out of each .ttc, subsets it to the characters Chinese briefings use (GB2312,
ASCII, CJK and full-width punctuation, and every character of the repository's catalogues, editions, samples and
code) and converts its cubic outlines to quadratic ones (fontTools' cu2qu, within 1 unit of 1000 per em).
Characters outside the subset are drawn by Droid Sans Fallback, which covers all of Unicode's common CJK.

Run from the repository, with fontTools installed (pip install ".[fonts]") and the Debian package unpacked or
installed (apt-get install fonts-noto-cjk, or: apt-get download fonts-noto-cjk && dpkg-deb -x fonts-noto-cjk_*.deb x):

    python assets/fonts/build_cjk.py [--source /usr/share/fonts/opentype/noto]

The same package version and repository give the same bytes (fixed timestamps, no glyph names).
"""

from __future__ import annotations

import argparse
import hashlib
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
FACE = "Noto Sans CJK SC"  # the Simplified Chinese member of the collection
WEIGHTS = ("Regular", "Bold")
MAX_ERR = 1.0  # font units (of 1000 per em) that a quadratic outline may stray from the cubic one
DROP = ["GSUB", "GPOS", "GDEF", "BASE", "VORG", "vhea", "vmtx", "DSIG"]  # layout and vertical text: unused
NOTE = "; subset and converted to TrueType outlines for briefing (assets/fonts/build_cjk.py)"


def characters() -> set[int]:
    """The code points to keep: GB2312, ASCII, CJK and full-width punctuation, and what the repository uses."""
    chars = set(range(0x20, 0x7F))
    for high in range(0xA1, 0xF8):  # GB2312's two-byte rows
        for low in range(0xA1, 0xFF):
            try:
                chars.add(ord(bytes((high, low)).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    chars |= set(range(0x3000, 0x3040))  # CJK symbols and punctuation
    chars |= set(range(0xFF01, 0xFF5F)) | set(range(0xFFE0, 0xFFE7))  # full-width forms
    chars |= set(range(0x2010, 0x2028)) | set(range(0x2030, 0x203C))  # dashes, quotes, per mille, primes
    for folder, pattern in (("data", "*.yaml"), ("data", "*.csv"), ("src", "*.py")):
        for path in sorted((REPO / folder).rglob(pattern)):
            chars |= {ord(c) for c in path.read_text(encoding="utf-8") if ord(c) >= 0x80}
    return chars


def sc_face(collection: Path) -> TTFont:
    """The Simplified Chinese font of a Noto Sans CJK collection."""
    for font in TTCollection(str(collection), recalcTimestamp=False).fonts:
        if font["name"].getDebugName(1) == FACE or font["name"].getDebugName(16) == FACE:
            return font
    raise SystemExit(f"{collection}: has no {FACE} face")


def to_quadratic(font: TTFont) -> None:
    """Replace the CFF table by glyf/loca (fontTools' otf2ttf recipe)."""
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, MAX_ERR, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf
    del font["CFF "]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, glyph in glyf.glyphs.items():
        if hasattr(glyph, "xMin"):
            hmtx[name] = (hmtx[name][0], glyph.xMin)  # left side bearing = the outline's left edge
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for field in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                  "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    font["maxp"] = maxp
    maxp.compile(font)  # counts points and contours from glyf
    post = font["post"]
    post.formatType = 3.0  # no glyph names (CID fonts have none worth keeping)
    post.extraNames, post.mapping = [], {}
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"


def build(source: Path, weight: str, chars: set[int]) -> Path:
    font = sc_face(source / f"NotoSansCJK-{weight}.ttc")
    options = subset.Options()
    options.layout_features = []
    options.drop_tables += DROP
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.glyph_names = False
    options.hinting = False
    options.desubroutinize = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(chars))
    subsetter.subset(font)
    to_quadratic(font)
    names = font["name"]
    for record in names.names:
        if record.nameID == 5:  # the version string says what was done to the original
            record.string = record.toUnicode() + NOTE
    font["head"].modified = font["head"].created  # reproducible bytes
    out = HERE / f"NotoSansCJKsc-{weight}.ttf"
    font.save(str(out), reorderTables=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=Path("/usr/share/fonts/opentype/noto"),
                        help="the folder holding NotoSansCJK-Regular.ttc and NotoSansCJK-Bold.ttc")
    args = parser.parse_args()
    chars = characters()
    for weight in WEIGHTS:
        out = build(args.source, weight, chars)
        digest = hashlib.sha256(out.read_bytes()).hexdigest()[:16]
        print(f"{out.relative_to(REPO)}: {out.stat().st_size:,} bytes, {len(chars):,} characters, sha256 {digest}")


if __name__ == "__main__":
    main()
