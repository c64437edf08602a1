"""The PDF as assistive technology and archives read it (tagged PDF/UA-1, PDF/A-2u), checked with tools that are
not ours: poppler's pdfinfo, qpdf, the `pdfua` checker, pikepdf for the content streams and an XML parser."""

from __future__ import annotations

import dataclasses
import functools
import io
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pikepdf
import pytest
from conftest import FIXTURES, TODAY

from briefing import fmt, resources
from briefing.analysis import Analysis, compute_analysis
from briefing.profile import load_profile
from briefing.render.pdf import render_pdf
from briefing.render.pdf.words import Words

# operators that put ink on the page: each must be inside marked content (a structure element's, or an artifact)
PAINT = {"Tj", "TJ", "'", '"', "Do", "f", "F", "f*", "B", "B*", "b", "b*", "S", "s", "sh", "BI"}
NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
}


@dataclasses.dataclass(frozen=True)
class Briefing:
    analysis: Analysis
    lang: str
    data: bytes
    path: Path

    @functools.cached_property
    def structure(self) -> str:
        """pdfinfo -struct-text, read once per briefing (about 2.5 s each: poppler walks every page's content)."""
        return tool("pdfinfo", "-struct-text", str(self.path))


def tool(*args: str) -> str:
    if not shutil.which(args[0]):
        pytest.skip(f"{args[0]} is not installed (poppler-utils / qpdf)")
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def people(edition) -> Analysis:
    """A roster of people (the position chart is the strip plot, one dot a person)."""
    return compute_analysis(edition, load_profile(FIXTURES / "people" / "workday.yaml", edition, TODAY))


@pytest.fixture(scope="module")
def rendered(people, brand, sample_pdf):
    """Each briefing of the module drawn once, when a test first asks for it: (sample, language) -> PDF bytes;
    the shipped samples come from the run's drawings (conftest.sample_pdf), the roster is drawn here."""

    @functools.cache
    def pdf(name: str, lang: str) -> bytes:
        return render_pdf(people, brand, lang=lang) if name == "people" else sample_pdf(name, lang)

    return pdf


@pytest.fixture(scope="module", params=["foreign-en", "domestic-zh", "foreign-zh", "people-en", "people-zh"])
def briefing(request, foreign, domestic, people, rendered, tmp_path_factory) -> Briefing:
    name, lang = request.param.split("-")
    analysis = {"foreign": foreign, "domestic": domestic, "people": people}[name]
    data = rendered(name, lang)
    path = tmp_path_factory.mktemp("a11y") / f"{request.param}.pdf"
    path.write_bytes(data)
    return Briefing(analysis, lang, data, path)


def elements(pdf: pikepdf.Pdf):
    """Every structure element, depth first (reading order)."""

    def walk(node):
        yield node
        kids = node.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") not in ("/MCR", "/OBJR"):
                yield from walk(kid)

    yield from walk(pdf.Root.StructTreeRoot.K)


def figures(data: bytes) -> list[str]:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return [str(e.get("/Alt", "")) for e in elements(pdf) if e.S == "/Figure"]


# --- what poppler sees ------------------------------------------------------------------------------------------


def test_pdfinfo_says_tagged(briefing):
    info = tool("pdfinfo", str(briefing.path))
    assert re.search(r"^Tagged:\s+yes$", info, re.M), info
    assert re.search(r"^PDF version:\s+1\.[4-7]$", info, re.M), info  # PDF/A-2: 1.7 at most


def test_structure_in_reading_order_without_page_furniture(briefing):
    """pdfinfo -struct-text: the headings in the order of the pages, tables with TH, and no header or footer."""
    tree = briefing.structure
    w = Words(briefing.analysis, briefing.lang)
    headings = re.findall(r"^  H1 \(block\)\n    \"(.*)\"$", tree, re.M)
    # the cover's title, then the contents and every section's heading, as the bookmarks list them
    with pikepdf.open(briefing.path) as pdf:
        outline = [item.title for item in pdf.open_outline().root][1:]  # (the cover's bookmark has no heading)
    assert headings == [w.common("title"), *outline]
    assert re.search(r"^    TR\n      TH:\n         /Scope /Column$", tree, re.M), "no header row with TH"
    assert "\n  Figure\n" in tree and "\n  L (block)\n    LI (block)\n      LBody (block)\n" in tree
    # the running head and the footer ("Page 3 of 12", "Confidential") are artifacts, nowhere in the tree
    total = len(pikepdf.open(briefing.path).pages)
    assert w("page.number", page=3, total=total) not in tree
    assert f'"{w.common("confidential")}"' not in tree  # (the word may be in a sentence, not on its own)
    assert tree.count(w.common("title")) == 1  # the cover's title only, not every page's header


def test_headings_never_skip_a_level(briefing):
    tree = briefing.structure
    level = 0
    for found in re.findall(r"^\s*H([1-6]) \(block\)$", tree, re.M):
        assert int(found) <= level + 1, f"H{found} after H{level}"
        level = int(found)


