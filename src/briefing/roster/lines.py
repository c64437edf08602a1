"""A roster's rows -> role lines, with an import report a person can check.

Only the mapped columns are read out of a row; every other column (names, employee IDs, cost centres,
notes) stays in the reader and is never put into a model, a message or a report.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..checks import Checker
from ..models import Edition, PersonEntry, RoleEntry, fold
from ..rolelines import MAX_ROLE_LINES, role_entry, too_many_lines
from . import values
from .detect import FIELDS, HEADER_SEARCH, Column, blank, find_header, header_key, header_text, is_totals, map_columns
from .privacy import personal_kind
from .read import ReadError, Source, Table
from .spec import RosterSpec

SHOWN_ROWS = 3  # rows quoted when no header is found
SHOWN_SKIPS = 30
MAX_TITLES_SHOWN = 200  # titles listed in the report with their roles
MONTHLY_SUSPECT = 6  # annual pay below P50 / 6 looks like a monthly figure
MAX_PAY_CNY = 1_000_000_000  # a year, per person: beyond this a figure is a typing slip
SHOWN_ROWS_IN_MESSAGE = 8  # rows named in one message ("rows 5, 9, 12 and 40 more")


@dataclass(frozen=True)
class ImportReport:
    """What was read and how, for a person to check before anything is sent."""

    file: str
    format: str
    encoding: str | None
    delimiter: str | None
    sheet: str | None
    sheets: tuple[str, ...]
    header_row: int
    columns: tuple[Column, ...]
    pay: str  # how pay was read, in words
    pay_basis: str  # annual | monthly
    pay_months_known: bool  # for monthly pay: months given (roster.pay.months) or read from a column
    rows_read: int
    lines: int
    skipped: tuple[tuple[int, str], ...]  # (row, why)
    titles: tuple[tuple[str, str, str], ...]  # (client's text, benchmark role, how it matched)
    unmatched: tuple[tuple[str, str, tuple[int, ...]], ...] = ()  # (client's text, closest role, rows)
    rows_are: str = "lines"  # lines | people (one person per row)
    people: int = 0
    without_pay: tuple[int, ...] = ()  # rows of people whose pay the roster does not give
    roles: int = 0  # benchmark roles the people hold
    keep_ids: bool = False
    id_column: str | None = None  # the employee ID column's letter, for a roster of people
    headcount_ignored: bool = False  # roster.rows: people with a headcount column: that column is not read


@dataclass(frozen=True)
class RosterImport:
    lines: tuple[RoleEntry, ...]  # role lines; for a roster of people, the planned hires its rows give per role
    report: ImportReport | None
    # the first rows, as text, when no header row was found: for `briefing roster` to show on the terminal,
    # never put into a problem (problems reach a batch's manifest.json, and these rows may name people)
    preview: tuple[tuple[int, tuple[str, ...]], ...] = ()
    people: tuple[PersonEntry, ...] = ()  # a roster of people, in row order (nothing that names them)
    planned_rows: tuple[tuple[str, tuple[int, ...]], ...] = ()  # (role, rows) where a roster of people plans hires


class _NoHeader(ReadError):
    def __init__(self, message: str, where: str, table: Table):
        super().__init__(message, where)
        self.preview = tuple(
            (n, tuple(header_text(c)[:40] for c in cells if not blank(c)))
            for n, cells in table.rows
            if not all(map(blank, cells))
        )[:SHOWN_ROWS]


def read_roster(check: Checker, spec: RosterSpec, edition: Edition) -> RosterImport:
    """Role lines from the roster `spec` names; problems are noted on `check` (its source is the roster file)."""
    try:
        source = Source(spec.path)
        table, header = _header(source, spec)
    except _NoHeader as exc:
        check.add(exc.where, str(exc))
        return RosterImport((), None, exc.preview)
    except ReadError as exc:
        check.add(exc.where, str(exc))
        return RosterImport((), None)
    if header is None:
        return RosterImport((), None)
    return _Reader(check, spec, edition, table, header).read()


def _header(source: Source, spec: RosterSpec) -> tuple[Table, tuple[int, tuple] | None]:
    if source.format == "csv" or spec.sheet is not None:
        table = source.table(spec.sheet)
        header = find_header(table.rows, spec.columns, spec.header_row)
        if header is None:
            raise _NoHeader(_no_header(table, spec), f"sheet {table.sheet!r}" if table.sheet else "", table)
        return table, header
    first = None
    for name in source.sheets:  # the first sheet that holds a recognisable header
        table = source.table(name)
        first = first or table
        if (header := find_header(table.rows, spec.columns, spec.header_row)) is not None:
            return table, header
    assert first is not None
    sheets = ", ".join(repr(s) for s in source.sheets)
    raise _NoHeader(f"no sheet has a header row ({sheets}); " + _no_header(first, spec), "", first)


def _no_header(table: Table, spec: RosterSpec) -> str:
    if spec.header_row is not None:
        return f"has no row {spec.header_row} (it has {len(table.rows)} rows)"
    wanted = "; ".join(
        f"{f.replace('_', ' ')}: {names[0]} / {next(n for n in names if not n.isascii())}"
        for f, names in FIELDS.items()
        if f in ("role", "title", "headcount", "planned_hires", "current_pay")
    )
    where = f"sheet {table.sheet!r}" if table.sheet else "the file"
    return (
        f"no header row found in the first {HEADER_SEARCH} rows of {where}: expected a row with at least two of "
        f"these columns ({wanted}), or say which row with roster.header_row; `briefing roster` shows the first "
        "rows read"
    )


class _Reader:
    def __init__(self, check: Checker, spec: RosterSpec, edition: Edition, table: Table, header):
        self.check, self.spec, self.edition, self.table = check, spec, edition, table
        self.header_row, header_cells = header
        self.columns, problems = map_columns(header_cells, spec.columns)
        self.prefix = f"sheet {table.sheet!r}, " if table.sheet else ""
        for where, message in problems:
            check.add(f"{self.prefix}row {self.header_row}, {where}", message)
        self.fields = {c.field: c for c in self.columns if c.field}
        self.skipped: list[tuple[int, str]] = []
        self.titles: dict[str, tuple[str, str, str]] = {}
        self.unknown: dict[str, list[int]] = {}
        self.resolved: dict[str, tuple[str | None, str]] = {}
        self.personal: dict[tuple[str, str], list[int]] = {}  # (field, what it looks like) -> rows: never quoted
        self.kinds: dict[str, str | None] = {}  # text -> personal_kind(text), once per distinct text
        self.rows_are = "lines"
        self.id_column: Column | None = None

    def where(self, row: int, column: Column | None = None) -> str:
        """`sheet 'Roster', row 7` or, for a cell, `sheet 'Roster', row 7, cell F7 (年薪(元))` (CSV: `column F`)."""
        return f"{self.prefix}row {row}" + (f", {self.cell(row, column)}" if column is not None else "")

    def cell(self, row: int, column: Column) -> str:
        return column.cell(row, self.table.sheet is not None)

    def read(self) -> RosterImport:
        check, fields = self.check, self.fields
        if "role" not in fields and "title" not in fields:
            found = ", ".join(f"{c.letter} {c.header!r}" for c in self.columns)
            check.add(
                f"{self.prefix}row {self.header_row}",
                "the header row has neither a role column (Role, 岗位) "
                f"nor a title column (Title, 职位名称) to match to benchmark roles; its columns: {found}",
            )
        self.rows_are = self._rows_are()
        basis = self._basis()
        if self.rows_are == "people":
            from .people import read_people  # one person per row: its own module, its own limit

            return read_people(self, basis)
        if check.problems:
            return RosterImport((), self._report(basis, 0, 0))
        lines: list[RoleEntry] = []
        seen: dict[tuple, str] = {}
        sums = {"headcount": 0.0, "planned_hires": 0.0}
        for number, raw in self.body(sums, lambda: len(lines) > MAX_ROLE_LINES):
            if (entry := self._line(number, raw, basis, seen)) is not None:
                lines.append(entry)
                for key in sums:
                    sums[key] += getattr(entry, key)
        self._unknown_titles()
        self.personal_problems()
        too_many_lines(check, "", len(lines) + self.extra)
        return RosterImport(tuple(lines), self._report(basis, self.rows_read, len(lines) + self.extra))

    def body(self, sums: dict[str, float], full: Callable[[], bool], extra_fields: tuple[Column, ...] = ()):
        """(row number, {field: value}) of every row below the header that holds a line or a person.

        Rows above the header, blank rows and totals rows (by their label, or numbers equal to `sums`, which
        the caller keeps) are skipped and listed; once `full()` the remaining rows are only counted (`extra`).
        `extra_fields` are read too, under their column's person kind (the employee ID, for duplicates).
        """
        self.rows_read = self.extra = 0
        fields = [(f, c.index) for f, c in self.fields.items()] + [(c.person or "", c.index) for c in extra_fields]
        for number, cells in self.table.rows:
            if number <= self.header_row:
                if number < self.header_row and not all(map(blank, cells)):
                    self.skipped.append((number, "above the header row"))
                continue
            self.rows_read += 1
            if all(map(blank, cells)):
                self.skipped.append((number, "blank"))
                continue
            if is_totals(cells):
                self.skipped.append((number, "totals row"))
                sums.update(dict.fromkeys(sums, 0.0))
                continue
            if full():  # refused whatever the rest holds: count its rows, check no more
                self.extra += 1
                continue
            raw = {f: _value(cells, index) for f, index in fields}
            if all(v is None for v in raw.values()):
                self.skipped.append((number, "nothing in the columns read"))
                continue
            if raw.get("role") is None and raw.get("title") is None:
                if self._sums_above(raw, sums):
                    self.skipped.append((number, "totals row (its numbers are the sums of the rows above)"))
                    sums.update(dict.fromkeys(sums, 0.0))
                else:
                    self.check.add(
                        self.where(number),
                        "has numbers but no role or title: expected a benchmark role or a job title on every line",
                    )
                continue
            yield number, raw

    def _rows_are(self) -> str:
        """'people' (one person per row) or 'lines' (one role line per row): as roster.rows says, else an
        employee ID column means people, a headcount column lines, a column that names people (name, ID number,
        contact) people, a planned hires column without pay a hiring plan (lines), and anything else people."""
        spec, fields = self.spec, self.fields
        self.id_column = self._find_id_column()
        if spec.rows is not None:
            rows_are = spec.rows
        elif self.id_column is not None:
            rows_are = "people"
        elif "headcount" in fields:
            rows_are = "lines"
        elif any(c.person for c in self.columns):
            rows_are = "people"
        elif "planned_hires" in fields and "current_pay" not in fields and "monthly_pay" not in fields:
            rows_are = "lines"
        else:
            rows_are = "people"
        if spec.keep_ids and rows_are == "people" and self.id_column is None:
            self.check.add(
                f"{self.prefix}row {self.header_row}",
                "roster.keep_ids keeps the employee IDs, but the "
                "header row has no employee ID column (Employee ID, 工号); name it with "
                "roster.columns.employee_id",
            )
        elif spec.keep_ids and rows_are == "lines":
            self.check.add(
                f"{self.prefix}row {self.header_row}",
                "roster.keep_ids keeps the employee IDs of a "
                "roster of people, but this roster is read as role lines (it has a headcount column); "
                "set roster.rows: people if each row is one person",
            )
        return rows_are

    def _find_id_column(self) -> Column | None:
        named = self.spec.id_column
        if named is None:
            return next((c for c in self.columns if c.person == "employee ID"), None)
        column = next((c for c in self.columns if header_key(c.header)[0] == header_key(named)[0]), None)
        if column is None:
            found = ", ".join(repr(c.header) for c in self.columns)
            self.check.add(
                f"{self.prefix}row {self.header_row}, header row",
                f"roster.columns.employee_id names the column {named!r}, which the header row does not "
                f"have; its columns: {found}",
            )
        elif column.field is not None:
            self.check.add(
                f"{self.prefix}row {self.header_row}, column {column.letter}",
                f"{column.header!r} is read as {column.field.replace('_', ' ')}; it cannot also be the "
                "employee ID column",
            )
            return None
        return column

    def _basis(self) -> tuple[str, Column | None, float | None, Column | None]:
        """(basis, pay column, months, months column)."""
        fields, spec = self.fields, self.spec
        months_column = fields.get("pay_months")
        annual, monthly = fields.get("current_pay"), fields.get("monthly_pay")
        if annual is not None and monthly is not None:
            self.check.add(
                f"{self.prefix}row {self.header_row}",
                f"has annual pay ({annual.letter} {annual.header!r}) and monthly pay ({monthly.letter} "
                f"{monthly.header!r}); say which to read with roster.columns.current_pay",
            )
            return "annual", annual, None, None
        column = annual or monthly
        basis = spec.pay_basis or ("monthly" if monthly is not None else "annual")
        if basis == "monthly" and column is not None and spec.pay_months is None and months_column is None:
            self.check.add(
                f"{self.prefix}row {self.header_row}, column {column.letter} ({column.header})",
                "holds monthly pay: say how many months are paid a year with roster: {pay: {basis: "
                "monthly, months: 13}} (12, 13, 14 and 16 are common), or add a months column (薪资月数)",
            )
        return basis, column, spec.pay_months, months_column

    def _sums_above(self, raw: dict, sums: dict[str, float]) -> bool:
        found = False
        for key, total in sums.items():
            value = raw.get(key)
            if value is None:
                continue
            try:
                number = float(values.count(value))  # type: ignore[arg-type]  # any cell; float() errors are caught
            except (TypeError, ValueError):
                return False
            if number != total or total == 0:
                return False
            found = True
        return found

    def _role(self, number: int, raw: dict) -> str | None:
        """The benchmark role a row names (by its role, else its title), or None when unknown (noted)."""
        for key in ("role", "title"):
            text = raw.get(key)
            if text is None:
                continue
            text = header_text(text)
            if text not in self.resolved:  # rosters repeat their few role names on every row
                mapped = self.spec.titles.get(fold(text))
                found = self.edition.find_role(text)
                if mapped is not None:
                    self.resolved[text] = (mapped, "roster.titles")
                elif found is not None:
                    how = (
                        "benchmark name"
                        if fold(text) == fold(found.role)
                        else "alias"
                        if any(fold(text) == fold(a) for a in found.aliases)
                        else "Chinese name"
                    )
                    self.resolved[text] = (found.role, how)
                else:
                    self.resolved[text] = (None, "")
            role, how = self.resolved[text]
            if role is None:
                if (kind := self.personal_kind(text)) is not None:
                    self.personal.setdefault((key, kind), []).append(number)
                else:
                    self.unknown.setdefault(text, []).append(number)
                return None
            if len(self.titles) < MAX_TITLES_SHOWN:
                self.titles.setdefault(text, (text, role, how))
            return role
        return None

    def personal_kind(self, text: str) -> str | None:
        """What `text` looks like when it identifies a person (see privacy.py); a title mapped in roster.titles
        is the user's own word and is never checked."""
        if text not in self.kinds:  # rosters repeat their titles: once per distinct text
            self.kinds[text] = None if fold(text) in self.spec.titles else personal_kind(text)
        return self.kinds[text]

    def title(self, number: int, raw: dict) -> str | None:
        """The row's title as written, or None; a title that looks like a person is noted, never kept."""
        title = raw.get("title")
        if title is None:
            return None
        text = header_text(title)
        if (kind := self.personal_kind(text)) is not None:
            self.personal.setdefault(("title", kind), []).append(number)
            return None
        return text

    def formula_cell(self, number: int) -> bool:
        """Whether a read cell of the row is a formula without a saved value (noted)."""
        for column in self.fields.values() if self.table.formulas else ():
            if (number, column.index + 1) in self.table.formulas:
                self.check.add(
                    self.where(number, column),
                    "is a formula without a saved value (the file was "
                    "written by a program, not saved by Excel): open it in "
                    "Excel, save it, and try again",
                )
                return True
        return False

    def personal_problems(self) -> None:
        """One problem per column and kind: rows named, values never quoted (they would name people)."""
        for (key, kind), found in self.personal.items():
            rows = sorted(set(found))  # a title that gave no role is noted as both
            column = self.fields[key]
            what = {
                "name": "people's names",
                "ID number": "ID-card numbers",
                "phone number": "phone numbers",
                "e-mail address": "e-mail addresses",
                "employee ID": "employee IDs",
            }[kind]
            wanted = "job titles" if key == "title" else "benchmark roles or job titles"
            self.check.add(
                f"{self.prefix}column {column.letter} ({column.header})",
                f"holds what looks like {what}, not {wanted}, in {rows_text(rows)}: these values are not "
                f"quoted here nor read. Map the column of {wanted} with roster.columns.{key}; if they "
                "are titles, list them under roster.titles (`briefing roster` shows the columns found)",
            )

    def pay(
        self, number: int, raw: dict, role: str | None, basis, *, per_row: bool = True
    ) -> tuple[bool, float | None]:
        """(ok, CNY a year) of a row's pay cell: monthly pay times the months; problems noted on the cell.

        `per_row`: refuse pay that looks typed in the wrong basis row by row (role lines); a roster of people
        is checked as a whole instead (one junior's low pay is not a monthly figure).
        """
        check = self.check
        basis_name, pay_column, months, months_column = basis
        pay = None
        ok = True
        row_months = months
        if pay_column is not None and raw.get(pay_column.field) is not None and months_column is not None:
            try:
                row_months = values.months(raw.get("pay_months"))
                if row_months is None:
                    raise values.ValueProblem(
                        "is empty: expected the months of pay a year for the monthly pay on "
                        "this row (12 to 24, e.g. 13 or 14)"
                    )
            except values.ValueProblem as exc:
                check.add(self.where(number, months_column), str(exc))
                ok = False
        if ok and pay_column is not None and raw.get(pay_column.field) is not None:
            try:
                pay = values.amount(raw[pay_column.field], pay_column.multiplier)
                if pay is not None and basis_name == "monthly":
                    pay = pay * (row_months or 12)
                if pay is not None:
                    self._plausible(pay, role, basis_name, raw[pay_column.field], per_row)
            except values.ValueProblem as exc:
                check.add(self.where(number, pay_column), str(exc))
                ok, pay = False, None
        return ok, pay

    def _line(self, number: int, raw: dict, basis, seen) -> RoleEntry | None:
        if self.formula_cell(number):
            return None
        role = self._role(number, raw)
        title = self.title(number, raw)
        if raw.get("title") is not None and title is None:
            return None  # it looks like a person (noted): never a line's label
        ok, pay = self.pay(number, raw, role, basis)
        pay_column = basis[1]
        line_raw = {
            "title": title,
            "headcount": values.count(raw.get("headcount")),
            "planned_hires": values.count(raw.get("planned_hires")),
            "current_pay": pay,
        }
        names = {f: f", {self.cell(number, c)}" for f, c in self.fields.items()}
        if pay_column is not None:
            names["current_pay"] = f", {self.cell(number, pay_column)}"
        entry = role_entry(self.check, self.where(number), line_raw, self.edition, seen, field=names, role=role)
        return entry if ok and role is not None else None

    def _plausible(self, pay: float, role: str | None, basis: str, cell: object, per_row: bool = True) -> None:
        """Refuse pay that was typed in CNY 10K, or a monthly figure in an annual column (and the reverse)."""
        if pay < 10_000:
            raise values.ValueProblem(
                f"{values.shown(cell)} is below CNY 10,000 a year: is it in CNY 10K (万元)? "
                "Write 110万 or 1100000, or mark the column's unit in its header: 年薪(万元)"
            )
        if pay > MAX_PAY_CNY:
            raise values.ValueProblem(
                f"{values.shown(cell)} is CNY {pay:,.0f} a year, above CNY {MAX_PAY_CNY:,}: "
                "expected the pay of one person for one year"
            )
        bench = self.edition.find_role(role) if role is not None and per_row else None
        if bench is None:
            return
        median = bench.p50_cny_10k * 10_000
        if basis == "annual" and pay < median / MONTHLY_SUSPECT:
            raise values.ValueProblem(
                f"{values.shown(cell)} a year looks like a monthly figure (the market median for {role} is "
                f"CNY {median:,.0f} a year); if the column holds monthly pay, set roster: {{pay: {{basis: monthly, "
                "months: 13}} with the months paid a year"
            )
        if basis == "monthly" and pay > median * MONTHLY_SUSPECT:
            raise values.ValueProblem(
                f"{values.shown(cell)} a month looks like an annual figure (the market median for {role} is "
                f"CNY {median:,.0f} a year); if the column holds annual pay, set roster: {{pay: {{basis: annual}}}}"
            )

    def _suggestions(self) -> list[tuple[str, str, tuple[int, ...]]]:
        """(title, closest benchmark role, rows) for every title that is not a benchmark role."""
        return [
            (text, _closest(text, self.edition), tuple(rows))
            for text, rows in sorted(self.unknown.items(), key=lambda kv: kv[1][0])
        ]

    def _unknown_titles(self) -> None:
        if not self.unknown:
            return
        lines = []
        for text, closest, rows in self._suggestions():
            where = ", ".join(str(r) for r in rows[:5]) + (f" and {len(rows) - 5} more" if len(rows) > 5 else "")
            lines.append(
                f"        {yaml_key(text)}: {closest}    # the closest benchmark role? "
                f"row{'s' if len(rows) > 1 else ''} {where}"
            )
        count = len(self.unknown)
        self.check.add(
            self.prefix.rstrip(", "),
            f"{count} title{'s are not benchmark roles' if count > 1 else ' is not a benchmark role'}; "
            "add to the profile, checking each role (the closest is filled in; `briefing roles` lists "
            "them all):\n    roster:\n      titles:\n" + "\n".join(lines),
        )

    def report(self, basis, rows_read: int, count: int, **people) -> ImportReport:
        return self._report(basis, rows_read, count, **people)

    def _report(self, basis, rows_read: int, count: int, **people) -> ImportReport:
        basis_name, pay_column, months, months_column = basis
        pay = f"{basis_name}, CNY per person"
        if basis_name == "monthly":
            pay += (
                f", x {months:g} months a year"
                if months
                else f", x the months in column {months_column.letter} ({months_column.header})"
                if months_column
                else ", months a year not given"
            )
        if pay_column is not None and pay_column.multiplier != 1:
            pay += f"; column {pay_column.letter} is in {pay_column.unit} (x {pay_column.multiplier:,})"
        table = self.table
        return ImportReport(
            file=str(self.spec.path),
            format=table.format,
            encoding=table.encoding,
            delimiter=table.delimiter,
            sheet=table.sheet,
            sheets=table.sheets,
            header_row=self.header_row,
            columns=tuple(self.columns),
            pay=pay,
            pay_basis=basis_name,
            pay_months_known=bool(months or months_column),
            rows_read=rows_read,
            lines=count,
            skipped=tuple(self.skipped),
            titles=tuple(self.titles.values()),
            unmatched=tuple(self._suggestions()),
            rows_are=self.rows_are,
            keep_ids=self.spec.keep_ids,
            id_column=self.id_column.letter if self.id_column is not None else None,
            headcount_ignored=self.spec.rows == "people" and "headcount" in self.fields,
            **people,
        )


