"""The PDF made accessible and archivable: the structure tree, XMP metadata and an sRGB output intent written
into reportlab's bytes with pikepdf, identified as PDF/A-2u and PDF/UA-1.

The marked content is already in the page streams (tags.py); this adds what reportlab cannot write through its
public API: StructTreeRoot with the elements in reading order, the ParentTree that maps each page's MCIDs (and
each link annotation) back to its element, /StructParents on pages, MarkInfo, the Link elements of the contents
page, and the metadata. The bytes stay deterministic: the document ID derives from the content (pikepdf's
deterministic_id), the dates are the briefing's, and no path or clock reaches the file.
"""

from __future__ import annotations

import io
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape

from .tags import Marks, Node

PDFA_PART, PDFA_CONFORMANCE, PDFUA_PART = 2, "U", 1
OUTPUT_CONDITION = "sRGB IEC61966-2.1"


@lru_cache(maxsize=1)
def srgb_profile() -> bytes:
    """The output intent's ICC profile (made by assets/icc/make_srgb.py)."""
    from ... import resources

    return (resources.assets_dir() / "icc" / "sRGB.icc").read_bytes()


def finish(data: bytes, marks: Marks, section_pages: dict[str, int], lang: str) -> bytes:
    """`data` (reportlab's PDF) with its structure tree, metadata and output intent."""
    import pikepdf

    pdf = pikepdf.open(io.BytesIO(data))
    pages = list(pdf.pages)
    links = _Links(section_pages)
    tree = _Tree(pdf, pages, links)
    document = tree.element(marks.root, None)
    parents = pikepdf.Array()
    for number in sorted(marks.pages):
        page = pages[number - 1]
        page.obj.StructParents = number - 1
        parents.append(number - 1)
        parents.append(pikepdf.Array([tree.made[id(node)] for node in marks.pages[number]]))
    next_key = len(pages)
    for number, page in enumerate(pages, 1):
        annots = page.obj.get("/Annots")
        if annots is None:
            continue
        page.obj.Tabs = pikepdf.Name.S  # PDF/UA: annotations in the order of the structure
        for annot in annots:
            annot.F = 4  # PDF/A: printed
            element = links.element_for(tree, annot, number, pages)
            if element is None:
                continue
            annot.StructParent = next_key
            parents.append(next_key)
            parents.append(element)
            next_key += 1
    root = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.StructTreeRoot,
            K=document,
            ParentTree=pdf.make_indirect(pikepdf.Dictionary(Nums=parents)),
            ParentTreeNextKey=next_key,
        )
    )
    document.P = root
    catalog = pdf.Root
    catalog.StructTreeRoot = root
    catalog.MarkInfo = pikepdf.Dictionary(Marked=True)
    catalog.Lang = pikepdf.String(lang)
    catalog.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
    info = {str(k): str(v) for k, v in pdf.docinfo.items()}
    metadata = pdf.make_stream(xmp(info, lang).encode("utf-8"))
    metadata.Type, metadata.Subtype = pikepdf.Name.Metadata, pikepdf.Name.XML
    catalog.Metadata = metadata
    icc = pdf.make_stream(srgb_profile())
    icc.N = 3
    catalog.OutputIntents = pikepdf.Array(
        [
            pikepdf.Dictionary(
                Type=pikepdf.Name.OutputIntent,
                S=pikepdf.Name.GTS_PDFA1,
                OutputConditionIdentifier=pikepdf.String(OUTPUT_CONDITION),
                Info=pikepdf.String(OUTPUT_CONDITION),
                RegistryName=pikepdf.String("http://www.color.org"),
                DestOutputProfile=icc,
            )
        ]
    )
    out = io.BytesIO()
    # reportlab compressed every stream already (without base-85, see render_pdf): they are copied as they are,
    # never decoded; the new small objects (the structure tree, a third of the objects) go into compressed object
    # streams, so the file ends smaller than reportlab's own; the XMP stays uncompressed, as PDF/A wants
    pdf.save(
        out,
        deterministic_id=True,
        min_version="1.7",
        stream_decode_level=pikepdf.StreamDecodeLevel.none,
        compress_streams=True,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
    )
    return out.getvalue()


