"""Brand files: the shipped house style loads; a firm's own file is checked and refused clearly."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing import resources
from briefing.cli import main


def test_house_style(brand):
    assert brand.firm == "Briefing Talent Advisory"
    assert set(brand.colors) == {
        "primary",
        "accent",
        "secondary",
        "text",
        "muted",
        "rule",
        "band",
        "positive",
        "negative",
    }
    assert all(path.is_file() for path in brand.fonts.values())
    assert brand.logo is not None and brand.logo.is_file()


@pytest.fixture
def firm(tmp_path) -> Path:
    """A copy of the house style with its assets, to be broken one way per test."""
    shutil.copytree(resources.assets_dir(), tmp_path / "assets")
    return tmp_path / "assets" / "brand.yaml"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


BROKEN = [
    ("bad colour", 'primary: "#17324D"', 'primary: "navy"', "colors.primary: expected a colour written #RRGGBB"),
    ("missing colour", '  band: "#F2F4F7"', "  # band removed", "colors.band: is required"),
    (
        "missing font",
        "regular: fonts/NotoSans-Regular.ttf",
        "regular: fonts/Nope.ttf",
        "fonts.regular: fonts/Nope.ttf: font file not found",
    ),
    ("missing logo", "logo: logo.png", "logo: nope.png", "logo: nope.png: file not found"),
    (
        "missing bold Chinese font",
        "cjk_bold: fonts/NotoSansCJKsc-Bold.ttf",
        "cjk_bold: fonts/Nope.ttf",
        "fonts.cjk_bold: fonts/Nope.ttf: font file not found",
    ),
    (
        "unknown key",
        "firm: Briefing Talent Advisory",
        "firm: Briefing Talent Advisory\nfirma: x",
        "firma: unknown key (did you mean 'firm'?)",
    ),
]


@pytest.mark.parametrize("case,old,new,message", BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_brand_is_refused_before_writing(firm, tmp_path, case, old, new, message):
    _edit(firm, old, new)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["generate", "--brand", str(firm), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert f"{firm}: {message}" in result.output
    assert not out.exists()


def test_cff_font_is_refused(firm):
    cff = firm.parent / "fonts" / "cff.otf"
    cff.write_bytes(b"OTTO" + b"\0" * 100)
    _edit(firm, "bold: fonts/NotoSans-Bold.ttf", "bold: fonts/cff.otf")
    result = CliRunner().invoke(main, ["generate", "--brand", str(firm), "--out", str(firm.parent / "out")])
    assert result.exit_code == 2
    assert "fonts.bold: fonts/cff.otf: is an OpenType font with CFF outlines" in result.output


def test_a_firms_own_brand_is_applied(firm, tmp_path):
    from pypdf import PdfReader

    _edit(firm, "firm: Briefing Talent Advisory", "firm: Hanse Partners & Co")
    result = CliRunner().invoke(main, ["generate", "--brand", str(firm), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    pdf = PdfReader(next((tmp_path / "out").glob("*/*.pdf")))
    assert pdf.metadata.author == "Hanse Partners & Co"
    assert "Hanse Partners & Co" in pdf.pages[1].extract_text()


def test_damaged_font_is_refused(firm, tmp_path):
    fonts = firm.parent / "fonts"
    (fonts / "cut.ttf").write_bytes((fonts / "NotoSans-Bold.ttf").read_bytes()[:2000])
    _edit(firm, "bold: fonts/NotoSans-Bold.ttf", "bold: fonts/cut.ttf")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["generate", "--brand", str(firm), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert f"{firm}: fonts.bold: cut.ttf: is a damaged TrueType font" in result.output
    assert not out.exists()


HOUSE_COLORS = """\
colors:
  primary: "#0B3C5D"
  accent: "#D9A441"
  secondary: "#328CC1"
  text: "#1D2731"
  muted: "#6B7785"
  rule: "#D5DBE1"
  band: "#F2F4F7"
  positive: "#2E7D5B"
  negative: "#B3412E"
