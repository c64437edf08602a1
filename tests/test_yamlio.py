"""YAML as people mean it (the 1.2 core schema), read through the profile loader as a user's file is."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import TODAY
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing import yamlio
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


# --- libyaml's parser (the fast path) gives exactly what the pure-Python loader gives -------------------

ROOT = Path(__file__).resolve().parent.parent
needs_libyaml = pytest.mark.skipif(yamlio._FAST is None, reason="PyYAML is built without libyaml here")


def same(a, b) -> bool:
    """Equal values of the same types, and a number remembers the same text (`typed`)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and a != a:  # nan
        return b != b and a.typed == b.typed
    return a == b and getattr(a, "typed", None) == getattr(b, "typed", None)


def both(text: str):
    """What `parse_yaml`'s loading makes of `text`, and what the pure-Python loader alone makes of it (an
    exception's type where one raises)."""
    out = []
    for fast in (True, False):
        try:
            out.append(yamlio._load(text, fast=fast))
        except yaml.YAMLError as exc:
            out.append(type(exc))
    return out


@needs_libyaml
def test_every_yaml_file_in_the_repository_reads_the_same_through_libyaml():
    files = [p for p in sorted(ROOT.glob("**/*.yaml")) if ".venv" not in p.parts and "site-packages" not in p.parts]
    assert len(files) > 40  # editions, samples, brands, catalogues, fixtures
    for path in files:
        fast, slow = both(path.read_text(encoding="utf-8-sig", errors="replace"))
        assert same(fast, slow) if not isinstance(fast, type) else fast is slow, path


@needs_libyaml
@pytest.mark.parametrize(
    "text",
    [
        "client: {name: Yes, industry: 0777, rate: 7:10, date: 2026-12-01, big: " + "9" * 60 + "}\n",
        "a: [0o17, 0x1F, 1.5e3, -12, +3, .5, 1., .inf, -.Inf, .nan, ~, null, Null, '', true, FALSE, y, off]\n",
        "a: 1\nb: !!str 2\nc: !!int '3'\nd: !!float '4'\n",
        "<<: {a: 1}\nb: 2\n",
        "a: |\n  line one\n   line two\n\nb: >-\n  folded\n  text\n",
        "'quoted: key': \"tab\\there\\u00e9\"\n中文键: 值 # comment\n",
        "\ufeffa: 1\n",
    ],
)
def test_libyaml_and_python_agree_on_odd_documents(text):
    fast, slow = both(text)
    assert not isinstance(fast, type) and same(fast, slow)


# tokens where the two parsers were seen to differ (each now sent to the pure-Python loader), and plain ones
TOKENS = [*"ab01-:.,#'\"[]{}?!&|>*%@`=\\\t\n\r 中~_+", "\n  ", "\n- ", ": ", "!!str ", "---", "...", "\r\n", "\xa0"]
TOKENS += ["\x85", "\u2028", "\ufeff", "\x07", "\U0001f600", "%YAML 1.2\n", "&a ", "1e3", "0o7", "0x1F", ".inf", "<<"]


@needs_libyaml
@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=20))
def test_any_document_reads_the_same_with_or_without_libyaml(parts):
    text = "".join(parts)
    fast, slow = both(text)
    assert same(fast, slow) if not isinstance(fast, type) else fast is slow, (text, fast, slow)


@pytest.mark.parametrize(
    "text",
    [
        "a\t",
        "a: |#\n",
        "a: >-#x\n",
        '\x85 [0:0"?]',
        '{+"?o0 ?\n- b}',
        "!",
        "a: !\n",
        "\r\n\ufeff1e3",
        "-\n\ufeff",
        "a: &x 1\nb: *x\n",
    ],
)
def test_where_the_two_parsers_were_seen_to_differ_a_document_reads_as_pyyaml_reads_it(text):
    fast, slow = both(text)
    assert same(fast, slow) if not isinstance(fast, type) else fast is slow


def test_the_shipped_samples_and_editions_take_the_fast_path():
    # a `_SLOW_PATH` that caught ordinary files would silently give up the speed (the values stay right)
    shipped = [*ROOT.glob("data/samples/*.yaml"), *ROOT.glob("data/editions/*/*.yaml")]
    assert len(shipped) >= 5  # the two samples; edition.yaml, role_map.yaml and zh.yaml
    assert [p.name for p in shipped if yamlio._SLOW_PATH.search(p.read_text(encoding="utf-8"))] == []


def test_an_error_is_worded_by_the_python_loader():
    text = "client:\n  name: [unclosed\nroles: 1\n"
    with pytest.raises(ProfileError) as caught:
        parse_yaml(text, "acme.yaml", ProfileError)
    with pytest.raises(yaml.MarkedYAMLError) as python:
        yaml.load(text, Loader=yamlio._Loader)
    mark = python.value.problem_mark
    assert f"line {mark.line + 1}, column {mark.column + 1}" in str(caught.value)
    assert python.value.problem in str(caught.value)


def test_an_alias_is_refused_on_either_path():
    with pytest.raises(ProfileError, match=r"aliases \(\*name\) are not allowed"):
        parse_yaml("a: &x [1, 2]\nb: *x\n", "acme.yaml", ProfileError)


@pytest.mark.parametrize("depth", [101, 300, 900])
@pytest.mark.parametrize("style", ["flow", "block"])
def test_nesting_deeper_than_the_limit_is_refused_alike_with_or_without_libyaml(style, depth, monkeypatch):
    # the limit is ours: libyaml alone reads 900 nested lists, PyYAML runs out of recursion near 330 (flow) or 250
    # (block), wherever the stack happens to be
    if style == "flow":
        text = "a: " + "[" * depth + "]" * depth + "\n"
    else:
        text = "a:\n" + "".join("  " * i + "b:\n" for i in range(1, depth)) + "  " * depth + "c: 1\n"
    messages = []
    for fast in (yamlio._FAST, None):
        monkeypatch.setattr(yamlio, "_FAST", fast)
        with pytest.raises(ProfileError) as caught:
            parse_yaml(text, "acme.yaml", ProfileError)
        messages.append([(p.where, p.message) for p in caught.value.problems])
    assert messages[0] == messages[1] == [("", "YAML nesting is too deep (more than 100 levels)")]


def test_nesting_up_to_the_limit_reads():
    assert yamlio._depth(parse_yaml("a: " + "[" * 99 + "]" * 99 + "\n", "acme.yaml", ProfileError)) == 100
