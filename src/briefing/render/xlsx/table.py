"""A table of role lines laid out by column key: positions, references, USD twins and print blocks.

The per-line sheets (Cost Model, Hiring Plan, Loaded Cost, Scenarios, Transitions) share one shape: a row per
role line in the Cost Model's order, then spare formatted rows an analyst fills in to add a line, then a
totals row. A CNY money column marked `usd` gets a USD twin (its key + "_usd") when the workbook has a rate:
the twins sit after the CNY columns, in the same order and print groups, so a printed page of USD figures
follows the page of the CNY figures they convert.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from xlsxwriter.utility import quote_sheetname, xl_col_to_name

from .style import FIRST_ROW, NOTE_ROW, Styles, a1, note, pack, print_columns, table_sheet

USD_TWIN_GROUP = 100  # twins print after every CNY group


@dataclass(frozen=True)
class Col:
    key: str  # header: xlsx.col.<key>
    kind: str  # cell format kind (style.NUMBER_FORMATS / LOCAL_FORMATS)
    width: float
    group: int = 0  # columns of one group print on the same page
    usd: bool = False  # a CNY column that gets a USD twin
    twin_of: str | None = None


@dataclass
class Table:
    sheet: str
    cols: list[Col]
    rows: int  # role lines written from the analysis
    capacity: int  # rows of the table: the lines and the spare rows
    usd: bool
    index: dict[str, int] = field(init=False)
    names: dict[str, str] = field(init=False)  # column key -> its letters, for the references of every row
    quoted: str = field(init=False)  # the sheet's name as a formula names it

    def __post_init__(self) -> None:
        if self.usd:
            self.cols = self.cols + [
                replace(
                    c,
                    key=f"{c.key}_usd",
                    kind="usd",
                    width=c.width - 1,
                    group=USD_TWIN_GROUP + c.group,
                    usd=False,
                    twin_of=c.key,
                )
                for c in self.cols
                if c.usd
            ]
        self.index = {c.key: i for i, c in enumerate(self.cols)}
        self.names = {key: xl_col_to_name(i) for key, i in self.index.items()}
        self.quoted = quote_sheetname(self.sheet)

    @property
    def first(self) -> int:
        return FIRST_ROW

    @property
    def last(self) -> int:
        """The last row of the table (spare rows included), 0-based."""
        return FIRST_ROW + self.capacity - 1

    @property
    def totals(self) -> int:
        return self.last + 1

    def col(self, key: str) -> int:
        return self.index[key]

    def has(self, key: str) -> bool:
        return key in self.index

    def ref(self, row: int, key: str, sheet: bool = False, fixed_col: bool = False) -> str:
        """A cell of this table; from another sheet with `sheet`; `$D5` with `fixed_col`."""
        name = self.names[key]
        cell = f"${name}{row + 1}" if fixed_col or sheet else f"{name}{row + 1}"
        return f"{self.quoted}!{cell}" if sheet else cell

    def span(self, key: str, sheet: bool = False) -> str:
        """The column `key` over every row of the table, absolute."""
        name = self.names[key]
        cells = f"${name}${self.first + 1}:${name}${self.last + 1}"
        return f"{self.quoted}!{cells}" if sheet else cells

    def total(self, key: str, sheet: bool = False) -> str:
        name = self.names[key]
        cell = f"${name}${self.totals + 1}"
        return f"{self.quoted}!{cell}" if sheet else cell

    def twins(self) -> list[Col]:
        return [c for c in self.cols if c.twin_of]

    def start(
        self,
        workbook,
        styles: Styles,
        title: str,
        note: str,
        firm: str,
        header_lines: int = 2,
        headers: dict[str, str] | None = None,
    ):
        """The sheet with its title, note and header row (`headers` overrides a column's header text)."""
        w = styles.words
        headers = headers or {}
        texts = [headers[c.key] if c.key in headers else w.col(c.key) for c in self.cols]
        ws = table_sheet(
            workbook,
            styles,
            self.sheet,
            title,
            "",
            texts,
            [c.width for c in self.cols],
            firm,
            header_lines=header_lines,
        )
        self.note(ws, styles, NOTE_ROW, note)
        return ws

    def write_twins(
        self, ws, styles: Styles, row: int, values: Mapping[str, object], usd_cny: float | None, total: bool = False
    ) -> None:
        """Each twin: its CNY cell / USD_CNY, or the CNY cell's word ("unknown") or blank as it is.

        `values` are the CNY cells' stored values by key; a key left out is a blank cell (a totals row's
        per-person figures), and so is its twin.
        """
        for c in self.twins():
            col = self.col(c.key)
            if c.twin_of is None or c.twin_of not in values:
                ws.write_blank(row, col, None, styles.cell("text", total=True) if total else styles.cell("usd"))
                continue
            stored = values[c.twin_of]
            value = stored / usd_cny if isinstance(stored, (int, float)) and usd_cny else stored
            cny = a1(row, self.col(c.twin_of))
            ws.write_formula(
                row,
                col,
                f'=IF(ISNUMBER({cny}),{cny}/USD_CNY,IF(ISTEXT({cny}),{cny},""))',
                styles.cell("usd", total=total),
                "" if value is None else value,
            )

    def blocks(self, widths: list[float]) -> list[tuple[int, int]]:
        """Print blocks of whole groups, from column B on."""
        groups: list[tuple[int, int]] = []
        for i, c in enumerate(self.cols[1:], start=1):
            if groups and self.cols[groups[-1][1]].group == c.group:
                groups[-1] = (groups[-1][0], i)
            else:
                groups.append((i, i))
        return pack(widths, groups)

    def first_block_end(self, ws) -> int:
        """The last column of the first printed block: notes wrap within it."""
        return self.blocks(ws.widths)[0][1]

    def note(self, ws, styles: Styles, row: int, text: str) -> None:
        note(ws, styles, row, text, ws.widths, self.first_block_end(ws))

    def print_blocks(self, ws, last_row: int | None = None) -> None:
        """Print blocks of whole groups; the first runs down to `last_row` (default: the note under the totals)."""
        print_columns(ws, self.blocks(ws.widths), last_row or self.totals + 1, table_last_row=self.totals)
