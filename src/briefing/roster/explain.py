"""`briefing roster` and `briefing init --from-roster`: what a roster import did, and a profile to start from."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..checks import Checker
from ..errors import InputError, ProfileError, RosterError, RunError
from ..fmt import display_width
from ..models import Edition
from .detect import FIELDS
from .lines import RosterImport, read_roster, yaml_key
from .report import format_preview, format_report
from .spec import RosterSpec, parse_roster_spec, spec_for_file

PROFILE_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Explained:
    imported: RosterImport
    report: str  # the import report as text ("" when the file could not be read that far)
    error: RosterError | None  # every problem found, or None


def roster_spec(
    target: Path, edition: Edition, *, sheet: str | None = None, header_row: int | None = None
) -> RosterSpec:
    """The roster a command names: a roster file, or a profile whose `roster:` (or `roles_file:`) names one."""
    if target.suffix.lower() not in PROFILE_SUFFIXES:
        return spec_for_file(target, sheet, header_row)
    from ..yamlio import load_yaml

    data = load_yaml(target, str(target), ProfileError)
    check = Checker(str(target))
    key = next((k for k in ("roster", "roles_file") if isinstance(data, dict) and k in data), None)
    if key is None:
        check.add("", "has no roster: section (nor roles_file:) to read")
        raise ProfileError(check.problems)
    if sheet is not None or header_row is not None:
        check.add(
            "", "--sheet and --header-row apply to a roster file; in a profile, set roster.sheet and roster.header_row"
        )
    assert isinstance(data, dict)  # key was found in it
    spec = parse_roster_spec(check, key, data[key], target.parent, edition)
    if check.problems or spec is None:
        raise ProfileError(check.problems)
    return spec


def explain_roster(
    target: Path, edition: Edition, *, sheet: str | None = None, header_row: int | None = None
) -> Explained:
    spec = roster_spec(target, edition, sheet=sheet, header_row=header_row)
    check = Checker(str(spec.path))
    imported = read_roster(check, spec, edition)
    report = (
        format_report(imported.report)
        if imported.report is not None
        else format_preview(imported.preview)
        if imported.preview
        else ""
    )
    return Explained(imported, report, RosterError(check.problems) if check.problems else None)


def starter_from_roster(profile: Path, roster: Path, edition: Edition, template: str) -> str:
    """A starter profile whose `roster:` section says what was detected in `roster`, titles suggested as comments."""
    check = Checker(str(roster))
    imported = read_roster(check, spec_for_file(roster), edition)
    report = imported.report
    if report is None:
        raise RosterError(check.problems)
    try:  # relative to the profile (as the profile reads it) when it sits beside or below it
        file = os.path.relpath(roster.absolute(), path_parent(profile))
    except ValueError:  # another drive (Windows)
        file = str(roster.absolute())
    if file.startswith(".."):
        file = str(roster.absolute())
    out = [
        "# The client's roles are read from its roster. Check the import with: briefing roster THIS_FILE",
        "roster:",
        f"  file: {yaml_key(file)}",
    ]
    if report.sheet is not None:
        out.append(
            f"  sheet: {yaml_key(report.sheet)}"
            + ("" if len(report.sheets) == 1 else f"                 # of {len(report.sheets)} sheets")
        )
    out.append(f"  header_row: {report.header_row}")
    if report.rows_are == "people":
        out.append("  rows: people                  # one person per row (detected); lines: one role line per row")
        if report.id_column is not None:
            out.append(
                "  # keep_ids: true              # keep the client's employee IDs in the workbook (off: keys P-0001...)"
            )
    out.append("  columns:                      # detected from the header row; other columns are not read")
    for field in FIELDS:
        column = next((c for c in report.columns if c.field == field), None)
        if column is not None:
            entry = f"    {field}: {yaml_key(column.header)}"
            out.append(entry + " " * max(1, 32 - int(display_width(entry))) + f"# column {column.letter}")
    ignored = [c for c in report.columns if c.field is None]
    if ignored:
        out.append("  # not read: " + ", ".join(c.header + (f" ({c.person})" if c.person else "") for c in ignored))
    if report.pay_basis == "monthly" and not report.pay_months_known:  # a decision for a person
        out.append(
            "  # pay: {basis: monthly, months: 13}   # the pay column is monthly: say the months paid a year "
            "(13 and 14 are common), then remove the #"
        )
    out.append("  titles:                       # the client's titles -> benchmark roles (see: briefing roles)")
    if report.unmatched:
        out.append("    # check each suggestion (the closest benchmark role), then remove its #")
        for text, closest, _rows in report.unmatched:
            out.append(f"    # {yaml_key(text)}: {closest}")
    else:
        out.append("    # every title in the roster is a benchmark role, alias or Chinese name")
    section = "\n".join(out) + "\n"
    lines = template.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("# One line per role"))
    end = next(i for i, line in enumerate(lines) if line.startswith("# Traditional roles"))
    return "".join(lines[:start]) + section + "\n" + "".join(lines[end:])


def path_parent(path: Path) -> Path:
    return path.absolute().parent


def write_starter_from_roster(
    path: Path, roster: Path, employer_type: str, edition: Edition, *, force: bool = False
) -> Path:
    from .. import resources

    if path.exists() and not force:
        raise InputError(f"{path}: already exists; choose another name or pass --force to overwrite it")
    template = (resources.data_dir() / "templates" / f"{employer_type}.yaml").read_text(encoding="utf-8")
    text = starter_from_roster(path, roster, edition, template)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise RunError(f"{path}: cannot write the profile: {exc.strerror or exc}") from None
    return path
