"""The PDF made accessible and archivable: the structure tree, XMP metadata and an sRGB output intent appended
to reportlab's bytes as an incremental update, identified as PDF/A-2u and PDF/UA-1.

The marked content is already in the page streams (tags.py); this adds what reportlab cannot write through its
public API: StructTreeRoot with the elements in reading order, the ParentTree that maps each page's MCIDs (and
each link annotation) back to its element, /StructParents on pages, MarkInfo, the Link elements of the contents
page, and the metadata. The bytes stay deterministic: the document ID is reportlab's (derived from the content)
and a digest of the update, the dates are the briefing's, and no path or clock reaches the file.
"""

from __future__ import annotations

import hashlib
import re
import struct
import zlib
from functools import lru_cache

from .tags import Marks, Node
from .type import escape

PDFA_PART, PDFA_CONFORMANCE, PDFUA_PART = 2, "U", 1
OUTPUT_CONDITION = "sRGB IEC61966-2.1"


@lru_cache(maxsize=1)
def srgb_profile() -> bytes:
    """The output intent's ICC profile (made by assets/icc/make_srgb.py)."""
    from ... import resources

    return (resources.assets_dir() / "icc" / "sRGB.icc").read_bytes()


def finish(data: bytes, marks: Marks, section_pages: dict[str, int], lang: str) -> bytes:
    """`data` (reportlab's PDF) with its structure tree, metadata and output intent, as an incremental update."""
    # what the update must refer to is read from reportlab's own output (regular: a dictionary an object, one
    # cross-reference table), not with a PDF library: importing pikepdf took longer than all the rest
    pdf = _Reportlab(data)
    pages = pdf.pages()
    annots = [[(a, pdf.dest_page(a, pages)) for a in pdf.refs(pdf.obj(page), b"/Annots")] for page in pages]
    size, root, info = pdf.trailer(b"/Size"), pdf.trailer(b"/Root"), pdf.trailer(b"/Info")
    document_info = pdf.info(info)
    catalog = pdf.obj(root)
    page_dicts = [pdf.obj(page) for page in pages]
    annot_dicts = {a: pdf.obj(a) for on_page in annots for a, _ in on_page}
    first_id = bytes.fromhex(re.search(rb"/ID\s*\[\s*<([0-9a-fA-F]+)>", pdf.tail).group(1).decode())  # type: ignore[union-attr]
    update = _Update(size, pages)
    tree = update.tree(marks, annots, {page: key for key, page in section_pages.items()})
    metadata = update.stream(b"/Type /Metadata /Subtype /XML", xmp(document_info, lang).encode("utf-8"))
    icc = update.stream(b"/N 3", srgb_profile())
    condition = text_string(OUTPUT_CONDITION)
    intent = b"<< /Type /OutputIntent /S /GTS_PDFA1 /OutputConditionIdentifier %s /Info %s" % (condition, condition)
    intent += b" /RegistryName (http://www.color.org) /DestOutputProfile %d 0 R >>" % icc
    update.replace(
        root,
        _with(
            catalog,
            b"/StructTreeRoot %d 0 R /MarkInfo << /Marked true >> /Metadata %d 0 R /OutputIntents [%s] /Version /1.7"
            % (tree, metadata, intent),
        ),
    )
    for index, (number, body) in enumerate(zip(pages, page_dicts, strict=True)):
        # PDF/UA: the tab order of a page with annotations follows the structure
        update.replace(number, _with(body, b"/StructParents %d" % index + (b" /Tabs /S" if annots[index] else b"")))
    for number, body in annot_dicts.items():
        extra = b"/F 4"  # PDF/A: printed
        if number in update.annot_keys:
            body = body.replace(b"/Contents ()", b"")
            extra += b" /StructParent %d /Contents %s" % (
                update.annot_keys[number],
                text_string(update.annot_texts[number]),
            )
        update.replace(number, _with(body, extra))
    prev = int(data.rsplit(b"startxref", 1)[1].split()[0])
    return data + update.written(len(data), prev, root, info, first_id)


def _with(body: bytes, entries: bytes) -> bytes:
    """A dictionary's PDF text with `entries` added at its end."""
    head, _ = body.rsplit(b">>", 1)
    return head + b" " + entries + b" >>"


