"""A roster of people, one per row: each row -> a person (role, title, pay), with nothing that names them.

The employee ID column is read only to find two rows of one person (and kept, with roster.keep_ids, for the
workbook); names, ID-card numbers, contacts and every other column are never read. Each person gets a
pseudonymous key, P-0001, in the roster's row order: the same roster gives the same keys.
"""

from __future__ import annotations

import statistics
from typing import TYPE_CHECKING

from ..models import PersonEntry, RoleEntry
from ..rolelines import MAX_PEOPLE
from . import values
from .detect import header_text
from .lines import MONTHLY_SUSPECT, RosterImport, rows_text

if TYPE_CHECKING:
    from .lines import _Reader

ID = "employee ID"  # the key the ID column's values are read under (a person kind, never a field)


def person_key(index: int, count: int) -> str:
    """P-0001 ... P-9999, then as many digits as the largest number needs, the same width for everyone."""
    return f"P-{index + 1:0{max(4, len(str(count)))}d}"


def read_people(r: _Reader, basis) -> RosterImport:
    """The people of a roster (and the planned hires its rows give per role); problems noted on `r.check`."""
    check = r.check
    pay_column = basis[1]
    if pay_column is None:
        check.add(
            f"{r.prefix}row {r.header_row}",
            "lists people, one per row, but has no pay column: expected annual "
            "pay (Annual salary, 年薪) or monthly pay (Monthly salary, 月薪), the pay of each person; or, for "
            "one line per role with its headcount, add a headcount column (人数)",
        )
    if check.problems:
        return RosterImport((), r.report(basis, 0, 0))
    # a headcount column beside one person per row: 1 (or empty) on each row, else ask which the rows are
    headcount = r.fields.get("headcount") if r.spec.rows is None else None
    rows: list[tuple[int, str, str | None, float | None, str | None]] = []  # (row, role, title, pay, ID)
    hires: dict[str, int] = {}
    hire_rows: dict[str, list[int]] = {}
    first_row: dict[str, int] = {}  # employee ID -> the first row that holds it (the IDs are dropped after reading)
    duplicates: list[tuple[int, int]] = []
    counted: list[int] = []  # rows whose headcount is not 1
    sums = {"headcount": 0.0, "planned_hires": 0.0}
    extra_fields = (r.id_column,) if r.id_column is not None else ()
    for number, raw in r.body(sums, lambda: len(rows) >= MAX_PEOPLE, extra_fields):
        if r.formula_cell(number):
            continue
        role = r._role(number, raw)
        title = r.title(number, raw)
        ident = raw.get(ID)
        ident = header_text(ident) if ident is not None else None
        if headcount is not None and raw.get("headcount") is not None:
            count = values.count(raw["headcount"])
            if count is not None and str(count).strip() not in ("1", "1.0"):
                counted.append(number)
        planned = 0
        if raw.get("planned_hires") is not None:
            planned = (
                check.whole(f"{r.where(number, r.fields['planned_hires'])}", values.count(raw["planned_hires"])) or 0
            )
        ok, pay = r.pay(number, raw, role, basis, per_row=False)
        if role is None or not ok:
            continue
        if planned:
            hires[role] = hires.get(role, 0) + planned
            hire_rows.setdefault(role, []).append(number)
            sums["planned_hires"] += planned
            if pay is None and ident is None:
                continue  # a line of planned hires for the role, not a person
        if ident is not None:
            if ident in first_row:
                duplicates.append((first_row[ident], number))
            else:
                first_row[ident] = number
        sums["headcount"] += 1
        rows.append((number, role, title, pay, ident if r.spec.keep_ids else None))
    first_row.clear()
    r._unknown_titles()
    r.personal_problems()
    _duplicates(r, duplicates)
    _counted(r, headcount, counted)
    _basis_of_column(r, basis, rows)
    total = len(rows) + r.extra
    if total > MAX_PEOPLE:
        check.add("", f"lists {total:,} people; the limit is {MAX_PEOPLE:,} people in one briefing")
    people = tuple(
        PersonEntry(
            key=person_key(i, len(rows)), role=role, title=title, current_pay=pay, row=number, employee_id=ident
        )
        for i, (number, role, title, pay, ident) in enumerate(rows)
    )
    lines = tuple(RoleEntry(role=role, planned_hires=n) for role, n in hires.items())
    report = r.report(
        basis,
        r.rows_read,
        len(lines),
        people=len(people),
        roles=len({p.role for p in people}),
        without_pay=tuple(p.row for p in people if p.current_pay is None),
    )
    return RosterImport(lines, report, people=people, planned_rows=tuple((k, tuple(v)) for k, v in hire_rows.items()))


def _duplicates(r: _Reader, duplicates: list[tuple[int, int]]) -> None:
    """Two rows of one employee ID: named by their rows, the ID never quoted."""
    if not duplicates:
        return
    column = r.id_column
    assert column is not None
    pairs = ", ".join(f"{a} and {b}" for a, b in duplicates[:8]) + (
        f", and {len(duplicates) - 8:,} more" if len(duplicates) > 8 else ""
    )
    r.check.add(
        f"{r.prefix}column {column.letter} ({column.header})",
        f"{len(duplicates):,} employee ID{'s are' if len(duplicates) > 1 else ' is'} given twice: rows {pairs} "
        "hold the same ID (not quoted here). One row per person: remove the repeated rows (a second job, "
        "a transfer, an export run twice?)",
    )


def _counted(r: _Reader, headcount, counted: list[int]) -> None:
    if not counted:
        return
    ident = r.id_column
    assert ident is not None  # a headcount column is checked beside an ID column only
    r.check.add(
        f"{r.prefix}column {headcount.letter} ({headcount.header})",
        f"has an employee ID column ({ident.letter} {ident.header!r}) and a headcount column with numbers "
        f"other than 1 ({rows_text(counted)}): is each row one person, or one role line with its headcount? "
        "Say which with roster: {rows: people} (the headcount column is then not read) or roster: {rows: "
        "lines} (the employee IDs are then not read)",
    )


def _basis_of_column(r: _Reader, basis, rows: list) -> None:
    """A pay column read in the wrong basis, judged on the whole column: most people paid under a sixth of their
    role's market median a year (monthly figures?), or over six medians a month (annual figures?)."""
    basis_name, pay_column = basis[0], basis[1]
    ratios = []
    for _row, role, _title, pay, _ident in rows:
        bench = r.edition.find_role(role)
        if pay is not None and bench is not None:
            ratios.append(pay / (bench.p50_cny_10k * 10_000))
    if not ratios or pay_column is None:
        return
    middle = statistics.median(ratios)
    where = f"{r.prefix}column {pay_column.letter} ({pay_column.header})"
    if basis_name == "annual" and middle < 1 / MONTHLY_SUSPECT:
        r.check.add(
            where,
            f"looks like monthly pay: half the people are paid under {middle:.0%} of their role's "
            "market median a year; if the column holds monthly pay, set roster: {pay: {basis: "
            "monthly, months: 13}} with the months paid a year",
        )
    elif basis_name == "monthly" and middle > MONTHLY_SUSPECT:  # (monthly pay x months) / the annual median
        r.check.add(
            where,
            "looks like annual pay: half the people would be paid over six times their role's market "
            "median a year; if the column holds annual pay, set roster: {pay: {basis: annual}}",
        )