def rows_text(rows: list[int]) -> str:
    """'row 5', 'rows 5 and 9', 'rows 5, 9 and 12', 'rows 5, 9, ..., 40 and 12 more'."""
    if len(rows) == 1:
        return f"row {rows[0]}"
    if len(rows) <= SHOWN_ROWS_IN_MESSAGE:
        return "rows " + ", ".join(str(r) for r in rows[:-1]) + f" and {rows[-1]}"
    more = len(rows) - SHOWN_ROWS_IN_MESSAGE
    return "rows " + ", ".join(str(r) for r in rows[:SHOWN_ROWS_IN_MESSAGE]) + f" and {more:,} more"


def _value(cells: tuple, index: int) -> object:
    """A cell's value, None when empty or blank (spaces only)."""
    value = cells[index] if index < len(cells) else None
    if isinstance(value, str):
        value = value.strip() or None
    return value


def _tokens(text: str) -> set[str]:
    """Words of a name, and pairs of characters for Chinese (which has no spaces): 大模型 -> 大模, 模型."""
    import re

    folded = fold(text)
    words = set(re.findall(r"[a-z0-9]+", folded))
    for run in re.findall(r"[\u3400-\u9fff]+", folded):
        words |= {run[i : i + 2] for i in range(max(1, len(run) - 1))}
    return words