class _Reportlab:
    """The objects of a PDF as reportlab writes it: each `N 0 obj` a dictionary (or a stream's), the offsets in
    one cross-reference table, the trailer after it."""

    def __init__(self, data: bytes):
        self.data = data
        start = int(data.rsplit(b"startxref", 1)[1].split()[0])
        self.tail = data[start:]
        head, rows = self.tail.split(b"\n", 2)[1], self.tail.split(b"\n", 2)[2]
        first, count = (int(x) for x in head.split())
        self.offsets = {first + i: int(rows[i * 20 : i * 20 + 10]) for i in range(count)}

    def trailer(self, key: bytes) -> int:
        found = re.search(re.escape(key) + rb"\s+(\d+)", self.tail.split(b"trailer", 1)[1])
        assert found is not None, key
        return int(found.group(1))

    def obj(self, number: int) -> bytes:
        """The dictionary of object `number` (a stream's without its content)."""
        at = self.offsets[number]
        body = self.data[self.data.index(b"obj", at) + 3 : self.data.index(b"endobj", at)].strip()
        return body.split(b"\nstream", 1)[0].strip() if b"\nstream" in body else body

    @staticmethod
    def refs(body: bytes, key: bytes) -> list[int]:
        """The objects that the array under `key` refers to."""
        found = re.search(re.escape(key) + rb"\s*\[([^\]]*)\]", body)
        return [int(n) for n in re.findall(rb"(\d+)\s+0\s+R", found.group(1))] if found else []

    def pages(self) -> list[int]:
        """The page objects in order (through nested page trees too)."""

        def kids(number: int) -> list[int]:
            body = self.obj(number)
            if re.search(rb"/Type\s*/Pages\b", body):
                return [page for kid in self.refs(body, b"/Kids") for page in kids(kid)]
            return [number]

        found = re.search(rb"/Pages\s+(\d+)\s+0\s+R", self.obj(self.trailer(b"/Root")))
        assert found is not None, "a catalog without pages"
        return kids(int(found.group(1)))

    def dest_page(self, annot: int, pages: list[int]) -> int | None:
        """The page number (from 1) a link annotation jumps to, if it is a link within the document."""
        dest = self.refs(self.obj(annot), b"/Dest")
        return pages.index(dest[0]) + 1 if dest and dest[0] in pages else None

    def info(self, number: int) -> dict[str, str]:
        """The document information, as text."""
        body = self.obj(number)
        out = {}
        for key, value in re.findall(rb"(/[A-Za-z]+)\s*(\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]*>|/[A-Za-z]+)", body, re.S):
            out[key.decode()] = _text(value)
        return out


def _text(value: bytes) -> str:
    """A PDF string (literal or hex; UTF-16 with its mark, else PDFDocEncoding as Latin-1) or name as text."""
    if value.startswith(b"/"):
        return value.decode()
    if value.startswith(b"<"):
        raw = bytes.fromhex(re.sub(rb"\s", b"", value[1:-1]).decode())
    else:
        escapes = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}

        def unescape(match: re.Match[bytes]) -> bytes:
            code = match.group(1)
            if code[:1].isdigit():
                return bytes([int(code, 8)])
            return escapes.get(code, code)

        raw = re.sub(rb"\\([0-7]{1,3}|.)", unescape, value[1:-1], flags=re.S)
    if raw.startswith(b"\xfe\xff"):
        return raw[2:].decode("utf-16-be")
    return raw.decode("latin-1")


def text_string(value: str) -> bytes:
    """A PDF text string: literal where it is ASCII, else UTF-16BE with its byte order mark, in hex."""
    if value.isascii() and value.isprintable():
        return b"(" + value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode() + b")"
    return b"<FEFF" + value.encode("utf-16-be").hex().upper().encode() + b">"


