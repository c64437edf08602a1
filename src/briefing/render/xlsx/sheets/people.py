"""The `People` sheet (a roster of people only): one row per person, by key, with live formulas.

Target by INDEX/MATCH on the Benchmark sheet (per TargetPercentile, or the row's own percentile when one is
typed), compa-ratio, position, gap and cost to close. The Cost Model's role lines of people read this sheet
(COUNTIF, SUMIF), so a changed pay moves the Cost Model's totals. No name or ID number is ever written; the
client's employee IDs only with roster.keep_ids.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from xlsxwriter.utility import xl_rowcol_to_cell_fast
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import CellBlankTuple, CellFormulaTuple, CellNumberTuple, CellStringTuple

from ....analysis import Analysis
from ..book import Sheet
from ..style import FIRST_ROW, Styles, Words, a1, col_range, fit_width, header_width, money_width, table_sheet
from .assumptions import PERCENTILES
from .benchmark import B_P50, B_P75, benchmark_lookup

COLUMNS = [
    "key",
    "role",
    "person_title",
    "current_pay",
    "person_percentile",
    "p50",
    "target",
    "compa_ratio",
    "gap",
    "cost_to_close",
    "roster_row",
]
(KEY, ROLE, TITLE, PAY, PERCENTILE, P50, TARGET, COMPA, GAP, CLOSE, ROW) = range(11)
EMPLOYEE_ID = ROW + 1  # with roster.keep_ids only
# The formulas of a row, by their cells' letters ({r}: the row's number); P75 is looked up inside the target.
_P50 = "=INDEX({p50s},MATCH($B{{r}},{roles},0))"
_TARGET = '=IF(IF(E{{r}}="",TargetPercentile,E{{r}})=PctP50,F{{r}},INDEX({p75s},MATCH($B{{r}},{roles},0)))'
_COMPA = '=IF(ISNUMBER(D{r}),D{r}/F{r},"")'
_GAP = '=IF(ISNUMBER(D{r}),G{r}-D{r},"")'
_CLOSE = '=IF(ISNUMBER(D{r}),MAX(0,I{r}),"")'


class FastRows(Sheet):
    """A worksheet for 100,000 rows of five formulas: the file XlsxWriter writes, in less time.

    XlsxWriter checks every cell it is given (bounds, string length, some thirty regular expressions over each
    formula to prefix newer functions) and, writing the file, builds each cell's attributes as a list of pairs
    escaped one by one. Here a row of cells of known kinds is stored in one step (`put_row`: the formulas come
    from templates checked once to need no prefix) and numbers, shared strings and formulas with a number or an
    empty result are written in one step; anything else goes through XlsxWriter. The bytes are the same:
    tests/test_people.py compares the sheet with XlsxWriter's own writing (`FAST = False`).
    """

    def text(self, value: str, fmt) -> tuple | None:
        """A shared-string cell, or None for a text long enough that XlsxWriter would check its length."""
        if len(value) > self.xls_strmax // 2:
            return None
        return CellStringTuple(self.str_table._get_shared_string_index(value), fmt)

    def put_row(self, row: int, cells: dict[int, tuple]) -> None:
        """Store one row's cells (column -> cell), its bounds checked as each write_* would."""
        if self.constant_memory or self._check_dimensions(row, min(cells)) or self._check_dimensions(row, max(cells)):
            raise ValueError(f"row {row} cannot be stored in one step")
        self.table[row].update(cells)

    def _write_cell(self, row, col, cell):
        kind = cell.__class__.__name__
        xf = cell.format._get_xf_index() if cell.format is not None else None
        if xf is None or kind not in ("Number", "String", "Formula"):
            return super()._write_cell(row, col, cell)
        ref = xl_rowcol_to_cell_fast(row, col)
        if kind == "Number":
            self.fh.write(f'<c r="{ref}" s="{xf}"><v>{cell.number:.16G}</v></c>')
        elif kind == "String":
            self.fh.write(f'<c r="{ref}" s="{xf}" t="s"><v>{cell.string}</v></c>')
        elif (isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool)) or cell.value == "":
            self.fh.write(f'<c r="{ref}" s="{xf}"><f>{self._escape_data(cell.formula)}</f><v>{cell.value}</v></c>')
        else:
            super()._write_cell(row, col, cell)


FAST = True  # False: every cell through XlsxWriter's public write_* methods (the tests compare the two)


_NEWER = re.compile(
    r"\b(?:ANCHORARRAY|BYCOL|BYROW|CHOOSECOLS|CHOOSEROWS|DROP|EXPAND|FILTER|HSTACK|LAMBDA|"
    r"MAKEARRAY|MAP|RANDARRAY|REDUCE|SCAN|SINGLE|SEQUENCE|SORT|SORTBY|SWITCH|TAKE|TEXTSPLIT|TOCOL|"
    r"TOROW|UNIQUE|VSTACK|WRAPCOLS|WRAPROWS|XLOOKUP|_xlfn)\b|^\{"
)


