"""Bounds for zipped workbooks (.xlsx, .xlsm, .ods), checked before any spreadsheet parser sees the file.

A workbook is a zip of XML parts. A parser trusts the sizes a part declares and the cell positions it
finds; a hostile file lies about the first (a 1 MB file whose shared strings expand to 1 GiB) or spreads
cells far apart (one cell in A1, one in XFD1048576: the parser allocates the rectangle between). So:
the zip's declared sizes and compression ratios are checked, every part is inflated once here (the
zip library stops at the declared size and checks the CRC, so a part cannot hold more than it says),
and the worksheets are scanned for their real extent, their text and their formula cells.

The worksheet scan uses regular expressions over the part's bytes rather than an XML parser: a
pull parser calls back into Python for every cell (1.7 s for 100,000 rows of 10 cells), the regular
expressions run in C (0.3 s). It only counts and measures; the values are read by the parser.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import TypedDict

MAX_UNZIPPED = 256_000_000  # bytes of all parts together, inflated
MAX_RATIO = 100  # inflated / compressed, for parts over 1 MB: real sheets stay under 30
MAX_PARTS = 10_000
MAX_ROWS = 1_000_000  # rows read from one sheet
MAX_CELLS = 10_000_000  # the rectangle from A1 to the last cell: what a parser allocates
MAX_TEXT = 256_000_000  # bytes of text once shared strings are copied into their cells
MAX_FORMULAS = 10_000  # formula cells without a saved value that are remembered, to report
_BIG_PART = 1_000_000
# what the zip library raises for a damaged or forged part (RuntimeError: an encrypted zip entry)
_DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, RuntimeError, NotImplementedError)


class PackageProblem(Exception):
    """Why a zipped workbook is refused, in a user's words."""


@dataclass
class SheetScan:
    """What one worksheet holds, measured without parsing its values."""

    rows: int = 0  # the last row holding a cell
    columns: int = 0  # the last column holding a cell
    cells: int = 0
    text_bytes: int = 0
    formulas: list[tuple[int, int]] = field(default_factory=list)  # (row, column), 1-based, without a saved value


def column_number(letters: str) -> int:
    number = 0
    for ch in letters.upper():
        number = number * 26 + ord(ch) - 64
    return number