class _Update:
    """New objects (numbered from the file's /Size on) and new versions of old ones, written as an incremental
    update: streams as they are, the rest in one compressed object stream, then a cross-reference stream."""

    def __init__(self, size: int, pages: list[int]):
        self.next, self.pages = size, pages
        self.objects: list[tuple[int, bytes]] = []  # (number, PDF text) of the objects for the object stream
        self.streams: list[tuple[int, bytes]] = []  # (number, dictionary entries and content) of the streams
        self.annot_keys: dict[int, int] = {}  # link annotation -> its /StructParent
        self.annot_texts: dict[int, str] = {}  # link annotation -> its description (/Contents)

    def number(self) -> int:
        self.next += 1
        return self.next - 1

    def add(self, number: int, body: bytes) -> None:
        self.objects.append((number, body))

    replace = add  # a new version of an object of reportlab's

    def stream(self, entries: bytes, content: bytes) -> int:
        number = self.number()
        self.streams.append((number, b"<< %s /Length %d >>\nstream\n%s\nendstream" % (entries, len(content), content)))
        return number

    def tree(self, marks: Marks, annots: list[list[tuple[int, int | None]]], section_at: dict[int, str]) -> int:
        """Write the structure elements, the ParentTree and the StructTreeRoot; the root's object number."""
        numbers: dict[int, int] = {}
        order: list[Node] = []
        links: dict[str, Node] = {}

        def visit(node: Node) -> None:
            numbers[id(node)] = self.number()
            order.append(node)
            if node.target:
                links[node.target] = node
            for kid in node.kids:
                if isinstance(kid, Node):
                    visit(kid)

        root = self.number()
        visit(marks.root)
        objrs: dict[int, list[bytes]] = {}  # Link element -> its annotations (OBJR)
        tail: list[tuple[int, int]] = []  # (StructParent key, element) of each link annotation
        key = len(self.pages)
        for page, on_page in enumerate(annots, 1):
            for annot, target in on_page:
                node = links.get(section_at.get(target or 0, ""))
                if node is None:
                    continue
                objrs.setdefault(id(node), []).append(
                    b"<< /Type /OBJR /Obj %d 0 R /Pg %d 0 R >>" % (annot, self.pages[page - 1])
                )
                self.annot_keys[annot], self.annot_texts[annot] = key, node.alt or ""
                tail.append((key, numbers[id(node)]))
                key += 1
        for node in order:
            parent = numbers[id(node.parent)] if node.parent is not None else root
            first = node.first
            kids: list[bytes] = []
            for kid in node.kids:
                if isinstance(kid, Node):
                    kids.append(b"%d 0 R" % numbers[id(kid)])
                elif first is not None and kid[0] == first[0]:
                    kids.append(b"%d" % kid[1])
                else:
                    kids.append(b"<< /Type /MCR /Pg %d 0 R /MCID %d >>" % (self.pages[kid[0] - 1], kid[1]))
            kids += objrs.get(id(node), [])
            body = b"<< /Type /StructElem /S /%s /P %d 0 R" % (node.role.encode(), parent)
            if first is not None:
                body += b" /Pg %d 0 R" % self.pages[first[0] - 1]
            body += b" /K " + (kids[0] if len(kids) == 1 else b"[" + b" ".join(kids) + b"]")
            if node.alt:
                body += b" /Alt " + text_string(node.alt)
            if node.lang:
                body += b" /Lang " + text_string(node.lang)
            if node.scope:
                body += b" /A << /O /Table /Scope /%s >>" % node.scope.encode()
            self.add(numbers[id(node)], body + b" >>")
        nums = [
            b"%d [%s]" % (page - 1, b" ".join(b"%d 0 R" % numbers[id(n)] for n in marks.pages[page]))
            for page in sorted(marks.pages)
        ]
        nums += [b"%d %d 0 R" % (k, element) for k, element in tail]
        parents = self.number()
        self.add(parents, b"<< /Nums [%s] >>" % b" ".join(nums))
        self.add(
            root,
            b"<< /Type /StructTreeRoot /K %d 0 R /ParentTree %d 0 R /ParentTreeNextKey %d >>"
            % (numbers[id(marks.root)], parents, key),
        )
        return root

    def written(self, offset: int, prev: int, root: int, info: int, first_id: bytes) -> bytes:
        """The update: the streams, the object stream, and a cross-reference stream pointing back to `prev`."""
        out = bytearray(b"\n")
        entries: dict[int, tuple[int, int, int]] = {}  # number -> (type, offset or object stream, index)
        for number, body in self.streams:
            entries[number] = (1, offset + len(out), 0)
            out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
        packed = self.number()
        heads, texts, at = [], [], 0
        for position, (number, body) in enumerate(self.objects):
            heads.append(b"%d %d" % (number, at))
            texts.append(body)
            at += len(body) + 1
            entries[number] = (2, packed, position)
        head = b" ".join(heads) + b"\n"
        content = zlib.compress(head + b"\n".join(texts) + b"\n")
        entries[packed] = (1, offset + len(out), 0)
        out += b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n" % (
            packed,
            len(self.objects),
            len(head),
            len(content),
        )
        out += content + b"\nendstream\nendobj\n"
        xref = self.number()
        entries[xref] = (1, offset + len(out), 0)
        numbers = sorted(entries)
        index: list[int] = []  # (first, count) of each run of consecutive object numbers
        for number in numbers:
            if index and index[-2] + index[-1] == number:
                index[-1] += 1
            else:
                index += [number, 1]
        rows = b"".join(struct.pack(">BIH", *entries[n]) for n in numbers)
        # the document ID: the first part reportlab's (from the content), the second a digest of this update
        ids = b"<%s> <%s>" % (
            first_id.hex().encode(),
            hashlib.md5(bytes(out), usedforsecurity=False).hexdigest().encode(),
        )
        out += b"%d 0 obj\n<< /Type /XRef /Size %d /Root %d 0 R /Info %d 0 R /Prev %d /ID [%s] /W [1 4 2] " % (
            xref,
            self.next,
            root,
            info,
            prev,
            ids,
        )
        out += b"/Index [%s] /Length %d >>\nstream\n" % (b" ".join(b"%d" % n for n in index), len(rows))
        out += rows + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % entries[xref][1]
        return bytes(out)


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