"""


def wordmark(path: Path, ratio: float = 4.0) -> Path:
    """A firm's wordmark as designers deliver them: its name in its colour on a transparent ground."""
    from PIL import Image, ImageDraw, ImageFont

    height = 200
    image = Image.new("RGBA", (int(height * ratio), height), (0, 0, 0, 0))
    font = ImageFont.truetype(str(resources.assets_dir() / "fonts" / "NotoSans-Bold.ttf"), 120)
    ImageDraw.Draw(image).text((10, 20), "Lumen & Co", font=font, fill=(11, 60, 93, 255))
    image.save(path)
    return path


def drawn_images(page) -> list[tuple[float, float]]:
    """(width, height) in points of every image drawn on a PDF page (the matrix set just before `Do`)."""
    from pypdf.generic import ContentStream

    objects = page["/Resources"].get("/XObject", {})
    sizes, matrix = [], None
    for operands, operator in ContentStream(page.get_contents(), page.pdf).operations:
        if operator == b"cm":
            matrix = [float(x) for x in operands]
        elif operator == b"Do" and matrix is not None and objects[operands[0]].get_object()["/Subtype"] == "/Image":
            sizes.append((matrix[0], matrix[3]))
    return sizes


def test_a_brand_file_without_fonts_uses_the_bundled_ones(tmp_path):
    from briefing.brand import BUNDLED_FONTS, load_brand

    path = tmp_path / "firm.yaml"
    path.write_text("firm: Lumen & Co Talent Partners\n" + HOUSE_COLORS, encoding="utf-8")
    brand = load_brand(path)
    assert {k: p.name for k, p in brand.fonts.items()} == BUNDLED_FONTS
    assert brand.sender is None and brand.logo is None
    result = CliRunner().invoke(
        main, ["generate", "--brand", str(path), "--out", str(tmp_path / "out"), "--lang", "en,zh"]
    )
    assert result.exit_code == 0, result.output


def test_a_firms_own_regular_face_is_its_italic_too(firm):
    from briefing.brand import load_brand

    _edit(firm, "  italic: fonts/NotoSans-Italic.ttf\n", "")
    brand = load_brand(firm)
    assert brand.fonts["italic"] == brand.fonts["regular"]


def test_the_sender(firm):
    from briefing.brand import load_brand

    assert load_brand(firm).sender.email == "briefings@example.com"
    _edit(firm, "  email: briefings@example.com\n", "")
    result = CliRunner().invoke(main, ["generate", "--brand", str(firm), "--out", str(firm.parent / "out")])
    assert result.exit_code == 2
    assert f"{firm}: sender.email: is required" in result.output


