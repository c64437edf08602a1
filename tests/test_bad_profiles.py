"""The bad-profile corpus: every case exits 2 with messages naming the file and the key, and writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import main

BAD = Path(__file__).parent / "fixtures" / "bad"
CASES = sorted(p.stem for p in BAD.glob("*.yaml"))


def test_corpus_is_complete():
    assert len(CASES) >= 20
    for case in CASES:
        assert (BAD / f"{case}.expect").is_file(), f"{case}.yaml has no .expect file"


@pytest.mark.parametrize("case", CASES)
def test_validate_refuses(case):
    profile = BAD / f"{case}.yaml"
    result = CliRunner().invoke(main, ["validate", str(profile)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    for line in (BAD / f"{case}.expect").read_text(encoding="utf-8").splitlines():
        assert line in result.output, f"expected {line!r} in:\n{result.output}"
    # every problem line names the file it is about (a problem's continuation lines are indented further)
    for line in result.output.splitlines()[1:]:
        assert line.startswith("    ") or str(BAD) in line, line


@pytest.mark.parametrize(
    "case",
    [
        "unknown_role",
        "fake_logo",
        "syntax_error",
        "bad_roster",
        "bad_contact",
        "long_commentary",
        "lang_list",
        "short_name_punctuation",
        "age_to_9999",
        "not_characters",
        "long_numbers",
        "start_outside_budget_year",
        "costs_out_of_range",
    ],
)
def test_generate_refuses_and_writes_nothing(case, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["generate", "--profile", str(BAD / f"{case}.yaml"), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert not out.exists() or not any(out.iterdir())
