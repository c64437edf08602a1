"""Rosters as HR systems export them: one roster in five forms reads to the same lines; the import report;
the roster: section; init --from-roster; pay as people write it; and the bounds (bombs, pipes, limits)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.checks import Checker
from briefing.cli import main
from briefing.models import RoleEntry
from briefing.rolelines import MAX_ROLE_LINES
from briefing.roster import read_roster, spec_for_file
from briefing.roster.values import ValueProblem, amount

ROSTERS = Path(__file__).parent / "fixtures" / "rosters"
BAD_FILES = Path(__file__).parent / "fixtures" / "bad" / "files"
FORMS = ["workday.xlsx", "workday.xls", "workday.ods", "beisen.csv", "unicode-text.txt"]

# the roster as the client's HR system holds it, written out by hand
EXPECTED = (
    RoleEntry("LLM Training Engineer", "Senior LLM Engineer", 4, 2, 1_100_000),
    RoleEntry("LLM Training Engineer", "LLM Engineer", 6, 3, 880_000),
    RoleEntry("AI Inference Engineer", "Inference Engineer", 5, 1, 760_000),
    RoleEntry("AI Chip Designer (HiSilicon)", "NPU Design Engineer", 3, 2, 900_000),
    RoleEntry("Compiler/Kernel Engineer", "编译器工程师", 2, 1, None),
    RoleEntry("AI Product Manager (LLM)", "AI产品经理", 1, 0, 700_000),
)


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def read(path: Path, edition, **spec):
    check = Checker(str(path))
    imported = read_roster(check, spec_for_file(path, **spec), edition)
    return imported, check.problems


@pytest.mark.parametrize("form", FORMS)
def test_the_same_roster_in_every_form_reads_to_the_same_lines(form, edition):
    imported, problems = read(ROSTERS / form, edition)
    assert problems == []
    assert imported.lines == EXPECTED


def test_workday_export_report(edition):
    """Cover sheet first, two merged title rows, three extra columns, a blank row, a =SUM totals row."""
    imported, _ = read(ROSTERS / "workday.xlsx", edition)
    report = imported.report
    assert (report.format, report.sheet, report.sheets) == ("xlsx", "Headcount Plan", ("Summary", "Headcount Plan"))
    assert report.header_row == 4
    assert {c.header: c.field for c in report.columns} == {
        "Cost Center": None,
        "Benchmark Role": "role",
        "Business Title": "title",
        "Job Level": None,
        "部门": None,
        "Headcount": "headcount",
        "Planned Hires": "planned_hires",
        "Annual Base Salary (CNY)": "current_pay",
    }
    assert report.skipped == (
        (1, "above the header row"),
        (2, "above the header row"),
        (8, "blank"),
        (12, "totals row"),
    )
    assert (report.rows_read, report.lines) == (8, 6)


def test_beisen_export_report(edition):
    imported, _ = read(ROSTERS / "beisen.csv", edition)
    report = imported.report
    assert (report.encoding, report.delimiter, report.header_row) == ("GB18030 (GBK)", "comma", 3)
    assert [(c.letter, c.field) for c in report.columns if c.field] == [
        ("C", "role"),
        ("D", "title"),
        ("F", "headcount"),
        ("G", "planned_hires"),
        ("H", "current_pay"),
    ]
    assert ("大模型训练工程师", "LLM Training Engineer", "Chinese name") in report.titles
    assert (7, "blank") in report.skipped and (11, "totals row") in report.skipped


def test_unread_columns_never_leave_the_reader(edition):
    for form in FORMS:
        imported, _ = read(ROSTERS / form, edition)
        held = repr(imported.lines)
        for private in ("CC-4100", "大模型平台部", "P7", "待定薪"):
            assert private not in held


def test_briefing_roster_prints_the_import(tmp_path):
    result = run("roster", ROSTERS / "workday.xlsx")
    assert result.exit_code == 0, result.output
    for line in [
        "format:      Excel workbook (.xlsx)",
        "sheet:       'Headcount Plan' (also in the file: 'Summary')",
        "header row:  4",
        "  A   Cost Center               -> not read",
        "  H   Annual Base Salary (CNY)  -> current pay",
        "rows read:   8 below the header; 6 role lines",
        "  above the header row: rows 1-2",
        "  blank: row 8",
        "  totals row: row 12",
        "  AI Chip Designer (HiSilicon)  -> AI Chip Designer (HiSilicon) (benchmark name)",
    ]:
        assert line in result.output
    result = run("roster", ROSTERS / "unicode-text.txt")
    assert "encoding:    UTF-16 LE with BOM, tab-separated" in result.output


def test_briefing_roster_with_a_sheet_and_a_header_row():
    result = run("roster", ROSTERS / "workday.xlsx", "--sheet", "2", "--header-row", "4")
    assert result.exit_code == 0 and "sheet:       'Headcount Plan'" in result.output
    result = run("roster", ROSTERS / "workday.xlsx", "--sheet", "Payroll")
    assert result.exit_code == 2
    assert "workday.xlsx: sheet: has no sheet 'Payroll'; its sheets: 'Summary', 'Headcount Plan'" in result.output
    assert "invalid roster (1 problem)" in result.output


def test_roster_section_with_titles_and_chinese_names(tmp_path):
    (tmp_path / "exports").mkdir()
    (tmp_path / "exports" / "hr.csv").write_text(
        "职位名称,人数,计划招聘,年薪(万元)\nNPU Design Engineer,3,2,90\n"
        "算法工程师-大模型,6,3,88\nAI推理工程师,5,1,76\n",
        encoding="utf-8",
    )
    profile = tmp_path / "p.yaml"
    profile.write_text(
        "client: {name: Acme, employer_type: domestic}\n"
        "roster:\n  file: exports/hr.csv\n  titles:\n"
        "    NPU Design Engineer: AI芯片设计工程师（海思）\n"
        "    算法工程师-大模型: LLM Training Engineer\n",
        encoding="utf-8",
    )
    result = run("analyze", profile, "--json")
    assert result.exit_code == 0, result.output
    roles = [(r["role"], r["label"], r["headcount"], r["current_pay_cny"]) for r in json.loads(result.stdout)["roles"]]
    assert roles == [
        ("AI Chip Designer (HiSilicon)", "NPU Design Engineer", 3, 900_000),
        ("LLM Training Engineer", "算法工程师-大模型", 6, 880_000),
        ("AI Inference Engineer", "AI推理工程师", 5, 760_000),
    ]
    report = run("roster", profile)
    assert "  NPU Design Engineer  -> AI Chip Designer (HiSilicon) (roster.titles)" in report.output
    assert "  D   年薪(万元)  -> current pay (x 10,000: 万元)" in report.output
    assert "pay:         annual, CNY per person; column D is in 万元 (x 10,000)" in report.output


def test_monthly_pay_with_months(tmp_path, edition):
    (tmp_path / "r.csv").write_text(
        "岗位,人数,月薪,薪资月数\n大模型训练工程师,4,85000,14\nAI推理工程师,5,62000,13\n", encoding="utf-8"
    )
    imported, problems = read(tmp_path / "r.csv", edition)
    assert problems == []
    assert [(e.role, e.current_pay) for e in imported.lines] == [
        ("LLM Training Engineer", 85_000 * 14),
        ("AI Inference Engineer", 62_000 * 13),
    ]
    profile = tmp_path / "p.yaml"
    (tmp_path / "s.csv").write_text('岗位,人数,月薪\n大模型训练工程师,4,"85,000"\n', encoding="utf-8")
    profile.write_text(
        "client: {name: Acme, employer_type: domestic}\nroster: {file: s.csv, pay: {basis: monthly, months: 13}}\n",
        encoding="utf-8",
    )
    result = run("analyze", profile, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["roles"][0]["current_pay_cny"] == 85_000 * 13


@pytest.mark.parametrize(
    "cell, unit, expected",
    [
        (1_100_000, 1, 1_100_000),
        (1_100_000.0, 1, 1_100_000),
        ("1,100,000", 1, 1_100_000),
        ("¥1,100,000", 1, 1_100_000),
        ("￥1,100,000", 1, 1_100_000),
        ("110万", 1, 1_100_000),
        ("110万元", 1, 1_100_000),
        ("1100k", 1, 1_100_000),
        ("1100K", 1, 1_100_000),
        ("110w", 1, 1_100_000),
        ("１１０万", 1, 1_100_000),
        ("RMB 1,100,000", 1, 1_100_000),
        ("1100000元/年", 1, 1_100_000),
        (110, 10_000, 1_100_000),
        ("110", 10_000, 1_100_000),
        ("110万", 10_000, 1_100_000),
        ("", 1, None),
    ],
)
def test_pay_as_people_write_it(cell, unit, expected):
    assert amount(cell, unit) == expected


@pytest.mark.parametrize(
    "cell, message",
    [
        ("45k-50k", "is a range"),
        ("40~50万", "is a range"),
        ("about 45万", "expected an amount"),
        ("USD 100k", "expected an amount"),
        ("-800000", "positive"),
        (-800000, "positive"),
        ("1.1.2026", "expected"),
        (True, "expected an amount"),
    ],
)
def test_pay_that_is_refused(cell, message):
    with pytest.raises(ValueProblem, match=message):
        amount(cell)


def test_init_from_roster_writes_a_profile_that_validates(tmp_path):
    path = tmp_path / "client.yaml"
    result = run("init", path, "--from-roster", ROSTERS / "workday.xlsx")
    assert result.exit_code == 0, result.output
    text = path.read_text(encoding="utf-8")
    for line in [
        "roster:",
        "  sheet: Headcount Plan",
        "  header_row: 4",
        "    role: Benchmark Role",
        "    current_pay: Annual Base Salary (CNY)",
        "  # not read: Cost Center, Job Level, 部门",
    ]:
        assert line in text
    assert "\nroles:" not in text
    result = run("validate", path)
    assert result.exit_code == 0, result.output
    assert "6 role line(s)" in result.output


def test_init_from_roster_suggests_titles_as_comments(tmp_path):
    roster = BAD_FILES / "roster-titles.csv"
    path = tmp_path / "client.yaml"
    assert run("init", path, "--from-roster", roster).exit_code == 0
    text = path.read_text(encoding="utf-8")
    assert "    # NPU Design Engineer: AI Chip Designer (HiSilicon)" in text
    assert "    # 算法工程师-大模型: LLM Training Engineer" in text
    result = run("validate", path)  # the suggestions wait for a person to check them
    assert result.exit_code == 2 and "3 titles are not benchmark roles" in result.output
    text = text.replace("    # NPU Design Engineer:", "    NPU Design Engineer:").replace(
        "    # 算法工程师-大模型:", "    算法工程师-大模型:"
    )
    text = text.replace("    # NPU Design Engineer II:", "    NPU Design Engineer II:")
    path.write_text(text, encoding="utf-8")
    result = run("validate", path)
    assert result.exit_code == 0, result.output


def test_chinese_role_names_in_inline_roles(tmp_path):
    profile = tmp_path / "p.yaml"
    profile.write_text(
        "client: {name: Acme, employer_type: domestic}\nroles:\n"
        "  - {role: 大模型训练工程师, headcount: 2, current_pay: 1100000}\n"
        "  - {role: AI产品经理(大模型), headcount: 1}\n",
        encoding="utf-8",
    )
    result = run("analyze", profile, "--json")
    assert result.exit_code == 0, result.output
    assert [r["role"] for r in json.loads(result.stdout)["roles"]] == [
        "LLM Training Engineer",
        "AI Product Manager (LLM)",
    ]


def test_per_person_rows_with_a_headcount_are_read_and_names_stay_out(tmp_path, edition):
    (tmp_path / "people.csv").write_text(
        "工号,姓名,岗位,职位名称,人数,年薪(元)\n"
        "E1001,张伟,大模型训练工程师,算法专家,1,1200000\n"
        "E1002,李娜,AI推理工程师,推理工程师,1,760000\n",
        encoding="utf-8",
    )
    imported, problems = read(tmp_path / "people.csv", edition)
    assert problems == []
    assert imported.lines == ()  # an employee ID column: one person per row, the 1s agree
    assert [(p.key, p.role, p.title, p.current_pay, p.row) for p in imported.people] == [
        ("P-0001", "LLM Training Engineer", "算法专家", 1_200_000, 2),
        ("P-0002", "AI Inference Engineer", "推理工程师", 760_000, 3),
    ]
    assert "张伟" not in repr(imported) and "E1001" not in repr(imported)
    assert [(c.header, c.person) for c in imported.report.columns if c.person] == [
        ("工号", "employee ID"),
        ("姓名", "name"),
    ]


# --- limits: one for role lines whatever the door, and the reader's own -----------------------------


def test_one_role_line_limit_for_inline_roles_and_rosters(tmp_path):
    count = MAX_ROLE_LINES + 1
    inline = tmp_path / "inline.yaml"
    inline.write_text(
        "client: {name: Acme, employer_type: foreign}\nroles:\n"
        + "".join(f"  - {{role: LLM Training Engineer, title: Title {i}}}\n" for i in range(count)),
        encoding="utf-8",
    )
    (tmp_path / "r.csv").write_text(
        "Role,Title,Headcount\n" + "".join(f"LLM Training Engineer,Title {i},1\n" for i in range(count)),
        encoding="utf-8",
    )
    roster = tmp_path / "roster.yaml"
    roster.write_text("client: {name: Acme, employer_type: foreign}\nroles_file: r.csv\n", encoding="utf-8")
    for profile, where in ((inline, "roles: "), (roster, "r.csv: ")):
        result = run("validate", profile)
        assert result.exit_code == 2
        assert f"{where}gives {count:,} role lines; the limit is {MAX_ROLE_LINES:,} role lines" in result.output


def test_more_than_a_million_rows_is_refused(tmp_path, edition):
    path = tmp_path / "big.csv"
    path.write_bytes(b"Role,Headcount\n" + b"x,1\n" * 1_000_000)
    _, problems = read(path, edition)
    assert [p.message for p in problems] == ["has more than 1,000,000 rows; the limit is 1,000,000"]


def _xlsx(path: Path, sheet_xml: bytes, shared: bytes | None = None) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Role", "Headcount"])
    book.save(path)
    with zipfile.ZipFile(path) as whole:
        parts = {n: whole.read(n) for n in whole.namelist()}
    parts["xl/worksheets/sheet1.xml"] = sheet_xml
    if shared is not None:
        parts["xl/sharedStrings.xml"] = shared
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            out.writestr(name, data)


_SHEET = (
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="%s"/>'
    b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Role</t></is></c><c r="B1" t="inlineStr"><is>'
    b'<t>Headcount</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>LLM Training Engineer</t></is>'
    b'</c><c r="B2"><v>4</v></c></row>%s</sheetData></worksheet>'
)


_PEAK = (
    "import atexit, sys\n"
    "def peak():\n"
    "    with open('/proc/self/status') as status:\n"
    "        sys.stderr.write('\\npeak-kb ' + next(l for l in status if l.startswith('VmHWM')).split()[1])\n"
    "atexit.register(peak)\n"
    "from briefing.cli import main\n"
    "main()\n"
)


def _peak(args: list[str]) -> tuple[int, str, float]:
    """(exit status, stderr, peak RSS in MB) of `briefing ARGS` in a process of its own.

    The peak is the process's own high-water mark (VmHWM), read as it exits: getrusage would count the
    memory of the test process that forked it.
    """
    if not Path("/proc/self/status").exists():
        pytest.skip("needs /proc to measure memory")
    proc = subprocess.run([sys.executable, "-c", _PEAK, *args], capture_output=True, text=True, check=False)
    err, _, peak = proc.stderr.rpartition("\npeak-kb ")
    return proc.returncode, err, int(peak) / 1024


def _briefing_roster(path: Path) -> list[str]:
    return ["roster", str(path)]


def test_a_declared_dimension_is_not_trusted(tmp_path):
    """<dimension ref="A1:XFD1048576"/> on a small sheet: read as the two rows it holds, at low memory."""
    path = tmp_path / "dimension.xlsx"
    _xlsx(path, _SHEET % (b"A1:XFD1048576", b""))
    assert path.stat().st_size < 10_000
    status, err, peak = _peak(_briefing_roster(path))
    assert status == 0, err
    assert peak < 200


def test_cells_far_apart_are_refused_before_the_parser_allocates(tmp_path):
    path = tmp_path / "sparse.xlsx"
    _xlsx(path, _SHEET % (b"A1:B2", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'))
    status, err, peak = _peak(_briefing_roster(path))
    assert status == 2
    assert "sheet 'Sheet' has cells down to row 1,048,576; the limit is 1,000,000 rows" in err
    _xlsx(path, _SHEET % (b"A1:B2", b'<row r="900000"><c r="ZZ900000"><v>1</v></c></row>'))
    status, err, peak = _peak(_briefing_roster(path))
    assert status == 2 and "sheet 'Sheet' spans A1:ZZ900000 (631,800,000 cells); the limit is 10,000,000" in err
    assert peak < 200


def _bomb_strings(size: int) -> bytes:
    """A sharedStrings part of `size` bytes, as one deflate stream (about 1 MB per GiB)."""
    head = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>'
    tail = b"</t></si></sst>"
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = b"A" * (1 << 20)
    whole, part = divmod(size - len(head) - len(tail), len(chunk))
    # A full flush empties the compressor's history, so every whole chunk after one compresses to the same
    # bytes: compressed once and repeated, the stream is built in milliseconds instead of deflating a GiB.
    out = [compressor.compress(head), compressor.flush(zlib.Z_FULL_FLUSH)]
    out.append((compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)) * whole)
    out.append(compressor.compress(chunk[:part]))
    out.append(compressor.compress(tail))
    out.append(compressor.flush())
    return b"".join(out)


def _zip_with_raw_part(path: Path, name: str, raw: bytes, declared: int, crc: int) -> None:
    """Add a part whose deflate stream is given raw, declaring `declared` bytes (honestly or not)."""
    with zipfile.ZipFile(path, "a") as book:
        info = zipfile.ZipInfo(name, date_time=(2026, 11, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        info.file_size, info.compress_size, info.CRC = declared, len(raw), crc
        info.header_offset = book.fp.tell()
        book.fp.write(info.FileHeader(zip64=False))
        book.fp.write(raw)
        book.start_dir = book.fp.tell()  # the central directory goes after the part
        book.filelist.append(info)
        book.NameToInfo[name] = info
        book._didModify = True


def test_shared_strings_bomb_is_refused_before_inflating(tmp_path):
    """A ~1 MB workbook whose shared strings expand to 1 GiB: refused from its sizes, at low memory."""
    size = 1 << 30
    raw = _bomb_strings(size)
    assert len(raw) < 1_200_000
    small = 200_000_000  # under the size limit, over the ratio limit
    cases = (
        (raw, size, "expands to more than 256,000,000 bytes when unzipped (a zip bomb?)"),
        (raw, 4_000, "part xl/sharedStrings.xml declares 4,000 bytes but holds"),
        (_bomb_strings(small), small, "part xl/sharedStrings.xml expands 1,0"),
    )
    for raw, declared, expected in cases:
        path = tmp_path / f"bomb-{declared}.xlsx"
        _xlsx(path, _SHEET % (b"A1:B2", b""))
        with zipfile.ZipFile(path) as book:
            parts = {n: book.read(n) for n in book.namelist()}
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
            for name, data in parts.items():
                book.writestr(name, data)
        _zip_with_raw_part(path, "xl/sharedStrings.xml", raw, declared, 0)
        assert path.stat().st_size < 1_200_000  # 1 MB for 1 GiB, as in the report
        status, err, peak = _peak(_briefing_roster(path))
        assert status == 2, err
        assert expected in err
        assert "Traceback" not in err
        assert peak < 200


def test_many_cells_sharing_one_long_string_are_refused(tmp_path, edition):
    """Shared strings are copied into every cell that uses them: 60,000 cells x 20 KB is 1.2 GB once read."""
    shared = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>'
        + b"A" * 20_000
        + b"</t></si></sst>"
    )
    rows = b"".join(b'<row r="%d"><c r="A%d" t="s"><v>0</v></c></row>' % (i, i) for i in range(3, 60_003))
    path = tmp_path / "copies.xlsx"
    _xlsx(path, _SHEET % (b"A1:B60002", rows), shared)
    assert path.stat().st_size < 1_000_000
    _, problems = read(path, edition)
    assert len(problems) == 1
    assert "bytes of text once read (a zip bomb?); the limit is 256,000,000" in problems[0].message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_or_a_device_named_roster_csv_is_refused_by_type(tmp_path):
    os.mkfifo(tmp_path / "roster.csv")
    (tmp_path / "dev").mkdir()
    (tmp_path / "dev" / "roster.csv").symlink_to("/dev/zero")
    for folder, why in (
        (tmp_path, "is a pipe (FIFO), not a regular file"),
        (tmp_path / "dev", "is a device, not a regular file"),
    ):
        profile = folder / "p.yaml"
        profile.write_text("client: {name: Acme, employer_type: foreign}\nroles_file: roster.csv\n", encoding="utf-8")
        status, err, _ = _peak(["validate", str(profile)])
        assert status == 2
        assert f"{folder / 'roster.csv'}: {why}" in err


def test_a_linked_roster_is_named_as_written(tmp_path):
    (tmp_path / "link.csv").symlink_to(BAD_FILES / "roster-bad.csv")
    profile = tmp_path / "p.yaml"
    profile.write_text("client: {name: Acme, employer_type: foreign}\nroles_file: link.csv\n", encoding="utf-8")
    result = run("validate", profile)
    assert result.exit_code == 2
    assert f"{tmp_path / 'link.csv'}: row 3, column C (Planned hires)" in result.output
    assert "roster-bad.csv" not in result.output


def test_help_does_not_load_the_spreadsheet_readers():
    code = (
        "import sys\nfrom briefing.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('python_calamine', 'olefile', 'openpyxl')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().endswith("[]")


README = Path(__file__).parent.parent / "README.md"


def test_readme_roster_report_is_what_briefing_prints():
    text = README.read_text(encoding="utf-8").split("## Rosters", 1)[1]
    block = text.split("```\nfile:", 1)[1].split("```", 1)[0]
    printed = run("roster", ROSTERS / "workday.xlsx").output
    for line in block.splitlines()[1:]:
        if line.strip() != "...":
            assert line in printed.splitlines(), line


def test_readme_roster_section_is_a_valid_roster_section(tmp_path, edition):
    import yaml

    from briefing.roster import parse_roster_spec

    text = README.read_text(encoding="utf-8").split("## Rosters", 1)[1]
    section = yaml.safe_load(text.split("```yaml\n", 1)[1].split("```", 1)[0])
    check = Checker("README")
    spec = parse_roster_spec(check, "roster", section["roster"], tmp_path, edition)
    assert check.problems == []
    assert spec.sheet == "花名册" and spec.header_row == 4 and spec.pay_months == 14
    assert spec.titles == {
        "npu design engineer": "AI Chip Designer (HiSilicon)",
        "算法工程师-大模型": "LLM Training Engineer",
    }


def test_totals_rows_by_label_and_by_sums(tmp_path, edition):
    (tmp_path / "r.csv").write_text(
        "Department,Role,Headcount,Planned hires\n"
        "Total Rewards,LLM Training Engineer,2,1\n"  # a department, not a totals row
        "AI Lab,AI Inference Engineer,3,1\n"
        ",,5,2\n"  # no label, and its numbers are the sums of the rows above
        "Total (CNY):,,5,2\n"
        "小计,,5,2\n",
        encoding="utf-8",
    )
    imported, problems = read(tmp_path / "r.csv", edition)
    assert problems == []
    assert [e.role for e in imported.lines] == ["LLM Training Engineer", "AI Inference Engineer"]
    assert imported.report.skipped == (
        (4, "totals row (its numbers are the sums of the rows above)"),
        (5, "totals row"),
        (6, "totals row"),
    )


def test_months_column_problems_name_the_months_cell(tmp_path, edition):
    (tmp_path / "r.csv").write_text(
        "岗位,人数,月薪,薪资月数\n大模型训练工程师,4,85000,\nAI推理工程师,5,62000,30\n", encoding="utf-8"
    )
    _, problems = read(tmp_path / "r.csv", edition)
    assert [(p.where, p.message[:40]) for p in problems] == [
        ("row 2, column D (薪资月数)", "is empty: expected the months of pay a y"),
        ("row 3, column D (薪资月数)", "expected months of pay a year (12 to 24,"),
    ]


def test_no_header_rows_are_shown_on_the_terminal_only(tmp_path):
    """The first rows may name people: `briefing roster` shows them, a problem (which a batch manifest keeps) never."""
    (tmp_path / "people.csv").write_text("员工花名册\n张伟,大模型训练工程师,85000\n", encoding="utf-8")
    result = run("roster", tmp_path / "people.csv")
    assert result.exit_code == 2
    assert (
        "first rows read (no header row found):\n  row 1: 员工花名册\n  row 2: 张伟 | 大模型训练工程师 | 85000"
        in result.output
    )
    profile = tmp_path / "p.yaml"
    profile.write_text("client: {name: Acme, employer_type: foreign}\nroles_file: people.csv\n", encoding="utf-8")
    result = run("validate", profile)
    assert result.exit_code == 2 and "no header row found" in result.output and "张伟" not in result.output


def test_an_xls_with_cells_far_apart_is_refused(tmp_path, edition):
    """A text cell of the cover sheet moved to row 60,001, column GS: the .xls parser would allocate the
    rectangle between."""
    data = bytearray((ROSTERS / "workday.xls").read_bytes())
    at = data.find(b"\xfd\x00\x0a\x00")  # a LABELSST record (text): type 0x00FD, 10 bytes, then row and column
    assert at > 0
    data[at + 4 : at + 8] = (60_000).to_bytes(2, "little") + (200).to_bytes(2, "little")
    (tmp_path / "far.xls").write_bytes(bytes(data))
    _, problems = read(tmp_path / "far.xls", edition)
    assert [p.message for p in problems] == [
        "sheet 'Summary' spans A1:GS60001 (12,060,201 cells); the limit is 10,000,000 cells"
    ]


def test_counts_the_parser_would_trust_are_checked_first(tmp_path, edition):
    """Counts a parser sets memory aside for, forged in tiny files: each would make it ask for tens of GB."""
    shared = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
        b'uniqueCount="4000000000"><si><t>LLM Training Engineer</t></si></sst>'
    )
    _xlsx(tmp_path / "count.xlsx", _SHEET % (b"A1:B2", b""), shared)
    data = bytearray((ROSTERS / "workday.xls").read_bytes())
    at = data.find(b"\x00\x02\x0e\x00")  # a DIMENSIONS record: type 0x0200, 14 bytes: first row, last row, ...
    assert at > 0
    data[at + 4 : at + 8] = (0xA5000000).to_bytes(4, "little")  # a first row after the last: 1.5 billion rows
    (tmp_path / "dimensions.xls").write_bytes(bytes(data))
    for name, expected in (
        ("count.xlsx", "part xl/sharedStrings.xml declares 4,000,000,000 strings but holds 1"),
        ("dimensions.xls", "declares a sheet of 1,526,726,660 cells"),
    ):
        status, err, peak = _peak(["roster", str(tmp_path / name)])
        assert status == 2 and expected in err, err
        assert peak < 200


def test_init_from_an_unreadable_roster_writes_nothing(tmp_path):
    path = tmp_path / "client.yaml"
    result = run("init", path, "--from-roster", BAD_FILES / "roster-html.xlsx")
    assert result.exit_code == 2
    assert "roster-html.xlsx: is named .xlsx but is an HTML page" in result.output
    assert not path.exists()


def test_a_damaged_xls_gets_one_clear_message_and_no_native_noise(tmp_path):
    """calamine panics (in Rust) on this file; the user sees our message only, even with backtraces on."""
    bad = Path(__file__).parent / "fixtures" / "bad" / "files" / "roster-damaged-merges.xls"
    env = {**os.environ, "RUST_BACKTRACE": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "briefing", "roster", str(bad)], capture_output=True, text=True, env=env, check=False
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.splitlines() == [
        "error: invalid roster (1 problem):",
        f"  {bad}: is not a readable xls workbook (its records contradict each other); "
        "open and save it in Excel and try again",
    ]
