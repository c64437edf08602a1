"""YAML as people mean it (the 1.2 core schema), read through the profile loader as a user's file is."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import TODAY

from briefing.errors import ProfileError
from briefing.profile import parse_profile
from briefing.yamlio import parse_yaml


def profile(text: str, edition):
    data = parse_yaml(text, "acme.yaml", ProfileError)
    return parse_profile(data, source="acme.yaml", base_dir=Path("."), edition=edition, today=TODAY)


def test_yes_no_on_off_are_text(edition):
    # YAML 1.1 makes these booleans, and the profile then refused a company really called "Yes"
    p = profile("client: {name: Yes, employer_type: foreign, industry: on, headquarters: No}\n", edition)
    assert (p.client.name, p.client.industry, p.client.headquarters) == ("Yes", "on", "No")


def test_leading_zero_is_not_octal(edition):
    # YAML 1.1 reads 0777 as octal 511; a text field keeps what was typed, a count reads it as decimal
    p = profile(
        "client: {name: Acme, employer_type: foreign, industry: 0777}\n"
        "roles: [{role: LLM Training Engineer, headcount: 010, current_pay: 0900000}]\n",
        edition,
    )
    assert p.client.industry == "0777"
    assert (p.roles[0].headcount, p.roles[0].current_pay) == (10, 900_000)


def test_sexagesimal_is_text_and_refused_as_a_number(edition):
    # YAML 1.1 reads 7:10 as 430 (7 x 60 + 10) and a USD model was silently off by a factor of 60
    with pytest.raises(ProfileError) as caught:
        profile("client: {name: Acme, employer_type: foreign}\nbriefing: {currency: USD, usd_cny: 7:10}\n", edition)
    assert [(p.where, p.message) for p in caught.value.problems] == [
        ("briefing.usd_cny", "expected a number, got '7:10'")
    ]


@pytest.mark.parametrize(
    "typed, value",
    [
        ("true", True),
        ("False", False),
        ("0o17", 15),
        ("0x1F", 31),
        ("1.5e3", 1500.0),
        ("-12", -12),
        ("~", None),
        ("null", None),
    ],
)
def test_core_schema_values(typed, value):
    assert parse_yaml(f"a: {typed}\n", "x.yaml", ProfileError) == {"a": value}


def test_a_number_too_long_to_be_a_figure_is_refused_by_its_key(edition):
    digits = "9" * 5_001  # past the int digit limit of Python itself
    with pytest.raises(ProfileError) as caught:
        profile(
            f"client: {{name: Acme, employer_type: foreign}}\nroles: [{{role: LLM Training Engineer, "
            f"headcount: {digits}, current_pay: {digits}}}]\n",
            edition,
        )
    assert [p.where for p in caught.value.problems] == ["roles[0].headcount", "roles[0].current_pay"]


def test_duplicate_keys_still_refused_with_their_line():
    with pytest.raises(ProfileError) as caught:
        parse_yaml("client:\n  name: A\n  name: B\n", "acme.yaml", ProfileError)
    assert "line 3, column 3" in str(caught.value) and "appears twice" in str(caught.value)
