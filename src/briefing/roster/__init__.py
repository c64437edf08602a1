"""Reading client rosters as HR systems export them: a reader stage of its own.

read.py (file -> cells: format, encoding, delimiter, sheet, bounds) -> detect.py (header row, which column
holds what) -> lines.py (values -> role lines, and the import report). Nothing here imports the profile.
"""

from .lines import ImportReport, RosterImport, read_roster
from .report import format_report
from .spec import RosterSpec, parse_roster_spec, spec_for_file

__all__ = [
    "ImportReport",
    "RosterImport",
    "RosterSpec",
    "format_report",
    "parse_roster_spec",
    "read_roster",
    "spec_for_file",
]