class _Tree:
    """Structure elements made from the recorded nodes, depth first, each one indirect (kids point back)."""

    def __init__(self, pdf, pages, links: _Links):
        import pikepdf

        self.pdf, self.links = pdf, links
        self.pages = [page.obj for page in pages]
        self.made: dict[int, Any] = {}
        self.names: dict[str, Any] = {}
        self.type, self.mcr = pikepdf.Name.StructElem, pikepdf.Name.MCR

    def name(self, value: str):
        import pikepdf

        if value not in self.names:
            self.names[value] = pikepdf.Name("/" + value)
        return self.names[value]

    def element(self, node: Node, parent):
        import pikepdf

        # one dictionary made with its entries at once: a structure element costs a few calls into pikepdf
        entries = {"/Type": self.type, "/S": self.name(node.role)}
        if parent is not None:
            entries["/P"] = parent
        first = next((kid for kid in node.kids if isinstance(kid, tuple)), None)
        if first is not None:
            entries["/Pg"] = self.pages[first[0] - 1]
        if node.alt:
            entries["/Alt"] = pikepdf.String(node.alt)
        if node.lang:
            entries["/Lang"] = pikepdf.String(node.lang)
        if node.scope:
            entries["/A"] = pikepdf.Dictionary({"/O": self.name("Table"), "/Scope": self.name(node.scope)})
        elem = self.pdf.make_indirect(pikepdf.Dictionary(entries))
        self.made[id(node)] = elem
        kids: list[Any] = []
        for kid in node.kids:
            if isinstance(kid, Node):
                kids.append(self.element(kid, elem))
            elif first is not None and kid[0] == first[0]:
                kids.append(kid[1])
            else:
                kids.append(pikepdf.Dictionary({"/Type": self.mcr, "/Pg": self.pages[kid[0] - 1], "/MCID": kid[1]}))
        elem.K = kids[0] if len(kids) == 1 else pikepdf.Array(kids)  # one kid alone: smaller, simpler to read
        if node.target:
            self.links.add(node.target, elem)
        return elem


class _Links:
    """The Link elements of the contents page, found again by the page their annotation jumps to."""

    def __init__(self, section_pages: dict[str, int]):
        self.by_page = {page: key for key, page in section_pages.items()}
        self.elements: dict[str, Any] = {}  # pikepdf dictionaries (pikepdf publishes no types)

    def add(self, key: str, element) -> None:
        self.elements[key] = element

    def element_for(self, tree: _Tree, annot, number: int, pages):
        """The Link element of `annot` (an OBJR added to it), or None for an annotation that is no link of ours."""
        import pikepdf

        dest = annot.get("/Dest")
        if dest is None or len(dest) == 0:
            return None
        target = next((n for n, page in enumerate(pages, 1) if page.obj.objgen == dest[0].objgen), None)
        element = self.elements.get(self.by_page.get(target or 0, ""))
        if element is None:
            return None
        element.K.append(pikepdf.Dictionary(Type=pikepdf.Name.OBJR, Obj=annot, Pg=pages[number - 1].obj))
        annot.Contents = pikepdf.String(str(element.get("/Alt", "")))
        return element


def xmp(info: dict[str, str], lang: str) -> str:
    """XMP metadata that says what the document info says, with the PDF/A and PDF/UA identification."""

    def text(key: str) -> str:
        return escape(info.get(key, ""))

    def date(key: str) -> str:
        raw = info.get(key, "")  # D:YYYYMMDDHHmmSS+HH'mm'
        return f"{raw[2:6]}-{raw[6:8]}-{raw[8:10]}T{raw[10:12]}:{raw[12:14]}:{raw[14:16]}{raw[16:19]}:{raw[20:22]}"

    keywords = "".join(f"<rdf:li>{escape(k.strip())}</rdf:li>" for k in info.get("/Keywords", "").split(",") if k)
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
 xmlns:xmp="http://ns.adobe.com/xap/1.0/"
 xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
 xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"
 xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
 xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
 xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{text("/Title")}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>{text("/Author")}</rdf:li></rdf:Seq></dc:creator>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{text("/Subject")}</rdf:li></rdf:Alt></dc:description>
<dc:subject><rdf:Bag>{keywords}</rdf:Bag></dc:subject>
<dc:language><rdf:Bag><rdf:li>{escape(lang)}</rdf:li></rdf:Bag></dc:language>
<pdf:Keywords>{text("/Keywords")}</pdf:Keywords>
<pdf:Producer>{text("/Producer")}</pdf:Producer>
<pdf:Trapped>False</pdf:Trapped>
<xmp:CreatorTool>{text("/Creator")}</xmp:CreatorTool>
<xmp:CreateDate>{date("/CreationDate")}</xmp:CreateDate>
<xmp:ModifyDate>{date("/ModDate")}</xmp:ModifyDate>
<xmp:MetadataDate>{date("/ModDate")}</xmp:MetadataDate>
<pdfaid:part>{PDFA_PART}</pdfaid:part>
<pdfaid:conformance>{PDFA_CONFORMANCE}</pdfaid:conformance>
<pdfuaid:part>{PDFUA_PART}</pdfuaid:part>
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Indicates which part of ISO 14289 standard is followed</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