def _match(word: str, other: str) -> bool:
    """Same word, or one the start of the other (design / designer, infer / inference)."""
    return word == other or (min(len(word), len(other)) >= 4 and (word.startswith(other) or other.startswith(word)))


def _closest(text: str, edition: Edition) -> str:
    """The benchmark role whose names (English, aliases, translations) share the rarest words with `text`.

    A suggestion for a person to check, never applied: words common to many roles ("engineer", 工程)
    weigh little, so "NPU Design Engineer" points to the chip designer, not to the first engineer.
    """
    import difflib
    import math

    bags = {}
    for role in edition.roles:
        names = [role.role, *role.aliases]
        names += [t.names[role.role] for t in edition.texts.values() if role.role in t.names]
        bags[role.role] = (set().union(*(_tokens(n) for n in names)), names)
    count = len(bags)
    words = _tokens(text)

    def weight(word: str) -> float:
        return math.log(1 + count / max(1, sum(1 for bag, _ in bags.values() if any(_match(word, w) for w in bag))))

    def score(role: str) -> tuple[float, float]:
        bag, names = bags[role]
        shared = sum(weight(w) for w in words if any(_match(w, b) for b in bag))
        similar = max(difflib.SequenceMatcher(None, fold(text), fold(n)).ratio() for n in names)
        return shared, similar

    return max((r.role for r in edition.roles), key=score)


def yaml_key(text: str) -> str:
    """A title as a YAML key, quoted when YAML would misread it."""
    import json

    plain = text and not any(ch in text for ch in ":#{}[],&*!|>'\"%@`") and text[0] not in "-?" and text.strip() == text
    return text if plain else json.dumps(text, ensure_ascii=False)
