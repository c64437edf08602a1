"""Reading a roster file into rows of cells: the format (by content, not by name), encoding, delimiter, sheet.

Spreadsheets are read with python-calamine (cached values, xlsx/xlsm/xls/ods), imported here only, so
`briefing --help` never loads it. Every read is bounded: the file's bytes (safeio), a zipped workbook's
inflated size and extent (package.py), and the rows read.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..safeio import ReadProblem, read_bounded
from .package import MAX_CELLS, MAX_ROWS, PackageProblem, SheetScan, column_letters

if TYPE_CHECKING:
    import python_calamine

MAX_BYTES = 20_000_000
SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".tsv", ".txt")
TEXT_SUFFIXES = (".csv", ".tsv", ".txt")
ENCODINGS_TRIED = "UTF-8 (with or without a byte-order mark), UTF-16 (with a byte-order mark), GB18030 (GBK)"
_NAMES = {
    "xlsx": "an Excel workbook (.xlsx)",
    "xlsm": "an Excel macro-enabled workbook (.xlsm)",
    "xls": "an Excel 97-2003 workbook (.xls)",
    "ods": "an OpenDocument spreadsheet (.ods)",
    "csv": "text (CSV)",
}
_CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class ReadError(Exception):
    """Why a roster file was not read, in a user's words; `where` names a sheet or row when there is one."""

    def __init__(self, message: str, where: str = ""):
        super().__init__(message)
        self.where = where


Cell = object  # str | float | int | bool | date | None


@dataclass(frozen=True)
class Table:
    """The cells of one sheet (or a text file), with the row numbers a spreadsheet shows (1-based)."""

    format: str  # xlsx xlsm xls ods csv
    rows: tuple[tuple[int, tuple[Cell, ...]], ...]
    sheet: str | None = None
    sheets: tuple[str, ...] = ()
    encoding: str | None = None
    delimiter: str | None = None
    formulas: frozenset[tuple[int, int]] = field(default_factory=frozenset)  # (row, column) without a saved value


