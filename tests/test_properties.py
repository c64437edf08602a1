"""Property-based: any YAML, any field value, any roster or edition table either loads or gives the
user-facing error; never another exception. Bounded and derandomized, so CI runs are repeatable."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing import resources
from briefing.checks import Checker
from briefing.edition import load_edition
from briefing.errors import EditionError, ProfileError
from briefing.models import Profile
from briefing.profile import load_profile, parse_profile
from briefing.roster import read_roster, spec_for_file

ROSTERS = Path(__file__).parent / "fixtures" / "rosters"

TODAY = dt.date(2026, 11, 29)
SETTINGS = settings(
    max_examples=150,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.sampled_from(["P75", "USD", "foreign", "2026-13-01", "1e400", "-0"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)),
    max_leaves=12,
)

VALID = {
    "client": {"name": "Acme", "employer_type": "foreign", "headquarters": "Berlin", "industry": "Robots"},
    "briefing": {
        "date": "2026-12-01",
        "target_percentile": "P75",
        "currency": "USD",
        "usd_cny": 7.1,
        "age_to": "2026-10-01",
    },
    "roles": [
        {"role": "LLM Training Engineer", "title": "Lead", "headcount": 4, "planned_hires": 2, "current_pay": 1_100_000}
    ],
    "transitions": [{"from": "Product Manager", "count": 5, "current_pay": 500_000}],
}
FIELDS = [
    ("client", "name"),
    ("client", "employer_type"),
    ("client", "headquarters"),
    ("client", "industry"),
    ("briefing", "date"),
    ("briefing", "target_percentile"),
    ("briefing", "currency"),
    ("briefing", "usd_cny"),
    ("briefing", "age_to"),
]
LIST_FIELDS = [("roles", k) for k in ("role", "title", "headcount", "planned_hires", "current_pay")] + [
    ("transitions", k) for k in ("from", "count", "current_pay")
]


def parses_or_refuses(data, edition) -> None:
    try:
        result = parse_profile(data, source="p.yaml", base_dir=Path("."), edition=edition, today=TODAY)
    except ProfileError as exc:
        assert exc.problems and all(p.source == "p.yaml" for p in exc.problems)
        return
    assert isinstance(result, Profile)


@SETTINGS
@given(text=st.text(max_size=300))
def test_any_text_file(edition, text):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "p.yaml"
        path.write_text(text, encoding="utf-8")
        try:
            load_profile(path, edition, TODAY)
        except ProfileError:
            pass


@SETTINGS
@given(data=values)
def test_any_document(edition, data):
    parses_or_refuses(data, edition)


@SETTINGS
@given(field=st.sampled_from(FIELDS + LIST_FIELDS), value=values)
def test_any_value_in_any_field(edition, field, value):
    import copy

    data = copy.deepcopy(VALID)
    section, key = field
    target = data[section][0] if isinstance(data[section], list) else data[section]
    target[key] = value
    parses_or_refuses(data, edition)


def test_empty_date_is_today(edition):
    """`date:` left empty is today, as any other empty key is its default (it once gave no briefing at all)."""
    data = {
        "client": {"name": "Acme", "employer_type": "foreign"},
        "briefing": {"date": None},
        "roles": [{"role": "LLM Training Engineer", "headcount": 2}],
    }
    profile = parse_profile(data, source="p.yaml", base_dir=Path("."), edition=edition, today=TODAY)
    assert profile.briefing.date == TODAY


cells = st.one_of(st.text(max_size=20), st.integers(-5, 3_000_000).map(str), st.sampled_from(["", "1.5", "1,100,000"]))


@SETTINGS
@given(rows=st.lists(st.lists(cells, max_size=6), max_size=8), header=st.booleans())
def test_any_csv_roster(edition, rows, header):
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if header:
        writer.writerow(["Role", "Headcount", "Planned hires", "Current pay"])
    writer.writerows(rows)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "roster.csv"
        path.write_text(buffer.getvalue(), encoding="utf-8")
        check = Checker(str(path))
        entries = read_roster(check, spec_for_file(path), edition).lines
        assert not (entries and check.problems) or all(p.source == str(path) for p in check.problems)


@SETTINGS
@given(
    table=st.sampled_from(["compensation.csv", "talent_gap.csv", "role_premiums.csv"]),
    row=st.integers(0, 4),
    column=st.integers(0, 5),
    value=cells,
)
def test_any_edition_cell(table, row, column, value):
    import csv
    import io

    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(resources.data_dir() / "editions", Path(tmp) / "editions")
        path = Path(tmp) / "editions" / "2026-q2" / table
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        r = rows[min(row, len(rows) - 1)]
        r[min(column, len(r) - 1)] = value
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(rows)
        path.write_text(buffer.getvalue(), encoding="utf-8")
        try:
            load_edition(Path(tmp))
        except EditionError as exc:
            assert str(path.parent) in str(exc)  # a renamed role may surface in role_map.yaml


@SETTINGS
@given(
    form=st.sampled_from(["workday.xlsx", "workday.xls", "workday.ods", "beisen.csv", "unicode-text.txt"]),
    edits=st.lists(st.tuples(st.integers(0, 20_000), st.integers(0, 255)), max_size=8),
    cut=st.one_of(st.none(), st.integers(1, 20_000)),
)
def test_any_damaged_roster(edition, form, edits, cut):
    """Bytes changed anywhere in a real export, or its end lost: the roster reads, or it is refused with a
    message; no traceback."""
    data = bytearray((ROSTERS / form).read_bytes())
    for at, byte in edits:
        data[at % len(data)] = byte
    if cut is not None:
        data = data[: cut % len(data) + 1]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / form
        path.write_bytes(bytes(data))
        check = Checker(str(path))
        read_roster(check, spec_for_file(path), edition)
        assert all(p.source == str(path) and p.message for p in check.problems)


# --- the whole reader, as a user meets it: any profile ends in exit 0, 1 with a reason, or 2 with a key -------

LONG_INT = "9" * 5001  # past Python's int() limit of 4,300 digits: written into the YAML text below
NOT_CHARACTERS = ["\ud800", "\udfff", "\ufffe", "\uffff", "\ufdd0", "\U0001fffe", "\U0010ffff"]
odd_values = st.one_of(
    st.integers(min_value=-(10**450), max_value=10**450),
    st.floats(),
    st.dates().map(lambda d: d.isoformat()),
    st.dates(),
    st.text(max_size=12),
    st.text(alphabet=st.sampled_from([*NOT_CHARACTERS, "a", " "]), min_size=1, max_size=4),
    st.sampled_from(["9999-12-31", "2100-01-01", "0001-01-01", "LONG_INT", ".inf", "-.nan", "0x1F", "1_000"]),
)
odd_documents = st.recursive(
    odd_values,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)),
    max_leaves=8,
)


def _cli_outcome(tmp: Path, text: str, edition) -> None:
    from unittest import mock

    from click.testing import CliRunner

    from briefing.cli import main

    path = tmp / "p.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    with mock.patch("briefing.edition.load_edition", lambda *args: edition):  # loaded once, not per example
        result = CliRunner().invoke(main, ["analyze", "--json", str(path)])  # prints every text it accepts
    assert result.exit_code in (0, 1, 2), result.output
    assert "Traceback" not in result.output and "unexpectedly" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    if result.exit_code == 0:
        json.loads(result.stdout)
    if result.exit_code == 2:  # every problem names the file; a whole-file problem says what, others where
        problems = result.output.splitlines()[1:]
        assert problems and all(line.startswith(f"  {path}: ") for line in problems if not line.startswith("  ..."))


@settings(
    max_examples=120,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(field=st.sampled_from(FIELDS + LIST_FIELDS), value=odd_documents)
def test_any_odd_value_through_the_command(tmp_path, edition, field, value):
    import copy

    import yaml

    data = copy.deepcopy(VALID)
    section, key = field
    target = data[section][0] if isinstance(data[section], list) else data[section]
    target[key] = value
    text = yaml.safe_dump(data, allow_unicode=False, width=10_000)
    _cli_outcome(tmp_path, text.replace("LONG_INT", LONG_INT), edition)


TEXT_FIELDS = [("client", "name"), ("client", "headquarters"), ("client", "industry"), ("roles", "title")]


@settings(
    max_examples=60,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    field=st.sampled_from(TEXT_FIELDS),
    text=st.text(alphabet=st.one_of(st.characters(), st.sampled_from(NOT_CHARACTERS)), min_size=1, max_size=8),
)
def test_any_text_in_a_text_field_through_the_command(tmp_path, edition, field, text):
    import copy

    import yaml

    data = copy.deepcopy(VALID)
    section, key = field
    (data[section][0] if section == "roles" else data[section])[key] = text
    _cli_outcome(tmp_path, yaml.safe_dump(data, allow_unicode=False, width=10_000), edition)


@SETTINGS
@given(
    text=st.text(
        alphabet=st.sampled_from(list('client: {name employer_type foreign}"\\ud8ff9-,[]&*!\n\t#')), max_size=120
    )
)
def test_any_profile_text_through_the_command(tmp_path, edition, text):
    _cli_outcome(tmp_path, text, edition)