# --- the content streams ------------------------------------------------------------------------------------------


def test_every_mark_on_the_page_is_content_or_artifact(briefing):
    """Text, paths and images are drawn inside marked content only; an MCID never nests in another, nor an artifact
    in content; every MCID of a page is in the ParentTree, which points back to an element with that MCID."""
    with pikepdf.open(briefing.path) as pdf:
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        for n, page in enumerate(pdf.pages, 1):
            stack: list[str] = []
            mcids: list[int] = []
            for operands, op in pikepdf.parse_content_stream(page):
                name = str(op)
                if name in ("BDC", "BMC"):
                    tag = str(operands[0])
                    props = operands[1] if name == "BDC" else None
                    if isinstance(props, pikepdf.Dictionary) and "/MCID" in props:
                        assert not stack, f"page {n}: {tag} MCID inside {stack}"
                        mcids.append(int(props.MCID))
                    assert not (tag == "/Artifact" and any(t != "/Artifact" for t in stack)), f"page {n}"
                    stack.append(tag)
                elif name == "EMC":
                    stack.pop()
                elif name in PAINT:
                    assert stack, f"page {n}: {name} {list(operands)[:1]} drawn outside marked content"
            assert not stack, f"page {n}: marked content left open"
            assert mcids == list(range(len(mcids))), f"page {n}: MCIDs not 0..n-1"
            owners = parents[int(page.obj.StructParents)]
            assert len(owners) == len(mcids)
            for mcid, owner in enumerate(owners):
                kids = owner.K if isinstance(owner.K, pikepdf.Array) else [owner.K]
                assert any(
                    (isinstance(k, int) and k == mcid and owner.Pg.objgen == page.obj.objgen)
                    or (isinstance(k, pikepdf.Dictionary) and k.get("/MCID") == mcid and k.Pg.objgen == page.obj.objgen)
                    for k in kids
                ), f"page {n}: MCID {mcid}"


# --- figures: alternative text with the chart's figures ----------------------------------------------------------


def test_every_figure_has_alternative_text(briefing):
    alts = figures(briefing.data)
    charts = 3 if briefing.analysis.roles else 2
    assert len(alts) >= charts  # the charts, and the logos
    assert all(alt.strip() for alt in alts)


def test_chart_alternative_text_gives_the_figures(briefing):
    a, w = briefing.analysis, Words(briefing.analysis, briefing.lang)
    alts = figures(briefing.data)
    digits = fmt.places(v / 10_000 for b in a.benchmark for v in (b.p50_cny, b.p75_cny))
    bench = next(alt for alt in alts if w.name(a.benchmark[0].role) in alt and "P75" in alt)
    for b in a.benchmark:
        assert f"{w.name(b.role)}" in bench and fmt.cny_10k(b.p75_cny, digits) in bench
    supply = next(alt for alt in alts if w.name(a.supply[0].specialization) in alt)
    for s in a.supply:
        assert fmt.count_range(s.gap_low, s.gap_high) in supply
    position = next(alt for alt in alts if w.label(a.roles[0]) in alt and alt not in (bench, supply))
    if a.people is not None:  # the strip plot: people below target, each role's median
        assert f"{a.people.below_target:,}" in position and f"{a.people.with_pay:,}" in position
        for r in a.roles:
            s = a.people.role(r.role)
            if s is not None and s.pay_median_cny is not None:
                assert w.money(s.pay_median_cny) in position
    else:
        for r in a.roles:
            assert w.money(r.target_cny) in position
            if r.current_pay_cny is not None:
                assert w.money(r.current_pay_cny) in position


def test_alternative_text_uses_plural_forms(foreign, rendered):
    """'1 role is paid below target', '2 roles are': the catalogue's plural forms, not a bare count."""
    alts = figures(rendered("foreign", "en"))
    below = len(foreign.below_target)
    expected = f"{below} role is paid below target." if below == 1 else f"{below} roles are paid below target."
    assert any(expected in alt for alt in alts), alts


# --- PDF/UA checker, qpdf ------------------------------------------------------------------------------------------


def test_pdfua_checker_passes(briefing):
    """The `pdfua` package (a subset of PDF/UA-1's machine-checkable rules: structure tree, MarkInfo, untagged
    text and images, /Lang, title, figures' /Alt, empty headings, table headers, annotations, identification)."""
    pdfua = pytest.importorskip("pdfua")
    report = pdfua.validate(str(briefing.path))
    assert not report.skipped, [(o.rule.id, o.skipped_reason) for o in report.skipped]
    assert not report.findings, [(f.rule_id, f.message) for f in report.findings]


def test_qpdf_check_passes(briefing):
    out = tool("qpdf", "--check", str(briefing.path))
    assert "No syntax or stream encoding errors" in out


# --- PDF/A: metadata and output intent ------------------------------------------------------------------------------


