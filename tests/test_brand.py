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
    assert set(brand.colors) == {"primary", "accent", "secondary", "text", "muted", "rule", "band", "positive",
                                 "negative"}
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
    ("missing colour", "  band: \"#F2F4F7\"", "  # band removed", "colors.band: is required"),
    ("missing font", "regular: fonts/NotoSans-Regular.ttf", "regular: fonts/Nope.ttf",
     "fonts.regular: fonts/Nope.ttf: font file not found"),
    ("missing logo", "logo: logo.png", "logo: nope.png", "logo: nope.png: file not found"),
    ("missing bold Chinese font", "cjk_bold: fonts/NotoSansCJKsc-Bold.ttf", "cjk_bold: fonts/Nope.ttf",
     "fonts.cjk_bold: fonts/Nope.ttf: font file not found"),
    ("unknown key", "firm: Briefing Talent Advisory", "firm: Briefing Talent Advisory\nfirma: x",
     "firma: unknown key (did you mean 'firm'?)"),
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


# --- contrast: WCAG AA from the brand's colours --------------------------------------------------------------


@pytest.mark.parametrize("foreground,background,expected", [
    ("#000000", "#FFFFFF", 21.0), ("#FFFFFF", "#FFFFFF", 1.0), ("#777777", "#FFFFFF", 4.48),
    ("#C8963E", "#FFFFFF", 2.66), ("#F2F4F7", "#C8963E", 2.42)])  # the old gold "Confidential" and bar labels
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
    assert (f"warning: {firm}: colors.muted (#A0A8B0) on the white page has a contrast of 2.4:1, below the 4.5:1 "
            "that WCAG AA asks for captions, notes, axis labels, headers and footers") in result.stderr
    assert "colors.muted (#A0A8B0) on colors.band (#F2F4F7)" in result.stderr
    assert len(list(out.glob("*/*.pdf"))) == 1  # one briefing folder
    from briefing.brand import load_brand

    assert len(load_brand(firm).warnings) == 2


def test_accent_text_falls_back_to_a_legible_brand_colour(brand):
    from briefing.contrast import ink

    assert ink(brand.colors, "accent", "paper") == "primary"  # the gold reaches only 2.7:1 on white
    dark_gold = {**brand.colors, "accent": "#8A6420"}
    assert ink(dark_gold, "accent", "paper") == "accent"  # a brand whose accent is legible keeps it
