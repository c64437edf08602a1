"""Reading a client roster (CSV or XLSX) into role lines, validated like the profile's `roles`."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from .checks import Checker
from .errors import unreadable
from .fuzzy import did_you_mean
from .models import Edition, RoleEntry, fold

# field -> the header a roster uses for it (matched case- and space-insensitively)
COLUMNS = {"role": "Role", "title": "Title", "headcount": "Headcount", "planned_hires": "Planned hires",
           "current_pay": "Current pay"}
REQUIRED = ("role",)
MAX_ROWS = 10_000
MAX_BYTES = 20_000_000


def read_roster(check: Checker, path: Path, edition: Edition) -> tuple[RoleEntry, ...]:
    """Role lines from the roster at `path`; problems are noted on `check` with row numbers."""
    from .profile import role_entry

    rows = _rows(check, path)
    if rows is None:
        return ()
    header_line, header, body = rows
    by_name = {fold(h): f for f, h in COLUMNS.items()} | {fold(f): f for f in COLUMNS}
    fields: dict[int, str] = {}
    for i, cell in enumerate(header):
        name = "" if cell is None else str(cell).strip()
        if not name:
            continue
        field = by_name.get(fold(name.removesuffix("(CNY)").strip()))
        if field is None:
            check.add(f"row {header_line}, column {name!r}",
                      f"unknown column{did_you_mean(name, list(COLUMNS.values()))}; expected: {', '.join(COLUMNS.values())}")
        elif field in fields.values():
            check.add(f"row {header_line}, column {name!r}", "appears twice in the header row")
        else:
            fields[i] = field
    for field in REQUIRED:
        if field not in fields.values():
            check.add(f"row {header_line}", f"the header row has no {COLUMNS[field]!r} column")
    if check.problems:
        return ()
    names = {f: f", column {COLUMNS[f]!r}" for f in COLUMNS}
    entries: list[RoleEntry] = []
    seen: dict[tuple, str] = {}
    for line, cells in body:
        raw = {fields[i]: _cell(v) for i, v in enumerate(cells) if i in fields}
        if all(v is None for v in raw.values()):
            continue
        if (entry := role_entry(check, f"row {line}", raw, edition, seen, field=names)) is not None:
            entries.append(entry)
    return tuple(entries)


def _cell(value: object) -> object:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _rows(check: Checker, path: Path):
    """(header line, header cells, [(line, cells)]) of the first sheet, or None after noting why not."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        check.add("", f"roster {unreadable(exc)}" if isinstance(exc, FileNotFoundError) else unreadable(exc))
        return None
    if size > MAX_BYTES:
        check.add("", f"the roster is {size:,} bytes; the limit is {MAX_BYTES:,}")
        return None
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows = _csv_rows(check, path)
    elif suffix in (".xlsx", ".xlsm"):
        rows = _xlsx_rows(check, path)
    else:
        check.add("", f"expected a .csv or .xlsx roster, got a {suffix or 'file without extension'}")
        return None
    if rows is None:
        return None
    rows = [(n, cells) for n, cells in rows if any(_cell(c) is not None for c in cells)]
    if not rows:
        check.add("", "the roster is empty: expected a header row (Role, Headcount, Planned hires, Current pay)")
        return None
    if len(rows) - 1 > MAX_ROWS:
        check.add("", f"the roster has {len(rows) - 1:,} rows; the limit is {MAX_ROWS:,}")
        return None
    (header_line, header), *body = rows
    return header_line, list(header), body


def _csv_rows(check: Checker, path: Path):
    try:
        raw = path.read_bytes()
    except OSError as exc:
        check.add("", unreadable(exc))
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        check.add("", f"is not UTF-8 text (byte {exc.start + 1} cannot be decoded); save the CSV as UTF-8")
        return None
    try:
        return [(n, row) for n, row in enumerate(csv.reader(io.StringIO(text)), start=1)]
    except csv.Error as exc:
        check.add("", f"is not a readable CSV file ({exc})")
        return None


def _xlsx_rows(check: Checker, path: Path):
    import zipfile

    from openpyxl import load_workbook

    try:
        # Values as last saved, and the formulas behind them: a formula whose value was never saved
        # (a file written by a script) is reported as the formula text, never read as an empty cell.
        values = load_workbook(path, read_only=True, data_only=True)
        formulas = load_workbook(path, read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        check.add("", f"is not a readable .xlsx workbook ({type(exc).__name__}: {exc})")
        return None
    except Exception as exc:  # openpyxl raises its own types for broken packages
        check.add("", f"is not a readable .xlsx workbook ({type(exc).__name__})")
        return None
    try:
        rows = []
        pairs = zip(values.worksheets[0].iter_rows(values_only=True), formulas.worksheets[0].iter_rows(values_only=True))
        for n, (saved, written) in enumerate(pairs, start=1):
            rows.append((n, [w if v is None and isinstance(w, str) and w.startswith("=") else v
                             for v, w in zip(saved, written)]))
            if n > MAX_ROWS + 10:
                break
        return rows
    except Exception as exc:  # a damaged sheet inside a sound zip surfaces only while reading it
        check.add("", f"is not a readable .xlsx workbook ({type(exc).__name__}: {exc})")
        return None
    finally:
        values.close()
        formulas.close()