def test_xmp_metadata_agrees_with_the_document_info(briefing):
    with pikepdf.open(briefing.path) as pdf:
        info = {str(k): str(v) for k, v in pdf.docinfo.items()}
        xmp = pdf.Root.Metadata.read_bytes()
        assert "/Filter" not in pdf.Root.Metadata  # PDF/A: the metadata stays readable without decoding
        lang = str(pdf.Root.Lang)
    root = ET.fromstring(xmp.split(b"?>", 1)[1].rsplit(b"<?xpacket", 1)[0])
    desc = root.find("rdf:RDF/rdf:Description", NS)
    assert desc is not None

    def one(path: str) -> str:
        found = desc.find(path, NS)
        assert found is not None, path
        return found.text or ""

    assert one("dc:title/rdf:Alt/rdf:li") == info["/Title"]
    assert one("dc:creator/rdf:Seq/rdf:li") == info["/Author"]
    assert one("dc:description/rdf:Alt/rdf:li") == info["/Subject"]
    assert one("pdf:Keywords") == info["/Keywords"]
    assert one("pdf:Producer") == info["/Producer"]
    assert one("xmp:CreatorTool") == info["/Creator"]
    date = briefing.analysis.profile.briefing.date
    assert one("xmp:CreateDate") == f"{date:%Y-%m-%d}T00:00:00+00:00"
    assert info["/CreationDate"].startswith(f"D:{date:%Y%m%d}")
    assert (one("pdfaid:part"), one("pdfaid:conformance"), one("pdfuaid:part")) == ("2", "U", "1")
    assert lang == ("zh-CN" if briefing.lang == "zh" else "en-GB")


def test_srgb_output_intent_with_the_shipped_profile(briefing):
    with pikepdf.open(briefing.path) as pdf:
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFA1"
        profile = intent.DestOutputProfile
        assert int(profile.N) == 3
        assert profile.read_bytes() == (resources.assets_dir() / "icc" / "sRGB.icc").read_bytes()
        assert pdf.Root.MarkInfo.Marked is True
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        for page in pdf.pages:  # PDF/A: annotations print; PDF/UA: tab order follows the structure
            for annot in page.obj.get("/Annots", []):
                assert int(annot.F) & 4 and "/StructParent" in annot and str(annot.Contents)
                assert page.obj.Tabs == "/S"


def test_icc_profile_is_made_reproducibly():
    """assets/icc/make_srgb.py makes the shipped profile byte for byte."""
    import importlib.util

    script = Path(__file__).parent.parent / "assets" / "icc" / "make_srgb.py"
    spec = importlib.util.spec_from_file_location("make_srgb", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.profile() == (resources.assets_dir() / "icc" / "sRGB.icc").read_bytes()


def test_every_font_maps_its_glyphs_to_unicode(briefing):
    """PDF/A-2u: each font has a ToUnicode map, and every character code drawn in it is in that map."""
    with pikepdf.open(briefing.path) as pdf:
        maps: dict[tuple[int, int], set[int]] = {}
        for page in pdf.pages:
            fonts = page.obj.Resources.Font
            font = None
            for operands, op in pikepdf.parse_content_stream(page):
                if str(op) == "Tf":
                    font = fonts[str(operands[0])]
                    if font.objgen not in maps:
                        assert "/ToUnicode" in font, str(font.get("/BaseFont"))
                        cmap = font.ToUnicode.read_bytes().decode("latin-1")
                        maps[font.objgen] = {int(c, 16) for c in re.findall(r"<([0-9a-fA-F]{2})>\s*<", cmap)}
                        for lo, hi in re.findall(r"<([0-9a-fA-F]{2})>\s*<([0-9a-fA-F]{2})>\s*<", cmap):
                            maps[font.objgen] |= set(range(int(lo, 16), int(hi, 16) + 1))
                elif str(op) in ("Tj", "TJ") and font is not None:
                    strings = operands[0] if str(op) == "TJ" else [operands[0]]
                    for s in strings:
                        if isinstance(s, pikepdf.String):
                            missing = set(bytes(s)) - maps[font.objgen]
                            assert not missing, f"{font.get('/BaseFont')}: codes {sorted(missing)} have no Unicode"


# --- languages ------------------------------------------------------------------------------------------------------


def test_text_in_the_other_language_says_so(rendered):
    """In a Chinese briefing, an element written in English (the firm's name on the cover) is marked /Lang en."""
    with pikepdf.open(io.BytesIO(rendered("foreign", "zh"))) as pdf:
        marked = [e for e in elements(pdf) if str(e.get("/Lang", "")) == "en"]
    assert marked
    assert all(e.S in ("/P", "/TD", "/TH", "/H1", "/H2") for e in marked)


def test_deterministic_with_a_document_id(foreign, brand, rendered):
    first, second = rendered("foreign", "en"), render_pdf(foreign, brand)  # the module's drawing, and a new one
    assert first == second
    with pikepdf.open(io.BytesIO(first)) as pdf:
        assert len(pdf.trailer.ID) == 2 and bytes(pdf.trailer.ID[0])