class Source:
    """An opened roster file: its real format and, for workbooks, its sheets (read one at a time)."""

    def __init__(self, path: Path):
        self.path = path
        try:
            self.data = read_bounded(path, MAX_BYTES, "the roster")
        except ReadProblem as exc:
            raise ReadError(str(exc)) from None
        self.format = sniff(self.data, path.suffix.lower())
        self._book: python_calamine.CalamineWorkbook | None = None  # opened on first use
        self._scans: dict[str, SheetScan] = {}
        self.sheets: tuple[str, ...] = ()
        if self.format in ("xlsx", "xlsm", "ods"):
            self._open_zipped()
        elif self.format == "xls":
            from .package import scan_xls

            try:
                self._scans = scan_xls(self.data)
            except PackageProblem as exc:
                raise ReadError(str(exc)) from None
            self._open_book()

    # --- workbooks ---

    def _open_book(self) -> None:
        import python_calamine

        try:
            with held_native_stderr():
                self._book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(self.data))
        except python_calamine.PasswordError:
            raise ReadError(
                "is password-protected: ask the client for a copy without a password, or open it "
                "in Excel, remove the password (File > Info > Protect Workbook) and save it"
            ) from None
        except BaseException as exc:  # its own errors for damaged files, and a Rust panic (a BaseException)
            _reraise_interrupts(exc)
            raise ReadError(
                f"is not a readable {self.format} workbook ({_brief(exc)}); open and save it in Excel and try again"
            ) from None
        meta = self._book.sheets_metadata
        self.sheets = tuple(m.name for m in meta if str(m.typ).endswith("WorkSheet"))
        if not self.sheets:
            raise ReadError(
                "holds no worksheets (only charts or macros, or nothing): expected a sheet with a header row"
            )

    def _open_zipped(self) -> None:
        from .package import open_zip, scan_ods, scan_xlsx_sheet, shared_string_sizes, verify_parts

        try:
            archive = open_zip(self.data)
            if self.format == "ods":
                content = verify_parts(archive, {"content.xml"}).get("content.xml", b"")
                self._scans = scan_ods(content)
            else:
                parts = _xlsx_sheet_parts(archive)
                keep = set(parts.values()) | {"xl/sharedStrings.xml"}
                kept = verify_parts(archive, keep)
                shared = shared_string_sizes(kept.pop("xl/sharedStrings.xml", b""))
                for name, part in parts.items():
                    if part in kept:
                        self._scans[name] = scan_xlsx_sheet(kept.pop(part), shared, name)
        except PackageProblem as exc:
            raise ReadError(str(exc)) from None
        self._open_book()

    def table(self, sheet: str | int | None = None) -> Table:
        """The cells of a sheet (a name, or a 1-based index; default the first) or of the text file."""
        if self.format == "csv":
            return read_text_table(self.data)
        name = self.sheet_name(sheet)
        return self._sheet_table(name)

    def sheet_name(self, sheet: str | int | None) -> str:
        if sheet is None:
            return self.sheets[0]
        if isinstance(sheet, int):
            if 1 <= sheet <= len(self.sheets):
                return self.sheets[sheet - 1]
            raise ReadError(f"has no sheet {sheet}: it has {len(self.sheets)} ({_listing(self.sheets)})", "sheet")
        for name in self.sheets:
            if name == sheet:
                return name
        from ..models import fold

        for name in self.sheets:
            if fold(name) == fold(sheet):
                return name
        if sheet.strip().isdigit():  # --sheet 2 on the command line: the second sheet, unless one is named "2"
            return self.sheet_name(int(sheet))
        raise ReadError(f"has no sheet {sheet!r}; its sheets: {_listing(self.sheets)}", "sheet")

    def _sheet_table(self, name: str) -> Table:
        import python_calamine

        scan = self._scans.get(name)
        try:
            with held_native_stderr():
                sheet = self._book.get_sheet_by_name(name)  # type: ignore[union-attr]  # only called once _open_book set it
        except python_calamine.PasswordError:
            raise ReadError("is password-protected: open it in Excel, remove the password and save it") from None
        except BaseException as exc:  # as above
            _reraise_interrupts(exc)
            raise ReadError(
                f"sheet {name!r} is damaged and cannot be read ({_brief(exc)}); open and save the file "
                "in Excel and try again"
            ) from None
        start = sheet.start
        if start is None:
            return Table(self.format, (), name, self.sheets)
        first_row, first_col = start
        end_row, end_col = sheet.end or start
        if end_row + 1 > MAX_ROWS:
            raise ReadError(f"sheet {name!r} has {end_row + 1:,} rows; the limit is {MAX_ROWS:,}", "sheet")
        if (end_row + 1) * (end_col + 1) > MAX_CELLS:  # .xls, not scanned before: check what was read
            raise ReadError(
                f"sheet {name!r} spans A1:{column_letters(end_col + 1)}{end_row + 1}; the limit is {MAX_CELLS:,} cells",
                "sheet",
            )
        pad = (None,) * first_col
        rows = []
        for i, cells in enumerate(sheet.iter_rows()):
            rows.append(
                (
                    first_row + i + 1,
                    pad + (tuple(c if c != "" else None for c in cells) if "" in cells else tuple(cells)),
                )
            )
        return Table(
            self.format, tuple(rows), name, self.sheets, formulas=frozenset(scan.formulas) if scan else frozenset()
        )


def _xlsx_sheet_parts(archive) -> dict[str, str]:
    """Sheet name -> worksheet part, from xl/workbook.xml and its relationships."""
    import posixpath
    import xml.etree.ElementTree as ET

    from .package import read_part

    names = set(archive.namelist())
    if "xl/workbook.xml" not in names:
        raise PackageProblem("is a zip file without xl/workbook.xml: not an Excel workbook")
    try:
        book = ET.fromstring(read_part(archive, "xl/workbook.xml"))
        rels = (
            ET.fromstring(read_part(archive, "xl/_rels/workbook.xml.rels"))
            if "xl/_rels/workbook.xml.rels" in names
            else None
        )
    except ET.ParseError as exc:
        raise PackageProblem(f"has a damaged workbook part ({exc})") from None
    targets = {}
    for rel in rels if rels is not None else ():
        target = rel.get("Target", "")
        target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        targets[rel.get("Id")] = target
    parts = {}
    for element in book.iter():
        if element.tag.rsplit("}", 1)[-1] == "sheet":
            rid = next((v for k, v in element.attrib.items() if k.rsplit("}", 1)[-1] == "id"), None)
            name = element.get("name")
            if rid in targets and name is not None:
                parts[name] = targets[rid]
    return parts