@dataclass(frozen=True)
class PeopleLayout:
    """Where the People sheet keeps what the Cost Model sums: ranges of roles, pay and cost to close."""

    sheet: str
    rows: int

    def range(self, col: int) -> str:
        return col_range(self.sheet, col, FIRST_ROW, FIRST_ROW + self.rows - 1)

    def count(self, key: str) -> str:
        """People of the role named in cell `key`."""
        return f"COUNTIF({self.range(ROLE)},{key})"

    def paid(self, key: str) -> str:
        """People of the role in `key` whose pay is given."""
        return f'COUNTIFS({self.range(ROLE)},{key},{self.range(PAY)},">0")'

    def sum(self, key: str, col: int) -> str:
        return f"SUMIF({self.range(ROLE)},{key},{self.range(col)})"

    def _paid(self, key: str) -> str:
        """1 for each person of the role in `key` whose pay is given, else 0 (an array inside SUMPRODUCT)."""
        return f"({self.range(ROLE)}={key})*ISNUMBER({self.range(PAY)})"

    def raises(self, key: str, target: str) -> str:
        """The raises that bring each person of the role in `key` paid below `target` (one pay for all) up to it."""
        pay = self.range(PAY)
        return f"SUMPRODUCT({self._paid(key)}*({target}>{pay})*({target}-{pay}))"

    def raise_oncosts(self, key: str, target: str | None = None) -> str:
        """Employer on-costs of those raises, a full year, person by person: OnCostRate x (the contribution base of
        the target - that of the pay) x months, the base being the monthly pay up to OnCostCap. `target`: one pay
        for all (a scenario), or None for each person's own target (the People sheet's)."""
        pay = self.range(PAY)
        to = target or self.range(TARGET)

        def base(annual: str) -> str:  # elementwise, as SUMPRODUCT needs: no MIN over an array
            monthly = f"{annual}/MonthsPerYear"
            return f"({monthly}-({monthly}>OnCostCap)*({monthly}-OnCostCap))"

        capped = f"SUMPRODUCT({self._paid(key)}*({to}>{pay})*({base(to)}-{base(pay)}))"
        whole = f"SUMPRODUCT({self._paid(key)}*({to}>{pay})*({to}-{pay}))/MonthsPerYear"
        return f"OnCostRate*MonthsPerYear*IF(ISNUMBER(OnCostCap),{capped},{whole})"


def people_layout(a: Analysis, w: Words) -> PeopleLayout | None:
    return PeopleLayout(w.sheet("people"), len(a.people.persons)) if a.people is not None else None


def write(workbook: Workbook, styles: Styles, a: Analysis, firm: str) -> None:
    if a.people is None:  # role lines: the Cost Model holds them, there is no one to list
        return
    w = styles.words
    people = a.people.persons
    keep_ids = a.people.keep_ids
    headers = [w.col(c) for c in COLUMNS] + ([w.col("employee_id")] if keep_ids else [])
    sample = people[:2000]  # widths from the first rows: enough to size a column, cheap for 100,000
    pay_width = money_width(w, [p.current_pay_cny for p in sample] + [p.p75_cny for p in sample])
    roles = {w.name(p.role) for p in people}
    widths = [
        10,
        fit_width(roles, 16, 30),
        fit_width({p.title or "" for p in sample}, 12, 30),
        pay_width,
        11,
        pay_width,
        pay_width,
        10,
        pay_width,
        pay_width,
        9,
    ] + ([fit_width((p.employee_id or "" for p in sample), 12, 24)] if keep_ids else [])
    ws = table_sheet(
        workbook,
        styles,
        w.sheet("people"),
        w("people.title"),
        w("people.note", percentile=a.target_percentile),
        headers,
        widths,
        firm,
        FastRows,
    )
    f = _Formats(styles)
    # an empty input cell takes its column's format: the unlocked, shaded look of an input, without a cell
    ws.set_column(PERCENTILE, PERCENTILE, max(widths[PERCENTILE], header_width(headers[PERCENTILE])), f.percentile)
    bench = benchmark_lookup(a, w)
    keys = col_range(bench.sheet, bench.key_col, bench.first, bench.last)
    p50 = _P50.format(p50s=col_range(bench.sheet, B_P50, bench.first, bench.last), roles=keys)
    target = _TARGET.format(p75s=col_range(bench.sheet, B_P75, bench.first, bench.last), roles=keys)
    name = {role: w.name(role) for role in {p.role for p in people}}
    templates = (p50, target, _COMPA, _GAP, _CLOSE)
    if FAST and isinstance(ws, FastRows) and not any(_NEWER.search(t) for t in templates):
        _fast_rows(ws, f, people, name, templates, keep_ids)
    else:
        _rows(ws, f, people, name, templates, keep_ids)
    first, last = FIRST_ROW, FIRST_ROW + len(people) - 1
    ws.data_validation(
        first,
        PAY,
        last,
        PAY,
        {
            "validate": "decimal",
            "criteria": ">",
            "value": 0,
            "ignore_blank": True,
            "error_message": w("cost_model.pay_error"),
        },
    )
    ws.data_validation(
        first,
        PERCENTILE,
        last,
        PERCENTILE,
        {
            "validate": "list",
            "source": PERCENTILES,
            "ignore_blank": True,
            "error_message": w("people.percentile_error"),
            "input_title": w.col("person_percentile"),
            "input_message": w("people.percentile_prompt"),
        },
    )
    below = f"AND(ISNUMBER(${a1(first, PAY)}),${a1(first, PAY)}<${a1(first, TARGET)})"
    ws.conditional_format(
        first, PAY, last, PAY, {"type": "formula", "criteria": f"={below}", "format": styles.below_target}
    )
    ws.autofilter(FIRST_ROW - 1, 0, last, len(headers) - 1)