def test_a_wordmark_is_readable_and_the_firm_not_named_beside_it(tmp_path):
    from pypdf import PdfReader

    wordmark(tmp_path / "wordmark.png")
    path = tmp_path / "firm.yaml"
    path.write_text("firm: Lumen & Co Talent Partners\nlogo: wordmark.png\n" + HOUSE_COLORS, encoding="utf-8")
    result = CliRunner().invoke(main, ["generate", "--brand", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    pdf = PdfReader(next((tmp_path / "out").glob("*/*.pdf")))
    cover, body = pdf.pages[0], pdf.pages[2]
    widths = [w for w, h in drawn_images(cover) if w > 3 * h]
    assert widths == [pytest.approx(160)]  # 4:1 in the 200 x 40 box: 160 x 40 points, not 40 x 10
    assert [(round(w), round(h)) for w, h in drawn_images(body)] == [(52, 13)]  # in every page header
    assert cover.extract_text().count("Lumen & Co Talent Partners") == 1  # "Prepared by ..." only
    assert "Lumen & Co Talent Partners" not in body.extract_text()


def test_a_square_logo_keeps_the_firm_name_beside_it(brand, foreign):
    import io

    from pypdf import PdfReader

    from briefing.render.pdf import render_pdf

    pdf = PdfReader(io.BytesIO(render_pdf(foreign, brand)))
    assert pdf.pages[0].extract_text().count("Briefing Talent Advisory") == 2
    assert "Briefing Talent Advisory" in pdf.pages[2].extract_text()
    assert drawn_images(pdf.pages[2]) == []


def test_a_clients_wordmark_goes_above_its_name(tmp_path, brand):
    import io

    from pypdf import PdfReader

    wordmark(tmp_path / "client-wordmark.png")
    profile = {
        "client": {"name": "Lumen Robotics", "employer_type": "foreign", "logo": "client-wordmark.png"},
        "briefing": {"date": "2026-12-01"},
    }
    import briefing

    pdf = briefing.generate(profile, base_dir=tmp_path, brand=brand).files["lumen-robotics_2026-q2.pdf"]
    sizes = [(round(w), round(h)) for w, h in drawn_images(PdfReader(io.BytesIO(pdf)).pages[0])]
    assert (160, 40) in sizes  # 4:1 in a 200 x 40 box, not 56 x 14 beside the name


# --- contrast: WCAG AA from the brand's colours --------------------------------------------------------------


@pytest.mark.parametrize(
    "foreground,background,expected",
    [
        ("#000000", "#FFFFFF", 21.0),
        ("#FFFFFF", "#FFFFFF", 1.0),
        ("#777777", "#FFFFFF", 4.48),
        ("#C8963E", "#FFFFFF", 2.66),
        ("#F2F4F7", "#C8963E", 2.42),
    ],
)  # the old gold "Confidential" and bar labels
def test_contrast_ratio(foreground, background, expected):
    from briefing.contrast import ratio

    assert ratio(foreground, background) == pytest.approx(expected, abs=0.01)
    assert ratio(background, foreground) == pytest.approx(expected, abs=0.01)


def test_house_style_text_reaches_wcag_aa(brand):
    """Every text colour on every background the PDF sets it on: 4.5:1 (3:1 for large text)."""
    from briefing.contrast import PAPER, TEXT_ON, ink, ratio

    colors = brand.colors
    for fg, bg, minimum, where in TEXT_ON:
        assert ratio(colors[fg], PAPER if bg == "paper" else colors[bg]) >= minimum, (fg, bg, where)
    assert brand.warnings == ()
    # text asked in the accent (the cover's "Confidential", the key recommendation's mark) is set legibly
    for background in ("paper", "band"):
        chosen = ink(colors, "accent", background)
        assert ratio(colors[chosen], PAPER if background == "paper" else colors[background]) >= 4.5, chosen


def test_illegible_brand_colours_are_warned_about(firm, tmp_path):
    """A brand whose muted grey is too light on the page still renders, with a warning naming the colours."""
    _edit(firm, 'muted: "#616D7A"', 'muted: "#A0A8B0"')
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["generate", "--brand", str(firm), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (
        f"warning: {firm}: colors.muted (#A0A8B0) on the white page has a contrast of 2.4:1, below the 4.5:1 "
        "that WCAG AA asks for captions, notes, axis labels, headers and footers"
    ) in result.stderr
    assert "colors.muted (#A0A8B0) on colors.band (#F2F4F7)" in result.stderr
    assert len(list(out.glob("*/*.pdf"))) == 1  # one briefing folder
    from briefing.brand import load_brand

    assert len(load_brand(firm).warnings) == 2


def test_accent_text_falls_back_to_a_legible_brand_colour(brand):
    from briefing.contrast import ink

    assert ink(brand.colors, "accent", "paper") == "primary"  # the gold reaches only 2.7:1 on white
    dark_gold = {**brand.colors, "accent": "#8A6420"}
    assert ink(dark_gold, "accent", "paper") == "accent"  # a brand whose accent is legible keeps it