def sniff(data: bytes, suffix: str) -> str:
    """The file's real format from its first bytes; a `ReadError` when it is not a roster or not what its name says."""
    named = {".xlsx": "xlsx", ".xlsm": "xlsm", ".xls": "xls", ".ods": "ods"}.get(suffix, "csv")
    if suffix not in SUFFIXES:
        raise ReadError(
            f"expected a roster file ending in {', '.join(SUFFIXES)}, got {suffix or 'a name without an extension'}"
        )
    if not data.strip():
        raise ReadError(
            "is empty: expected a header row (role, headcount, planned hires, current pay) and one row per role"
        )
    found = _content_format(data)
    if found == named or (found == "xlsx" and named == "xlsm"):
        return named
    if found == "csv" and named != "csv":
        raise ReadError(
            f"is named {suffix} but is not a workbook: its content is text; if it is CSV, rename it to .csv"
        )
    if found in _NAMES:
        right = {"xlsx": ".xlsx", "xlsm": ".xlsm", "xls": ".xls", "ods": ".ods", "csv": ".csv"}[found]
        raise ReadError(
            f"is {_NAMES[found]} named {suffix}: rename it to {right}"
            + (" (it is not CSV text)" if named == "csv" else "")
        )
    if found.startswith(("a password-protected", "a damaged")):
        raise ReadError(f"is {found}")
    raise ReadError(f"is named {suffix} but is {found}")


def _content_format(data: bytes) -> str:
    """xlsx, xlsm, xls, ods, csv, or a description of what the file is instead."""
    head = data[:4096]
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_kind(data)
    if head.startswith(_CFB):
        return _cfb_kind(data)
    if head.startswith(b"%PDF"):
        return "a PDF document, not a spreadsheet: ask the client for the Excel or CSV export"
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<table", b"<meta")) or b"<html" in lowered[:512]:
        return (
            "an HTML page (some HR systems export web tables with an Excel name), not a workbook: open it "
            "in Excel and save it as .xlsx"
        )
    if lowered.startswith(b"<?xml") and b"urn:schemas-microsoft-com:office:spreadsheet" in head:
        return "an Excel 2003 XML spreadsheet, not an .xlsx workbook: open it in Excel and save it as .xlsx"
    if lowered.startswith(b"{\\rtf"):
        return "a Word (RTF) document, not a spreadsheet"
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "binary data, not a spreadsheet or CSV text"
    return "csv"


def _zip_kind(data: bytes) -> str:
    import zipfile

    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except Exception:
        return (
            "a damaged workbook (its zip structure is broken, perhaps cut short in transfer): ask for the "
            "file again, or open and save it in Excel"
        )
    if "xl/workbook.xml" in names:
        return "xlsm" if "xl/vbaProject.bin" in names else "xlsx"
    if "content.xml" in names and "mimetype" in names:
        return "ods"
    if any(n.startswith("word/") for n in names):
        return "a Word document (.docx), not a spreadsheet"
    if any(n.startswith("ppt/") for n in names):
        return "a PowerPoint presentation (.pptx), not a spreadsheet"
    return "a zip archive, not a workbook: unzip it and give the spreadsheet inside"