def _rows(ws, f: _Formats, people, name: dict[str, str], templates: tuple[str, ...], keep_ids: bool) -> None:
    """One row per person through XlsxWriter's write_* methods: inputs as values (pay; each person's own
    percentile is an empty input), every figure a formula storing the analysis's value; a pay not given is
    blank, so every figure of the row is blank and the Cost Model leaves it out."""
    p50, target, compa, gap, close = templates
    for row, p in enumerate(people, FIRST_ROW):
        r = row + 1
        ws.write_string(row, KEY, p.key, f.text)
        ws.write_string(row, ROLE, name[p.role], f.text)
        if p.title:
            ws.write_string(row, TITLE, p.title, f.text)
        if p.current_pay_cny is not None:
            ws.write_number(row, PAY, p.current_pay_cny, f.pay)
        else:
            ws.write_blank(row, PAY, None, f.pay)
        ws.write_formula(row, P50, p50.format(r=r), f.money, p.p50_cny)
        ws.write_formula(row, TARGET, target.format(r=r), f.money, p.target_cny)
        ws.write_formula(row, COMPA, compa.format(r=r), f.pct, _blank_or(p.compa_ratio))
        ws.write_formula(row, GAP, gap.format(r=r), f.money, _blank_or(p.gap_cny))
        ws.write_formula(row, CLOSE, close.format(r=r), f.money, _blank_or(p.cost_to_close_cny))
        ws.write_number(row, ROW, p.row, f.int)
        if keep_ids and p.employee_id:
            ws.write_string(row, EMPLOYEE_ID, p.employee_id, f.muted)


def _fast_rows(
    ws: FastRows, f: _Formats, people, name: dict[str, str], templates: tuple[str, ...], keep_ids: bool
) -> None:
    """The same rows as `_rows`, each stored in one step (see FastRows)."""
    p50, target, compa, gap, close = (t.removeprefix("=") for t in templates)
    for row, p in enumerate(people, FIRST_ROW):
        r = row + 1
        pay = p.current_pay_cny
        cells = {
            KEY: ws.text(p.key, f.text),
            ROLE: ws.text(name[p.role], f.text),
            PAY: CellNumberTuple(pay, f.pay) if pay is not None else CellBlankTuple(f.pay),
            P50: CellFormulaTuple(p50.format(r=r), f.money, p.p50_cny),
            TARGET: CellFormulaTuple(target.format(r=r), f.money, p.target_cny),
            COMPA: CellFormulaTuple(compa.format(r=r), f.pct, _blank_or(p.compa_ratio)),
            GAP: CellFormulaTuple(gap.format(r=r), f.money, _blank_or(p.gap_cny)),
            CLOSE: CellFormulaTuple(close.format(r=r), f.money, _blank_or(p.cost_to_close_cny)),
            ROW: CellNumberTuple(p.row, f.int),
        }
        if p.title:
            cells[TITLE] = ws.text(p.title, f.text)
        if keep_ids and p.employee_id:
            cells[EMPLOYEE_ID] = ws.text(p.employee_id, f.muted)
        if None in cells.values():  # a text too long for one step: XlsxWriter checks (and cuts) it
            cells = {col: cell for col, cell in cells.items() if cell is not None}
            ws.put_row(row, cells)
            for col, text in ((TITLE, p.title), (EMPLOYEE_ID, p.employee_id if keep_ids else None)):
                if text and col not in cells:
                    ws.write_string(row, col, text, f.text if col == TITLE else f.muted)
            continue
        ws.put_row(row, cells)


class _Formats:
    """The cell formats of a People row, looked up once (a roster of people can have 100,000 rows)."""

    def __init__(self, styles: Styles):
        self.text = styles.cell("text")
        self.muted = styles.cell("text", muted=True)
        self.money = styles.cell("cny")
        self.pay = styles.cell("cny", input=True)
        self.percentile = styles.cell("num", input=True)
        self.pct = styles.cell("pct")
        self.int = styles.cell("int", muted=True)


def _blank_or(value: float | None) -> float | str:
    return "" if value is None else value