def column_letters(number: int) -> str:
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def open_zip(data: bytes) -> zipfile.ZipFile:
    """The zip in `data` after its declared sizes and ratios are checked; `PackageProblem` otherwise."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (*_DAMAGED, zipfile.LargeZipFile) as exc:
        raise PackageProblem(
            f"is a damaged workbook ({exc}): ask for the file again, or open and save it in Excel"
        ) from None
    if len(infos) > MAX_PARTS:
        raise PackageProblem(f"holds {len(infos):,} parts; the limit is {MAX_PARTS:,}")
    total = 0
    for info in infos:
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise PackageProblem(
                f"part {info.filename} uses a compression method that spreadsheets do not use "
                f"({info.compress_type}); open and save the file in Excel"
            )
        total += info.file_size
        if total > MAX_UNZIPPED:
            raise PackageProblem(
                f"expands to more than {MAX_UNZIPPED:,} bytes when unzipped (a zip bomb?); the limit is that size"
            )
        # a compressed stream longer than its declared output is a part that lies about its size
        if info.compress_size > info.file_size + info.file_size // 100 + 1024:
            raise PackageProblem(
                f"part {info.filename} declares {info.file_size:,} bytes but holds "
                f"{info.compress_size:,} compressed: the file is damaged or forged"
            )
        if info.file_size > _BIG_PART and info.file_size > MAX_RATIO * max(1, info.compress_size):
            raise PackageProblem(
                f"part {info.filename} expands {info.file_size // max(1, info.compress_size):,} "
                f"times ({info.compress_size:,} to {info.file_size:,} bytes; a zip bomb?); "
                f"the limit is {MAX_RATIO} times"
            )
    return archive


def read_part(archive: zipfile.ZipFile, name: str) -> bytes:
    """One part, inflated (bounded by its checked declared size; the CRC is verified)."""
    try:
        data = archive.read(name)
    except _DAMAGED as exc:
        raise PackageProblem(f"part {name} is damaged ({exc})") from None
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data:
        raise PackageProblem(f"part {name} declares a DTD, which no spreadsheet writes: the file is forged")
    return data


def verify_parts(archive: zipfile.ZipFile, keep: set[str]) -> dict[str, bytes]:
    """Inflate every part once (a lying size or a bad CRC is refused); return the parts named in `keep`."""
    kept: dict[str, bytes] = {}
    for info in archive.infolist():
        if info.is_dir():
            continue
        if info.filename in keep:
            kept[info.filename] = read_part(archive, info.filename)
            continue
        try:
            with archive.open(info) as part:
                while part.read(1 << 20):
                    pass
        except _DAMAGED as exc:
            raise PackageProblem(f"part {info.filename} is damaged ({exc})") from None
    return kept


# --- xlsx ------------------------------------------------------------------

_P = rb"(?:[\w.-]+:)?"  # an optional namespace prefix (files written by .NET tools use x:)
_CELL = re.compile(rb"<" + _P + rb"c[\s/>]")
_REF = re.compile(rb"<" + _P + rb"c\s(?:[^>]*?\s)?r\s*=\s*[\"']([A-Za-z]{1,3})(\d{1,7})[\"']")
_SHARED_TYPE = re.compile(rb"<" + _P + rb"c\s[^>]*?\bt\s*=\s*[\"']s[\"']")
_SHARED = re.compile(rb"<" + _P + rb"c\s[^>]*?\bt\s*=\s*[\"']s[\"'][^>]*>\s*<" + _P + rb"v>\s*(\d{1,10})\s*<")
_REF_FAST = re.compile(rb'<c r="([A-Z]{1,3})(\d{1,7})"')
_SHARED_FAST = re.compile(rb' t="s"(?: [\w:]+="[^"]*")*><v>(\d{1,10})</v>')
_FORMULA_FAST = re.compile(rb"<f[\s/>]")
_FORMULA = re.compile(rb"<" + _P + rb"f[\s/>]")
_CELL_START = re.compile(rb"<" + _P + rb"c\s[^>]*>")
_CELL_END = re.compile(rb"</" + _P + rb"c>")
_VALUE = re.compile(rb"<" + _P + rb"v>\s*[^<\s]")
_UNIQUE_COUNT = re.compile(rb"<" + _P + rb"sst\b[^>]*\suniqueCount\s*=\s*[\"'](\d{1,20})[\"']")
_SI = re.compile(rb"<" + _P + rb"si[\s/>]")


def shared_string_sizes(data: bytes) -> list[int]:
    """Bytes of each shared string's XML (an upper bound of its text), by index.

    The parser sets memory aside for the number of strings the part declares (`uniqueCount`): a forged
    count (4,000,000,000 in a 1 KB file) would have it ask for 96 GB, so the count must match the strings.
    """
    starts = [m.start() for m in _SI.finditer(data)]
    declared = _UNIQUE_COUNT.search(data, 0, 4096)
    if declared and int(declared.group(1)) > len(starts) + 1000:
        raise PackageProblem(
            f"part xl/sharedStrings.xml declares {int(declared.group(1)):,} strings but holds "
            f"{len(starts):,}: the file is damaged or forged"
        )
    if not starts:
        return []
    return [b - a for a, b in zip(starts, [*starts[1:], len(data)], strict=True)]


def _fast_refs(data: bytes) -> list | None:
    """Cell references written the way Excel, LibreOffice and XlsxWriter write them (`<c r="B7" ...>`),
    found by a literal-prefix search; None when the part is written any other way (namespace prefixes,
    another attribute order, elements this count does not know), which the general patterns then read."""
    if data.count(b":c") or data.count(b"t='s'"):
        return None
    # every element whose name starts with c: cells, and col/cols/color, cfRule/cfvo, customSheetView, cellWatch
    cells = data.count(b"<c") - sum(data.count(b"<c" + more) for more in (b"o", b"f", b"u", b"e"))
    refs = _REF_FAST.findall(data)
    return refs if len(refs) == cells else None


def scan_xlsx_sheet(data: bytes, shared: list[int], sheet: str) -> SheetScan:
    """Extent, text and formula cells of one worksheet part; `PackageProblem` beyond the limits."""
    from operator import itemgetter

    scan = SheetScan()
    refs = _fast_refs(data)
    fast = refs is not None
    if refs is None:
        scan.cells = len(_CELL.findall(data))
        refs = _REF.findall(data)
        if len(refs) != scan.cells:
            raise PackageProblem(
                f"sheet {sheet!r}: {scan.cells - len(refs):,} cells have no cell reference, "
                "which Excel always writes: open and save the file in Excel"
            )
    scan.cells = len(refs)
    if refs:
        scan.columns = max(column_number(c.decode()) for c in set(map(itemgetter(0), refs)))
        scan.rows = max(map(int, map(itemgetter(1), refs)))
    if scan.rows > MAX_ROWS:
        raise PackageProblem(f"sheet {sheet!r} has cells down to row {scan.rows:,}; the limit is {MAX_ROWS:,} rows")
    area = scan.rows * scan.columns
    if area > MAX_CELLS:
        raise PackageProblem(
            f"sheet {sheet!r} spans A1:{column_letters(scan.columns)}{scan.rows} "
            f"({area:,} cells); the limit is {MAX_CELLS:,} cells"
        )
    # Shared strings are copied into each cell that uses them: bound the text once read, by the longest
    # string times the cells that use one, and count exactly only when that bound is over the limit.
    used = data.count(b't="s"') if fast else len(_SHARED_TYPE.findall(data))
    scan.text_bytes = len(data) + max(shared, default=0) * used
    if scan.text_bytes > MAX_TEXT:
        indexes = _SHARED_FAST.findall(data) if fast else _SHARED.findall(data)
        if len(indexes) != used:
            raise PackageProblem(
                f"sheet {sheet!r}: text cells are written in a way Excel does not write: "
                "open and save the file in Excel"
            )
        try:
            scan.text_bytes = len(data) + sum(map(shared.__getitem__, map(int, indexes)))
        except IndexError:
            raise PackageProblem(
                f"sheet {sheet!r} refers to text that the workbook does not hold: the file is damaged"
            ) from None
    if scan.text_bytes > MAX_TEXT:
        raise PackageProblem(
            f"sheet {sheet!r} holds {scan.text_bytes:,} bytes of text once read (a zip bomb?); "
            f"the limit is {MAX_TEXT:,}"
        )
    if not data.count(b"<f") and (fast or not data.count(b":f")):
        return scan
    for match in (_FORMULA_FAST if fast else _FORMULA).finditer(data):
        start = data.rfind(b"<", 0, match.start())
        cell = None
        for _ in range(8):  # the cell's start tag is the tag just before <f>; a few steps bound a forged file
            if start < 0 or (cell := _CELL_START.match(data, start)):
                break
            start = data.rfind(b"<", 0, start)
        end = _CELL_END.search(data, match.end())
        if cell is None or end is None:
            continue
        if _VALUE.search(data, cell.end(), end.start()) is None:
            ref = _REF.match(data, cell.start())
            if ref and len(scan.formulas) < MAX_FORMULAS:
                scan.formulas.append((int(ref.group(2)), column_number(ref.group(1).decode())))
    return scan


# --- ods -------------------------------------------------------------------


class _OdsState(TypedDict):
    table: SheetScan | None  # the table being read
    row: int
    row_repeat: int
    col: int
    cell: tuple[int, bool, int] | None  # the open cell: columns repeated, has a value, byte offset of its start


def scan_ods(data: bytes) -> dict[str, SheetScan]:
    """Extent and text of every table in an OpenDocument content.xml, with rows and cells repeated as written.

    Repeats are how OpenDocument writes runs of equal cells (`number-columns-repeated="16384"`); the
    parser expands them, so they are expanded here first (as counts, never as cells).
    """
    import xml.parsers.expat

    scans: dict[str, SheetScan] = {}
    state: _OdsState = {"table": None, "row": 0, "row_repeat": 1, "col": 0, "cell": None}
    ns = "urn:oasis:names:tc:opendocument:xmlns:table:1.0 "
    office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0 "

    def start(name, attrs):
        if name == ns + "table":
            state["table"] = scans.setdefault(attrs.get(ns + "name", f"Sheet{len(scans) + 1}"), SheetScan())
            state["row"] = 0
        elif name == ns + "table-row" and state["table"] is not None:
            state["row_repeat"] = _repeat(attrs.get(ns + "number-rows-repeated"))
            state["col"] = 0
        elif name in (ns + "table-cell", ns + "covered-table-cell") and state["table"] is not None:
            repeat = _repeat(attrs.get(ns + "number-columns-repeated"))
            filled = office + "value-type" in attrs
            state["cell"] = (repeat, filled, parser.CurrentByteIndex)

    def end(name):
        scan = state["table"]
        if scan is None:
            return
        if name in (ns + "table-cell", ns + "covered-table-cell") and state["cell"] is not None:
            repeat, filled, began = state["cell"]
            state["cell"] = None
            if filled:
                count = repeat * state["row_repeat"]
                scan.cells += count
                scan.columns = max(scan.columns, state["col"] + repeat)
                scan.rows = max(scan.rows, state["row"] + state["row_repeat"])
                scan.text_bytes += (parser.CurrentByteIndex - began) * count
                _check_ods(scan)
            state["col"] += repeat
        elif name == ns + "table-row":
            state["row"] += state["row_repeat"]
            state["row_repeat"] = 1
        elif name == ns + "table":
            state["table"] = None

    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as exc:
        raise PackageProblem(f"content.xml is damaged ({exc})") from None
    return scans


def _repeat(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 1 << 24))
    except ValueError:
        return 1


def _check_ods(scan: SheetScan) -> None:
    if scan.rows > MAX_ROWS:
        raise PackageProblem(f"a sheet has cells down to row {scan.rows:,}; the limit is {MAX_ROWS:,} rows")
    if scan.rows * scan.columns > MAX_CELLS or scan.cells > MAX_CELLS:
        raise PackageProblem(
            f"a sheet spans A1:{column_letters(scan.columns)}{scan.rows} "
            f"({scan.rows * scan.columns:,} cells); the limit is {MAX_CELLS:,} cells"
        )
    if scan.text_bytes > MAX_TEXT:
        raise PackageProblem(f"a sheet holds more than {MAX_TEXT:,} bytes of text once read (a zip bomb?)")


# --- xls (BIFF8 inside an OLE compound file) -------------------------------
# The parser allocates an .xls sheet as a rectangle too, and copies a shared string into each cell that
# uses it, so the same two measures are taken by walking the workbook's records (type, length, data);
# only the fields needed to measure are read: cell positions, and the length of each shared string.

_BOF, _BOUNDSHEET, _SST, _CONTINUE, _LABELSST, _DIMENSIONS = 0x0809, 0x0085, 0x00FC, 0x003C, 0x00FD, 0x0200
_CELLS = {0x00FD, 0x0203, 0x027E, 0x0201, 0x0205, 0x0006, 0x0204, 0x00D6}  # one cell: row, column first
_MULTI = {0x00BD, 0x00BE}  # MULRK, MULBLANK: row, first column, ..., last column


def scan_xls(data: bytes) -> dict[str, SheetScan]:
    """Extent and text of every sheet of an .xls, from its records; `PackageProblem` beyond the limits."""
    import struct

    try:
        return _scan_xls(data)
    except (struct.error, IndexError, KeyError) as exc:  # a record cut short or pointing nowhere
        raise PackageProblem(
            f"is a damaged Excel 97-2003 workbook ({type(exc).__name__}): open and save it in Excel"
        ) from None


def _scan_xls(data: bytes) -> dict[str, SheetScan]:
    import struct

    import olefile

    # The parser sets memory aside from counts in the container's header (sectors of the allocation
    # table, and a count it reads from bytes 62-65): forged counts would have it ask for gigabytes.
    if len(data) >= 76:
        shift, fat_sectors, other = (
            struct.unpack_from("<H", data, 30)[0],
            *struct.unpack_from("<I", data, 44),
            struct.unpack_from("<I", data, 62)[0],
        )
        if not 7 <= shift <= 16 or fat_sectors > len(data) // (1 << shift) + 1 or other > 1 << 24:
            raise PackageProblem(
                "is an Excel 97-2003 workbook whose container header is damaged or forged: open and save it in Excel"
            )

    try:
        ole = olefile.OleFileIO(data)
        name = next((s for s in ("Workbook", "Book") if ole.exists(s)), None)
        stream = ole.openstream(name).read() if name else b""
        ole.close()
    except Exception as exc:  # olefile raises its own and struct errors for damaged containers
        raise PackageProblem(
            f"is a damaged Excel 97-2003 workbook ({type(exc).__name__}): open and save it in Excel"
        ) from None
    sheets_at: dict[int, str] = {}
    scans: dict[str, SheetScan] = {}
    strings: list[int] = []  # UTF-8 bytes at most, per shared string
    sst: list[bytes] = []
    in_sst = False
    current: SheetScan | None = None
    pos, end = 0, len(stream)
    unpack = struct.unpack_from
    while pos + 4 <= end:
        kind, size = unpack("<HH", stream, pos)
        body = pos + 4
        record = stream[body : body + size] if kind in (_BOUNDSHEET, _SST, _CONTINUE) else b""
        if kind == _CONTINUE and in_sst:
            sst.append(record)
        else:
            if in_sst:
                strings = _sst_lengths(sst)
                in_sst = False
            if kind == _SST:
                sst, in_sst = [record], True
            elif kind == _BOUNDSHEET and size >= 8:
                sheets_at[unpack("<I", record, 0)[0]] = _short_string(record[6:])
            elif kind == _BOF:
                current = scans.setdefault(sheets_at[pos], SheetScan()) if pos in sheets_at else None
            elif kind == _DIMENSIONS and size in (10, 14):  # the parser sets memory aside for what this declares
                rows, columns = _declared(
                    *(unpack("<HHHH", stream, body) if size == 10 else unpack("<IIHH", stream, body))
                )
                if rows * columns > MAX_CELLS:
                    raise PackageProblem(
                        f"declares a sheet of {rows * columns:,} cells ({rows:,} rows by "
                        f"{columns:,} columns); the limit is {MAX_CELLS:,} cells: the file is "
                        "damaged or forged"
                    )
            elif current is not None and size >= 4 and (kind in _CELLS or kind in _MULTI):
                row, col = unpack("<HH", stream, body)
                last = unpack("<H", stream, body + size - 2)[0] if kind in _MULTI and size >= 6 else col
                current.cells += max(1, last - col + 1)
                current.rows = max(current.rows, row + 1)
                current.columns = max(current.columns, last + 1)
                if kind == _LABELSST and size >= 10:
                    index = unpack("<I", stream, body + 6)[0]
                    current.text_bytes += strings[index] if index < len(strings) else 0
                if current.text_bytes > MAX_TEXT:
                    raise PackageProblem(f"a sheet holds more than {MAX_TEXT:,} bytes of text once read (a zip bomb?)")
        pos = body + size
    for sheet, scan in scans.items():
        if scan.rows * scan.columns > MAX_CELLS:
            raise PackageProblem(
                f"sheet {sheet!r} spans A1:{column_letters(scan.columns)}{scan.rows} "
                f"({scan.rows * scan.columns:,} cells); the limit is {MAX_CELLS:,} cells"
            )
    return scans


def _declared(first: int, last: int, first_col: int, last_col: int) -> tuple[int, int]:
    """Rows and columns of a DIMENSIONS record, computed as the parser computes them (in 32-bit unsigned
    arithmetic, so a first row after the last wraps round to billions: what a forged file relies on)."""
    if first_col > 0xFF or last_col < first_col:
        first_col = 0
    end_row, end_col = (last - 1, last_col - 1) if last >= 1 and last_col >= 1 else (first, first_col)
    return (end_row - first + 1) & 0xFFFFFFFF, (end_col - first_col + 1) & 0xFFFFFFFF


def _short_string(data: bytes) -> str:
    """A sheet name as BIFF8 writes it: a count, a flag (2 bytes a character or 1), the characters."""
    if len(data) < 2:
        return ""
    count, wide = data[0], data[1] & 1
    raw = data[2 : 2 + count * (2 if wide else 1)]
    return raw.decode("utf-16-le" if wide else "latin-1", errors="replace")


def _sst_lengths(segments: list[bytes]) -> list[int]:
    """UTF-8 bytes at most of each shared string (3 a character), walking the SST record and its CONTINUE
    records: where a string's characters run into the next record, that record starts with a flag byte."""
    lengths: list[int] = []
    seg, pos = 0, 8  # after the total and unique counts

    def take(count: int) -> bytes:
        nonlocal seg, pos
        out = b""
        while count and seg < len(segments):
            chunk = segments[seg][pos : pos + count]
            out += chunk
            count -= len(chunk)
            pos += len(chunk)
            if pos >= len(segments[seg]):
                seg, pos = seg + 1, 0
        return out

    while seg < len(segments):
        head = take(3)
        if len(head) < 3:
            break
        count, flags = head[0] | head[1] << 8, head[2]
        runs = take(2) if flags & 8 else b""
        ext = take(4) if flags & 4 else b""
        width = 2 if flags & 1 else 1
        left = count
        while left and seg < len(segments):
            room = (len(segments[seg]) - pos) // width
            if room == 0:  # the characters go on in the next record, after a fresh flag byte
                seg, pos = seg + 1, 0
                if seg < len(segments):
                    width = 2 if take(1)[0] & 1 else 1
                continue
            step = min(left, room)
            pos += step * width
            left -= step
        lengths.append((3 if flags & 1 else 2) * count)  # UTF-8: a Latin-1 character takes 2 bytes at most
        take(4 * int.from_bytes(runs, "little") if runs else 0)
        take(max(0, int.from_bytes(ext, "little", signed=True)) if ext else 0)
    return lengths