def _cfb_kind(data: bytes) -> str:
    """What an OLE compound file holds: an .xls, or an encrypted (password-protected) .xlsx, or something else."""
    import olefile

    try:
        ole = olefile.OleFileIO(data)
        streams = {"/".join(s).lower() for s in ole.listdir(streams=True, storages=False)}
        ole.close()
    except Exception:
        return "a damaged Office file, not a readable workbook: open and save it in Excel"
    if "encryptedpackage" in streams:
        return (
            "a password-protected (encrypted) workbook: ask the client for a copy without a password, or open "
            "it in Excel, remove the password (File > Info > Protect Workbook) and save it"
        )
    if "workbook" in streams or "book" in streams:
        return "xls"
    if "worddocument" in streams:
        return "a Word 97-2003 document (.doc), not a spreadsheet"
    return "an Office file that holds no workbook"


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding): a byte-order mark first, then strict UTF-8, then GB18030; a `ReadError` otherwise.

    No statistical guessing: a detector guessed Korean for a three-row GBK file in a trial. GB18030 is a
    superset of GBK and GB2312, the default of Chinese Excel.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = [("utf-8-sig", "UTF-8 with BOM")]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = [("utf-16", "UTF-16 " + ("LE" if data[0] == 0xFF else "BE") + " with BOM")]
    else:
        candidates = [("utf-8", "UTF-8"), ("gb18030", "GB18030 (GBK)")]
    for codec, label in candidates:
        try:
            return data.decode(codec), label
        except UnicodeDecodeError:
            continue
    raise ReadError(
        f'is text in an encoding that is none of {ENCODINGS_TRIED}: save it from Excel as "CSV UTF-8" and try again'
    )


def sniff_delimiter(text: str) -> str:
    """`,` `;` or tab: the one that splits the first lines into the most rows of one same width (> 1)."""
    sample = text[:64_000].splitlines()[:50]
    best, score = ",", (-1, -1)
    for delimiter in (",", ";", "\t"):
        try:
            widths = [len(r) for r in csv.reader(sample, delimiter=delimiter) if any(c.strip() for c in r)]
        except csv.Error:
            continue
        wide = [w for w in widths if w > 1]
        if not wide:
            continue
        mode = max(set(wide), key=lambda w: (wide.count(w), w))
        candidate = (wide.count(mode), mode)
        if candidate > score:
            best, score = delimiter, candidate
    return best


def read_text_table(data: bytes) -> Table:
    text, encoding = decode(data)
    text = text.lstrip("\ufeff")
    delimiter = sniff_delimiter(text)
    rows = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):
            if number > MAX_ROWS:
                raise ReadError(f"has more than {MAX_ROWS:,} rows; the limit is {MAX_ROWS:,}")
            rows.append((number, tuple(c or None for c in cells) if "" in cells else tuple(cells)))
    except csv.Error as exc:
        raise ReadError(f"is not readable as CSV ({exc})", f"row {number + 1}") from None
    label = {",": "comma", ";": "semicolon", "\t": "tab"}[delimiter]
    return Table("csv", tuple(rows), encoding=encoding, delimiter=label)


@contextlib.contextmanager
def held_native_stderr() -> Iterator[None]:
    """Hold back what native code writes to file descriptor 2 while it reads a file, and drop it if it fails.

    A damaged .xls can make calamine's Rust code panic: python-calamine turns the panic into an exception
    (caught by the callers, which say what is wrong with the file), but Rust's panic hook has already
    printed "thread panicked at ..." and, with RUST_BACKTRACE set, a backtrace to the process's stderr,
    below the user's clear message. Python cannot silence that hook, so fd 2 points at a temporary file
    for the call: on failure its text is dropped (the caller's message replaces it), on success it is
    passed on unchanged (it is not ours to hide). Where fd 2 cannot be redirected, the call runs as is.
    """
    import sys

    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError, AttributeError):
        yield
        return
    with tempfile.TemporaryFile() as held:
        os.dup2(held.fileno(), 2)
        failed = False
        try:
            yield
        except BaseException:
            failed = True
            raise
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            if not failed:
                held.seek(0)
                text = held.read(64 * 1024)  # bounded, as every read
                if text:
                    os.write(2, text)


def _reraise_interrupts(exc: BaseException) -> None:
    """Ctrl-C and exits pass through; anything else the reader raised is the file's fault."""
    if isinstance(exc, (KeyboardInterrupt, SystemExit, GeneratorExit)):
        raise exc


def _listing(names: tuple[str, ...]) -> str:
    return ", ".join(repr(n) for n in names)


def _brief(exc: BaseException) -> str:
    if type(exc).__name__ == "PanicException":  # calamine's Rust code gave up: its words would only puzzle
        return "its records contradict each other"
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    text = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return text if len(text) <= 120 else text[:117] + "..."
