"""The profile's `roster:` section (and its short form `roles_file:`): which file, sheet, columns, pay basis, titles."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from ..checks import Checker, describe
from ..models import Edition, fold
from ..rolelines import resolve_role
from .detect import FIELDS

ROSTER_KEYS = ("file", "sheet", "header_row", "rows", "columns", "pay", "titles", "keep_ids")
PAY_KEYS = ("basis", "months", "months_column")
ROWS = ("people", "lines")  # one person per row, or one role line per row
ID_KEY = "employee_id"  # roster.columns may name the employee ID column: read for duplicates (and keep_ids) only


@dataclass(frozen=True)
class RosterSpec:
    """How to read one roster; every part but the file is optional (detected)."""

    file: str  # as written in the profile, or on the command line
    path: Path  # relative to the profile's folder; never resolved, so messages name the file as written
    sheet: str | int | None = None
    header_row: int | None = None
    columns: dict[str, str] = field(default_factory=dict)  # field -> header text
    pay_basis: Literal["annual", "monthly"] | None = None  # None: from the pay column's header (年薪 or 月薪)
    pay_months: float | None = None
    titles: dict[str, str] = field(default_factory=dict)  # fold(client title) -> benchmark role
    title_names: dict[str, str] = field(default_factory=dict)  # fold(client title) -> as written
    rows: Literal["people", "lines"] | None = None  # None: detected (see lines.py)
    keep_ids: bool = False  # keep the client's employee IDs in the workbook (per-person rosters only)
    id_column: str | None = None  # the employee ID column's header, when roster.columns.employee_id names it


def spec_for_file(path: Path, sheet: str | int | None = None, header_row: int | None = None) -> RosterSpec:
    return RosterSpec(file=str(path), path=path, sheet=sheet, header_row=header_row)


def parse_roster_spec(check: Checker, where: str, value: object, base_dir: Path, edition: Edition) -> RosterSpec | None:
    """The `roster:` mapping (or a `roles_file:` name); problems noted on `check` under `where`."""
    if isinstance(value, str) or value is None:
        name = check.text(where, value, required=True)
        return RosterSpec(file=name, path=base_dir / name) if name else None
    section = check.mapping(where, value)
    if section is None:
        return None
    check.keys(where, section, ROSTER_KEYS, required=("file",))
    name = check.text(f"{where}.file", section["file"], required=True) if "file" in section else None
    sheet = _sheet(check, f"{where}.sheet", section.get("sheet"))
    header_row = (
        check.whole(f"{where}.header_row", section.get("header_row"), minimum=1, default=None)
        if section.get("header_row") is not None
        else None
    )
    rows = check.choice(f"{where}.rows", section.get("rows"), ROWS, None) if section.get("rows") is not None else None
    keep_ids = _flag(check, f"{where}.keep_ids", section.get("keep_ids"))
    columns = _columns(check, f"{where}.columns", section.get("columns"))
    id_column = columns.pop(ID_KEY, None)
    if keep_ids and rows == "lines":
        check.add(f"{where}.keep_ids", "keeps the employee IDs of a roster of people (rows: people), not of role lines")
    basis, months, months_column = _pay(check, f"{where}.pay", section.get("pay"))
    if months_column:
        if "pay_months" in columns and fold(columns["pay_months"]) != fold(months_column):
            check.add(
                f"{where}.pay.months_column",
                f"names {months_column!r}, but columns.pay_months names {columns['pay_months']!r}; give it once",
            )
        columns["pay_months"] = months_column
    titles, title_names = _titles(check, f"{where}.titles", section.get("titles"), edition)
    if name is None:
        return None
    return RosterSpec(
        file=name,
        path=base_dir / name,
        sheet=sheet,
        header_row=header_row,
        columns=columns,
        pay_basis=basis,
        pay_months=months,
        titles=titles,
        title_names=title_names,
        rows=rows,  # type: ignore[arg-type]
        keep_ids=keep_ids,
        id_column=id_column,
    )


def _flag(check: Checker, where: str, value: object) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        check.add(where, f"expected true or false, got {describe(value)}")
        return False
    return value


def _sheet(check: Checker, where: str, value: object) -> str | int | None:
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 1:
            check.add(where, f"expected a sheet name or a number from 1 (the first sheet), got {value}")
            return None
        return value
    return check.text(where, value)


def _columns(check: Checker, where: str, value: object) -> dict[str, str]:
    if value is None:
        return {}
    section = check.mapping(where, value)
    if section is None:
        return {}
    check.keys(where, section, (*FIELDS, ID_KEY))
    columns: dict[str, str] = {}
    seen: dict[str, str] = {}
    for key, header in section.items():
        if key not in FIELDS and key != ID_KEY:
            continue
        text = check.text(f"{where}.{key}", header, required=True)
        if text is None:
            continue
        if fold(text) in seen:
            check.add(
                f"{where}.{key}",
                f"names the column {text!r}, already given to {seen[fold(text)]}; one column feeds one field",
            )
            continue
        seen[fold(text)] = str(key)
        columns[str(key)] = text
    return columns


def _pay(check: Checker, where: str, value: object):
    if value is None:
        return None, None, None
    section = check.mapping(where, value)
    if section is None:
        return None, None, None
    check.keys(where, section, PAY_KEYS)
    basis = (
        check.choice(f"{where}.basis", section.get("basis"), ("annual", "monthly"), "annual")
        if "basis" in section
        else None
    )
    months = None
    if section.get("months") is not None:
        months = check.number(f"{where}.months", section.get("months"), minimum=12, maximum=24)
    months_column = check.text(f"{where}.months_column", section.get("months_column"))
    if months is not None and months_column:
        check.add(f"{where}.months", "give either months (the same for everyone) or months_column, not both")
    if basis == "annual" and (months is not None or months_column):
        check.add(f"{where}.basis", "is annual: months apply to monthly pay only (basis: monthly)")
    if (months is not None or months_column) and basis is None:
        basis = "monthly"
    return basis, months, months_column


def _titles(check: Checker, where: str, value: object, edition: Edition) -> tuple[dict[str, str], dict[str, str]]:
    if value is None:
        return {}, {}
    section = check.mapping(where, value)
    if section is None:
        return {}, {}
    titles: dict[str, str] = {}
    names: dict[str, str] = {}
    for title, role in section.items():
        key_text = check.text(f"{where}", title, required=True)
        if key_text is None:
            continue
        if isinstance(role, (Mapping, list)):
            check.add(f"{where}.{key_text}", f"expected a benchmark role name, got {describe(role)}")
            continue
        resolved = resolve_role(check, f"{where}.{key_text}", role, edition)
        if resolved is not None:
            titles[fold(key_text)] = resolved
            names[fold(key_text)] = key_text
    return titles, names
