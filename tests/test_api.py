"""The public library, used as a notebook or a script would: paths, mappings, profiles, bytes, frames, errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, TODAY

import briefing
from briefing import resources

ACME = {
    "client": {"name": "Acme Robotics", "employer_type": "foreign"},
    "roles": [{"role": "LLM Training Engineer", "headcount": 4, "planned_hires": 2, "current_pay": 1_100_000}],
    "transitions": [{"from": "Product Manager", "count": 5, "current_pay": 500_000}],
}


@pytest.mark.parametrize("kind", [str, Path])
def test_profile_as_str_or_path(kind):
    analysis = briefing.analyze(kind(FIXTURES / "example.yaml"), today=TODAY)
    assert analysis.totals.total_cny == 3_700_000


def test_profile_as_mapping_and_as_profile_give_the_same_figures(tmp_path):
    from_mapping = briefing.analyze(ACME, today=TODAY)
    from_profile = briefing.analyze(from_mapping.profile, today=TODAY)
    assert from_mapping.totals == from_profile.totals
    # P75 CNY 1,350,000 aged 242 days (2026-04-01 to the briefing date) at the role's 28% a year
    p75 = 1_350_000 * 1.28 ** (242 / 365.25)
    assert from_mapping.age_to == TODAY and from_mapping.aging_days == 242
    assert from_mapping.totals.cost_to_close_cny == pytest.approx(4 * (p75 - 1_100_000))
    assert from_mapping.totals.hiring_cost_cny == pytest.approx(2 * p75)
    assert (from_mapping.totals.transitions_low_cny, from_mapping.totals.transitions_high_cny) == (625_000, 875_000)


def test_mapping_paths_are_relative_to_base_dir(tmp_path):
    logo = resources.assets_dir() / "logo.png"
    (tmp_path / "acme-logo.png").write_bytes(logo.read_bytes())
    profile = {"client": {"name": "Acme", "employer_type": "foreign", "logo": "acme-logo.png"}}
    assert briefing.analyze(profile, base_dir=tmp_path, today=TODAY).profile.client.logo is not None
    with pytest.raises(briefing.ProfileError) as caught:
        briefing.analyze(profile, base_dir=tmp_path / "elsewhere", today=TODAY)
    assert caught.value.problems[0].where == "client.logo"


def test_a_profile_built_in_code_must_name_benchmark_roles():
    base = briefing.analyze(ACME, today=TODAY).profile
    from dataclasses import replace

    wrong = replace(base, roles=(replace(base.roles[0], role="Prompt Whisperer"),))
    with pytest.raises(briefing.ProfileError) as caught:
        briefing.analyze(wrong)
    assert [p.where for p in caught.value.problems] == ["roles[0].role"]


def test_generate_returns_bytes_and_writes_atomically_on_request(tmp_path):
    result = briefing.generate(ACME, today=TODAY)
    assert sorted(result.files) == ["acme-robotics_2026-q2.pdf", "acme-robotics_2026-q2.xlsx"]
    assert result.files["acme-robotics_2026-q2.pdf"].startswith(b"%PDF-")
    assert result.files["acme-robotics_2026-q2.xlsx"][:2] == b"PK"
    assert not list(tmp_path.iterdir())  # in memory until asked
    paths = result.write(tmp_path / "out")
    assert [p.read_bytes() for p in paths] == [result.files[p.name] for p in paths]
    again = briefing.generate(ACME, today=TODAY, out=str(tmp_path / "again"))
    assert [p.name for p in again.paths] == [p.name for p in paths]
    assert [p.read_bytes() for p in again.paths] == [p.read_bytes() for p in paths]  # same inputs, same bytes


def test_a_bad_profile_raises_with_structured_problems_and_writes_nothing(tmp_path):
    bad = {
        "client": {"name": "Acme", "employer_type": "foreign"},
        "roles": [{"role": "LLM Training Engineer", "headcount": -1}, {"role": "Prompt Whisperer"}],
    }
    with pytest.raises(briefing.ProfileError) as caught:
        briefing.generate(bad, out=tmp_path / "out", today=TODAY)
    assert [(p.source, p.where) for p in caught.value.problems] == [
        ("<profile>", "roles[0].headcount"),
        ("<profile>", "roles[1].role"),
    ]
    assert isinstance(caught.value, briefing.InputError) and caught.value.exit_code == 2
    assert not (tmp_path / "out").exists()


def test_analysis_repr_is_one_line_and_html_is_escaped():
    analysis = briefing.analyze({"client": {"name": "<b>Acme</b> & Co", "employer_type": "domestic"}}, today=TODAY)
    text = repr(analysis)
    assert "\n" not in text and len(text) < 200 and "'<b>Acme</b> & Co' (domestic)" in text
    html = analysis._repr_html_()
    assert "&lt;b&gt;Acme&lt;/b&gt; &amp; Co" in html and "<b>Acme</b>" not in html


def test_to_frames_holds_every_role_line_and_the_totals():
    analysis = briefing.analyze(resources.sample_profile("foreign"), today=TODAY)
    frames = analysis.to_frames()
    assert list(frames.roles.index) == [r.label for r in analysis.roles]
    assert frames.roles["cost_to_close_cny"].sum() == analysis.totals.cost_to_close_cny
    assert frames.roles["hiring_cost_cny"].tolist() == [r.hiring_cost_cny for r in analysis.roles]
    assert frames.totals.loc[0, "total_cny"] == analysis.totals.total_cny
    assert frames.totals.loc[0, "total_in_currency"] == pytest.approx(analysis.money(analysis.totals.total_cny))
    assert len(frames.transitions) == len(analysis.transitions)
    assert list(frames.specializations.index) == [s.specialization for s in analysis.supply]


def test_import_is_light_and_exports_are_listed():
    code = (
        "import sys, briefing; heavy = [m for m in ('reportlab', 'xlsxwriter', 'yaml', 'pandas', 'openpyxl') "
        "if m in sys.modules]; print(heavy)"
    )
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "[]\n"
    for name in briefing.__all__:
        assert getattr(briefing, name) is not None
    with pytest.raises(AttributeError):
        briefing.no_such_thing
    assert (Path(briefing.__file__).parent / "py.typed").is_file()


def test_both_languages_from_one_analysis(tmp_path):
    result = briefing.generate(ACME, lang=["en", "zh"], today=TODAY)
    assert sorted(result.files) == [
        "acme-robotics_2026-q2.pdf",
        "acme-robotics_2026-q2.xlsx",
        "acme-robotics_2026-q2_zh.pdf",
        "acme-robotics_2026-q2_zh.xlsx",
    ]
    assert briefing.generate(ACME, lang="en,zh", today=TODAY).files == result.files
    with pytest.raises(briefing.InputError, match="lang: 'de' is not a supported language"):
        briefing.generate(ACME, lang=["en", "de"], out=tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_write_records_the_files_in_the_folder_manifest(tmp_path):
    import json

    paths = briefing.generate(ACME, lang="zh", today=TODAY).write(tmp_path)
    briefing.generate(ACME, lang="en", today=TODAY, out=tmp_path)
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert [e["file"] for e in manifest["files"]] == [
        "acme-robotics_2026-q2/acme-robotics_2026-q2.pdf",
        "acme-robotics_2026-q2/acme-robotics_2026-q2.xlsx",
        *(str(p.relative_to(tmp_path)) for p in paths),
    ]
    assert {e["profile"] for e in manifest["files"]} == {"<profile>"}


def test_batch_refuses_an_unsupported_language(tmp_path):
    with pytest.raises(briefing.InputError, match="lang: 'fr' is not a supported language"):
        briefing.batch([FIXTURES / "example.yaml"], tmp_path / "out", lang="en,fr")
    assert not (tmp_path / "out").exists()


def test_batch_is_the_function_whatever_was_imported_before():
    """A submodule named like an export would replace it on the package once imported (it once did)."""
    import importlib

    importlib.import_module("briefing.batch_run")
    assert callable(briefing.batch) and briefing.batch.__module__ == "briefing.api"
