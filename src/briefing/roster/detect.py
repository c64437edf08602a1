"""Finding the header row and which column holds what, from English and Chinese header names."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .package import column_letters

HEADER_SEARCH = 50  # rows searched for the header (title rows, dates and notes come first in HR exports)

# field -> header names, compared after `header_key` (case, spaces, width, brackets and units ignored)
FIELDS: dict[str, tuple[str, ...]] = {
    "role": (
        "Role",
        "Benchmark role",
        "AI role",
        "Role family",
        "Job profile",
        "岗位",
        "岗位名称",
        "对标岗位",
        "基准岗位",
        "岗位类别",
    ),
    "title": (
        "Title",
        "Job title",
        "Business title",
        "Position",
        "Position title",
        "Job name",
        "职位",
        "职位名称",
        "职务",
        "职称",
        "职位头衔",
    ),
    "headcount": (
        "Headcount",
        "HC",
        "Employees",
        "Current headcount",
        "Number of employees",
        "Count",
        "FTE",
        "人数",
        "编制",
        "在职人数",
        "现有人数",
        "员工人数",
        "在岗人数",
        "编制人数",
    ),
    "planned_hires": (
        "Planned hires",
        "Hires",
        "Planned headcount",
        "Openings",
        "Open positions",
        "Open roles",
        "Requisitions",
        "Hiring plan",
        "计划招聘",
        "计划招聘人数",
        "招聘计划",
        "拟招聘",
        "招聘人数",
        "空缺",
        "空缺人数",
        "待招人数",
    ),
    "current_pay": (
        "Current pay",
        "Annual pay",
        "Annual salary",
        "Annual base",
        "Annual base salary",
        "Salary",
        "Base salary",
        "Annual compensation",
        "Total cash",
        "Pay",
        "年薪",
        "年度薪酬",
        "年薪酬",
        "年度总薪酬",
        "年收入",
        "年度薪资",
        "薪酬",
        "年总收入",
    ),
    "monthly_pay": (
        "Monthly pay",
        "Monthly salary",
        "Monthly base",
        "Monthly base salary",
        "月薪",
        "月薪酬",
        "月工资",
        "基本月薪",
        "税前月薪",
        "月度薪资",
    ),
    "pay_months": (
        "Pay months",
        "Months paid",
        "Salary months",
        "Months",
        "薪资月数",
        "薪酬月数",
        "发薪月数",
        "月数",
        "年薪月数",
    ),
}
# Columns recognised so that they can be named in messages, and never read: they identify people.
PERSON: dict[str, tuple[str, ...]] = {
    "employee ID": (
        "Employee ID",
        "Employee number",
        "Emp ID",
        "Employee no",
        "Worker ID",
        "Staff ID",
        "ID",
        "工号",
        "员工编号",
        "员工号",
        "员工ID",
        "人员编号",
    ),
    "name": (
        "Name",
        "Employee name",
        "Full name",
        "Legal name",
        "Worker",
        "Preferred name",
        "姓名",
        "员工姓名",
        "名字",
    ),
    "ID number": (
        "ID number",
        "National ID",
        "ID card",
        "Passport number",
        "身份证号",
        "身份证号码",
        "证件号码",
        "证件号",
        "护照号",
    ),
    "contact": ("Email", "E-mail", "Phone", "Mobile", "手机", "手机号", "电话", "邮箱", "联系方式"),
}
TOTALS = ("total", "totals", "grand total", "subtotal", "sum", "合计", "小计", "总计", "总数", "合計")
_UNIT = re.compile(r"[(\[（【]([^)\]）】]*)[)\]）】]")
_DROP = re.compile(r"[\s_\-.*:：/#]+")
UNITS = {
    "元": 1,
    "cny": 1,
    "rmb": 1,
    "¥": 1,
    "yuan": 1,
    "万": 10_000,
    "万元": 10_000,
    "cny10k": 10_000,
    "10k": 10_000,
    "10kcny": 10_000,
    "rmb10k": 10_000,
    "k": 1_000,
    "千元": 1_000,
    "kcny": 1_000,
    "cnyk": 1_000,
    "千": 1_000,
}


def header_key(text: object) -> tuple[str, str]:
    """(name, unit) of a header cell: `年薪（万元）` -> ('年薪', '万元'); `Pay (CNY)` -> ('pay', 'cny')."""
    if text is None:
        return "", ""
    value = unicodedata.normalize("NFKC", str(text)).casefold().strip()
    units = _UNIT.findall(value)
    name = _DROP.sub("", _UNIT.sub("", value))
    unit = _DROP.sub("", units[-1]) if units else ""
    return name, unit


def _keys(names: tuple[str, ...]) -> set[str]:
    return {header_key(n)[0] for n in names}


_FIELD_KEYS = {f: _keys(names) for f, names in FIELDS.items()}
_PERSON_KEYS = {kind: _keys(names) for kind, names in PERSON.items()}


def known_field(header: object) -> str | None:
    key = header_key(header)[0]
    return next((f for f, keys in _FIELD_KEYS.items() if key in keys), None)


def person_kind(header: object) -> str | None:
    key = header_key(header)[0]
    return next((k for k, keys in _PERSON_KEYS.items() if key in keys), None)


@dataclass(frozen=True)
class Column:
    """One column of the header row and what became of it."""

    index: int  # 0-based
    header: str
    field: str | None  # the field it feeds, or None when ignored
    person: str | None = None  # what it holds when it identifies people (never read)
    unit: str = ""
    letter: str = ""  # as the spreadsheet shows it: A, B, ..., AA

    def __post_init__(self) -> None:
        if not self.letter:
            object.__setattr__(self, "letter", column_letters(self.index + 1))

    @property
    def multiplier(self) -> int:
        return UNITS.get(self.unit, 1)

    def cell(self, row: int, sheet: bool) -> str:
        """How messages name this column's cell in `row`: `cell F7 (年薪)` in a workbook, `column F (年薪)` in text."""
        return f"cell {self.letter}{row} ({self.header})" if sheet else f"column {self.letter} ({self.header})"


