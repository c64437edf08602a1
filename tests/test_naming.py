"""Output file names: ASCII, filesystem-safe and deterministic whatever the client's name."""

from __future__ import annotations

import re

import pytest

from briefing.naming import client_slug, output_stem

CASES = [
    ("Nordlicht Automation (上海) Co., Ltd.", "nordlicht-automation"),  # a bracketed site and legal forms left out
    ("深算科技 Shensuan Technology", "shensuan-technology"),  # the Latin name where there is one
    ("深算科技有限公司", "shensuan-keji"),  # pinyin, two syllables a word
    ("北京智谱华章科技股份有限公司", "beijing-zhipu-huazhang-keji"),
    ("华为技术有限公司（深圳）", "huawei-jishu"),
    ("Acme Robotics", "acme-robotics"),
    ("Müller & Söhne GmbH", "muller-sohne"),
    ("../../etc/passwd", "etc-passwd"),
    ("CON", None),  # a reserved device name on Windows
    ("한국전자", None),  # a script with no transliteration here
    ('=HYPERLINK("http://x","y")', "hyperlink"),
]


@pytest.mark.parametrize("name,expected", CASES)
def test_slug(name, expected):
    slug = client_slug(name)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug)
    assert slug == client_slug(name)
    if expected:
        assert slug == expected
    else:
        assert re.search(r"-[0-9a-f]{8}$", slug) and slug != "con"


def test_long_names_are_cut_at_a_word():
    slug = client_slug("Very Long Company Name " * 20)
    assert len(slug) <= 48 and not slug.endswith("-")


def test_names_that_differ_only_in_chinese_stay_apart():
    assert client_slug("深算科技 Co., Ltd.") != client_slug("智谱 Co., Ltd.")


def test_stem():
    assert output_stem("Nordlicht Automation (上海) Co., Ltd.", "2026-q2") == "nordlicht-automation_2026-q2"
    assert output_stem("深算科技", "2026-q2") != output_stem("深算资本", "2026-q2")


def test_short_name_names_the_files_and_is_checked(tmp_path):
    from click.testing import CliRunner

    from briefing.cli import main

    profile = tmp_path / "p.yaml"
    profile.write_text(
        "client: {name: 北京智谱华章科技股份有限公司, short_name: Zhipu AI, employer_type: domestic}\n"
        "briefing: {date: 2026-12-01}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["generate", "--profile", str(profile), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["manifest.json", "zhipu-ai_2026-q2"]
    assert sorted(p.name for p in (tmp_path / "out" / "zhipu-ai_2026-q2").iterdir()) == [
        ".briefing.json",
        "zhipu-ai_2026-q2.pdf",
        "zhipu-ai_2026-q2.xlsx",
    ]
    profile.write_text("client: {name: Acme, short_name: '---', employer_type: domestic}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(profile)])
    assert result.exit_code == 2
    assert (
        "client.short_name: expected a short name with letters or digits, up to 40 characters, got '---'"
        in result.output
    )