def header_text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return " ".join(str(cell).split())


def find_header(rows, explicit: dict[str, str], header_row: int | None = None):
    """The header row's (number, cells): the given row, or the first of the first rows where two known headers match."""
    wanted = {header_key(h)[0] for h in explicit.values()}
    for number, cells in rows:
        if header_row is not None:
            if number == header_row:
                return number, cells
            continue
        if number > HEADER_SEARCH and header_row is None:
            break
        keys = [header_key(c)[0] for c in cells if c is not None]
        hits = sum(
            1
            for k in keys
            if k
            and (k in wanted or any(k in s for s in _FIELD_KEYS.values()) or any(k in s for s in _PERSON_KEYS.values()))
        )
        if hits >= 2:
            return number, cells
    return None


def map_columns(cells, explicit: dict[str, str]) -> tuple[list[Column], list[tuple[str, str]]]:
    """Columns of the header row and the problems found: (where, message) for two columns given one field, etc."""
    problems: list[tuple[str, str]] = []
    by_header = {header_key(h)[0]: f for f, h in explicit.items()}
    columns: list[Column] = []
    taken: dict[str, Column] = {}
    for i, cell in enumerate(cells):
        text = header_text(cell)
        if not text:
            continue
        key, unit = header_key(text)
        field = by_header.get(key)
        if field is None and (auto := known_field(text)) not in explicit:
            field = auto  # a field named in roster.columns is taken from that column only
        person = person_kind(text) if field is None else None
        column = Column(i, text, field, person, unit)
        if field is not None and field in taken:
            first = taken[field]
            problems.append(
                (
                    f"columns {first.letter} and {column.letter}",
                    f"{first.header!r} and {text!r} both give {field.replace('_', ' ')}; keep one, or say "
                    f"which with roster.columns.{field}",
                )
            )
            column = Column(i, text, None, None, unit)
        elif field is not None:
            taken[field] = column
        columns.append(column)
    for field, header in explicit.items():
        if field not in taken:
            found = ", ".join(repr(c.header) for c in columns)
            problems.append(
                (
                    "header row",
                    f"roster.columns.{field} names the column {header!r}, which the header "
                    f"row does not have; its columns: {found}",
                )
            )
    return columns, problems


_TOTALS = {header_key(t)[0] for t in TOTALS}
_TOTALS_START = {t[0] for t in _TOTALS}


def is_totals(cells) -> bool:
    """Whether a row is a totals row by its label: its first non-empty cell says Total, 合计, 小计 or 总计."""
    first = cells[0] if cells and cells[0] is not None else next((c for c in cells if not blank(c)), None)
    if not isinstance(first, str) or len(first) > 40 or first.strip()[0].casefold() not in _TOTALS_START:
        return False
    text = header_key(first)[0]  # "Total (CNY):" -> "total"; "Total Rewards" stays "totalrewards", a real line
    return text in _TOTALS or text.startswith(("合计", "总计", "小计"))


def blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
